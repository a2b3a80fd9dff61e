// Helpers for the end-to-end tests against the lab (tests/lab/: knot,
// unbound, nginx and postfix on 127.x, see tests/lab/README.md):
//   - LabIsUp(): the lab answers, else a failure that says to run tests/lab/up
//     (the tests never skip silently);
//   - RunPosture(): build/posture as a child process, output captured, killed
//     after a limit, peak memory measured (RunCommand(): any program;
//     ChildProcess: the same in the background, to kill -9 it);
//   - ScannedLabDatabase(): one `posture scan` of the whole lab registry,
//     made once per lab start and posture build and shared by every test
//     process (ctest runs each test in its own process, possibly in
//     parallel), under an exclusive lock; ScanOnce(): the same for any
//     registries and scan options (the hostile lab's scan);
//   - LoadScanned(): a collectivity's newest observations and findings;
//     WorstOutcome(): the worst of findings, in the ground truth's order;
//   - LabScanLock: the same lock, held by a test that scans the lab and reads
//     the servers' logs, so that no other scan of this suite runs meanwhile;
//   - the ground truth (tests/lab/ground_truth.json).
//
// Thread-safety: main test thread only.
#pragma once

#include <sys/resource.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checks/base/time.h"
#include "checks/finding.h"
#include "checks/observations.h"

namespace posture::e2e {

// POSTURE_SOURCE_DIR + "/" + relative.
std::string SourcePath(const std::string& relative);
std::string PostureBinary();
// tests/lab/run/<name>.
std::string LabRunPath(const std::string& name);
std::string LabResolver();  // the contents of run/resolver ("127.53.0.53")
std::string LabCaFile();    // run/ca.pem
// When the lab's certificates were made (`up`): the mtime of run/ca.pem.
UnixSeconds LabUpTime();

// Success when the lab's resolver, a web host and an MX accept connections.
::testing::AssertionResult LabIsUp();

// A directory for this build's e2e files (next to the posture binary).
std::string WorkDir();
// A fresh directory private to the calling test (under WorkDir()).
std::string FreshDir(const std::string& name);

struct CommandResult {
  int exit_code = -1;  // -1 when killed or not started
  std::string out, err;
  double seconds = 0;
  bool killed = false;  // ran past the limit
  long max_rss_kb = -1;  // peak resident memory of the child (getrusage)
};
// Runs `posture args...` (no shell) with stdin from /dev/null.
CommandResult RunPosture(const std::vector<std::string>& args, double limit_seconds = 120);
// A program started in the background (no shell), stdin from /dev/null,
// stdout and stderr captured. The destructor kills and reaps it if it still
// runs.
class ChildProcess {
 public:
  // argv[0] is a path. Check started() (a failure to start is in Wait()'s err).
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  int pid() const { return pid_; }
  // Whether it still runs (reaps it when it has ended).
  bool Running();
  // SIGKILL now (kill -9), then reap. No-op once it has ended.
  void Kill();
  // Waits for the end, killing it after `limit_seconds`; its exit and output.
  CommandResult Wait(double limit_seconds);

 private:
  int pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  bool killed_ = false;
  std::string out_path_, err_path_, start_error_;
  double started_at_ = 0;
  struct rusage usage_ {};  // filled when reaped
};

// Runs any program the same way (argv[0]: its path).
CommandResult RunCommand(const std::vector<std::string>& argv, double limit_seconds = 120);
// "posture a b c" for messages.
std::string Describe(const std::vector<std::string>& args);

// The path of a database holding one complete scan of every lab
// collectivity (tests/lab/targets.csv imported, `posture scan` with the lab
// resolver and CA). Empty, with a test failure, when it cannot be made.
std::string ScannedLabDatabase();
// posture's summary line of that scan (its stderr), for the test log.
std::string ScannedLabSummary();

// One `posture scan` shared by every test process, like ScannedLabDatabase:
// `registries` imported in order into a fresh database, then `posture --quiet
// scan` with `scan_args`, once per lab start, posture build, name and
// arguments. The scan's exit code, time and peak memory are kept with it.
struct SharedScan {
  std::string db;      // empty, with a test failure, when the import failed
  CommandResult scan;  // out/err not kept but err (the summary line)
};
SharedScan ScanOnce(const std::string& name, const std::vector<std::string>& registries,
                    const std::vector<std::string>& scan_args, double limit_seconds);

// A collectivity's newest stored observation and its findings.
struct Scanned {
  int64_t target_id = 0;
  int64_t observation_id = 0;
  bool complete = false;
  TargetObservations obs;
  std::vector<Finding> findings;
};
// Loads the newest observation and findings of `key` ("commune:78646") from
// `db`; fails when there is none (or, with require_complete, when its scan
// was cut by its deadline).
::testing::AssertionResult LoadScanned(const std::string& db, const std::string& key, Scanned* out,
                                       bool require_complete = true);
// The worst outcome among `findings` (fail > partial > error > not_tested >
// pass > info > not_applicable, the ground truth's outcome_order); "" if none.
std::string WorstOutcome(const std::vector<const Finding*>& findings);
// The findings of `code` in `findings` (all subjects).
std::vector<const Finding*> FindingsWithCode(const std::vector<Finding>& findings,
                                             const std::string& code);
// One line per finding, for failure messages.
std::string DescribeFindings(const std::vector<const Finding*>& findings);

// An exclusive advisory lock shared by every e2e process of this build.
class LabScanLock {
 public:
  LabScanLock();
  ~LabScanLock();
  LabScanLock(const LabScanLock&) = delete;
  LabScanLock& operator=(const LabScanLock&) = delete;

 private:
  int fd_ = -1;
};

// tests/lab/ground_truth.json (parsed once).
const nlohmann::json& GroundTruth();
// The collectivity keys of the ground truth, sorted.
std::vector<std::string> GroundTruthKeys();

// Reads a whole file ("" when it cannot be read).
std::string ReadFile(const std::string& path);

}  // namespace posture::e2e
