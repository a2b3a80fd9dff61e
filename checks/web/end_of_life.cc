// WEB-EOL-01: software past its end of life.
//
// References: the dated table in checks/web/eol_table.{h,cc} (each row names
// its source; last reviewed 2026-12-03); ANSSI "Guide d'hygiène
// informatique" (2017), mesure 34 « Définir une politique de mise à jour
// des composants du système d'information »; OWASP Top 10 2021 A06
// (Vulnerable and Outdated Components).
//
// Per web host, from what WEB-INFO-01 sees: a product version inside a
// table range whose last day of support is before CheckContext::now → fail
// high (listing each product, its end date and source); versions disclosed
// but none end-of-life → pass; no version disclosed → pass (nothing seen is
// past its end of life; the detail says no version was disclosed). Distributions (Debian, Ubuntu, RHEL) backport security fixes to
// old upstream versions; the detail says so when the headers show a
// distribution, and always for nginx.
#include "checks/base/strings.h"
#include "checks/web/eol_table.h"
#include "checks/web/software_versions.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

bool MentionsDistribution(std::string_view text) {
  std::string t = AsciiLower(text);
  for (const char* hint : {"debian", "ubuntu", "+deb", "~deb", "centos", "red hat", "rhel", ".el7",
                           ".el8", ".el9", "suse", "alpine"})
    if (t.find(hint) != std::string::npos) return true;
  return false;
}

}  // namespace

std::vector<Finding> CheckWebEol01(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  const UnixSeconds now = ctx.now;
  return web::ForEachWebHost(ctx, "WEB-EOL-01", [&](const std::string& host, std::string*) {
    web::DisclosedSoftware d = web::FindDisclosedSoftware(obs, host);
    if (d.hop == nullptr) return d.why;
    std::vector<std::string> eol;
    size_t versioned = 0;
    bool caveat = MentionsDistribution(d.evidence);
    for (const ProductVersion& pv : d.products) {
      if (!HasVersionDigits(pv.version)) continue;
      ++versioned;
      const web::EolEntry* e = web::FindEolEntry(pv.canonical, pv.version);
      if (e == nullptr) continue;
      std::optional<UnixSeconds> last = ParseIso8601(e->last_day);
      if (!last || now < *last + 86400) continue;  // still supported on its last day
      eol.push_back(std::string(e->display) + " " + pv.version + ": end of life " + e->last_day +
                    " (" + e->source + ")");
      if (pv.canonical == "nginx") caveat = true;
    }
    std::string reviewed = std::string("EOL table reviewed ") + web::kEolTableReviewed;
    if (versioned == 0) return web::Pass(d.evidence, "no software version disclosed; " + reviewed);
    if (eol.empty()) return web::Pass(d.evidence, reviewed);
    std::string detail = Join(eol, "; ");
    if (caveat)
      detail += "; caveat: distributions (Debian, Ubuntu, RHEL...) backport security fixes to "
                "old upstream versions, so a packaged version may still be patched";
    detail += "; " + reviewed;
    return web::Problem(Outcome::kFail, Severity::kHigh, d.evidence, web::Evidence(detail, 2048));
  });
}

}  // namespace posture
