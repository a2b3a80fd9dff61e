#include "reports/analysis.h"

#include <gtest/gtest.h>

namespace posture::reports {
namespace {

Finding F(const std::string& code, Outcome o, Severity s) {
  Finding f;
  f.code = code;
  f.outcome = o;
  f.severity = s;
  return f;
}

const scoring::ScoringModel& Model() { return scoring::DefaultModel(); }

TEST(WhatToFixFirstTest, LargestGainFirstAndOnlyActiveProblems) {
  std::vector<Finding> f = {F("MAIL-SPF-01", Outcome::kFail, Severity::kHigh),
                            F("MAIL-DMARC-03", Outcome::kFail, Severity::kLow),
                            F("MAIL-DKIM-01", Outcome::kPass, Severity::kMedium),
                            F("WEB-HDR-01", Outcome::kPartial, Severity::kLow),
                            F("WEB-HSTS-01", Outcome::kPass, Severity::kMedium),
                            F("MAIL-DMARC-02", Outcome::kFail, Severity::kHigh)};
  auto fixes = WhatToFixFirst(f, {"MAIL-DMARC-02"}, Model());  // explained: not suggested
  ASSERT_EQ(fixes.size(), 3u);
  EXPECT_EQ(fixes[0].code, "MAIL-SPF-01");
  EXPECT_EQ(fixes[1].code, "WEB-HDR-01");  // a whole category to gain
  EXPECT_EQ(fixes[2].code, "MAIL-DMARC-03");
  for (const FixSuggestion& s : fixes) EXPECT_GT(s.gain, 0);
  EXPECT_EQ(fixes.back().grade_after, "A");  // all fixed together
  scoring::DailyScore after = ScoreAfterFixes(f, {"MAIL-DMARC-02"}, Model(), fixes);
  EXPECT_EQ(*after.overall, 100);
}

TEST(WhatToFixFirstTest, ACriticalCapIsLiftedFirstThenTheRestCounts) {
  // Under the critical cap (54), fixing a high finding alone gains nothing;
  // after the critical one, it does.
  std::vector<Finding> f = {F("WEB-CERT-02", Outcome::kFail, Severity::kCritical),
                            F("WEB-HTTPS-01", Outcome::kPass, Severity::kCritical),
                            F("WEB-HTTPS-02", Outcome::kPass, Severity::kHigh),
                            F("WEB-TLS-01", Outcome::kPass, Severity::kHigh),
                            F("WEB-TLS-02", Outcome::kPass, Severity::kHigh),
                            F("MAIL-SPF-01", Outcome::kPass, Severity::kHigh),
                            F("MAIL-DMARC-01", Outcome::kFail, Severity::kHigh),
                            F("MAIL-DMARC-02", Outcome::kPass, Severity::kHigh)};
  scoring::DailyScore now = scoring::ScoreFindings(f, {}, Model());
  ASSERT_LE(*now.overall, 54);
  auto fixes = WhatToFixFirst(f, {}, Model());
  ASSERT_EQ(fixes.size(), 2u);
  EXPECT_EQ(fixes[0].code, "WEB-CERT-02");
  EXPECT_EQ(fixes[1].code, "MAIL-DMARC-01");
  EXPECT_GT(fixes[1].gain, 0);
}

TEST(WhatToFixFirstTest, AtMostMaxAndNothingWithoutAScore) {
  std::vector<Finding> f;
  for (const char* c : {"MAIL-SPF-01", "MAIL-SPF-02", "MAIL-SPF-03", "MAIL-DMARC-01",
                        "MAIL-DMARC-02", "MAIL-DMARC-03", "MAIL-DKIM-01"})
    f.push_back(F(c, Outcome::kFail, Severity::kMedium));
  f.push_back(F("DNS-CAA-01", Outcome::kPass, Severity::kLow));
  EXPECT_EQ(WhatToFixFirst(f, {}, Model(), 5).size(), 5u);
  EXPECT_TRUE(
      WhatToFixFirst({F("WEB-HTTPS-01", Outcome::kNotTested, Severity::kCritical)}, {}, Model())
          .empty());
}

scoring::RankCandidate C(int64_t id, TargetKind kind, const std::string& dep, int64_t pop,
                         std::optional<double> score, bool provisional = false) {
  scoring::RankCandidate c;
  c.target_id = id;
  c.kind = kind;
  c.department = dep;
  c.population = pop;
  c.rolling.score = score;
  c.rolling.provisional = provisional;
  return c;
}

TEST(ComparePeersTest, SameKindDepartmentAndSizeClass) {
  std::vector<scoring::RankCandidate> all = {
      C(1, TargetKind::kCommune, "78", 2000, 60),
      C(2, TargetKind::kCommune, "78", 3000, 80),
      C(3, TargetKind::kCommune, "78", 4000, 40),
      C(4, TargetKind::kCommune, "78", 9000, 10),  // other class
      C(5, TargetKind::kCommune, "91", 2500, 99),  // other dep
      C(6, TargetKind::kCommune, "78", 1500, 90, /*provisional=*/true),
      C(7, TargetKind::kEpci, "78", 2000, 95)};
  PeerComparison p = ComparePeers(all, all[0], "Yvelines", Lang::kFr);
  EXPECT_EQ(p.peers, 3);
  EXPECT_EQ(p.position, 2);
  EXPECT_EQ(p.median, 60);
  EXPECT_EQ(p.best, 80);
  EXPECT_EQ(p.group, "communes de 1 000 à 4 999 habitants, Yvelines (78)");
  EXPECT_EQ(ComparePeers(all, all[0], "Yvelines", Lang::kEn).group,
            "communes with 1,000 to 4,999 inhabitants, Yvelines (78)");
  PeerComparison prov = ComparePeers(all, all[5], "Yvelines", Lang::kFr);
  EXPECT_FALSE(prov.position);  // not ranked itself
  EXPECT_EQ(prov.peers, 3);
  EXPECT_TRUE(ComparePeers(all, C(9, TargetKind::kRegion, "", 1, 50), "", Lang::kFr).group.empty());
}

TEST(SizeClassTest, Bounds) {
  EXPECT_EQ(SizeClass(999), 0);
  EXPECT_EQ(SizeClass(1000), 1);
  EXPECT_EQ(SizeClass(4999), 1);
  EXPECT_EQ(SizeClass(5000), 2);
  EXPECT_EQ(SizeClass(20000), 3);
  EXPECT_EQ(SizeClass(50000), 4);
  EXPECT_EQ(SizeClassLabel(0, Lang::kFr), "moins de 1 000 habitants");
}

}  // namespace
}  // namespace posture::reports
