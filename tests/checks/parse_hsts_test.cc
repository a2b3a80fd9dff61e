#include "checks/parse/hsts.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(ParseHstsTest, TypicalHeaders) {
  HstsPolicy p = ParseHsts("max-age=31536000; includeSubDomains; preload");
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.max_age, 31536000);
  EXPECT_TRUE(p.include_subdomains);
  EXPECT_TRUE(p.preload);

  p = ParseHsts("max-age=15768000");
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.max_age, 15768000);
  EXPECT_FALSE(p.include_subdomains);
}

TEST(ParseHstsTest, CaseSpacingQuotesAndEmptyDirectives) {
  HstsPolicy p = ParseHsts("  MAX-AGE = \"31536000\" ;;  IncludeSubdomains ; ");
  EXPECT_TRUE(p.valid) << p.error;
  EXPECT_EQ(p.max_age, 31536000);
  EXPECT_TRUE(p.include_subdomains);
  p = ParseHsts("includeSubDomains; max-age=0");
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.max_age, 0);
  p = ParseHsts("max-age=\"1\\23\"");  // quoted-pair
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.max_age, 123);
}

TEST(ParseHstsTest, UnknownDirectivesIgnored) {
  HstsPolicy p = ParseHsts("max-age=300; report-uri=\"https://r.example/x\"; foo");
  EXPECT_TRUE(p.valid);
  ASSERT_EQ(p.unknown_directives.size(), 2u);
  EXPECT_EQ(p.unknown_directives[0], "report-uri");
}

TEST(ParseHstsTest, InvalidHeaders) {
  EXPECT_FALSE(ParseHsts("").valid);
  EXPECT_FALSE(ParseHsts("includeSubDomains").valid);                  // max-age missing
  EXPECT_FALSE(ParseHsts("max-age=31536000; max-age=1").valid);         // duplicate
  EXPECT_FALSE(ParseHsts("max-age=1; MAX-AGE=2").valid);                // duplicate, other case
  EXPECT_FALSE(ParseHsts("max-age=1; includeSubDomains; includesubdomains").valid);
  EXPECT_FALSE(ParseHsts("max-age=-1").valid);
  EXPECT_FALSE(ParseHsts("max-age=1y").valid);
  EXPECT_FALSE(ParseHsts("max-age=").valid);
  EXPECT_FALSE(ParseHsts("max-age=\"31536000").valid);                  // unterminated
  EXPECT_FALSE(ParseHsts("max-age=31536000, max-age=31536000").valid);  // two values folded
  EXPECT_FALSE(ParseHsts("max-age=31536000; includeSubDomains=yes").valid);
  EXPECT_FALSE(ParseHsts("max-age 31536000").valid);
  EXPECT_EQ(ParseHsts("max-age=1; max-age=1").max_age, -1);
}

TEST(ParseHstsTest, HugeMaxAgeSaturates) {
  HstsPolicy p = ParseHsts("max-age=999999999999999999999999999999");
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.max_age, kHstsMaxAgeCap);
}

TEST(ParseHstsTest, OnlyTheFirstHeaderIsProcessed) {
  HstsHeaders h = ParseHstsHeaders({"max-age=0", "max-age=31536000"});
  EXPECT_EQ(h.count, 2u);
  EXPECT_EQ(h.first.max_age, 0);
  h = ParseHstsHeaders({});
  EXPECT_EQ(h.count, 0u);
  EXPECT_FALSE(h.first.valid);
}

TEST(ParseHstsTest, GarbageDoesNotCrash) {
  std::string junk;
  for (int i = 0; i < 2000; ++i) junk.push_back(static_cast<char>((i * 37) % 256));
  HstsPolicy p = ParseHsts(junk);
  EXPECT_FALSE(p.valid);
  EXPECT_FALSE(ParseHsts(std::string(100000, ';')).valid);
  EXPECT_FALSE(ParseHsts(std::string(100000, '"')).valid);
}

}  // namespace
}  // namespace posture
