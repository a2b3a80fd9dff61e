// Findings: the verdicts of the checks. A finding has a stable code (a public
// contract used by scoring, reports and exports), an outcome, a severity, a
// subject (domain, host, IP) and verbatim evidence. Titles, explanations and
// remediation come from the catalogue (catalogue.h), keyed by code.
//
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace posture {

enum class Outcome { kPass, kPartial, kFail, kInfo, kNotTested, kNotApplicable, kError };
enum class Severity { kCritical, kHigh, kMedium, kLow, kInfo };

// The five scoring categories (published weights live in the scoring model).
enum class Category { kMailAuth, kMailTransport, kWebTransport, kWebHygiene, kDns };

const char* OutcomeName(Outcome o);      // "pass", "partial", "fail", "info", "not_tested", ...
const char* SeverityName(Severity s);    // "critical", "high", "medium", "low", "info"
const char* CategoryName(Category c);    // "mail_auth", "mail_transport", "web_transport", ...
std::optional<Outcome> ParseOutcome(const std::string& s);
std::optional<Severity> ParseSeverity(const std::string& s);
std::optional<Category> ParseCategory(const std::string& s);
// Lower is worse: critical=0 ... info=4.
int SeverityRank(Severity s);
// Whether the finding counts against the collectivity (fail or partial).
bool IsProblem(Outcome o);

struct Finding {
  std::string code;  // e.g. "MAIL-SPF-03"
  Outcome outcome = Outcome::kNotTested;
  Severity severity = Severity::kInfo;
  std::string subject;   // e.g. "versailles.fr", "mx1.example.fr 192.0.2.1"
  std::string evidence;  // verbatim: the record, the header, the EHLO line
  std::string detail;    // short machine-written explanation (English), optional
};

}  // namespace posture
