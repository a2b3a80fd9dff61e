// The mayor's scorecard: one A4 page a mayor reads (name, grade letter,
// rolling 30-day score and its trend, how the collectivity compares with
// those of its size class in its département, what to fix first and who
// should act, what was analysed and how to opt out), then a technical annex
// for the IT provider (every finding by category with its evidence, explained
// exceptions marked). French by default.
//
// Thread-safety: pure function.
#pragma once

#include <string>

#include "checks/catalogue.h"
#include "reports/inputs.h"
#include "scoring/model.h"

namespace posture::reports {

std::string RenderScorecard(const ScorecardInput& in, const scoring::ScoringModel& model,
                            const Publisher& publisher, Lang lang);

}  // namespace posture::reports
