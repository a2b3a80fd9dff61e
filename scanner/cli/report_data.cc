#include "scanner/cli/report_data.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace posture::cli {

const StoredTarget* ReportSnapshot::Target(int64_t id) const {
  for (const StoredTarget& t : targets)
    if (t.id == id) return &t;
  return nullptr;
}

const scoring::RankCandidate* ReportSnapshot::Candidate(int64_t id) const {
  for (const scoring::RankCandidate& c : candidates)
    if (c.target_id == id) return &c;
  return nullptr;
}

std::optional<DayNumber> ReportSnapshot::LastScanDay(int64_t id) const {
  auto it = daily.find(id);
  if (it == daily.end() || it->second.empty()) return std::nullopt;
  return it->second.back().day;
}

StatusOr<ReportSnapshot> LoadReportSnapshot(Store& store, const scoring::ScoringModel& model,
                                            UnixSeconds now) {
  ReportSnapshot snap;
  snap.now = now;
  snap.day = DayOf(now);
  auto targets = ListTargets(store);
  if (!targets.ok()) return targets.status();
  snap.targets = std::move(targets).value();
  auto candidates = LoadRankCandidates(store, model, now);  // refreshes the window's scores
  if (!candidates.ok()) return candidates.status();
  std::map<int64_t, scoring::RankCandidate> by_id;
  for (scoring::RankCandidate& c : *candidates) by_id[c.target_id] = std::move(c);
  for (const StoredTarget& t : snap.targets) {
    auto it = by_id.find(t.id);
    if (it != by_id.end()) snap.candidates.push_back(it->second);
  }
  scoring::Ranking ranking = scoring::RankTargets(snap.candidates);
  for (const scoring::RankedEntry& e : ranking.entries) snap.rank[e.target.target_id] = e.rank;
  auto rows =
      LoadDailyScores(store, model.version, scoring::WindowStart(snap.day, model), snap.day);
  if (!rows.ok()) return rows.status();
  for (StoredDailyScore& r : *rows) snap.daily[r.target_id].push_back(std::move(r));
  auto trends = LoadRollingTrends(store, model, snap.day, now);
  if (!trends.ok()) return trends.status();
  for (RollingTrend& t : *trends) snap.trends[t.target_id] = std::move(t);
  for (const StoredTarget& t : snap.targets)
    if (t.target.kind == TargetKind::kDepartement)
      snap.department_names[t.target.code] = t.target.name;
  return snap;
}

StatusOr<reports::ScorecardInput> LoadScorecardInput(Store& store, const ReportSnapshot& snap,
                                                     const scoring::ScoringModel& model,
                                                     int64_t target_id, Lang lang,
                                                     int ages_history_days) {
  const StoredTarget* t = snap.Target(target_id);
  const scoring::RankCandidate* c = snap.Candidate(target_id);
  if (!t || !c) return NotFound("no collectivity with id " + std::to_string(target_id));
  reports::ScorecardInput in;
  in.day = snap.day;
  in.target = t->target;
  auto dep = snap.department_names.find(t->target.department_code);
  if (dep != snap.department_names.end()) in.department_name = dep->second;
  in.rolling = c->rolling;
  auto daily = snap.daily.find(target_id);
  const std::vector<DayNumber>& left_out = c->rolling.unmeasured_days;  // not in the score
  if (daily != snap.daily.end())
    for (const StoredDailyScore& d : daily->second)
      if (d.score.overall && std::find(left_out.begin(), left_out.end(), d.day) == left_out.end())
        in.trend.push_back({d.day, *d.score.overall});
  in.last_scan_day = snap.LastScanDay(target_id);
  auto trend = snap.trends.find(target_id);
  if (trend != snap.trends.end()) {
    in.previous = trend->second.before;
    in.change = trend->second.delta;
  }
  if (in.last_scan_day) {
    auto findings = LoadDayFindings(store, target_id, *in.last_scan_day);
    if (!findings.ok()) return findings.status();
    in.findings = std::move(findings->findings);
    auto ages = LoadFindingAges(store, model, target_id, snap.day, ages_history_days);
    if (!ages.ok()) return ages.status();
    in.ages = std::move(ages).value();
  }
  auto explanations = LoadExplanations(store, target_id);
  if (!explanations.ok()) return explanations.status();
  in.explanations = std::move(explanations).value();
  in.peers = reports::ComparePeers(snap.candidates, *c, in.department_name, lang);
  return in;
}

StatusOr<std::vector<std::string>> LoadActiveCodes(Store& store, const ReportSnapshot& snap,
                                                   const scoring::ScoringModel& model,
                                                   int64_t target_id) {
  std::vector<std::string> out;
  auto last = snap.LastScanDay(target_id);
  if (!last) return out;
  auto s = ScoreStoredDay(store, model, target_id, *last);
  if (!s.ok()) return s.status();
  std::set<std::string> seen;
  for (const scoring::ActiveFinding& a : s->active)
    if (seen.insert(a.code).second) out.push_back(a.code);
  return out;
}

StatusOr<reports::CohortView> LoadCohortView(Store& store, const std::string& name,
                                             UnixSeconds now) {
  auto cohort = FindCohort(store, name);
  if (!cohort.ok()) return cohort.status();
  auto report = CohortRemediation(store, name, now);
  if (!report.ok()) return report.status();
  reports::CohortView v;
  v.name = cohort->name;
  v.created_at = cohort->created_at;
  v.baseline_day = cohort->baseline_day;
  v.model_version = cohort->model_version;
  v.report = std::move(report).value();
  return v;
}

StatusOr<std::optional<std::string>> CurrentCohortName(Store& store, UnixSeconds now) {
  auto cohorts = ListCohorts(store);
  if (!cohorts.ok()) return cohorts.status();
  std::optional<std::string> out;
  for (const CohortInfo& c : *cohorts)  // oldest first
    if (c.created_at <= now) out = c.name;
  return out;
}

std::string TargetFileStem(TargetKind kind, const std::string& code) {
  std::string out = std::string(TargetKindName(kind)) + "-";
  for (char c : code) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

}  // namespace posture::cli
