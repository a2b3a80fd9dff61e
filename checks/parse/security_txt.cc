#include "checks/parse/security_txt.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

constexpr UnixSeconds kOneYear = 366 * 86400;  // leap-year tolerant

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

void AddOnce(std::vector<std::string>& list, std::string s) {
  for (const std::string& x : list)
    if (x == s) return;
  if (list.size() < 32) list.push_back(std::move(s));
}

// Splits into lines (LF or CRLF; a lone CR also ends a line), bounded.
std::vector<std::string_view> Lines(std::string_view text, bool* truncated) {
  std::vector<std::string_view> out;
  size_t i = 0;
  *truncated = false;
  while (i < text.size()) {
    if (out.size() >= kSecurityTxtMaxLines) {
      *truncated = true;
      break;
    }
    size_t end = text.find_first_of("\r\n", i);
    if (end == std::string_view::npos) {
      out.push_back(text.substr(i));
      break;
    }
    out.push_back(text.substr(i, end - i));
    if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
    i = end + 1;
  }
  return out;
}

}  // namespace

std::optional<UnixSeconds> ParseRfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, &y) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
      !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &sec))
    return std::nullopt;
  static const int kDim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kDim[mo - 1] || (mo == 2 && d == 29 && !leap))
    return std::nullopt;
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 12) ++pos;
    if (pos == start) return std::nullopt;
  }
  int offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 60 + om) * 60 * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  UnixSeconds t = static_cast<UnixSeconds>(DaysFromCivil(y, static_cast<unsigned>(mo),
                                                         static_cast<unsigned>(d))) *
                  86400;
  t += h * 3600 + mi * 60 + (sec == 60 ? 59 : sec);
  return t - offset;
}

SecurityTxt ParseSecurityTxt(std::string_view text, UnixSeconds now) {
  SecurityTxt out;
  // A UTF-8 byte order mark is tolerated.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool truncated = false;
  std::vector<std::string_view> lines = Lines(text, &truncated);
  if (truncated) out.warnings.push_back("file longer than the line cap: the rest was not read");

  // OpenPGP cleartext signature framing (RFC 4880 §7): find the first
  // non-blank line.
  size_t first = 0;
  while (first < lines.size() && TrimWhitespace(lines[first]).empty()) ++first;
  size_t body_begin = 0, body_end = lines.size();
  bool dash_escaped = false;
  if (first < lines.size() &&
      TrimWhitespace(lines[first]) == "-----BEGIN PGP SIGNED MESSAGE-----") {
    out.signed_message = true;
    dash_escaped = true;
    size_t i = first + 1;
    // Armor headers ("Hash: SHA256") up to the first blank line.
    while (i < lines.size() && !TrimWhitespace(lines[i]).empty()) ++i;
    if (i >= lines.size()) {
      out.errors.push_back("PGP signed message without a blank line after its armor headers");
    }
    body_begin = i + 1;
    size_t sig = lines.size();
    for (size_t k = body_begin; k < lines.size(); ++k) {
      if (TrimWhitespace(lines[k]) == "-----BEGIN PGP SIGNATURE-----") {
        sig = k;
        break;
      }
    }
    if (sig == lines.size()) {
      out.errors.push_back("PGP signed message without a signature block");
    } else {
      bool ended = false;
      for (size_t k = sig + 1; k < lines.size(); ++k) {
        if (TrimWhitespace(lines[k]) == "-----END PGP SIGNATURE-----") {
          ended = true;
          for (size_t m = k + 1; m < lines.size(); ++m) {
            if (!TrimWhitespace(lines[m]).empty()) {
              out.warnings.push_back("text after the PGP signature is ignored");
              break;
            }
          }
          break;
        }
      }
      if (!ended) out.errors.push_back("PGP signature block is not terminated");
    }
    body_end = sig;
    if (body_begin > body_end) body_begin = body_end;
  }

  size_t expires_count = 0;
  size_t languages_count = 0;
  size_t invalid_lines = 0;
  std::string first_invalid;
  for (size_t k = body_begin; k < body_end; ++k) {
    std::string_view line = lines[k];
    if (dash_escaped && line.size() >= 2 && line[0] == '-' && line[1] == ' ') line.remove_prefix(2);
    std::string_view trimmed = TrimWhitespace(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    size_t colon = trimmed.find(':');
    bool name_ok = colon != std::string_view::npos && colon > 0;
    if (name_ok) {
      for (char c : trimmed.substr(0, colon)) {
        bool vchar = c > 0x20 && c < 0x7F;
        if (!vchar) {
          name_ok = false;
          break;
        }
      }
    }
    if (!name_ok) {
      ++invalid_lines;
      if (first_invalid.empty()) first_invalid = SanitizeForDisplay(trimmed, 120);
      continue;
    }
    SecurityTxtField f;
    f.name = AsciiLower(trimmed.substr(0, colon));
    f.value = std::string(TrimWhitespace(trimmed.substr(colon + 1)).substr(0, kSecurityTxtMaxValueBytes));
    f.line = k + 1;
    if (f.name == "contact") {
      if (f.value.empty()) {
        out.errors.push_back("empty Contact field");
      } else {
        if (StartsWithIgnoreCase(f.value, "http:")) {
          AddOnce(out.warnings, "Contact web URI is not https:// (RFC 9116 §2.5.3)");
        } else if (!StartsWithIgnoreCase(f.value, "mailto:") &&
                   !StartsWithIgnoreCase(f.value, "https:") &&
                   !StartsWithIgnoreCase(f.value, "tel:")) {
          AddOnce(out.warnings, "Contact is not a mailto:, https:// or tel: URI");
        }
        if (out.contacts.size() < 32) out.contacts.push_back(f.value);
      }
    } else if (f.name == "expires") {
      ++expires_count;
      if (expires_count == 1) {
        out.expires_raw = f.value;
        out.expires = ParseRfc3339(f.value);
        if (!out.expires) out.errors.push_back("Expires is not an RFC 3339 date-time");
      }
    } else if (f.name == "preferred-languages") {
      ++languages_count;
    } else if (f.name == "encryption" || f.name == "canonical" || f.name == "policy" ||
               f.name == "acknowledgments" || f.name == "hiring" || f.name == "csaf") {
      if (StartsWithIgnoreCase(f.value, "http:"))
        AddOnce(out.warnings, "a web URI is not https:// (RFC 9116 §2.3)");
    }
    if (out.fields.size() < 256) out.fields.push_back(std::move(f));
  }
  if (invalid_lines > 0) {
    out.warnings.push_back(std::to_string(invalid_lines) + " line(s) are neither fields nor comments, e.g. \"" +
                         first_invalid + "\"");
  }
  if (out.contacts.empty()) out.errors.push_back("Contact is missing (RFC 9116 §2.5.3)");
  if (expires_count == 0) out.errors.push_back("Expires is missing (RFC 9116 §2.5.5)");
  if (expires_count > 1) out.errors.push_back("Expires appears more than once (RFC 9116 §2.5.5)");
  if (languages_count > 1) out.errors.push_back("Preferred-Languages appears more than once");
  if (out.expires) {
    if (*out.expires <= now) {
      out.errors.push_back("Expires is in the past (" + FormatIso8601(*out.expires) + ")");
    } else if (*out.expires - now > kOneYear) {
      out.warnings.push_back("Expires is more than a year ahead (RFC 9116 §2.5.5 recommends less)");
    }
  }
  return out;
}

}  // namespace posture
