// security.txt parser and validator (RFC 9116).
//
// Accepts CRLF and LF line endings, '#' comments, blank lines and unknown
// fields (ignored, §2.4). Field names are case-insensitive. A file wrapped in
// an OpenPGP cleartext signature (RFC 4880 §7: "-----BEGIN PGP SIGNED
// MESSAGE-----", armor headers, a blank line, dash-escaped text, then
// "-----BEGIN PGP SIGNATURE-----" ... "-----END PGP SIGNATURE-----") is
// accepted: the framing is stripped and dash-escaping undone; the signature
// itself is not verified.
//
// Validation against `now`: Contact is required (§2.5.3), Expires is
// required exactly once (§2.5.5) in RFC 3339 internet date/time format, must
// not be in the past, and should be less than a year ahead (a warning);
// Preferred-Languages at most once (§2.5.8). Errors make the file
// non-conforming; warnings are advice.
//
// Fuzz-friendly: no global state, linear work, at most kSecurityTxtMaxLines
// lines and bounded field values.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/base/time.h"

namespace posture {

inline constexpr size_t kSecurityTxtMaxLines = 4000;
inline constexpr size_t kSecurityTxtMaxValueBytes = 2048;

struct SecurityTxtField {
  std::string name;   // lower case
  std::string value;  // trimmed, bounded
  size_t line = 0;    // 1-based line number in the (unsigned) text
};

struct SecurityTxt {
  bool signed_message = false;  // an OpenPGP cleartext signature framing was present
  std::vector<SecurityTxtField> fields;  // known and unknown fields, in order
  std::vector<std::string> contacts;
  std::optional<UnixSeconds> expires;  // the first valid Expires
  std::string expires_raw;
  std::vector<std::string> errors;    // short English sentences
  std::vector<std::string> warnings;
  bool ok() const { return errors.empty(); }
};

SecurityTxt ParseSecurityTxt(std::string_view text, UnixSeconds now);

// RFC 3339 §5.6 date-time ("2026-12-31T23:59:59Z", "...T23:59:59.5+01:00";
// 'T' and 'Z' case-insensitive). Stricter than ParseIso8601: time and offset
// are required.
std::optional<UnixSeconds> ParseRfc3339(std::string_view text);

}  // namespace posture
