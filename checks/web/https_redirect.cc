// WEB-HTTPS-02: http:// redirects to https://.
//
// References: ANSSI-PA-009 v2.0 (2021) "Recommandations pour la mise en œuvre
// d'un site web : maîtriser les standards de sécurité côté navigateur"
// (HTTPS everywhere, HSTS); RFC 6797 §7.2 (an HSTS host redirects plain
// requests to HTTPS); hstspreload.org (redirect to HTTPS on the same host
// first).
//
// Per web host, on the http fetch and its redirect chain:
//   - the first hop redirects to https:// on the same host and no later hop
//     goes back to http:// → pass;
//   - the same, but the first hop goes to https:// on another host (apex →
//     www): partial low. "Same host preferred": the apex's HSTS header is
//     then never seen over HTTPS (hstspreload.org requirement); the
//     connection is protected from the first redirect on, hence low;
//   - the first hop goes to another http:// URL, the chain ends on HTTPS → partial;
//   - a later https → http downgrade: partial if the chain still ends on
//     HTTPS, fail otherwise;
//   - the page is served over plain HTTP (no redirect) → fail high;
//   - port 80 refused: nothing is served in clear → pass; timeout → error;
//   - a chain cut (a hop without response) before it reached HTTPS, after a
//     first redirect to http://: not judged (error / not_tested).
// Redirects by <meta refresh> or JavaScript are not followed.
#include "checks/base/strings.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

using web::Verdict;

constexpr const char* kCode = "WEB-HTTPS-02";

Verdict JudgeChain(const TargetObservations& obs, const std::string& host, const HttpFetch& f) {
  std::string chain = web::ChainEvidence(f);
  if (f.hops.empty()) return web::FetchFailure(obs, f, "HTTP fetch of http://" + host + "/");
  const HttpHop& first = f.hops[0];
  if (first.status_code == 0) {
    if (first.status == ProbeStatus::kRefused)
      return web::Pass(chain, "port 80 refused: nothing is served over plain HTTP");
    return web::FetchFailure(obs, f, "HTTP fetch of http://" + host + "/");
  }
  if (!web::IsRedirect(first)) {
    // A 3xx whose headers were cut before its Location: where it leads is unknown.
    if (!first.headers_complete && first.status_code >= 300 && first.status_code < 400)
      return web::HeadersCut(f, first);
    return web::Problem(Outcome::kFail, Severity::kHigh, chain,
                        "served over plain HTTP without a redirect to HTTPS (status " +
                            std::to_string(first.status_code) + ")");
  }
  bool first_to_https = web::IsHttpsUrl(first.location);
  bool downgrade = false;
  bool reached_https = first_to_https;
  for (const HttpHop& hop : f.hops) {
    if (web::IsHttpsUrl(hop.url)) reached_https = true;
    if (web::IsHttpsUrl(hop.url) && web::IsRedirect(hop) && !web::IsHttpsUrl(hop.location))
      downgrade = true;
  }
  // Where the visitor ends: the last hop answered, or the last Location.
  const HttpHop& last = f.hops.back();
  std::string end_url = web::IsRedirect(last) ? last.location : last.url;
  if (last.status_code == 0) end_url = last.url;
  bool ends_https = web::IsHttpsUrl(end_url);
  // The chain "does not end" when the engine gave up following it (loop,
  // too many hops); a last hop that failed is judged by WEB-HTTPS-01.
  bool chain_ended = !(web::IsRedirect(last) && !f.error.empty());

  if (downgrade) {
    if (ends_https)
      return web::Problem(Outcome::kPartial, Severity::kHigh, chain,
                          "the chain goes back from HTTPS to plain HTTP before ending on HTTPS");
    return web::Problem(Outcome::kFail, Severity::kHigh, chain,
                        "the chain goes back from HTTPS to plain HTTP");
  }
  if (!first_to_https) {
    // Cut before reaching HTTPS (its last hop got no response): whether it
    // would have is unknown.
    if (!reached_https && last.status_code == 0)
      return web::FetchFailure(obs, f, "redirect chain from http://" + host + "/");
    if (reached_https && ends_https)
      return web::Problem(Outcome::kPartial, Severity::kHigh, chain,
                          "the first redirect stays on plain HTTP before reaching HTTPS");
    return web::Problem(Outcome::kFail, Severity::kHigh, chain,
                        "the redirects never reach HTTPS");
  }
  std::string detail;
  std::string target_host = web::UrlHostOf(first.location);
  bool other_host = target_host != host;
  if (other_host)
    detail = "redirects to another host (" + target_host +
             "); redirecting to https://" + host + "/ first is preferred (HSTS preload)";
  if (!chain_ended) {
    if (!detail.empty()) detail += "; ";
    detail += "the redirect chain does not end (" + f.error + ")";
    return web::Problem(Outcome::kPartial, Severity::kHigh, chain, detail);
  }
  if (other_host) return web::Problem(Outcome::kPartial, Severity::kLow, chain, detail);
  return web::Pass(chain, detail);
}

}  // namespace

std::vector<Finding> CheckWebHttps02(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string*) {
    const HttpFetch* f = obs.FindHttp("http", host);
    if (f == nullptr) return web::NotTested("no HTTP fetch of http://" + host + "/ observed");
    return JudgeChain(obs, host, *f);
  });
}

}  // namespace posture
