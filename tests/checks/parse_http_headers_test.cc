#include "checks/parse/http_headers.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(ParseHttpHeadersTest, LookupIsCaseInsensitiveAndKeepsRepeats) {
  std::vector<HttpHeader> hs = {{"set-cookie", "a=1"}, {"Server", "nginx"}, {"SET-COOKIE", "b=2"}};
  EXPECT_EQ(HeaderValues(hs, "Set-Cookie"), (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_EQ(HeaderLines(hs, "set-cookie"), "set-cookie: a=1\nSET-COOKIE: b=2");
  EXPECT_TRUE(HeaderValues(hs, "x-frame-options").empty());
}

TEST(ParseHttpHeadersTest, ProductTokens) {
  auto ps = ParseProductTokens("Apache/2.4.62 (Debian) OpenSSL/3.0.15 PHP/8.2.24", "Server");
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ps[0].canonical, "apache-httpd");
  EXPECT_EQ(ps[0].version, "2.4.62");
  EXPECT_EQ(ps[1].canonical, "openssl");
  EXPECT_EQ(ps[2].canonical, "php");
  EXPECT_EQ(ps[2].version, "8.2.24");
  ps = ParseProductTokens("Microsoft-IIS/8.5", "Server");
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].canonical, "iis");
  ps = ParseProductTokens("nginx", "Server");
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].version, "");
  ps = ParseProductTokens("PHP/7.4.3-4ubuntu2.19", "X-Powered-By");
  EXPECT_EQ(ps[0].version, "7.4.3-4ubuntu2.19");
  ps = ParseProductTokens("ASP.NET", "X-Powered-By");
  EXPECT_EQ(ps[0].canonical, "aspnet");
  ps = ParseProductTokens("Apache (Unix (nested)) mod_ssl/2.2.15", "Server");
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[1].product, "mod_ssl");
}

TEST(ParseHttpHeadersTest, Generators) {
  ProductVersion p = ParseGenerator("WordPress 6.4.2", "generator meta");
  EXPECT_EQ(p.canonical, "wordpress");
  EXPECT_EQ(p.version, "6.4.2");
  p = ParseGenerator("Drupal 7 (https://www.drupal.org)", "generator meta");
  EXPECT_EQ(p.canonical, "drupal");
  EXPECT_EQ(p.version, "7");
  p = ParseGenerator("Joomla! - Open Source Content Management", "generator meta");
  EXPECT_EQ(p.canonical, "joomla");
  EXPECT_EQ(p.version, "");
  p = ParseGenerator("Joomla! 1.5 - Open Source Content Management", "generator meta");
  EXPECT_EQ(p.version, "1.5");
  p = ParseGenerator("   ", "generator meta");
  EXPECT_EQ(p.product, "");
}

TEST(ParseHttpHeadersTest, CompareVersions) {
  EXPECT_LT(CompareVersions("1.24.0", "1.26"), 0);
  EXPECT_EQ(CompareVersions("1.26", "1.26.0"), 0);
  EXPECT_GT(CompareVersions("1.10", "1.9"), 0);
  EXPECT_LT(CompareVersions("7.4.3-1ubuntu", "8.0"), 0);
  EXPECT_EQ(CompareVersions("8.1.2k", "8.1.2"), 0);
  EXPECT_GT(CompareVersions("10", "9.99"), 0);
}

TEST(ParseHttpHeadersTest, GarbageIsBounded) {
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk.push_back(static_cast<char>((i * 13) % 256));
  EXPECT_LE(ParseProductTokens(junk, "Server").size(), 16u);
  ParseProductTokens(std::string(10000, '('), "Server");
  ParseGenerator(junk, "x");
  CompareVersions(std::string(1000, '9'), std::string(1000, '.'));
}

}  // namespace
}  // namespace posture
