// WEB-HDR-01: a meaningful Content-Security-Policy on the final HTTPS page.
//
// References: W3C Content Security Policy Level 3; ANSSI-PA-009 v2.0 (2021)
// (CSP); OWASP Secure Headers Project and OWASP CSP Cheat Sheet; MDN
// "Content-Security-Policy".
//
// Per web host, on the final HTTPS page: enforced policies from the
// Content-Security-Policy headers and <meta http-equiv> tags (report-only
// policies are not enforced). Meaningful means all of: scripts restricted
// (script-src, falling back to default-src, without effective
// 'unsafe-inline' or 'unsafe-eval' or any-host sources; nonces, hashes and
// 'strict-dynamic' handled per CSP3), object-src 'none' or 'self',
// frame-ancestors restricted, base-uri restricted → pass; a policy missing
// some of these → partial low; no enforced policy → fail low.
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

#include "checks/base/strings.h"

namespace posture {

std::vector<Finding> CheckWebHdr01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, "WEB-HDR-01", [&](const std::string& host, std::string*) {
    web::FinalPage page = web::FinalHttpsPage(obs, host);
    if (page.hop == nullptr) return page.why;
    const std::string* body = &page.fetch->body;
    std::vector<CspPolicy> policies = web::PagePolicies(*page.hop, body);
    std::string evidence = web::PagePoliciesEvidence(*page.hop, body);
    std::string where = page.hop->url;
    if (policies.empty())
      return web::Problem(Outcome::kFail, Severity::kLow, where, "no Content-Security-Policy");
    CspAssessment a = AssessCsp(policies);
    if (a.enforced == 0)
      return web::Problem(Outcome::kFail, Severity::kLow, evidence,
                          "only Content-Security-Policy-Report-Only: nothing is enforced");
    if (a.Meaningful()) return web::Pass(evidence);
    return web::Problem(Outcome::kPartial, Severity::kLow, evidence, Join(a.weaknesses, "; "));
  });
}

}  // namespace posture
