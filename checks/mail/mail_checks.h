// The mail checks and their catalogue entries, in report order.
// See checks/check.h for the contract every check follows.
#pragma once

#include <vector>

#include "checks/catalogue.h"
#include "checks/check.h"

namespace posture {

const std::vector<CheckInfo>& MailChecks();
const std::vector<CatalogueEntry>& MailCatalogue();

}  // namespace posture
