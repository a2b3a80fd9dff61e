// Ranking and cohort selection. Collectivities are ranked by ascending
// rolling score (worst first); ties go to the one with more active critical
// findings, then more high findings, then the larger population (more people
// exposed), then the target key (so the order is total and reproducible).
// Opted-out collectivities, provisional scores (fewer scan days than the
// model's minimum) and collectivities without a score are not ranked.
//
// A semester cohort is the N lowest of the full ranking (the ones called)
// and the next N' (the comparison group, not called).
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/status.h"
#include "scoring/rolling.h"
#include "targets/target.h"

namespace posture::scoring {

struct RankCandidate {
  int64_t target_id = 0;
  std::string key;  // "commune:78646"
  std::string code;
  std::string name;
  TargetKind kind = TargetKind::kCommune;
  std::string department;
  int64_t population = 0;
  bool opted_out = false;
  RollingScore rolling;
  // From the last scan day of the window.
  int critical = 0;
  int high = 0;
  bool web_absent = false;
};

// True when `a` ranks before (is worse than) `b`. Both must have a score.
bool RanksBefore(const RankCandidate& a, const RankCandidate& b);

struct RankFilter {
  std::optional<std::string> department;  // e.g. "78"
  std::optional<TargetKind> kind;
};

struct RankedEntry {
  int rank = 0;  // 1 = the lowest score
  RankCandidate target;
};

struct Ranking {
  std::vector<RankedEntry> entries;
  // Left out, among those that pass the filter:
  int opted_out = 0;
  int provisional = 0;  // fewer scan days than the model's minimum
  int unscored = 0;     // no scan day in the window
};

// Ranks the candidates that pass `filter`. Ranks are positions in the
// filtered list (1, 2, 3 ...).
Ranking RankTargets(std::vector<RankCandidate> candidates, const RankFilter& filter = {});

struct CohortSelection {
  std::vector<RankedEntry> called;      // ranks 1 .. size
  std::vector<RankedEntry> comparison;  // the next comparison_size
};

// Selects from a ranking (normally unfiltered). InvalidArgument for sizes
// below 1; FailedPrecondition when nothing is ranked. When fewer targets are
// ranked than requested, the groups are smaller (comparison first).
StatusOr<CohortSelection> SelectCohort(const Ranking& ranking, int size, int comparison_size);

}  // namespace posture::scoring
