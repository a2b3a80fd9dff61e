#include "scoring/ranking.h"

#include <algorithm>

namespace posture::scoring {

bool RanksBefore(const RankCandidate& a, const RankCandidate& b) {
  double sa = a.rolling.score.value_or(0), sb = b.rolling.score.value_or(0);
  if (sa != sb) return sa < sb;
  if (a.critical != b.critical) return a.critical > b.critical;
  if (a.high != b.high) return a.high > b.high;
  if (a.population != b.population) return a.population > b.population;
  return a.key < b.key;
}

Ranking RankTargets(std::vector<RankCandidate> candidates, const RankFilter& filter) {
  Ranking out;
  std::vector<RankCandidate> kept;
  for (RankCandidate& c : candidates) {
    if (filter.department && c.department != *filter.department) continue;
    if (filter.kind && c.kind != *filter.kind) continue;
    if (c.opted_out) {
      ++out.opted_out;
    } else if (!c.rolling.score) {
      ++out.unscored;
    } else if (c.rolling.provisional) {
      ++out.provisional;
    } else {
      kept.push_back(std::move(c));
    }
  }
  std::sort(kept.begin(), kept.end(), RanksBefore);
  out.entries.reserve(kept.size());
  int rank = 0;
  for (RankCandidate& c : kept) out.entries.push_back({++rank, std::move(c)});
  return out;
}

StatusOr<CohortSelection> SelectCohort(const Ranking& ranking, int size, int comparison_size) {
  if (size < 1) return InvalidArgument("the cohort size must be at least 1");
  if (comparison_size < 0) return InvalidArgument("the comparison group size cannot be negative");
  if (ranking.entries.empty())
    return FailedPrecondition(
        "no collectivity can be ranked yet (each needs enough scan days in the window)");
  CohortSelection sel;
  size_t n = std::min(ranking.entries.size(), static_cast<size_t>(size));
  size_t m = std::min(ranking.entries.size() - n, static_cast<size_t>(comparison_size));
  sel.called.assign(ranking.entries.begin(), ranking.entries.begin() + n);
  sel.comparison.assign(ranking.entries.begin() + n, ranking.entries.begin() + n + m);
  return sel;
}

}  // namespace posture::scoring
