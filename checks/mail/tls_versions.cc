// MAIL-TLS-02: the MX refuses the deprecated protocol versions SSLv3, TLS
// 1.0 and TLS 1.1 (RFC 8996, RFC 7568). Judged per (MX host, IP) from the
// per-version handshakes of the STARTTLS probe; worst one reported.
#include <algorithm>

#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {

bool IsDeprecatedTlsVersion(const std::string& v) {
  return v == "SSLv2" || v == "SSLv3" || v == "TLSv1" || v == "TLSv1.0" || v == "TLSv1.1";
}

std::vector<Finding> CheckMxTlsVersions(const CheckContext& ctx) {
  const char* kCode = "MAIL-TLS-02";
  const Severity kSev = Severity::kHigh;
  return PerMxCheck(ctx, kCode, kSev, [&](const std::string&, const SmtpProbe& p) {
    std::string subject = ProbeSubject(p);
    if (!p.tls || p.tls_status != ProbeStatus::kOk)
      return MakeFinding(kCode, Outcome::kNotApplicable, kSev, subject, "", "no TLS (see MAIL-TLS-01)");
    const TlsEndpoint& t = *p.tls;
    std::vector<std::string> accepted, refused, unknown;
    for (const TlsVersionResult& v : t.versions) {
      if (!IsDeprecatedTlsVersion(v.version)) continue;
      if (v.accepted == Tri::kYes) accepted.push_back(v.version);
      else if (v.accepted == Tri::kNo) refused.push_back(v.version);
      else unknown.push_back(v.version);
    }
    if (IsDeprecatedTlsVersion(t.negotiated_version) &&
        std::find(accepted.begin(), accepted.end(), t.negotiated_version) == accepted.end())
      accepted.push_back(t.negotiated_version);
    std::string ev = "negotiated " + t.negotiated_version;
    if (!accepted.empty()) ev += "; accepted: " + Join(accepted, ", ");
    if (!refused.empty()) ev += "; refused: " + Join(refused, ", ");
    if (!accepted.empty())
      return MakeFinding(kCode, Outcome::kFail, kSev, subject, ev, "deprecated TLS versions accepted");
    if (refused.empty())
      return MakeFinding(kCode, Outcome::kNotTested, kSev, subject, ev, "old versions not probed");
    // TLS 1.0 and 1.1 must both be known refused (SSLv3 may stay unknown,
    // as on the web: WEB-TLS-01).
    for (const std::string& v : unknown)
      if (v == "TLSv1" || v == "TLSv1.1")
        return MakeFinding(kCode, Outcome::kNotTested, kSev, subject, ev,
                           v + " could not be probed");
    return MakeFinding(kCode, Outcome::kPass, kSev, subject, ev,
                       unknown.empty() ? "TLS 1.0/1.1 refused" : "refused where probed");
  });
}

}  // namespace posture::mail
