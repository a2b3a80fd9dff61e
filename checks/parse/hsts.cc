#include "checks/parse/hsts.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

bool IsTchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool IsOws(char c) { return c == ' ' || c == '\t'; }

HstsPolicy Invalid(HstsPolicy p, std::string why) {
  p.valid = false;
  p.max_age = -1;
  p.include_subdomains = false;
  p.preload = false;
  p.error = std::move(why);
  return p;
}

}  // namespace

HstsPolicy ParseHsts(std::string_view s) {
  HstsPolicy p;
  std::vector<std::string> seen;
  bool have_max_age = false;
  size_t i = 0;
  const size_t n = s.size();
  while (true) {
    while (i < n && IsOws(s[i])) ++i;
    if (i >= n) break;
    if (s[i] == ';') {  // empty directive: allowed by the grammar
      ++i;
      continue;
    }
    size_t start = i;
    while (i < n && IsTchar(s[i])) ++i;
    if (i == start) {
      return Invalid(std::move(p), "unexpected character at offset " + std::to_string(i));
    }
    std::string name = AsciiLower(s.substr(start, i - start));
    while (i < n && IsOws(s[i])) ++i;
    bool has_value = false;
    std::string value;
    if (i < n && s[i] == '=') {
      ++i;
      while (i < n && IsOws(s[i])) ++i;
      has_value = true;
      if (i < n && s[i] == '"') {
        ++i;
        bool closed = false;
        while (i < n) {
          char c = s[i];
          if (c == '\\') {
            if (i + 1 >= n) break;
            value.push_back(s[i + 1]);
            i += 2;
            continue;
          }
          if (c == '"') {
            closed = true;
            ++i;
            break;
          }
          value.push_back(c);
          ++i;
        }
        if (!closed) return Invalid(std::move(p), "unterminated quoted string");
      } else {
        size_t vstart = i;
        while (i < n && IsTchar(s[i])) ++i;
        if (i == vstart) return Invalid(std::move(p), "directive " + name + " has an empty value");
        value = std::string(s.substr(vstart, i - vstart));
      }
      while (i < n && IsOws(s[i])) ++i;
    }
    if (i < n && s[i] != ';') {
      return Invalid(std::move(p), "unexpected character at offset " + std::to_string(i));
    }
    for (const std::string& prev : seen) {
      if (prev == name) return Invalid(std::move(p), "directive " + name + " appears more than once");
    }
    if (seen.size() < 64) seen.push_back(name);
    if (name == "max-age") {
      if (!has_value || value.empty()) return Invalid(std::move(p), "max-age has no value");
      int64_t v = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return Invalid(std::move(p), "max-age is not a number");
        if (v < kHstsMaxAgeCap) v = v * 10 + (c - '0');
      }
      p.max_age = v < kHstsMaxAgeCap ? v : kHstsMaxAgeCap;
      have_max_age = true;
    } else if (name == "includesubdomains") {
      if (has_value) return Invalid(std::move(p), "includeSubDomains takes no value");
      p.include_subdomains = true;
    } else if (name == "preload") {
      if (has_value) return Invalid(std::move(p), "preload takes no value");
      p.preload = true;
    } else if (p.unknown_directives.size() < 16) {
      p.unknown_directives.push_back(name);
    }
  }
  if (!have_max_age) return Invalid(std::move(p), "max-age is missing");
  p.valid = true;
  return p;
}

HstsHeaders ParseHstsHeaders(const std::vector<std::string>& values) {
  HstsHeaders h;
  h.count = values.size();
  if (!values.empty()) h.first = ParseHsts(values.front());
  else h.first.error = "absent";
  return h;
}

}  // namespace posture
