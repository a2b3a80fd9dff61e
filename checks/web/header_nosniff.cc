// WEB-HDR-03: X-Content-Type-Options: nosniff.
//
// References: WHATWG Fetch Standard "X-Content-Type-Options header"
// (determine nosniff: the first comma-separated value, ASCII
// case-insensitive); ANSSI-PA-009 v2.0 (2021); OWASP Secure Headers Project;
// MDN "X-Content-Type-Options".
//
// Per web host, on the final HTTPS page: first value "nosniff" → pass;
// absent or another value → fail low.
#include "checks/base/strings.h"
#include "checks/parse/http_headers.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {

std::vector<Finding> CheckWebHdr03(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, "WEB-HDR-03", [&](const std::string& host, std::string*) {
    web::FinalPage page = web::FinalHttpsPage(obs, host);
    if (page.hop == nullptr) return page.why;
    const HttpHop& hop = *page.hop;
    std::vector<std::string> values = HeaderValues(hop.headers, "x-content-type-options");
    if (values.empty())
      return web::Problem(Outcome::kFail, Severity::kLow, hop.url, "no X-Content-Type-Options");
    std::string evidence = HeaderLines(hop.headers, "x-content-type-options");
    std::string_view first = TrimWhitespace(Split(values.front(), ',').front());
    if (EqualsIgnoreCase(first, "nosniff")) return web::Pass(evidence);
    return web::Problem(Outcome::kFail, Severity::kLow, evidence,
                        "X-Content-Type-Options is not \"nosniff\"");
  });
}

}  // namespace posture
