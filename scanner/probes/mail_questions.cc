#include "scanner/probes/mail_questions.h"

#include "checks/base/strings.h"
#include "checks/mail/mail_plan.h"
#include "checks/parse/dmarc.h"
#include "checks/parse/dns_text.h"
#include "checks/parse/spf_eval.h"

namespace posture {
namespace {

// ExpandSpfTree's view of the answers gathered so far.
class LookupSpfDns : public SpfDns {
 public:
  explicit LookupSpfDns(const DnsLookupFn& lookup) : lookup_(lookup) {}
  const DnsResult* Lookup(const std::string& name, uint16_t type) override {
    return lookup_(name, type);
  }

 private:
  const DnsLookupFn& lookup_;
};

}  // namespace

std::vector<std::string> DmarcQuestionNames(const std::string& domain, const PublicSuffixList* psl) {
  return DmarcDiscoveryNames(domain, psl);
}

std::vector<std::string> DkimQuestionNames(const std::string& domain) {
  std::vector<std::string> names;
  for (const std::string& s : KnownDkimSelectors()) names.push_back(s + "._domainkey." + domain);
  return names;
}

std::vector<DnsKey> SpfQuestionsNeeded(const std::string& domain, const DnsLookupFn& lookup) {
  LookupSpfDns dns(lookup);
  SpfTree tree = ExpandSpfTree(CanonicalDnsName(domain), dns);
  std::vector<DnsKey> needed;
  for (const auto& [name, type] : tree.needed) needed.push_back({CanonicalDnsName(name), type});
  return needed;
}

std::vector<std::string> DmarcReportQuestionNames(const std::string& domain,
                                                  const PublicSuffixList* psl,
                                                  const DnsLookupFn& lookup) {
  for (const std::string& name : DmarcDiscoveryNames(domain, psl)) {
    const DnsResult* r = lookup(name, dns_type::kTxt);
    if (r == nullptr || r->status != ProbeStatus::kOk) {
      if (r != nullptr && (r->status == ProbeStatus::kNxDomain || r->status == ProbeStatus::kNoData))
        continue;
      return {};  // not asked or failed: discovery stops here, as the checks' does
    }
    std::vector<std::string> records;
    for (const std::string& t : JoinedTxtRecords(*r))
      if (IsDmarcRecordText(t)) records.push_back(t);
    if (records.empty()) continue;
    if (records.size() != 1) return {};  // several records: no policy (RFC 7489 §6.6.3)
    DmarcRecord parsed = ParseDmarcRecord(records.front());
    if (!parsed.ok) return {};
    std::string policy_domain = name.substr(std::string("_dmarc.").size());
    return DmarcReportAuthorisationNames(policy_domain, parsed, psl);
  }
  return {};
}

}  // namespace posture
