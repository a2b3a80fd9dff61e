// The baseline "good domain" passes every mail check; missing observations
// give not_tested; every emitted code has a catalogue entry.
#include <gtest/gtest.h>

#include "checks/catalogue.h"
#include "checks/mail/mail_checks.h"
#include "tests/checks/mail_builder_testlib.h"

namespace posture::testing {
namespace {

TEST(MailBaselineTest, GoodDomainPassesEveryCheck) {
  MailObsBuilder b;
  b.Email("mairie@ville.fr").WebDomain("ville.fr").GoodDomain("ville.fr");
  TlsEndpoint web;
  web.sni = "www.ville.fr";
  web.context = "https";
  CertInfo leaf;
  leaf.issuer = "CN=R11,O=Let's Encrypt,C=US";
  web.chain.push_back(leaf);
  b.HttpsEndpoint(web);
  for (const CheckInfo& c : MailChecks()) {
    std::vector<Finding> f = RunCheck(c.run, b.Build());
    ASSERT_FALSE(f.empty()) << c.code;
    for (const Finding& x : f) {
      EXPECT_EQ(x.code, c.code);
      Outcome want = std::string(c.code) == "MAIL-MX-01"     ? Outcome::kInfo
                     : std::string(c.code) == "MAIL-NULL-01" ? Outcome::kNotApplicable
                                                             : Outcome::kPass;
      EXPECT_EQ(x.outcome, want) << c.code << " " << x.subject << ": " << x.detail << " | " << x.evidence;
    }
  }
}

TEST(MailBaselineTest, NothingAskedGivesNotTested) {
  MailObsBuilder b;
  b.Email("mairie@ville.fr").MailDomain("ville.fr").WebDomain("ville.fr");
  for (const CheckInfo& c : MailChecks()) {
    if (std::string(c.code) == "MAIL-OWN-01") continue;
    for (const Finding& x : RunCheck(c.run, b.Build()))
      EXPECT_EQ(x.outcome, Outcome::kNotTested) << c.code << " " << x.detail;
  }
}

TEST(MailBaselineTest, EveryCodeHasACatalogueEntryInBothLanguages) {
  for (const CheckInfo& c : MailChecks()) {
    const CatalogueEntry* e = FindCatalogueEntry(c.code);
    ASSERT_NE(e, nullptr) << c.code;
    for (Lang l : {Lang::kFr, Lang::kEn}) {
      EXPECT_GT(std::string(e->title(l)).size(), 5u) << c.code;
      EXPECT_GT(std::string(e->explain(l)).size(), 60u) << c.code;
      EXPECT_GT(std::string(e->remediation(l)).size(), 40u) << c.code;
    }
    EXPECT_GT(std::string(e->reference).size(), 3u) << c.code;
    EXPECT_GE(c.version, 1);
  }
  EXPECT_EQ(MailCatalogue().size(), MailChecks().size());
}

TEST(MailBaselineTest, CategoriesFollowTheIssue) {
  auto cat = [](const char* code) { return FindCatalogueEntry(code)->category; };
  EXPECT_EQ(cat("MAIL-OWN-01"), Category::kMailAuth);
  EXPECT_EQ(cat("MAIL-NULL-01"), Category::kMailAuth);
  EXPECT_EQ(cat("MAIL-TLS-03"), Category::kMailTransport);
  EXPECT_EQ(cat("MAIL-DANE-01"), Category::kMailTransport);
  EXPECT_EQ(cat("DNS-DNSSEC-01"), Category::kDns);
  EXPECT_EQ(cat("DNS-CAA-01"), Category::kDns);
}

}  // namespace
}  // namespace posture::testing
