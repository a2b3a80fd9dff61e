// Fault recovery (issue 9): a full disk and a read-only database give one
// clear sentence on stderr and a non-zero exit, write nothing half and leave
// the data already there intact; lab servers stopped in the middle of a scan
// (and a resolver that is down) leave their collectivities unreachable (probe
// statuses refused/timeout, findings error/not_tested, never a new failure)
// and do not move anyone's 30-day score.
//
// The disk tests mount a small tmpfs in a private mount namespace of the
// test process (root; they skip, saying why, where that is impossible). The
// servers test stops the lab's nginx and postfix (tests/lab/servers) and
// starts them again whatever happens, then checks the lab answers again.
//
// Needs the lab (tests/lab/up); runs posture as a subprocess.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "scanner/store/db.h"
#include "tests/e2e/crash_testlib.h"

namespace posture::e2e {
namespace {

using nlohmann::json;

bool Contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// The last line of stderr: posture's error sentence.
std::string LastLine(const std::string& err) {
  std::string s = err;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  size_t nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

// A tmpfs mounted for this test in a mount namespace of its own (it goes
// away with the test process, even if it is killed).
class ScratchTmpfs {
 public:
  ScratchTmpfs(const std::string& dir, const std::string& size) : dir_(dir) {
    if (::unshare(CLONE_NEWNS) != 0) {
      why_ = std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
      return;
    }
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      why_ = std::string("making the mounts private: ") + std::strerror(errno);
      return;
    }
    std::string options = "size=" + size + ",mode=0755";
    if (::mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      why_ = std::string("mount -t tmpfs: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~ScratchTmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_; }
  bool SetReadOnly(bool ro) {
    unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV | (ro ? MS_RDONLY : 0);
    return ::mount(nullptr, dir_.c_str(), nullptr, flags, nullptr) == 0;
  }
  int64_t FreeBytes() const {
    struct statvfs v {};
    if (::statvfs(dir_.c_str(), &v) != 0) return -1;
    return static_cast<int64_t>(v.f_bavail) * static_cast<int64_t>(v.f_frsize);
  }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string why_;
};

// Fills the file system of `path` but `leave` bytes (a file of zeros).
bool Fill(const std::string& path, int64_t bytes) {
  std::ofstream out(path, std::ios::binary);
  std::string block(1 << 16, '\0');
  for (int64_t n = 0; n < bytes && out; n += static_cast<int64_t>(block.size()))
    out.write(block.data(),
              static_cast<std::streamsize>(std::min<int64_t>(block.size(), bytes - n)));
  out.close();
  return static_cast<bool>(out);
}

// The tables a later, failed scan must not change, as they were after run 1.
std::vector<std::pair<std::string, std::string>> FirstRunTables() {
  return {{"targets", ""},
          {"scan_runs", "id = 1"},
          {"run_targets", "run_id = 1"},
          {"observations", "run_id = 1"},
          {"findings", "observation_id IN (SELECT id FROM observations WHERE run_id = 1)"},
          {"scores", "observation_id IN (SELECT id FROM observations WHERE run_id = 1)"},
          {"models", ""}};
}

TEST(FaultRecoveryTest, DiskFullMidScanIsAClearErrorKeepsWhatWasWrittenAndResumes) {
  ASSERT_TRUE(LabIsUp());
  std::string registry = RegistryTemplate();
  ASSERT_FALSE(registry.empty());
  LabScanLock lock;
  std::string mnt = FreshDir("disk-full");
  ScratchTmpfs fs(mnt, "64m");
  if (!fs.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here: " << fs.why_not();
  std::string db = mnt + "/posture.db";
  ASSERT_TRUE(CopyDatabase(registry, db));
  CommandResult day1 = RunPosture(ScanArgs(db, FixedNow()), 300);
  ASSERT_EQ(day1.exit_code, 0) << day1.err;
  std::string before = TablesDigest(db, FirstRunTables());

  // The next day the disk is nearly full: room for a few collectivities.
  int64_t free_bytes = fs.FreeBytes();
  ASSERT_GT(free_bytes, 4 << 20);
  ASSERT_TRUE(Fill(mnt + "/filler", free_bytes - (512 << 10)));
  std::vector<std::string> args = ScanArgs(db, FixedNowPlusDays(1), {"--new-run"});
  CommandResult full = RunPosture(args, 300);
  EXPECT_EQ(full.exit_code, 1) << full.err;
  std::string sentence = LastLine(full.err);
  EXPECT_TRUE(Contains(sentence, "posture: cannot write results: database " + db +
                                     ": no space left on the disk holding it"))
      << full.err;
  EXPECT_TRUE(Contains(sentence, "posture scan resumes the run")) << sentence;
  DatabaseState st = InspectDatabase(db);
  EXPECT_EQ(st.integrity, "ok");
  EXPECT_EQ(st.foreign_key_violations, 0);
  EXPECT_TRUE(st.half_written.empty())
      << st.half_written.size() << " half-written, first: " << st.half_written.front();
  EXPECT_EQ(st.runs, 2);
  EXPECT_GT(st.pending, 0) << "everything fitted: the disk was not full";
  EXPECT_EQ(TablesDigest(db, FirstRunTables()), before) << "run 1's data changed";
  std::cout << "disk full: " << st.done - 1327 << " of 1327 collectivities written before the "
            << "disk filled; " << sentence << "\n";

  // Space again: the next scan resumes the run and completes it.
  ASSERT_EQ(::unlink((mnt + "/filler").c_str()), 0);
  CommandResult resumed = RunPosture(ScanArgs(db, FixedNowPlusDays(1)), 300);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_TRUE(Contains(resumed.err, "resuming run 2")) << resumed.err;
  DatabaseState end = InspectDatabase(db);
  EXPECT_EQ(end.integrity, "ok");
  EXPECT_EQ(end.pending, 0);
  EXPECT_EQ(end.done, 2 * 1327);
  EXPECT_TRUE(end.half_written.empty());
  EXPECT_EQ(TablesDigest(db, FirstRunTables()), before);
}

std::string FileBytes(const std::string& path) { return ReadFile(path); }

TEST(FaultRecoveryTest, ReadOnlyDatabaseIsAClearErrorAndLeftUntouched) {
  ASSERT_TRUE(LabIsUp());
  std::string reference = ReferenceScan();
  ASSERT_FALSE(reference.empty());
  std::string mnt = FreshDir("read-only");
  ScratchTmpfs fs(mnt, "64m");
  if (!fs.mounted()) GTEST_SKIP() << "cannot mount a small tmpfs here: " << fs.why_not();
  std::string db = mnt + "/posture.db";
  ASSERT_TRUE(CopyDatabase(reference, db));
  const std::string bytes = FileBytes(db);
  const std::string rows =
      TablesDigest(db, {{"observations", ""}, {"findings", ""}, {"scores", ""}});

  // A read-only file system (EROFS, also for root).
  ASSERT_TRUE(fs.SetReadOnly(true)) << std::strerror(errno);
  for (const std::vector<std::string>& args :
       {ScanArgs(db, FixedNowPlusDays(1)),
        std::vector<std::string>{"--db", db, "targets", "import",
                                 SourcePath("tests/lab/targets.csv")}}) {
    CommandResult r = RunPosture(args, 60);
    EXPECT_EQ(r.exit_code, 1) << Describe(args) << ": " << r.err;
    EXPECT_TRUE(Contains(LastLine(r.err), db + ": it is on a read-only file system")) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
  }
  ASSERT_TRUE(fs.SetReadOnly(false)) << std::strerror(errno);
  EXPECT_EQ(FileBytes(db), bytes);

  // File permissions, for a user they apply to (root ignores them).
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "no setpriv to run as nobody";
  auto as_nobody = [](std::vector<std::string> args) {
    std::vector<std::string> argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                     "--clear-groups", PostureBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, 60);
  };
  // Not the lab's CA file: nobody may not read it; the database is refused first anyway.
  std::vector<std::string> scan = {"--db",          db,
                                   "--quiet",       "scan",
                                   "--resolver",    LabResolver(),
                                   "--contact-url", "https://posture-e2e.invalid/read-only"};
  ASSERT_EQ(::chmod(mnt.c_str(), 01777), 0);
  ASSERT_EQ(::chmod(db.c_str(), 0444), 0);  // the file: read-only for its readers
  CommandResult r = as_nobody(scan);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(
      Contains(LastLine(r.err), db + ": it cannot be opened for writing (Permission denied)"))
      << r.err;
  ASSERT_EQ(::chmod(mnt.c_str(), 0755), 0);  // the directory: no -wal, -shm, lock for nobody
  ASSERT_EQ(::chown(db.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chmod(db.c_str(), 0644), 0);
  r = as_nobody(scan);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(LastLine(r.err), "its directory " + mnt + " is not writable")) << r.err;
  EXPECT_EQ(FileBytes(db), bytes);
  EXPECT_EQ(TablesDigest(db, {{"observations", ""}, {"findings", ""}, {"scores", ""}}), rows);
}

// Stops lab servers (tests/lab/servers) and starts them again, when asked
// or at the latest when it goes out of scope, whatever happened meanwhile.
class LabServersStopped {
 public:
  explicit LabServersStopped(std::vector<std::string> servers) : servers_(std::move(servers)) {
    for (const std::string& s : servers_) {
      CommandResult r = RunCommand({SourcePath("tests/lab/servers"), "stop", s}, 60);
      EXPECT_EQ(r.exit_code, 0) << "stopping " << s << ": " << r.err;
    }
  }
  ~LabServersStopped() { Restore(); }
  LabServersStopped(const LabServersStopped&) = delete;
  LabServersStopped& operator=(const LabServersStopped&) = delete;

  // Starts them and checks that each of their endpoints answers again.
  bool Restore() {
    if (restored_) return true;
    restored_ = true;
    bool ok = true;
    for (const std::string& s : servers_) {
      CommandResult start = RunCommand({SourcePath("tests/lab/servers"), "start", s}, 60);
      CommandResult check = RunCommand({SourcePath("tests/lab/servers"), "check", s}, 60);
      if (start.exit_code != 0 || check.exit_code != 0) {
        ADD_FAILURE() << "the lab's " << s << " could not be restored: " << start.err << check.err
                      << " (restart the lab: tests/lab/up)";
        ok = false;
      }
    }
    return ok;
  }

 private:
  std::vector<std::string> servers_;
  bool restored_ = false;
};

int64_t DoneInRun(const std::string& db, int64_t run) {
  auto d = Db::Open(db, /*read_only=*/true);
  if (!d.ok()) return 0;
  auto q = d->Prepare("SELECT COUNT(*) FROM run_targets WHERE run_id = ? AND state = 'done'");
  if (!q.ok()) return 0;
  q->Bind(1, run);
  return q->Step() ? q->Int(0) : 0;
}

// collectivity key -> 30-day score ("null" without one) and unmeasured days,
// from `posture export scores --format json` at `now`.
std::map<std::string, std::pair<std::string, json>> Scores(const std::string& db,
                                                           const std::string& now) {
  std::map<std::string, std::pair<std::string, json>> out;
  std::vector<std::string> args = {"--db",   db,       "--now",    now,
                                   "export", "scores", "--format", "json"};
  CommandResult r = RunPosture(args, 60);
  EXPECT_EQ(r.exit_code, 0) << Describe(args) << ": " << r.err;
  json j = json::parse(r.out, nullptr, false);
  if (j.is_discarded() || !j.contains("collectivities")) {
    ADD_FAILURE() << "not JSON: " << r.out.substr(0, 200);
    return out;
  }
  for (const json& c : j["collectivities"])
    out[c["key"].get<std::string>()] = {c["score"].dump(), c["unmeasured_days"]};
  return out;
}

// For each collectivity, the findings of `after` that differ from `before`
// in outcome or severity (new ones included) and are not error/not_tested.
std::vector<std::string> NewVerdicts(const ScanResults& before, const ScanResults& after) {
  std::vector<std::string> out;
  for (const auto& [key, a] : after) {
    std::set<std::string> was;
    auto it = before.find(key);
    if (it != before.end()) was = it->second.findings;
    for (const std::string& f : a.findings) {
      if (was.count(f)) continue;
      // CODE|outcome|severity|subject
      std::string outcome = f.substr(f.find('|') + 1);
      outcome = outcome.substr(0, outcome.find('|'));
      if (outcome != "error" && outcome != "not_tested") out.push_back(key + " " + f);
    }
  }
  return out;
}

TEST(FaultRecoveryTest, LabServersStoppedMidScanAreUnreachableAndDoNotMoveTheScore) {
  ASSERT_TRUE(LabIsUp());
  LabScanLock lock;
  std::string dir = FreshDir("servers-stopped");
  std::string db = dir + "/posture.db";
  std::vector<std::string> import = {"--db", db, "targets", "import",
                                     SourcePath("tests/lab/targets.csv")};
  ASSERT_EQ(RunPosture(import).exit_code, 0);
  CommandResult day1 = RunPosture(ScanArgs(db, FixedNow()), 300);
  ASSERT_EQ(day1.exit_code, 0) << day1.err;
  std::string resolver_down_db = dir + "/resolver-down.db";
  ASSERT_TRUE(CopyDatabase(db, resolver_down_db));

  // Day 2: nginx and postfix stop once the scan has written its first
  // collectivity; the others are in flight or not started.
  std::vector<std::string> argv = ScanArgs(db, FixedNowPlusDays(1), {"--new-run"});
  argv.insert(argv.begin(), PostureBinary());
  ChildProcess scan(argv);
  ASSERT_TRUE(scan.started());
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (DoneInRun(db, 2) < 1 && scan.Running() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CommandResult day2;
  {
    LabServersStopped stopped({"nginx", "postfix"});
    day2 = scan.Wait(300);
    EXPECT_TRUE(stopped.Restore());
  }
  EXPECT_EQ(day2.exit_code, 0) << "unreachable servers are data, the run completes: " << day2.err;

  ScanResults r1 = LoadResults(db, 1), r2 = LoadResults(db, 2);
  ASSERT_EQ(r1.size(), 26u);
  ASSERT_EQ(r2.size(), 26u);
  // What changed in the observations is a connection that failed.
  int unreachable = 0;
  for (const auto& [key, r] : r2) {
    bool hit = false;
    for (const std::string& s : r.statuses) {
      if (r1[key].statuses.count(s)) continue;
      // The connection failed or was cut, or what the server had still to
      // say is unknown; never an answer the lab's servers do not give.
      bool failed = false;
      for (const char* word : {" refused", " timeout", " unreachable", " tls_error",
                               " protocol_error", " error", "=unknown"})
        failed = failed || Contains(s, word);
      EXPECT_TRUE(failed) << key << ": " << s;
      hit = hit || s.rfind("dns ", 0) != 0;
    }
    if (hit) ++unreachable;
  }
  std::cout << "servers stopped mid-scan: " << unreachable << " of 26 collectivities met them "
            << "stopped\n";
  EXPECT_GE(unreachable, 10) << "the servers stopped too late to test anything";
  std::vector<std::string> new_verdicts = NewVerdicts(r1, r2);
  EXPECT_TRUE(new_verdicts.empty())
      << new_verdicts.size() << " verdicts came from unreachable servers, e.g. "
      << new_verdicts.front();

  // Another day, the resolver is down: nothing can be measured.
  std::vector<std::string> down = {"--db",
                                   resolver_down_db,
                                   "--quiet",
                                   "--now",
                                   FixedNowPlusDays(1),
                                   "scan",
                                   "--new-run",
                                   "--resolver",
                                   "127.53.0.99",
                                   "--contact-url",
                                   "https://posture-e2e.invalid/resolver-down"};
  CommandResult day2b = RunPosture(down, 120);
  EXPECT_EQ(day2b.exit_code, 0) << day2b.err;
  new_verdicts = NewVerdicts(LoadResults(resolver_down_db, 1), LoadResults(resolver_down_db, 2));
  EXPECT_TRUE(new_verdicts.empty())
      << new_verdicts.size() << " verdicts came from a resolver that was down, e.g. "
      << new_verdicts.front();

  // Nobody's 30-day score moves for a day it could not be measured.
  auto s1 = Scores(db, FixedNow()), s2 = Scores(db, FixedNowPlusDays(1));
  auto s2b = Scores(resolver_down_db, FixedNowPlusDays(1));
  ASSERT_EQ(s1.size(), 26u);
  const std::string day2_name = FixedNowPlusDays(1).substr(0, 10);
  int left_out = 0;
  for (const auto& [key, score] : s1) {
    EXPECT_EQ(s2[key].first, score.first) << key << ": servers stopped";
    EXPECT_EQ(s2b[key].first, score.first) << key << ": resolver down";
    for (const json& d : s2[key].second) left_out += d == day2_name;
  }
  EXPECT_GE(left_out, unreachable / 2) << "the days of unreachable servers should be left out";
}

}  // namespace
}  // namespace posture::e2e
