#include "checks/web/web_checks.h"

namespace posture {

// The explicit list of web checks, in report order. Bump a version when the
// check's logic changes (it is stored with each finding).
const std::vector<CheckInfo>& WebChecks() {
  static const std::vector<CheckInfo> kChecks = {
      {"WEB-HTTPS-01", 1, &CheckWebHttps01},
      {"WEB-HTTPS-02", 1, &CheckWebHttps02},
      {"WEB-HSTS-01", 1, &CheckWebHsts01},
      {"WEB-TLS-01", 1, &CheckWebTls01},
      {"WEB-TLS-02", 1, &CheckWebTls02},
      {"WEB-TLS-03", 1, &CheckWebTls03},
      {"WEB-CERT-01", 1, &CheckWebCert01},
      {"WEB-CERT-02", 1, &CheckWebCert02},
      {"WEB-CERT-03", 1, &CheckWebCert03},
      {"WEB-CERT-04", 1, &CheckWebCert04},
      {"WEB-HDR-01", 1, &CheckWebHdr01},
      {"WEB-HDR-02", 1, &CheckWebHdr02},
      {"WEB-HDR-03", 1, &CheckWebHdr03},
      {"WEB-HDR-04", 1, &CheckWebHdr04},
      {"WEB-COOKIE-01", 1, &CheckWebCookie01},
      {"WEB-MIXED-01", 1, &CheckWebMixed01},
      {"WEB-SECTXT-01", 1, &CheckWebSectxt01},
      {"WEB-INFO-01", 1, &CheckWebInfo01},
      {"WEB-EOL-01", 1, &CheckWebEol01},
  };
  return kChecks;
}

}  // namespace posture
