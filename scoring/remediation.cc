#include "scoring/remediation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace posture::scoring {

const char* GroupName(Group g) { return g == Group::kCalled ? "called" : "comparison"; }

const char* MemberStatusName(MemberStatus s) {
  switch (s) {
    case MemberStatus::kMeasured: return "measured";
    case MemberStatus::kUnmeasured: return "unmeasured";
    case MemberStatus::kLeft: return "left";
  }
  return "unmeasured";
}

uint64_t SplitMix64::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t SplitMix64::Below(uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
}

std::optional<double> Median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

namespace {

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Percentile of sorted values, linear interpolation between order
// statistics (Hyndman & Fan type 7, the default of R and NumPy).
double Quantile(const std::vector<double>& sorted, double p) {
  double h = (static_cast<double>(sorted.size()) - 1) * p;
  size_t lo = static_cast<size_t>(std::floor(h));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

int GradeIndex(const ScoringModel& model, const std::string& grade) {
  for (size_t i = 0; i < model.grades.size(); ++i)
    if (model.grades[i].grade == grade) return static_cast<int>(i);
  return -1;
}

MemberRemediation Judge(const CohortMember& m, const MemberState& s, const ScoringModel& model,
                        DayNumber day, const RemediationOptions& opt) {
  MemberRemediation r;
  r.member = m;
  r.last_scan_day = s.last_scan_day;
  if (s.opted_out_at) {
    r.status = MemberStatus::kLeft;
    r.reason = "opted_out";
    r.left_at = s.opted_out_at;
    return r;
  }
  if (!s.rolling.score || !s.last_scan_day || *s.last_scan_day > day ||
      *s.last_scan_day <= day - opt.recent_days) {
    r.status = MemberStatus::kUnmeasured;
    r.reason = "no_recent_scan";
    return r;
  }
  if (s.findings_total == 0 ||
      static_cast<double>(s.findings_untested) / s.findings_total > opt.max_untested_share) {
    r.status = MemberStatus::kUnmeasured;
    r.reason = "mostly_untested";
    return r;
  }
  r.status = MemberStatus::kMeasured;
  r.score_now = s.rolling.score;
  r.grade_now = s.rolling.grade;
  r.delta = RoundScore(*s.rolling.score - m.baseline_score);
  int before = GradeIndex(model, m.baseline_grade), after = GradeIndex(model, r.grade_now);
  if (before >= 0 && after >= 0) r.grade_change = before - after;
  std::set<std::string> base, now;
  for (const BaselineFinding& f : m.baseline_findings) base.insert(f.code);
  for (const ActiveFinding& f : s.active) now.insert(f.code);
  for (const std::string& c : base) (now.count(c) ? r.still_present : r.fixed).push_back(c);
  for (const std::string& c : now)
    if (!base.count(c)) r.appeared.push_back(c);
  return r;
}

GroupSummary Summarise(Group g, const std::vector<MemberRemediation>& members,
                       const RemediationOptions& opt, std::vector<double>* deltas) {
  GroupSummary sum;
  sum.group = g;
  std::map<std::string, int> fixed;
  for (const MemberRemediation& r : members) {
    if (r.member.group != g) continue;
    ++sum.members;
    if (r.status == MemberStatus::kLeft) {
      ++sum.left;
      continue;
    }
    if (r.status == MemberStatus::kUnmeasured) {
      ++sum.unmeasured;
      continue;
    }
    ++sum.measured;
    double d = *r.delta;
    deltas->push_back(d);
    if (d > 0) ++sum.improved;
    else if (d < 0) ++sum.worsened;
    else ++sum.unchanged;
    for (const std::string& c : r.fixed) ++fixed[c];
  }
  if (sum.measured > 0) {
    sum.share_improved = static_cast<double>(sum.improved) / sum.measured;
    sum.median_delta = Median(*deltas);
    sum.mean_delta = Mean(*deltas);
  }
  sum.most_fixed.assign(fixed.begin(), fixed.end());
  std::stable_sort(sum.most_fixed.begin(), sum.most_fixed.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sum.most_fixed.size() > opt.most_fixed) sum.most_fixed.resize(opt.most_fixed);
  return sum;
}

}  // namespace

std::optional<BootstrapInterval> BootstrapMeanDifference(const std::vector<double>& a,
                                                         const std::vector<double>& b,
                                                         int resamples, uint64_t seed,
                                                         double confidence) {
  if (a.size() < 2 || b.size() < 2 || resamples < 1 || !(confidence > 0 && confidence < 1))
    return std::nullopt;
  SplitMix64 rng(seed);
  std::vector<double> diffs;
  diffs.reserve(static_cast<size_t>(resamples));
  for (int i = 0; i < resamples; ++i) {
    double sa = 0, sb = 0;
    for (size_t k = 0; k < a.size(); ++k) sa += a[rng.Below(a.size())];
    for (size_t k = 0; k < b.size(); ++k) sb += b[rng.Below(b.size())];
    diffs.push_back(sa / static_cast<double>(a.size()) - sb / static_cast<double>(b.size()));
  }
  std::sort(diffs.begin(), diffs.end());
  BootstrapInterval out;
  out.estimate = Mean(a) - Mean(b);
  out.low = Quantile(diffs, (1 - confidence) / 2);
  out.high = Quantile(diffs, (1 + confidence) / 2);
  out.resamples = resamples;
  out.seed = seed;
  out.confidence = confidence;
  return out;
}

RemediationReport ComputeRemediation(
    const std::vector<std::pair<CohortMember, MemberState>>& members, const ScoringModel& model,
    DayNumber baseline_day, DayNumber day, const RemediationOptions& options) {
  RemediationReport rep;
  rep.model_version = model.version;
  rep.baseline_day = baseline_day;
  rep.day = day;
  for (const auto& [m, s] : members) rep.members.push_back(Judge(m, s, model, day, options));
  std::stable_sort(rep.members.begin(), rep.members.end(),
                   [](const MemberRemediation& x, const MemberRemediation& y) {
                     if (x.member.group != y.member.group)
                       return x.member.group == Group::kCalled;
                     return x.member.rank < y.member.rank;
                   });
  std::vector<double> called, comparison;
  rep.called = Summarise(Group::kCalled, rep.members, options, &called);
  rep.comparison = Summarise(Group::kComparison, rep.members, options, &comparison);
  if (!called.empty() && !comparison.empty()) rep.effect = Mean(called) - Mean(comparison);
  rep.interval = BootstrapMeanDifference(called, comparison, options.resamples, options.seed,
                                         options.confidence);
  return rep;
}

}  // namespace posture::scoring
