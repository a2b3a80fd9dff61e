#include "scanner/store/store_scores.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/store/scores_fixture.h"

namespace posture {
namespace {

using scoring::DefaultModel;
using scoring::ScoringModel;
using testing::At;
using testing::DnsProfile;
using testing::MakeFinding;
using testing::ScoreDb;

const DayNumber kStart = DaysFromCivil(2026, 1, 1);

ScoringModel ModelV2() {
  // v1 with low findings worth 10 points instead of 5.
  ScoringModel m = DefaultModel();
  m.version = "2";
  m.severity_points[static_cast<int>(Severity::kLow)] = 10;
  return m;
}

std::optional<double> Overall(ScoreDb& db, int64_t target, DayNumber day,
                              const std::string& version = "1") {
  auto rows = LoadDailyScores(db.store(), version, day, day, target);
  EXPECT_TRUE(rows.ok());
  if (!rows.ok() || rows->empty()) return std::nullopt;
  return rows->front().score.overall;
}

TEST(StoreScoresTest, MigrationAddsScoreColumns) {
  ScoreDb db;
  EXPECT_GE(db.store().schema_version(), 2);
  db.Exec(
      "SELECT active_critical, active_high, findings_total, findings_untested, web_absent "
      "FROM scores");
}

TEST(StoreScoresTest, ModelsAreStoredByVersion) {
  ScoreDb db;
  ASSERT_TRUE(SaveModel(db.store(), DefaultModel(), 100).ok());
  ASSERT_TRUE(SaveModel(db.store(), DefaultModel(), 200).ok());  // idempotent
  ScoringModel tuned = DefaultModel();
  tuned.severity_points[static_cast<int>(Severity::kLow)] = 6;
  Status same_version = SaveModel(db.store(), tuned, 300);
  EXPECT_EQ(same_version.code(), StatusCode::kFailedPrecondition);
  tuned.version = "1-tuned";
  ASSERT_TRUE(SaveModel(db.store(), tuned, 300).ok());
  auto back = LoadModel(db.store(), "1-tuned");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->points(Severity::kLow), 6);
  EXPECT_EQ(LoadModel(db.store(), "9").status().code(), StatusCode::kNotFound);
  auto list = ListModels(db.store());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].version, "1");
  EXPECT_EQ((*list)[1].loaded_at, 300);
}

TEST(StoreScoresTest, UpsertDailyScoreWritesAndReplaces) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  DayNumber d = kStart;
  int64_t obs = db.Scan(t, At(d), DnsProfile(40));
  auto s = UpsertDailyScore(db.store(), DefaultModel(), t, d, obs, DnsProfile(40), At(d));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(*s->overall, 40);
  EXPECT_EQ(Overall(db, t, d), 40);
  // A later scan the same day replaces the score.
  std::vector<Finding> later = DnsProfile(60);
  later.push_back(MakeFinding("MAIL-SPF-01", Outcome::kFail, Severity::kHigh));
  later.push_back(MakeFinding("WEB-HTTPS-01", Outcome::kError, Severity::kCritical));
  int64_t obs2 = db.Scan(t, At(d, 18), later);
  ASSERT_TRUE(UpsertDailyScore(db.store(), DefaultModel(), t, d, obs2, later, At(d, 18)).ok());
  auto rows = LoadDailyScores(db.store(), "1", d, d, t);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const StoredDailyScore& r = rows->front();
  EXPECT_EQ(r.observation_id, obs2);
  // dns 60 (weight 10), mail_auth 0 (weight 25): 600 / 35.
  EXPECT_DOUBLE_EQ(*r.score.overall, 17.1);
  EXPECT_EQ(r.score.grade, "E");
  EXPECT_EQ(r.score.active_high, 1);
  EXPECT_EQ(r.score.findings_total, 52);
  EXPECT_EQ(r.score.findings_untested, 1);
  EXPECT_TRUE(r.score.web_absent);
  ASSERT_EQ(r.score.categories.size(), 2u);
  EXPECT_EQ(r.score.categories[0].category, Category::kMailAuth);
  EXPECT_DOUBLE_EQ(r.score.categories[1].score, 60);
  EXPECT_EQ(r.computed_at, At(d, 18));
}

