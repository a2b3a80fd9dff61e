// WEB-SECTXT-01: /.well-known/security.txt over HTTPS.
//
// References: RFC 9116 §3 (location, HTTPS, text/plain), §2.5.3 (Contact
// required), §2.5.5 (Expires required once, less than a year ahead), §2.3
// (OpenPGP cleartext signature allowed); ANSSI and CERT-FR encourage a
// published security contact.
//
// Per web domain (the engine fetches https://<host of the site's final
// URL>/.well-known/security.txt once per domain; the subject is that host):
// a parsed file with no error and no warning → pass; warnings only (Expires
// more than a year ahead, non-https Contact URI, stray lines) → partial low;
// missing (404 or any non-200), not served over HTTPS, not text/plain,
// missing or duplicate Expires, expired, no Contact → fail low.
#include "checks/parse/security_txt.h"

#include "checks/base/strings.h"
#include "checks/parse/http_headers.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-SECTXT-01";

web::Verdict Judge(const CheckContext& ctx, const HttpFetch& f) {
  const TargetObservations& obs = ctx.obs;
  if (f.hops.empty() || f.hops.back().status_code == 0)
    return web::FetchFailure(obs, f, "fetch of " + f.start_url);
  const HttpHop& last = f.hops.back();
  if (!last.headers_complete) return web::HeadersCut(f, last);
  std::string where = web::ChainEvidence(f);
  if (web::IsRedirect(last))
    return web::Problem(Outcome::kFail, Severity::kLow, where, "the redirect chain does not end");
  if (!web::IsHttpsUrl(last.url))
    return web::Problem(Outcome::kFail, Severity::kLow, where,
                        "security.txt must be served over HTTPS (RFC 9116 §3)");
  if (last.status_code != 200)
    return web::Problem(Outcome::kFail, Severity::kLow, where,
                        "no security.txt (HTTP " + std::to_string(last.status_code) + ")");
  std::vector<std::string> errors, warnings;
  std::vector<std::string> ct = HeaderValues(last.headers, "content-type");
  std::string content_type = ct.empty() ? "" : AsciiLower(TrimWhitespace(ct.front()));
  if (!StartsWithIgnoreCase(content_type, "text/plain")) {
    errors.push_back("Content-Type is \"" + SanitizeForDisplay(content_type, 80) +
                     "\", not text/plain (RFC 9116 §3)");
  } else if (content_type.find("charset=utf-8") == std::string::npos &&
             content_type.find("charset=\"utf-8\"") == std::string::npos) {
    warnings.push_back("Content-Type without charset=utf-8");
  }
  SecurityTxt parsed = ParseSecurityTxt(f.body, ctx.now);
  for (const std::string& e : parsed.errors) errors.push_back(e);
  for (const std::string& w : parsed.warnings) warnings.push_back(w);
  if (f.body_truncated) warnings.push_back("file larger than the fetch cap: only its start was read");
  std::string evidence = last.url + "\n" + HeaderLines(last.headers, "content-type", 200) + "\n" +
                         f.body.substr(0, 800);
  evidence = web::Evidence(evidence, 1024);
  std::string signed_note = parsed.signed_message ? " (PGP-signed; signature not verified)" : "";
  if (!errors.empty())
    return web::Problem(Outcome::kFail, Severity::kLow, evidence, Join(errors, "; ") + signed_note);
  if (!warnings.empty())
    return web::Problem(Outcome::kPartial, Severity::kLow, evidence, Join(warnings, "; ") + signed_note);
  std::string detail = "Expires " + FormatIso8601(*parsed.expires) + signed_note;
  return web::Pass(evidence, detail);
}

}  // namespace

std::vector<Finding> CheckWebSectxt01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  std::vector<const HttpFetch*> fetches;
  for (const HttpFetch& f : obs.http)
    if (f.purpose == "security.txt") fetches.push_back(&f);
  if (fetches.empty()) {
    // Nothing fetched: no website at all, or the engine could not reach one.
    std::vector<Finding> per_host = web::ForEachWebHost(ctx, kCode, [](const std::string&, std::string*) {
      return web::NotTested("security.txt was not fetched (no HTTPS site answered)");
    });
    // One finding for the collectivity is enough here.
    for (const Finding& f : per_host)
      if (f.outcome != Outcome::kNotApplicable) {
        Finding one = f;
        one.subject = Join(web::WebHosts(obs), " ");
        return {one};
      }
    return {per_host.front()};
  }
  std::vector<Finding> out;
  for (const HttpFetch* f : fetches) {
    std::string subject = web::UrlHostOf(f->start_url);
    out.push_back(web::MakeFinding(kCode, Judge(ctx, *f), subject));
  }
  return out;
}

}  // namespace posture
