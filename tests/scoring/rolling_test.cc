#include "scoring/rolling.h"

#include <gtest/gtest.h>

namespace posture::scoring {
namespace {

const DayNumber kD = DaysFromCivil(2026, 3, 31);

TEST(RollingTest, WindowIncludesDMinus29AndExcludesDMinus30) {
  const ScoringModel& m = DefaultModel();
  std::vector<DayScore> daily = {{kD - 30, 0}, {kD - 29, 40}, {kD - 10, 60}, {kD, 80}, {kD - 5, 60}};
  RollingScore r = ComputeRollingScore(daily, kD, m);
  EXPECT_EQ(r.scan_days, 4);
  ASSERT_TRUE(r.score);
  EXPECT_DOUBLE_EQ(*r.score, 60);  // (40 + 60 + 60 + 80) / 4; the 0 of D-30 is out
  EXPECT_EQ(r.grade, "C");
  EXPECT_FALSE(r.provisional);
  EXPECT_EQ(r.last_scan_day, kD);
  EXPECT_EQ(WindowStart(kD, m), kD - 29);
  // One day later, D-29 has left the window.
  RollingScore next = ComputeRollingScore(daily, kD + 1, m);
  EXPECT_EQ(next.scan_days, 3);
  EXPECT_DOUBLE_EQ(*next.score, 66.7);
  EXPECT_TRUE(next.provisional);
}

// A scan day whose findings `untested` could not be measured.
DayScore Day(DayNumber day, double overall, std::vector<std::string> untested = {}) {
  DayScore d(day, overall);
  d.untested = std::move(untested);
  return d;
}

TEST(RollingTest, ADayThatCouldNotMeasureWhatOtherDaysMeasuredIsLeftOut) {
  // Day D: the web server was down (its findings not_tested), the day's
  // score, on mail and DNS alone, is lower.
  std::vector<DayScore> daily = {
      Day(kD - 3, 80), Day(kD - 2, 80), Day(kD - 1, 80),
      Day(kD, 40, {"WEB-HDR-01 www.ville.fr", "WEB-HTTPS-01 www.ville.fr"})};
  RollingScore r = ComputeRollingScore(daily, kD, DefaultModel());
  ASSERT_TRUE(r.score);
  EXPECT_DOUBLE_EQ(*r.score, 80);
  EXPECT_EQ(r.scan_days, 3);
  EXPECT_EQ(r.unmeasured_days, std::vector<DayNumber>{kD});
  EXPECT_EQ(r.last_scan_day, kD - 1);
  // Nor rewarded: an outage that hides a bad website.
  daily.back().overall = 100;
  EXPECT_DOUBLE_EQ(*ComputeRollingScore(daily, kD, DefaultModel()).score, 80);
}

TEST(RollingTest, AFailureThatLastsIsTheCollectivitysState) {
  // Untested on more than half of the scan days (a zone always bogus, a site
  // down for weeks): those days count.
  std::vector<DayScore> daily = {Day(kD - 3, 60), Day(kD - 2, 40, {"MAIL-SPF-01 ville.fr"}),
                                 Day(kD - 1, 40, {"MAIL-SPF-01 ville.fr"}),
                                 Day(kD, 40, {"MAIL-SPF-01 ville.fr"})};
  RollingScore r = ComputeRollingScore(daily, kD, DefaultModel());
  EXPECT_DOUBLE_EQ(*r.score, 45);
  EXPECT_TRUE(r.unmeasured_days.empty());
  // Half of the days is still passing: with two scan days, the outage day
  // is left out.
  RollingScore two = ComputeRollingScore({Day(kD - 1, 70), Day(kD, 30, {"WEB-TLS-01 ville.fr"})},
                                         kD, DefaultModel());
  EXPECT_DOUBLE_EQ(*two.score, 70);
  EXPECT_EQ(two.scan_days, 1);
}

TEST(RollingTest, PassingFailuresOnEveryDayUseEveryDay) {
  // Outages of different parts each day: no day measured everything; each is
  // used as it is rather than leaving no score at all.
  std::vector<DayScore> daily = {Day(kD - 1, 70, {"WEB-TLS-01 ville.fr"}),
                                 Day(kD, 30, {"MAIL-TLS-01 ville.fr"})};
  RollingScore r = ComputeRollingScore(daily, kD, DefaultModel());
  EXPECT_DOUBLE_EQ(*r.score, 50);
  EXPECT_EQ(r.scan_days, 2);
  EXPECT_TRUE(r.unmeasured_days.empty());
}

TEST(RollingTest, DaysAfterDAreIgnored) {
  std::vector<DayScore> daily = {{kD - 3, 50}, {kD - 2, 50}, {kD - 1, 50}, {kD, 50}, {kD + 1, 0}};
  RollingScore r = ComputeRollingScore(daily, kD, DefaultModel());
  EXPECT_DOUBLE_EQ(*r.score, 50);
  EXPECT_EQ(r.scan_days, 4);
}

TEST(RollingTest, ProvisionalBelowFourScanDays) {
  std::vector<DayScore> three = {{kD - 20, 90}, {kD - 10, 90}, {kD, 90}};
  RollingScore r3 = ComputeRollingScore(three, kD, DefaultModel());
  EXPECT_EQ(r3.scan_days, 3);
  EXPECT_TRUE(r3.provisional);
  EXPECT_DOUBLE_EQ(*r3.score, 90);  // still computed, shown as provisional
  three.push_back({kD - 1, 90});
  RollingScore r4 = ComputeRollingScore(three, kD, DefaultModel());
  EXPECT_EQ(r4.scan_days, 4);
  EXPECT_FALSE(r4.provisional);
}

TEST(RollingTest, NoScanDayNoScore) {
  RollingScore r = ComputeRollingScore({{kD - 40, 90}}, kD, DefaultModel());
  EXPECT_FALSE(r.score);
  EXPECT_EQ(r.scan_days, 0);
  EXPECT_TRUE(r.provisional);
  EXPECT_EQ(r.grade, "");
}

TEST(RollingTest, WindowFollowsTheModel) {
  ScoringModel m = DefaultModel();
  m.window_days = 7;
  m.min_scan_days = 2;
  RollingScore r = ComputeRollingScore({{kD - 7, 10}, {kD - 6, 20}, {kD, 40}}, kD, m);
  EXPECT_EQ(r.scan_days, 2);
  EXPECT_DOUBLE_EQ(*r.score, 30);
  EXPECT_FALSE(r.provisional);
}

TEST(FindingAgeTest, FirstSeenLastSeenAndDaysPresent) {
  std::vector<DayFindings> h = {
      {kD - 40, {"MAIL-SPF-03"}},                  // before the window
      {kD - 20, {"MAIL-SPF-03", "WEB-HSTS-01"}},
      {kD - 15, {"MAIL-SPF-03"}},                  // HSTS fixed
      {kD - 10, {"MAIL-SPF-03", "WEB-HSTS-01"}},   // and back
      {kD - 3, {"MAIL-SPF-03", "WEB-HSTS-01"}},
      {kD, {"WEB-HSTS-01"}},                       // SPF fixed today
      {kD + 1, {"DNS-CAA-01"}},                    // the future is ignored
  };
  std::vector<FindingAge> ages = ComputeFindingAges(h, kD, 30);
  ASSERT_EQ(ages.size(), 2u);
  EXPECT_EQ(ages[0].code, "WEB-HSTS-01");
  EXPECT_TRUE(ages[0].present_now);
  EXPECT_EQ(ages[0].first_seen, kD - 20);
  EXPECT_EQ(ages[0].present_since, kD - 10);
  EXPECT_EQ(ages[0].last_seen, kD);
  EXPECT_EQ(ages[0].days_present, 4);
  EXPECT_EQ(ages[1].code, "MAIL-SPF-03");
  EXPECT_FALSE(ages[1].present_now);
  EXPECT_EQ(ages[1].first_seen, kD - 40);
  EXPECT_EQ(ages[1].last_seen, kD - 3);
  EXPECT_EQ(ages[1].days_present, 4);  // D-40 is outside the window
}

}  // namespace
}  // namespace posture::scoring
