// MAIL-MX-01: how the domain receives mail: MX hosts (RFC 5321 §5.1), a null
// MX (RFC 7505: "0 ." — the domain accepts no mail), or no MX at all (mail
// would fall back to the address record). Informative only.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckMailMx(const CheckContext& ctx) {
  const char* kCode = "MAIL-MX-01";
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    MxFacts mx = GetMxFacts(ctx.obs, d);
    if (auto gate = DnsGate(kCode, Severity::kInfo, d, mx.answer)) {
      f.push_back(*gate);
    } else if (mx.null_mx) {
      f.push_back(MakeFinding(kCode, Outcome::kInfo, Severity::kInfo, d, "MX 0 .",
                              "null MX (RFC 7505): the domain accepts no mail"));
    } else if (mx.hosts.empty()) {
      f.push_back(MakeFinding(kCode, Outcome::kInfo, Severity::kInfo, d, DnsStatusText(*mx.answer),
                              "no MX record: senders fall back to the domain's address record"));
    } else {
      std::vector<std::string> lines;
      for (const DnsRecord& r : mx.answer->records) lines.push_back("MX " + r.data);
      f.push_back(MakeFinding(kCode, Outcome::kInfo, Severity::kInfo, d, Join(lines, "\n"),
                              std::to_string(mx.hosts.size()) + " MX host(s)"));
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
