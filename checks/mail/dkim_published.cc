// MAIL-DKIM-01: DKIM (RFC 6376) appears to be published. Selectors are free
// names, so this is an indication, not a proof: a key found at one of the
// known selectors (KnownDkimSelectors: provider defaults such as
// selector1/selector2, google, default...), or `_domainkey.<domain>`
// answering anything but NXDOMAIN (RFC 8020: NXDOMAIN means nothing exists
// below it, so no key can). Key size: RSA below 1024 bits is forgeable (RFC
// 8301 §3.2: verifiers MUST NOT accept < 1024), below 2048 partial. A
// domain whose SPF record is exactly "v=spf1 -all" declares it sends no
// mail: not applicable.
#include <algorithm>

#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"
#include "checks/mail/mail_plan.h"
#include "checks/parse/dkim.h"
#include "checks/parse/dns_text.h"

namespace posture::mail {

std::vector<Finding> CheckDkim(const CheckContext& ctx) {
  const char* kCode = "MAIL-DKIM-01";
  const Severity kSev = Severity::kMedium;
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    const DnsResult* txt = ctx.obs.FindDns(d, dns_type::kTxt);
    bool sends_nothing = false;
    if (txt && IsDnsAnswer(*txt)) {
      std::vector<std::string> spf = SpfRecordsOf(*txt);
      if (spf.size() == 1) {
        SpfRecord rec = ParseSpfRecord(spf[0]);
        sends_nothing = rec.ok && rec.mechanisms.size() == 1 &&
                        rec.mechanisms[0].mechanism == SpfMechanism::kAll &&
                        rec.mechanisms[0].qualifier == SpfQualifier::kFail && !rec.redirect;
      }
    }
    std::vector<std::string> keys;
    int min_bits = 0;
    bool weak_unknown = false, selectors_asked = false, selector_failure = false;
    for (const std::string& sel : KnownDkimSelectors()) {
      const DnsResult* r = ctx.obs.FindDns(sel + "._domainkey." + d, dns_type::kTxt);
      if (!r) continue;
      selectors_asked = true;
      if (IsDnsFailure(*r)) {
        selector_failure = selector_failure || r->status != ProbeStatus::kSkipped;
        continue;
      }
      for (const std::string& t : JoinedTxtRecords(*r)) {
        if (!IsDkimKeyRecordText(t)) continue;
        DkimKeyRecord k = ParseDkimKeyRecord(t);
        if (!k.ok || k.revoked) continue;
        std::string bits = k.key_bits ? std::to_string(k.key_bits) + " bits" : "size unknown";
        keys.push_back(sel + "._domainkey." + d + ": k=" + k.key_type + ", " + bits);
        if (k.key_type == "rsa") {
          if (k.key_bits == 0) weak_unknown = true;
          else if (min_bits == 0 || k.key_bits < min_bits) min_bits = k.key_bits;
        }
      }
    }
    const DnsResult* ns = ctx.obs.FindDns("_domainkey." + d, dns_type::kTxt);
    if (sends_nothing) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, kSev, d, "v=spf1 -all",
                              "the domain declares it sends no mail"));
    } else if (!keys.empty()) {
      std::string ev = Join(keys, "\n");
      if (min_bits > 0 && min_bits < 1024) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, ev,
                                "DKIM key of " + std::to_string(min_bits) + " bits: forgeable (minimum 1024, 2048 recommended)"));
      } else if (min_bits > 0 && min_bits < 2048) {
        f.push_back(MakeFinding(kCode, Outcome::kPartial, kSev, d, ev,
                                "DKIM key of " + std::to_string(min_bits) + " bits (2048 recommended)"));
      } else {
        f.push_back(MakeFinding(kCode, Outcome::kPass, kSev, d, ev,
                                std::string("DKIM key found at a known selector") +
                                    (weak_unknown ? " (one key's size could not be read)" : "")));
      }
    } else if (ns && IsDnsAnswer(*ns) && ns->status != ProbeStatus::kNxDomain) {
      f.push_back(MakeFinding(kCode, Outcome::kPass, kSev, d, DnsStatusText(*ns),
                              "_domainkey exists (indication of DKIM keys at selectors not tried)"));
    } else if (ns && ns->status == ProbeStatus::kNxDomain) {
      f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, DnsStatusText(*ns),
                              "no DKIM key found: _domainkey does not exist"));
    } else if (auto gate = DnsGate(kCode, kSev, d, ns)) {
      f.push_back(*gate);
    } else if (selector_failure) {
      f.push_back(MakeFinding(kCode, Outcome::kError, kSev, d, "", "DNS failure on DKIM selectors"));
    } else {
      f.push_back(MakeFinding(kCode, Outcome::kNotTested, kSev, d, "",
                              selectors_asked ? "no key at known selectors" : "DKIM not probed"));
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
