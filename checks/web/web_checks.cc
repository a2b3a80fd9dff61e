#include "checks/web/web_checks.h"

namespace posture {

// The explicit list of web checks (none yet: see the web checks issue).
const std::vector<CheckInfo>& WebChecks() {
  static const std::vector<CheckInfo> kChecks = {};
  return kChecks;
}

const std::vector<CatalogueEntry>& WebCatalogue() {
  static const std::vector<CatalogueEntry> kEntries = {};
  return kEntries;
}

}  // namespace posture
