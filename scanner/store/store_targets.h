// The store's registry API: collectivities (targets) with their domains and
// contacts, and opt-outs. Every function that writes does so in one
// transaction: an import either applies entirely or not at all; an opt-out
// with --purge removes the collectivity's stored results in the same
// transaction that records the opt-out.
//
// Opt-out rules:
//   - an opted-out collectivity is excluded from LoadScannableTargets();
//     naming one there explicitly is an error that names it;
//   - LoadOptedOutDomains() gives the domains and web hosts of opted-out
//     collectivities, for the connect-time gate (a second safety net);
//   - opting out marks the collectivity's cohort memberships as left
//     ("opted out"); purging deletes its observations, findings, scores and
//     explanations, never its cohort memberships nor the opt-out record;
//   - opting back in keeps the history (opt_outs rows are never deleted).
//
// Thread-safety: like Store, one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/base/status.h"
#include "checks/base/time.h"
#include "scanner/store/store.h"
#include "targets/record.h"
#include "targets/target.h"

namespace posture {

struct OptOutRecord {
  int64_t id = 0;
  std::string requested_by;
  std::string reason;
  UnixSeconds opted_out_at = 0;
  bool purged = false;
  std::optional<UnixSeconds> opted_in_at;  // set once opted back in
  std::string opted_in_by;
};

// A target as stored: the registry row, its domains and contacts, and its
// active opt-out if any (target.opted_out mirrors it).
struct StoredTarget {
  int64_t id = 0;
  Target target;
  std::optional<OptOutRecord> opt_out;
  std::string source;  // the import that last changed it, e.g. "csv:idf-collectivites.csv"
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

struct ImportOptions {
  std::string source;           // recorded on created/updated targets
  bool create_missing = true;   // false: records for unknown targets are ignored (annuaire)
  bool dry_run = false;         // compute the summary, then roll back
};

struct ImportSummary {
  size_t created = 0;
  size_t updated = 0;
  size_t unchanged = 0;
  size_t ignored = 0;  // records for targets not in the registry (create_missing = false)
};

// Creates or updates the targets of `records` (see targets/record.h for the
// merge rules: unset fields leave stored values unchanged; a set domain list
// replaces the stored one). A new commune without department_code gets the
// one its INSEE code carries. Fails with InvalidArgument, and writes
// nothing, when a record would create a target without a name (the message
// lists the records, one `ORIGIN: problem` a line).
StatusOr<ImportSummary> ImportTargets(Store& store, const std::vector<TargetRecord>& records,
                                      const ImportOptions& options, UnixSeconds now);

struct TargetFilter {
  std::optional<TargetKind> kind;
  std::string department;  // department_code, e.g. "78" (a région has none)
  bool include_opted_out = true;
};

// Targets ordered by kind (région, départements, EPCI, communes) then code.
StatusOr<std::vector<StoredTarget>> ListTargets(Store& store, const TargetFilter& filter = {});

// Finds one target by "kind:code" (e.g. "commune:78646", "departement:75")
// or by a bare code when it is unambiguous. NotFound for an unknown code;
// InvalidArgument for an ambiguous or malformed one.
StatusOr<StoredTarget> FindTarget(Store& store, std::string_view code);

// Every opt-out of a target, oldest first.
StatusOr<std::vector<OptOutRecord>> OptOutHistory(Store& store, int64_t target_id);

struct OptOutRequest {
  std::string by;      // who asked (required, non-empty)
  std::string reason;  // why (required, non-empty)
  bool purge = false;  // also delete the stored results
};

struct PurgeCounts {
  int64_t observations = 0;
  int64_t findings = 0;
  int64_t scores = 0;
  int64_t explanations = 0;
};

struct OptOutResult {
  bool already_opted_out = false;  // only possible with purge: the purge was applied
  int64_t cohort_memberships_left = 0;
  PurgeCounts purged;
};

// Records an opt-out (who, `now`, why) and, with purge, deletes the target's
// observations, findings, scores and explanations; marks its open cohort
// memberships left with reason "opted out". FailedPrecondition if it is
// already opted out and no purge is asked.
StatusOr<OptOutResult> OptOutTarget(Store& store, int64_t target_id, const OptOutRequest& request,
                                    UnixSeconds now);

// Ends the active opt-out. FailedPrecondition if the target is not opted out.
Status OptInTarget(Store& store, int64_t target_id, const std::string& by, UnixSeconds now);

// The targets a scan may probe: all targets that are not opted out when
// `codes` is empty, else the named ones (codes as FindTarget takes them,
// duplicates removed). Naming an opted-out target is FailedPrecondition
// naming it; an unknown one NotFound.
StatusOr<std::vector<StoredTarget>> LoadScannableTargets(Store& store,
                                                         const std::vector<std::string>& codes);

// The domains and web hosts of every opted-out target, sorted and unique:
// what the connect-time gate (OptOutList) refuses.
StatusOr<std::vector<std::string>> LoadOptedOutDomains(Store& store);

}  // namespace posture
