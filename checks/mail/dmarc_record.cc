// MAIL-DMARC-01: a valid DMARC record applies to the domain: at
// `_dmarc.<domain>`, else at its organisational domain (RFC 7489 §6.6.3,
// with the Public Suffix List) or a parent found by the RFC 9989 tree walk
// (DmarcDiscoveryNames). Missing, several records, or unusable (v=DMARC1
// not first, no valid p and no rua): fail high. Invalid optional tags
// (ignored by receivers): partial.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckDmarcRecord(const CheckContext& ctx) {
  const char* kCode = "MAIL-DMARC-01";
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    DmarcFacts dm = DiscoverDmarc(ctx, d);
    std::string where = "_dmarc." + dm.record_domain + ": ";
    switch (dm.state) {
      case DmarcFacts::State::kNotTested:
        f.push_back(MakeFinding(kCode, Outcome::kNotTested, Severity::kHigh, d, "", dm.why));
        break;
      case DmarcFacts::State::kError:
        f.push_back(MakeFinding(kCode, Outcome::kError, Severity::kHigh, d, dm.why, "DNS failure"));
        break;
      case DmarcFacts::State::kNone:
        f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kHigh, d, dm.why, "no DMARC record"));
        break;
      case DmarcFacts::State::kMultiple:
        f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kHigh, d, where + dm.record,
                                dm.why + ": receivers apply none"));
        break;
      case DmarcFacts::State::kFound: {
        std::string evidence = where + dm.record;
        std::string inherited = dm.inherited ? " (inherited from " + dm.record_domain + ")" : "";
        if (!dm.parsed.ok) {
          f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kHigh, d, evidence,
                                  "invalid DMARC record: " + dm.parsed.error + inherited));
        } else if (!dm.parsed.issues.empty()) {
          f.push_back(MakeFinding(kCode, Outcome::kPartial, Severity::kHigh, d, evidence,
                                  "valid DMARC record with errors: " + Join(dm.parsed.issues, "; ") + inherited));
        } else {
          f.push_back(MakeFinding(kCode, Outcome::kPass, Severity::kHigh, d, evidence,
                                  "valid DMARC record" + inherited));
        }
        break;
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
