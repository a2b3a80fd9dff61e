#include "checks/base/time.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(TimeTest, ParsesDatesAndTimes) {
  EXPECT_EQ(ParseIso8601("1970-01-01"), 0);
  EXPECT_EQ(ParseIso8601("2026-12-03T10:00:00Z"), 1796292000);
  EXPECT_EQ(ParseIso8601("2026-12-03T11:00:00+01:00"), 1796292000);
  EXPECT_EQ(ParseIso8601("2026-12-03 10:00:00"), 1796292000);
  EXPECT_EQ(ParseIso8601("2026-12-03T10:00:00.123Z"), 1796292000);
}

TEST(TimeTest, RejectsMalformed) {
  EXPECT_FALSE(ParseIso8601(""));
  EXPECT_FALSE(ParseIso8601("2026-13-01"));
  EXPECT_FALSE(ParseIso8601("2026-02-30"));
  EXPECT_FALSE(ParseIso8601("2026-12-03T25:00:00Z"));
  EXPECT_FALSE(ParseIso8601("2026-12-03Tgarbage"));
  EXPECT_FALSE(ParseIso8601("2026-12-03T10:00:00+1"));
}

TEST(TimeTest, LeapYears) {
  EXPECT_TRUE(ParseIso8601("2024-02-29"));
  EXPECT_FALSE(ParseIso8601("2100-02-29"));
  EXPECT_TRUE(ParseIso8601("2000-02-29"));
}

TEST(TimeTest, FormatsRoundTrip) {
  UnixSeconds t = 1796292000 + 3723;
  EXPECT_EQ(FormatIso8601(t), "2026-12-03T11:02:03Z");
  EXPECT_EQ(ParseIso8601(FormatIso8601(t)), t);
  EXPECT_EQ(FormatDate(t), "2026-12-03");
  EXPECT_EQ(FormatDay(DayOf(t)), "2026-12-03");
  EXPECT_EQ(StartOfDay(DayOf(t)), 1796256000);
  EXPECT_EQ(DayOf(-1), -1);
}

}  // namespace
}  // namespace posture
