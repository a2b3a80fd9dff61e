#include "checks/parse/tlsrpt.h"

#include "checks/base/strings.h"
#include "checks/parse/dns_taglist.h"

namespace posture {

bool IsTlsRptRecordText(std::string_view text) {
  std::vector<DnsTag> tags = ParseDnsTagList(text, 1);
  return !tags.empty() && tags[0].name == "v" && tags[0].value == "TLSRPTv1";
}

TlsRptRecord ParseTlsRptRecord(std::string_view text) {
  TlsRptRecord r;
  std::vector<DnsTag> tags = ParseDnsTagList(text);
  if (tags.empty() || tags[0].name != "v" || tags[0].value != "TLSRPTv1") {
    r.error = "the record does not start with v=TLSRPTv1";
    return r;
  }
  const DnsTag* rua = FindDnsTag(tags, "rua");
  if (!rua) {
    r.error = "the required rua field is missing";
    return r;
  }
  for (std::string_view u : Split(rua->value, ',')) {
    u = TrimWhitespace(u);
    if (u.empty()) continue;
    bool mailto = StartsWithIgnoreCase(u, "mailto:") && u.find('@') != std::string_view::npos;
    bool https = StartsWithIgnoreCase(u, "https://") && u.size() > 8;
    (mailto || https ? r.rua : r.invalid).push_back(std::string(u.substr(0, 256)));
  }
  if (r.rua.empty()) {
    r.error = "rua has no valid mailto: or https: address";
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace posture
