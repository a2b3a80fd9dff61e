#include "checks/web/web_checks.h"

#include <string_view>

namespace posture {

// The explicit list of web checks, in report order. Bump a version when the
// check's logic changes (it is stored with each finding). Version 2: pass
// findings carry the code's default severity (WebDefaultSeverity); TLS-03,
// CERT-02, HTTPS-02 and "nothing on 443" verdicts revised (tests/lab/COMPARISON.md
// and the e2e suite's decisions).
const std::vector<CheckInfo>& WebChecks() {
  static const std::vector<CheckInfo> kChecks = {
      {"WEB-HTTPS-01", 2, &CheckWebHttps01},
      {"WEB-HTTPS-02", 2, &CheckWebHttps02},
      {"WEB-HSTS-01", 2, &CheckWebHsts01},
      {"WEB-TLS-01", 2, &CheckWebTls01},
      {"WEB-TLS-02", 2, &CheckWebTls02},
      {"WEB-TLS-03", 2, &CheckWebTls03},
      {"WEB-CERT-01", 2, &CheckWebCert01},
      {"WEB-CERT-02", 2, &CheckWebCert02},
      {"WEB-CERT-03", 2, &CheckWebCert03},
      {"WEB-CERT-04", 2, &CheckWebCert04},
      {"WEB-HDR-01", 2, &CheckWebHdr01},
      {"WEB-HDR-02", 2, &CheckWebHdr02},
      {"WEB-HDR-03", 2, &CheckWebHdr03},
      {"WEB-HDR-04", 2, &CheckWebHdr04},
      {"WEB-COOKIE-01", 2, &CheckWebCookie01},
      {"WEB-MIXED-01", 2, &CheckWebMixed01},
      {"WEB-SECTXT-01", 2, &CheckWebSectxt01},
      {"WEB-INFO-01", 2, &CheckWebInfo01},
      {"WEB-EOL-01", 2, &CheckWebEol01},
  };
  return kChecks;
}

// Issue 5's table. Where a code has several severities, the one of its
// headline condition: WEB-CERT-02 expired (critical), WEB-TLS-03 no forward
// secrecy / no AEAD (medium), WEB-COOKIE-01 a cookie without its flags
// (medium).
Severity WebDefaultSeverity(std::string_view code) {
  struct Entry {
    const char* code;
    Severity severity;
  };
  static constexpr Entry kDefaults[] = {
      {"WEB-HTTPS-01", Severity::kCritical}, {"WEB-HTTPS-02", Severity::kHigh},
      {"WEB-HSTS-01", Severity::kMedium},    {"WEB-TLS-01", Severity::kHigh},
      {"WEB-TLS-02", Severity::kLow},        {"WEB-TLS-03", Severity::kMedium},
      {"WEB-CERT-01", Severity::kCritical},  {"WEB-CERT-02", Severity::kCritical},
      {"WEB-CERT-03", Severity::kCritical},  {"WEB-CERT-04", Severity::kHigh},
      {"WEB-HDR-01", Severity::kLow},        {"WEB-HDR-02", Severity::kLow},
      {"WEB-HDR-03", Severity::kLow},        {"WEB-HDR-04", Severity::kLow},
      {"WEB-COOKIE-01", Severity::kMedium},  {"WEB-MIXED-01", Severity::kMedium},
      {"WEB-SECTXT-01", Severity::kLow},     {"WEB-INFO-01", Severity::kInfo},
      {"WEB-EOL-01", Severity::kHigh},
  };
  for (const Entry& e : kDefaults)
    if (code == e.code) return e.severity;
  return Severity::kInfo;
}

}  // namespace posture
