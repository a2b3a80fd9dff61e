#include "checks/mail/mail_checks.h"

namespace posture {

// The explicit list of mail checks (none yet: see the mail checks issue).
const std::vector<CheckInfo>& MailChecks() {
  static const std::vector<CheckInfo> kChecks = {};
  return kChecks;
}

const std::vector<CatalogueEntry>& MailCatalogue() {
  static const std::vector<CatalogueEntry> kEntries = {};
  return kEntries;
}

}  // namespace posture
