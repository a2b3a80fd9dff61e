// MAIL-DMARC-01/02/03: discovery, policy levels, reporting.
#include <gtest/gtest.h>

#include "checks/mail/mail_common.h"
#include "checks/mail/mail_plan.h"
#include "checks/parse/psl.h"
#include "tests/checks/mail_builder_testlib.h"

namespace posture::testing {
namespace {

Finding Run1(CheckFunction f, const MailObsBuilder& b, const char* code, const std::string& d = "ville.fr") {
  return OneFinding(RunCheck(f, b.Build()), code, d);
}

MailObsBuilder WithDmarc(const std::string& record) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Txt("_dmarc.ville.fr", {record});
  return b;
}

TEST(MailDmarcTest, MissingInvalidAndSeveralRecordsFailHigh) {
  MailObsBuilder b;
  b.GoodDomain("ville.fr").Status("_dmarc.ville.fr", dns_type::kTxt, ProbeStatus::kNxDomain);
  Finding f = Run1(&mail::CheckDmarcRecord, b, "MAIL-DMARC-01");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(Run1(&mail::CheckDmarcRecord, WithDmarc("v=DMARC1; sp=reject"), "MAIL-DMARC-01").outcome, Outcome::kFail);
  // v=DMARC1 not first: not a DMARC record; ville.fr is its own organisational domain.
  EXPECT_EQ(Run1(&mail::CheckDmarcRecord, WithDmarc("p=reject; v=DMARC1"), "MAIL-DMARC-01").outcome, Outcome::kFail);
  b.Txt("_dmarc.ville.fr", {"v=DMARC1; p=reject", "v=DMARC1; p=none"});
  EXPECT_EQ(Run1(&mail::CheckDmarcRecord, b, "MAIL-DMARC-01").outcome, Outcome::kFail);
  EXPECT_EQ(Run1(&mail::CheckDmarcPolicy, b, "MAIL-DMARC-02").outcome, Outcome::kNotApplicable);
  b.Status("_dmarc.ville.fr", dns_type::kTxt, ProbeStatus::kTimeout);
  EXPECT_EQ(Run1(&mail::CheckDmarcRecord, b, "MAIL-DMARC-01").outcome, Outcome::kError);
}

// An answer cut by posture's caps without a DMARC record among those kept:
// the record may be among those dropped, so the discovery stops with an error
// instead of walking up to the organisational domain or saying "none".
TEST(MailDmarcTest, NoRecordAmongTheRecordsOfACutAnswerIsAnError) {
  MailObsBuilder b = WithDmarc("junk");
  b.Find("_dmarc.ville.fr", dns_type::kTxt)->truncated = true;
  EXPECT_EQ(Run1(&mail::CheckDmarcRecord, b, "MAIL-DMARC-01").outcome, Outcome::kError);
  b.Txt("_dmarc.ville.fr", {"v=DMARC1; p=reject", "junk"});
  b.Find("_dmarc.ville.fr", dns_type::kTxt)->truncated = true;
  EXPECT_EQ(Run1(&mail::CheckDmarcRecord, b, "MAIL-DMARC-01").outcome, Outcome::kPass);
}

TEST(MailDmarcTest, InvalidOptionalTagsArePartial) {
  Finding f = Run1(&mail::CheckDmarcRecord, WithDmarc("v=DMARC1; p=reject; pct=150; adkim=x"), "MAIL-DMARC-01");
  EXPECT_EQ(f.outcome, Outcome::kPartial);
}

TEST(MailDmarcTest, InheritedFromTheOrganisationalDomainUsesSp) {
  MailObsBuilder b;
  b.GoodDomain("mairie.ville.fr");
  b.Status("_dmarc.mairie.ville.fr", dns_type::kTxt, ProbeStatus::kNxDomain);
  b.Txt("_dmarc.ville.fr", {"v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@ville.fr"});
  EXPECT_EQ(Run1(&mail::CheckDmarcRecord, b, "MAIL-DMARC-01", "mairie").outcome, Outcome::kPass);
  Finding f = Run1(&mail::CheckDmarcPolicy, b, "MAIL-DMARC-02", "mairie");
  EXPECT_EQ(f.outcome, Outcome::kPartial);
  EXPECT_NE(f.detail.find("sp=quarantine"), std::string::npos);
}

TEST(MailDmarcTest, PolicyLevels) {
  struct Case {
    const char* record;
    Outcome outcome;
  } cases[] = {
      {"v=DMARC1; p=reject", Outcome::kPass},
      {"v=DMARC1; p=quarantine", Outcome::kPartial},
      {"v=DMARC1; p=none", Outcome::kFail},
      {"v=DMARC1; p=reject; pct=50", Outcome::kPartial},
      {"v=DMARC1; p=quarantine; pct=50", Outcome::kPartial},  // RFC 9989 A.6: 1..99 keeps the level
      {"v=DMARC1; p=reject; pct=0", Outcome::kPartial},       // pct=0 is t=y
      {"v=DMARC1; p=quarantine; pct=0", Outcome::kFail},
      {"v=DMARC1; p=reject; pct=100", Outcome::kPass},
      {"v=DMARC1; p=reject; t=y", Outcome::kPartial},
      {"v=DMARC1; p=quarantine; t=y", Outcome::kFail},
      {"v=DMARC1; p=reject; sp=none", Outcome::kPass},  // sp is for subdomains
      {"v=DMARC1; rua=mailto:d@ville.fr", Outcome::kFail},  // no p, valid rua: p=none
  };
  for (const Case& c : cases) {
    Finding f = Run1(&mail::CheckDmarcPolicy, WithDmarc(c.record), "MAIL-DMARC-02");
    EXPECT_EQ(f.outcome, c.outcome) << c.record;
    EXPECT_EQ(f.severity, Severity::kHigh);
  }
}

TEST(MailDmarcTest, EffectivePolicyForNonExistentSubdomainsUsesNp) {
  DmarcRecord r = ParseDmarcRecord("v=DMARC1; p=reject; sp=quarantine; np=none");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(EffectiveDmarcPolicy(r, false).effective, DmarcPolicy::kReject);
  EXPECT_EQ(EffectiveDmarcPolicy(r, true).effective, DmarcPolicy::kQuarantine);
  EXPECT_EQ(EffectiveDmarcPolicy(r, true, false).effective, DmarcPolicy::kNone);
  EXPECT_STREQ(EffectiveDmarcPolicy(r, true, false).from_tag, "np");
}

TEST(MailDmarcTest, ReportsLocalExternalAuthorisedOrNot) {
  EXPECT_EQ(Run1(&mail::CheckDmarcReports, WithDmarc("v=DMARC1; p=reject"), "MAIL-DMARC-03").outcome, Outcome::kFail);
  EXPECT_EQ(Run1(&mail::CheckDmarcReports, WithDmarc("v=DMARC1; p=reject; rua=mailto:d@ville.fr"), "MAIL-DMARC-03").outcome,
            Outcome::kPass);
  MailObsBuilder b = WithDmarc("v=DMARC1; p=reject; rua=mailto:rua@dmarc.example.net");
  EXPECT_EQ(Run1(&mail::CheckDmarcReports, b, "MAIL-DMARC-03").outcome, Outcome::kNotTested);
  std::vector<std::string> names =
      DmarcReportAuthorisationNames("ville.fr", ParseDmarcRecord("v=DMARC1; p=reject; rua=mailto:rua@dmarc.example.net"), nullptr);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0], "ville.fr._report._dmarc.dmarc.example.net");
  b.Txt(names[0], {"v=DMARC1"});
  EXPECT_EQ(Run1(&mail::CheckDmarcReports, b, "MAIL-DMARC-03").outcome, Outcome::kPass);
  b.Status(names[0], dns_type::kTxt, ProbeStatus::kNxDomain);
  // The only destination discards the reports (RFC 7489 §7.1): as good as no rua.
  Finding f = Run1(&mail::CheckDmarcReports, b, "MAIL-DMARC-03");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kLow);
  // Another destination still receives them: partial.
  MailObsBuilder two = WithDmarc("v=DMARC1; p=reject; rua=mailto:d@ville.fr,mailto:rua@dmarc.example.net");
  two.Status(names[0], dns_type::kTxt, ProbeStatus::kNxDomain);
  Finding g = Run1(&mail::CheckDmarcReports, two, "MAIL-DMARC-03");
  EXPECT_EQ(g.outcome, Outcome::kPartial);
  EXPECT_EQ(g.severity, Severity::kLow);
}

