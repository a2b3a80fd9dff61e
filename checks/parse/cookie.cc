#include "checks/parse/cookie.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

constexpr size_t kMaxNameValueBytes = 4096;  // RFC 6265bis limit on name + value
constexpr size_t kMaxAttributeValueBytes = 1024;
constexpr size_t kMaxAttributes = 64;

std::string_view TrimWsp(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// %x00-08 / %x0A-1F / %x7F (HTAB allowed).
bool HasControl(std::string_view s) {
  for (unsigned char c : s)
    if ((c <= 0x08) || (c >= 0x0A && c <= 0x1F) || c == 0x7F) return true;
  return false;
}

bool IsDelimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) ||
         (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1-2 digits at the start of `t`; the rest must not start with a digit.
bool ReadDigits(std::string_view t, size_t* pos, size_t min, size_t max, int* out) {
  size_t i = *pos;
  int v = 0;
  size_t n = 0;
  while (i < t.size() && IsDigit(t[i]) && n < max) {
    v = v * 10 + (t[i] - '0');
    ++i;
    ++n;
  }
  if (n < min) return false;
  if (i < t.size() && IsDigit(t[i])) return false;
  *pos = i;
  *out = v;
  return true;
}

// hms-time = time-field ":" time-field ":" time-field, then any non-digits.
bool ParseTime(std::string_view t, int* h, int* m, int* s) {
  size_t pos = 0;
  if (!ReadDigits(t, &pos, 1, 2, h)) return false;
  if (pos >= t.size() || t[pos] != ':') return false;
  ++pos;
  if (!ReadDigits(t, &pos, 1, 2, m)) return false;
  if (pos >= t.size() || t[pos] != ':') return false;
  ++pos;
  return ReadDigits(t, &pos, 1, 2, s);
}

int MonthOf(std::string_view t) {
  if (t.size() < 3) return 0;
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i)
    if (EqualsIgnoreCase(t.substr(0, 3), kMonths[i])) return i + 1;
  return 0;
}

}  // namespace

const char* CookieSameSiteName(CookieSameSite s) {
  switch (s) {
    case CookieSameSite::kUnset: return "unset";
    case CookieSameSite::kStrict: return "Strict";
    case CookieSameSite::kLax: return "Lax";
    case CookieSameSite::kNone: return "None";
    case CookieSameSite::kInvalid: return "invalid";
  }
  return "invalid";
}

std::optional<UnixSeconds> ParseCookieDate(std::string_view text) {
  if (text.size() > 256) text = text.substr(0, 256);
  bool found_time = false, found_day = false, found_month = false, found_year = false;
  int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsDelimiter(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !IsDelimiter(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view token = text.substr(start, i - start);
    if (token.empty()) continue;
    int a, b, c;
    if (!found_time && ParseTime(token, &a, &b, &c)) {
      found_time = true;
      hour = a;
      minute = b;
      second = c;
      continue;
    }
    size_t pos = 0;
    if (!found_day && ReadDigits(token, &pos, 1, 2, &a)) {
      found_day = true;
      day = a;
      continue;
    }
    if (!found_month && MonthOf(token) != 0) {
      found_month = true;
      month = MonthOf(token);
      continue;
    }
    pos = 0;
    if (!found_year && ReadDigits(token, &pos, 2, 4, &a)) {
      found_year = true;
      year = a;
      continue;
    }
  }
  if (found_year && year >= 70 && year <= 99) year += 1900;
  if (found_year && year >= 0 && year <= 69) year += 2000;
  if (!found_time || !found_day || !found_month || !found_year) return std::nullopt;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  static const int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDaysInMonth[month - 1] || (month == 2 && day == 29 && !leap)) return std::nullopt;
  return static_cast<UnixSeconds>(DaysFromCivil(year, static_cast<unsigned>(month),
                                                static_cast<unsigned>(day))) *
             86400 +
         hour * 3600 + minute * 60 + second;
}

bool SetCookie::IsDeletion(UnixSeconds now) const {
  if (has_max_age) return max_age <= 0;  // Max-Age has precedence over Expires
  if (has_expires) return expires <= now;
  return false;
}

