#include "checks/mail/mail_checks.h"

#include "checks/mail/mail_common.h"

namespace posture {

// The explicit list of mail and DNS checks, in report order. Bump a
// version when a check's logic changes (stored with its findings).
// Issue 9 (crash and fault recovery): what could not be measured about a
// consumer provider's domain stays error/not_tested instead of info (every
// code but MAIL-OWN-01 and DNS-CAA-01); MAIL-TLS-02 and -03: a pass needs
// the old versions / broken classes all probed; DNS-CAA-01: not_tested when
// the website did not answer (no certificate to compare); MAIL-MTASTS-01:
// a policy fetch whose TLS handshake failed before a certificate could be
// judged (a reset) is an error, not an invalid certificate.
const std::vector<CheckInfo>& MailChecks() {
  static const std::vector<CheckInfo> kChecks = {
      {"MAIL-OWN-01", 1, &mail::CheckMailOwn},
      {"MAIL-MX-01", 2, &mail::CheckMailMx},
      {"MAIL-SPF-01", 2, &mail::CheckSpfRecord},
      {"MAIL-SPF-02", 2, &mail::CheckSpfEvaluable},
      {"MAIL-SPF-03", 2, &mail::CheckSpfPolicy},
      {"MAIL-DMARC-01", 2, &mail::CheckDmarcRecord},
      {"MAIL-DMARC-02", 3, &mail::CheckDmarcPolicy},
      {"MAIL-DMARC-03", 3, &mail::CheckDmarcReports},
      {"MAIL-DKIM-01", 2, &mail::CheckDkim},
      {"MAIL-NULL-01", 2, &mail::CheckNullMx},
      {"MAIL-TLS-01", 2, &mail::CheckStarttls},
      {"MAIL-TLS-02", 2, &mail::CheckMxTlsVersions},
      {"MAIL-TLS-03", 2, &mail::CheckMxTlsCiphers},
      {"MAIL-TLS-04", 2, &mail::CheckMxCertificate},
      {"MAIL-MTASTS-01", 2, &mail::CheckMtaSts},
      {"MAIL-TLSRPT-01", 3, &mail::CheckTlsRpt},
      {"MAIL-DANE-01", 2, &mail::CheckDane},
      {"DNS-DNSSEC-01", 2, &mail::CheckDnssec},
      {"DNS-CAA-01", 3, &mail::CheckCaa},
  };
  return kChecks;
}

}  // namespace posture
