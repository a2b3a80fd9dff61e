// Crash recovery (issue 9): `kill -9` of `posture scan` at random moments of
// a scan of the whole registry (the 1,327 Île-de-France collectivities, the
// 26 of the lab with their lab domains), then `posture scan` again, until it
// completes; and two scans at once on one database.
//
// After each kill: the database passes PRAGMA integrity_check and
// foreign_key_check, no collectivity's results are half-written (its
// observation, findings and daily score are all there or none), and there is
// never more than one run: the next `posture scan` resumes it. At the end the
// results (per collectivity, the findings and the probe statuses) equal those
// of an uninterrupted scan at the same --now.
//
// The kill moments are drawn from a seed printed in the test log; rerun one
// with POSTURE_CRASH_SEED=<seed>. POSTURE_CRASH_CHAINS sets the number of
// scans killed (default 4, each killed twice before it is let finish).
//
// Needs the lab (tests/lab/up); runs posture as a subprocess.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "tests/e2e/crash_testlib.h"

namespace posture::e2e {
namespace {

uint64_t Seed() {
  const char* env = std::getenv("POSTURE_CRASH_SEED");
  if (env && *env) return std::strtoull(env, nullptr, 10);
  return std::random_device{}();
}

int Chains() {
  const char* env = std::getenv("POSTURE_CRASH_CHAINS");
  int n = env ? std::atoi(env) : 0;
  return n > 0 ? n : 4;
}

std::vector<std::string> WithBinary(std::vector<std::string> args) {
  args.insert(args.begin(), PostureBinary());
  return args;
}

bool Contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

TEST(CrashRecoveryTest, KillNineAtRandomMomentsThenResumeEqualsAnUninterruptedScan) {
  ASSERT_TRUE(LabIsUp());
  std::string registry = RegistryTemplate(), reference = ReferenceScan();
  ASSERT_FALSE(registry.empty());
  ASSERT_FALSE(reference.empty());
  ScanResults expected = LoadResults(reference, 1);
  ASSERT_EQ(expected.size(), 1327u);
  double scan_seconds = ReferenceScanSeconds();
  LabScanLock lock;  // (after the shared databases, which take it too)
  std::string dir = FreshDir("kill9");

  const uint64_t seed = Seed();
  const int chains = Chains(), kills_per_chain = 2;
  std::mt19937_64 rng(seed);
  // Anywhere from the start to the end of a scan (the process starts, opens
  // the database, begins the run, writes collectivity after collectivity).
  std::uniform_real_distribution<double> moment(0.02, scan_seconds * 0.95);
  std::cout << "kill -9 trials: seed " << seed << " (rerun: POSTURE_CRASH_SEED=" << seed << "), "
            << chains << " scans killed up to " << kills_per_chain << " times each, a scan takes "
            << scan_seconds << " s\n";
  RecordProperty("seed", std::to_string(seed));

  int kills = 0, survived = 0, finished_before_kill = 0;
  for (int chain = 0; chain < chains; ++chain) {
    SCOPED_TRACE("scan " + std::to_string(chain + 1) + ", seed " + std::to_string(seed));
    std::string db = dir + "/chain-" + std::to_string(chain) + ".db";
    ASSERT_TRUE(CopyDatabase(registry, db));
    bool run_exists = false, completed = false;
    for (int attempt = 0; attempt <= kills_per_chain && !completed; ++attempt) {
      ChildProcess scan(WithBinary(ScanArgs(db, FixedNow())));
      ASSERT_TRUE(scan.started());
      if (attempt == kills_per_chain) {  // let the last one finish
        CommandResult r = scan.Wait(300);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        if (run_exists) {
          EXPECT_TRUE(Contains(r.err, "resuming run 1")) << r.err;
        }
        EXPECT_TRUE(Contains(r.err, "run 1 complete")) << r.err;
        completed = true;
        break;
      }
      double at = moment(rng);
      std::this_thread::sleep_for(std::chrono::duration<double>(at));
      if (!scan.Running()) {  // it finished before the kill
        CommandResult r = scan.Wait(1);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        ++finished_before_kill;
        completed = true;
        break;
      }
      scan.Kill();
      ++kills;
      CommandResult killed = scan.Wait(1);
      EXPECT_TRUE(killed.killed);
      // What it printed before dying: a resumption, never a new run.
      if (run_exists) {
        EXPECT_FALSE(Contains(killed.err, "run 2")) << killed.err;
      }
      DatabaseState st = InspectDatabase(db);
      bool ok = st.integrity == "ok" && st.foreign_key_violations == 0 && st.half_written.empty() &&
                st.runs <= 1;
      EXPECT_EQ(st.integrity, "ok") << "killed after " << at << " s";
      EXPECT_EQ(st.foreign_key_violations, 0) << "killed after " << at << " s";
      EXPECT_TRUE(st.half_written.empty())
          << "killed after " << at << " s: " << st.half_written.size()
          << " half-written, first: " << st.half_written.front();
      EXPECT_LE(st.runs, 1) << "killed after " << at << " s: a second run was begun";
      std::cout << "  scan " << chain + 1 << ": killed after " << at << " s, " << st.done << " of "
                << st.done + st.pending << " collectivities written"
                << (ok ? ", database consistent\n" : ", DATABASE INCONSISTENT\n");
      if (ok) ++survived;
      run_exists = st.runs == 1;
    }
    ASSERT_TRUE(completed);
    DatabaseState end = InspectDatabase(db);
    EXPECT_EQ(end.integrity, "ok");
    EXPECT_EQ(end.runs, 1);
    EXPECT_EQ(end.pending, 0);
    EXPECT_EQ(end.done, 1327);
    EXPECT_TRUE(end.half_written.empty());
    std::string diff = DiffResults(expected, LoadResults(db, 1));
    EXPECT_EQ(diff, "") << "the results after kill -9 and resumption differ from an "
                           "uninterrupted scan's:\n"
                        << diff;
  }
  std::cout << "kill -9 trials: " << kills << " kills, " << survived
            << " survived (integrity ok, nothing half-written, resumed), " << finished_before_kill
            << " scans finished before their kill\n";
  RecordProperty("kills", kills);
  RecordProperty("survived", survived);
  EXPECT_EQ(survived, kills);
  EXPECT_GE(kills, chains);  // most kills land in the scan
}

// Waits until the scan lock of `db` names `pid` (the scan holds it).
bool WaitForLock(const std::string& db, int pid, double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (ReadFile(db + ".scan-lock") == std::to_string(pid) + "\n") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(CrashRecoveryTest, ASecondScanOnTheSameDatabaseStopsAtOnceAndTheFirstCompletes) {
  ASSERT_TRUE(LabIsUp());
  std::string registry = RegistryTemplate(), reference = ReferenceScan();
  ASSERT_FALSE(registry.empty());
  ASSERT_FALSE(reference.empty());
  LabScanLock lock;
  std::string dir = FreshDir("two-scans");
  std::string db = dir + "/posture.db";
  ASSERT_TRUE(CopyDatabase(registry, db));
  ChildProcess first(WithBinary(ScanArgs(db, FixedNow())));
  ASSERT_TRUE(first.started());
  ASSERT_TRUE(WaitForLock(db, first.pid(), 10)) << "the first scan never took the scan lock";
  // The daily timer's scan, one that starts over, one of a single
  // collectivity, and the same database under another path: all refused.
  std::string other_path = dir + "/../" + dir.substr(dir.rfind('/') + 1) + "/posture.db";
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, {"--new-run"}, {"--target", "78646"}}) {
    for (const std::string& path : {db, other_path}) {
      std::vector<std::string> args = ScanArgs(path, FixedNow(), extra);
      CommandResult second = RunPosture(args, 30);
      EXPECT_EQ(second.exit_code, 1) << Describe(args);
      EXPECT_TRUE(Contains(second.err, "a scan is already running on " + path + " (process " +
                                           std::to_string(first.pid()) + ")"))
          << second.err;
      EXPECT_LT(second.seconds, 5) << "the second scan did not stop at once";
    }
  }
  CommandResult r = first.Wait(300);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "run 1 complete")) << r.err;
  DatabaseState st = InspectDatabase(db);
  EXPECT_EQ(st.integrity, "ok");
  EXPECT_EQ(st.runs, 1);  // the refused scans began nothing
  EXPECT_EQ(st.done, 1327);
  EXPECT_TRUE(st.half_written.empty());
  std::string diff = DiffResults(LoadResults(reference, 1), LoadResults(db, 1));
  EXPECT_EQ(diff, "") << diff;
}

}  // namespace
}  // namespace posture::e2e
