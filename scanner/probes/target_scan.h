// ScanTarget: the procedure that gathers every observation about one
// collectivity (see README.md in this folder for the plan), as one coroutine
// on one worker. DNS questions, page fetches and endpoint probes run side by
// side within the target; shared endpoints come from the run's caches; every
// connection passes the gate; the target's deadline bounds everything.
//
// Thread-safety: runs on the worker that owns `worker`.
#pragma once

#include <string>
#include <vector>

#include "checks/observations.h"
#include "scanner/probes/scan_context.h"
#include "targets/target.h"

namespace posture {

// Who to scan: the names a collectivity publishes.
struct ScanSubject {
  std::string key;  // "commune:78646", or "check" for `posture check`
  std::vector<TargetDomain> domains;
  std::string email;
  std::vector<std::string> extra_mail_domains;  // e.g. `posture check --mail-domain`
};

ScanSubject SubjectFromTarget(const Target& target);

// The name lists of the plan (exposed for tests).
std::vector<std::string> WebHostsOf(const ScanSubject& subject);
std::vector<std::string> MailDomainsOf(const ScanSubject& subject);

Task<TargetObservations> ScanTarget(WorkerContext& worker, ScanSubject subject);

}  // namespace posture