TEST(StoreScoresTest, DailyScoreComesFromTheLastCompleteScanOfTheDay) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  DayNumber d = kStart;
  db.Scan(t, At(d, 6), DnsProfile(40));
  db.Scan(t, At(d, 12), DnsProfile(80));
  db.Scan(t, At(d, 20), DnsProfile(10), /*complete=*/false);  // cut by the deadline
  RefreshOptions o;
  o.first_day = d;
  o.last_day = d;
  auto n = RefreshDailyScores(db.store(), DefaultModel(), o, At(d, 23));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(Overall(db, t, d), 80);
  // Nothing to do a second time.
  EXPECT_EQ(*RefreshDailyScores(db.store(), DefaultModel(), o, At(d, 23)), 0);
  // A later complete scan of the same day is picked up.
  db.Scan(t, At(d, 22), DnsProfile(20));
  EXPECT_EQ(*RefreshDailyScores(db.store(), DefaultModel(), o, At(d, 23)), 1);
  EXPECT_EQ(Overall(db, t, d), 20);
}

TEST(StoreScoresTest, RollingWindowEdgesOverMonthsOfHistory) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  // Three months: 20 in January, 60 in February, 100 from March.
  DayNumber feb = DaysFromCivil(2026, 2, 1), mar = DaysFromCivil(2026, 3, 1);
  db.ScanDays(t, kStart, feb - 1, 1, DnsProfile(20));
  db.ScanDays(t, feb, mar - 1, 1, DnsProfile(60));
  db.ScanDays(t, mar, mar + 30, 1, DnsProfile(100));
  const ScoringModel& m = DefaultModel();
  // D = 2 March: the window is 1 Feb (D-29) .. 2 March; 31 Jan (D-30) is out.
  DayNumber d = mar + 1;
  ASSERT_EQ(d - 29, feb);
  auto r = LoadRollingScore(db.store(), m, t, d, At(d));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->scan_days, 30);
  EXPECT_DOUBLE_EQ(*r->score, 62.7);  // (28*60 + 2*100) / 30
  // One day earlier, 31 January is in: 1 day at 20, 28 at 60, 1 at 100.
  auto before = LoadRollingScore(db.store(), m, t, d - 1, At(d - 1));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->scan_days, 30);
  EXPECT_DOUBLE_EQ(*before->score, 60.0);  // (20 + 28*60 + 100) / 30
  // Days without a scan are skipped, not zero.
  db.Exec("DELETE FROM scores");
  db.Exec("DELETE FROM observations WHERE day BETWEEN " + std::to_string(feb) + " AND " +
          std::to_string(mar - 1));
  auto sparse = LoadRollingScore(db.store(), m, t, d, At(d));
  ASSERT_TRUE(sparse.ok());
  EXPECT_EQ(sparse->scan_days, 2);
  EXPECT_DOUBLE_EQ(*sparse->score, 100);
  EXPECT_TRUE(sparse->provisional);
}

TEST(StoreScoresTest, ProvisionalWithThreeScanDaysIsNotRanked) {
  ScoreDb db;
  int64_t three = db.AddTarget("78001");
  int64_t four = db.AddTarget("78002");
  DayNumber d = kStart + 60;
  for (int k : {0, 7, 14}) db.Scan(three, At(d - k), DnsProfile(10));
  for (int k : {0, 7, 14, 29}) db.Scan(four, At(d - k), DnsProfile(50));
  db.Scan(three, At(d - 30), DnsProfile(10));  // just outside the window
  auto ranking = RankAt(db.store(), DefaultModel(), At(d));
  ASSERT_TRUE(ranking.ok()) << ranking.status().message();
  ASSERT_EQ(ranking->entries.size(), 1u);
  EXPECT_EQ(ranking->entries[0].target.target_id, four);
  EXPECT_EQ(ranking->entries[0].target.rolling.scan_days, 4);
  EXPECT_EQ(ranking->provisional, 1);
}

