// The check interface. A check is a pure function: observations of one
// collectivity (plus an injected "now" and thresholds) in, findings out. No
// I/O, no clock, no globals. A missing observation yields not_tested, never
// fail; a timeout yields error or not_tested, never fail.
//
// Checks are listed explicitly in registry.cc (no self-registration).
//
// Thread-safety: checks are reentrant; a CheckContext is read-only.
#pragma once

#include <string>
#include <vector>

#include "checks/base/time.h"
#include "checks/finding.h"
#include "checks/observations.h"

namespace posture {

class PublicSuffixList;  // checks/parse/psl.h

struct CheckThresholds {
  int cert_warn_days_low = 30;   // WEB-CERT-02: low warning below this
  int cert_warn_days_high = 14;  // WEB-CERT-02: high below this
  int hsts_pass_seconds = 31536000;
  int hsts_partial_seconds = 15552000;
};

struct CheckContext {
  const TargetObservations& obs;
  UnixSeconds now = 0;
  CheckThresholds thresholds;
  // The Public Suffix List, loaded by the shell (may be null: then the
  // organisational domain is the last two labels).
  const PublicSuffixList* psl = nullptr;
};

using CheckFunction = std::vector<Finding> (*)(const CheckContext&);

struct CheckInfo {
  const char* code;  // the finding code this check emits, e.g. "MAIL-SPF-01"
  int version;       // bumped when the check's logic changes (stored with findings)
  CheckFunction run;
};

// Every check, in report order.
const std::vector<CheckInfo>& AllChecks();
// Runs every check; findings are ordered as AllChecks().
std::vector<Finding> RunAllChecks(const CheckContext& ctx);
// The version of the check that emits `code`, or 0 if unknown.
int CheckVersion(const std::string& code);

}  // namespace posture