TEST(MailDmarcTest, DiscoveryNames) {
  EXPECT_EQ(DmarcDiscoveryNames("ville.fr", nullptr), (std::vector<std::string>{"_dmarc.ville.fr"}));
  EXPECT_EQ(DmarcDiscoveryNames("a.b.ville.fr", nullptr),
            (std::vector<std::string>{"_dmarc.a.b.ville.fr", "_dmarc.b.ville.fr", "_dmarc.ville.fr"}));
  PublicSuffixList psl = PublicSuffixList::Parse("fr\ngouv.fr\n");
  EXPECT_EQ(DmarcDiscoveryNames("mairie.ville.gouv.fr", &psl),
            (std::vector<std::string>{"_dmarc.mairie.ville.gouv.fr", "_dmarc.ville.gouv.fr", "_dmarc.gouv.fr"}));
  std::vector<std::string> deep = DmarcDiscoveryNames("a.b.c.d.e.f.g.h.i.j.ville.fr", nullptr);
  EXPECT_LE(deep.size(), 8u);
  EXPECT_EQ(deep.front(), "_dmarc.a.b.c.d.e.f.g.h.i.j.ville.fr");
  EXPECT_EQ(deep[1], "_dmarc.f.g.h.i.j.ville.fr");  // shortened to 7 labels (RFC 9989)
  EXPECT_EQ(deep.back(), "_dmarc.ville.fr");
}

}  // namespace
}  // namespace posture::testing
