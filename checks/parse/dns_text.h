// DNS text helpers shared by the mail parsers: TXT character-strings (RFC
// 1035 §5.1 presentation form, RFC 7208 §3.3 joining), DNS name syntax, and
// the status classes of a DnsResult the mail checks reason with.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/observations.h"

namespace posture {

// Parses the presentation form of a TXT RDATA (`"a" "b c"`, or bare words)
// into its character-strings: `\"`, `\\` and `\DDD` escapes are decoded.
// Bounded: at most `max_strings` strings are returned.
std::vector<std::string> ParseCharacterStrings(std::string_view presentation,
                                               size_t max_strings = 256);

// The character-strings of one TXT record joined without separator (RFC 7208
// §3.3, RFC 7489 §6.6.3, RFC 8461 §3.1): the record's `strings` when the
// engine kept them, else the decoded presentation form.
std::string JoinedTxt(const DnsRecord& record);

// Every TXT record of a result, joined (see JoinedTxt), in answer order.
std::vector<std::string> JoinedTxtRecords(const DnsResult& result);

// DNS answer classes.
// The question was answered: records, or a definite "no such name/data".
bool IsDnsAnswer(const DnsResult& r);
// NXDOMAIN, NODATA, or ok with no record of the type: a "void" answer.
bool IsDnsVoid(const DnsResult& r);
// The resolver did not give a definite answer (timeout, SERVFAIL, REFUSED,
// malformed, skipped, opted out, local error).
bool IsDnsFailure(const DnsResult& r);

// A host name usable in a DNS question: 1..253 octets, labels of 1..63
// octets (a trailing dot is allowed). No character-set check: SPF targets
// may contain any visible character (RFC 7208 §7.1).
bool IsQueryableDnsName(std::string_view name);
// A LDH host name (letters, digits, hyphens; labels 1..63; at least two
// labels), e.g. for an e-mail domain or an MTA-STS mx pattern.
bool IsHostName(std::string_view name);

}  // namespace posture
