// MAIL-SPF-01/02/03 over real-world-shaped records.
#include <gtest/gtest.h>

#include "checks/mail/mail_common.h"
#include "checks/mail/mail_plan.h"
#include "tests/checks/mail_builder_testlib.h"

namespace posture::testing {
namespace {

using mail::CheckSpfEvaluable;
using mail::CheckSpfPolicy;
using mail::CheckSpfRecord;

Finding Spf(CheckFunction f, const MailObsBuilder& b, const char* code) {
  return OneFinding(RunCheck(f, b.Build()), code, "ville.fr");
}

TEST(MailSpfTest, SplitTxtStringsAreJoined) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr");
  b.TxtStrings("ville.fr", {{"v=spf1 ip4:192.0.2.0/24 ", "mx -all"}});
  Finding f = Spf(&CheckSpfRecord, b, "MAIL-SPF-01");
  EXPECT_EQ(f.outcome, Outcome::kPass);
  EXPECT_EQ(f.evidence, "v=spf1 ip4:192.0.2.0/24 mx -all");
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kPass);
}

TEST(MailSpfTest, MissingAndMultipleRecordsFailHigh) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"some-verification=1"});
  Finding f = Spf(&CheckSpfRecord, b, "MAIL-SPF-01");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kHigh);
  b.Txt("ville.fr", {"v=spf1 -all", "v=spf1 mx -all"});
  EXPECT_EQ(Spf(&CheckSpfRecord, b, "MAIL-SPF-01").outcome, Outcome::kFail);
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kNotApplicable);
}

// The hostile lab's oversized answer: posture's caps cut the TXT answer and
// the SPF record was among the records dropped. Absence is not evidence then.
TEST(MailSpfTest, NoSpfAmongTheRecordsOfACutAnswerIsAnError) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"junk-0001", "junk-0002"});
  b.Find("ville.fr", dns_type::kTxt)->truncated = true;
  Finding f = Spf(&CheckSpfRecord, b, "MAIL-SPF-01");
  EXPECT_EQ(f.outcome, Outcome::kError);
  EXPECT_NE(f.evidence.find("cut"), std::string::npos) << f.evidence;
  // A record kept before the cut is judged as usual.
  b.Txt("ville.fr", {"v=spf1 -all", "junk"});
  b.Find("ville.fr", dns_type::kTxt)->truncated = true;
  EXPECT_EQ(Spf(&CheckSpfRecord, b, "MAIL-SPF-01").outcome, Outcome::kPass);
}

TEST(MailSpfTest, TimeoutIsErrorAndNxdomainIsEvidence) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Status("ville.fr", dns_type::kTxt, ProbeStatus::kTimeout);
  EXPECT_EQ(Spf(&CheckSpfRecord, b, "MAIL-SPF-01").outcome, Outcome::kError);
  EXPECT_EQ(Spf(&CheckSpfPolicy, b, "MAIL-SPF-03").outcome, Outcome::kError);
  b.Status("ville.fr", dns_type::kTxt, ProbeStatus::kNxDomain);
  EXPECT_EQ(Spf(&CheckSpfRecord, b, "MAIL-SPF-01").outcome, Outcome::kFail);
  b.Remove("ville.fr", dns_type::kTxt);
  EXPECT_EQ(Spf(&CheckSpfRecord, b, "MAIL-SPF-01").outcome, Outcome::kNotTested);
}

// include chain: ville.fr → i1 → i2 → ... → i12, each one include deep.
MailObsBuilder ChainOf(int n) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"v=spf1 include:i1.example.net -all"});
  for (int i = 1; i <= n; ++i) {
    std::string next = i < n ? " include:i" + std::to_string(i + 1) + ".example.net" : "";
    b.Txt("i" + std::to_string(i) + ".example.net", {"v=spf1 ip4:198.51.100." + std::to_string(i) + next + " -all"});
  }
  return b;
}

TEST(MailSpfTest, IncludeChainOverTenFails) {
  EXPECT_EQ(Spf(&CheckSpfEvaluable, ChainOf(10), "MAIL-SPF-02").outcome, Outcome::kPass);
  Finding f = Spf(&CheckSpfEvaluable, ChainOf(11), "MAIL-SPF-02");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_NE(f.detail.find("too_many_dns_terms"), std::string::npos);
}

TEST(MailSpfTest, ExpandSpfTreeAsksUntilComplete) {
  MailObsBuilder full = ChainOf(3);
  MailObsBuilder b;
  b.MailDomain("ville.fr");
  ObservationsSpfDns dns(b.obs());
  int rounds = 0;
  while (true) {
    SpfTree t = ExpandSpfTree("ville.fr", dns);
    if (t.complete()) {
      EXPECT_EQ(t.dns_terms, 3);
      EXPECT_EQ(t.nodes.size(), 4u);
      break;
    }
    ASSERT_LT(++rounds, 10);
    for (const auto& [name, type] : t.needed) {
      DnsResult* r = full.Find(name, type);
      ASSERT_NE(r, nullptr) << name;
      b.obs().dns.push_back(*r);
    }
  }
  EXPECT_EQ(rounds, 4);  // root, i1, i2, i3
}

TEST(MailSpfTest, BoundedExpansionOfAnEndlessTree) {
  MailObsBuilder b = ChainOf(60);
  SpfTree t = ExpandSpfTree("ville.fr", *std::make_unique<ObservationsSpfDns>(b.Build()));
  EXPECT_TRUE(t.dns_terms_bounded);
  EXPECT_LE(t.dns_terms, kSpfExpandTermBound + 1);
  EXPECT_TRUE(t.permerror());
}

