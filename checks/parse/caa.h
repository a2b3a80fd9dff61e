// CAA records (RFC 8659): the presentation form `flags tag "value"` as the
// engine records it, with the issuer-domain-name and parameters of the
// issue/issuewild properties (§4.2, §4.3) and iodef (§4.4).
//
// Thread-safety: pure functions, plain values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace posture {

struct CaaRecord {
  bool ok = false;
  std::string error;
  int flags = 0;
  bool critical = false;  // issuer critical flag (128)
  std::string tag;        // lower case
  std::string value;      // unquoted
  // issue / issuewild: the CA's domain (lower case; empty = no CA allowed)
  // and its parameters.
  std::string issuer;
  std::vector<std::pair<std::string, std::string>> parameters;
};

CaaRecord ParseCaaRecord(std::string_view presentation);

// The CA domains an issue (or, for wildcard names, issuewild, falling back
// to issue) property set authorises (§4.3): empty domains are dropped; `any`
// is false when there is no property of that kind (no restriction).
struct CaaAuthorisation {
  bool restricted = false;  // at least one relevant property
  std::vector<std::string> issuers;
};
CaaAuthorisation CaaIssuers(const std::vector<CaaRecord>& records, bool wildcard);

}  // namespace posture
