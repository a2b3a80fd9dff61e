// WEB-TLS-03: cipher suites.
//
// References: ANSSI "Recommandations de sécurité relatives à TLS" v1.2
// (2020): suites must provide forward secrecy (ECDHE/DHE) and authenticated
// encryption (AEAD: GCM, CCM, ChaCha20-Poly1305); export, NULL, anonymous
// and < 112-bit suites are forbidden, RC4 (RFC 7465) and 3DES (Sweet32)
// are to be banned.
//
// Per web host, per IP (worst wins), from the engine's weak-class probes
// (a ClientHello offering only that class) and the default handshake:
//   export / NULL / anon / DES / < 112-bit accepted → fail critical;
//   RC4 / 3DES accepted → fail high;
//   RSA key exchange (no forward secrecy) or CBC-only (no AEAD) accepted, or
//   the default handshake negotiating such a suite → partial medium;
//   no weak class accepted → pass; nothing probed → not_tested.
#include "checks/parse/tls_cipher.h"

#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-TLS-03";

web::Verdict JudgeEndpoint(const TlsEndpoint& ep) {
  int worst_tier = 0;
  int definite = 0;
  std::string accepted;   // evidence: "rc4:RC4-SHA 3des:DES-CBC3-SHA"
  std::string detail;
  for (const CipherClassResult& c : ep.cipher_classes) {
    if (c.accepted == Tri::kUnknown) continue;
    ++definite;
    if (c.accepted != Tri::kYes) continue;
    int tier = CipherClassTier(c.cipher_class);
    if (tier == 0) continue;
    if (!accepted.empty()) accepted += " ";
    accepted += c.cipher_class + ":" + (c.cipher.empty() ? "?" : c.cipher);
    if (!c.protocol.empty()) accepted += "(" + c.protocol + ")";
    worst_tier = std::max(worst_tier, tier);
  }
  std::string negotiated;
  if (!ep.negotiated_cipher.empty()) {
    negotiated = "negotiated " + ep.negotiated_version + " " + ep.negotiated_cipher;
    CipherTraits t = ClassifyCipher(ep.negotiated_cipher);
    if (t.known) {
      int tier = 0;
      if (t.export_grade || t.null_cipher || t.anonymous || t.des || (t.bits > 0 && t.bits < 112))
        tier = 3;
      else if (t.rc4 || t.triple_des)
        tier = 2;
      else if (!t.forward_secrecy || !t.aead)
        tier = 1;
      if (tier > 0) {
        detail = "the default handshake negotiates " + ep.negotiated_cipher +
                 (t.forward_secrecy ? "" : " (no forward secrecy)") + (t.aead ? "" : " (no AEAD)");
      }
      worst_tier = std::max(worst_tier, tier);
    }
  }
  std::string evidence = negotiated;
  if (!accepted.empty()) evidence += (evidence.empty() ? "" : "; ") + std::string("weak classes accepted: ") + accepted;
  evidence = web::Evidence(evidence, 1024);
  if (definite == 0 && worst_tier == 0) {
    if (ep.status != ProbeStatus::kOk) return web::EndpointNotTested(ep);
    return web::NotTested("weak cipher classes were not probed", evidence);
  }
  switch (worst_tier) {
    case 3:
      return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                          "export, NULL, anonymous or < 112-bit suites accepted" +
                              (detail.empty() ? "" : "; " + detail));
    case 2:
      return web::Problem(Outcome::kFail, Severity::kHigh, evidence,
                          "RC4 or 3DES suites accepted" + (detail.empty() ? "" : "; " + detail));
    case 1:
      return web::Problem(Outcome::kPartial, Severity::kMedium, evidence,
                          detail.empty() ? "suites without forward secrecy or without AEAD accepted"
                                         : detail);
    default:
      return web::Pass(evidence);
  }
}

}  // namespace

std::vector<Finding> CheckWebTls03(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(obs, host, JudgeEndpoint, subject);
  });
}

}  // namespace posture
