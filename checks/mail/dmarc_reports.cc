// MAIL-DMARC-03: aggregate reports are requested (rua, RFC 7489 §6.3, §7.2)
// and each external destination has authorised them (§7.1): a TXT record
// "v=DMARC1" at `<policy domain>._report._dmarc.<destination domain>`
// (DmarcReportAuthorisationNames). No rua: fail low. An external
// destination that has not authorised the reports gets none (§7.1: the
// report generator must not send them): when no destination is left, fail
// low, as without rua; when another destination still receives them,
// partial low. Authorisation not asked: not_tested.
#include <algorithm>

#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"
#include "checks/mail/mail_plan.h"
#include "checks/parse/dns_text.h"

namespace posture::mail {

std::vector<Finding> CheckDmarcReports(const CheckContext& ctx) {
  const char* kCode = "MAIL-DMARC-03";
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    DmarcFacts dm = DiscoverDmarc(ctx, d);
    if (dm.state == DmarcFacts::State::kNotTested) {
      f.push_back(MakeFinding(kCode, Outcome::kNotTested, Severity::kLow, d, "", dm.why));
    } else if (dm.state == DmarcFacts::State::kError) {
      f.push_back(MakeFinding(kCode, Outcome::kError, Severity::kLow, d, dm.why, "DNS failure"));
    } else if (dm.state != DmarcFacts::State::kFound || !dm.parsed.ok) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, Severity::kLow, d, dm.why,
                              "no usable DMARC record (see MAIL-DMARC-01)"));
    } else {
      std::string evidence = "_dmarc." + dm.record_domain + ": " + dm.record;
      std::vector<std::string> valid;
      for (const DmarcUri& u : dm.parsed.rua)
        if (u.valid) valid.push_back(u.uri);
      if (valid.empty()) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kLow, d, evidence,
                                "no aggregate report address (rua)"));
      } else {
        std::vector<std::string> refused, unknown, failed, lines;
        std::string policy = CanonicalDnsName(dm.record_domain);
        for (const std::string& name :
             DmarcReportAuthorisationNames(dm.record_domain, dm.parsed, ctx.psl)) {
          const DnsResult* r = ctx.obs.FindDns(name, dns_type::kTxt);
          if (!r || IsDnsFailure(*r)) {
            bool asked = r && r->status != ProbeStatus::kSkipped && r->status != ProbeStatus::kOptedOut;
            (asked ? failed : unknown).push_back(name);
            lines.push_back(r ? DnsStatusText(*r) : "TXT " + name + ": not asked");
            continue;
          }
          bool ok = false;
          for (const std::string& t : JoinedTxtRecords(*r)) ok = ok || IsDmarcRecordText(t);
          lines.push_back("TXT " + name + ": " + (ok ? "v=DMARC1 (authorised)" : ProbeStatusName(r->status)));
          if (!ok) refused.push_back(name);
        }
        std::string ev = evidence + (lines.empty() ? "" : "\n" + Join(lines, "\n"));
        size_t receiving = 0;  // valid destinations whose reports are not discarded
        for (const DmarcUri& u : dm.parsed.rua) {
          if (!u.valid) continue;
          std::string name = policy + "._report._dmarc." + u.domain;
          if (std::find(refused.begin(), refused.end(), name) == refused.end()) ++receiving;
        }
        if (!refused.empty()) {
          f.push_back(MakeFinding(kCode, receiving == 0 ? Outcome::kFail : Outcome::kPartial,
                                  Severity::kLow, d, ev,
                                  "external report destination(s) without authorisation: " +
                                      Join(refused, ", ") +
                                      (receiving == 0 ? " (no report reaches anyone)" : "")));
        } else if (!failed.empty()) {
          f.push_back(MakeFinding(kCode, Outcome::kError, Severity::kLow, d, ev,
                                  "DNS failure on report authorisation: " + Join(failed, ", ")));
        } else if (!unknown.empty()) {
          f.push_back(MakeFinding(kCode, Outcome::kNotTested, Severity::kLow, d, ev,
                                  "external report authorisation not verified: " + Join(unknown, ", ")));
        } else {
          f.push_back(MakeFinding(kCode, Outcome::kPass, Severity::kLow, d, ev,
                                  "aggregate reports to " + Join(valid, ", ")));
        }
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
