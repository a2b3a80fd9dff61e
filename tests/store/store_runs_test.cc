// Crash recovery in the store: which run `posture scan` resumes (after a
// kill -9 at any moment, including after the last target was written), runs
// left "running" by a crash, targets that left the plan, the scan lock, and
// the rolling score of a day whose servers could not be reached.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "scanner/store/store_scans.h"
#include "scanner/store/store_scores.h"
#include "tests/store/scores_fixture.h"

namespace posture {
namespace {

using testing::At;
using testing::ScoreDb;

const DayNumber kDay = DaysFromCivil(2026, 9, 14);

std::string FullRun() { return nlohmann::json{{"targets", nlohmann::json::array()}}.dump(); }
std::string TargetRun() { return nlohmann::json{{"targets", {"78001"}}}.dump(); }

void Write(ScoreDb& db, int64_t run, int64_t target) {
  auto id = WriteTargetResult(db.store(), run, target, testing::ObservedAt("commune:x", At(kDay)),
                              testing::DnsProfile(60), true);
  ASSERT_TRUE(id.ok()) << id.status().message();
}

std::string RunStatus(ScoreDb& db, int64_t run) {
  auto q = db.db().Prepare("SELECT status FROM scan_runs WHERE id = ?");
  EXPECT_TRUE(q.ok());
  q->Bind(1, run);
  EXPECT_TRUE(q->Step());
  return q->Text(0);
}

TEST(ScanRunsTest, ARunKilledAfterItsLastTargetIsStillResumed) {
  ScoreDb db;
  int64_t a = db.AddTarget("78001"), b = db.AddTarget("78002");
  auto run = BeginRun(db.store(), At(kDay), FullRun(), {a, b});
  ASSERT_TRUE(run.ok());
  Write(db, *run, a);
  auto found = FindUnfinishedRun(db.store());
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, *run);
  EXPECT_EQ((*found)->targets_done, 1);
  // kill -9 between the last target's commit and FinishRun: nothing pending,
  // still "running"; the next scan must finish this run, not start another.
  Write(db, *run, b);
  found = FindUnfinishedRun(db.store());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, *run);
  EXPECT_TRUE(PendingTargets(db.store(), *run)->empty());
  ASSERT_TRUE(FinishRun(db.store(), *run, "complete", At(kDay, 7)).ok());
  EXPECT_FALSE(FindUnfinishedRun(db.store())->has_value());
}

TEST(ScanRunsTest, OnlyTheNewestFullRunIsResumed) {
  ScoreDb db;
  int64_t a = db.AddTarget("78001"), b = db.AddTarget("78002");
  auto old_run = BeginRun(db.store(), At(kDay), FullRun(), {a, b});
  ASSERT_TRUE(FinishRun(db.store(), *old_run, "interrupted", At(kDay, 7)).ok());
  // A --new-run that completed replaces it: the old one is never resumed.
  auto fresh = BeginRun(db.store(), At(kDay, 8), FullRun(), {a, b});
  Write(db, *fresh, a);
  Write(db, *fresh, b);
  ASSERT_TRUE(FinishRun(db.store(), *fresh, "complete", At(kDay, 9)).ok());
  EXPECT_FALSE(FindUnfinishedRun(db.store())->has_value());
  // A run limited with --target, even unfinished, is not the daily scan.
  auto limited = BeginRun(db.store(), At(kDay, 10), TargetRun(), {a});
  ASSERT_TRUE(limited.ok());
  EXPECT_FALSE(FindUnfinishedRun(db.store())->has_value());
  auto next = BeginRun(db.store(), At(kDay + 1), FullRun(), {a, b});
  auto again = BeginRun(db.store(), At(kDay + 1, 9), TargetRun(), {b});
  ASSERT_TRUE(again.ok());
  auto found = FindUnfinishedRun(db.store());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, *next);
}

