// Helpers for the end-to-end tests against the lab (tests/lab/: knot,
// unbound, nginx and postfix on 127.x, see tests/lab/README.md):
//   - LabIsUp(): the lab answers, else a failure that says to run tests/lab/up
//     (the tests never skip silently);
//   - RunPosture(): build/posture as a child process, output captured, killed
//     after a limit (ChildProcess: the same in the background, to kill -9 it);
//   - ScannedLabDatabase(): one `posture scan` of the whole lab registry,
//     made once per lab start and posture build and shared by every test
//     process (ctest runs each test in its own process, possibly in
//     parallel), under an exclusive lock;
//   - LabScanLock: the same lock, held by a test that scans the lab and reads
//     the servers' logs, so that no other scan of this suite runs meanwhile;
//   - the ground truth (tests/lab/ground_truth.json).
//
// Thread-safety: main test thread only.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checks/base/time.h"

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
};
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
};

// Runs argv (no shell) to its end, killed after `limit_seconds`.
CommandResult RunCommand(const std::vector<std::string>& argv, double limit_seconds = 120);
// Runs `posture args...` (no shell) with stdin from /dev/null.
CommandResult RunPosture(const std::vector<std::string>& args, double limit_seconds = 120);
// "posture a b c" for messages.
std::string Describe(const std::vector<std::string>& args);

// The path of a database holding one complete scan of every lab
// collectivity (tests/lab/targets.csv imported, `posture scan` with the lab
// resolver and CA). Empty, with a test failure, when it cannot be made.
std::string ScannedLabDatabase();
// posture's summary line of that scan (its stderr), for the test log.
std::string ScannedLabSummary();

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