TEST(StoreScoresTest, RankingTiesOptOutsAndFilters) {
  ScoreDb db;
  DayNumber d = kStart + 40;
  // Same score 50; A has one active high finding, B none; C is bigger than B.
  std::vector<Finding> with_high = {MakeFinding("DNS-A-01", Outcome::kFail, Severity::kHigh),
                                    MakeFinding("DNS-A-02", Outcome::kPass, Severity::kHigh)};
  std::vector<Finding> with_low = {MakeFinding("DNS-B-01", Outcome::kFail, Severity::kLow),
                                   MakeFinding("DNS-B-02", Outcome::kPass, Severity::kLow)};
  int64_t a = db.AddTarget("78001", 100);
  int64_t b = db.AddTarget("78002", 1000);
  int64_t c = db.AddTarget("91003", 5000);
  int64_t out = db.AddTarget("78004", 100);
  int64_t back = db.AddTarget("78005", 100);
  int64_t epci = db.AddTarget("200000001", 90000, TargetKind::kEpci, "78");
  db.ScanDays(a, d - 9, d, 3, with_high);
  db.ScanDays(b, d - 9, d, 3, with_low);
  db.ScanDays(c, d - 9, d, 3, with_low);
  db.ScanDays(out, d - 9, d, 3, DnsProfile(0));
  db.ScanDays(back, d - 9, d, 3, DnsProfile(2));
  db.ScanDays(epci, d - 9, d, 3, DnsProfile(90));
  db.OptOut(out, At(d - 20));
  db.OptOut(back, At(d - 20));
  db.OptIn(back, At(d - 1));
  db.OptOut(epci, At(d + 5));  // after now: not yet opted out

  auto r = RankAt(db.store(), DefaultModel(), At(d, 12));
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::vector<int64_t> order;
  for (const auto& e : r->entries) order.push_back(e.target.target_id);
  EXPECT_EQ(order, (std::vector<int64_t>{back, a, c, b, epci}));
  EXPECT_EQ(r->opted_out, 1);
  EXPECT_EQ(r->entries[1].target.high, 1);
  EXPECT_EQ(r->entries[1].target.rolling.scan_days, 4);

  scoring::RankFilter f;
  f.department = "78";
  f.kind = TargetKind::kCommune;
  auto r78 = RankAt(db.store(), DefaultModel(), At(d, 12), f);
  ASSERT_TRUE(r78.ok());
  order.clear();
  for (const auto& e : r78->entries) order.push_back(e.target.target_id);
  EXPECT_EQ(order, (std::vector<int64_t>{back, a, b}));
}

TEST(StoreScoresTest, ExplanationCountsAgainTheDayAfterUntil) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  DayNumber d = kStart + 10;
  std::vector<Finding> f = DnsProfile(100);
  f.push_back(MakeFinding("MAIL-DMARC-02", Outcome::kFail, Severity::kHigh));
  f.push_back(MakeFinding("MAIL-SPF-01", Outcome::kPass, Severity::kHigh));
  db.ScanDays(t, d - 2, d + 10, 1, f);
  RefreshOptions o;
  o.first_day = d - 2;
  o.last_day = d + 10;
  ASSERT_TRUE(RefreshDailyScores(db.store(), DefaultModel(), o, At(d)).ok());
  // mail_auth 50 (weight 25), dns 100 (weight 10): (1250 + 1000) / 35.
  EXPECT_EQ(Overall(db, t, d), 64.3);

  auto id = RecordExplanation(db.store(), t, "MAIL-DMARC-02", "migration to a new provider",
                              d + 5, At(d));
  ASSERT_TRUE(id.ok()) << id.status().message();
  // Stored days from today to `until` were re-scored; earlier ones were not.
  EXPECT_EQ(Overall(db, t, d - 1), 64.3);
  EXPECT_EQ(Overall(db, t, d), 100);
  EXPECT_EQ(Overall(db, t, d + 5), 100);
  EXPECT_EQ(Overall(db, t, d + 6), 64.3);  // counts again the day after until

  auto active = ListExplanations(db.store(), t, d + 3, false);
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].explanation.code, "MAIL-DMARC-02");
  EXPECT_EQ((*active)[0].target_key, "commune:78001");
  EXPECT_TRUE(ListExplanations(db.store(), t, d + 6, false)->empty());
  EXPECT_EQ(ListExplanations(db.store(), t, d + 6, true)->size(), 1u);

  // Explaining it twice is refused; expiring it ends it today.
  EXPECT_EQ(RecordExplanation(db.store(), t, "MAIL-DMARC-02", "again", d + 5, At(d + 1))
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ExpireExplanation(db.store(), *id, At(d + 3)).ok());
  EXPECT_EQ(Overall(db, t, d + 2), 100);
  EXPECT_EQ(Overall(db, t, d + 3), 64.3);
  EXPECT_EQ(ExpireExplanation(db.store(), *id, At(d + 4)).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(ExpireExplanation(db.store(), 999, At(d + 4)).code(), StatusCode::kNotFound);
}

