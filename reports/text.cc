#include "reports/text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "scoring/model.h"

namespace posture::reports {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i] (0 when invalid), and its code point.
size_t Utf8Sequence(std::string_view s, size_t i, uint32_t* cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    v = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    v = (v << 6) | (d & 0x3F);
  }
  // Overlong forms, surrogates and values above U+10FFFF are invalid.
  if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return n;
}

bool IsBidiControl(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

void AppendEscaped(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t n = Utf8Sequence(text, i, &cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (n == 1) {
      char c = text[i];
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        case '\n':
        case '\t':
          out += c;
          break;
        default:
          if (cp < 0x20 || cp == 0x7F)
            out += kReplacement;
          else
            out += c;
      }
    } else if ((cp >= 0x80 && cp < 0xA0) || IsBidiControl(cp) || cp == 0xFEFF) {
      out += kReplacement;
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
}

// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
std::string_view ClipUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

const char* const kMonthsFr[] = {"janvier",   "février", "mars",     "avril",
                                 "mai",       "juin",    "juillet",  "août",
                                 "septembre", "octobre", "novembre", "décembre"};
const char* const kMonthsEn[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
const char* const kShortFr[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                                "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
const char* const kShortEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string Html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  AppendEscaped(out, text);
  return out;
}

std::string HtmlClipped(std::string_view text, size_t max_bytes) {
  std::string_view clipped = ClipUtf8(text, max_bytes);
  std::string out = Html(clipped);
  if (clipped.size() < text.size()) out += "…";
  return out;
}

std::string CatalogueHtml(std::string_view text) {
  std::string escaped = Html(text);
  if (std::count(escaped.begin(), escaped.end(), '`') % 2 != 0) return escaped;
  std::string out;
  bool open = false;
  for (char c : escaped) {
    if (c == '`') {
      out += open ? "</code>" : "<code>";
      open = !open;
    } else {
      out += c;
    }
  }
  return out;
}

char CsvSeparator(CsvDialect d) { return d == CsvDialect::kExcelFr ? ';' : ','; }

std::string CsvPreamble(CsvDialect d) { return d == CsvDialect::kExcelFr ? "\xEF\xBB\xBF" : ""; }

std::string CsvCell(std::string_view value, CsvDialect d, bool text) {
  std::string v(value);
  if (text && !v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  const char sep = CsvSeparator(d);
  bool quote = false;
  for (char c : v)
    if (c == sep || c == '"' || c == '\r' || c == '\n') quote = true;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvNumber(double value, int decimals, CsvDialect d) {
  std::string s = Fixed(value, decimals);
  if (s == "-0" || s == "-0.0" || s == "-0.00") s = s.substr(1);
  if (d == CsvDialect::kExcelFr)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

const char* LangCode(Lang lang) { return lang == Lang::kFr ? "fr" : "en"; }

std::string FormatScore(double v, Lang lang) {
  std::string s = Fixed(scoring::RoundScore(v), 1);
  if (s == "-0.0") s = "0.0";
  if (lang == Lang::kFr)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

std::string FormatDelta(double v, Lang lang) {
  double r = scoring::RoundScore(v);
  if (r == 0) return FormatScore(0, lang);
  std::string s = FormatScore(std::fabs(r), lang);
  return (r > 0 ? "+" : "\xE2\x88\x92") + s;
}

std::string FormatInt(int64_t v, Lang lang) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string sep = lang == Lang::kFr ? "\xE2\x80\xAF" : ",";  // U+202F narrow no-break space
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string FormatPercent(double share, Lang lang) {
  long p = std::lround(share * 100);
  return std::to_string(p) + (lang == Lang::kFr ? "\xC2\xA0%" : "%");
}

std::string FormatLongDate(DayNumber day, Lang lang) {
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  if (lang == Lang::kFr)
    return (d == 1 ? std::string("1er") : std::to_string(d)) + " " + kMonthsFr[m - 1] + " " +
           std::to_string(y);
  return std::to_string(d) + " " + kMonthsEn[m - 1] + " " + std::to_string(y);
}

std::string FormatShortDate(DayNumber day, Lang lang) {
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  return std::to_string(d) + " " + (lang == Lang::kFr ? kShortFr[m - 1] : kShortEn[m - 1]);
}

}  // namespace posture::reports
