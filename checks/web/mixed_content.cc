// WEB-MIXED-01: no script loaded over plain HTTP from an HTTPS page.
//
// References: W3C Mixed Content (active content is blockable); ANSSI-PA-009
// v2.0 (2021) (HTTPS for every resource); MDN "Mixed content"; CSP
// upgrade-insecure-requests (W3C Upgrade Insecure Requests).
//
// Per web host, on the final HTTPS page's HTML (capped by the engine): a
// <script src="http://..."> → fail medium (unless an enforced CSP has
// upgrade-insecure-requests: pass with a note); none → pass; a page that is
// not HTML → not_applicable; an empty body → not_tested.
#include "checks/base/strings.h"
#include "checks/parse/csp.h"
#include "checks/parse/html_scan.h"
#include "checks/parse/http_headers.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {

std::vector<Finding> CheckWebMixed01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, "WEB-MIXED-01", [&](const std::string& host, std::string*) {
    web::FinalPage page = web::FinalHttpsPage(obs, host);
    if (page.hop == nullptr) return page.why;
    const std::string& body = page.fetch->body;
    if (!web::LooksLikeHtml(*page.hop))
      return web::NotApplicable("the final page is not HTML (" +
                                SanitizeForDisplay(HeaderLines(page.hop->headers, "content-type"), 120) + ")");
    if (body.empty()) return web::NotTested("the final page has no body");
    HtmlScan scan = ScanHtml(body);
    std::vector<std::string> insecure;
    for (const std::string& src : scan.script_srcs)
      if (StartsWithIgnoreCase(src, "http:")) insecure.push_back(src);
    std::string note;
    if (page.fetch->body_truncated || scan.stopped_early) note = "only the first part of the page was examined";
    if (insecure.empty()) {
      return web::Pass(page.hop->url,
                       std::to_string(scan.script_srcs.size()) + " external script(s)" +
                           (note.empty() ? "" : "; " + note));
    }
    std::string evidence;
    for (size_t i = 0; i < insecure.size() && i < 10; ++i)
      evidence += (i ? "\n" : "") + std::string("<script src=\"") + insecure[i] + "\">";
    evidence = web::Evidence(evidence, 2048);
    CspAssessment csp = AssessCsp(web::PagePolicies(*page.hop, &body));
    if (csp.upgrade_insecure_requests)
      return web::Pass(evidence, "http:// scripts are upgraded by CSP upgrade-insecure-requests");
    return web::Problem(Outcome::kFail, Severity::kMedium, evidence,
                        std::to_string(insecure.size()) + " script(s) loaded over plain HTTP" +
                            (note.empty() ? "" : "; " + note));
  });
}

}  // namespace posture