TEST(StoreScoresTest, ExplanationValidation) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  DayNumber d = DaysFromCivil(2026, 3, 10);
  db.Scan(t, At(d), {MakeFinding("MAIL-DMARC-02", Outcome::kFail, Severity::kHigh)});
  auto code = [&](const std::string& c, const std::string& reason, DayNumber until) {
    return RecordExplanation(db.store(), t, c, reason, until, At(d)).status().code();
  };
  EXPECT_EQ(code("MAIL-DMARC-02", "  ", d + 1), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("MAIL-DMARC-02", std::string(1001, 'x'), d + 1), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("MAIL-DMARC-02", "two\nlines", d + 1), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("mail-dmarc-02", "ok", d + 1), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("MAIL-ZZZ-99", "never reported", d + 1), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("MAIL-DMARC-02", "ok", d - 1), StatusCode::kInvalidArgument);
  // At most one year: 10 March 2027 is the last day allowed.
  EXPECT_EQ(LatestExplanationDay(d), DaysFromCivil(2027, 3, 10));
  EXPECT_EQ(code("MAIL-DMARC-02", "ok", DaysFromCivil(2027, 3, 11)), StatusCode::kInvalidArgument);
  EXPECT_EQ(LatestExplanationDay(DaysFromCivil(2028, 2, 29)), DaysFromCivil(2029, 2, 28));
  EXPECT_EQ(RecordExplanation(db.store(), 999, "MAIL-DMARC-02", "ok", d, At(d)).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(code("MAIL-DMARC-02", "ok", DaysFromCivil(2027, 3, 10)), StatusCode::kOk);
}

TEST(StoreScoresTest, RescoreAfterFindingsChange) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  DayNumber d = kStart;
  int64_t obs = db.Scan(t, At(d), DnsProfile(40));
  RefreshOptions o;
  o.first_day = d;
  o.last_day = d;
  ASSERT_TRUE(RefreshDailyScores(db.store(), DefaultModel(), o, At(d)).ok());
  EXPECT_EQ(Overall(db, t, d), 40);
  // `posture rescore` recomputed the findings of the stored observation.
  db.Exec("UPDATE findings SET outcome = 'pass' WHERE observation_id = " + std::to_string(obs));
  EXPECT_EQ(*RefreshDailyScores(db.store(), DefaultModel(), o, At(d)), 0);
  EXPECT_EQ(Overall(db, t, d), 40);  // without force, the stored score stands
  o.force = true;
  EXPECT_EQ(*RefreshDailyScores(db.store(), DefaultModel(), o, At(d)), 1);
  EXPECT_EQ(Overall(db, t, d), 100);
  // A new model scores stored history without any rescan.
  o.force = false;
  ASSERT_TRUE(RefreshDailyScores(db.store(), ModelV2(), o, At(d)).ok());
  EXPECT_EQ(Overall(db, t, d, "2"), 100);
}

