#include "checks/web/web_checks.h"

namespace posture {

// The explicit list of web checks, in report order. Bump a version when the
// check's logic changes (it is stored with each finding). Version 2: the
// verdicts revised against the lab (tests/e2e/): "nothing listens on 443"
// is not_applicable, TLS-01 ends as such, TLS-03 fails when the default
// handshake has no forward secrecy or AEAD, CERT-02 fails below 14 days,
// HTTPS-02 is partial for a first redirect to another host. Version 3 (HTTPS-01:
// 2): a host that did not answer, or stopped answering during its scan, is
// not measured (error for HTTPS-01, not_tested for the others), never
// not_applicable or passed; TLS-03 passes only with every class probed.
const std::vector<CheckInfo>& WebChecks() {
  static const std::vector<CheckInfo> kChecks = {
      {"WEB-HTTPS-01", 2, &CheckWebHttps01},
      {"WEB-HTTPS-02", 3, &CheckWebHttps02},
      {"WEB-HSTS-01", 3, &CheckWebHsts01},
      {"WEB-TLS-01", 3, &CheckWebTls01},
      {"WEB-TLS-02", 3, &CheckWebTls02},
      {"WEB-TLS-03", 3, &CheckWebTls03},
      {"WEB-CERT-01", 3, &CheckWebCert01},
      {"WEB-CERT-02", 3, &CheckWebCert02},
      {"WEB-CERT-03", 3, &CheckWebCert03},
      {"WEB-CERT-04", 3, &CheckWebCert04},
      {"WEB-HDR-01", 3, &CheckWebHdr01},
      {"WEB-HDR-02", 3, &CheckWebHdr02},
      {"WEB-HDR-03", 3, &CheckWebHdr03},
      {"WEB-HDR-04", 3, &CheckWebHdr04},
      {"WEB-COOKIE-01", 3, &CheckWebCookie01},
      {"WEB-MIXED-01", 3, &CheckWebMixed01},
      {"WEB-SECTXT-01", 3, &CheckWebSectxt01},
      {"WEB-INFO-01", 3, &CheckWebInfo01},
      {"WEB-EOL-01", 3, &CheckWebEol01},
  };
  return kChecks;
}

}  // namespace posture
