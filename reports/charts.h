// Small inline SVG charts: the 30-day trend of a scorecard, the strip of a
// peer group, the dashboard's histogram and grade bars, the remediation
// chart. Each returns one <svg> element with a <title> for screen readers.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/time.h"
#include "checks/catalogue.h"
#include "scoring/model.h"
#include "scoring/remediation.h"
#include "scoring/rolling.h"

namespace posture::reports {

// Daily scores of the window [first_day, last_day] as dots joined by a line
// over the model's grade bands, with the rolling score as a dashed line.
std::string TrendChart(const std::vector<scoring::DayScore>& daily, DayNumber first_day,
                       DayNumber last_day, std::optional<double> rolling,
                       const scoring::ScoringModel& model, Lang lang);

// Peers' scores (0-100) as ticks on a line, the collectivity's as a marker.
std::string PeerStrip(const std::vector<double>& scores, std::optional<double> self, Lang lang);

// Score distribution: bars of width `bin` points, coloured by grade.
std::string Histogram(const std::vector<double>& scores, int bin,
                      const scoring::ScoringModel& model, Lang lang);

// Counts of A..E, then provisional, unscored, opted out, as one stacked bar.
struct GradeCounts {
  std::array<int, 5> grades{};  // A B C D E (ranked)
  int provisional = 0;
  int unscored = 0;
  int opted_out = 0;
  int total() const;
};
std::string StackedBar(const GradeCounts& counts, int width, Lang lang);

// Remediation: each measured member's score delta as a dot (called above,
// comparison below), each group's mean as a bar, and the effect of the calls
// with its interval.
std::string RemediationChart(const scoring::RemediationReport& report, Lang lang);

}  // namespace posture::reports
