// DNS-CAA-01: judged on the web domains against the website's certificate;
// a collectivity without a website gets one not_applicable finding.
#include <gtest/gtest.h>

#include "checks/mail/mail_common.h"
#include "tests/checks/mail_builder_testlib.h"

namespace posture::testing {
namespace {

MailObsBuilder SiteWithIssuer(const std::string& issuer) {
  MailObsBuilder b;
  b.Email("mairie@ville.fr").WebDomain("ville.fr").GoodDomain("ville.fr");
  TlsEndpoint web;
  web.sni = "www.ville.fr";
  web.context = "https";
  CertInfo leaf;
  leaf.issuer = issuer;
  web.chain.push_back(leaf);
  b.HttpsEndpoint(web);
  return b;
}

TEST(MailCaaTest, AuthorisingTheIssuerSeenPasses) {
  MailObsBuilder b = SiteWithIssuer("CN=R11,O=Let's Encrypt,C=US");
  Finding f = OneFinding(RunCheck(&mail::CheckCaa, b.Build()), "DNS-CAA-01", "ville.fr");
  EXPECT_EQ(f.outcome, Outcome::kPass);
}

TEST(MailCaaTest, NotAuthorisingTheIssuerSeenFailsLow) {
  MailObsBuilder b = SiteWithIssuer("CN=Some CA,O=Other Authority,C=FR");
  Finding f = OneFinding(RunCheck(&mail::CheckCaa, b.Build()), "DNS-CAA-01", "ville.fr");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kLow);
}

TEST(MailCaaTest, AbsentIsInfo) {
  MailObsBuilder b = SiteWithIssuer("CN=R11,O=Let's Encrypt,C=US");
  b.Status("ville.fr", dns_type::kCaa, ProbeStatus::kNoData);
  Finding f = OneFinding(RunCheck(&mail::CheckCaa, b.Build()), "DNS-CAA-01", "ville.fr");
  EXPECT_EQ(f.outcome, Outcome::kInfo);
}

TEST(MailCaaTest, MailOnlyDomainsAreNotJudgedAndNoWebsiteIsNotApplicable) {
  MailObsBuilder b;
  b.Email("mairie@ville.fr").MailDomain("ville.fr").GoodDomain("ville.fr");
  std::vector<Finding> f = RunCheck(&mail::CheckCaa, b.Build());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, "DNS-CAA-01");
  EXPECT_EQ(f[0].outcome, Outcome::kNotApplicable);
  EXPECT_EQ(f[0].subject, "ville.fr");
}

}  // namespace
}  // namespace posture::testing
