#include "checks/parse/cookie.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(ParseCookieTest, TypicalSessionCookie) {
  SetCookie c = ParseSetCookie("PHPSESSID=8f2a; path=/; secure; HttpOnly; SameSite=Lax");
  EXPECT_FALSE(c.ignored);
  EXPECT_EQ(c.name, "PHPSESSID");
  EXPECT_EQ(c.value, "8f2a");
  EXPECT_TRUE(c.secure);
  EXPECT_TRUE(c.http_only);
  EXPECT_EQ(c.same_site, CookieSameSite::kLax);
  EXPECT_EQ(c.path.value_or(""), "/");
  EXPECT_TRUE(c.IsSession());
}

TEST(ParseCookieTest, OddCasingAndSpacing) {
  SetCookie c = ParseSetCookie("  id = a b ;SECURE;  httponly  ;samesite = STRICT ; Max-Age= 3600 ");
  EXPECT_EQ(c.name, "id");
  EXPECT_EQ(c.value, "a b");
  EXPECT_TRUE(c.secure);
  EXPECT_TRUE(c.http_only);
  EXPECT_EQ(c.same_site, CookieSameSite::kStrict);
  EXPECT_TRUE(c.has_max_age);
  EXPECT_EQ(c.max_age, 3600);
  EXPECT_FALSE(c.IsSession());
}

TEST(ParseCookieTest, SameSiteValues) {
  EXPECT_EQ(ParseSetCookie("a=1; SameSite=None; Secure").same_site, CookieSameSite::kNone);
  EXPECT_EQ(ParseSetCookie("a=1; SameSite=Lax; SameSite=Strict").same_site, CookieSameSite::kStrict);
  SetCookie c = ParseSetCookie("a=1; SameSite=Relaxed");
  EXPECT_EQ(c.same_site, CookieSameSite::kInvalid);
  EXPECT_EQ(c.same_site_raw, "Relaxed");
  EXPECT_EQ(ParseSetCookie("a=1; SameSite").same_site, CookieSameSite::kInvalid);
  EXPECT_EQ(ParseSetCookie("a=1").same_site, CookieSameSite::kUnset);
}

TEST(ParseCookieTest, NoNameAndEmptyCookies) {
  SetCookie c = ParseSetCookie("justavalue; Secure");
  EXPECT_FALSE(c.ignored);
  EXPECT_EQ(c.name, "");
  EXPECT_EQ(c.value, "justavalue");
  EXPECT_TRUE(ParseSetCookie("=; Secure").ignored);
  EXPECT_TRUE(ParseSetCookie("").ignored);
  EXPECT_TRUE(ParseSetCookie("a=b\x01" "c").ignored);
}

TEST(ParseCookieTest, ExpiresAndMaxAge) {
  SetCookie c = ParseSetCookie("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_TRUE(c.has_expires);
  EXPECT_EQ(c.expires, *ParseIso8601("2015-10-21T07:28:00Z"));
  EXPECT_FALSE(c.IsSession());
  EXPECT_TRUE(c.IsDeletion(*ParseIso8601("2026-01-01")));
  c = ParseSetCookie("a=1; expires=Thursday, 01-Jan-70 00:00:01 GMT");
  EXPECT_TRUE(c.has_expires);
  EXPECT_EQ(c.expires, 1);
  c = ParseSetCookie("a=1; Expires=not a date");
  EXPECT_FALSE(c.has_expires);
  EXPECT_TRUE(c.IsSession());
  c = ParseSetCookie("a=1; Max-Age=0");
  EXPECT_TRUE(c.IsDeletion(0));
  c = ParseSetCookie("a=1; Max-Age=-5");
  EXPECT_EQ(c.max_age, -5);
  c = ParseSetCookie("a=1; Max-Age=12abc");  // ignored attribute
  EXPECT_FALSE(c.has_max_age);
  // Max-Age wins over Expires.
  c = ParseSetCookie("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=100");
  EXPECT_FALSE(c.IsDeletion(*ParseIso8601("2026-01-01")));
}

TEST(ParseCookieTest, CookieDates) {
  EXPECT_EQ(ParseCookieDate("Sun Nov  6 08:49:37 1994"), ParseIso8601("1994-11-06T08:49:37Z"));
  EXPECT_EQ(ParseCookieDate("Sunday, 06-Nov-94 08:49:37 GMT"), ParseIso8601("1994-11-06T08:49:37Z"));
  EXPECT_FALSE(ParseCookieDate("31 Feb 2020 00:00:00").has_value());
  EXPECT_FALSE(ParseCookieDate("10 Jan 1500 00:00:00").has_value());
  EXPECT_FALSE(ParseCookieDate("").has_value());
}

TEST(ParseCookieTest, DomainAndPath) {
  SetCookie c = ParseSetCookie("a=1; Domain=.Ville.IDF.test; Path=nopath");
  EXPECT_EQ(c.domain.value_or(""), "ville.idf.test");
  EXPECT_FALSE(c.path.has_value());
}

TEST(ParseCookieTest, Prefixes) {
  EXPECT_EQ(ParseSetCookie("__Secure-id=1; Secure").prefix_violation, "");
  EXPECT_NE(ParseSetCookie("__Secure-id=1").prefix_violation, "");
  EXPECT_NE(ParseSetCookie("__secure-id=1").prefix_violation, "");  // case-insensitive
  EXPECT_EQ(ParseSetCookie("__Host-id=1; Secure; Path=/").prefix_violation, "");
  EXPECT_NE(ParseSetCookie("__Host-id=1; Secure; Path=/; Domain=ville.idf.test").prefix_violation, "");
  EXPECT_NE(ParseSetCookie("__Host-id=1; Secure; Path=/app").prefix_violation, "");
}

TEST(ParseCookieTest, GarbageIsBounded) {
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk.push_back(i % 7 == 0 ? ';' : static_cast<char>('a' + i % 26));
  SetCookie c = ParseSetCookie(junk);
  EXPECT_TRUE(c.ignored);  // name + value above 4096 bytes
  EXPECT_LE(c.value.size(), 4096u);
  ParseSetCookie(std::string(50000, '='));
  ParseCookieDate(std::string(100000, '1'));
}

}  // namespace
}  // namespace posture
