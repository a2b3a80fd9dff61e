// The store's scoring API: scoring models, daily scores, explanations
// (comply-or-explain), ranking inputs, semester cohorts and what remediation
// needs. The rules themselves are in scoring/ (pure); this file only reads
// and writes their inputs and results.
//
// Categories come from scoring::DefaultCategory (the catalogue, then the
// code's prefix for a code the catalogue lacks).
//
// Daily scores are derived data: the score of (target, day, model version)
// is computed from the findings of the target's last complete observation of
// that day and the explanations valid that day. They are computed by the
// scan (UpsertScanDailyScore, in the transaction that writes each target's
// results, under the scan's model), and filled in on demand
// (RefreshDailyScores) whenever a model is used that has not scored those
// days yet, or when a later scan of the same day replaced the one that was
// scored. Recording or ending an explanation re-scores the target's stored
// days it affects; `posture rescore` (store_rescore.h) recomputes findings
// and then scores. So a new or tuned model re-scores history without
// rescanning anyone.
//
// Opt-out as of a time t: an opt_outs row with opted_out_at <= t and no
// opt-in by t. Opted-out targets are never ranked and never enter a cohort;
// a member that opts out after the cohort's creation has left it.
//
// Thread-safety: like Store, one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/status.h"
#include "checks/base/time.h"
#include "checks/finding.h"
#include "scanner/store/store.h"
#include "scoring/model.h"
#include "scoring/ranking.h"
#include "scoring/remediation.h"
#include "scoring/rolling.h"
#include "scoring/score.h"

