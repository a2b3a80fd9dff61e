#include "targets/csv.h"

#include <cstdint>

namespace posture {
namespace {

// Windows-1252 code points for bytes 0x80-0x9F (0 = undefined).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char DetectSeparator(std::string_view text) {
  size_t counts[3] = {0, 0, 0};  // , ; tab
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++counts[0];
    if (c == ';') ++counts[1];
    if (c == '\t') ++counts[2];
  }
  if (counts[1] > counts[0] && counts[1] >= counts[2]) return ';';
  if (counts[2] > counts[0] && counts[2] > counts[1]) return '\t';
  return ',';
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<uint8_t>(s[i]);
    size_t len;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<uint8_t>(s[i + k]) & 0xC0) != 0x80) return false;
    auto c1 = static_cast<uint8_t>(s[i + 1]);
    if (c == 0xE0 && c1 < 0xA0) return false;  // overlong
    if (c == 0xED && c1 >= 0xA0) return false;  // surrogates
    if (c == 0xF0 && c1 < 0x90) return false;  // overlong
    if (c == 0xF4 && c1 >= 0x90) return false;  // above U+10FFFF
    i += len;
  }
  return true;
}

StatusOr<std::string> DecodeSpreadsheetText(std::string_view bytes, bool* transcoded) {
  if (transcoded) *transcoded = false;
  if (bytes.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4) ||
      bytes.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4))
    return InvalidArgument("the file is UTF-32; save it as \"CSV UTF-8\"");
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")
    return InvalidArgument("the file is UTF-16; save it as \"CSV UTF-8\"");
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    auto c = static_cast<uint8_t>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c < 0xA0) {
      uint16_t cp = kCp1252High[c - 0x80];
      AppendUtf8(out, cp ? cp : 0xFFFD);
    } else {
      AppendUtf8(out, c);
    }
  }
  if (transcoded) *transcoded = true;
  return out;
}

CsvDocument ParseCsv(std::string_view text) {
  CsvDocument doc;
  doc.separator = DetectSeparator(text);
  const char sep = doc.separator;
  size_t i = 0;
  int line = 1;
  const size_t n = text.size();
  auto at_line_end = [&](size_t k) { return k >= n || text[k] == '\n' || text[k] == '\r'; };
  // Consumes one line end at i (CRLF, LF or CR) and counts it.
  auto eat_line_end = [&]() {
    if (i < n && text[i] == '\r') ++i;
    if (i < n && text[i] == '\n') ++i;
    ++line;
  };
  while (i < n) {
    CsvRow row;
    row.line = line;
    std::string field;
    bool row_done = false;
    while (!row_done) {
      field.clear();
      if (i < n && text[i] == '"') {
        // Quoted field.
        ++i;
        bool closed = false;
        while (i < n) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\r' || c == '\n') {
            // A line break inside quotes belongs to the field.
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            field.push_back('\n');
            ++i;
            ++line;
            continue;
          }
          field.push_back(c);
          ++i;
        }
        if (!closed) {
          row.error = "a quoted field is not closed (a \" is missing)";
          row.fields.push_back(field);
          i = n;
          break;
        }
        // After the closing quote: separator, line end or end of input.
        while (i < n && (text[i] == ' ' || text[i] == '\t') && text[i] != sep) ++i;
        if (i < n && text[i] != sep && !at_line_end(i)) {
          if (row.error.empty())
            row.error = "unexpected text after a closing quote (a quote inside a field is written \"\")";
          while (i < n && text[i] != sep && !at_line_end(i)) ++i;
        }
      } else {
        while (i < n && text[i] != sep && !at_line_end(i)) field.push_back(text[i++]);
      }
      row.fields.push_back(field);
      if (i < n && text[i] == sep) {
        ++i;
        continue;
      }
      row_done = true;
    }
    eat_line_end();
    doc.rows.push_back(std::move(row));
  }
  return doc;
}

}  // namespace posture