TEST(MailSpfTest, VoidLookupsOverTwoFail) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"v=spf1 a:gone1.ville.fr a:gone2.ville.fr exists:gone3.ville.fr -all"});
  for (const char* n : {"gone1.ville.fr", "gone2.ville.fr", "gone3.ville.fr"}) {
    b.Status(n, dns_type::kA, ProbeStatus::kNxDomain);
    b.Status(n, dns_type::kAaaa, ProbeStatus::kNxDomain);
  }
  Finding f = Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_NE(f.detail.find("void"), std::string::npos);
  // Two voids are within the limit.
  b.Txt("ville.fr", {"v=spf1 a:gone1.ville.fr a:gone2.ville.fr -all"});
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kPass);
}

TEST(MailSpfTest, LoopAndMissingIncludeTargetFail) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"v=spf1 include:a.example.net -all"});
  b.Txt("a.example.net", {"v=spf1 include:ville.fr -all"});
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kFail);
  b.Status("a.example.net", dns_type::kTxt, ProbeStatus::kNxDomain);
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kFail);
  b.Status("a.example.net", dns_type::kTxt, ProbeStatus::kServFail);
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kError);
}

TEST(MailSpfTest, PtrIsPartialAndSyntaxErrorFails) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"v=spf1 ptr -all"});
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kPartial);
  b.Txt("ville.fr", {"v=spf1 ip4:192.0.2.300 -all"});
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kFail);
}

TEST(MailSpfTest, SenderMacrosAreCountedNotExpanded) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"v=spf1 exists:%{i}._spf.%{d} include:%{d2}.example.net -all"});
  b.Txt("ville.fr.example.net", {"v=spf1 -all"});
  SpfTree t = ExpandSpfTree("ville.fr", *std::make_unique<ObservationsSpfDns>(b.Build()));
  EXPECT_TRUE(t.complete());
  EXPECT_EQ(t.dns_terms, 2);
  EXPECT_EQ(t.macro_terms, 1);
  EXPECT_EQ(Spf(&CheckSpfEvaluable, b, "MAIL-SPF-02").outcome, Outcome::kPass);
}

TEST(MailSpfTest, TerminalPolicies) {
  struct Case {
    const char* record;
    Outcome outcome;
    Severity severity;
  } cases[] = {
      {"v=spf1 mx -all", Outcome::kPass, Severity::kMedium},
      {"v=spf1 mx ~all", Outcome::kPartial, Severity::kMedium},
      {"v=spf1 mx ?all", Outcome::kFail, Severity::kMedium},
      {"v=spf1 mx", Outcome::kFail, Severity::kMedium},
      {"v=spf1 mx +all", Outcome::kFail, Severity::kCritical},
      {"v=spf1 mx all", Outcome::kFail, Severity::kCritical},
      {"v=spf1 ip4:0.0.0.0/1 -all", Outcome::kFail, Severity::kCritical},
  };
  for (const Case& c : cases) {
    MailObsBuilder b;
    b.GoodDomain("ville.fr").Txt("ville.fr", {c.record});
    Finding f = Spf(&CheckSpfPolicy, b, "MAIL-SPF-03");
    EXPECT_EQ(f.outcome, c.outcome) << c.record;
    EXPECT_EQ(f.severity, c.severity) << c.record;
  }
}

TEST(MailSpfTest, RedirectCarriesTheTargetsPolicy) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"v=spf1 redirect=_spf.agglo.fr"});
  b.Txt("_spf.agglo.fr", {"v=spf1 ip4:203.0.113.0/24 ~all"});
  EXPECT_EQ(Spf(&CheckSpfPolicy, b, "MAIL-SPF-03").outcome, Outcome::kPartial);
  b.Txt("_spf.agglo.fr", {"v=spf1 ip4:203.0.113.0/24 -all"});
  EXPECT_EQ(Spf(&CheckSpfPolicy, b, "MAIL-SPF-03").outcome, Outcome::kPass);
  b.Remove("_spf.agglo.fr", dns_type::kTxt);
  EXPECT_EQ(Spf(&CheckSpfPolicy, b, "MAIL-SPF-03").outcome, Outcome::kNotTested);
}

TEST(MailSpfTest, IncludeOfPlusAllIsCritical) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("ville.fr", {"v=spf1 include:lax.example.net -all"});
  b.Txt("lax.example.net", {"v=spf1 +all"});
  Finding f = Spf(&CheckSpfPolicy, b, "MAIL-SPF-03");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kCritical);
}

TEST(MailSpfTest, CheckHostOverObservations) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr");
  ObservationsSpfDns dns(b.Build());
  EXPECT_EQ(CheckHost("192.0.2.25", "ville.fr", "a@ville.fr", "mx1.ville.fr", dns).code, SpfResultCode::kPass);
  EXPECT_EQ(CheckHost("198.51.100.1", "ville.fr", "a@ville.fr", "x.example", dns).code, SpfResultCode::kFail);
  // A missing answer (nullptr) is a temperror for check_host().
  EXPECT_EQ(CheckHost("192.0.2.25", "autre.fr", "a@autre.fr", "x", dns).code, SpfResultCode::kTempError);
}

}  // namespace
}  // namespace posture::testing
