// MAIL-MTASTS-01: MTA-STS (RFC 8461) tells senders to require TLS with a
// valid certificate when delivering to the domain: a `_mta-sts` TXT record
// "v=STSv1; id=..." (§3.1), a policy fetched over HTTPS with a valid
// certificate, HTTP 200 and no redirect (§3.3), "version: STSv1", a mode
// (§3.2: enforce pass, testing partial, none fail), every MX host matched by
// an "mx:" pattern (§4.1; otherwise enforce would block mail), and a
// max_age of at least one day (RFC 8461 §3.2 suggests weeks). Absent: fail
// low. Domains without MX: not applicable.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckMtaSts(const CheckContext& ctx) {
  const char* kCode = "MAIL-MTASTS-01";
  const Severity kSev = Severity::kLow;
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    MxFacts mx = GetMxFacts(ctx.obs, d);
    MtaStsFacts sts = GetMtaStsFacts(ctx.obs, d);
    std::string ev = sts.txt.empty() ? sts.why : "_mta-sts." + d + ": " + sts.txt;
    if (auto gate = DnsGate(kCode, kSev, d, mx.answer)) {
      f.push_back(*gate);
    } else if (mx.null_mx || mx.hosts.empty()) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, kSev, d, "", "the domain receives no mail"));
    } else {
      switch (sts.state) {
        case MtaStsFacts::State::kNotTested:
          f.push_back(MakeFinding(kCode, Outcome::kNotTested, kSev, d, ev, sts.why));
          break;
        case MtaStsFacts::State::kError:
          f.push_back(MakeFinding(kCode, Outcome::kError, kSev, d, ev, sts.why));
          break;
        case MtaStsFacts::State::kAbsent:
          f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, ev, "no MTA-STS"));
          break;
        case MtaStsFacts::State::kInvalidTxt:
        case MtaStsFacts::State::kPolicyUnavailable:
          f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, ev, sts.why));
          break;
        case MtaStsFacts::State::kPolicy: {
          const MtaStsPolicy& p = sts.policy;
          std::string pev = ev + "\nversion: " + p.version + "; mode: " + p.mode_text + "; mx: " +
                            Join(p.mx, ", ") + "; max_age: " + (p.max_age >= 0 ? std::to_string(p.max_age) : "?");
          std::vector<std::string> uncovered;
          for (const MxHost& h : mx.hosts)
            if (!MtaStsPolicyCoversMx(p, h.host)) uncovered.push_back(h.host);
          if (!p.ok) {
            f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, pev, "invalid policy: " + Join(p.errors, "; ")));
          } else if (p.mode == MtaStsMode::kNone) {
            f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, pev, "mode none: the policy is withdrawn"));
          } else if (!uncovered.empty()) {
            f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, pev,
                                    "MX not matched by the policy: " + Join(uncovered, ", ")));
          } else if (p.mode == MtaStsMode::kTesting) {
            f.push_back(MakeFinding(kCode, Outcome::kPartial, kSev, d, pev, "mode testing: not enforced"));
          } else if (p.max_age < 86400) {
            f.push_back(MakeFinding(kCode, Outcome::kPartial, kSev, d, pev, "max_age shorter than one day"));
          } else {
            f.push_back(MakeFinding(kCode, Outcome::kPass, kSev, d, pev, "enforced"));
          }
          break;
        }
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
