// MAIL-TLS-01: every MX offers STARTTLS (RFC 3207 §4, advertised in the
// EHLO reply) and the TLS handshake completes (RFC 3207 §4.1, RFC 8314 for
// the cleartext-to-TLS context). Without it, mail to the collectivity
// travels in clear text. Judged per (MX host, IP), worst one reported.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckStarttls(const CheckContext& ctx) {
  const char* kCode = "MAIL-TLS-01";
  const Severity kSev = Severity::kCritical;
  return PerMxCheck(ctx, kCode, kSev, [&](const std::string&, const SmtpProbe& p) {
    std::string subject = ProbeSubject(p);
    if (!p.starttls_offered) {
      std::string ehlo = Join(p.ehlo, "\n");
      return MakeFinding(kCode, Outcome::kFail, kSev, subject, ehlo.empty() ? "(no EHLO reply)" : ehlo,
                         "STARTTLS not offered");
    }
    if (p.tls_status == ProbeStatus::kOk && p.tls) {
      return MakeFinding(kCode, Outcome::kPass, kSev, subject,
                         p.tls->negotiated_version + " " + p.tls->negotiated_cipher,
                         "STARTTLS handshake completed");
    }
    if (p.tls_status == ProbeStatus::kTlsError || p.tls_status == ProbeStatus::kProtocolError) {
      std::string why = p.starttls_reply + (p.tls && !p.tls->error.empty() ? "\n" + p.tls->error : "");
      return MakeFinding(kCode, Outcome::kFail, kSev, subject, why,
                         "STARTTLS offered but the handshake fails");
    }
    if (p.tls_status == ProbeStatus::kSkipped || p.tls_status == ProbeStatus::kOptedOut)
      return MakeFinding(kCode, Outcome::kNotTested, kSev, subject, p.starttls_reply, "handshake not attempted");
    return MakeFinding(kCode, Outcome::kError, kSev, subject,
                       std::string("STARTTLS: ") + ProbeStatusName(p.tls_status), "handshake did not complete");
  });
}

}  // namespace posture::mail
