// Helpers for the crash and fault recovery tests (tests/e2e/
// crash_recovery_test.cc, fault_recovery_test.cc): a registry to scan (the
// Île-de-France registry with the lab's domains: 1,327 collectivities, each
// written in its own transaction), the reference results of one
// uninterrupted scan of it, and what must hold of a database after a crash
// or a failure: SQLite's integrity, every collectivity's results all there or
// none, and the results themselves (per collectivity, the findings and the
// probe statuses, not the times).
//
// Thread-safety: main test thread only.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/lab_testlib.h"

namespace posture::e2e {

// The clock every scan of these tests runs with (--now): an hour after the
// lab's certificates were made, so that the results do not depend on when
// the tests run.
std::string FixedNow();
// The same a day later (a second scan day).
std::string FixedNowPlusDays(int days);

// `posture --db DB --quiet --now NOW scan --resolver <lab> --ca-file <lab CA>
// --contact-url ... extra...` as argv for RunPosture / ChildProcess.
std::vector<std::string> ScanArgs(const std::string& db, const std::string& now,
                                  const std::vector<std::string>& extra = {});

// A database holding the registry (targets/data/idf-collectivites.csv, then
// tests/lab/targets.csv), nothing scanned; made once per build and lab and
// shared by the test processes. Copy it (CopyDatabase) before writing.
std::string RegistryTemplate();
// A database holding one uninterrupted scan of the registry at FixedNow();
// made once per build and lab and shared. Read it, do not write it.
std::string ReferenceScan();
// How long that scan took (seconds).
double ReferenceScanSeconds();

// Copies the database file (a closed database: no -wal) to `to`.
bool CopyDatabase(const std::string& from, const std::string& to);

// What a scan found, per collectivity ("commune:78646"): its findings as
// "CODE|outcome|severity|subject" and its probe statuses ("dns name TYPE
// status", "http purpose url status codes", "tls ip:port sni status",
// "smtp mx ip status tls_status").
struct TargetResult {
  std::set<std::string> findings;
  std::set<std::string> statuses;
  bool operator==(const TargetResult& o) const {
    return findings == o.findings && statuses == o.statuses;
  }
};
using ScanResults = std::map<std::string, TargetResult>;
// The results of the database's run `run_id`; empty with a test failure when
// the database cannot be read.
ScanResults LoadResults(const std::string& db, int64_t run_id);
// "" when equal, else the first differences, readable.
std::string DiffResults(const ScanResults& expected, const ScanResults& actual);

// What a database holds after a crash or a failure.
struct DatabaseState {
  std::string integrity;  // PRAGMA integrity_check ("ok")
  int foreign_key_violations = 0;
  int runs = 0;
  int64_t done = 0, pending = 0;  // run_targets of every run
  // Collectivities whose results are half-written, described; empty when
  // each one's observation, findings and daily score are all there or none.
  std::vector<std::string> half_written;
};
DatabaseState InspectDatabase(const std::string& db);

// A digest of the rows of the given tables (all columns, in rowid order),
// optionally restricted by a WHERE clause per table: to show that data
// written before a failure is left intact.
std::string TablesDigest(const std::string& db,
                         const std::vector<std::pair<std::string, std::string>>& tables);

}  // namespace posture::e2e
