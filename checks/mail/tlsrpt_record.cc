// MAIL-TLSRPT-01: SMTP TLS Reporting (RFC 8460 §3): a `_smtp._tls` TXT
// record "v=TLSRPTv1; rua=mailto:...|https://..." asks senders to report TLS
// delivery failures. Severity info (issue 4's table gives "info" as the
// severity): pass when valid; fail (info) when absent, invalid or several
// (§3: "MUST NOT" be more than one). A domain that receives no mail:
// not_applicable.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"
#include "checks/parse/dns_text.h"
#include "checks/parse/tlsrpt.h"

namespace posture::mail {

std::vector<Finding> CheckTlsRpt(const CheckContext& ctx) {
  const char* kCode = "MAIL-TLSRPT-01";
  const Severity kSev = Severity::kInfo;
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    MxFacts mx = GetMxFacts(ctx.obs, d);
    const DnsResult* r = ctx.obs.FindDns("_smtp._tls." + d, dns_type::kTxt);
    if (mx.answer && IsDnsAnswer(*mx.answer) && (mx.null_mx || mx.hosts.empty())) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, kSev, d, "", "the domain receives no mail"));
    } else if (auto gate = DnsGate(kCode, kSev, d, r)) {
      f.push_back(*gate);
    } else {
      std::vector<std::string> recs;
      for (std::string& t : JoinedTxtRecords(*r))
        if (IsTlsRptRecordText(t)) recs.push_back(std::move(t));
      if (recs.empty()) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, DnsStatusText(*r), "no TLS-RPT record"));
      } else if (recs.size() > 1) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, Join(recs, "\n"), "several TLS-RPT records"));
      } else {
        TlsRptRecord rec = ParseTlsRptRecord(recs[0]);
        f.push_back(MakeFinding(kCode, rec.ok ? Outcome::kPass : Outcome::kFail, kSev, d, recs[0],
                                rec.ok ? "reports to " + Join(rec.rua, ", ") : rec.error));
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
