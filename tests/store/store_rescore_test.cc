#include "scanner/store/store_rescore.h"

#include <gtest/gtest.h>

#include "checks/check.h"
#include "scanner/store/store_scans.h"
#include "scanner/store/store_scores.h"
#include "tests/store/scores_fixture.h"

namespace posture {
namespace {

using scoring::DefaultModel;
using scoring::ScoringModel;
using testing::At;
using testing::MakeFinding;
using testing::ScoreDb;

const DayNumber kDay = DaysFromCivil(2026, 9, 14);

// A collectivity whose only address is a consumer mailbox: the checks give
// MAIL-OWN-01 fail whatever else is missing.
TargetObservations ConsumerMailbox(const std::string& key, UnixSeconds at) {
  TargetObservations obs = testing::ObservedAt(key, at);
  obs.email = "mairie.exemple@wanadoo.fr";
  return obs;
}

int64_t WriteScan(ScoreDb& db, int64_t target, const TargetObservations& obs,
                  const std::vector<Finding>& findings, bool complete = true,
                  const InTransaction& also = {}) {
  auto run = BeginRun(db.store(), obs.started_at, "{}", {target});
  EXPECT_TRUE(run.ok());
  auto id = WriteTargetResult(db.store(), *run, target, obs, findings, complete, also);
  EXPECT_TRUE(id.ok()) << id.status().message();
  return id.ok() ? *id : 0;
}

std::string Blob(ScoreDb& db, int64_t observation_id) {
  auto q = db.db().Prepare("SELECT data FROM observations WHERE id = ?");
  EXPECT_TRUE(q.ok());
  q->Bind(1, observation_id);
  EXPECT_TRUE(q->Step());
  return q->Blob(0);
}

std::optional<double> Overall(ScoreDb& db, int64_t target, DayNumber day,
                              const std::string& version = "1") {
  auto rows = LoadDailyScores(db.store(), version, day, day, target);
  EXPECT_TRUE(rows.ok());
  if (!rows.ok() || rows->empty()) return std::nullopt;
  return rows->front().score.overall;
}

TEST(RescoreTest, RewritesChangedFindingsInPlaceAndKeepsTheObservation) {
  ScoreDb db;
  int64_t t = db.AddTarget("77015");
  TargetObservations obs = ConsumerMailbox("commune:77015", At(kDay));
  // What an older posture concluded from the same evidence.
  std::vector<Finding> old = {MakeFinding("MAIL-OWN-01", Outcome::kPass, Severity::kHigh)};
  int64_t id = WriteScan(db, t, obs, old);
  db.Exec("UPDATE findings SET check_version = 0");
  std::string blob = Blob(db, id);
  ScoringModel v2 = DefaultModel();
  v2.version = "2";
  RefreshOptions day;
  day.first_day = day.last_day = kDay;
  ASSERT_TRUE(RefreshDailyScores(db.store(), DefaultModel(), day, At(kDay)).ok());
  ASSERT_TRUE(RefreshDailyScores(db.store(), v2, day, At(kDay)).ok());
  EXPECT_EQ(Overall(db, t, kDay), 100);
  EXPECT_EQ(Overall(db, t, kDay, "2"), 100);

  auto r = Rescore(db.store(), DefaultModel(), {}, At(kDay + 30));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->observations, 1);
  EXPECT_EQ(r->changed, 1);
  EXPECT_EQ(r->targets_changed, 1);
  EXPECT_EQ(r->unreadable, 0);
  EXPECT_EQ(r->first_day, kDay);
  EXPECT_EQ(r->model_versions, (std::vector<std::string>{"1", "2"}));

  // The findings are those of today's checks over the stored evidence,
  // judged as of the scan, each stamped with its check's version.
  CheckContext ctx{obs, obs.finished_at, {}, nullptr};
  std::vector<Finding> expected = RunAllChecks(ctx);
  auto now = LoadFindings(db.store(), id);
  ASSERT_TRUE(now.ok());
  ASSERT_EQ(now->size(), expected.size());
  bool own_fails = false;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*now)[i].code, expected[i].code);
    EXPECT_EQ((*now)[i].outcome, expected[i].outcome) << expected[i].code;
    if (expected[i].code == "MAIL-OWN-01" && expected[i].outcome == Outcome::kFail) own_fails = true;
  }
  EXPECT_TRUE(own_fails);
  auto stale = db.db().Prepare("SELECT code, check_version FROM findings WHERE observation_id = ?");
  ASSERT_TRUE(stale.ok());
  stale->Bind(1, id);
  while (stale->Step()) EXPECT_EQ(stale->Int(1), CheckVersion(stale->Text(0))) << stale->Text(0);
  // Same observation, same bytes.
  auto rows = ListObservations(db.store(), t);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().id, id);
  EXPECT_EQ(Blob(db, id), blob);
  // Both stored model versions were re-scored: the consumer mailbox cap holds.
  auto scores = LoadDailyScores(db.store(), "1", kDay, kDay, t);
  ASSERT_TRUE(scores.ok());
  ASSERT_EQ(scores->size(), 1u);
  EXPECT_LT(*scores->front().score.overall, 100);
  EXPECT_NE(std::find(scores->front().score.caps.begin(), scores->front().score.caps.end(),
                      "consumer_mailbox"),
            scores->front().score.caps.end());
  EXPECT_EQ(Overall(db, t, kDay, "2"), Overall(db, t, kDay));

  // Nothing changes the second time.
  auto again = Rescore(db.store(), DefaultModel(), {}, At(kDay + 31));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->changed, 0);
  EXPECT_EQ(again->model_versions, (std::vector<std::string>{"1"}));
}

