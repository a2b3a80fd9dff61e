// MTA-STS (RFC 8461): the `_mta-sts` TXT record (§3.1) and the policy file
// served at https://mta-sts.<domain>/.well-known/mta-sts.txt (§3.2), with
// the MX matching rule of §4.1 (a "*." pattern matches exactly one label).
//
// Thread-safety: pure functions, plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace posture {

struct MtaStsTxt {
  bool ok = false;
  std::string error;
  std::string id;  // 1..32 alphanumeric characters
};

// True for a TXT string starting with "v=STSv1;" (or exactly "v=STSv1").
bool IsMtaStsTxtText(std::string_view text);
MtaStsTxt ParseMtaStsTxt(std::string_view text);

enum class MtaStsMode { kUnknown, kEnforce, kTesting, kNone };
const char* MtaStsModeName(MtaStsMode m);

// RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year).
inline constexpr int64_t kMtaStsMaxAge = 31557600;

struct MtaStsPolicy {
  bool ok = false;                   // usable: version, mode, max_age, and mx unless mode none
  std::vector<std::string> errors;   // why not usable
  std::vector<std::string> issues;   // tolerated oddities (unknown keys, duplicates)
  std::string version;
  MtaStsMode mode = MtaStsMode::kUnknown;
  std::string mode_text;
  std::vector<std::string> mx;  // patterns, lower case, verbatim otherwise
  int64_t max_age = -1;         // -1 when absent or invalid
};

// Parses the policy body (lines ending in LF or CRLF, "key: value"). Bounded
// to the first 64 KiB and 1000 lines.
MtaStsPolicy ParseMtaStsPolicy(std::string_view body);

// Whether `mx_host` matches `pattern` (§4.1): exact, or "*.example.net"
// matching one extra left-most label. Case-insensitive, trailing dots ignored.
bool MtaStsMxMatches(std::string_view pattern, std::string_view mx_host);
bool MtaStsPolicyCoversMx(const MtaStsPolicy& policy, std::string_view mx_host);

}  // namespace posture
