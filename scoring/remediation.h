// Remediation: did the calls work? For a frozen cohort, each member's
// baseline (rolling score, grade, active findings at creation) is compared
// with its state at a later day D, under the cohort's model version:
// score delta, grade change, findings fixed / still present / newly appeared.
// Per group (called, comparison): share improved, median and mean delta,
// most fixed findings. The effect of the calls is the difference of the mean
// deltas (called - comparison), with a bootstrap percentile interval.
//
// Members are in one of three states at D:
//   - left: opted out after the cohort was created (no longer scanned);
//   - unmeasured: no scan day in the last `recent_days` days up to D, or the
//     last scan's findings were mostly (> max_untested_share) error or
//     not_tested: the site was unreachable, so neither improved nor worsened;
//   - measured: counted in the figures.
//
// The bootstrap: B resamples (default 2000); each draws, with replacement,
// as many deltas from the measured called members as there are, and as many
// from the measured comparison members, and takes the difference of the two
// means. The interval is the (1-c)/2 and (1+c)/2 percentiles of the B
// differences (linear interpolation between order statistics, "type 7").
// The random stream is SplitMix64 from a fixed seed, so the same figures
// always give the same interval. It needs two measured members per group.
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checks/base/time.h"
#include "scoring/model.h"
#include "scoring/rolling.h"
#include "scoring/score.h"
#include "targets/target.h"

namespace posture::scoring {

enum class Group { kCalled, kComparison };
const char* GroupName(Group g);  // "called", "comparison"

struct BaselineFinding {
  std::string code;
  Severity severity = Severity::kInfo;
  Outcome outcome = Outcome::kFail;
};

// A member as frozen when the cohort was created.
struct CohortMember {
  int64_t target_id = 0;
  std::string key;
  std::string code;
  std::string name;
  TargetKind kind = TargetKind::kCommune;
  std::string department;
  int64_t population = 0;
  Group group = Group::kCalled;
  int rank = 0;
  double baseline_score = 0;
  std::string baseline_grade;
  std::vector<BaselineFinding> baseline_findings;
};

// What the store knows of a member at day D (under the cohort's model).
struct MemberState {
  // Set when the member opted out after the cohort was created (and by D).
  std::optional<UnixSeconds> opted_out_at;
  RollingScore rolling;
  // The last scan day up to D, and its findings.
  std::optional<DayNumber> last_scan_day;
  std::vector<ActiveFinding> active;
  int findings_total = 0;
  int findings_untested = 0;
};

struct RemediationOptions {
  int recent_days = 7;
  double max_untested_share = 0.5;
  int resamples = 2000;
  uint64_t seed = 20260101;
  double confidence = 0.95;
  size_t most_fixed = 10;
};

enum class MemberStatus { kMeasured, kUnmeasured, kLeft };
const char* MemberStatusName(MemberStatus s);  // "measured", "unmeasured", "left"

struct MemberRemediation {
  CohortMember member;
  MemberStatus status = MemberStatus::kMeasured;
  // Why not measured: "opted_out", "no_recent_scan", "mostly_untested".
  std::string reason;
  std::optional<UnixSeconds> left_at;
  std::optional<DayNumber> last_scan_day;
  std::optional<double> score_now;
  std::string grade_now;
  std::optional<double> delta;  // score_now - baseline, one decimal (measured only)
  // Grade steps gained (A is best: D -> B is +2); measured only.
  int grade_change = 0;
  std::vector<std::string> fixed;          // baseline codes no longer active
  std::vector<std::string> still_present;  // in both
  std::vector<std::string> appeared;       // active now, not at baseline
};

struct GroupSummary {
  Group group = Group::kCalled;
  int members = 0;
  int measured = 0;
  int unmeasured = 0;
  int left = 0;
  int improved = 0;   // delta > 0
  int worsened = 0;   // delta < 0
  int unchanged = 0;  // delta == 0
  double share_improved = 0;  // improved / measured (0 when none measured)
  std::optional<double> median_delta;
  std::optional<double> mean_delta;
  std::vector<std::pair<std::string, int>> most_fixed;  // code, members that fixed it
};

struct BootstrapInterval {
  double estimate = 0;  // the observed difference of means
  double low = 0;
  double high = 0;
  int resamples = 0;
  uint64_t seed = 0;
  double confidence = 0.95;
};

struct RemediationReport {
  std::string model_version;
  DayNumber baseline_day = 0;
  DayNumber day = 0;
  GroupSummary called;
  GroupSummary comparison;
  std::optional<double> effect;              // mean delta called - mean delta comparison
  std::optional<BootstrapInterval> interval;  // needs 2 measured members per group
  std::vector<MemberRemediation> members;    // called first, then comparison, by rank
};

RemediationReport ComputeRemediation(
    const std::vector<std::pair<CohortMember, MemberState>>& members, const ScoringModel& model,
    DayNumber baseline_day, DayNumber day, const RemediationOptions& options = {});

// Bootstrap interval of mean(a) - mean(b); nullopt when a group has fewer
// than 2 values or resamples < 1.
std::optional<BootstrapInterval> BootstrapMeanDifference(const std::vector<double>& a,
                                                         const std::vector<double>& b,
                                                         int resamples, uint64_t seed,
                                                         double confidence = 0.95);

// SplitMix64: a small, fully specified generator (the same stream on every
// platform, unlike std::uniform_int_distribution).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, n) for n >= 1 (multiply-shift; bias below n / 2^64).
  uint64_t Below(uint64_t n);

 private:
  uint64_t state_;
};

// Median of values (mean of the two middle ones for an even count).
std::optional<double> Median(std::vector<double> values);

}  // namespace posture::scoring
