#include "checks/check.h"

#include "checks/mail/mail_checks.h"
#include "checks/web/web_checks.h"

namespace posture {

const std::vector<CheckInfo>& AllChecks() {
  static const std::vector<CheckInfo> kAll = [] {
    std::vector<CheckInfo> all = MailChecks();
    for (const CheckInfo& c : WebChecks()) all.push_back(c);
    return all;
  }();
  return kAll;
}

std::vector<Finding> RunAllChecks(const CheckContext& ctx) {
  std::vector<Finding> out;
  for (const CheckInfo& check : AllChecks()) {
    std::vector<Finding> f = check.run(ctx);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

int CheckVersion(const std::string& code) {
  for (const CheckInfo& check : AllChecks())
    if (code == check.code) return check.version;
  return 0;
}

}  // namespace posture
