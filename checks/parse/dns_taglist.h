// The "tag=value; tag=value" lists shared by DMARC (RFC 7489 §6.4), DKIM
// key records (RFC 6376 §3.2), MTA-STS TXT (RFC 8461 §3.1) and TLS-RPT
// (RFC 8460 §3): split on ';', whitespace around tags and values dropped.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace posture {

struct DnsTag {
  std::string name;   // lower case
  std::string value;  // trimmed, verbatim otherwise
  bool has_equals = true;
};

// Splits a tag list. Empty segments (a trailing ';') are skipped. At most
// `max_tags` tags are returned.
std::vector<DnsTag> ParseDnsTagList(std::string_view text, size_t max_tags = 64);

// The first tag of that name, or nullptr.
const DnsTag* FindDnsTag(const std::vector<DnsTag>& tags, std::string_view name);

}  // namespace posture
