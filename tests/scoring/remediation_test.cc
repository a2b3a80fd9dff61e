#include "scoring/remediation.h"

#include <gtest/gtest.h>

namespace posture::scoring {
namespace {

const DayNumber kBase = DaysFromCivil(2026, 1, 15);
const DayNumber kNow = DaysFromCivil(2026, 7, 15);

CohortMember M(int id, Group g, double baseline, std::vector<std::string> codes = {}) {
  CohortMember m;
  m.target_id = id;
  m.code = std::to_string(id);
  m.key = "commune:" + m.code;
  m.group = g;
  m.rank = id;
  m.baseline_score = baseline;
  m.baseline_grade = DefaultModel().GradeFor(baseline);
  for (const std::string& c : codes) m.baseline_findings.push_back({c, Severity::kHigh, Outcome::kFail});
  return m;
}

MemberState S(double now, std::vector<std::string> codes = {}, DayNumber last = kNow) {
  MemberState s;
  s.rolling.day = kNow;
  s.rolling.score = now;
  s.rolling.grade = DefaultModel().GradeFor(now);
  s.rolling.scan_days = 20;
  s.rolling.provisional = false;
  s.rolling.last_scan_day = last;
  s.last_scan_day = last;
  for (const std::string& c : codes) s.active.push_back({c, Severity::kHigh, Outcome::kFail, ""});
  s.findings_total = 20;
  s.findings_untested = 2;
  return s;
}

TEST(RemediationTest, PerMemberDeltaGradeAndFindings) {
  RemediationReport r = ComputeRemediation(
      {{M(1, Group::kCalled, 42, {"MAIL-SPF-03", "WEB-HSTS-01", "DNS-DNSSEC-01"}),
        S(71.5, {"DNS-DNSSEC-01", "WEB-HDR-03"})}},
      DefaultModel(), kBase, kNow);
  ASSERT_EQ(r.members.size(), 1u);
  const MemberRemediation& m = r.members[0];
  EXPECT_EQ(m.status, MemberStatus::kMeasured);
  EXPECT_DOUBLE_EQ(*m.delta, 29.5);
  EXPECT_EQ(m.grade_now, "B");
  EXPECT_EQ(m.grade_change, 2);  // D -> B
  EXPECT_EQ(m.fixed, (std::vector<std::string>{"MAIL-SPF-03", "WEB-HSTS-01"}));
  EXPECT_EQ(m.still_present, std::vector<std::string>{"DNS-DNSSEC-01"});
  EXPECT_EQ(m.appeared, std::vector<std::string>{"WEB-HDR-03"});
}

TEST(RemediationTest, LeftAndUnmeasuredAreNeitherImprovedNorWorsened) {
  MemberState opted = S(90);
  opted.opted_out_at = StartOfDay(kNow - 40);
  MemberState stale = S(90, {}, kNow - 7);  // last scan 7 days ago: outside the last 7 days
  MemberState recent = S(50, {}, kNow - 6);
  MemberState untested = S(95);
  untested.findings_untested = 11;  // 11 of 20: mostly error/not_tested
  MemberState never = S(0);
  never.rolling.score.reset();
  RemediationReport r = ComputeRemediation({{M(1, Group::kCalled, 40), opted},
                                            {M(2, Group::kCalled, 40), stale},
                                            {M(3, Group::kCalled, 40), recent},
                                            {M(4, Group::kCalled, 40), untested},
                                            {M(5, Group::kCalled, 40), never}},
                                           DefaultModel(), kBase, kNow);
  EXPECT_EQ(r.members[0].status, MemberStatus::kLeft);
  EXPECT_EQ(r.members[0].reason, "opted_out");
  EXPECT_EQ(r.members[0].left_at, StartOfDay(kNow - 40));
  EXPECT_EQ(r.members[1].status, MemberStatus::kUnmeasured);
  EXPECT_EQ(r.members[1].reason, "no_recent_scan");
  EXPECT_EQ(r.members[2].status, MemberStatus::kMeasured);
  EXPECT_EQ(r.members[3].status, MemberStatus::kUnmeasured);
  EXPECT_EQ(r.members[3].reason, "mostly_untested");
  EXPECT_EQ(r.members[4].status, MemberStatus::kUnmeasured);
  for (const MemberRemediation& m : r.members) {
    if (m.status != MemberStatus::kMeasured) {
      EXPECT_FALSE(m.delta);
    }
  }
  EXPECT_EQ(r.called.members, 5);
  EXPECT_EQ(r.called.left, 1);
  EXPECT_EQ(r.called.unmeasured, 3);
  EXPECT_EQ(r.called.measured, 1);
  EXPECT_EQ(r.called.improved, 1);
  EXPECT_DOUBLE_EQ(r.called.share_improved, 1.0);
  EXPECT_FALSE(r.effect);  // no comparison member measured
}

TEST(RemediationTest, GroupFiguresAndMostFixed) {
  RemediationReport r = ComputeRemediation(
      {{M(1, Group::kCalled, 40, {"MAIL-SPF-03", "WEB-HSTS-01"}), S(50, {})},
       {M(2, Group::kCalled, 40, {"MAIL-SPF-03"}), S(44, {})},
       {M(3, Group::kCalled, 40, {"WEB-HSTS-01"}), S(40, {"WEB-HSTS-01"})},
       {M(4, Group::kCalled, 40, {"MAIL-SPF-03"}), S(35, {"MAIL-SPF-03"})},
       {M(5, Group::kComparison, 60), S(61)},
       {M(6, Group::kComparison, 60), S(59)}},
      DefaultModel(), kBase, kNow);
  EXPECT_EQ(r.called.measured, 4);
  EXPECT_EQ(r.called.improved, 2);
  EXPECT_EQ(r.called.worsened, 1);
  EXPECT_EQ(r.called.unchanged, 1);
  EXPECT_DOUBLE_EQ(r.called.share_improved, 0.5);
  EXPECT_DOUBLE_EQ(*r.called.median_delta, 2);  // deltas 10, 4, 0, -5
  EXPECT_DOUBLE_EQ(*r.called.mean_delta, 2.25);
  ASSERT_EQ(r.called.most_fixed.size(), 2u);
  EXPECT_EQ(r.called.most_fixed[0], (std::pair<std::string, int>{"MAIL-SPF-03", 2}));
  EXPECT_EQ(r.called.most_fixed[1], (std::pair<std::string, int>{"WEB-HSTS-01", 1}));
  EXPECT_DOUBLE_EQ(*r.comparison.mean_delta, 0);
  EXPECT_DOUBLE_EQ(*r.effect, 2.25);
  ASSERT_TRUE(r.interval);
  EXPECT_LE(r.interval->low, 2.25);
  EXPECT_GE(r.interval->high, 2.25);
  // Called members come first, each group by rank.
  EXPECT_EQ(r.members[4].member.group, Group::kComparison);
}

// A synthetic population: called members gain about +10, the comparison
// group about +2, with deterministic spread.
std::pair<std::vector<double>, std::vector<double>> Population() {
  std::vector<double> called, comparison;
  SplitMix64 noise(7);
  for (int i = 0; i < 60; ++i) {
    called.push_back(10 + (static_cast<double>(noise.Below(1001)) / 100.0 - 5));   // 5..15
    comparison.push_back(2 + (static_cast<double>(noise.Below(1001)) / 100.0 - 5));  // -3..7
  }
  return {called, comparison};
}

TEST(BootstrapTest, IntervalContainsTheTrueEffectAndExcludesZero) {
  auto [a, b] = Population();
  auto ci = BootstrapMeanDifference(a, b, 2000, 20260101);
  ASSERT_TRUE(ci);
  EXPECT_NEAR(ci->estimate, 8, 1.5);
  EXPECT_LT(ci->low, 8);
  EXPECT_GT(ci->high, 8);
  EXPECT_GT(ci->low, 0);
  EXPECT_LT(ci->low, ci->estimate);
  EXPECT_GT(ci->high, ci->estimate);
  EXPECT_LT(ci->high - ci->low, 4);  // 60 per group: a tight interval
}

TEST(BootstrapTest, DeterministicForASeed) {
  auto [a, b] = Population();
  auto x = BootstrapMeanDifference(a, b, 2000, 42);
  auto y = BootstrapMeanDifference(a, b, 2000, 42);
  auto z = BootstrapMeanDifference(a, b, 2000, 43);
  ASSERT_TRUE(x && y && z);
  EXPECT_EQ(x->low, y->low);
  EXPECT_EQ(x->high, y->high);
  EXPECT_NE(x->low, z->low);
  // The generator itself is fixed: the first outputs of SplitMix64(0).
  SplitMix64 g(0);
  EXPECT_EQ(g.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(g.Next(), 0x6e789e6aa1b965f4ULL);
}

TEST(BootstrapTest, NoEffectGivesAnIntervalAroundZero) {
  auto [a, b] = Population();
  auto ci = BootstrapMeanDifference(a, a, 2000, 1);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(ci->estimate, 0);
  EXPECT_LT(ci->low, 0);
  EXPECT_GT(ci->high, 0);
}

TEST(BootstrapTest, NeedsTwoValuesPerGroup) {
  EXPECT_FALSE(BootstrapMeanDifference({1}, {1, 2}, 100, 1));
  EXPECT_FALSE(BootstrapMeanDifference({1, 2}, {1, 2}, 0, 1));
  EXPECT_TRUE(BootstrapMeanDifference({1, 2}, {1, 2}, 10, 1));
}

TEST(MedianTest, OddAndEven) {
  EXPECT_FALSE(Median({}));
  EXPECT_DOUBLE_EQ(*Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(*Median({4, 1, 3, 2}), 2.5);
}

}  // namespace
}  // namespace posture::scoring
