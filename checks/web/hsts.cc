// WEB-HSTS-01: Strict-Transport-Security on HTTPS.
//
// References: RFC 6797 §6.1 (syntax), §8.1 (only the first STS header of a
// response is processed), §11.2 (a long max-age); ANSSI-PA-009 v2.0 (2021)
// (HSTS); hstspreload.org (one year, includeSubDomains, preload).
//
// HSTS is a per-host policy: the user agent records it for the host that
// sent it. For each web host the response judged is the last HTTPS response
// of that same host in its https:// fetch (the final page when the host does
// not redirect elsewhere; otherwise its own redirect response, which must
// carry the header for the host to be protected).
//   max-age ≥ thresholds.hsts_pass_seconds (1 year) → pass;
//   ≥ thresholds.hsts_partial_seconds (180 days) → partial medium;
//   shorter, 0, absent or invalid → fail medium.
// includeSubDomains and preload are reported in the detail.
#include "checks/parse/hsts.h"

#include "checks/parse/http_headers.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-HSTS-01";

const HttpHop* OwnHttpsResponse(const HttpFetch& f, const std::string& host) {
  const HttpHop* found = nullptr;
  for (const HttpHop& hop : f.hops) {
    if (hop.status_code == 0 || !web::IsHttpsUrl(hop.url)) continue;
    if (web::UrlHostOf(hop.url) == host) found = &hop;
  }
  return found;
}

}  // namespace

std::vector<Finding> CheckWebHsts01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  const CheckThresholds& th = ctx.thresholds;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string*) {
    const HttpFetch* f = obs.FindHttp("https", host);
    if (f == nullptr) return web::NotTested("no HTTPS fetch of https://" + host + "/ observed");
    const HttpHop* hop = OwnHttpsResponse(*f, host);
    if (hop == nullptr) return web::FetchFailure(obs, *f, "HTTPS fetch of https://" + host + "/");
    if (!hop->headers_complete) return web::HeadersCut(*f, *hop);
    std::vector<std::string> values = HeaderValues(hop->headers, "strict-transport-security");
    std::string evidence = HeaderLines(hop->headers, "strict-transport-security");
    if (values.empty()) {
      return web::Problem(Outcome::kFail, Severity::kMedium, hop->url + " " + std::to_string(hop->status_code),
                          "no Strict-Transport-Security header");
    }
    HstsHeaders h = ParseHstsHeaders(values);
    std::string detail;
    if (h.count > 1)
      detail = std::to_string(h.count) + " STS headers: only the first is processed (RFC 6797 §8.1); ";
    const HstsPolicy& p = h.first;
    if (!p.valid) {
      return web::Problem(Outcome::kFail, Severity::kMedium, evidence,
                          detail + "invalid header, ignored by browsers: " + p.error);
    }
    detail += "max-age=" + std::to_string(p.max_age);
    detail += p.include_subdomains ? ", includeSubDomains" : ", no includeSubDomains";
    if (p.preload) detail += ", preload";
    if (p.max_age == 0)
      return web::Problem(Outcome::kFail, Severity::kMedium, evidence,
                          detail + ": max-age=0 removes the HSTS policy");
    if (p.max_age >= th.hsts_pass_seconds) return web::Pass(evidence, detail);
    if (p.max_age >= th.hsts_partial_seconds)
      return web::Problem(Outcome::kPartial, Severity::kMedium, evidence,
                          detail + ": shorter than one year");
    return web::Problem(Outcome::kFail, Severity::kMedium, evidence,
                        detail + ": shorter than six months");
  });
}

}  // namespace posture
