// WEB-INFO-01: software version disclosure.
//
// References: ANSSI "Recommandations pour la sécurisation des sites web"
// (2013, "limiter les renseignements fournis sur le fonctionnement technique
// du site web"); OWASP Web Security Testing Guide WSTG-INFO-02 (fingerprint
// web server) and WSTG-INFO-08 (fingerprint application framework); RFC
// 9110 §10.2.4 (Server: "an origin server SHOULD NOT generate a Server
// header field containing needlessly fine-grained detail").
//
// Per web host, on the final page (HTTPS, else plain HTTP): a version in
// Server, X-Powered-By, X-AspNet-Version, X-AspNetMvc-Version, X-Generator
// or a <meta name="generator"> tag → info (severity info), listing what was
// seen; product names without versions → pass (noted).
#include "checks/base/strings.h"
#include "checks/web/software_versions.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {

std::vector<Finding> CheckWebInfo01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, "WEB-INFO-01", [&](const std::string& host, std::string*) {
    web::DisclosedSoftware d = web::FindDisclosedSoftware(obs, host);
    if (d.hop == nullptr) return d.why;
    std::vector<std::string> versions, names;
    for (const ProductVersion& pv : d.products) {
      std::string item = pv.product + (pv.version.empty() ? "" : " " + pv.version) + " (" + pv.source + ")";
      if (HasVersionDigits(pv.version)) versions.push_back(item);
      else names.push_back(item);
    }
    if (!versions.empty())
      return web::Problem(Outcome::kInfo, Severity::kInfo, d.evidence,
                          web::Evidence("versions disclosed: " + Join(versions, ", "), 1024));
    return web::Pass(d.evidence, names.empty() ? "" : web::Evidence("products named without version: " +
                                                                     Join(names, ", "), 1024));
  });
}

}  // namespace posture
