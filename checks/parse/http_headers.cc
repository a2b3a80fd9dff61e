#include "checks/parse/http_headers.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

constexpr size_t kMaxProducts = 16;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Canonical(std::string_view product) {
  std::string p = AsciiLower(product);
  while (!p.empty() && (p.back() == '!' || p.back() == ':')) p.pop_back();  // "Joomla!"
  if (p == "apache" || p == "httpd") return "apache-httpd";
  if (p == "microsoft-iis") return "iis";
  if (p == "asp.net") return "aspnet";
  return p;
}

// A version-looking prefix of `s`: digits and dots (and the letters and
// separators that usually follow, e.g. "1.0.2k", "7.4.3-1ubuntu").
std::string_view VersionPrefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '(' || s[i] == ',' || s[i] == ';'))
    ++i;
  return s.substr(0, std::min<size_t>(i, 64));
}

}  // namespace

std::vector<std::string> HeaderValues(const std::vector<HttpHeader>& headers,
                                      std::string_view name) {
  std::vector<std::string> out;
  for (const HttpHeader& h : headers)
    if (EqualsIgnoreCase(TrimWhitespace(h.name), name)) out.push_back(h.value);
  return out;
}

std::string HeaderLines(const std::vector<HttpHeader>& headers, std::string_view name,
                        size_t max_bytes) {
  std::string out;
  for (const HttpHeader& h : headers) {
    if (!EqualsIgnoreCase(TrimWhitespace(h.name), name)) continue;
    if (!out.empty()) out += "\n";
    out += h.name + ": " + h.value;
    if (out.size() > max_bytes) break;
  }
  return SanitizeForDisplay(out, max_bytes);
}

bool HasVersionDigits(std::string_view version) {
  for (char c : version)
    if (IsDigit(c)) return true;
  return false;
}

std::vector<ProductVersion> ParseProductTokens(std::string_view value, std::string_view source) {
  std::vector<ProductVersion> out;
  size_t i = 0;
  const size_t n = std::min<size_t>(value.size(), 4096);
  while (i < n && out.size() < kMaxProducts) {
    char c = value[i];
    if (c == ' ' || c == '\t' || c == ',') {
      ++i;
      continue;
    }
    if (c == '(') {  // comment, possibly nested
      int depth = 0;
      while (i < n) {
        if (value[i] == '(') ++depth;
        else if (value[i] == ')' && --depth == 0) {
          ++i;
          break;
        }
        ++i;
      }
      continue;
    }
    size_t start = i;
    while (i < n && value[i] != ' ' && value[i] != '\t' && value[i] != '/' && value[i] != '(' &&
           value[i] != ',')
      ++i;
    ProductVersion pv;
    pv.product = std::string(value.substr(start, std::min<size_t>(i - start, 64)));
    pv.source = std::string(source);
    if (i < n && value[i] == '/') {
      ++i;
      std::string_view v = VersionPrefix(value.substr(i, n - i));
      pv.version = std::string(v);
      i += v.size();
    }
    if (pv.product.empty()) {
      ++i;
      continue;
    }
    pv.canonical = Canonical(pv.product);
    out.push_back(std::move(pv));
  }
  return out;
}

ProductVersion ParseGenerator(std::string_view content, std::string_view source) {
  ProductVersion pv;
  pv.source = std::string(source);
  std::string_view s = TrimWhitespace(content.substr(0, std::min<size_t>(content.size(), 512)));
  std::vector<std::string_view> words = SplitWhitespace(s);
  if (words.empty()) return pv;
  pv.product = std::string(words[0].substr(0, 64));
  // "Product/1.2" form.
  size_t slash = words[0].find('/');
  if (slash != std::string_view::npos) {
    pv.product = std::string(words[0].substr(0, std::min<size_t>(slash, 64)));
    pv.version = std::string(VersionPrefix(words[0].substr(slash + 1)));
  } else if (words.size() > 1 && IsDigit(words[1][0])) {
    pv.version = std::string(VersionPrefix(words[1]));
  }
  pv.canonical = Canonical(pv.product);
  return pv;
}

int CompareVersions(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s, bool* done) -> long {
    // Reads one numeric component; stops at the first non-digit that is not '.'.
    if (s.empty() || !IsDigit(s[0])) {
      *done = true;
      return 0;
    }
    long v = 0;
    size_t i = 0;
    while (i < s.size() && IsDigit(s[i])) {
      if (v < 1000000000L) v = v * 10 + (s[i] - '0');
      ++i;
    }
    if (i < s.size() && s[i] == '.') {
      s.remove_prefix(i + 1);
    } else {
      s = std::string_view();
    }
    return v;
  };
  for (int k = 0; k < 16; ++k) {
    bool da = false, db = false;
    long va = next(a, &da);
    long vb = next(b, &db);
    if (va != vb) return va < vb ? -1 : 1;
    if (da && db) return 0;
  }
  return 0;
}

}  // namespace posture