TEST(RescoreTest, RangeTargetsAndUnreadableEvidence) {
  ScoreDb db;
  int64_t a = db.AddTarget("77015");
  int64_t b = db.AddTarget("77009");
  std::vector<Finding> old = {MakeFinding("MAIL-OWN-01", Outcome::kPass, Severity::kHigh)};
  int64_t a1 = WriteScan(db, a, ConsumerMailbox("commune:77015", At(kDay)), old);
  int64_t a2 = WriteScan(db, a, ConsumerMailbox("commune:77015", At(kDay + 10)), old);
  int64_t b1 = WriteScan(db, b, ConsumerMailbox("commune:77009", At(kDay)), old);
  int64_t b2 = WriteScan(db, b, ConsumerMailbox("commune:77009", At(kDay + 10)), old);
  db.Exec("UPDATE observations SET data = X'00' WHERE id = " + std::to_string(b2));

  // Only the first day of a: the second day keeps its old findings.
  RescoreOptions o;
  o.target_ids = {a};
  o.last_day = kDay + 5;
  auto r = Rescore(db.store(), DefaultModel(), o, At(kDay + 20));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->observations, 1);
  EXPECT_EQ(r->changed, 1);
  EXPECT_GT(LoadFindings(db.store(), a1)->size(), 1u);
  EXPECT_EQ(LoadFindings(db.store(), a2)->size(), 1u);
  EXPECT_EQ(LoadFindings(db.store(), b1)->size(), 1u);

  // Everything: b's second observation cannot be read and is left as it was.
  auto all = Rescore(db.store(), DefaultModel(), {}, At(kDay + 20));
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->observations, 4);
  EXPECT_EQ(all->unreadable, 1);
  EXPECT_EQ(all->changed, 2);  // a2 and b1 (a1 is already current)
  EXPECT_EQ(LoadFindings(db.store(), b2)->size(), 1u);
  EXPECT_EQ(Overall(db, b, kDay + 10), 100);  // still the old findings' score
  EXPECT_LT(*Overall(db, b, kDay), 100);
  // An empty range does nothing.
  RescoreOptions none;
  none.first_day = kDay + 100;
  auto empty = Rescore(db.store(), DefaultModel(), none, At(kDay + 20));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->observations, 0);
  EXPECT_TRUE(empty->model_versions.empty());
}

// ---- The daily score written by the scan ------------------------------------

InTransaction ScoreHook(ScoreDb& db, int64_t target, const std::vector<Finding>& findings,
                        UnixSeconds now, bool* written) {
  return [&db, target, findings, now, written](int64_t observation_id, DayNumber day) {
    auto w = UpsertScanDailyScore(db.store(), DefaultModel(), target, day, observation_id,
                                  findings, now);
    if (!w.ok()) return w.status();
    *written = *w;
    return Status();
  };
}

TEST(ScanDailyScoreTest, WrittenWithTheResultsSoRankingHasNothingLeftToDo) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  std::vector<Finding> findings = testing::DnsProfile(60);
  bool written = false;
  for (int k = 0; k < 4; ++k) {
    UnixSeconds at = At(kDay + k);
    WriteScan(db, t, ConsumerMailbox("commune:78001", at), findings, true,
              ScoreHook(db, t, findings, at, &written));
    EXPECT_TRUE(written);
    EXPECT_EQ(Overall(db, t, kDay + k), 60);
  }
  // `posture rank` right after: every day is already scored from its scan.
  RefreshOptions o;
  o.first_day = kDay - 29 + 3;
  o.last_day = kDay + 3;
  EXPECT_EQ(*RefreshDailyScores(db.store(), DefaultModel(), o, At(kDay + 3, 12)), 0);
  auto ranking = RankAt(db.store(), DefaultModel(), At(kDay + 3, 12));
  ASSERT_TRUE(ranking.ok());
  ASSERT_EQ(ranking->entries.size(), 1u);
  EXPECT_EQ(*ranking->entries[0].target.rolling.score, 60);
}

TEST(ScanDailyScoreTest, AnEarlierScanOfTheSameDayDoesNotReplaceTheScore) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  bool written = false;
  std::vector<Finding> late = testing::DnsProfile(80), early = testing::DnsProfile(20);
  WriteScan(db, t, ConsumerMailbox("commune:78001", At(kDay, 18)), late, true,
            ScoreHook(db, t, late, At(kDay, 18), &written));
  EXPECT_TRUE(written);
  // A run resumed with an older clock writes a scan from the morning.
  WriteScan(db, t, ConsumerMailbox("commune:78001", At(kDay, 6)), early, true,
            ScoreHook(db, t, early, At(kDay, 6), &written));
  EXPECT_FALSE(written);
  EXPECT_EQ(Overall(db, t, kDay), 80);
  // An incomplete scan (deadline cut) is never the day's scan.
  EXPECT_EQ(*UpsertScanDailyScore(db.store(), DefaultModel(), t, kDay,
                                  WriteScan(db, t, ConsumerMailbox("commune:78001", At(kDay, 20)),
                                            early, /*complete=*/false),
                                  early, At(kDay, 20)),
            false);
  EXPECT_EQ(Overall(db, t, kDay), 80);
}

TEST(ScanDailyScoreTest, AFailingScoreRollsTheTargetsResultsBack) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  auto run = BeginRun(db.store(), At(kDay), "{}", {t});
  ASSERT_TRUE(run.ok());
  auto id = WriteTargetResult(db.store(), *run, t, ConsumerMailbox("commune:78001", At(kDay)),
                              testing::DnsProfile(50), true,
                              [](int64_t, DayNumber) { return Internal("disk full"); });
  EXPECT_FALSE(id.ok());
  EXPECT_TRUE(ListObservations(db.store(), t)->empty());
  auto pending = PendingTargets(db.store(), *run);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 1u);  // the next run resumes it
}

}  // namespace
}  // namespace posture
