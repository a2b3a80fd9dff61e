#include "scoring/ranking.h"

#include <gtest/gtest.h>

namespace posture::scoring {
namespace {

RankCandidate C(const std::string& code, double score, int critical = 0, int high = 0,
                int64_t population = 1000, int scan_days = 10) {
  RankCandidate c;
  c.target_id = std::stoll(code);
  c.code = code;
  c.key = "commune:" + code;
  c.name = "Commune " + code;
  c.department = code.substr(0, 2);
  c.population = population;
  c.rolling.score = score;
  c.rolling.scan_days = scan_days;
  c.rolling.provisional = scan_days < 4;
  c.critical = critical;
  c.high = high;
  return c;
}

std::vector<std::string> Codes(const Ranking& r) {
  std::vector<std::string> out;
  for (const RankedEntry& e : r.entries) out.push_back(e.target.code);
  return out;
}

TEST(RankingTest, AscendingScore) {
  Ranking r = RankTargets({C("78001", 60), C("78002", 30), C("91001", 45)});
  EXPECT_EQ(Codes(r), (std::vector<std::string>{"78002", "91001", "78001"}));
  EXPECT_EQ(r.entries[0].rank, 1);
  EXPECT_EQ(r.entries[2].rank, 3);
}

TEST(RankingTest, TiesByCriticalThenHighThenLargerPopulation) {
  Ranking r = RankTargets({
      C("78001", 50, 0, 0, 5000),
      C("78002", 50, 1, 0, 100),   // more critical: first
      C("78003", 50, 0, 3, 100),   // more high: before the no-high ones
      C("78004", 50, 0, 0, 90000), // larger population before 78001
      C("78005", 50, 0, 3, 200),   // same high as 78003, larger population
      C("78006", 49.9, 0, 0, 1),   // lower score beats every tie-break
  });
  EXPECT_EQ(Codes(r), (std::vector<std::string>{"78006", "78002", "78005", "78003", "78004",
                                                "78001"}));
}

TEST(RankingTest, ExcludesOptedOutProvisionalAndUnscored) {
  RankCandidate out = C("78001", 10);
  out.opted_out = true;
  RankCandidate none = C("78002", 0);
  none.rolling.score.reset();
  none.rolling.scan_days = 0;
  Ranking r = RankTargets({out, none, C("78003", 20, 0, 0, 1, 3), C("78004", 20, 0, 0, 1, 4)});
  EXPECT_EQ(Codes(r), std::vector<std::string>{"78004"});
  EXPECT_EQ(r.opted_out, 1);
  EXPECT_EQ(r.unscored, 1);
  EXPECT_EQ(r.provisional, 1);
}

TEST(RankingTest, FiltersByDepartmentAndKind) {
  RankCandidate epci = C("91999", 5);
  epci.kind = TargetKind::kEpci;
  std::vector<RankCandidate> all = {C("78001", 60), C("78002", 30), C("91001", 45), epci};
  RankFilter dep;
  dep.department = "91";
  Ranking r = RankTargets(all, dep);
  EXPECT_EQ(Codes(r), (std::vector<std::string>{"91999", "91001"}));
  EXPECT_EQ(r.entries[1].rank, 2);
  RankFilter both = dep;
  both.kind = TargetKind::kCommune;
  EXPECT_EQ(Codes(RankTargets(all, both)), std::vector<std::string>{"91001"});
}

TEST(CohortSelectionTest, LowestAreCalledNextAreComparison) {
  std::vector<RankCandidate> all;
  for (int i = 0; i < 10; ++i) all.push_back(C(std::to_string(78000 + i), 10.0 * i));
  Ranking r = RankTargets(all);
  auto sel = SelectCohort(r, 3, 4);
  ASSERT_TRUE(sel.ok());
  ASSERT_EQ(sel->called.size(), 3u);
  ASSERT_EQ(sel->comparison.size(), 4u);
  EXPECT_EQ(sel->called[0].target.code, "78000");
  EXPECT_EQ(sel->called[2].target.code, "78002");
  EXPECT_EQ(sel->comparison[0].target.code, "78003");
  EXPECT_EQ(sel->comparison[3].rank, 7);
  // Fewer ranked than asked: the comparison group shrinks first.
  auto small = SelectCohort(r, 8, 8);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->called.size(), 8u);
  EXPECT_EQ(small->comparison.size(), 2u);
  EXPECT_EQ(SelectCohort(r, 0, 3).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SelectCohort(Ranking{}, 3, 3).status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace posture::scoring