SetCookie ParseSetCookie(std::string_view header) {
  SetCookie c;
  size_t semi = header.find(';');
  std::string_view pair = header.substr(0, semi);
  std::string_view attributes =
      semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
  if (HasControl(pair)) {
    c.ignored = true;
    c.ignore_reason = "control character in name or value";
  }
  size_t eq = pair.find('=');
  std::string_view name, value;
  if (eq == std::string_view::npos) {
    value = TrimWsp(pair);  // no '=': empty name, the whole pair is the value
  } else {
    name = TrimWsp(pair.substr(0, eq));
    value = TrimWsp(pair.substr(eq + 1));
  }
  if (name.empty() && value.empty() && !c.ignored) {
    c.ignored = true;
    c.ignore_reason = "empty name and value";
  }
  if (name.size() + value.size() > kMaxNameValueBytes && !c.ignored) {
    c.ignored = true;
    c.ignore_reason = "name and value longer than 4096 bytes";
  }
  c.name = std::string(name.substr(0, kMaxNameValueBytes));
  c.value = std::string(value.substr(0, kMaxNameValueBytes));

  size_t count = 0;
  while (!attributes.empty() && count < kMaxAttributes) {
    ++count;
    size_t next = attributes.find(';');
    std::string_view av = attributes.substr(0, next);
    attributes = next == std::string_view::npos ? std::string_view() : attributes.substr(next + 1);
    size_t aeq = av.find('=');
    std::string_view aname = TrimWsp(av.substr(0, aeq));
    std::string_view avalue =
        aeq == std::string_view::npos ? std::string_view() : TrimWsp(av.substr(aeq + 1));
    if (avalue.size() > kMaxAttributeValueBytes) continue;  // RFC 6265bis: ignore the attribute
    if (EqualsIgnoreCase(aname, "expires")) {
      std::optional<UnixSeconds> t = ParseCookieDate(avalue);
      if (t) {
        c.has_expires = true;
        c.expires = *t;
      }
    } else if (EqualsIgnoreCase(aname, "max-age")) {
      // First character a DIGIT or "-", the rest DIGITs; otherwise ignored.
      if (avalue.empty() || !(IsDigit(avalue[0]) || avalue[0] == '-')) continue;
      bool ok = avalue.size() > (avalue[0] == '-' ? 1u : 0u);
      int64_t v = 0;
      for (size_t k = avalue[0] == '-' ? 1 : 0; k < avalue.size() && ok; ++k) {
        if (!IsDigit(avalue[k])) ok = false;
        else if (v < (int64_t{1} << 40)) v = v * 10 + (avalue[k] - '0');
      }
      if (!ok) continue;
      c.has_max_age = true;
      c.max_age = avalue[0] == '-' ? -v : v;
    } else if (EqualsIgnoreCase(aname, "domain")) {
      std::string_view d = avalue;
      if (!d.empty() && d.front() == '.') d.remove_prefix(1);
      if (d.empty()) c.domain.reset();  // an empty Domain attribute is ignored
      else c.domain = AsciiLower(d);
    } else if (EqualsIgnoreCase(aname, "path")) {
      if (avalue.empty() || avalue.front() != '/') c.path.reset();  // default path
      else c.path = std::string(avalue);
    } else if (EqualsIgnoreCase(aname, "secure")) {
      c.secure = true;
    } else if (EqualsIgnoreCase(aname, "httponly")) {
      c.http_only = true;
    } else if (EqualsIgnoreCase(aname, "partitioned")) {
      c.partitioned = true;
    } else if (EqualsIgnoreCase(aname, "samesite")) {
      c.same_site_raw = std::string(avalue);
      if (EqualsIgnoreCase(avalue, "strict")) c.same_site = CookieSameSite::kStrict;
      else if (EqualsIgnoreCase(avalue, "lax")) c.same_site = CookieSameSite::kLax;
      else if (EqualsIgnoreCase(avalue, "none")) c.same_site = CookieSameSite::kNone;
      else c.same_site = CookieSameSite::kInvalid;
    }
  }

  c.prefix_secure = StartsWithIgnoreCase(c.name, "__Secure-");
  c.prefix_host = StartsWithIgnoreCase(c.name, "__Host-");
  if ((c.prefix_secure || c.prefix_host) && !c.secure) {
    c.prefix_violation = c.prefix_host ? "__Host- cookie without Secure" : "__Secure- cookie without Secure";
  } else if (c.prefix_host && c.domain.has_value()) {
    c.prefix_violation = "__Host- cookie with a Domain attribute";
  } else if (c.prefix_host && (!c.path.has_value() || *c.path != "/")) {
    c.prefix_violation = "__Host- cookie without Path=/";
  }
  return c;
}

}  // namespace posture
