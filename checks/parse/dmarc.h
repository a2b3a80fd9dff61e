// DMARC policy records (RFC 7489 §6.3, §6.4, §6.6.3) with the tags of RFC
// 9989 (np, t, psd). The parser is strict about what makes a record unusable
// (errors: "v=DMARC1" not first, no usable policy) and records every other
// invalid value as an issue (receivers ignore those tags).
//
// Thread-safety: pure functions, plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/parse/dns_taglist.h"

namespace posture {

enum class DmarcPolicy { kNone, kQuarantine, kReject };
const char* DmarcPolicyName(DmarcPolicy p);  // "none", "quarantine", "reject"
std::optional<DmarcPolicy> ParseDmarcPolicy(std::string_view value);
// One level weaker (reject → quarantine → none).
DmarcPolicy LowerDmarcPolicy(DmarcPolicy p);

struct DmarcUri {
  std::string uri;      // verbatim
  bool valid = false;   // mailto: with an address, or another absolute URI
  std::string address;  // mailto: address
  std::string domain;   // lower-case domain of the mailto: address
};

struct DmarcRecord {
  bool ok = false;                  // usable as a DMARC policy record
  std::string error;                // why not
  std::vector<std::string> issues;  // invalid tag values that receivers ignore
  std::vector<DnsTag> tags;         // as parsed
  std::optional<DmarcPolicy> p, sp, np;
  bool p_inferred = false;  // no valid p, but a valid rua: acts as p=none (§6.6.3)
  int pct = 100;
  bool pct_given = false;
  std::vector<DmarcUri> rua, ruf;
  char adkim = 'r', aspf = 'r';
  bool testing = false;  // t=y (RFC 9989)
  std::string psd;       // "y", "n", "u" or empty (RFC 9989)
};

// A TXT string that selects as a DMARC record: starts with "v=DMARC1"
// followed by optional spaces and ';' or the end (RFC 7489 §6.6.3).
bool IsDmarcRecordText(std::string_view text);
DmarcRecord ParseDmarcRecord(std::string_view text);

// The policy that applies to `domain` given the record found at
// `record_domain` (§6.6.3, RFC 9989 §4.7): p for the domain itself, sp (else
// p) for a subdomain, np (else sp, else p) for a non-existent subdomain.
// `lowered` is set when t=y, or the legacy pct=0 that RFC 9989 (Appendix A.6)
// maps to t=y, lowers it by one level. A legacy pct of 1..99 (`sampled`)
// does not lower the level: RFC 9989 receivers ignore it and enforce the
// policy, RFC 7489 receivers apply it to that share of failing messages only.
struct DmarcEffectivePolicy {
  DmarcPolicy declared = DmarcPolicy::kNone;   // the p/sp/np that applies
  DmarcPolicy effective = DmarcPolicy::kNone;  // after t=y / pct=0
  const char* from_tag = "p";
  bool lowered = false;
  bool sampled = false;  // 0 < pct < 100 and no t=y
};
DmarcEffectivePolicy EffectiveDmarcPolicy(const DmarcRecord& record, bool is_subdomain,
                                          bool domain_exists = true);

}  // namespace posture
