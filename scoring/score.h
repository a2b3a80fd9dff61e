// The daily score: one day's findings of one collectivity (those of its last
// complete scan that day), minus the findings explained that day
// (comply-or-explain), judged by a ScoringModel. See scoring/model.h for the
// rules; this is their only implementation.
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "checks/base/time.h"
#include "checks/finding.h"
#include "scoring/model.h"

namespace posture::scoring {

// The category of a finding code; nullopt for a code it does not know.
using CategoryResolver = std::function<std::optional<Category>(const std::string& code)>;
// The catalogue's category (FindCatalogueEntry(code)->category).
std::optional<Category> CatalogueCategory(const std::string& code);
// The category a code's prefix implies, for codes the catalogue lacks:
// MAIL-TLS, MAIL-MTASTS, MAIL-TLSRPT, MAIL-DANE -> mail_transport; other
// MAIL- -> mail_auth; WEB-HTTPS, WEB-HSTS, WEB-TLS, WEB-CERT ->
// web_transport; other WEB- -> web_hygiene; DNS- -> dns; else nullopt.
std::optional<Category> PrefixCategory(const std::string& code);
// The default resolver: the catalogue, then the prefix.
std::optional<Category> DefaultCategory(const std::string& code);
// The prefix rules in words, for `posture model show`.
std::vector<std::pair<std::string, Category>> PrefixRules();

// A justified exception ("DMARC p=none during the migration"): findings with
// this code do not count for the collectivity from the day it was recorded
// to `until_day` inclusive, unless revoked earlier. The finding stays visible.
struct Explanation {
  int64_t id = 0;
  int64_t target_id = 0;
  std::string code;  // finding code, e.g. "MAIL-DMARC-02"
  std::string reason;
  DayNumber from_day = 0;   // the day it was recorded
  DayNumber until_day = 0;  // last day it holds
  std::optional<DayNumber> revoked_day;  // counts again from this day

  bool ActiveOn(DayNumber day) const {
    return day >= from_day && day <= until_day && (!revoked_day || day < *revoked_day);
  }
};

// The codes explained on `day` among `explanations` (all of one target).
std::set<std::string> ExplainedCodesOn(const std::vector<Explanation>& explanations, DayNumber day);

// A finding that counts against the collectivity: fail or partial, not
// explained, with a known category.
struct ActiveFinding {
  std::string code;
  Severity severity = Severity::kInfo;
  Outcome outcome = Outcome::kFail;
  std::string subject;
};

struct CategoryScore {
  Category category = Category::kDns;
  double score = 0;     // 0-100, one decimal, after caps
  double earned = 0;    // points earned
  double possible = 0;  // points at stake
  bool capped = false;  // a cap lowered it
};

struct DailyScore {
  std::string model_version;
  // 0-100, one decimal; nullopt when no finding could be judged (every
  // check errored or was not tested): the day is then not a scan day.
  std::optional<double> overall;
  std::string grade;  // empty when overall is nullopt
  std::vector<CategoryScore> categories;  // the categories scored, in model order
  std::vector<std::string> caps;          // ids of the caps whose condition held
  bool overall_capped = false;            // an overall cap lowered the score
  // Neither web category could be scored: "scored on mail and DNS alone".
  bool web_absent = false;
  int active_critical = 0;  // active findings of severity critical
  int active_high = 0;
  int findings_total = 0;     // every finding of the scan
  int findings_untested = 0;  // of which error or not_tested
  // What the scan could not measure: "CODE subject" of each error or
  // not_tested finding (the subject's first word: its host or domain, not its
  // IP), sorted, without repeats. The rolling score leaves a day out when one
  // of these was a passing failure (scoring/rolling.h).
  std::vector<std::string> untested;
  std::vector<ActiveFinding> active;
  std::vector<std::string> explained;      // codes left out because explained
  std::vector<std::string> unknown_codes;  // codes without a category (not scored)

  const CategoryScore* category(Category c) const;
};

DailyScore ScoreFindings(const std::vector<Finding>& findings,
                         const std::set<std::string>& explained_codes, const ScoringModel& model,
                         const CategoryResolver& resolver = DefaultCategory);

}  // namespace posture::scoring
