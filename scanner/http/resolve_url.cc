// ResolveUrl: reference resolution per RFC 3986 §5.2 (declared in
// http_client.h). Pure string work, no allocation beyond the result.

#include <string>
#include <string_view>

#include "scanner/http/http_client.h"

namespace posture {
namespace {

// A URI reference split per RFC 3986 Appendix B, with "defined" flags so that
// an empty query ("?") differs from an absent one.
struct UriRef {
  bool has_scheme = false;
  bool has_authority = false;
  bool has_query = false;
  bool has_fragment = false;
  std::string scheme;
  std::string authority;
  std::string path;
  std::string query;
  std::string fragment;
};

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool IsScheme(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  for (char c : s) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

UriRef Parse(std::string_view s) {
  UriRef r;
  // Fragment: everything after the first '#'.
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    r.has_fragment = true;
    r.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    r.has_query = true;
    r.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  // Scheme: up to the first ':' if no '/' comes before it and it is valid.
  if (auto colon = s.find(':'); colon != std::string_view::npos) {
    std::string_view candidate = s.substr(0, colon);
    if (candidate.find('/') == std::string_view::npos && IsScheme(candidate)) {
      r.has_scheme = true;
      r.scheme = Lower(candidate);
      s = s.substr(colon + 1);
    }
  }
  if (s.substr(0, 2) == "//") {
    s = s.substr(2);
    auto slash = s.find('/');
    r.has_authority = true;
    r.authority = std::string(s.substr(0, slash));
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  r.path = std::string(s);
  return r;
}

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {  // A
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {  // B
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {  // C
      if (in.size() == 3) {
        in = "/";
      } else {
        in.remove_prefix(3);
      }
      auto last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {  // D
      in = {};
    } else {  // E: move the first segment (with its leading '/', if any).
      size_t end = in.find('/', in[0] == '/' ? 1 : 0);
      if (end == std::string_view::npos) end = in.size();
      out.append(in.substr(0, end));
      in.remove_prefix(end);
    }
  }
  return out;
}

// RFC 3986 §5.2.3.
std::string Merge(const UriRef& base, const std::string& ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + ref_path;
  auto slash = base.path.rfind('/');
  if (slash == std::string::npos) return ref_path;
  return base.path.substr(0, slash + 1) + ref_path;
}

// RFC 3986 §5.3.
std::string Recompose(const UriRef& t) {
  std::string out;
  if (t.has_scheme) out += t.scheme + ":";
  if (t.has_authority) out += "//" + t.authority;
  out += t.path;
  if (t.has_query) out += "?" + t.query;
  if (t.has_fragment) out += "#" + t.fragment;
  return out;
}

std::string_view TrimWhitespace(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ResolveUrl(const std::string& base_url, const std::string& location) {
  std::string_view loc = TrimWhitespace(location);
  UriRef base = Parse(base_url);
  if (!base.has_scheme) return std::string(loc);
  UriRef ref = Parse(loc);
  UriRef t;
  // RFC 3986 §5.2.2 (strict: a reference with a scheme is absolute).
  if (ref.has_scheme) {
    t = ref;
    t.path = RemoveDotSegments(ref.path);
  } else {
    if (ref.has_authority) {
      t.has_authority = true;
      t.authority = ref.authority;
      t.path = RemoveDotSegments(ref.path);
      t.has_query = ref.has_query;
      t.query = ref.query;
    } else {
      if (ref.path.empty()) {
        t.path = base.path;
        t.has_query = ref.has_query || base.has_query;
        t.query = ref.has_query ? ref.query : base.query;
      } else {
        if (ref.path[0] == '/') {
          t.path = RemoveDotSegments(ref.path);
        } else {
          t.path = RemoveDotSegments(Merge(base, ref.path));
        }
        t.has_query = ref.has_query;
        t.query = ref.query;
      }
      t.has_authority = base.has_authority;
      t.authority = base.authority;
    }
    t.has_scheme = true;
    t.scheme = base.scheme;
  }
  t.has_fragment = ref.has_fragment;
  t.fragment = ref.fragment;
  return Recompose(t);
}

}  // namespace posture
