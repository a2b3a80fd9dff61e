#include "checks/parse/dns_text.h"

#include "checks/base/strings.h"

namespace posture {

std::vector<std::string> ParseCharacterStrings(std::string_view s, size_t max_strings) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size() && out.size() < max_strings) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::string cur;
    bool quoted = s[i] == '"';
    if (quoted) ++i;
    while (i < s.size()) {
      char c = s[i];
      if (quoted && c == '"') {
        ++i;
        break;
      }
      if (!quoted && (c == ' ' || c == '\t')) break;
      if (c == '\\' && i + 1 < s.size()) {
        if (i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' &&
            s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9') {
          int v = (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
          cur.push_back(static_cast<char>(v & 0xFF));
          i += 4;
          continue;
        }
        cur.push_back(s[i + 1]);
        i += 2;
        continue;
      }
      cur.push_back(c);
      ++i;
    }
    out.push_back(std::move(cur));
  }
  return out;
}

std::string JoinedTxt(const DnsRecord& record) {
  std::string out;
  if (!record.strings.empty()) {
    for (const std::string& s : record.strings) out += s;
    return out;
  }
  for (const std::string& s : ParseCharacterStrings(record.data)) out += s;
  return out;
}

std::vector<std::string> JoinedTxtRecords(const DnsResult& result) {
  std::vector<std::string> out;
  for (const DnsRecord& r : result.records)
    if (r.type == dns_type::kTxt || r.type == 0) out.push_back(JoinedTxt(r));
  return out;
}

bool IsDnsVoid(const DnsResult& r) {
  if (r.status == ProbeStatus::kNxDomain || r.status == ProbeStatus::kNoData) return true;
  return r.status == ProbeStatus::kOk && r.records.empty();
}

bool IsDnsAnswer(const DnsResult& r) { return r.status == ProbeStatus::kOk || IsDnsVoid(r); }

bool IsDnsFailure(const DnsResult& r) { return !IsDnsAnswer(r); }

bool IsQueryableDnsName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  for (std::string_view label : Split(name, '.'))
    if (label.empty() || label.size() > 63) return false;
  return true;
}

bool IsHostName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (!IsQueryableDnsName(name)) return false;
  auto labels = Split(name, '.');
  if (labels.size() < 2) return false;
  for (std::string_view label : labels) {
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_';
      if (!ok) return false;
    }
  }
  return true;
}

}  // namespace posture
