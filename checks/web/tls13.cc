// WEB-TLS-02: TLS 1.3 supported.
//
// References: ANSSI "Recommandations de sécurité relatives à TLS" v1.2
// (2020) (TLS 1.3 preferred); RFC 8446.
//
// Per web host, per IP (worst wins): TLS 1.3 accepted (or negotiated by the
// default handshake) → pass; refused → fail low; unknown → not_tested.
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {

std::vector<Finding> CheckWebTls02(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, "WEB-TLS-02", [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(
        obs, host,
        [&](const TlsEndpoint& ep) {
          std::string evidence = web::TlsVersionList(ep);
          Tri tls13 = web::TlsVersionAccepted(ep, "TLSv1.3");
          if (tls13 == Tri::kYes) return web::Pass(evidence);
          if (tls13 == Tri::kNo)
            return web::Problem(Outcome::kFail, Severity::kLow, evidence, "TLS 1.3 not supported");
          if (ep.status != ProbeStatus::kOk) return web::EndpointNotTested(obs, ep);
          return web::NotTested("TLS 1.3 support unknown", evidence);
        },
        subject);
  });
}

}  // namespace posture