TEST(StoreScoresTest, FindingAges) {
  ScoreDb db;
  int64_t t = db.AddTarget("78001");
  DayNumber d = kStart + 100;
  std::vector<Finding> bad = {MakeFinding("MAIL-SPF-03", Outcome::kFail, Severity::kMedium),
                              MakeFinding("WEB-HSTS-01", Outcome::kFail, Severity::kMedium)};
  std::vector<Finding> better = {MakeFinding("MAIL-SPF-03", Outcome::kPass, Severity::kMedium),
                                 MakeFinding("WEB-HSTS-01", Outcome::kFail, Severity::kMedium)};
  db.ScanDays(t, d - 60, d - 11, 5, bad);
  db.ScanDays(t, d - 10, d, 5, better);
  auto ages = LoadFindingAges(db.store(), DefaultModel(), t, d);
  ASSERT_TRUE(ages.ok()) << ages.status().message();
  ASSERT_EQ(ages->size(), 2u);
  EXPECT_EQ((*ages)[0].code, "WEB-HSTS-01");
  EXPECT_TRUE((*ages)[0].present_now);
  EXPECT_EQ((*ages)[0].first_seen, d - 60);
  EXPECT_EQ((*ages)[0].days_present, 6);  // d-25, d-20, d-15, d-10, d-5, d
  EXPECT_EQ((*ages)[1].code, "MAIL-SPF-03");
  EXPECT_FALSE((*ages)[1].present_now);
  EXPECT_EQ((*ages)[1].last_seen, d - 15);
}

// ---- Cohorts and remediation over a semester ----------------------------------------

class CohortTest : public ::testing::Test {
 protected:
  // 24 communes scanned every 5 days during the 30 days before creation:
  // commune i (0-based) scores 20 + 2i; the 8 lowest are called, the next 8
  // are the comparison group, the last 8 stay out.
  void SetUp() override {
    for (int i = 0; i < 24; ++i) {
      int64_t id = db_.AddTarget(std::to_string(78100 + i), 1000 + i);
      ids_.push_back(id);
      db_.ScanDays(id, created_ - 29, created_, 5, DnsProfile(20 + 2 * i));
    }
  }

  std::vector<int64_t> Members(const std::vector<scoring::CohortMember>& members,
                               scoring::Group g) {
    std::vector<int64_t> out;
    for (const auto& m : members)
      if (m.group == g) out.push_back(m.target_id);
    return out;
  }

  ScoreDb db_;
  std::vector<int64_t> ids_;
  DayNumber created_ = DaysFromCivil(2026, 1, 31);
  DayNumber later_ = DaysFromCivil(2026, 7, 31);
};

TEST_F(CohortTest, CreateFreezesTheLowestAndTheNextRanked) {
  db_.OptOut(ids_[2], At(created_ - 3));  // opted out before: never enters
  auto c = CreateCohort(db_.store(), "2026-S1", DefaultModel(), 8, 8, At(created_, 12));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->size, 8);
  EXPECT_EQ(c->comparison_size, 8);
  EXPECT_EQ(c->baseline_day, created_);
  EXPECT_EQ(c->model_version, "1");
  auto members = LoadCohortMembers(db_.store(), c->id);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 16u);
  std::vector<int64_t> called = Members(*members, scoring::Group::kCalled);
  EXPECT_EQ(called, (std::vector<int64_t>{ids_[0], ids_[1], ids_[3], ids_[4], ids_[5], ids_[6],
                                          ids_[7], ids_[8]}));
  std::vector<int64_t> comparison = Members(*members, scoring::Group::kComparison);
  EXPECT_EQ(comparison.front(), ids_[9]);
  EXPECT_EQ(comparison.back(), ids_[16]);
  const scoring::CohortMember& first = members->front();
  EXPECT_EQ(first.rank, 1);
  EXPECT_DOUBLE_EQ(first.baseline_score, 20);
  EXPECT_EQ(first.baseline_grade, "E");
  EXPECT_EQ(first.baseline_findings.size(), 40u);  // 40 of the 50 DNS-P findings fail
  EXPECT_EQ((*members)[8].rank, 9);

  EXPECT_EQ(CreateCohort(db_.store(), "2026-S1", DefaultModel(), 8, 8, At(created_, 13))
                .status()
                .code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(CreateCohort(db_.store(), "", DefaultModel(), 8, 8, At(created_)).status().code(),
            StatusCode::kInvalidArgument);
  auto list = ListCohorts(db_.store());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "2026-S1");
  EXPECT_EQ(FindCohort(db_.store(), "nope").status().code(), StatusCode::kNotFound);
}

