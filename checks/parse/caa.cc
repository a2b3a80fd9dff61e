#include "checks/parse/caa.h"

#include "checks/base/strings.h"
#include "checks/parse/dns_text.h"

namespace posture {

CaaRecord ParseCaaRecord(std::string_view s) {
  CaaRecord r;
  s = TrimWhitespace(s);
  size_t sp = s.find_first_of(" \t");
  if (sp == std::string_view::npos) {
    r.error = "expected: flags tag value";
    return r;
  }
  std::string_view flags = s.substr(0, sp);
  int f = 0;
  if (flags.empty() || flags.size() > 3) {
    r.error = "invalid flags";
    return r;
  }
  for (char c : flags) {
    if (c < '0' || c > '9') {
      r.error = "invalid flags";
      return r;
    }
    f = f * 10 + (c - '0');
  }
  if (f > 255) {
    r.error = "invalid flags";
    return r;
  }
  r.flags = f;
  r.critical = (f & 128) != 0;
  s = TrimWhitespace(s.substr(sp));
  sp = s.find_first_of(" \t");
  std::string_view tag = s.substr(0, sp);
  if (tag.empty() || tag.size() > 15) {
    r.error = "invalid tag";
    return r;
  }
  for (char c : tag) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      r.error = "invalid tag";
      return r;
    }
  }
  r.tag = AsciiLower(tag);
  std::string_view rest = sp == std::string_view::npos ? std::string_view() : TrimWhitespace(s.substr(sp));
  if (!rest.empty() && rest.front() == '"') {
    std::vector<std::string> parts = ParseCharacterStrings(rest, 1);
    r.value = parts.empty() ? "" : parts[0];
  } else {
    r.value = std::string(rest);
  }
  if (r.tag == "issue" || r.tag == "issuewild") {
    std::vector<std::string_view> parts = Split(r.value, ';');
    r.issuer = CanonicalDnsName(parts[0]);
    for (size_t i = 1; i < parts.size(); ++i) {
      std::string_view p = TrimWhitespace(parts[i]);
      if (p.empty()) continue;
      size_t eq = p.find('=');
      if (eq == std::string_view::npos) {
        r.error = "invalid parameter '" + std::string(p.substr(0, 40)) + "'";
        return r;
      }
      r.parameters.emplace_back(std::string(TrimWhitespace(p.substr(0, eq))),
                                std::string(TrimWhitespace(p.substr(eq + 1))));
    }
    if (!r.issuer.empty() && !IsHostName(r.issuer)) {
      r.error = "invalid issuer domain '" + r.issuer + "'";
      return r;
    }
  }
  r.ok = true;
  return r;
}

CaaAuthorisation CaaIssuers(const std::vector<CaaRecord>& records, bool wildcard) {
  CaaAuthorisation out;
  bool has_wild = false;
  for (const CaaRecord& r : records) has_wild = has_wild || (r.ok && r.tag == "issuewild");
  const char* tag = (wildcard && has_wild) ? "issuewild" : "issue";
  for (const CaaRecord& r : records) {
    if (!r.ok || r.tag != tag) continue;
    out.restricted = true;
    if (!r.issuer.empty()) out.issuers.push_back(r.issuer);
  }
  return out;
}

}  // namespace posture
