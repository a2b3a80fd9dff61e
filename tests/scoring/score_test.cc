#include "scoring/score.h"

#include <gtest/gtest.h>

#include "checks/catalogue.h"
#include "tests/scoring/builders.h"

namespace posture::scoring {
namespace {

using testing::F;
using testing::Fail;
using testing::Partial;
using testing::Pass;
using testing::Score;

// One finding or more in every category; expected figures worked by hand:
// mail_auth 30/40 = 75, mail_transport 100, web_transport 40/50 = 80,
// web_hygiene 5/10 = 50, dns 0 -> (75*25 + 100*20 + 80*30 + 50*15 + 0*10)/100.
std::vector<Finding> Mixed() {
  return {Pass("MAIL-SPF-01", Severity::kHigh),     Partial("MAIL-DMARC-02", Severity::kHigh),
          Pass("MAIL-TLS-01", Severity::kCritical), Pass("WEB-HTTPS-01", Severity::kCritical),
          Fail("WEB-HSTS-01", Severity::kMedium),   Fail("WEB-HDR-03", Severity::kLow),
          Pass("WEB-HDR-04", Severity::kLow),       Fail("DNS-DNSSEC-01", Severity::kMedium)};
}

TEST(ScoreTest, WeightedMeanOfCategories) {
  DailyScore s = Score(Mixed());
  ASSERT_TRUE(s.overall);
  EXPECT_DOUBLE_EQ(*s.overall, 70.3);  // 70.25 rounded half away from zero
  EXPECT_EQ(s.grade, "B");
  EXPECT_EQ(s.model_version, "1");
  ASSERT_EQ(s.categories.size(), 5u);
  EXPECT_DOUBLE_EQ(s.category(Category::kMailAuth)->score, 75);
  EXPECT_DOUBLE_EQ(s.category(Category::kMailAuth)->possible, 40);
  EXPECT_DOUBLE_EQ(s.category(Category::kMailAuth)->earned, 30);
  EXPECT_DOUBLE_EQ(s.category(Category::kMailTransport)->score, 100);
  EXPECT_DOUBLE_EQ(s.category(Category::kWebTransport)->score, 80);
  EXPECT_DOUBLE_EQ(s.category(Category::kWebHygiene)->score, 50);
  EXPECT_DOUBLE_EQ(s.category(Category::kDns)->score, 0);
  EXPECT_TRUE(s.caps.empty());
  EXPECT_FALSE(s.web_absent);
  EXPECT_EQ(s.active.size(), 4u);  // DMARC partial, HSTS, HDR-03, DNSSEC
  EXPECT_EQ(s.active_critical, 0);
  EXPECT_EQ(s.active_high, 1);
}

TEST(ScoreTest, OutcomesOutsideTheDenominatorChangeNothing) {
  std::vector<Finding> f = Mixed();
  f.push_back(F("WEB-TLS-02", Outcome::kNotTested, Severity::kLow));
  f.push_back(F("MAIL-DANE-01", Outcome::kNotApplicable, Severity::kLow));
  f.push_back(F("MAIL-TLS-02", Outcome::kError, Severity::kHigh));
  f.push_back(F("MAIL-MX-01", Outcome::kInfo, Severity::kInfo));
  f.push_back(Fail("WEB-INFO-01", Severity::kInfo));  // worth 0 points
  DailyScore s = Score(f);
  EXPECT_DOUBLE_EQ(*s.overall, 70.3);
  EXPECT_EQ(s.findings_total, 13);
  EXPECT_EQ(s.findings_untested, 2);
}

TEST(ScoreTest, CriticalFailCapsOverallAt54AndGradeDAtBest) {
  // Everything passes but one critical fail among many passes: uncapped it
  // would be far above 54.
  std::vector<Finding> f = {Pass("MAIL-SPF-01", Severity::kHigh),
                            Pass("MAIL-DMARC-01", Severity::kHigh),
                            Fail("MAIL-TLS-01", Severity::kCritical),
                            Pass("MAIL-MTASTS-01", Severity::kLow),
                            Pass("WEB-HTTPS-01", Severity::kCritical),
                            Pass("WEB-CERT-01", Severity::kCritical),
                            Pass("WEB-HDR-01", Severity::kLow),
                            Pass("DNS-DNSSEC-01", Severity::kMedium)};
  DailyScore s = Score(f);
  ASSERT_TRUE(s.overall);
  EXPECT_DOUBLE_EQ(*s.overall, 54);
  EXPECT_EQ(s.grade, "D");
  EXPECT_TRUE(s.overall_capped);
  EXPECT_EQ(s.caps, std::vector<std::string>{"critical_fail"});
  EXPECT_EQ(s.active_critical, 1);
  // A critical *partial* is not a critical fail: no cap.
  f[2] = Partial("MAIL-TLS-01", Severity::kCritical);
  DailyScore p = Score(f);
  EXPECT_GT(*p.overall, 54);
  EXPECT_TRUE(p.caps.empty());
}

TEST(ScoreTest, CapAlreadyBelowIsRecordedButChangesNothing) {
  std::vector<Finding> f = {Fail("WEB-HTTPS-01", Severity::kCritical),
                            Fail("MAIL-SPF-01", Severity::kHigh)};
  DailyScore s = Score(f);
  EXPECT_DOUBLE_EQ(*s.overall, 0);
  EXPECT_EQ(s.grade, "E");
  EXPECT_EQ(s.caps, std::vector<std::string>{"critical_fail"});
  EXPECT_FALSE(s.overall_capped);
}

TEST(ScoreTest, ConsumerMailboxCapsMailAuthAt50) {
  std::vector<Finding> f = {Fail("MAIL-OWN-01", Severity::kHigh),
                            Pass("MAIL-SPF-01", Severity::kHigh),
                            Pass("MAIL-DMARC-01", Severity::kHigh),
                            Pass("MAIL-DMARC-02", Severity::kHigh),
                            Pass("MAIL-DKIM-01", Severity::kMedium),
                            Pass("DNS-DNSSEC-01", Severity::kMedium)};
  DailyScore s = Score(f);
  const CategoryScore* mail = s.category(Category::kMailAuth);
  ASSERT_NE(mail, nullptr);
  EXPECT_DOUBLE_EQ(mail->score, 50);  // 70/90 = 77.8 before the cap
  EXPECT_TRUE(mail->capped);
  EXPECT_EQ(s.caps, std::vector<std::string>{"consumer_mailbox"});
  // mail_auth 50 (weight 25) and dns 100 (weight 10): (1250 + 1000) / 35.
  EXPECT_DOUBLE_EQ(*s.overall, 64.3);
  EXPECT_TRUE(s.web_absent);
  // MAIL-OWN-01 passing: no cap.
  f[0] = Pass("MAIL-OWN-01", Severity::kHigh);
  EXPECT_DOUBLE_EQ(Score(f).category(Category::kMailAuth)->score, 100);
}

TEST(ScoreTest, WithoutWebsiteWeightsAreRenormalisedOverMailAndDns) {
  std::vector<Finding> f = {Pass("MAIL-SPF-01", Severity::kHigh),
                            Partial("MAIL-DMARC-02", Severity::kHigh),
                            Pass("MAIL-TLS-01", Severity::kCritical),
                            Fail("DNS-DNSSEC-01", Severity::kMedium),
                            F("WEB-HTTPS-01", Outcome::kNotApplicable, Severity::kCritical)};
  DailyScore s = Score(f);
  // (75*25 + 100*20 + 0*10) / 55 = 70.45
  EXPECT_DOUBLE_EQ(*s.overall, 70.5);
  EXPECT_TRUE(s.web_absent);
  EXPECT_EQ(s.categories.size(), 3u);
  EXPECT_EQ(s.category(Category::kWebTransport), nullptr);
}

TEST(ScoreTest, ExplainedProblemsDoNotCountButPassesDo) {
  DailyScore s = Score(Mixed(), {"MAIL-DMARC-02", "MAIL-SPF-01"});
  // DMARC-02 (partial) leaves; SPF-01 passes so it still counts: mail_auth 100.
  EXPECT_DOUBLE_EQ(s.category(Category::kMailAuth)->score, 100);
  EXPECT_EQ(s.explained, std::vector<std::string>{"MAIL-DMARC-02"});
  EXPECT_DOUBLE_EQ(*s.overall, 76.5);  // (2500 + 2000 + 2400 + 750) / 100
  for (const ActiveFinding& a : s.active) EXPECT_NE(a.code, "MAIL-DMARC-02");
}

TEST(ScoreTest, ExplainedCriticalLiftsTheCap) {
  std::vector<Finding> f = {Fail("WEB-CERT-01", Severity::kCritical),
                            Pass("WEB-HTTPS-01", Severity::kCritical),
                            Pass("MAIL-SPF-01", Severity::kHigh)};
  EXPECT_DOUBLE_EQ(*Score(f).overall, 54);
  DailyScore s = Score(f, {"WEB-CERT-01"});
  EXPECT_DOUBLE_EQ(*s.overall, 100);
  EXPECT_TRUE(s.caps.empty());
}

TEST(ScoreTest, UnknownCodesAreReportedNotScored) {
  DailyScore s = Score({Pass("MAIL-SPF-01", Severity::kHigh), Fail("XYZ-01", Severity::kCritical)});
  EXPECT_DOUBLE_EQ(*s.overall, 100);
  EXPECT_EQ(s.unknown_codes, std::vector<std::string>{"XYZ-01"});
  EXPECT_TRUE(s.caps.empty());
}

TEST(ScoreTest, NothingJudgedGivesNoScore) {
  DailyScore s = Score({F("MAIL-SPF-01", Outcome::kError, Severity::kHigh),
                        F("WEB-HTTPS-01", Outcome::kNotTested, Severity::kCritical)});
  EXPECT_FALSE(s.overall);
  EXPECT_EQ(s.grade, "");
  EXPECT_EQ(s.findings_untested, 2);
  EXPECT_FALSE(Score({}).overall);
}

TEST(ScoreTest, UntestedFindingsAreListedByCodeAndHost) {
  DailyScore s =
      Score({F("WEB-HDR-01", Outcome::kNotTested, Severity::kInfo, "www.ville.fr 192.0.2.1"),
             F("WEB-HDR-01", Outcome::kNotTested, Severity::kInfo, "www.ville.fr 2001:db8::1"),
             F("MAIL-TLS-01", Outcome::kError, Severity::kCritical, "ville.fr"),
             F("MAIL-SPF-01", Outcome::kPass, Severity::kHigh, "ville.fr"),
             F("DNS-CAA-01", Outcome::kNotApplicable, Severity::kLow, "ville.fr")});
  // The IP is not part of the key (it may change); passes and not_applicable
  // are measured.
  EXPECT_EQ(s.untested,
            (std::vector<std::string>{"MAIL-TLS-01 ville.fr", "WEB-HDR-01 www.ville.fr"}));
  EXPECT_EQ(s.findings_untested, 3);
}

TEST(ScoreTest, ModelIsData) {
  ScoringModel m = testing::ModelV("2");
  m.weights = {0, 0, 100, 0, 0};  // only web transport counts
  DailyScore s = Score(Mixed(), {}, m);
  EXPECT_DOUBLE_EQ(*s.overall, 80);
  EXPECT_EQ(s.model_version, "2");
}

TEST(ScoreTest, CategoriesByPrefixForCodesTheCatalogueLacks) {
  EXPECT_EQ(PrefixCategory("MAIL-SPF-03"), Category::kMailAuth);
  EXPECT_EQ(PrefixCategory("MAIL-OWN-01"), Category::kMailAuth);
  EXPECT_EQ(PrefixCategory("MAIL-TLS-02"), Category::kMailTransport);
  EXPECT_EQ(PrefixCategory("MAIL-MTASTS-01"), Category::kMailTransport);
  EXPECT_EQ(PrefixCategory("MAIL-DANE-01"), Category::kMailTransport);
  EXPECT_EQ(PrefixCategory("WEB-CERT-02"), Category::kWebTransport);
  EXPECT_EQ(PrefixCategory("WEB-HSTS-01"), Category::kWebTransport);
  EXPECT_EQ(PrefixCategory("WEB-COOKIE-01"), Category::kWebHygiene);
  EXPECT_EQ(PrefixCategory("DNS-CAA-01"), Category::kDns);
  EXPECT_EQ(PrefixCategory("XYZ-01"), std::nullopt);
  EXPECT_EQ(PrefixCategory("MAIL"), std::nullopt);
  // The catalogue, when it knows a code, wins over the prefix.
  for (const CatalogueEntry& e : Catalogue()) EXPECT_EQ(DefaultCategory(e.code), e.category);
  EXPECT_EQ(DefaultCategory("DNS-ZZZ-99"), Category::kDns);
}

TEST(ScoreTest, ExplanationValidity) {
  Explanation e{1, 7, "MAIL-DMARC-02", "migration", 100, 130, std::nullopt};
  EXPECT_FALSE(e.ActiveOn(99));
  EXPECT_TRUE(e.ActiveOn(100));
  EXPECT_TRUE(e.ActiveOn(130));
  EXPECT_FALSE(e.ActiveOn(131));  // counts again the day after `until`
  e.revoked_day = 110;
  EXPECT_TRUE(e.ActiveOn(109));
  EXPECT_FALSE(e.ActiveOn(110));
  EXPECT_EQ(ExplainedCodesOn({e}, 105), std::set<std::string>{"MAIL-DMARC-02"});
  EXPECT_TRUE(ExplainedCodesOn({e}, 120).empty());
}

}  // namespace
}  // namespace posture::scoring

