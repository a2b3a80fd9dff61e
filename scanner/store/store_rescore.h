// Re-scoring stored history (`posture rescore`): the checks of this posture
// (checks/registry.cc, RunAllChecks) are run again over the stored raw
// observations, then the daily scores are recomputed. Nobody is rescanned.
//
// Findings are derived data, like scores: a finding set whose recomputed
// findings differ is rewritten IN PLACE (same observation id, each row
// stamped with the current version of the check that produced it); an
// identical set is left alone. The raw observations are never modified, so a
// later posture can re-check them again. Cohort baselines are not touched:
// they are frozen by definition (what was told to the collectivity); the
// comparison group, checked by the same posture, absorbs a change of checks.
//
// Each check is given the time of the observation (its finished_at) as
// "now", so an expiry is judged as of the scan, not as of the rescore.
//
// Thread-safety: like Store, one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/status.h"
#include "checks/base/time.h"
#include "checks/check.h"
#include "scanner/store/store.h"
#include "scoring/model.h"

namespace posture {

struct RescoreOptions {
  std::optional<DayNumber> first_day;  // default: the oldest stored observation
  std::optional<DayNumber> last_day;   // default: the newest
  std::vector<int64_t> target_ids;     // empty: every target
  CheckThresholds thresholds;
  const PublicSuffixList* psl = nullptr;
  size_t batch = 200;  // observations per transaction
};

struct RescoreResult {
  std::optional<DayNumber> first_day;  // range of the observations re-checked
  std::optional<DayNumber> last_day;
  int64_t observations = 0;  // re-checked
  int64_t unreadable = 0;    // whose stored data cannot be read (left as they were)
  int64_t changed = 0;       // finding sets rewritten
  int64_t targets_changed = 0;
  int64_t scores_written = 0;
  std::vector<std::string> model_versions;  // versions whose daily scores were recomputed
};

// Re-checks the stored observations of the range, rewrites the finding sets
// that changed, then recomputes the daily scores of the range under `model`
// (all of them) and under every other stored model version that had scored
// a day whose findings changed (those days only). Writes in batches of
// transactions: an interruption leaves each finding set either old or new,
// and running it again finishes the work.
StatusOr<RescoreResult> Rescore(Store& store, const scoring::ScoringModel& model,
                                const RescoreOptions& options, UnixSeconds now);

}  // namespace posture
