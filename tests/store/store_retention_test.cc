// Retention: observations older than the retention period go with their
// findings, the daily scores computed from them stay, recent evidence and the
// plans of runs that may still resume are untouched.
#include <gtest/gtest.h>

#include "scanner/store/store_retention.h"
#include "scanner/store/store_scores.h"
#include "scoring/model.h"
#include "tests/store/scores_fixture.h"

namespace posture {
namespace {

using testing::At;
using testing::ScoreDb;

const DayNumber kToday = DaysFromCivil(2027, 6, 30);

int64_t Count(ScoreDb& db, const std::string& sql) {
  auto q = db.db().Prepare(sql);
  EXPECT_TRUE(q.ok());
  EXPECT_TRUE(q->Step()) << sql;
  return q->Int(0);
}

TEST(RetentionTest, OldObservationsAndFindingsGoTheirScoresStay) {
  ScoreDb db;
  int64_t a = db.AddTarget("78001"), b = db.AddTarget("78002");
  const DayNumber kCut = kToday - 400;
  // Each scan stores the 3 findings of DnsProfile.
  for (DayNumber d : {kCut - 100, kCut - 1, kCut, kToday - 1}) {
    db.Scan(a, At(d), testing::DnsProfile(60));
    db.Scan(b, At(d), testing::DnsProfile(80));
  }
  int64_t findings_per_scan = Count(db, "SELECT COUNT(*) FROM findings") / 8;
  ASSERT_GT(findings_per_scan, 0);
  scoring::ScoringModel model = scoring::DefaultModel();
  RefreshOptions all{kCut - 100, kToday, {}, false};
  auto scored = RefreshDailyScores(db.store(), model, all, At(kToday));
  ASSERT_TRUE(scored.ok()) << scored.status().message();
  ASSERT_EQ(*scored, 8);

  // Batches of one: the loop must go on until nothing old is left.
  auto pruned = PruneObservations(db.store(), kCut, /*batch=*/1);
  ASSERT_TRUE(pruned.ok()) << pruned.status().message();
  EXPECT_EQ(pruned->observations, 4);
  EXPECT_EQ(pruned->findings, 4 * findings_per_scan);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM observations WHERE day < " + std::to_string(kCut)), 0);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM observations"), 4);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM findings WHERE day < " + std::to_string(kCut)), 0);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM findings"), 4 * findings_per_scan);
  // Every daily score is still there; the old ones no longer point at evidence.
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM scores"), 8);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM scores WHERE observation_id IS NULL"), 4);
  auto old_scores = LoadDailyScores(db.store(), model.version, kCut - 100, kCut - 1, a);
  ASSERT_TRUE(old_scores.ok());
  ASSERT_EQ(old_scores->size(), 2u);
  EXPECT_TRUE((*old_scores)[0].score.overall.has_value());
  // Refreshing a model over the pruned days finds nothing to recompute and
  // removes nothing.
  auto again = RefreshDailyScores(db.store(), model, all, At(kToday));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM scores"), 8);
  auto fk = db.db().Prepare("PRAGMA foreign_key_check");
  ASSERT_TRUE(fk.ok());
  EXPECT_FALSE(fk->Step()) << "a row points at deleted evidence";

  // Nothing older left: a second pass deletes nothing.
  auto second = PruneObservations(db.store(), kCut);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->observations, 0);
}

TEST(RetentionTest, PlansOfOldFinishedRunsGoUnfinishedRunsKeepTheirs) {
  ScoreDb db;
  int64_t a = db.AddTarget("78001");
  const DayNumber kCut = kToday - 400;
  db.Exec("INSERT INTO scan_runs (id, started_at, finished_at, status, posture_version) VALUES "
          "(1, " + std::to_string(At(kCut - 5)) + ", " + std::to_string(At(kCut - 5)) +
          ", 'complete', 't'), (2, " + std::to_string(At(kCut - 3)) +
          ", NULL, 'interrupted', 't'), (3, " + std::to_string(At(kToday - 1)) + ", " +
          std::to_string(At(kToday - 1)) + ", 'complete', 't')");
  for (int run : {1, 2, 3})
    db.Exec("INSERT INTO run_targets (run_id, target_id, state) VALUES (" + std::to_string(run) +
            ", " + std::to_string(a) + ", 'done')");
  auto pruned = PruneObservations(db.store(), kCut);
  ASSERT_TRUE(pruned.ok()) << pruned.status().message();
  EXPECT_EQ(pruned->run_plans, 1);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM run_targets WHERE run_id = 1"), 0);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM run_targets WHERE run_id = 2"), 1);
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM run_targets WHERE run_id = 3"), 1);
  // The runs themselves stay, as the log of what ran.
  EXPECT_EQ(Count(db, "SELECT COUNT(*) FROM scan_runs"), 3);
}

}  // namespace
}  // namespace posture
