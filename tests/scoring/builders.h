// Builders for the scoring tests: findings, a category resolver by code
// prefix (independent of the catalogue, which the checks fill), and models.
#pragma once

#include <string>
#include <vector>

#include "checks/finding.h"
#include "scoring/model.h"
#include "scoring/score.h"

namespace posture::scoring::testing {

// MAIL-SPF/DMARC/DKIM/OWN/NULL/MX -> mail_auth; MAIL-TLS/MTASTS/DANE/TLSRPT ->
// mail_transport; WEB-HTTPS/HSTS/TLS/CERT -> web_transport; other WEB- ->
// web_hygiene; DNS- -> dns; anything else unknown.
inline std::optional<Category> PrefixCategory(const std::string& code) {
  auto starts = [&](const char* p) { return code.rfind(p, 0) == 0; };
  if (starts("MAIL-TLS") || starts("MAIL-MTASTS") || starts("MAIL-DANE") || starts("MAIL-TLSRPT"))
    return Category::kMailTransport;
  if (starts("MAIL-")) return Category::kMailAuth;
  if (starts("WEB-HTTPS") || starts("WEB-HSTS") || starts("WEB-TLS") || starts("WEB-CERT"))
    return Category::kWebTransport;
  if (starts("WEB-")) return Category::kWebHygiene;
  if (starts("DNS-")) return Category::kDns;
  return std::nullopt;
}

inline Finding F(const std::string& code, Outcome o, Severity s, const std::string& subject = "") {
  Finding f;
  f.code = code;
  f.outcome = o;
  f.severity = s;
  f.subject = subject;
  return f;
}
inline Finding Pass(const std::string& code, Severity s) { return F(code, Outcome::kPass, s); }
inline Finding Fail(const std::string& code, Severity s) { return F(code, Outcome::kFail, s); }
inline Finding Partial(const std::string& code, Severity s) { return F(code, Outcome::kPartial, s); }

inline DailyScore Score(const std::vector<Finding>& findings, const std::set<std::string>& explained = {},
                        const ScoringModel& model = DefaultModel()) {
  return ScoreFindings(findings, explained, model, PrefixCategory);
}

// A model identical to v1 except its version (and anything the caller edits).
inline ScoringModel ModelV(const std::string& version) {
  ScoringModel m = DefaultModel();
  m.version = version;
  return m;
}

}  // namespace posture::scoring::testing
