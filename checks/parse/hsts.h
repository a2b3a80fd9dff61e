// Strict-Transport-Security header parser (RFC 6797 §6.1).
//
// Grammar: directive *( ";" [ directive ] ), directive = name [ "=" value ],
// value = token / quoted-string. Directive names are case-insensitive; every
// directive may appear at most once (a duplicate makes the header invalid);
// max-age (delta-seconds) is required; includeSubDomains and preload take no
// value. A header that does not conform is ignored by user agents (§6.1), so
// it is reported invalid. When a response carries several STS header fields,
// only the first is processed (§8.1).
//
// Fuzz-friendly: no global state, linear in the input, no allocation beyond
// the result.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace posture {

struct HstsPolicy {
  bool valid = false;
  int64_t max_age = -1;  // seconds (saturated at kHstsMaxAgeCap); -1 when absent or invalid
  bool include_subdomains = false;
  bool preload = false;  // not in RFC 6797: hstspreload.org's token
  std::string error;     // why the header is invalid (English, short)
  std::vector<std::string> unknown_directives;  // lower-case names, ignored per §6.1
};

inline constexpr int64_t kHstsMaxAgeCap = int64_t{1} << 40;

// Parses one header field value.
HstsPolicy ParseHsts(std::string_view value);

// Several STS header field values of one response, in order: the first is
// processed (§8.1); `count` says how many were present.
struct HstsHeaders {
  size_t count = 0;
  HstsPolicy first;
};
HstsHeaders ParseHstsHeaders(const std::vector<std::string>& values);

}  // namespace posture
