#include "checks/mail/mail_plan.h"

#include <algorithm>

#include "checks/base/strings.h"

namespace posture {

std::vector<std::string> DmarcDiscoveryNames(const std::string& domain_in,
                                             const PublicSuffixList* psl) {
  std::string domain = CanonicalDnsName(domain_in);
  std::vector<std::string> out;
  if (domain.empty()) return out;
  auto add = [&](const std::string& d) {
    if (d.empty() || out.size() >= 8) return;
    std::string name = "_dmarc." + d;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  add(domain);
  std::vector<std::string_view> labels = Split(domain, '.');
  size_t first = 1;
  if (labels.size() > 8) first = labels.size() - 7;  // RFC 9989 §4.10: shorten to 7 labels
  std::string org = OrganizationalDomainOf(domain, psl);
  for (size_t i = first; i + 2 <= labels.size(); ++i) {
    std::string parent = domain.substr(static_cast<size_t>(labels[i].data() - domain.data()));
    add(parent);
  }
  add(org);  // always present (already there unless the list had to stop)
  return out;
}

const std::vector<std::string>& KnownDkimSelectors() {
  static const std::vector<std::string> kSelectors = {
      "selector1", "selector2",  // Microsoft 365
      "google",                  // Google Workspace
      "default", "mail", "dkim", "k1", "k2", "s1", "s2",
      "smtp", "mx", "key1", "key2", "sig1",
  };
  return kSelectors;
}

std::vector<std::string> DmarcReportAuthorisationNames(const std::string& policy_domain,
                                                       const DmarcRecord& record,
                                                       const PublicSuffixList* psl) {
  std::vector<std::string> out;
  std::string pd = CanonicalDnsName(policy_domain);
  std::string org = OrganizationalDomainOf(pd, psl);
  for (const DmarcUri& u : record.rua) {
    if (!u.valid || u.domain.empty()) continue;
    if (OrganizationalDomainOf(u.domain, psl) == org) continue;
    std::string name = pd + "._report._dmarc." + u.domain;
    if (std::find(out.begin(), out.end(), name) == out.end() && out.size() < 8) out.push_back(name);
  }
  return out;
}

}  // namespace posture
