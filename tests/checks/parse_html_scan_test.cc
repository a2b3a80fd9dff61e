#include "checks/parse/html_scan.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(ParseHtmlScanTest, GeneratorWithAttributeOrderQuotesAndCase) {
  HtmlScan s = ScanHtml(
      "<html><HEAD><META NAME=\"Generator\" CONTENT=\"WordPress 6.4.2\" />"
      "<meta content='Joomla! - Open Source Content Management' name='generator'>"
      "<meta name=generator content=Drupal\\ 7>"
      "<meta\tname = \"generator\"\ncontent = \"TYPO3 CMS\">"
      "<meta name=\"description\" content=\"Mairie\">");
  ASSERT_EQ(s.generators.size(), 4u);
  EXPECT_EQ(s.generators[0], "WordPress 6.4.2");
  EXPECT_EQ(s.generators[1], "Joomla! - Open Source Content Management");
  EXPECT_EQ(s.generators[3], "TYPO3 CMS");
}

TEST(ParseHtmlScanTest, ScriptSourcesAndEntities) {
  HtmlScan s = ScanHtml(
      "<script src=\"http://cdn.example.test/a.js?x=1&amp;y=2\"></script>"
      "<SCRIPT type=text/javascript SRC='  //cdn.example.test/b.js  '></SCRIPT>"
      "<script>var s = '<script src=\"http://evil.test/x.js\">';</script>"
      "<!-- <script src=\"http://commented.test/c.js\"></script> -->"
      "<script async src=https://ok.test/d.js></script>");
  ASSERT_EQ(s.script_srcs.size(), 3u);
  EXPECT_EQ(s.script_srcs[0], "http://cdn.example.test/a.js?x=1&y=2");
  EXPECT_EQ(s.script_srcs[1], "//cdn.example.test/b.js");
  EXPECT_EQ(s.script_srcs[2], "https://ok.test/d.js");
}

TEST(ParseHtmlScanTest, MetaCsp) {
  HtmlScan s = ScanHtml(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">");
  ASSERT_EQ(s.meta_csp.size(), 1u);
  EXPECT_EQ(s.meta_csp[0], "default-src 'self'");
}

TEST(ParseHtmlScanTest, StyleContentSkipped) {
  HtmlScan s = ScanHtml("<style>a::after{content:\"<meta name=generator content=x>\"}</style>");
  EXPECT_TRUE(s.generators.empty());
}

TEST(ParseHtmlScanTest, GarbageAndTruncation) {
  EXPECT_TRUE(ScanHtml("").generators.empty());
  ScanHtml("<meta name=\"generator\" content=\"unterminated");
  ScanHtml("<script src=");
  ScanHtml("<<<<<<>>>>><!--");
  std::string junk;
  for (uint32_t i = 0; i < 300000; ++i) junk.push_back(static_cast<char>((i * 7919u) % 256u));
  ScanHtml(junk);
  std::string tags;
  for (int i = 0; i < 30000; ++i) tags += "<a>";
  HtmlScan s = ScanHtml(tags);
  EXPECT_TRUE(s.stopped_early);
  std::string many;
  for (int i = 0; i < 200; ++i) many += "<script src=\"http://x.test/" + std::to_string(i) + ".js\"></script>";
  EXPECT_EQ(ScanHtml(many).script_srcs.size(), kHtmlMaxItems);
}

}  // namespace
}  // namespace posture
