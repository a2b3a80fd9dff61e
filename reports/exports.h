// Exports for the phone team and for other tools (documented in
// reports/EXPORTS.md):
//   - the outreach list of a cohort (CSV: rank, name, kind, population,
//     grade, score, the top three problems in plain words, phone, e-mail,
//     website), Excel-friendly for French users by default;
//   - the findings of every collectivity's last complete scan (CSV, JSON);
//   - every collectivity's scores (CSV, JSON).
// CSV cells a spreadsheet would run as a formula are neutralised (CsvCell).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "checks/catalogue.h"
#include "reports/inputs.h"
#include "reports/text.h"
#include "scoring/model.h"

namespace posture::reports {

// Version of the JSON formats ("format" field), bumped on incompatible change.
inline constexpr const char* kFindingsFormat = "posture-findings/1";
inline constexpr const char* kScoresFormat = "posture-scores/1";

std::string OutreachCsv(const std::vector<OutreachEntry>& rows, CsvDialect dialect, Lang lang);

std::string FindingsCsv(const std::vector<FindingsExportEntry>& rows, CsvDialect dialect);
std::string FindingsJson(const std::vector<FindingsExportEntry>& rows, DayNumber day,
                         const std::string& model_version);

std::string ScoresCsv(const std::vector<ScoresExportEntry>& rows, CsvDialect dialect);
std::string ScoresJson(const std::vector<ScoresExportEntry>& rows, DayNumber day,
                       const scoring::ScoringModel& model);

}  // namespace posture::reports
