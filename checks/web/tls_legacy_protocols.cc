// WEB-TLS-01: no legacy protocol versions (SSLv3, TLS 1.0, TLS 1.1).
//
// References: ANSSI "Recommandations de sécurité relatives à TLS" v1.2
// (2020) (TLS 1.2 and 1.3 only; TLS 1.0 and 1.1 to be disabled, SSLv2 and
// SSLv3 forbidden); RFC 8996 (TLS 1.0 and 1.1 deprecated); RFC 7568 (SSLv3
// deprecated).
//
// Per web host, per IP (worst wins), from one handshake per version:
// SSLv3 accepted → fail critical; TLS 1.0 or 1.1 accepted → fail high; both
// TLS 1.0 and 1.1 refused → pass (SSLv3 is judged only if it could be
// tested); otherwise not_tested.
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {
constexpr const char* kCode = "WEB-TLS-01";
}  // namespace

std::vector<Finding> CheckWebTls01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(
        obs, host,
        [&](const TlsEndpoint& ep) {
          std::string evidence = web::TlsVersionList(ep);
          Tri ssl3 = web::TlsVersionAccepted(ep, "SSLv3");
          Tri tls10 = web::TlsVersionAccepted(ep, "TLSv1");
          Tri tls11 = web::TlsVersionAccepted(ep, "TLSv1.1");
          if (ssl3 == Tri::kYes)
            return web::Problem(Outcome::kFail, Severity::kCritical, evidence, "SSLv3 accepted");
          if (tls10 == Tri::kYes || tls11 == Tri::kYes) {
            std::string which = tls10 == Tri::kYes && tls11 == Tri::kYes ? "TLS 1.0 and TLS 1.1"
                                : tls10 == Tri::kYes                      ? "TLS 1.0"
                                                                          : "TLS 1.1";
            return web::Problem(Outcome::kFail, Severity::kHigh, evidence, which + " accepted");
          }
          if (tls10 == Tri::kNo && tls11 == Tri::kNo) {
            return web::Pass(evidence, ssl3 == Tri::kNo ? "" : "SSLv3 could not be tested");
          }
          if (ep.status != ProbeStatus::kOk && tls10 == Tri::kUnknown && tls11 == Tri::kUnknown)
            return web::EndpointNotTested(obs, ep);
          return web::NotTested("TLS 1.0/1.1 acceptance unknown", evidence);
        },
        subject);
  });
}

}  // namespace posture
