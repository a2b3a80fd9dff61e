// Gathers what the reports need from the store (registry, rolling and daily
// scores, last scans' findings, explanations, finding ages, cohorts) into
// the plain structs of reports/inputs.h. The reports themselves are pure
// (reports/); this is the shell side, used by `posture report` and
// `posture export`.
//
// Thread-safety: like Store, one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/status.h"
#include "reports/inputs.h"
#include "scanner/store/store.h"
#include "scanner/store/store_scores.h"
#include "scanner/store/store_targets.h"
#include "scoring/model.h"

namespace posture::cli {

// The registry and its scores as of `now`, loaded once per command.
struct ReportSnapshot {
  UnixSeconds now = 0;
  DayNumber day = 0;
  std::vector<StoredTarget> targets;                       // registry order
  std::vector<scoring::RankCandidate> candidates;          // same order as targets
  std::map<int64_t, int> rank;                             // target id -> rank (ranked only)
  std::map<int64_t, std::vector<StoredDailyScore>> daily;  // the window's daily scores, by day
  std::map<std::string, std::string> department_names;     // "78" -> "Yvelines"
  std::map<int64_t, RollingTrend> trends;                  // rolling score one window earlier

  const StoredTarget* Target(int64_t id) const;
  const scoring::RankCandidate* Candidate(int64_t id) const;
  // The last day of the window with a complete scan (scored or not).
  std::optional<DayNumber> LastScanDay(int64_t id) const;
};

StatusOr<ReportSnapshot> LoadReportSnapshot(Store& store, const scoring::ScoringModel& model,
                                            UnixSeconds now);

// Everything one scorecard needs. `ages_history_days` bounds how far back
// the finding ages look.
StatusOr<reports::ScorecardInput> LoadScorecardInput(Store& store, const ReportSnapshot& snap,
                                                     const scoring::ScoringModel& model,
                                                     int64_t target_id, Lang lang,
                                                     int ages_history_days = 180);

// The distinct active finding codes of the target's last scan day.
StatusOr<std::vector<std::string>> LoadActiveCodes(Store& store, const ReportSnapshot& snap,
                                                   const scoring::ScoringModel& model,
                                                   int64_t target_id);

// The cohort as the reports show it (remediation figures as of snap.now).
StatusOr<reports::CohortView> LoadCohortView(Store& store, const std::string& name,
                                             UnixSeconds now);
// The most recent cohort created by `now`, if any.
StatusOr<std::optional<std::string>> CurrentCohortName(Store& store, UnixSeconds now);

// "commune-78646": a file name for a target (kind and code are validated
// registry values: letters, digits; anything else becomes '_').
std::string TargetFileStem(TargetKind kind, const std::string& code);

}  // namespace posture::cli
