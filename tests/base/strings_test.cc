#include "checks/base/strings.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(StringsTest, CaseAndTrim) {
  EXPECT_EQ(AsciiLower("MiXeD.Fr"), "mixed.fr");
  EXPECT_TRUE(EqualsIgnoreCase("Strict-Transport-Security", "strict-transport-security"));
  EXPECT_TRUE(StartsWithIgnoreCase("V=SPF1 -all", "v=spf1"));
  EXPECT_EQ(TrimWhitespace("  a b\r\n"), "a b");
}

TEST(StringsTest, SplitKeepsEmptyFields) {
  auto parts = Split("a;;b;", ';');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[3], "");
  auto words = SplitWhitespace("  v=spf1\t include:x  -all ");
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[2], "-all");
}

TEST(StringsTest, DnsNames) {
  EXPECT_EQ(CanonicalDnsName("WWW.Versailles.FR."), "www.versailles.fr");
  EXPECT_TRUE(IsSameOrSubdomain("www.versailles.fr", "versailles.fr"));
  EXPECT_TRUE(IsSameOrSubdomain("versailles.fr", "versailles.fr"));
  EXPECT_FALSE(IsSameOrSubdomain("notversailles.fr", "versailles.fr"));
  EXPECT_FALSE(IsSameOrSubdomain("fr", "versailles.fr"));
}

TEST(StringsTest, SanitizeReplacesInvalidBytesAndTruncates) {
  EXPECT_EQ(SanitizeForDisplay("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(SanitizeForDisplay("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(SanitizeForDisplay("a\x01" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(SanitizeForDisplay("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  std::string s = SanitizeForDisplay(std::string(100, 'x'), 10);
  EXPECT_EQ(s, std::string(10, 'x') + "\xE2\x80\xA6");
  EXPECT_EQ(HexEncode("\x01\xab"), "01ab");
}

}  // namespace
}  // namespace posture
