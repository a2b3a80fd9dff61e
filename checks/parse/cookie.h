// Set-Cookie header parser (RFC 6265bis, draft-ietf-httpbis-rfc6265bis: the
// user agent's "The Set-Cookie Header Field" parsing algorithm, and §5.1.1
// cookie dates; section numbers of the other steps vary across drafts).
//
// The algorithm is the lenient one user agents run: the name-value pair is
// the text before the first ';' (no '=' means an empty name), whitespace is
// trimmed, attribute names are case-insensitive, an attribute repeated later
// overrides an earlier one, unknown attributes are ignored. SameSite values
// are matched case-insensitively (Strict, Lax, None); anything else is
// recorded as invalid (user agents then apply their default). A cookie with
// control characters, or with an empty name and value, is ignored by user
// agents: it is reported with `ignored` set. Prefixes __Secure- and __Host-
// (matched case-insensitively, §4.1.3) are checked.
//
// Fuzz-friendly: no global state, linear work, bounded copies.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "checks/base/time.h"

namespace posture {

enum class CookieSameSite { kUnset, kStrict, kLax, kNone, kInvalid };
const char* CookieSameSiteName(CookieSameSite s);  // "unset", "Strict", "Lax", "None", "invalid"

struct SetCookie {
  bool ignored = false;        // a user agent would drop this header
  std::string ignore_reason;
  std::string name;
  std::string value;
  bool secure = false;
  bool http_only = false;
  bool partitioned = false;
  CookieSameSite same_site = CookieSameSite::kUnset;
  std::string same_site_raw;   // the attribute value as sent
  std::optional<std::string> domain;  // leading '.' removed, lower case
  std::optional<std::string> path;    // only when it starts with '/'
  bool has_expires = false;           // an Expires attribute that parsed
  UnixSeconds expires = 0;
  bool has_max_age = false;           // a Max-Age attribute that parsed
  int64_t max_age = 0;                // seconds; <= 0 means "delete now"
  bool prefix_secure = false;         // name starts with __Secure-
  bool prefix_host = false;           // name starts with __Host-
  std::string prefix_violation;       // empty when the prefix rules hold

  // A session cookie: no (valid) Expires nor Max-Age (a non-persistent cookie).
  bool IsSession() const { return !has_expires && !has_max_age; }
  // The header deletes the cookie (Max-Age <= 0, or Expires before `now`).
  bool IsDeletion(UnixSeconds now) const;
};

SetCookie ParseSetCookie(std::string_view header_value);

// RFC 6265bis §5.1.1 cookie-date parsing ("Wed, 21 Oct 2015 07:28:00 GMT",
// "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015"...).
std::optional<UnixSeconds> ParseCookieDate(std::string_view text);

}  // namespace posture
