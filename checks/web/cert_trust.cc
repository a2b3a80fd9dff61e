// WEB-CERT-01: the certificate chain is trusted (not self-signed, complete).
//
// References: RFC 5280 §6 (path validation); ANSSI "Recommandations de
// sécurité relatives à TLS" v1.2 (2020) (certificates from a recognised
// authority, complete chain sent by the server); RFC 8446 §4.4.2 (the
// server sends its chain).
//
// Per web host, per IP (worst wins), on the chain as presented (leaf first)
// and the engine's verification against the trust store (no name check):
// verified → pass; X509 codes tell self-signed (18), private root (19),
// incomplete chain (20/21/2 with only the leaf sent) and other distrust
// apart → fail critical. A chain trusted but expired or not yet valid (codes
// 9/10) passes here: WEB-CERT-02 judges validity dates.
#include "checks/base/strings.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-CERT-01";

// OpenSSL X509_V_ERR_* codes (x509_vfy.h), copied as data: checks/ does not
// link OpenSSL.
constexpr long kUnableToGetIssuerCert = 2;
constexpr long kCertNotYetValid = 9;
constexpr long kCertHasExpired = 10;
constexpr long kDepthZeroSelfSigned = 18;
constexpr long kSelfSignedInChain = 19;
constexpr long kUnableToGetIssuerLocally = 20;
constexpr long kUnableToVerifyLeafSignature = 21;

web::Verdict JudgeEndpoint(const TargetObservations& obs, const TlsEndpoint& ep) {
  if (ep.chain.empty()) return web::EndpointNotTested(obs, ep);
  const CertInfo& leaf = ep.chain.front();
  std::string evidence = "subject: " + leaf.subject + "; issuer: " + leaf.issuer + "; chain length " +
                         std::to_string(ep.chain.size());
  if (ep.verify_code >= 0) evidence += "; verify " + std::to_string(ep.verify_code);
  if (!ep.verify_error.empty()) evidence += " (" + ep.verify_error + ")";
  evidence = web::Evidence(evidence, 1024);
  if (ep.chain_verified || ep.verify_code == 0) return web::Pass(evidence);
  switch (ep.verify_code) {
    case -1:
      return web::NotTested("the chain was not verified", evidence);
    case kCertNotYetValid:
    case kCertHasExpired:
      return web::Pass(evidence, "chain trusted; validity dates judged by WEB-CERT-02");
    case kDepthZeroSelfSigned:
      return web::Problem(Outcome::kFail, Severity::kCritical, evidence, "self-signed certificate");
    case kSelfSignedInChain:
      return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                          "the chain ends in a root that is not trusted (private authority)");
    case kUnableToGetIssuerCert:
    case kUnableToGetIssuerLocally:
    case kUnableToVerifyLeafSignature:
      if (ep.chain.size() == 1 && !leaf.self_issued)
        return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                            "incomplete chain: the intermediate certificate is not sent");
      return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                          "issuer not found: incomplete chain or unknown authority");
    default:
      if (leaf.self_issued && ep.chain.size() == 1)
        return web::Problem(Outcome::kFail, Severity::kCritical, evidence, "self-signed certificate");
      return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                          "untrusted chain: " + SanitizeForDisplay(ep.verify_error, 200));
  }
}

}  // namespace

std::vector<Finding> CheckWebCert01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(
        obs, host, [&](const TlsEndpoint& ep) { return JudgeEndpoint(obs, ep); }, subject);
  });
}

}  // namespace posture
