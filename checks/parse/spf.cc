#include "checks/parse/spf.h"

#include <algorithm>

#include "checks/base/strings.h"

namespace posture {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsMacroLiteral(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 0x21 && u <= 0x24) || (u >= 0x26 && u <= 0x7E);
}
bool IsDelimiter(char c) {
  return c == '.' || c == '-' || c == '+' || c == ',' || c == '/' || c == '_' || c == '=';
}
bool IsUnreserved(char c) { return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

std::string UrlEscape(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string LetterValue(char letter, const SpfMacroContext& ctx) {
  switch (letter) {
    case 's': return ctx.sender;
    case 'l': return ctx.local_part;
    case 'o': return ctx.sender_domain;
    case 'd': return ctx.domain;
    case 'i': return ctx.ip ? SpfMacroIp(*ctx.ip) : std::string();
    case 'p': return ctx.validated_ptr;
    case 'v': return (ctx.ip && ctx.ip->v6) ? "ip6" : "in-addr";
    case 'h': return ctx.helo;
    case 'c': return ctx.ip ? FormatIpAddress(*ctx.ip) : std::string();
    case 'r': return ctx.receiver;
    case 't': return std::to_string(ctx.timestamp);
  }
  return "";
}

std::string Transform(const std::string& value, int digits, bool reverse,
                      std::string_view delimiters) {
  if (digits == 0 && !reverse && delimiters.empty()) return value;
  std::string_view delims = delimiters.empty() ? std::string_view(".") : delimiters;
  std::vector<std::string> parts;
  std::string cur;
  for (char c : value) {
    if (delims.find(c) != std::string_view::npos) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (reverse) std::reverse(parts.begin(), parts.end());
  if (digits > 0 && static_cast<size_t>(digits) < parts.size())
    parts.erase(parts.begin(), parts.end() - digits);
  return Join(parts, ".");
}

// Scans (and, when ctx is given, expands) a macro-string (§7.1). Spaces are
// accepted only in an explain-string. `last_macro_end` receives the offset
// just past the last macro-expand (npos if none).
bool ScanMacroString(std::string_view s, bool explanation, bool allow_space,
                     const SpfMacroContext* ctx, std::string* out, size_t* last_macro_end) {
  size_t i = 0;
  size_t last = std::string_view::npos;
  while (i < s.size()) {
    char c = s[i];
    if (c == '%') {
      if (i + 1 >= s.size()) return false;
      char d = s[i + 1];
      if (d == '%' || d == '_' || d == '-') {
        if (out) *out += d == '%' ? "%" : d == '_' ? " " : "%20";
        i += 2;
        last = i;
        continue;
      }
      if (d != '{' || i + 2 >= s.size()) return false;
      size_t j = i + 2;
      char letter_raw = s[j];
      char letter = static_cast<char>(letter_raw | 0x20);
      if (!IsAlpha(letter_raw)) return false;
      std::string_view allowed = explanation ? "slodipvhcrt" : "slodipvh";
      if (allowed.find(letter) == std::string_view::npos) return false;
      ++j;
      int digits = 0;
      size_t digit_start = j;
      while (j < s.size() && IsDigit(s[j])) {
        if (digits < 100000) digits = digits * 10 + (s[j] - '0');
        ++j;
      }
      if (j > digit_start && digits == 0) return false;  // §7.1: MUST be nonzero
      bool reverse = false;
      if (j < s.size() && (s[j] == 'r' || s[j] == 'R')) {
        reverse = true;
        ++j;
      }
      size_t delim_start = j;
      while (j < s.size() && IsDelimiter(s[j])) ++j;
      std::string_view delims = s.substr(delim_start, j - delim_start);
      if (j >= s.size() || s[j] != '}') return false;
      ++j;
      if (out && ctx) {
        std::string v = Transform(LetterValue(letter, *ctx), digits, reverse, delims);
        if (letter_raw >= 'A' && letter_raw <= 'Z') v = UrlEscape(v);
        *out += v;
      }
      i = j;
      last = i;
      continue;
    }
    if (c == ' ' && allow_space) {
      if (out) *out += c;
      ++i;
      continue;
    }
    if (!IsMacroLiteral(c)) return false;
    if (out) *out += c;
    ++i;
  }
  if (last_macro_end) *last_macro_end = last;
  return true;
}

bool IsTopLabel(std::string_view l) {
  if (l.empty()) return false;
  bool has_dash = false, has_alpha = false;
  for (char c : l) {
    if (c == '-') {
      has_dash = true;
    } else if (IsAlpha(c)) {
      has_alpha = true;
    } else if (!IsDigit(c)) {
      return false;
    }
  }
  if (!has_dash) return has_alpha;
  return IsAlnum(l.front()) && IsAlnum(l.back());
}

bool IsModifierName(std::string_view n) {
  if (n.empty() || !IsAlpha(n[0])) return false;
  for (char c : n)
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// "0" / [1-9][0-9]{0,max_digits-1}, value <= max.
bool ParseCidrNumber(std::string_view digits, int max, int* out) {
  if (digits.empty() || digits.size() > 3) return false;
  if (digits.size() > 1 && digits[0] == '0') return false;
  int v = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  if (v > max) return false;
  *out = v;
  return true;
}

size_t TrailingDigits(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && IsDigit(s[s.size() - 1 - n])) ++n;
  return n;
}

// Removes a dual-cidr-length suffix from `arg`. False on a malformed length.
bool StripDualCidr(std::string_view* arg, int* c4, int* c6) {
  std::string_view a = *arg;
  size_t d = TrailingDigits(a);
  if (d > 0 && d < a.size() && a[a.size() - d - 1] == '/') {
    std::string_view digits = a.substr(a.size() - d);
    if (d + 1 < a.size() && a[a.size() - d - 2] == '/') {
      if (!ParseCidrNumber(digits, 128, c6)) return false;
      a.remove_suffix(d + 2);
      size_t d4 = TrailingDigits(a);
      if (d4 > 0 && d4 < a.size() && a[a.size() - d4 - 1] == '/') {
        if (!ParseCidrNumber(a.substr(a.size() - d4), 32, c4)) return false;
        a.remove_suffix(d4 + 1);
      }
    } else {
      if (!ParseCidrNumber(digits, 32, c4)) return false;
      a.remove_suffix(d + 1);
    }
  }
  *arg = a;
  return true;
}

std::string Quote(std::string_view s) { return "'" + std::string(s.substr(0, 80)) + "'"; }

}  // namespace

const char* SpfMechanismName(SpfMechanism m) {
  switch (m) {
    case SpfMechanism::kAll: return "all";
    case SpfMechanism::kInclude: return "include";
    case SpfMechanism::kA: return "a";
    case SpfMechanism::kMx: return "mx";
    case SpfMechanism::kPtr: return "ptr";
    case SpfMechanism::kIp4: return "ip4";
    case SpfMechanism::kIp6: return "ip6";
    case SpfMechanism::kExists: return "exists";
  }
  return "?";
}

char SpfQualifierChar(SpfQualifier q) {
  switch (q) {
    case SpfQualifier::kPass: return '+';
    case SpfQualifier::kFail: return '-';
    case SpfQualifier::kSoftFail: return '~';
    case SpfQualifier::kNeutral: return '?';
  }
  return '+';
}

const SpfTerm* SpfRecord::FindAll() const {
  for (const SpfTerm& t : mechanisms)
    if (t.mechanism == SpfMechanism::kAll) return &t;
  return nullptr;
}

bool IsSpfRecordText(std::string_view text) {
  if (!StartsWithIgnoreCase(text, "v=spf1")) return false;
  return text.size() == 6 || text[6] == ' ';
}

bool IsValidSpfDomainSpec(std::string_view spec, std::string* error) {
  auto fail = [&](const char* why) {
    if (error) *error = why;
    return false;
  };
  if (spec.empty()) return fail("empty domain-spec");
  size_t last = std::string_view::npos;
  if (!ScanMacroString(spec, false, false, nullptr, nullptr, &last))
    return fail("invalid macro or character in domain-spec");
  if (last == spec.size()) return true;
  std::string_view t = spec;
  if (t.back() == '.') t.remove_suffix(1);
  size_t dot = t.rfind('.');
  if (dot == std::string_view::npos) return fail("domain-spec has no top label");
  if (last != std::string_view::npos && last > dot) return fail("macro in top label");
  if (!IsTopLabel(t.substr(dot + 1))) return fail("invalid top label");
  return true;
}

bool IsValidSpfExplainString(std::string_view text) {
  return ScanMacroString(text, true, true, nullptr, nullptr, nullptr);
}

bool SpfMacrosNeedOnlyDomain(std::string_view spec) {
  for (size_t i = 0; i + 1 < spec.size(); ++i) {
    if (spec[i] != '%') continue;
    char d = spec[i + 1];
    if (d == '{' && i + 2 < spec.size() && (spec[i + 2] | 0x20) != 'd') return false;
    ++i;  // skip the escaped character ("%%" must not start a new macro)
  }
  return true;
}

std::optional<std::string> ExpandSpfMacros(std::string_view spec, const SpfMacroContext& ctx,
                                           bool explanation) {
  std::string out;
  if (!ScanMacroString(spec, explanation, explanation, &ctx, &out, nullptr)) return std::nullopt;
  if (explanation) return out;
  if (!out.empty() && out.back() == '.') out.pop_back();
  while (out.size() > 253) {
    size_t dot = out.find('.');
    if (dot == std::string::npos) break;
    out.erase(0, dot + 1);
  }
  return out;
}

SpfRecord ParseSpfRecord(std::string_view text) {
  SpfRecord r;
  auto fail = [&](std::string why) {
    r.ok = false;
    r.error = std::move(why);
    return r;
  };
  if (!IsSpfRecordText(text)) return fail("not a v=spf1 record");
  for (size_t i = 0; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x20 || u >= 0x7F) {
      static const char kHex[] = "0123456789abcdef";
      std::string code = "0x";
      code += kHex[u >> 4];
      code += kHex[u & 15];
      return fail("invalid character " + code + " at offset " + std::to_string(i) +
                  " (SPF records are 7-bit ASCII, terms separated by spaces)");
    }
  }
  std::vector<std::string_view> tokens;
  for (std::string_view t : Split(text.substr(6), ' '))
    if (!t.empty()) tokens.push_back(t);
  if (tokens.size() > kMaxSpfTerms) return fail("too many terms");

  for (std::string_view tok : tokens) {
    size_t p = tok.find_first_of("=:/");
    if (p != std::string_view::npos && tok[p] == '=') {
      std::string_view name = tok.substr(0, p);
      std::string_view value = tok.substr(p + 1);
      if (!IsModifierName(name)) return fail("invalid modifier name in " + Quote(tok));
      std::string lname = AsciiLower(name);
      if (lname == "redirect" || lname == "exp") {
        std::optional<std::string>& slot = lname == "redirect" ? r.redirect : r.exp;
        if (slot) return fail("modifier '" + lname + "' appears twice");
        std::string why;
        if (!IsValidSpfDomainSpec(value, &why)) return fail(why + " in " + Quote(tok));
        slot = std::string(value);
      } else {
        if (!ScanMacroString(value, true, false, nullptr, nullptr, nullptr))
          return fail("invalid macro-string in modifier " + Quote(tok));
        r.unknown_modifiers.push_back({lname, std::string(value)});
      }
      continue;
    }
    SpfTerm term;
    term.text = std::string(tok);
    std::string_view rest = tok;
    switch (rest[0]) {
      case '+': term.qualifier = SpfQualifier::kPass; break;
      case '-': term.qualifier = SpfQualifier::kFail; break;
      case '~': term.qualifier = SpfQualifier::kSoftFail; break;
      case '?': term.qualifier = SpfQualifier::kNeutral; break;
      default: break;
    }
    if (rest[0] == '+' || rest[0] == '-' || rest[0] == '~' || rest[0] == '?') {
      term.explicit_qualifier = true;
      rest.remove_prefix(1);
    }
    size_t n = 0;
    while (n < rest.size() && IsAlnum(rest[n])) ++n;
    std::string name = AsciiLower(rest.substr(0, n));
    rest.remove_prefix(n);
    auto need_spec = [&](std::string_view arg) -> bool {
      std::string why;
      if (!IsValidSpfDomainSpec(arg, &why)) {
        fail(why + " in " + Quote(tok));
        return false;
      }
      term.domain_spec = std::string(arg);
      term.has_macro = arg.find('%') != std::string_view::npos;
      return true;
    };
    if (name == "all") {
      term.mechanism = SpfMechanism::kAll;
      if (!rest.empty()) return fail("'all' takes no argument: " + Quote(tok));
    } else if (name == "include" || name == "exists") {
      term.mechanism = name == "include" ? SpfMechanism::kInclude : SpfMechanism::kExists;
      if (rest.empty() || rest[0] != ':') return fail("'" + name + "' needs ':domain': " + Quote(tok));
      if (!need_spec(rest.substr(1))) return r;
    } else if (name == "a" || name == "mx") {
      term.mechanism = name == "a" ? SpfMechanism::kA : SpfMechanism::kMx;
      if (!rest.empty() && rest[0] == ':') {
        std::string_view arg = rest.substr(1);
        if (!StripDualCidr(&arg, &term.cidr4, &term.cidr6))
          return fail("invalid CIDR length in " + Quote(tok));
        if (!need_spec(arg)) return r;
      } else if (!rest.empty() && rest[0] == '/') {
        std::string_view arg = rest;
        if (!StripDualCidr(&arg, &term.cidr4, &term.cidr6) || !arg.empty())
          return fail("invalid CIDR length in " + Quote(tok));
      } else if (!rest.empty()) {
        return fail("unknown mechanism " + Quote(tok));
      }
    } else if (name == "ptr") {
      term.mechanism = SpfMechanism::kPtr;
      if (!rest.empty()) {
        if (rest[0] != ':') return fail("invalid 'ptr' term " + Quote(tok));
        if (!need_spec(rest.substr(1))) return r;
      }
    } else if (name == "ip4" || name == "ip6") {
      bool v6 = name == "ip6";
      term.mechanism = v6 ? SpfMechanism::kIp6 : SpfMechanism::kIp4;
      if (rest.empty() || rest[0] != ':') return fail("'" + name + "' needs an address: " + Quote(tok));
      std::string_view arg = rest.substr(1);
      size_t slash = arg.find('/');
      std::string_view addr = arg.substr(0, slash);
      auto ip = ParseIpAddress(addr);
      if (!ip || ip->v6 != v6) return fail("invalid address in " + Quote(tok));
      term.network = *ip;
      if (slash != std::string_view::npos) {
        int* slot = v6 ? &term.cidr6 : &term.cidr4;
        if (!ParseCidrNumber(arg.substr(slash + 1), v6 ? 128 : 32, slot))
          return fail("invalid CIDR length in " + Quote(tok));
      }
    } else {
      return fail("unknown mechanism " + Quote(tok));
    }
    r.mechanisms.push_back(std::move(term));
  }
  r.ok = true;
  return r;
}

}  // namespace posture
