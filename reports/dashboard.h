// The regional dashboard (index.html of `posture report region`): a
// choropleth of the communes coloured by grade (opted-out communes hatched,
// unscanned ones grey), the score distribution, grades by département and by
// population class, the most common findings, the ranking table (sortable,
// filterable by département and kind, a few lines of inline JS, linking to
// each scorecard) and the current cohort's progress.
//
// Thread-safety: pure function.
#pragma once

#include <string>

#include "checks/catalogue.h"
#include "reports/inputs.h"
#include "scoring/model.h"

namespace posture::reports {

std::string RenderDashboard(const DashboardInput& in, const scoring::ScoringModel& model,
                            const Publisher& publisher, Lang lang);

}  // namespace posture::reports
