#include "checks/mail/mail_checks.h"

#include "checks/mail/mail_common.h"

namespace posture {

// The explicit list of mail and DNS checks, in report order. Bump a
// version when a check's logic changes (stored with its findings).
// MAIL-TLS-02 and -03 version 2: a pass needs the old versions / broken
// classes all probed. DNS-CAA-01 version 3: not_tested when the website did
// not answer (no certificate to compare).
const std::vector<CheckInfo>& MailChecks() {
  static const std::vector<CheckInfo> kChecks = {
      {"MAIL-OWN-01", 1, &mail::CheckMailOwn},
      {"MAIL-MX-01", 1, &mail::CheckMailMx},
      {"MAIL-SPF-01", 1, &mail::CheckSpfRecord},
      {"MAIL-SPF-02", 1, &mail::CheckSpfEvaluable},
      {"MAIL-SPF-03", 1, &mail::CheckSpfPolicy},
      {"MAIL-DMARC-01", 1, &mail::CheckDmarcRecord},
      {"MAIL-DMARC-02", 2, &mail::CheckDmarcPolicy},
      {"MAIL-DMARC-03", 2, &mail::CheckDmarcReports},
      {"MAIL-DKIM-01", 1, &mail::CheckDkim},
      {"MAIL-NULL-01", 1, &mail::CheckNullMx},
      {"MAIL-TLS-01", 1, &mail::CheckStarttls},
      {"MAIL-TLS-02", 2, &mail::CheckMxTlsVersions},
      {"MAIL-TLS-03", 2, &mail::CheckMxTlsCiphers},
      {"MAIL-TLS-04", 1, &mail::CheckMxCertificate},
      {"MAIL-MTASTS-01", 1, &mail::CheckMtaSts},
      {"MAIL-TLSRPT-01", 2, &mail::CheckTlsRpt},
      {"MAIL-DANE-01", 1, &mail::CheckDane},
      {"DNS-DNSSEC-01", 1, &mail::CheckDnssec},
      {"DNS-CAA-01", 3, &mail::CheckCaa},
  };
  return kChecks;
}

}  // namespace posture
