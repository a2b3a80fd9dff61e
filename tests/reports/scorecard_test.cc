// The scorecard from hand-built structs (no store): what the mayor must be
// told is there. Full documents are checked by the golden files of
// tests/cli/report_test.cc.
#include "reports/scorecard.h"

#include <gtest/gtest.h>

#include "reports/dashboard.h"
#include "reports/remediation_report.h"

namespace posture::reports {
namespace {

Finding F(const std::string& code, Outcome o, Severity s, const std::string& evidence = "") {
  Finding f;
  f.code = code;
  f.outcome = o;
  f.severity = s;
  f.subject = "bourg.example";
  f.evidence = evidence;
  return f;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

ScorecardInput Base() {
  ScorecardInput in;
  in.day = DaysFromCivil(2026, 6, 30);
  in.target.name = "Bourg";
  in.target.code = "01001";
  in.target.department_code = "01";
  in.target.population = 800;
  in.rolling.day = in.day;
  in.rolling.score = 48;
  in.rolling.grade = "D";
  in.rolling.scan_days = 10;
  in.rolling.provisional = false;
  in.last_scan_day = in.day;
  in.trend = {{in.day - 1, 47}, {in.day, 49}};
  return in;
}

TEST(ScorecardTest, NoWebsiteIsSaidAndGradeShown) {
  ScorecardInput in = Base();
  in.findings = {
      F("MAIL-OWN-01", Outcome::kFail, Severity::kHigh, "e-mail: mairie.bourg@gmail.com"),
      F("MAIL-SPF-01", Outcome::kPass, Severity::kHigh),
      F("WEB-HTTPS-01", Outcome::kNotApplicable, Severity::kInfo),
      F("WEB-HSTS-01", Outcome::kNotApplicable, Severity::kInfo)};
  std::string html = RenderScorecard(in, scoring::DefaultModel(), {}, Lang::kFr);
  EXPECT_NE(html.find("la note porte sur la messagerie et le DNS seuls"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"big gD\""), std::string::npos);
  EXPECT_NE(html.find("<b>48,0</b>"), std::string::npos);
  EXPECT_NE(html.find("Qui agit : la collectivité"), std::string::npos);  // MAIL-OWN-01's actor
  EXPECT_EQ(html.find("Note provisoire"), std::string::npos);
  EXPECT_NE(html.find("href=\"#methode\""), std::string::npos);  // standalone: method appended
  EXPECT_NE(html.find("<section id=\"methode\">"), std::string::npos);
  std::string en = RenderScorecard(in, scoring::DefaultModel(), {}, Lang::kEn);
  EXPECT_NE(en.find("the score covers mail and DNS alone"), std::string::npos);
  EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
}

TEST(ScorecardTest, ProvisionalExplainedAndWhatToFixFirst) {
  ScorecardInput in = Base();
  in.rolling.provisional = true;
  in.rolling.scan_days = 2;
  in.links.method = "../methode.html";
  in.findings = {
      F("MAIL-DMARC-02", Outcome::kFail, Severity::kHigh, "v=DMARC1; p=none"),
      F("MAIL-SPF-01", Outcome::kFail, Severity::kHigh),
      F("WEB-HSTS-01", Outcome::kFail, Severity::kMedium),
      F("WEB-HDR-01", Outcome::kFail, Severity::kLow),
      F("DNS-CAA-01", Outcome::kFail, Severity::kLow),
      F("WEB-HTTPS-01", Outcome::kPass, Severity::kCritical),
      F("WEB-INFO-01", Outcome::kInfo, Severity::kInfo, "Server: <script>alert(1)</script>")};
  scoring::Explanation e;
  e.code = "MAIL-DMARC-02";
  e.reason = "migration <b>en cours</b>";
  e.from_day = in.day - 5;
  e.until_day = in.day + 100;
  in.explanations = {e};
  std::string html = RenderScorecard(in, scoring::DefaultModel(), {}, Lang::kFr);
  EXPECT_NE(html.find("Note provisoire"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge\">expliquée</span>"), std::string::npos);
  EXPECT_NE(html.find("migration &lt;b&gt;en cours&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("Server: &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  size_t items = Count(html.substr(html.find("<ol class=\"fix\">"),
                                   html.find("</ol>") - html.find("<ol class=\"fix\">")),
                       "<li");
  EXPECT_EQ(items, 4u);  // the four active problems; the explained one is not suggested
  EXPECT_EQ(html.find("<section id=\"methode\">"), std::string::npos);  // linked instead
  EXPECT_NE(html.find("href=\"../methode.html\""), std::string::npos);
}

TEST(DashboardTest, EveryCommuneShapeOnceAndOurOnlyScript) {
  DashboardInput in;
  in.day = DaysFromCivil(2026, 6, 30);
  DashboardEntry e;
  e.candidate.kind = TargetKind::kCommune;
  e.candidate.code = "78646";
  e.candidate.name = "Versailles <script>alert(1)</script>";
  e.candidate.department = "78";
  e.candidate.rolling.score = 90;
  e.candidate.rolling.grade = "A";
  e.candidate.rolling.provisional = false;
  e.rank = 1;
  e.scorecard = "fiches/commune-78646.html";
  in.entries.push_back(e);
  std::string html = RenderDashboard(in, scoring::DefaultModel(), {}, Lang::kFr);
  EXPECT_EQ(Count(html, "<path class=\"commune\""), 1266u);
  EXPECT_EQ(Count(html, "<script"), 1u);
  EXPECT_NE(html.find("Versailles &lt;script&gt;alert(1)&lt;/script&gt; — A (90,0)"),
            std::string::npos);
  EXPECT_NE(
      html.find(
          "<a href=\"fiches/commune-78646.html\"><path class=\"commune\" data-code=\"78646\""),
      std::string::npos);
}

}  // namespace
}  // namespace posture::reports
