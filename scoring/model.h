// The scoring model: the published, versioned rules that turn one day's
// findings into a score and a grade. It is data (scoring/model-v1.json, built
// into the binary), not code: a regional team can copy and tune it, give it a
// new version, and load it with `--model FILE`. Every stored score records the
// version it was computed with; a cohort is compared under one version.
//
// The rules (see `posture model show`):
//   - each finding belongs to a category (from the catalogue) and is worth
//     `severity_points[severity]`; a finding reported with severity info
//     whose code is listed in `check_severity` (checks that report their
//     pass without a severity, e.g. the web checks) is worth the points of
//     the listed severity instead (the points at stake for that check);
//     pass earns all of it, partial half, fail
//     nothing (`outcome_credit`); the outcomes of `outside_denominator`
//     (not_tested, not_applicable, error, info) earn and cost nothing;
//   - category score = earned / possible x 100 (categories without any
//     applicable finding are left out); overall = mean of the category scores
//     weighted by `categories` (renormalised over the categories present);
//   - caps: when a finding matches `when`, the scope (overall or a category)
//     is limited to `max`;
//   - grade: the first of `grades` whose `min` the overall score reaches;
//   - rolling score: mean of the daily scores of the last `window.days` days,
//     provisional below `window.min_scan_days` scan days.
//
// Thread-safety: plain values; the parser is reentrant.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/base/status.h"
#include "checks/catalogue.h"
#include "checks/finding.h"

namespace posture::scoring {

inline constexpr int kCategoryCount = 5;
inline constexpr int kSeverityCount = 5;
inline constexpr int kOutcomeCount = 7;

// All categories, in the model's display order.
const std::array<Category, kCategoryCount>& AllCategories();
// A category in words: "Authentification de la messagerie" / "Mail authentication".
const char* CategoryLabel(Category c, Lang lang);

// When a cap applies: every field that is set must match one counted finding.
struct CapCondition {
  std::optional<std::string> code;
  std::optional<Severity> severity;
  std::optional<Outcome> outcome;
};

struct Cap {
  std::string id;                   // e.g. "critical_fail"
  std::optional<Category> scope;    // nullopt: the overall score
  double max = 100;
  CapCondition when;
};

struct GradeBound {
  std::string grade;  // "A"
  double min = 0;     // inclusive lower bound
};

struct ScoringModel {
  std::string version;
  std::string name;
  std::array<double, kCategoryCount> weights{};         // indexed by Category
  std::array<double, kSeverityCount> severity_points{};  // indexed by Severity
  // Indexed by Outcome; nullopt for the outcomes outside the denominator.
  std::array<std::optional<double>, kOutcomeCount> outcome_credit{};
  // Code -> the severity at stake for that check, used when a countable
  // finding of the code comes with severity info (see the rules above).
  std::map<std::string, Severity> check_severity;
  std::vector<Cap> caps;
  std::vector<GradeBound> grades;  // descending by min; the last has min 0
  int window_days = 30;
  int min_scan_days = 4;

  double weight(Category c) const { return weights[static_cast<int>(c)]; }
  double points(Severity s) const { return severity_points[static_cast<int>(s)]; }
  std::optional<double> credit(Outcome o) const { return outcome_credit[static_cast<int>(o)]; }
  // The severity whose points a finding is worth (check_severity applied).
  Severity StakeOf(const std::string& code, Severity reported) const;
  // The grade of a score in [0, 100].
  std::string GradeFor(double score) const;
  // The best grade a score at most `max` can reach (for "grade D at best").
  std::string BestGradeUnder(double max) const;
};

// Parses and validates a model. Errors are InvalidArgument with a message
// that names the offending field, e.g. "model: categories.dns must be a
// number between 0 and 100".
StatusOr<ScoringModel> ParseModel(std::string_view json_text);

// The canonical JSON of a model (stable key order, no whitespace): what the
// store keeps, and how two definitions with the same version are compared.
std::string ModelToJson(const ScoringModel& model);

// The built-in model: the text of scoring/model-v1.json, compiled in.
std::string_view DefaultModelJson();
const ScoringModel& DefaultModel();

// A cap in words, e.g. "toute constatation de sévérité critique en échec
// plafonne la note globale à 54".
std::string DescribeCap(const Cap& cap, Lang lang);

// Rounds to one decimal (half away from zero), as every published score is.
double RoundScore(double v);

}  // namespace posture::scoring