namespace posture::scoring {
namespace {

// The web checks report a pass with severity info: without check_severity a
// fixed web finding would leave the denominator (and a category with only
// passes would vanish), so fixing things could lower the score.
TEST(ScoreTest, PassWithoutSeverityEarnsThePointsAtStakeOfItsCheck) {
  std::vector<Finding> before = {testing::Fail("WEB-HSTS-01", Severity::kMedium),
                                 testing::Fail("WEB-HDR-01", Severity::kLow),
                                 testing::Pass("WEB-HDR-02", Severity::kInfo),
                                 testing::Pass("MAIL-SPF-01", Severity::kHigh)};
  DailyScore b = testing::Score(before);
  // web_transport 0/10, web_hygiene 5/10 (HDR-02 worth its low 5 points).
  EXPECT_DOUBLE_EQ(b.category(Category::kWebTransport)->possible, 10);
  EXPECT_DOUBLE_EQ(b.category(Category::kWebHygiene)->score, 50);
  std::vector<Finding> after = {testing::Pass("WEB-HSTS-01", Severity::kInfo),
                                testing::Pass("WEB-HDR-01", Severity::kInfo),
                                testing::Pass("WEB-HDR-02", Severity::kInfo),
                                testing::Pass("MAIL-SPF-01", Severity::kHigh)};
  DailyScore a = testing::Score(after);
  ASSERT_NE(a.category(Category::kWebTransport), nullptr);
  EXPECT_DOUBLE_EQ(a.category(Category::kWebTransport)->possible, 10);
  EXPECT_DOUBLE_EQ(a.category(Category::kWebTransport)->score, 100);
  EXPECT_DOUBLE_EQ(a.category(Category::kWebHygiene)->score, 100);
  EXPECT_GT(*a.overall, *b.overall);
  EXPECT_DOUBLE_EQ(*a.overall, 100);
  // A code not listed keeps its own severity: an info pass is worth nothing.
  DailyScore u = testing::Score({testing::Pass("WEB-ZZZ-01", Severity::kInfo),
                                 testing::Pass("MAIL-SPF-01", Severity::kHigh)});
  EXPECT_EQ(u.category(Category::kWebHygiene), nullptr);
  // A stated severity wins over the table.
  DailyScore s = testing::Score({testing::Fail("WEB-CERT-02", Severity::kLow),
                                 testing::Pass("WEB-CERT-01", Severity::kInfo)});
  EXPECT_DOUBLE_EQ(s.category(Category::kWebTransport)->possible, 45);  // 5 + 40
}

}  // namespace
}  // namespace posture::scoring
