// MAIL-SPF-01: exactly one SPF record at the domain. RFC 7208 §4.5: the TXT
// records starting with "v=spf1" are selected (their character-strings
// joined, §3.3); none means "none" (anyone may use the domain), more than one
// is a permerror (receivers ignore them all).
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckSpfRecord(const CheckContext& ctx) {
  const char* kCode = "MAIL-SPF-01";
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    const DnsResult* txt = ctx.obs.FindDns(d, dns_type::kTxt);
    if (auto gate = DnsGate(kCode, Severity::kHigh, d, txt)) {
      f.push_back(*gate);
    } else {
      std::vector<std::string> spf = SpfRecordsOf(*txt);
      if (spf.empty() && txt->truncated) {
        f.push_back(MakeFinding(kCode, Outcome::kError, Severity::kHigh, d, CutAnswerText(*txt),
                                "no v=spf1 record among the records kept: it may be among "
                                "those dropped"));
      } else if (spf.empty()) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kHigh, d, DnsStatusText(*txt),
                                "no v=spf1 record"));
      } else if (spf.size() > 1) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kHigh, d, Join(spf, "\n"),
                                std::to_string(spf.size()) +
                                    " v=spf1 records: receivers treat this as a permanent error"));
      } else {
        f.push_back(MakeFinding(kCode, Outcome::kPass, Severity::kHigh, d, spf[0], "one v=spf1 record"));
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
