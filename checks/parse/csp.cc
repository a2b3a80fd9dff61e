#include "checks/parse/csp.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

bool IsAsciiWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBase64Char(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '+' || c == '/' || c == '-' || c == '_';
}

// base64-value = 1*( ALPHA / DIGIT / "+" / "/" / "-" / "_" ) *2( "=" )
bool IsBase64Value(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && IsBase64Char(v[i])) ++i;
  if (i == 0) return false;
  size_t pad = 0;
  while (i < v.size() && v[i] == '=') {
    ++i;
    ++pad;
  }
  return i == v.size() && pad <= 2;
}

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool IsScheme(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  for (char c : s)
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.')) return false;
  return true;
}

bool IsHostSource(std::string_view s) {
  // [ scheme "://" ] host [ ":" port ] [ path ]; host = "*" / [ "*." ] labels
  size_t p = s.find("://");
  if (p != std::string_view::npos) {
    if (!IsScheme(s.substr(0, p))) return false;
    s.remove_prefix(p + 3);
  }
  size_t end = s.find_first_of(":/");
  std::string_view host = s.substr(0, end);
  if (host.empty()) return false;
  if (host == "*") return true;
  if (host.size() > 2 && host[0] == '*' && host[1] == '.') host.remove_prefix(2);
  for (std::string_view label : Split(host, '.')) {
    if (label.empty()) return false;
    for (char c : label)
      if (!(IsAlpha(c) || IsDigit(c) || c == '-')) return false;
  }
  return true;
}

const char* const kKeywords[] = {
    "self",           "none",         "unsafe-inline", "unsafe-eval",
    "strict-dynamic", "unsafe-hashes", "report-sample", "unsafe-allow-redirects",
    "wasm-unsafe-eval", "inline-speculation-rules", "trusted-types-eval", "report-sha256",
    "report-sha384",  "report-sha512",
};

void AddWeakness(CspAssessment& a, std::string w) {
  for (const std::string& x : a.weaknesses)
    if (x == w) return;
  if (a.weaknesses.size() < 16) a.weaknesses.push_back(std::move(w));
}

}  // namespace

CspSource ClassifyCspSource(std::string_view e) {
  CspSource out;
  if (e.empty()) return out;
  if (e.size() >= 2 && e.front() == '\'' && e.back() == '\'') {
    std::string inner = AsciiLower(e.substr(1, e.size() - 2));
    for (const char* k : kKeywords) {
      if (inner == k) {
        out.kind = CspSourceKind::kKeyword;
        out.keyword = inner;
        return out;
      }
    }
    std::string_view raw = e.substr(1, e.size() - 2);
    if (StartsWithIgnoreCase(raw, "nonce-") && IsBase64Value(raw.substr(6))) {
      out.kind = CspSourceKind::kNonce;
      return out;
    }
    for (const char* alg : {"sha256-", "sha384-", "sha512-"}) {
      std::string_view a(alg);
      if (StartsWithIgnoreCase(raw, a) && IsBase64Value(raw.substr(a.size()))) {
        out.kind = CspSourceKind::kHash;
        return out;
      }
    }
    return out;  // an unknown quoted token
  }
  if (e == "*") {
    out.kind = CspSourceKind::kWildcard;
    return out;
  }
  if (e.back() == ':' && IsScheme(e.substr(0, e.size() - 1))) {
    out.kind = CspSourceKind::kScheme;
    out.keyword = AsciiLower(e.substr(0, e.size() - 1));
    return out;
  }
  if (IsHostSource(e)) out.kind = CspSourceKind::kHost;
  return out;
}

const CspDirective* CspPolicy::Find(std::string_view name) const {
  for (const CspDirective& d : directives)
    if (d.name == name) return &d;
  return nullptr;
}

std::vector<CspPolicy> ParseCspHeader(std::string_view value, bool report_only, bool from_meta) {
  std::vector<CspPolicy> out;
  for (std::string_view serialized : Split(value, ',')) {
    if (out.size() >= kCspMaxPolicies) break;
    CspPolicy policy;
    policy.report_only = report_only;
    policy.from_meta = from_meta;
    for (std::string_view token : Split(serialized, ';')) {
      token = TrimWhitespace(token);
      if (token.empty()) continue;
      size_t name_end = 0;
      while (name_end < token.size() && !IsAsciiWs(token[name_end])) ++name_end;
      std::string name = AsciiLower(token.substr(0, name_end));
      // Directive names are ALPHA / DIGIT / "-" (CSP3 §2.2.1).
      bool name_ok = !name.empty();
      for (char c : name)
        if (!(IsAlpha(c) || IsDigit(c) || c == '-')) name_ok = false;
      if (!name_ok) continue;
      if (policy.Find(name) != nullptr) {
        if (policy.duplicates.size() < kCspMaxDirectives) policy.duplicates.push_back(name);
        continue;
      }
      if (policy.directives.size() >= kCspMaxDirectives) continue;
      CspDirective d;
      d.name = std::move(name);
      for (std::string_view v : SplitWhitespace(token.substr(name_end))) {
        if (d.values.size() >= kCspMaxValues) break;
        d.values.emplace_back(v);
      }
      policy.directives.push_back(std::move(d));
    }
    if (!policy.directives.empty()) out.push_back(std::move(policy));
  }
  return out;
}

