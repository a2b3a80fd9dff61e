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
//   the default handshake (a modern client's offer, ECDHE and AEAD suites
//   first) negotiating a suite without forward secrecy or without AEAD: no
//   client gets them → fail medium;
//   RSA key exchange (no forward secrecy) or CBC-only (no AEAD) accepted
//   only when offered alone → partial medium;
//   no weak class accepted → pass; classes left unknown (not probed, probes
//   cut short, a server going away during them) → not_tested unless fail
//   critical was already seen (an unknown class could make any other verdict
//   worse).
#include "checks/parse/tls_cipher.h"

#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-TLS-03";

web::Verdict JudgeEndpoint(const TargetObservations& obs, const TlsEndpoint& ep) {
  int worst_class_tier = 0;  // of the weak classes accepted when offered alone
  int definite = 0;
  std::string accepted;   // evidence: "rc4:RC4-SHA 3des:DES-CBC3-SHA"
  for (const CipherClassResult& c : ep.cipher_classes) {
    if (c.accepted == Tri::kUnknown) continue;
    ++definite;
    if (c.accepted != Tri::kYes) continue;
    int tier = CipherClassTier(c.cipher_class);
    if (tier == 0) continue;
    if (!accepted.empty()) accepted += " ";
    accepted += c.cipher_class + ":" + (c.cipher.empty() ? "?" : c.cipher);
    if (!c.protocol.empty()) accepted += "(" + c.protocol + ")";
    worst_class_tier = std::max(worst_class_tier, tier);
  }
  // What the default handshake negotiated.
  std::string negotiated, detail;
  bool default_broken = false;    // export/NULL/anon/DES/< 112-bit negotiated
  bool default_rc4_3des = false;
  bool default_no_fs_aead = false;
  if (!ep.negotiated_cipher.empty()) {
    negotiated = "negotiated " + ep.negotiated_version + " " + ep.negotiated_cipher;
    CipherTraits t = ClassifyCipher(ep.negotiated_cipher);
    if (t.known) {
      default_broken =
          t.export_grade || t.null_cipher || t.anonymous || t.des || (t.bits > 0 && t.bits < 112);
      default_rc4_3des = t.rc4 || t.triple_des;
      default_no_fs_aead = !t.forward_secrecy || !t.aead;
      if (default_broken || default_rc4_3des || default_no_fs_aead)
        detail = "the default handshake negotiates " + ep.negotiated_cipher +
                 (t.forward_secrecy ? "" : " (no forward secrecy)") + (t.aead ? "" : " (no AEAD)");
    }
  }
  std::string evidence = negotiated;
  if (!accepted.empty()) evidence += (evidence.empty() ? "" : "; ") + std::string("weak classes accepted: ") + accepted;
  evidence = web::Evidence(evidence, 1024);
  bool judged_default = default_broken || default_rc4_3des || default_no_fs_aead;
  if (definite == 0 && !judged_default) {
    if (ep.status != ProbeStatus::kOk) return web::EndpointNotTested(obs, ep);
    return web::NotTested("weak cipher classes were not probed", evidence);
  }
  auto with_detail = [&](std::string what) { return detail.empty() ? what : what + "; " + detail; };
  // Some classes answered, others not (probes cut short, or a server going
  // away during them): only the worst verdict stands, an unknown class could
  // make any other one worse.
  int unknown = static_cast<int>(ep.cipher_classes.size()) - definite;
  if (unknown > 0 && worst_class_tier < 3 && !default_broken)
    return web::NotTested(std::to_string(unknown) + " of " +
                              std::to_string(ep.cipher_classes.size()) +
                              " weak cipher classes could not be probed",
                          evidence);
  if (worst_class_tier >= 3 || default_broken)
    return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                        with_detail("export, NULL, anonymous or < 112-bit suites accepted"));
  if (worst_class_tier == 2 || default_rc4_3des)
    return web::Problem(Outcome::kFail, Severity::kHigh, evidence,
                        with_detail("RC4 or 3DES suites accepted"));
  if (default_no_fs_aead)
    return web::Problem(Outcome::kFail, Severity::kMedium, evidence,
                        detail + ": no client gets forward secrecy and authenticated encryption");
  if (worst_class_tier == 1)
    return web::Problem(Outcome::kPartial, Severity::kMedium, evidence,
                        "suites without forward secrecy or without AEAD accepted when offered alone");
  return web::Pass(evidence);
}

}  // namespace

std::vector<Finding> CheckWebTls03(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(
        obs, host, [&](const TlsEndpoint& ep) { return JudgeEndpoint(obs, ep); }, subject);
  });
}

}  // namespace posture