namespace posture {

// ---- Models ---------------------------------------------------------------

// Stores `model` under its version if that version is new. FailedPrecondition
// when the version is already stored with a different definition (a tuned
// copy must change its version). Opens no transaction.
Status SaveModel(Store& store, const scoring::ScoringModel& model, UnixSeconds now);
// NotFound when the version was never stored.
StatusOr<scoring::ScoringModel> LoadModel(Store& store, const std::string& version);

struct StoredModelInfo {
  std::string version;
  std::string name;
  UnixSeconds loaded_at = 0;
};
StatusOr<std::vector<StoredModelInfo>> ListModels(Store& store);

// ---- Daily scores -----------------------------------------------------------

// Computes the daily score of `target_id` for `day` from `findings` (those of
// its last complete scan that day) and the explanations valid that day, under
// `model`, and upserts it (replacing an earlier scan's score of that day).
// Also saves the model (SaveModel). Opens no transaction: call it inside the
// transaction that writes the target's results, or alone.
StatusOr<scoring::DailyScore> UpsertDailyScore(
    Store& store, const scoring::ScoringModel& model, int64_t target_id, DayNumber day,
    std::optional<int64_t> observation_id, const std::vector<Finding>& findings, UnixSeconds now);

// What `posture scan` calls inside the transaction that writes a target's
// complete result: UpsertDailyScore for the observation's day, unless a later
// complete scan of that day is already stored (then that scan's score
// stands). Returns whether a score was written.
StatusOr<bool> UpsertScanDailyScore(Store& store, const scoring::ScoringModel& model,
                                    int64_t target_id, DayNumber day, int64_t observation_id,
                                    const std::vector<Finding>& findings, UnixSeconds now);

struct RefreshOptions {
  DayNumber first_day = 0;
  DayNumber last_day = 0;
  std::vector<int64_t> target_ids;  // empty: every target
  // Recompute every day (posture rescore) rather than only the days without
  // a score for this model, or scored from an older scan of the day.
  bool force = false;
};

// Computes the daily scores under `model` of the (target, day) pairs of the
// range that have a complete observation. One transaction. Returns how many
// scores were written.
StatusOr<int64_t> RefreshDailyScores(Store& store, const scoring::ScoringModel& model,
                                     const RefreshOptions& options, UnixSeconds now);

struct StoredDailyScore {
  int64_t target_id = 0;
  DayNumber day = 0;
  std::optional<int64_t> observation_id;
  scoring::DailyScore score;  // without the finding lists (see ScoreStoredDay)
  UnixSeconds computed_at = 0;
};

// Stored scores of `model_version` in [first_day, last_day], by target then
// day; one target only when target_id is set.
StatusOr<std::vector<StoredDailyScore>> LoadDailyScores(Store& store,
                                                        const std::string& model_version,
                                                        DayNumber first_day, DayNumber last_day,
                                                        std::optional<int64_t> target_id = {});

// The findings of the target's last complete observation of `day` (empty
// when there is none), and that observation's id.
struct DayFindingsRecord {
  std::optional<int64_t> observation_id;
  std::vector<Finding> findings;
};
StatusOr<DayFindingsRecord> LoadDayFindings(Store& store, int64_t target_id, DayNumber day);

// The full daily score (with active, explained and unknown finding lists)
// recomputed from stored findings and explanations; nothing is written.
// overall is nullopt when the day has no complete observation.
StatusOr<scoring::DailyScore> ScoreStoredDay(Store& store, const scoring::ScoringModel& model,
                                             int64_t target_id, DayNumber day);

// The rolling score of a target at `day` under `model` (refreshing its daily
// scores of the window first).
StatusOr<scoring::RollingScore> LoadRollingScore(Store& store, const scoring::ScoringModel& model,
                                                 int64_t target_id, DayNumber day, UnixSeconds now);

// A target's rolling score at `day` and one window earlier (the 30-day
// trend shown on the scorecard and the dashboard), with the daily scores of
// the current window.
struct RollingTrend {
  int64_t target_id = 0;
  scoring::RollingScore now;
  scoring::RollingScore before;  // at day - window_days
  std::optional<double> delta;   // now - before, one decimal, when both have a score
  std::vector<scoring::DayScore> daily;  // scan days of the current window, oldest first
};

// Trends of every target (of `target_ids` when not empty) at `day` under
// `model`, refreshing the daily scores of the two windows first. Targets
// without any scan day in either window are included with empty scores.
StatusOr<std::vector<RollingTrend>> LoadRollingTrends(Store& store,
                                                      const scoring::ScoringModel& model,
                                                      DayNumber day, UnixSeconds now,
                                                      const std::vector<int64_t>& target_ids = {});

// The age of each finding present in the window ending at `day` (first
// seen, last seen, days present), from the target's stored scans up to
// `day` (at most `history_days` back), explanations applied.
StatusOr<std::vector<scoring::FindingAge>> LoadFindingAges(
    Store& store, const scoring::ScoringModel& model, int64_t target_id, DayNumber day,
    int history_days = 400);

// ---- Explanations (comply-or-explain) ---------------------------------------

inline constexpr size_t kMaxExplanationReason = 1000;

// The last day an explanation recorded on `today` may run to: the same date
// one year later (28 February for 29 February).
DayNumber LatestExplanationDay(DayNumber today);

// Records that findings `code` of the target do not count from today to
// `until_day` inclusive, and re-scores the target's stored days from today.
// InvalidArgument (one sentence) for an empty or too long reason, a code that
// is not a finding code, an `until_day` in the past or more than one year
// ahead. One transaction. Returns the explanation id.
StatusOr<int64_t> RecordExplanation(Store& store, int64_t target_id, const std::string& code,
                                    const std::string& reason, DayNumber until_day,
                                    UnixSeconds now);

struct ExplanationRecord {
  scoring::Explanation explanation;
  std::string target_key;  // "commune:78646"
  std::string target_name;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> revoked_at;
};

// Explanations, newest first; only those valid on `today` unless
// include_inactive; of one target when target_id is set.
StatusOr<std::vector<ExplanationRecord>> ListExplanations(Store& store,
                                                          std::optional<int64_t> target_id,
                                                          DayNumber today, bool include_inactive);
// Every explanation of a target (for scoring).
StatusOr<std::vector<scoring::Explanation>> LoadExplanations(Store& store, int64_t target_id);

// Ends an explanation today (the finding counts again from today) and
// re-scores the affected stored days. NotFound for an unknown id,
// FailedPrecondition when it already ended. One transaction.
Status ExpireExplanation(Store& store, int64_t explanation_id, UnixSeconds now);

// ---- Ranking -----------------------------------------------------------------

// Every target with its rolling score at DayOf(now) under `model`, opt-out
// state as of `now`, and the critical/high counts of its last scan day
// (refreshing the window's daily scores first).
StatusOr<std::vector<scoring::RankCandidate>> LoadRankCandidates(Store& store,
                                                                 const scoring::ScoringModel& model,
                                                                 UnixSeconds now);
StatusOr<scoring::Ranking> RankAt(Store& store, const scoring::ScoringModel& model, UnixSeconds now,
                                  const scoring::RankFilter& filter = {});

// ---- Cohorts -------------------------------------------------------------------

struct CohortInfo {
  int64_t id = 0;
  std::string name;
  UnixSeconds created_at = 0;
  DayNumber baseline_day = 0;
  std::string model_version;
  int size = 0;             // members called
  int comparison_size = 0;  // members of the comparison group
  int left = 0;             // members marked left (opted out)
};

// Freezes the `size` lowest ranked targets at DayOf(now) under `model` (the
// called group) and the next `comparison_size` (the comparison group), with
// their baseline: rolling score, grade, active findings, model version, day.
// AlreadyExists when the name is taken; InvalidArgument for a bad name or
// size; FailedPrecondition when nothing can be ranked. One transaction (after
// refreshing the daily scores the ranking needs).
StatusOr<CohortInfo> CreateCohort(Store& store, const std::string& name,
                                  const scoring::ScoringModel& model, int size,
                                  int comparison_size, UnixSeconds now);
StatusOr<std::vector<CohortInfo>> ListCohorts(Store& store);
// NotFound naming the cohort.
StatusOr<CohortInfo> FindCohort(Store& store, const std::string& name);
// Members as frozen, called first then comparison, by rank.
StatusOr<std::vector<scoring::CohortMember>> LoadCohortMembers(Store& store, int64_t cohort_id);

// The remediation figures of a cohort at DayOf(now), under the cohort's model
// version (re-scoring stored findings where that version has no score yet).
// InvalidArgument when now is before the cohort's baseline day.
StatusOr<scoring::RemediationReport> CohortRemediation(
    Store& store, const std::string& name, UnixSeconds now,
    const scoring::RemediationOptions& options = {});

}  // namespace posture