TEST_F(CohortTest, RemediationSixMonthsLater) {
  auto c = CreateCohort(db_.store(), "2026-S1", DefaultModel(), 8, 8, At(created_, 12));
  ASSERT_TRUE(c.ok()) << c.status().message();
  // Six months later: called members gained +10 (+/- 4), the comparison
  // group +2 (+/- 4); one called member opted out mid-semester; one was not
  // reachable lately; one comparison member's last scans all errored.
  const int spread[] = {-4, -2, 0, 2, 4, 0, -2, 2};
  for (int i = 0; i < 16; ++i) {
    int64_t id = ids_[i];
    int gain = (i < 8 ? 10 : 2) + spread[i % 8];
    if (i == 3) continue;  // unreachable: no scan at all lately
    DayNumber last = later_;
    if (i == 5) last = later_ - 8;  // last scan 8 days ago: not in the last 7 days
    db_.ScanDays(id, later_ - 29, last, 5, DnsProfile(20 + 2 * i + gain));
  }
  db_.ScanDays(ids_[3], later_ - 60, later_ - 40, 5, DnsProfile(100));
  db_.OptOut(ids_[1], At(created_ + 70));
  std::vector<Finding> errored;
  for (int k = 0; k < 10; ++k)
    errored.push_back(MakeFinding("WEB-TLS-0" + std::to_string(k), Outcome::kError, Severity::kHigh));
  errored.push_back(MakeFinding("DNS-P-01", Outcome::kPass, Severity::kLow));
  db_.Scan(ids_[12], At(later_, 20), errored);

  auto r = CohortRemediation(db_.store(), "2026-S1", At(later_, 23));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->model_version, "1");
  EXPECT_EQ(r->baseline_day, created_);
  EXPECT_EQ(r->day, later_);
  std::map<int64_t, const scoring::MemberRemediation*> by_id;
  for (const auto& m : r->members) by_id[m.member.target_id] = &m;
  EXPECT_EQ(by_id[ids_[1]]->status, scoring::MemberStatus::kLeft);
  EXPECT_EQ(by_id[ids_[1]]->left_at, At(created_ + 70));
  EXPECT_EQ(by_id[ids_[3]]->status, scoring::MemberStatus::kUnmeasured);
  EXPECT_EQ(by_id[ids_[3]]->reason, "no_recent_scan");
  EXPECT_EQ(by_id[ids_[5]]->status, scoring::MemberStatus::kUnmeasured);
  EXPECT_EQ(by_id[ids_[12]]->status, scoring::MemberStatus::kUnmeasured);
  EXPECT_EQ(by_id[ids_[12]]->reason, "mostly_untested");
  const scoring::MemberRemediation& m0 = *by_id[ids_[0]];
  EXPECT_EQ(m0.status, scoring::MemberStatus::kMeasured);
  EXPECT_DOUBLE_EQ(*m0.delta, 6);  // +10 - 4
  EXPECT_EQ(m0.fixed.size(), 3u);  // DNS-P-11 .. DNS-P-13
  EXPECT_EQ(m0.fixed.front(), "DNS-P-11");
  EXPECT_EQ(m0.still_present.size(), 37u);
  EXPECT_TRUE(m0.appeared.empty());

  EXPECT_EQ(r->called.members, 8);
  EXPECT_EQ(r->called.left, 1);
  EXPECT_EQ(r->called.unmeasured, 2);
  EXPECT_EQ(r->called.measured, 5);
  EXPECT_DOUBLE_EQ(r->called.share_improved, 1.0);
  EXPECT_EQ(r->comparison.measured, 7);
  EXPECT_EQ(r->comparison.unmeasured, 1);
  // Called deltas: members 0, 2, 4, 6, 7 -> 6, 10, 14, 8, 12 (mean 10);
  // comparison members 8..11, 13..15 -> -2, 0, 2, 4, 2, 0, 4 (mean 10/7).
  EXPECT_NEAR(*r->called.mean_delta, 10, 1e-9);
  EXPECT_NEAR(*r->comparison.mean_delta, 10.0 / 7, 1e-9);
  ASSERT_TRUE(r->effect);
  EXPECT_NEAR(*r->effect, 10 - 10.0 / 7, 1e-9);
  ASSERT_TRUE(r->interval);
  EXPECT_GT(r->interval->low, 0);
  EXPECT_LT(r->interval->low, *r->effect);
  EXPECT_GT(r->interval->high, *r->effect);
  // Member i fixed DNS-P-(11+i) onwards: DNS-P-17 is the first code fixed by 3.
  EXPECT_EQ(r->called.most_fixed.front(), (std::pair<std::string, int>{"DNS-P-17", 3}));

  // The same question gives the same answer (deterministic bootstrap).
  auto again = CohortRemediation(db_.store(), "2026-S1", At(later_, 23));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->interval->low, r->interval->low);
  EXPECT_EQ(again->interval->high, r->interval->high);

  // The one that opted out is not ranked any more.
  auto ranking = RankAt(db_.store(), DefaultModel(), At(later_, 23));
  ASSERT_TRUE(ranking.ok());
  for (const auto& e : ranking->entries) EXPECT_NE(e.target.target_id, ids_[1]);
  EXPECT_EQ(ranking->opted_out, 1);

  // Before creation: refused.
  EXPECT_EQ(CohortRemediation(db_.store(), "2026-S1", At(created_ - 1)).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(CohortTest, MemberMarkedLeftByTheRegistryLeaves) {
  auto c = CreateCohort(db_.store(), "S", DefaultModel(), 4, 4, At(created_, 12));
  ASSERT_TRUE(c.ok());
  // What OptOutTarget (store_targets) does: mark the membership left.
  db_.Exec("UPDATE cohort_members SET left_at = " + std::to_string(At(created_ + 10)) +
           ", left_reason = 'opted out' WHERE target_id = " + std::to_string(ids_[0]));
  auto r = CohortRemediation(db_.store(), "S", At(created_ + 20));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->members[0].status, scoring::MemberStatus::kLeft);
  EXPECT_EQ(r->called.left, 1);
  EXPECT_EQ(ListCohorts(db_.store())->front().left, 1);
  // Seen from before it left, it is still a member.
  auto early = CohortRemediation(db_.store(), "S", At(created_ + 5));
  ASSERT_TRUE(early.ok());
  EXPECT_NE(early->members[0].status, scoring::MemberStatus::kLeft);
}

