// The store's scan API: scan runs (with their plan, so an interrupted run can
// be resumed), the observations of each target (compressed JSON, the raw
// evidence kept for re-scoring) and their findings. Writing one target's
// results is one transaction: a crash loses at most the targets in flight.
//
// ScanLock makes sure only one `posture scan` writes to a database at a time
// (an advisory lock on "<db>.scan-lock" next to the database file, symbolic
// links resolved, released by the kernel even after kill -9).
//
// Thread-safety: like Store, one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/status.h"
#include "checks/base/time.h"
#include "checks/finding.h"
#include "checks/observations.h"
#include "scanner/store/store.h"

namespace posture {

class ScanLock {
 public:
  // Unavailable with a clear sentence when another scan holds the lock.
  static StatusOr<ScanLock> Acquire(const std::string& db_path);
  ScanLock(ScanLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  ScanLock& operator=(ScanLock&&) = delete;
  ScanLock(const ScanLock&) = delete;
  ~ScanLock();

 private:
  explicit ScanLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct ScanRun {
  int64_t id = 0;
  UnixSeconds started_at = 0;
  std::optional<UnixSeconds> finished_at;
  std::string status;  // running, complete, interrupted
  int64_t targets_total = 0;
  int64_t targets_done = 0;
};

// Creates a run planned over `target_ids` (all pending).
StatusOr<int64_t> BeginRun(Store& store, UnixSeconds now, const std::string& options_json,
                           const std::vector<int64_t>& target_ids);
// The run a plain `posture scan` resumes: the newest run over the whole
// registry (not limited with --target), when it did not complete. That
// covers a run interrupted (Ctrl-C, a write error) and a run left "running"
// by a crash (kill -9, power loss) even after its last target was written.
// Nothing when the newest such run completed: an older unfinished run that a
// newer one (--new-run) replaced is never resumed. Runs limited with
// --target are never resumed.
StatusOr<std::optional<ScanRun>> FindUnfinishedRun(Store& store);
// Marks the runs still "running" as interrupted: only for a caller that holds
// the ScanLock (then no process is running them: they were left by a crash).
// Returns how many.
StatusOr<int64_t> MarkCrashedRunsInterrupted(Store& store);
StatusOr<std::vector<int64_t>> PendingTargets(Store& store, int64_t run_id);
// Takes pending targets out of a run's plan (e.g. collectivities that opted
// out, or left the registry, between the start of the run and its resumption)
// so that the run can complete. Targets already done stay.
Status DropPendingTargets(Store& store, int64_t run_id, const std::vector<int64_t>& target_ids);
Status FinishRun(Store& store, int64_t run_id, const std::string& status, UnixSeconds now);
StatusOr<std::vector<ScanRun>> ListRuns(Store& store, int limit);

// Writes one target's observations and findings and marks it done in the run,
// in one transaction. `complete` says the scan of the target ran to its end
// (no deadline cut). `also`, when set, runs inside that transaction after the
// findings are written (the scan computes the daily score there, see
// UpsertScanDailyScore); its error rolls everything back. Returns the
// observation id.
using InTransaction = std::function<Status(int64_t observation_id, DayNumber day)>;
StatusOr<int64_t> WriteTargetResult(Store& store, int64_t run_id, int64_t target_id,
                                    const TargetObservations& obs,
                                    const std::vector<Finding>& findings, bool complete,
                                    const InTransaction& also = {});

// Observations compression (zlib), exposed for tests.
std::string CompressObservations(const std::string& json);
StatusOr<std::string> DecompressObservations(const std::string& blob);

struct StoredObservation {
  int64_t id = 0;
  int64_t run_id = 0;
  int64_t target_id = 0;
  UnixSeconds scanned_at = 0;
  DayNumber day = 0;
  bool complete = false;
};

// The observation rows of a target (or all targets when target_id == 0),
// oldest first, without their data.
StatusOr<std::vector<StoredObservation>> ListObservations(Store& store, int64_t target_id);
StatusOr<TargetObservations> LoadObservations(Store& store, int64_t observation_id);
// Replaces the findings of an observation (rescore), in one transaction.
// Findings are derived data: rescore rewrites them in place (each row records
// the version of the check that produced it); the observation is untouched.
Status ReplaceFindings(Store& store, int64_t observation_id, const std::vector<Finding>& findings);
// The same inside a transaction the caller holds (batches of rescore).
Status ReplaceFindingsLocked(Store& store, int64_t observation_id,
                             const std::vector<Finding>& findings);
StatusOr<std::vector<Finding>> LoadFindings(Store& store, int64_t observation_id);

}  // namespace posture
