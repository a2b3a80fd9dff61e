#include "scanner/store/store_retention.h"

#include <vector>

namespace posture {
namespace {

// One batch: up to `batch` of the oldest observations before the cut.
// Returns how many observations it deleted (0: nothing left).
StatusOr<int64_t> PruneBatch(Db& db, DayNumber first_kept_day, int batch, PruneResult* result) {
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto pick = db.Prepare("SELECT id FROM observations WHERE day < ? ORDER BY id LIMIT ?");
  if (!pick.ok()) return pick.status();
  pick->Bind(1, static_cast<int64_t>(first_kept_day)).Bind(2, static_cast<int64_t>(batch));
  std::vector<int64_t> ids;
  while (pick->Step()) ids.push_back(pick->Int(0));
  if (!pick->status().ok()) return pick->status();
  if (ids.empty()) return int64_t{0};
  // Findings explicitly (counted), then the observation; scores keep their
  // row with observation_id set to NULL by the foreign key.
  auto del_findings = db.Prepare("DELETE FROM findings WHERE observation_id = ?");
  if (!del_findings.ok()) return del_findings.status();
  auto del_obs = db.Prepare("DELETE FROM observations WHERE id = ?");
  if (!del_obs.ok()) return del_obs.status();
  for (int64_t id : ids) {
    del_findings->Reset();
    del_findings->Bind(1, id);
    if (Status s = del_findings->Run(); !s.ok()) return s;
    result->findings += db.Changes();
    del_obs->Reset();
    del_obs->Bind(1, id);
    if (Status s = del_obs->Run(); !s.ok()) return s;
    result->observations += db.Changes();
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return static_cast<int64_t>(ids.size());
}

}  // namespace

StatusOr<PruneResult> PruneObservations(Store& store, DayNumber first_kept_day, int batch) {
  Db& db = store.db();
  PruneResult result;
  if (batch < 1) batch = 1;
  for (;;) {
    auto n = PruneBatch(db, first_kept_day, batch, &result);
    if (!n.ok()) return n.status();
    if (*n < batch) break;
  }
  // The plans of finished runs that started before the cut: nothing resumes
  // them any more.
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto plans = db.Prepare(
      "DELETE FROM run_targets WHERE run_id IN (SELECT id FROM scan_runs "
      "WHERE status = 'complete' AND started_at < ?)");
  if (!plans.ok()) return plans.status();
  plans->Bind(1, static_cast<int64_t>(StartOfDay(first_kept_day)));
  if (Status s = plans->Run(); !s.ok()) return s;
  result.run_plans = db.Changes();
  if (Status s = tx.Commit(); !s.ok()) return s;
  return result;
}

}  // namespace posture
