// Time: the rolling score over the model's window (30 days by default) and
// the age of findings. Day D's window is the days D-(window-1) .. D: with 30
// days, D-29 is in and D-30 is out. Days without a complete scan (or whose
// scan measured nothing) are skipped, not counted as zero.
//
// A collectivity is not punished (nor rewarded) for a day it could not be
// measured: a day with a passing failure to measure (one of its error or
// not_tested findings, by code and host, DailyScore::untested, is so on at
// most half of the window's scan days: a server unreachable that day, a
// resolver that timed out) is left out of the mean. A failure that lasts
// (more than half of the scan days: a site down for weeks, a zone always
// bogus) is the collectivity's state, and those days count. When that would
// leave no day at all, every day is used as it is.
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/base/time.h"
#include "scoring/model.h"

namespace posture::scoring {

// One scan day's overall score, and what that day's scan could not measure
// (DailyScore::untested).
struct DayScore {
  DayScore() = default;
  DayScore(DayNumber d, double score) : day(d), overall(score) {}

  DayNumber day = 0;
  double overall = 0;
  std::vector<std::string> untested;
};

struct RollingScore {
  DayNumber day = 0;               // the day it is computed for
  std::optional<double> score;     // mean of the daily scores, one decimal
  std::string grade;               // empty without a score
  int scan_days = 0;               // days of the window with a score
  bool provisional = true;         // scan_days < model.min_scan_days: not ranked
  std::optional<DayNumber> last_scan_day;  // the last day counted
  // Days of the window with a score left out (a passing failure to
  // measure), oldest first.
  std::vector<DayNumber> unmeasured_days;
};

// The first day of the window ending at `day`.
inline DayNumber WindowStart(DayNumber day, const ScoringModel& model) {
  return day - model.window_days + 1;
}

// `daily` may hold any days, in any order; one entry per day is expected (if
// a day appears twice, the last entry wins). scan_days counts the days used.
RollingScore ComputeRollingScore(const std::vector<DayScore>& daily, DayNumber day,
                                 const ScoringModel& model);

// The active finding codes of one scan day.
struct DayFindings {
  DayNumber day = 0;
  std::vector<std::string> codes;
};

// How long a finding has been there ("since 12 March").
struct FindingAge {
  std::string code;
  DayNumber first_seen = 0;     // earliest scan day of the history where it was present
  DayNumber present_since = 0;  // first day of its current run (scan days in a row)
  DayNumber last_seen = 0;
  int days_present = 0;         // scan days of the window where it was present
  bool present_now = false;     // present on the last scan day up to `day`
};

// Ages of every code present in the window ending at `day` (history after
// `day` is ignored). Order: present now first, the oldest first, then code.
std::vector<FindingAge> ComputeFindingAges(const std::vector<DayFindings>& history,
                                           DayNumber day, int window_days);

}  // namespace posture::scoring
