#include "checks/finding.h"

namespace posture {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPass: return "pass";
    case Outcome::kPartial: return "partial";
    case Outcome::kFail: return "fail";
    case Outcome::kInfo: return "info";
    case Outcome::kNotTested: return "not_tested";
    case Outcome::kNotApplicable: return "not_applicable";
    case Outcome::kError: return "error";
  }
  return "error";
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kCritical: return "critical";
    case Severity::kHigh: return "high";
    case Severity::kMedium: return "medium";
    case Severity::kLow: return "low";
    case Severity::kInfo: return "info";
  }
  return "info";
}

const char* CategoryName(Category c) {
  switch (c) {
    case Category::kMailAuth: return "mail_auth";
    case Category::kMailTransport: return "mail_transport";
    case Category::kWebTransport: return "web_transport";
    case Category::kWebHygiene: return "web_hygiene";
    case Category::kDns: return "dns";
  }
  return "dns";
}

std::optional<Outcome> ParseOutcome(const std::string& s) {
  for (Outcome o : {Outcome::kPass, Outcome::kPartial, Outcome::kFail, Outcome::kInfo,
                    Outcome::kNotTested, Outcome::kNotApplicable, Outcome::kError})
    if (s == OutcomeName(o)) return o;
  return std::nullopt;
}

std::optional<Severity> ParseSeverity(const std::string& s) {
  for (Severity v : {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow,
                     Severity::kInfo})
    if (s == SeverityName(v)) return v;
  return std::nullopt;
}

std::optional<Category> ParseCategory(const std::string& s) {
  for (Category c : {Category::kMailAuth, Category::kMailTransport, Category::kWebTransport,
                     Category::kWebHygiene, Category::kDns})
    if (s == CategoryName(c)) return c;
  return std::nullopt;
}

int SeverityRank(Severity s) { return static_cast<int>(s); }

bool IsProblem(Outcome o) { return o == Outcome::kFail || o == Outcome::kPartial; }

}  // namespace posture
