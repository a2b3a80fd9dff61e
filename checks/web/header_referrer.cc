// WEB-HDR-04: Referrer-Policy.
//
// References: W3C Referrer Policy ("parse a referrer policy from a
// Referrer-Policy header": comma-separated tokens, the last recognised one
// wins; the policy values); ANSSI-PA-009 v2.0 (2021) (Referrer-Policy); MDN
// "Referrer-Policy"; OWASP Secure Headers Project.
//
// Per web host, on the final HTTPS page: no-referrer, same-origin,
// strict-origin, strict-origin-when-cross-origin → pass; origin,
// origin-when-cross-origin (the origin leaks over plain HTTP) → partial low;
// unsafe-url, no-referrer-when-downgrade (full URLs leak to other sites) →
// fail low; absent or no recognised token → partial low (browsers then
// default to strict-origin-when-cross-origin, but the site does not say so).
#include "checks/base/strings.h"
#include "checks/parse/http_headers.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

bool IsPolicy(const std::string& t) {
  static const char* const kPolicies[] = {"no-referrer",
                                          "no-referrer-when-downgrade",
                                          "same-origin",
                                          "origin",
                                          "strict-origin",
                                          "origin-when-cross-origin",
                                          "strict-origin-when-cross-origin",
                                          "unsafe-url"};
  for (const char* p : kPolicies)
    if (t == p) return true;
  return false;
}

}  // namespace

std::vector<Finding> CheckWebHdr04(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, "WEB-HDR-04", [&](const std::string& host, std::string*) {
    web::FinalPage page = web::FinalHttpsPage(obs, host);
    if (page.hop == nullptr) return page.why;
    const HttpHop& hop = *page.hop;
    std::vector<std::string> values = HeaderValues(hop.headers, "referrer-policy");
    std::string evidence = HeaderLines(hop.headers, "referrer-policy");
    std::string policy;
    for (const std::string& v : values)
      for (std::string_view token : Split(v, ',')) {
        std::string t = AsciiLower(TrimWhitespace(token));
        if (IsPolicy(t)) policy = t;
      }
    if (values.empty())
      return web::Problem(Outcome::kPartial, Severity::kLow, hop.url,
                          "no Referrer-Policy (browser default applies)");
    if (policy.empty())
      return web::Problem(Outcome::kPartial, Severity::kLow, evidence,
                          "no recognised Referrer-Policy value (browser default applies)");
    if (policy == "no-referrer" || policy == "same-origin" || policy == "strict-origin" ||
        policy == "strict-origin-when-cross-origin")
      return web::Pass(evidence, policy);
    if (policy == "origin" || policy == "origin-when-cross-origin")
      return web::Problem(Outcome::kPartial, Severity::kLow, evidence,
                          policy + " sends the origin even from HTTPS to plain HTTP");
    return web::Problem(Outcome::kFail, Severity::kLow, evidence,
                        policy + " sends full URLs to other sites");
  });
}

}  // namespace posture
