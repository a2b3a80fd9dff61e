// Retention of the raw evidence. Observations are kept so that history can
// be re-scored (`posture rescore`, a new model) without rescanning anyone;
// past the retention period (400 days by default, `posture scan
// --retention-days`) they are deleted with their findings. What was computed
// from them stays: the daily scores (their observation_id becomes NULL), the
// cohorts' frozen baselines, explanations and opt-out records. The plans of
// old runs (run_targets) go too; the scan_runs rows stay as the log of what
// ran.
//
// Thread-safety: like Store, one thread at a time. The caller holds the
// ScanLock (the scan does), so no scan writes while rows are deleted.
#pragma once

#include <cstdint>

#include "checks/base/status.h"
#include "checks/base/time.h"
#include "scanner/store/store.h"

namespace posture {

struct PruneResult {
  int64_t observations = 0;  // rows deleted (their findings with them)
  int64_t findings = 0;
  int64_t run_plans = 0;  // run_targets rows of old finished runs
};

// Deletes the observations of the days before `first_kept_day`, with their
// findings, in batches of at most `batch` observations, each its own
// transaction (a large backlog never holds the write lock for long; an
// interruption leaves whole batches done, nothing half-deleted).
StatusOr<PruneResult> PruneObservations(Store& store, DayNumber first_kept_day, int batch = 500);

}  // namespace posture
