// The remediation report of a semester cohort, for the agency funding the
// programme: per member baseline vs now (grade, score, findings fixed /
// still present / new), the called group's figures next to the comparison
// group's, the estimated effect of the calls with its bootstrap interval in
// plain words, and a chart. Also the page sent to each member's mayor:
// "what you fixed since our call".
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "checks/catalogue.h"
#include "reports/inputs.h"

namespace posture::reports {

std::string RenderRemediation(const RemediationInput& in, const Publisher& publisher, Lang lang);

// The page of one member (a called member normally; any member works).
std::string RenderMemberPage(const RemediationInput& in, const scoring::MemberRemediation& member,
                             const Publisher& publisher, Lang lang);

}  // namespace posture::reports
