// The plain structs the reports are drawn from. The shell
// (scanner/cli/report_data.cc) fills them from the store; tests build them
// by hand. Nothing here is read from a file, the network or the clock: the
// day of the report is a field.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/time.h"
#include "checks/finding.h"
#include "reports/analysis.h"
#include "scoring/ranking.h"
#include "scoring/remediation.h"
#include "scoring/rolling.h"
#include "scoring/score.h"
#include "targets/target.h"

namespace posture::reports {

// Who publishes the reports and how a collectivity opts out; printed on the
// scorecard next to the non-intrusive contract.
struct Publisher {
  std::string
      contact;  // e.g. "https://csirt.example.fr/posture" or an e-mail address; may be empty
  std::string version;  // posture's version, in the footer
};

// Links between the pages of a report set; empty: no link.
struct Links {
  std::string dashboard;  // "../index.html"
  std::string method;     // "../methode.html"; empty: the method is appended to the page
};

// One collectivity's scorecard.
struct ScorecardInput {
  DayNumber day = 0;  // the report is as of this day
  Target target;
  std::string department_name;  // "Yvelines"; empty for the région
  scoring::RollingScore rolling;
  std::vector<scoring::DayScore> trend;  // the daily scores of the window, any order
  // The rolling score one window earlier (day - window_days) and the change
  // since, when both have a score.
  scoring::RollingScore previous;
  std::optional<double> change;
  std::optional<DayNumber> last_scan_day;
  std::vector<Finding> findings;  // every finding of the last complete scan
  // The explanations of the target (comply-or-explain); those active on the
  // last scan day take their findings out of the score.
  std::vector<scoring::Explanation> explanations;
  std::vector<scoring::FindingAge> ages;  // from LoadFindingAges
  PeerComparison peers;
  Links links;
};

// One collectivity on the dashboard.
struct DashboardEntry {
  scoring::RankCandidate candidate;   // registry facts, rolling score, opt-out
  int rank = 0;                       // 0: not ranked (provisional, unscored, opted out)
  std::optional<double> change;       // rolling score change over one window
  std::vector<std::string> problems;  // distinct active finding codes of the last scan day
  std::string scorecard;              // relative link, empty when there is none
};

// A cohort as the reports show it.
struct CohortView {
  std::string name;
  UnixSeconds created_at = 0;
  DayNumber baseline_day = 0;
  std::string model_version;
  scoring::RemediationReport report;
  std::string link;  // the remediation report, relative; empty: none
};

struct DashboardInput {
  DayNumber day = 0;
  std::vector<DashboardEntry> entries;                  // every collectivity of the registry
  std::map<std::string, std::string> department_names;  // "78" -> "Yvelines"
  std::optional<CohortView> cohort;                     // the current cohort, if any
  Links links;
};

// The remediation report of one cohort, and the per-member pages.
struct RemediationInput {
  CohortView cohort;
  // Per member (by target id): the page "what you fixed since our call",
  // relative to the report; empty when none is written.
  std::map<int64_t, std::string> member_pages;
  Links links;
};

// A row of the phone team's list.
struct OutreachEntry {
  int rank = 0;  // in the cohort
  Target target;
  scoring::RollingScore rolling;
  std::vector<std::string> top_problems;  // finding codes, what to fix first
};

// The findings of one collectivity's last complete scan, for the export.
struct FindingsExportEntry {
  Target target;
  DayNumber day = 0;  // the scan day
  std::vector<Finding> findings;
  std::vector<std::string> explained;  // codes explained that day
};

// One collectivity's scores, for the export.
struct ScoresExportEntry {
  scoring::RankCandidate candidate;
  int rank = 0;
  std::optional<DayNumber> last_scan_day;
  std::vector<scoring::CategoryScore> categories;  // of the last scan day
  std::vector<std::string> caps;
  std::vector<scoring::DayScore> daily;  // the window's daily scores, by day
};

}  // namespace posture::reports