CspScriptVerdict AssessCspScripts(const CspPolicy& policy) {
  CspScriptVerdict v;
  const CspDirective* d = policy.Find("script-src");
  if (d == nullptr) d = policy.Find("default-src");
  if (d == nullptr) return v;
  v.governed = true;
  v.directive = d->name;
  bool unsafe_inline = false;
  bool any_host = false;
  for (const std::string& value : d->values) {
    CspSource s = ClassifyCspSource(value);
    switch (s.kind) {
      case CspSourceKind::kKeyword:
        if (s.keyword == "unsafe-inline") unsafe_inline = true;
        if (s.keyword == "unsafe-eval") v.unsafe_eval = true;
        if (s.keyword == "strict-dynamic") v.strict_dynamic = true;
        break;
      case CspSourceKind::kNonce:
      case CspSourceKind::kHash:
        v.nonce_or_hash = true;
        break;
      case CspSourceKind::kWildcard:
        any_host = true;
        break;
      case CspSourceKind::kScheme:
        if (s.keyword == "http" || s.keyword == "https" || s.keyword == "data") any_host = true;
        break;
      default:
        break;
    }
  }
  // CSP3 "Does a source list allow all inline behavior": a nonce, a hash or
  // 'strict-dynamic' disables 'unsafe-inline' for scripts; 'strict-dynamic'
  // makes host and scheme sources ignored.
  v.unsafe_inline = unsafe_inline && !v.nonce_or_hash && !v.strict_dynamic;
  v.allows_any_host = any_host && !v.strict_dynamic;
  return v;
}

bool CspRestrictsObjects(const CspPolicy& policy) {
  const CspDirective* d = policy.Find("object-src");
  if (d == nullptr) d = policy.Find("default-src");
  if (d == nullptr) return false;
  // An empty source list matches nothing, like 'none' (CSP3 "Does url match
  // source list"). Only expressions that match URLs can let a plugin load:
  // hosts, schemes and '*'. Nonces, hashes and the other keywords
  // ('unsafe-inline', 'strict-dynamic', ...) match no object URL.
  for (const std::string& value : d->values) {
    CspSource s = ClassifyCspSource(value);
    switch (s.kind) {
      case CspSourceKind::kHost:
      case CspSourceKind::kScheme:
      case CspSourceKind::kWildcard:
        return false;
      case CspSourceKind::kKeyword:
      case CspSourceKind::kNonce:
      case CspSourceKind::kHash:
      case CspSourceKind::kInvalid:
        break;
    }
  }
  return true;
}

CspFraming CspFrameAncestors(const CspPolicy& policy) {
  if (policy.from_meta) return CspFraming::kAbsent;
  const CspDirective* d = policy.Find("frame-ancestors");
  if (d == nullptr) return CspFraming::kAbsent;
  // An empty source list matches nothing, like 'none'.
  for (const std::string& value : d->values) {
    CspSource s = ClassifyCspSource(value);
    if (s.kind == CspSourceKind::kWildcard) return CspFraming::kPermissive;
    if (s.kind == CspSourceKind::kScheme && (s.keyword == "https" || s.keyword == "http"))
      return CspFraming::kPermissive;
  }
  return CspFraming::kRestricted;
}

bool CspRestrictsBaseUri(const CspPolicy& policy) {
  const CspDirective* d = policy.Find("base-uri");
  if (d == nullptr) return false;
  for (const std::string& value : d->values) {
    CspSource s = ClassifyCspSource(value);
    if (s.kind == CspSourceKind::kWildcard || s.kind == CspSourceKind::kScheme ||
        s.kind == CspSourceKind::kInvalid)
      return false;
  }
  return true;
}

CspAssessment AssessCsp(const std::vector<CspPolicy>& policies) {
  CspAssessment a;
  bool any_script_governed = false;
  for (const CspPolicy& p : policies) {
    if (p.report_only) {
      ++a.report_only;
      continue;
    }
    ++a.enforced;
    CspScriptVerdict s = AssessCspScripts(p);
    if (s.Safe()) a.scripts_safe = true;
    if (s.governed) any_script_governed = true;
    if (CspRestrictsObjects(p)) a.objects_restricted = true;
    if (CspFrameAncestors(p) == CspFraming::kRestricted) a.frame_ancestors = true;
    if (CspRestrictsBaseUri(p)) a.base_uri_restricted = true;
    if (p.Find("upgrade-insecure-requests") != nullptr) a.upgrade_insecure_requests = true;
  }
  if (a.enforced == 0) {
    AddWeakness(a, a.report_only ? "only a report-only policy (not enforced)" : "no policy");
    return a;
  }
  if (!a.scripts_safe) {
    if (!any_script_governed) {
      AddWeakness(a, "no script-src or default-src");
    } else {
      for (const CspPolicy& p : policies) {
        if (p.report_only) continue;
        CspScriptVerdict s = AssessCspScripts(p);
        if (!s.governed) continue;
        if (s.unsafe_inline) AddWeakness(a, s.directive + " allows 'unsafe-inline'");
        if (s.unsafe_eval) AddWeakness(a, s.directive + " allows 'unsafe-eval'");
        if (s.allows_any_host) AddWeakness(a, s.directive + " allows any host or scheme");
      }
    }
  }
  if (!a.objects_restricted) AddWeakness(a, "object-src not restricted to 'none' or 'self'");
  if (!a.frame_ancestors) AddWeakness(a, "no restrictive frame-ancestors");
  if (!a.base_uri_restricted) AddWeakness(a, "no restrictive base-uri");
  return a;
}

}  // namespace posture