TEST_F(CohortTest, ModelVersionIsFrozenForTheCohort) {
  auto c = CreateCohort(db_.store(), "S", DefaultModel(), 4, 4, At(created_, 12));
  ASSERT_TRUE(c.ok());
  // Later, a tuned model v2 in which a fail still earns half the points is
  // used for ranking and daily scores; the cohort still compares under v1,
  // re-scoring stored findings where v1 has no score.
  ScoringModel v2 = DefaultModel();
  v2.version = "2";
  v2.outcome_credit[static_cast<int>(Outcome::kFail)] = 0.5;
  v2.window_days = 10;
  v2.min_scan_days = 1;
  for (int i = 0; i < 8; ++i) {
    db_.ScanDays(ids_[i], later_ - 29, later_, 5, DnsProfile(20 + 2 * i + 10));
    for (DayNumber d = later_ - 29; d <= later_; d += 5) {
      auto f = LoadDayFindings(db_.store(), ids_[i], d);
      ASSERT_TRUE(f.ok());
      ASSERT_TRUE(
          UpsertDailyScore(db_.store(), v2, ids_[i], d, f->observation_id, f->findings, At(d)).ok());
    }
  }
  ASSERT_TRUE(RankAt(db_.store(), v2, At(later_)).ok());
  DayNumber last = later_ - 4;  // the last of the scans every 5 days
  EXPECT_FALSE(Overall(db_, ids_[0], last, "1"));  // the scan wrote v2 only
  EXPECT_EQ(Overall(db_, ids_[0], last, "2"), 65);  // (15 + 35/2) / 50
  auto r = CohortRemediation(db_.store(), "S", At(later_, 23));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->model_version, "1");
  EXPECT_EQ(Overall(db_, ids_[0], last, "1"), 30);  // re-scored under v1
  EXPECT_DOUBLE_EQ(*r->members[0].delta, 10);
  // A model with the same version but another definition is refused.
  ScoringModel fake = v2;
  fake.version = "1";
  EXPECT_EQ(SaveModel(db_.store(), fake, At(later_)).code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace posture

namespace posture {
namespace {

// Comply-or-explain over more than a year of weekly scans: an explanation
// lasts at most one year, the finding stays visible, and it counts again the
// day after its end.
TEST(StoreScoresTest, ExplanationOverAYearThenItCountsAgain) {
  testing::ScoreDb db;
  int64_t t = db.AddTarget("78001");
  const DayNumber start = DaysFromCivil(2026, 3, 2);
  std::vector<Finding> f = testing::DnsProfile(100);
  f.push_back(testing::MakeFinding("MAIL-DMARC-02", Outcome::kFail, Severity::kHigh));
  f.push_back(testing::MakeFinding("MAIL-SPF-01", Outcome::kPass, Severity::kHigh));
  db.ScanDays(t, start - 14, start + 420, 7, f);
  const DayNumber until = LatestExplanationDay(start);
  ASSERT_EQ(until, DaysFromCivil(2027, 3, 2));
  EXPECT_EQ(RecordExplanation(db.store(), t, "MAIL-DMARC-02", "migration", until + 1,
                              testing::At(start))
                .status()
                .code(),
            StatusCode::kInvalidArgument);  // a year and a day: refused
  ASSERT_TRUE(
      RecordExplanation(db.store(), t, "MAIL-DMARC-02", "migration", until, testing::At(start)).ok());
  // Scores computed on demand, as `posture rank` does on each day.
  const scoring::ScoringModel& m = scoring::DefaultModel();
  for (DayNumber d = start - 14; d <= start + 420; d += 7) {
    auto day = ScoreStoredDay(db.store(), m, t, d);
    ASSERT_TRUE(day.ok());
    bool explained = d >= start && d <= until;
    EXPECT_EQ(*day->overall, explained ? 100 : 64.3) << FormatDay(d);
    EXPECT_EQ(day->explained.size(), explained ? 1u : 0u) << FormatDay(d);
    auto rolling = LoadRollingScore(db.store(), m, t, d, testing::At(d));
    ASSERT_TRUE(rolling.ok());
    if (d >= start + 28 && d <= until) {
      EXPECT_EQ(*rolling->score, 100) << FormatDay(d);
    }
    if (d >= until + 29) {
      EXPECT_EQ(*rolling->score, 64.3) << FormatDay(d);
    }
  }
  // Still listed (inactive) after it ended, for the reports.
  auto all = ListExplanations(db.store(), t, until + 1, true);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_FALSE((*all)[0].explanation.ActiveOn(until + 1));
  EXPECT_TRUE(ListExplanations(db.store(), t, until + 1, false)->empty());
}

}  // namespace
}  // namespace posture

namespace posture {
namespace {

TEST(StoreScoresTest, RollingTrendOverTwoWindows) {
  testing::ScoreDb db;
  int64_t t = db.AddTarget("78001");
  int64_t quiet = db.AddTarget("78002");
  const DayNumber d = DaysFromCivil(2026, 6, 30);
  db.ScanDays(t, d - 59, d - 30, 3, testing::DnsProfile(40));  // the previous window
  db.ScanDays(t, d - 29, d, 3, testing::DnsProfile(70));       // the current one
  auto trends = LoadRollingTrends(db.store(), scoring::DefaultModel(), d, testing::At(d));
  ASSERT_TRUE(trends.ok()) << trends.status().message();
  ASSERT_EQ(trends->size(), 2u);
  const RollingTrend& a = (*trends)[0];
  EXPECT_EQ(a.target_id, t);
  EXPECT_EQ(*a.now.score, 70);
  EXPECT_EQ(*a.before.score, 40);
  EXPECT_EQ(*a.delta, 30);
  EXPECT_EQ(a.daily.size(), 10u);
  EXPECT_EQ(a.daily.front().day, d - 29);  // D-29 is in the window
  EXPECT_EQ((*trends)[1].target_id, quiet);
  EXPECT_FALSE((*trends)[1].now.score);
  EXPECT_FALSE((*trends)[1].delta);
  auto one = LoadRollingTrends(db.store(), scoring::DefaultModel(), d, testing::At(d), {t});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(*one->front().delta, 30);
}

}  // namespace
}  // namespace posture
