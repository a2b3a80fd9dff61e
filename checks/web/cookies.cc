// WEB-COOKIE-01: cookies set by the landing page are protected.
//
// References: RFC 6265bis (draft-ietf-httpbis-rfc6265bis) §4.1.2.5 Secure,
// §4.1.2.6 HttpOnly, §4.1.2.7 SameSite, §4.1.3 cookie name prefixes;
// ANSSI-PA-009 v2.0 (2021) (cookies: Secure, HttpOnly, SameSite, prefixes);
// OWASP Session Management Cheat Sheet; MDN "Set-Cookie".
//
// Per web host, on the final HTTPS page (Set-Cookie headers of that
// response). A "session cookie" is one without Expires or Max-Age. Headers
// that delete a cookie (Max-Age <= 0, Expires in the past) and headers a
// browser would ignore are not judged.
//   session cookie without Secure → fail high;
//   other cookie without Secure, session cookie without HttpOnly → fail medium;
//   invalid SameSite value, broken __Secure-/__Host- prefix → partial medium;
//   all good → pass; no cookie → not_applicable.
#include "checks/parse/cookie.h"

#include "checks/base/strings.h"
#include "checks/parse/http_headers.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-COOKIE-01";
constexpr size_t kMaxCookies = 50;

}  // namespace

std::vector<Finding> CheckWebCookie01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  const UnixSeconds now = ctx.now;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string*) {
    web::FinalPage page = web::FinalHttpsPage(obs, host);
    if (page.hop == nullptr) return page.why;
    std::vector<std::string> headers = HeaderValues(page.hop->headers, "set-cookie");
    if (headers.empty()) return web::NotApplicable("the landing page sets no cookie");
    web::Verdict worst = web::Pass();
    std::vector<std::string> problems;
    std::string evidence;
    size_t judged = 0;
    for (size_t i = 0; i < headers.size() && i < kMaxCookies; ++i) {
      SetCookie c = ParseSetCookie(headers[i]);
      if (!evidence.empty()) evidence += "\n";
      evidence += "Set-Cookie: " + SanitizeForDisplay(headers[i], 300);
      if (c.ignored || c.IsDeletion(now)) continue;
      ++judged;
      std::string label = c.name.empty() ? "(no name)" : SanitizeForDisplay(c.name, 64);
      bool session = c.IsSession();
      auto note = [&](Outcome o, Severity s, const std::string& what) {
        problems.push_back(label + ": " + what);
        web::Verdict v = web::Problem(o, s, "", "");
        if (web::Badness(v) > web::Badness(worst)) worst = v;
      };
      if (!c.secure) {
        if (session) note(Outcome::kFail, Severity::kHigh, "session cookie without Secure");
        else note(Outcome::kFail, Severity::kMedium, "cookie without Secure");
      }
      if (session && !c.http_only) note(Outcome::kFail, Severity::kMedium, "session cookie without HttpOnly");
      if (c.same_site == CookieSameSite::kInvalid)
        note(Outcome::kPartial, Severity::kMedium,
             "invalid SameSite value \"" + SanitizeForDisplay(c.same_site_raw, 40) + "\"");
      if (c.same_site == CookieSameSite::kNone && !c.secure)
        problems.push_back(label + ": SameSite=None without Secure is rejected by browsers");
      if (!c.prefix_violation.empty()) note(Outcome::kPartial, Severity::kMedium, c.prefix_violation);
    }
    evidence = web::Evidence(evidence, 2048);
    if (judged == 0)
      return web::NotApplicable("the landing page only deletes cookies or sends invalid ones");
    worst.evidence = evidence;
    worst.detail = problems.empty() ? std::to_string(judged) + " cookie(s) judged" : Join(problems, "; ");
    worst.detail = web::Evidence(worst.detail, 1024);
    return worst;
  });
}

}  // namespace posture
