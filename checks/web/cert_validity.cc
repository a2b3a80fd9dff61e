// WEB-CERT-02: certificate validity dates, relative to CheckContext::now.
//
// References: RFC 5280 §4.1.2.5 (validity); CA/Browser Forum Baseline
// Requirements §6.3.2 (maximum validity); ANSSI "Recommandations de
// sécurité relatives à TLS" v1.2 (2020) (renew before expiry).
//
// Per web host, per IP (worst wins), on the leaf (and the intermediates
// sent): expired or not yet valid → fail critical; expiring in fewer than
// thresholds.cert_warn_days_high (14) days → fail high (issue 5: "< 14 days
// high"); fewer than thresholds.cert_warn_days_low (30) → partial low (the
// "low warning"); otherwise pass.
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-CERT-02";

}  // namespace

std::vector<Finding> CheckWebCert02(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  const UnixSeconds now = ctx.now;
  const CheckThresholds& th = ctx.thresholds;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(
        obs, host,
        [&](const TlsEndpoint& ep) {
          if (ep.chain.empty()) return web::EndpointNotTested(obs, ep);
          const CertInfo& leaf = ep.chain.front();
          if (leaf.not_after == 0) return web::NotTested("validity dates unknown");
          std::string evidence = "notBefore " + FormatIso8601(leaf.not_before) + ", notAfter " +
                                 FormatIso8601(leaf.not_after);
          if (now < leaf.not_before)
            return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                                "certificate not yet valid");
          if (now >= leaf.not_after) {
            int64_t days = (now - leaf.not_after) / 86400;
            return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                                "certificate expired " + std::to_string(days) + " day(s) ago");
          }
          // An expired intermediate breaks the chain as surely as the leaf.
          for (size_t i = 1; i < ep.chain.size(); ++i) {
            const CertInfo& c = ep.chain[i];
            if (c.self_issued || c.not_after == 0) continue;  // roots sent by the server are ignored by clients
            if (now >= c.not_after)
              return web::Problem(Outcome::kFail, Severity::kCritical,
                                  web::Evidence(evidence + "; intermediate " + c.subject +
                                                " notAfter " + FormatIso8601(c.not_after)),
                                  "an intermediate certificate of the chain has expired");
          }
          int64_t days_left = (leaf.not_after - now) / 86400;
          std::string left = "expires in " + std::to_string(days_left) + " day(s)";
          if (days_left < th.cert_warn_days_high)
            return web::Problem(Outcome::kFail, Severity::kHigh, evidence, left);
          if (days_left < th.cert_warn_days_low)
            return web::Problem(Outcome::kPartial, Severity::kLow, evidence, left);
          return web::Pass(evidence, left);
        },
        subject);
  });
}

}  // namespace posture
