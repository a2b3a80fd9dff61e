// WEB-CERT-04: key and signature strength of the certificate.
//
// References: ANSSI "Recommandations de sécurité relatives à TLS" v1.2
// (2020) and ANSSI "Guide de sélection d'algorithmes cryptographiques"
// (2021): RSA ≥ 2048 bits (3072 recommended beyond 2030), ECDSA on curves of
// ≥ 256 bits, SHA-2 signatures; SHA-1 forbidden (CA/B Forum since 2016,
// RFC 9155 for TLS 1.2 signatures); MD5 broken (RFC 6151).
//
// Per web host, per IP (worst wins), on the leaf: MD5 (or MD2/MD4)
// signature → fail critical; SHA-1 signature, RSA/DSA < 2048 bits, EC < 256
// bits, DSA keys → fail high; otherwise pass.
#include "checks/base/strings.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-CERT-04";

web::Verdict JudgeEndpoint(const TargetObservations& obs, const TlsEndpoint& ep) {
  if (ep.chain.empty()) return web::EndpointNotTested(obs, ep);
  const CertInfo& leaf = ep.chain.front();
  std::string evidence = leaf.key_type + " " + std::to_string(leaf.key_bits) + " bits";
  if (!leaf.curve.empty()) evidence += " (" + leaf.curve + ")";
  evidence += ", " + leaf.signature_algorithm;
  evidence = web::Evidence(evidence, 256);
  std::string sig = AsciiLower(leaf.signature_algorithm);
  std::string key = AsciiLower(leaf.key_type);
  if (sig.find("md5") != std::string::npos || sig.find("md2") != std::string::npos ||
      sig.find("md4") != std::string::npos)
    return web::Problem(Outcome::kFail, Severity::kCritical, evidence, "MD5-based signature");
  std::vector<std::string> problems;
  if (sig.find("sha1") != std::string::npos || sig == "dsawithsha1" || sig == "shawithrsaencryption")
    problems.push_back("SHA-1 signature");
  if (key == "rsa" || key == "rsa-pss" || key == "rsassa-pss") {
    if (leaf.key_bits > 0 && leaf.key_bits < 2048)
      problems.push_back("RSA key of " + std::to_string(leaf.key_bits) + " bits (< 2048)");
  } else if (key == "ec" || key == "ecdsa") {
    if (leaf.key_bits > 0 && leaf.key_bits < 256)
      problems.push_back("EC key of " + std::to_string(leaf.key_bits) + " bits (< 256)");
  } else if (key == "dsa") {
    problems.push_back("DSA key");
  } else if (key != "ed25519" && key != "ed448") {
    if (key.empty() && sig.empty()) return web::NotTested("key and signature unknown");
  }
  if (!problems.empty())
    return web::Problem(Outcome::kFail, Severity::kHigh, evidence, Join(problems, "; "));
  return web::Pass(evidence);
}

}  // namespace

std::vector<Finding> CheckWebCert04(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(
        obs, host, [&](const TlsEndpoint& ep) { return JudgeEndpoint(obs, ep); }, subject);
  });
}

}  // namespace posture
