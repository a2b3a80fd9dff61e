// "How the score is computed": every rule of the scoring model in words and
// tables (the content of `posture model show`), as the methode.html page of
// a report set or as a section appended to a standalone scorecard.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "checks/catalogue.h"
#include "reports/inputs.h"
#include "scoring/model.h"

namespace posture::reports {

// The rules as an HTML fragment (<section id="methode">...).
std::string MethodSection(const scoring::ScoringModel& model, Lang lang);
// The whole page.
std::string RenderMethodPage(const scoring::ScoringModel& model, DayNumber day,
                             const Publisher& publisher, const Links& links, Lang lang);

}  // namespace posture::reports
