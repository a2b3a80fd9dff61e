#include "checks/parse/dns_taglist.h"

#include "checks/base/strings.h"

namespace posture {

std::vector<DnsTag> ParseDnsTagList(std::string_view text, size_t max_tags) {
  std::vector<DnsTag> out;
  for (std::string_view seg : Split(text, ';')) {
    seg = TrimWhitespace(seg);
    if (seg.empty()) continue;
    if (out.size() >= max_tags) break;
    DnsTag tag;
    size_t eq = seg.find('=');
    if (eq == std::string_view::npos) {
      tag.name = AsciiLower(seg);
      tag.has_equals = false;
    } else {
      tag.name = AsciiLower(TrimWhitespace(seg.substr(0, eq)));
      tag.value = std::string(TrimWhitespace(seg.substr(eq + 1)));
    }
    out.push_back(std::move(tag));
  }
  return out;
}

const DnsTag* FindDnsTag(const std::vector<DnsTag>& tags, std::string_view name) {
  for (const DnsTag& t : tags)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace posture
