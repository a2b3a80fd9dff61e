// MAIL-NULL-01: a domain that receives no mail (null MX, RFC 7505, or no MX
// at all) can still be used to forge mail: it should publish
// "v=spf1 -all" (RFC 7208 §4.7: nothing may send) and a DMARC p=reject
// (RFC 7489 §6.3; RFC 7505 §4.2 recommends both). Both: pass; one: partial;
// neither: fail medium. Domains with MX hosts: not applicable.
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckNullMx(const CheckContext& ctx) {
  const char* kCode = "MAIL-NULL-01";
  const Severity kSev = Severity::kMedium;
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    MxFacts mx = GetMxFacts(ctx.obs, d);
    const DnsResult* txt = ctx.obs.FindDns(d, dns_type::kTxt);
    if (auto gate = DnsGate(kCode, kSev, d, mx.answer)) {
      f.push_back(*gate);
    } else if (!mx.null_mx && !mx.hosts.empty()) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, kSev, d, "", "the domain receives mail"));
    } else if (auto gate2 = DnsGate(kCode, kSev, d, txt)) {
      f.push_back(*gate2);
    } else {
      DmarcFacts dm = DiscoverDmarc(ctx, d);
      if (dm.state == DmarcFacts::State::kNotTested || dm.state == DmarcFacts::State::kError) {
        f.push_back(MakeFinding(kCode, dm.state == DmarcFacts::State::kError ? Outcome::kError : Outcome::kNotTested,
                                kSev, d, dm.why, "DMARC not known"));
      } else {
        std::vector<std::string> spf = SpfRecordsOf(*txt);
        bool spf_ok = false;
        if (spf.size() == 1) {
          SpfRecord rec = ParseSpfRecord(spf[0]);
          spf_ok = rec.ok && rec.mechanisms.size() == 1 &&
                   rec.mechanisms[0].mechanism == SpfMechanism::kAll &&
                   rec.mechanisms[0].qualifier == SpfQualifier::kFail && !rec.redirect;
        }
        bool dmarc_ok = dm.state == DmarcFacts::State::kFound && dm.parsed.ok &&
                        EffectiveDmarcPolicy(dm.parsed, dm.inherited).effective == DmarcPolicy::kReject;
        std::string ev = std::string(mx.null_mx ? "MX 0 ." : "no MX") + "\nSPF: " +
                         (spf.empty() ? "(none)" : spf[0]) + "\nDMARC: " +
                         (dm.record.empty() ? "(none)" : "_dmarc." + dm.record_domain + ": " + dm.record);
        Outcome o = spf_ok && dmarc_ok ? Outcome::kPass : (spf_ok || dmarc_ok) ? Outcome::kPartial : Outcome::kFail;
        std::string detail = std::string(spf_ok ? "" : "missing 'v=spf1 -all'; ") +
                             (dmarc_ok ? "" : "missing DMARC p=reject");
        f.push_back(MakeFinding(kCode, o, kSev, d, ev, o == Outcome::kPass ? "locked down" : detail));
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
