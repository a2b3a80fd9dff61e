// MAIL-DMARC-02: the DMARC policy that applies to the domain (RFC 7489
// §6.3, §6.6.4; RFC 9989): p for the domain itself, sp (else p) when the
// record is inherited from a parent; "t=y" (RFC 9989 testing), or the legacy
// "pct=0" that RFC 9989 Appendix A.6 maps to it, lowers it by one level.
// reject: pass; quarantine: partial; none: fail high. A legacy pct of 1..99
// keeps the level (RFC 9989 receivers ignore it) but makes reject partial:
// RFC 7489 receivers quarantine the rest instead of rejecting it.
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckDmarcPolicy(const CheckContext& ctx) {
  const char* kCode = "MAIL-DMARC-02";
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    DmarcFacts dm = DiscoverDmarc(ctx, d);
    if (dm.state == DmarcFacts::State::kNotTested) {
      f.push_back(MakeFinding(kCode, Outcome::kNotTested, Severity::kHigh, d, "", dm.why));
    } else if (dm.state == DmarcFacts::State::kError) {
      f.push_back(MakeFinding(kCode, Outcome::kError, Severity::kHigh, d, dm.why, "DNS failure"));
    } else if (dm.state != DmarcFacts::State::kFound || !dm.parsed.ok) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, Severity::kHigh, d, dm.why,
                              "no usable DMARC record (see MAIL-DMARC-01)"));
    } else {
      DmarcEffectivePolicy e = EffectiveDmarcPolicy(dm.parsed, dm.inherited);
      std::string evidence = "_dmarc." + dm.record_domain + ": " + dm.record;
      std::string detail = std::string(e.from_tag) + "=" + DmarcPolicyName(e.declared);
      if (e.lowered) {
        detail += std::string(dm.parsed.testing ? ", t=y" : "") +
                  (dm.parsed.pct < 100 ? ", pct=" + std::to_string(dm.parsed.pct) : "") +
                  ": effectively " + DmarcPolicyName(e.effective);
      }
      if (e.sampled)
        detail += ", legacy pct=" + std::to_string(dm.parsed.pct) +
                  ": RFC 7489 receivers apply it to that share of failing mail only";
      if (dm.parsed.p_inferred) detail += " (no valid p: treated as none)";
      switch (e.effective) {
        case DmarcPolicy::kReject:
          f.push_back(MakeFinding(kCode, e.sampled ? Outcome::kPartial : Outcome::kPass,
                                  Severity::kHigh, d, evidence, detail));
          break;
        case DmarcPolicy::kQuarantine:
          f.push_back(MakeFinding(kCode, Outcome::kPartial, Severity::kHigh, d, evidence, detail));
          break;
        case DmarcPolicy::kNone:
          f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kHigh, d, evidence, detail));
          break;
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
