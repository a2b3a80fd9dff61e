// What the reports compute from the scoring library's results before they
// draw anything: which findings would raise a grade most ("what to fix
// first"), how a collectivity compares with those of its size class in its
// département, population classes, and the grade colours.
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checks/catalogue.h"
#include "checks/finding.h"
#include "scoring/model.h"
#include "scoring/ranking.h"
#include "scoring/score.h"

namespace posture::reports {

// ---- What to fix first ------------------------------------------------------------

struct FixSuggestion {
  std::string code;
  Severity severity = Severity::kInfo;  // the worst of the code's active findings
  int findings = 0;                     // active findings with this code
  double gain = 0;          // daily score points gained, after the suggestions before it
  std::string grade_after;  // the daily grade once this and the ones before are fixed
};

// The active findings (fail or partial, not explained, with a category)
// whose fix would raise the daily score most, in order: first the code whose
// findings, re-scored as passes, raise the score most (caps included), then
// the best next one given that first fix, and so on. Ties: worse severity,
// then code. At most `max` suggestions, each with a positive gain.
std::vector<FixSuggestion> WhatToFixFirst(const std::vector<Finding>& findings,
                                          const std::set<std::string>& explained,
                                          const scoring::ScoringModel& model, size_t max = 5);

// The daily score after fixing every suggestion together.
scoring::DailyScore ScoreAfterFixes(const std::vector<Finding>& findings,
                                    const std::set<std::string>& explained,
                                    const scoring::ScoringModel& model,
                                    const std::vector<FixSuggestion>& fixes);

// ---- Size classes and peers -----------------------------------------------------------

// Population classes of communes (and of EPCI): 0 "< 1 000", 1 "1 000 – 4 999",
// 2 "5 000 – 19 999", 3 "20 000 – 49 999", 4 "50 000 and more".
inline constexpr int kSizeClassCount = 5;
int SizeClass(int64_t population);
std::string SizeClassLabel(int size_class, Lang lang);

struct PeerComparison {
  // In words: "communes de 1 000 à 4 999 habitants des Yvelines".
  std::string group;
  int peers = 0;                 // ranked peers, the collectivity included if ranked
  std::optional<int> position;   // 1 = the best score of the group; nullopt when not ranked
  std::optional<double> median;  // median rolling score of the peers
  std::optional<double> best;
  std::vector<double> scores;  // every peer's rolling score (ranked peers), ascending
};

// Peers: ranked candidates (score, not provisional, not opted out) of the
// same kind; for communes and EPCI also of the same département and size
// class; départements compare with every département; the région has none.
// `department_name` is the département's name for the group's words.
PeerComparison ComparePeers(const std::vector<scoring::RankCandidate>& all,
                            const scoring::RankCandidate& self, const std::string& department_name,
                            Lang lang);

// ---- Grades -----------------------------------------------------------------------------

// Fill and text colour of a grade letter (A dark green ... E red); grey for
// an empty or unknown grade.
const char* GradeFill(const std::string& grade);
const char* GradeInk(const std::string& grade);

// A kind in words: "commune", "intercommunalité (EPCI)", "département", "région".
const char* KindLabel(TargetKind kind, Lang lang);
// A severity in words: "critique", "élevée", "moyenne", "faible", "info".
const char* SeverityLabel(Severity s, Lang lang);
// An outcome in words: "échec", "partiel", "réussi", ...
const char* OutcomeLabel(Outcome o, Lang lang);

// The catalogue title of a code, or the code itself when the catalogue lacks it.
std::string FindingTitle(const std::string& code, Lang lang);

}  // namespace posture::reports
