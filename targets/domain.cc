#include "targets/domain.h"

#include <idn2.h>

#include <array>
#include <cstdlib>
#include <memory>

#include "checks/base/strings.h"

namespace posture {
namespace {

constexpr size_t kMaxInput = 2048;

// Platforms where a collectivity may have a page but not its own domain.
constexpr std::array<std::string_view, 22> kSharedPlatforms = {
    "facebook.com",      "fb.com",          "fb.me",          "instagram.com",
    "twitter.com",       "x.com",           "linkedin.com",   "youtube.com",
    "youtu.be",          "tiktok.com",      "google.com",     "goo.gl",
    "bit.ly",            "wikipedia.org",   "tripadvisor.fr", "tripadvisor.com",
    "service-public.fr", "pagesjaunes.fr",  "annuaire-mairie.fr", "mairie.biz",
    "villes.co",         "linktr.ee",
};

std::string Quote(std::string_view s) { return "`" + SanitizeForDisplay(s, 120) + "`"; }

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool HasNonAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

bool IsAtext(char c) {
  if (IsAsciiAlnum(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '/': case '=': case '?': case '^': case '_': case '`': case '{':
    case '|': case '}': case '~':
      return true;
    default:
      return false;
  }
}

// Checks a lower-case ASCII host name; returns the reason it is not one.
std::string AsciiHostProblem(std::string_view host) {
  if (host.size() > 253) return "is longer than 253 characters";
  std::vector<std::string_view> labels = Split(host, '.');
  bool all_numeric = true;
  for (std::string_view label : labels) {
    if (label.empty()) return "has an empty label";
    if (label.size() > 63) return "has a label longer than 63 characters";
    bool numeric = true;
    for (char c : label) {
      if (c == '_') return "contains `_`, which is not allowed in a host name";
      if (!IsAsciiAlnum(c) && c != '-') return "contains a character not allowed in a host name";
      if (!IsDigit(c)) numeric = false;
    }
    if (label.front() == '-' || label.back() == '-')
      return "has a label that starts or ends with a hyphen";
    if (!numeric) all_numeric = false;
  }
  if (all_numeric) return "is an IP address, not a domain name";
  if (labels.size() < 2) return "is a single label, not a domain name";
  for (char c : labels.back())
    if (IsDigit(c) || c == '-') {
      if (labels.back().rfind("xn--", 0) == 0) break;
      return "has a top-level domain that is not made of letters";
    }
  return "";
}

}  // namespace

StatusOr<std::string> NormalizeHostName(std::string_view input) {
  std::string_view host = TrimWhitespace(input);
  if (host.size() > kMaxInput) return InvalidArgument("host name is too long");
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return InvalidArgument("empty host name");
  if (host.find('\0') != std::string_view::npos)
    return InvalidArgument(Quote(host) + " contains a NUL byte");
  if (host.front() == '[' || host.find(':') != host.rfind(':'))
    return InvalidArgument(Quote(host) + " is an IP address, not a domain name");
  if (host.find(':') != std::string_view::npos)
    return InvalidArgument(Quote(host) + " contains `:`, which is not allowed in a host name");
  std::string ascii;
  if (HasNonAscii(host)) {
    std::string in(host);
    char* out = nullptr;
    int rc = idn2_to_ascii_8z(in.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
    if (rc != IDN2_OK || out == nullptr)
      return InvalidArgument(Quote(host) + " is not a valid internationalised domain name (" +
                             idn2_strerror(rc) + ")");
    ascii = AsciiLower(out);
    if (!ascii.empty() && ascii.back() == '.') ascii.pop_back();
  } else {
    ascii = AsciiLower(host);
  }
  std::string problem = AsciiHostProblem(ascii);
  if (!problem.empty()) return InvalidArgument(Quote(host) + " " + problem);
  return ascii;
}

StatusOr<TargetDomain> NormalizeWebAddress(std::string_view address) {
  std::string_view s = TrimWhitespace(address);
  if (s.empty()) return InvalidArgument("empty web address");
  if (s.size() > kMaxInput) return InvalidArgument("web address is too long");
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == ' ')
      return InvalidArgument(Quote(s) + " contains spaces or control characters");
  std::string_view rest = s;
  size_t scheme_end = rest.find("://");
  if (scheme_end != std::string_view::npos) {
    std::string_view scheme = rest.substr(0, scheme_end);
    bool is_scheme = !scheme.empty() && IsAsciiAlnum(scheme.front()) && !IsDigit(scheme.front());
    for (char c : scheme)
      if (!IsAsciiAlnum(c) && c != '+' && c != '-' && c != '.') is_scheme = false;
    if (is_scheme) {
      if (!EqualsIgnoreCase(scheme, "http") && !EqualsIgnoreCase(scheme, "https"))
        return InvalidArgument(Quote(s) + " is not a web address (http or https)");
      rest.remove_prefix(scheme_end + 3);
    }
  } else if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
  } else if (StartsWithIgnoreCase(rest, "mailto:")) {
    return InvalidArgument(Quote(s) + " is an e-mail address, not a website");
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#\\"));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    if (scheme_end == std::string_view::npos)
      return InvalidArgument(Quote(s) + " is an e-mail address, not a website");
    authority.remove_prefix(at + 1);
  }
  if (!authority.empty() && authority.front() == '[')
    return InvalidArgument(Quote(s) + " is an IP address, not a domain name");
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    for (char c : port)
      if (!IsDigit(c)) return InvalidArgument(Quote(s) + " has a malformed port");
    if (port.size() > 5) return InvalidArgument(Quote(s) + " has a malformed port");
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return InvalidArgument(Quote(s) + " has no host name");
  auto host = NormalizeHostName(authority);
  if (!host.ok()) return host.status();
  TargetDomain d;
  d.web_host = *host;
  d.domain = *host;
  if (d.domain.rfind("www.", 0) == 0 && d.domain.find('.', 4) != std::string::npos)
    d.domain = d.domain.substr(4);
  if (IsSharedPlatform(d.domain))
    return InvalidArgument(Quote(s) + " is on a shared platform (" + d.domain +
                           "), not the collectivity's own domain");
  return d;
}

StatusOr<std::string> NormalizeEmail(std::string_view address) {
  std::string_view s = TrimWhitespace(address);
  if (StartsWithIgnoreCase(s, "mailto:")) s.remove_prefix(7);
  if (s.empty()) return InvalidArgument("empty e-mail address");
  if (s.size() > 254) return InvalidArgument("e-mail address is longer than 254 characters");
  size_t at = s.rfind('@');
  if (at == std::string_view::npos)
    return InvalidArgument(Quote(s) + " is not an e-mail address (no @)");
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  if (local.empty()) return InvalidArgument(Quote(s) + " has an empty local part");
  if (local.size() > 64)
    return InvalidArgument(Quote(s) + " has a local part longer than 64 characters");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return InvalidArgument(Quote(s) + " has misplaced dots in its local part");
  for (char c : local)
    if (!IsAtext(c) && c != '.')
      return InvalidArgument(Quote(s) + " has a character not allowed in an e-mail address");
  if (domain.empty()) return InvalidArgument(Quote(s) + " has no domain after @");
  auto host = NormalizeHostName(domain);
  if (!host.ok())
    return InvalidArgument(Quote(s) + " has a malformed domain: " + host.status().message());
  return std::string(local) + "@" + *host;
}

StatusOr<std::string> NormalizePhone(std::string_view phone) {
  std::string_view s = TrimWhitespace(phone);
  if (s.empty()) return InvalidArgument("empty phone number");
  if (s.size() > 64) return InvalidArgument("phone number is longer than 64 characters");
  std::string out;
  int digits = 0;
  bool pending_space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    // ASCII spaces, and U+00A0 / U+202F (the spaces a French spreadsheet writes).
    size_t space_len = (c == ' ' || c == '\t') ? 1
                       : s.substr(i, 2) == "\xc2\xa0"   ? 2
                       : s.substr(i, 3) == "\xe2\x80\xaf" ? 3
                                                       : 0;
    if (space_len) {
      pending_space = true;
      i += space_len - 1;
      continue;
    }
    bool ok = IsDigit(c) || c == '+' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/';
    if (!ok) return InvalidArgument(Quote(s) + " is not a phone number (digits, spaces, + . - ( ) /)");
    if (IsDigit(c)) ++digits;
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  if (digits < 3 || digits > 20) return InvalidArgument(Quote(s) + " is not a phone number");
  return out;
}

bool IsSharedPlatform(std::string_view domain) {
  for (std::string_view platform : kSharedPlatforms)
    if (IsSameOrSubdomain(domain, platform)) return true;
  return false;
}

}  // namespace posture
