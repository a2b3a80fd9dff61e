// MAIL-TLS-03: the MX accepts no broken cipher suites (export, NULL,
// anonymous, RC4 — RFC 7465 —, 3DES/DES, < 112-bit; RFC 9325 §4.1) and its
// default handshake has forward secrecy (ECDHE/DHE, or TLS 1.3; RFC 9325
// §4.1). Judged per (MX host, IP); worst one reported. A pass needs every
// broken class probed (a probe cut short, or an MX going away during the
// probes, leaves some unknown: not_tested).
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {
namespace {

bool HasForwardSecrecy(const TlsEndpoint& t) {
  if (t.negotiated_version == "TLSv1.3") return true;
  const std::string& c = t.negotiated_cipher;
  return c.find("ECDHE") != std::string::npos || c.find("DHE") != std::string::npos;
}

bool IsBrokenClass(const std::string& c) {
  return c == "export" || c == "null" || c == "anon" || c == "rc4" || c == "3des" || c == "des" ||
         c == "low";
}

}  // namespace

std::vector<Finding> CheckMxTlsCiphers(const CheckContext& ctx) {
  const char* kCode = "MAIL-TLS-03";
  const Severity kSev = Severity::kMedium;
  return PerMxCheck(ctx, kCode, kSev, [&](const std::string&, const SmtpProbe& p) {
    std::string subject = ProbeSubject(p);
    if (!p.tls || p.tls_status != ProbeStatus::kOk)
      return MakeFinding(kCode, Outcome::kNotApplicable, kSev, subject, "", "no TLS (see MAIL-TLS-01)");
    const TlsEndpoint& t = *p.tls;
    std::vector<std::string> broken;
    int probed = 0, unknown = 0;
    for (const CipherClassResult& c : t.cipher_classes) {
      if (!IsBrokenClass(c.cipher_class)) continue;
      ++(c.accepted == Tri::kUnknown ? unknown : probed);
      if (c.accepted == Tri::kYes) broken.push_back(c.cipher_class + " (" + c.cipher + ")");
    }
    std::string ev = "negotiated " + t.negotiated_version + " " + t.negotiated_cipher;
    if (!broken.empty()) ev += "; accepted: " + Join(broken, ", ");
    if (!broken.empty())
      return MakeFinding(kCode, Outcome::kFail, kSev, subject, ev, "broken cipher suites accepted");
    if (!HasForwardSecrecy(t))
      return MakeFinding(kCode, Outcome::kFail, kSev, subject, ev, "no forward secrecy in the default handshake");
    if (probed == 0 || unknown > 0)  // a pass needs every broken class answered
      return MakeFinding(
          kCode, Outcome::kNotTested, kSev, subject, ev,
          probed == 0 ? "weak cipher classes not probed"
                      : std::to_string(unknown) + " broken cipher classes could not be probed");
    return MakeFinding(kCode, Outcome::kPass, kSev, subject, ev, "no broken suite; forward secrecy");
  });
}

}  // namespace posture::mail
