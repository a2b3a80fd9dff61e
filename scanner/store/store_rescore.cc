#include "scanner/store/store_rescore.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "scanner/store/store_scans.h"
#include "scanner/store/store_scores.h"

namespace posture {
namespace {

struct ObservationRow {
  int64_t id = 0;
  int64_t target_id = 0;
  DayNumber day = 0;
};

struct StoredFinding {
  Finding finding;
  int64_t check_version = 0;
};

StatusOr<std::vector<StoredFinding>> StoredFindings(Db& db, int64_t observation_id) {
  auto q = db.Prepare(
      "SELECT code, outcome, severity, subject, evidence, detail, check_version FROM findings "
      "WHERE observation_id = ? ORDER BY rowid");
  if (!q.ok()) return q.status();
  q->Bind(1, observation_id);
  std::vector<StoredFinding> out;
  while (q->Step()) {
    StoredFinding s;
    s.finding.code = q->Text(0);
    // An outcome or severity this posture does not know never equals a new finding.
    auto o = ParseOutcome(q->Text(1));
    auto v = ParseSeverity(q->Text(2));
    if (!o || !v) s.check_version = -1;
    s.finding.outcome = o.value_or(Outcome::kError);
    s.finding.severity = v.value_or(Severity::kInfo);
    s.finding.subject = q->Text(3);
    s.finding.evidence = q->Text(4);
    s.finding.detail = q->Text(5);
    if (s.check_version == 0) s.check_version = q->Int(6);
    out.push_back(std::move(s));
  }
  if (!q->status().ok()) return q->status();
  return out;
}

bool SameFindings(const std::vector<StoredFinding>& stored, const std::vector<Finding>& fresh) {
  if (stored.size() != fresh.size()) return false;
  for (size_t i = 0; i < fresh.size(); ++i) {
    const Finding& a = stored[i].finding;
    const Finding& b = fresh[i];
    if (a.code != b.code || a.outcome != b.outcome || a.severity != b.severity ||
        a.subject != b.subject || a.evidence != b.evidence || a.detail != b.detail ||
        stored[i].check_version != CheckVersion(b.code))
      return false;
  }
  return true;
}

}  // namespace

StatusOr<RescoreResult> Rescore(Store& store, const scoring::ScoringModel& model,
                                const RescoreOptions& options, UnixSeconds now) {
  Db& db = store.db();
  RescoreResult result;
  std::set<int64_t> wanted(options.target_ids.begin(), options.target_ids.end());

  std::vector<ObservationRow> rows;
  {
    auto q = db.Prepare(
        "SELECT id, target_id, day FROM observations WHERE day BETWEEN ?1 AND ?2 ORDER BY id");
    if (!q.ok()) return q.status();
    q->Bind(1, static_cast<int64_t>(options.first_day.value_or(INT32_MIN)))
        .Bind(2, static_cast<int64_t>(options.last_day.value_or(INT32_MAX)));
    while (q->Step()) {
      ObservationRow r{q->Int(0), q->Int(1), static_cast<DayNumber>(q->Int(2))};
      if (!wanted.empty() && !wanted.count(r.target_id)) continue;
      rows.push_back(r);
    }
    if (!q->status().ok()) return q->status();
  }

  // Targets whose findings changed, and the days concerned.
  std::map<int64_t, std::pair<DayNumber, DayNumber>> changed_days;
  size_t batch = std::max<size_t>(options.batch, 1);
  for (size_t start = 0; start < rows.size(); start += batch) {
    Transaction tx(db);
    if (!tx.status().ok()) return tx.status();
    for (size_t i = start; i < std::min(rows.size(), start + batch); ++i) {
      const ObservationRow& r = rows[i];
      result.first_day = std::min(result.first_day.value_or(r.day), r.day);
      result.last_day = std::max(result.last_day.value_or(r.day), r.day);
      ++result.observations;
      auto obs = LoadObservations(store, r.id);
      if (!obs.ok()) {
        ++result.unreadable;  // kept as they are: evidence is never rewritten
        continue;
      }
      UnixSeconds checked_at = obs->finished_at > 0 ? obs->finished_at : StartOfDay(r.day);
      CheckContext ctx{*obs, checked_at, options.thresholds, options.psl};
      std::vector<Finding> fresh = RunAllChecks(ctx);
      auto stored = StoredFindings(db, r.id);
      if (!stored.ok()) return stored.status();
      if (SameFindings(*stored, fresh)) continue;
      if (Status s = ReplaceFindingsLocked(store, r.id, fresh); !s.ok()) return s;
      ++result.changed;
      auto [it, inserted] = changed_days.try_emplace(r.target_id, r.day, r.day);
      if (!inserted) {
        it->second.first = std::min(it->second.first, r.day);
        it->second.second = std::max(it->second.second, r.day);
      }
    }
    if (Status s = tx.Commit(); !s.ok()) return s;
  }
  result.targets_changed = static_cast<int64_t>(changed_days.size());
  if (!result.first_day) return result;

  // Scores under the model asked for: every day of the range.
  RefreshOptions all;
  all.first_day = *result.first_day;
  all.last_day = *result.last_day;
  all.target_ids = options.target_ids;
  all.force = true;
  auto n = RefreshDailyScores(store, model, all, now);
  if (!n.ok()) return n.status();
  result.scores_written += *n;
  result.model_versions.push_back(model.version);
  if (changed_days.empty()) return result;

  // Other stored versions (a cohort's frozen model, a tuned copy): the days
  // whose findings changed.
  DayNumber first = INT32_MAX, last = INT32_MIN;
  RefreshOptions some;
  for (const auto& [target, days] : changed_days) {
    some.target_ids.push_back(target);
    first = std::min(first, days.first);
    last = std::max(last, days.second);
  }
  some.first_day = first;
  some.last_day = last;
  some.force = true;
  std::vector<std::string> versions;
  {
    auto q = db.Prepare(
        "SELECT DISTINCT model_version FROM scores WHERE day BETWEEN ? AND ? AND model_version <> ? "
        "ORDER BY model_version");
    if (!q.ok()) return q.status();
    q->Bind(1, static_cast<int64_t>(first)).Bind(2, static_cast<int64_t>(last)).Bind(3, model.version);
    while (q->Step()) versions.push_back(q->Text(0));
    if (!q->status().ok()) return q->status();
  }
  for (const std::string& v : versions) {
    auto other = LoadModel(store, v);
    if (!other.ok()) return other.status();
    auto m = RefreshDailyScores(store, *other, some, now);
    if (!m.ok()) return m.status();
    result.scores_written += *m;
    result.model_versions.push_back(v);
  }
  return result;
}

}  // namespace posture
