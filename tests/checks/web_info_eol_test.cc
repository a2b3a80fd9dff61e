// WEB-INFO-01 (version disclosure) and WEB-EOL-01 (end of life).
#include <gtest/gtest.h>

#include "checks/web/eol_table.h"
#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kWww[] = "www.ville.idf.test";

std::string Judge(const char* code, const TargetObservations& obs, UnixSeconds now = Now()) {
  return Verdict(FindingFor(RunCheck(code, obs, now), kWww));
}

TargetObservations WithHeaders(std::vector<HttpHeader> extra, std::string body = GoodHtml()) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  RemoveHeader(hop, "Server");
  for (auto& h : extra) hop.headers.push_back(h);
  MutableFetch(obs, "https", kWww)->body = std::move(body);
  return obs;
}

TEST(WebInfo01Test, NoVersionPasses) {
  TargetObservations obs = GoodSite();  // "Server: nginx"
  EXPECT_EQ(Judge("WEB-INFO-01", obs), "pass/info");
  // Nothing disclosed: nothing seen is past its end of life.
  EXPECT_EQ(Judge("WEB-EOL-01", obs), "pass/info");
}

TEST(WebInfo01Test, VersionsInHeadersAndGeneratorAreReported) {
  TargetObservations obs = WithHeaders(
      {H("server", "Apache/2.4.62 (Debian)"), H("X-Powered-By", "PHP/8.3.14"),
       H("X-AspNet-Version", "4.0.30319")},
      "<html><head><meta name=\"generator\" content=\"WordPress 7.0.1\"></head></html>");
  const Finding& f = FindingFor(RunCheck("WEB-INFO-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "info/info");
  EXPECT_NE(f.evidence.find("server: Apache/2.4.62 (Debian)"), std::string::npos);
  EXPECT_NE(f.evidence.find("WordPress 7.0.1"), std::string::npos);
  EXPECT_NE(f.detail.find("PHP 8.3.14"), std::string::npos);
  EXPECT_EQ(Judge("WEB-EOL-01", obs), "pass/info");  // all maintained
}

TEST(WebEol01Test, EndOfLifeSoftwareFailsHigh) {
  struct Case {
    std::vector<HttpHeader> headers;
    std::string body;
  };
  std::vector<Case> cases = {
      {{H("Server", "Apache/2.2.15 (CentOS)")}, ""},
      {{H("Server", "nginx/1.18.0 (Ubuntu)")}, ""},
      {{H("X-Powered-By", "PHP/7.4.33")}, ""},
      {{H("X-Powered-By", "PHP/8.1.2-1ubuntu2.19")}, ""},  // 8.1 ended 2025-12-31
      {{H("Server", "Microsoft-IIS/8.5")}, ""},
      {{}, "<meta name=\"generator\" content=\"Drupal 7 (https://www.drupal.org)\">"},
      {{}, "<meta name=\"generator\" content=\"WordPress 5.8.3\">"},
      {{}, "<meta name=\"generator\" content=\"Joomla! 3.10 - Open Source Content Management\">"},
      {{H("X-Generator", "Drupal 9 (https://www.drupal.org)")}, ""},
  };
  for (const Case& c : cases) {
    TargetObservations obs = WithHeaders(c.headers, c.body.empty() ? GoodHtml() : c.body);
    std::string where = c.headers.empty() ? c.body : c.headers[0].value;
    EXPECT_EQ(Judge("WEB-EOL-01", obs), "fail/high") << where;
    EXPECT_EQ(Judge("WEB-INFO-01", obs), "info/info") << where;
  }
}

TEST(WebEol01Test, NginxCaveatAboutDistributionBackports) {
  TargetObservations obs = WithHeaders({H("Server", "nginx/1.22.1")});
  const Finding& f = FindingFor(RunCheck("WEB-EOL-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/high");
  EXPECT_NE(f.detail.find("backport"), std::string::npos);
  EXPECT_NE(f.detail.find("2026-12-03"), std::string::npos);  // the table's review date
  // Maintained or deliberately tolerated branches pass.
  EXPECT_EQ(Judge("WEB-EOL-01", WithHeaders({H("Server", "nginx/1.26.3")})), "pass/info");
  EXPECT_EQ(Judge("WEB-EOL-01", WithHeaders({H("Server", "nginx/1.30.1")})), "pass/info");
}

TEST(WebEol01Test, DatesComeFromTheInjectedNow) {
  TargetObservations obs = WithHeaders({H("X-Powered-By", "PHP/8.2.29")});
  EXPECT_EQ(Judge("WEB-EOL-01", obs, Now()), "pass/info");  // 8.2 supported until 2026-12-31
  EXPECT_EQ(Judge("WEB-EOL-01", obs, *ParseIso8601("2026-12-31T23:00:00Z")), "pass/info");
  EXPECT_EQ(Judge("WEB-EOL-01", obs, *ParseIso8601("2027-01-01T00:00:01Z")), "fail/high");
  // Drupal 7 was fine before 2025-01-05.
  TargetObservations d7 = WithHeaders({}, "<meta name=\"generator\" content=\"Drupal 7\">");
  EXPECT_EQ(Judge("WEB-EOL-01", d7, *ParseIso8601("2024-06-01")), "pass/info");
}

TEST(WebEol01Test, FallsBackOnThePlainHttpPageWithoutHttps) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "https", kWww) = Fetch("https", {FailedHop("https://www.ville.idf.test/", ProbeStatus::kRefused)});
  *MutableFetch(obs, "http", kWww) =
      Fetch("http", {Hop("http://www.ville.idf.test/", 200, {H("Server", "Apache/2.2.34")})}, "<html>");
  EXPECT_EQ(Judge("WEB-EOL-01", obs), "fail/high");
  EXPECT_EQ(Judge("WEB-INFO-01", obs), "info/info");
}

TEST(WebEolTableTest, RowsAreWellFormed) {
  for (const web::EolEntry& e : web::EolTable()) {
    EXPECT_TRUE(ParseIso8601(e.last_day).has_value()) << e.product;
    EXPECT_EQ(std::string(e.source).rfind("https://", 0), 0u) << e.product;
    EXPECT_NE(std::string(e.display), "");
  }
  ASSERT_NE(web::FindEolEntry("php", "8.1.2"), nullptr);
  EXPECT_STREQ(web::FindEolEntry("php", "8.1.2")->last_day, "2025-12-31");
  EXPECT_EQ(web::FindEolEntry("php", "8.5.0"), nullptr);
  EXPECT_EQ(web::FindEolEntry("apache-httpd", "2.4.1"), nullptr);
  EXPECT_EQ(web::FindEolEntry("nginx", ""), nullptr);
  EXPECT_STREQ(web::kEolTableReviewed, "2026-12-03");
}

}  // namespace
}  // namespace posture
