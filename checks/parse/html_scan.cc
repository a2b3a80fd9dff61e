#include "checks/parse/html_scan.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string DecodeEntities(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  size_t i = 0;
  while (i < v.size()) {
    if (v[i] == '&') {
      static const struct {
        const char* entity;
        char c;
      } kEntities[] = {{"&amp;", '&'},  {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''},
                       {"&#34;", '"'},  {"&lt;", '<'},   {"&gt;", '>'},   {"&apos;", '\''}};
      bool matched = false;
      for (const auto& e : kEntities) {
        std::string_view ent(e.entity);
        if (StartsWithIgnoreCase(v.substr(i), ent)) {
          out.push_back(e.c);
          i += ent.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out.push_back(v[i]);
    ++i;
  }
  return out;
}

struct Attribute {
  std::string name;  // lower case
  std::string value;
};

// Reads attributes from `pos` (just after the tag name) up to the closing
// '>'. Returns the position after '>' (or the end).
size_t ReadAttributes(std::string_view s, size_t pos, std::vector<Attribute>* attrs) {
  const size_t n = s.size();
  while (pos < n) {
    while (pos < n && (IsSpace(s[pos]) || s[pos] == '/')) ++pos;
    if (pos >= n) break;
    if (s[pos] == '>') return pos + 1;
    size_t name_start = pos;
    while (pos < n && !IsSpace(s[pos]) && s[pos] != '=' && s[pos] != '>' && s[pos] != '/') ++pos;
    if (pos == name_start) {  // a stray '=' or similar: skip it
      ++pos;
      continue;
    }
    Attribute a;
    a.name = AsciiLower(s.substr(name_start, std::min<size_t>(pos - name_start, 64)));
    size_t look = pos;
    while (look < n && IsSpace(s[look])) ++look;
    if (look < n && s[look] == '=') {
      pos = look + 1;
      while (pos < n && IsSpace(s[pos])) ++pos;
      if (pos < n && (s[pos] == '"' || s[pos] == '\'')) {
        char q = s[pos++];
        size_t vstart = pos;
        size_t end = s.find(q, pos);
        if (end == std::string_view::npos) end = n;
        a.value = DecodeEntities(s.substr(vstart, std::min(end - vstart, kHtmlMaxAttrValue)));
        pos = end < n ? end + 1 : n;
      } else {
        size_t vstart = pos;
        while (pos < n && !IsSpace(s[pos]) && s[pos] != '>') ++pos;
        a.value = DecodeEntities(s.substr(vstart, std::min(pos - vstart, kHtmlMaxAttrValue)));
      }
    }
    if (attrs->size() < 32) attrs->push_back(std::move(a));
  }
  return n;
}

const std::string* FindAttr(const std::vector<Attribute>& attrs, std::string_view name) {
  for (const Attribute& a : attrs)
    if (a.name == name) return &a.value;  // the first occurrence wins, as in HTML
  return nullptr;
}

// Skips raw text up to the closing tag `</name` (case-insensitive).
size_t SkipRawText(std::string_view s, size_t pos, std::string_view name) {
  const size_t n = s.size();
  while (pos < n) {
    size_t lt = s.find("</", pos);
    if (lt == std::string_view::npos) return n;
    if (StartsWithIgnoreCase(s.substr(lt + 2), name)) {
      size_t gt = s.find('>', lt);
      return gt == std::string_view::npos ? n : gt + 1;
    }
    pos = lt + 2;
  }
  return n;
}

}  // namespace

HtmlScan ScanHtml(std::string_view s) {
  HtmlScan out;
  const size_t n = s.size();
  size_t pos = 0;
  while (pos < n) {
    size_t lt = s.find('<', pos);
    if (lt == std::string_view::npos) break;
    pos = lt + 1;
    if (s.substr(lt, 4) == "<!--") {
      size_t end = s.find("-->", lt + 4);
      pos = end == std::string_view::npos ? n : end + 3;
      continue;
    }
    if (pos >= n || !IsAlpha(s[pos])) continue;  // end tags, doctype, "<" in text
    if (++out.tags_seen > kHtmlMaxTags) {
      out.stopped_early = true;
      break;
    }
    size_t name_start = pos;
    while (pos < n && !IsSpace(s[pos]) && s[pos] != '>' && s[pos] != '/') ++pos;
    std::string name = AsciiLower(s.substr(name_start, std::min<size_t>(pos - name_start, 16)));
    if (name != "meta" && name != "script" && name != "style") continue;
    std::vector<Attribute> attrs;
    pos = ReadAttributes(s, pos, &attrs);
    if (name == "meta") {
      const std::string* content = FindAttr(attrs, "content");
      if (content == nullptr) continue;
      const std::string* meta_name = FindAttr(attrs, "name");
      const std::string* equiv = FindAttr(attrs, "http-equiv");
      if (meta_name && EqualsIgnoreCase(TrimWhitespace(*meta_name), "generator")) {
        if (out.generators.size() < kHtmlMaxItems)
          out.generators.emplace_back(TrimWhitespace(*content));
      } else if (equiv &&
                 EqualsIgnoreCase(TrimWhitespace(*equiv), "content-security-policy")) {
        if (out.meta_csp.size() < kHtmlMaxItems) out.meta_csp.push_back(*content);
      }
    } else if (name == "script") {
      const std::string* src = FindAttr(attrs, "src");
      if (src != nullptr && out.script_srcs.size() < kHtmlMaxItems)
        out.script_srcs.emplace_back(TrimWhitespace(*src));
      pos = SkipRawText(s, pos, "script");
    } else {  // style
      pos = SkipRawText(s, pos, "style");
    }
  }
  return out;
}

}  // namespace posture
