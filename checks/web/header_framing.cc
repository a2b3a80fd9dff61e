// WEB-HDR-02: protection against framing (clickjacking).
//
// References: RFC 7034 (X-Frame-Options); HTML Living Standard "The
// X-Frame-Options header" (processing model: values split on commas, a
// conflicting set is ignored, ALLOW-FROM is not supported); CSP Level 3
// frame-ancestors (takes precedence over X-Frame-Options); ANSSI-PA-009 v2.0
// (2021); OWASP Clickjacking Defense Cheat Sheet.
//
// Per web host, on the final HTTPS page: an enforced CSP header policy with
// a restrictive frame-ancestors → pass; otherwise a permissive
// frame-ancestors ('*', https:) → fail low; otherwise X-Frame-Options DENY
// or SAMEORIGIN → pass; invalid or absent → fail low.
#include "checks/base/strings.h"
#include "checks/parse/http_headers.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {

std::vector<Finding> CheckWebHdr02(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, "WEB-HDR-02", [&](const std::string& host, std::string*) {
    web::FinalPage page = web::FinalHttpsPage(obs, host);
    if (page.hop == nullptr) return page.why;
    const HttpHop& hop = *page.hop;
    // frame-ancestors is only honoured in headers (never in <meta>).
    std::vector<CspPolicy> policies = web::PagePolicies(hop, nullptr);
    bool restricted = false, permissive = false;
    for (const CspPolicy& p : policies) {
      if (p.report_only) continue;
      CspFraming f = CspFrameAncestors(p);
      restricted = restricted || f == CspFraming::kRestricted;
      permissive = permissive || f == CspFraming::kPermissive;
    }
    std::string csp_evidence = HeaderLines(hop.headers, "content-security-policy");
    if (restricted) return web::Pass(csp_evidence, "CSP frame-ancestors");
    if (permissive)
      return web::Problem(Outcome::kFail, Severity::kLow, csp_evidence,
                          "CSP frame-ancestors allows any site (X-Frame-Options is then ignored)");
    std::string evidence = HeaderLines(hop.headers, "x-frame-options");
    std::vector<std::string> values;
    for (const std::string& v : HeaderValues(hop.headers, "x-frame-options"))
      for (std::string_view part : Split(v, ','))
        values.push_back(AsciiLower(TrimWhitespace(part)));
    if (values.empty())
      return web::Problem(Outcome::kFail, Severity::kLow, hop.url,
                          "neither X-Frame-Options nor CSP frame-ancestors");
    bool all_same = true;
    for (const std::string& v : values) all_same = all_same && v == values[0];
    if (!all_same)
      return web::Problem(Outcome::kFail, Severity::kLow, evidence,
                          "conflicting X-Frame-Options values: ignored by browsers");
    if (values[0] == "deny" || values[0] == "sameorigin") return web::Pass(evidence);
    return web::Problem(Outcome::kFail, Severity::kLow, evidence,
                        "X-Frame-Options value not supported by browsers (only DENY or SAMEORIGIN)");
  });
}

}  // namespace posture
