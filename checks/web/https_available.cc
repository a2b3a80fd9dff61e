// WEB-HTTPS-01: the site answers HTTPS on port 443 with a completed TLS
// handshake.
//
// References: ANSSI "Recommandations de sécurité relatives à TLS" v1.2
// (R1: use TLS); RFC 9110 §4.2.2 (the https scheme); RFC 8446.
//
// Per web host, per IP (worst wins): a completed handshake passes (also when
// only a legacy protocol version works: WEB-TLS-01 judges that); a failed
// handshake (the port answers, TLS does not complete) fails critical; port
// 443 refused or silent fails critical when the same host answers plain HTTP
// (an HTTP-only site), and is an error when nothing answers at all, or when
// the server stopped answering during the scan (then every other web code of
// the host is not_tested: web_util.h).
#include "checks/base/strings.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

using web::Verdict;

constexpr const char* kCode = "WEB-HTTPS-01";

bool HttpAnswers(const TargetObservations& obs, const std::string& host) {
  const HttpFetch* f = obs.FindHttp("http", host);
  return f != nullptr && !f->hops.empty() && f->hops[0].status_code > 0;
}

bool AnyVersionAccepted(const TlsEndpoint& ep) {
  for (const TlsVersionResult& v : ep.versions)
    if (v.accepted == Tri::kYes) return true;
  return false;
}

// Judges one "did 443 give us a TLS session" status.
Verdict JudgeStatus(const TargetObservations& obs, ProbeStatus status, const std::string& error,
                    const std::string& where, bool http_answers) {
  std::string what = where + ": " + ProbeStatusName(status);
  if (!error.empty()) what += " (" + SanitizeForDisplay(error, 200) + ")";
  switch (status) {
    case ProbeStatus::kOk:
      return web::Pass(what);
    case ProbeStatus::kTlsError:
    case ProbeStatus::kProtocolError:
      return web::Problem(Outcome::kFail, Severity::kCritical, what,
                          "port 443 answers but no TLS handshake completes");
    case ProbeStatus::kRefused:
    case ProbeStatus::kUnreachable:
    case ProbeStatus::kTimeout:
      if (status == ProbeStatus::kTimeout && obs.deadline_reached)
        return web::NotTested("scan deadline reached", what);
      if (http_answers)
        return web::Problem(Outcome::kFail, Severity::kCritical, what,
                            "the site answers over plain HTTP but not over HTTPS");
      return web::Error("neither HTTP nor HTTPS answered", what);
    case ProbeStatus::kSkipped:
    case ProbeStatus::kOptedOut:
      return web::NotTested("not probed", what);
    default:
      return web::Error("local failure while probing HTTPS", what);
  }
}

}  // namespace

std::vector<Finding> CheckWebHttps01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(
      ctx, kCode,
      [&](const std::string& host, std::string* subject) {
        bool http_answers = HttpAnswers(obs, host);
        if (!web::HttpsEndpoints(obs, host).empty()) {
          return web::WorstOverEndpoints(
              obs, host,
              [&](const TlsEndpoint& ep) {
                std::string where = ep.ip + ":443";
                if (ep.status == ProbeStatus::kOk) {
                  return web::Pass(where + " " + ep.negotiated_version + " " +
                                   ep.negotiated_cipher);
                }
                if (AnyVersionAccepted(ep)) {
                  return web::Pass(where + " handshake completes only with a legacy configuration",
                                   "default handshake: " + std::string(ProbeStatusName(ep.status)));
                }
                return JudgeStatus(obs, ep.status, ep.error, where, http_answers);
              },
              subject);
        }
        // No TLS probe: fall back on the HTTPS fetch.
        const HttpFetch* f = obs.FindHttp("https", host);
        if (f == nullptr) return web::NotTested("no HTTPS observation for " + host);
        if (f->hops.empty())
          return JudgeStatus(obs, f->status, f->error, "https://" + host + "/", http_answers);
        const HttpHop& first = f->hops[0];
        if (!first.ip.empty()) *subject = host + " " + first.ip;
        if (first.status_code > 0)
          return web::Pass(first.url + " " + std::to_string(first.status_code));
        return JudgeStatus(obs, first.status, first.error, first.url, http_answers);
      },
      web::WhenUnreachable::kError);
}

}  // namespace posture