TEST(ScanRunsTest, RunsLeftRunningByACrashAreMarkedInterrupted) {
  ScoreDb db;
  int64_t a = db.AddTarget("78001");
  auto full = BeginRun(db.store(), At(kDay), FullRun(), {a});
  auto limited = BeginRun(db.store(), At(kDay, 7), TargetRun(), {a});
  auto done = BeginRun(db.store(), At(kDay, 8), TargetRun(), {a});
  ASSERT_TRUE(FinishRun(db.store(), *done, "complete", At(kDay, 9)).ok());
  auto n = MarkCrashedRunsInterrupted(db.store());
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(RunStatus(db, *full), "interrupted");
  EXPECT_EQ(RunStatus(db, *limited), "interrupted");
  EXPECT_EQ(RunStatus(db, *done), "complete");
  auto found = FindUnfinishedRun(db.store());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, *full);
}

TEST(ScanRunsTest, DroppedTargetsLeaveThePlanButDoneOnesStay) {
  ScoreDb db;
  int64_t a = db.AddTarget("78001"), b = db.AddTarget("78002"), c = db.AddTarget("78003");
  auto run = BeginRun(db.store(), At(kDay), FullRun(), {a, b, c});
  Write(db, *run, a);
  // b opted out since the run began; a is done and stays done.
  ASSERT_TRUE(DropPendingTargets(db.store(), *run, {a, b}).ok());
  auto pending = PendingTargets(db.store(), *run);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(*pending, std::vector<int64_t>{c});
  EXPECT_EQ(FindUnfinishedRun(db.store())->value().targets_done, 1);
}

TEST(ScanLockTest, ASecondScanOfTheSameDatabaseIsRefusedWhateverItsPath) {
  ScoreDb db;
  auto first = ScanLock::Acquire(db.path());
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = ScanLock::Acquire(db.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("a scan is already running"), std::string::npos);
  EXPECT_NE(second.status().message().find(std::to_string(::getpid())), std::string::npos);
  // Another spelling of the same file: a symbolic link, a path with "..".
  std::string dir = db.path().substr(0, db.path().rfind('/'));
  std::string link = dir + "/link.db";
  ASSERT_EQ(::symlink(db.path().c_str(), link.c_str()), 0);
  EXPECT_EQ(ScanLock::Acquire(link).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(ScanLock::Acquire(dir + "/../" + dir.substr(dir.rfind('/') + 1) + "/posture.db")
                .status()
                .code(),
            StatusCode::kUnavailable);
  ::unlink(link.c_str());
  { ScanLock released = std::move(first).value(); }
  EXPECT_TRUE(ScanLock::Acquire(db.path()).ok());
  ::unlink((db.path() + ".scan-lock").c_str());
}

TEST(UnreachableDayTest, TheRollingScoreLeavesOutADayItsServersWereDown) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  const scoring::ScoringModel& model = scoring::DefaultModel();
  std::vector<Finding> good = testing::DnsProfile(80);
  for (DayNumber d = kDay - 4; d < kDay; ++d) {
    int64_t obs = db.Scan(t, At(d), good);
    ASSERT_TRUE(UpsertDailyScore(db.store(), model, t, d, obs, good, At(d)).ok());
  }
  // Day kDay: half the checks could not reach their server; the other half,
  // measured, give a lower score.
  std::vector<Finding> down = testing::DnsProfile(80);
  for (size_t i = 0; i < 25; ++i) down[i].outcome = Outcome::kError;
  int64_t obs = db.Scan(t, At(kDay), down);
  auto s = UpsertDailyScore(db.store(), model, t, kDay, obs, down, At(kDay));
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->overall);
  EXPECT_LT(*s->overall, 80);
  auto rows = LoadDailyScores(db.store(), model.version, kDay, kDay, t);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().score.untested.size(), 25u);  // stored and read back
  EXPECT_EQ(rows->front().score.untested.front(), "DNS-P-01 example.test");
  auto rolling = LoadRollingScore(db.store(), model, t, kDay, At(kDay));
  ASSERT_TRUE(rolling.ok());
  ASSERT_TRUE(rolling->score);
  EXPECT_DOUBLE_EQ(*rolling->score, 80);
  EXPECT_EQ(rolling->unmeasured_days, std::vector<DayNumber>{kDay});
  auto trends = LoadRollingTrends(db.store(), model, kDay, At(kDay), {t});
  ASSERT_TRUE(trends.ok());
  EXPECT_EQ(trends->front().daily.size(), 4u);  // the outage day is not drawn
}

}  // namespace
}  // namespace posture
