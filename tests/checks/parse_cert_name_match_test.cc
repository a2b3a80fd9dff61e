#include "checks/parse/cert_name_match.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(ParseCertNameMatchTest, ExactCaseInsensitiveTrailingDot) {
  EXPECT_TRUE(MatchPresentedDnsName("www.ville.idf.test", "WWW.Ville.IDF.test"));
  EXPECT_TRUE(MatchPresentedDnsName("www.ville.idf.test.", "www.ville.idf.test"));
  EXPECT_FALSE(MatchPresentedDnsName("ville.idf.test", "www.ville.idf.test"));
  EXPECT_FALSE(MatchPresentedDnsName("", ""));
  EXPECT_FALSE(MatchPresentedDnsName("a..b.test", "a..b.test"));
}

TEST(ParseCertNameMatchTest, WildcardOnlyWholeLeftMostLabelOneLevel) {
  EXPECT_TRUE(MatchPresentedDnsName("a.example.fr", "*.example.fr"));
  EXPECT_TRUE(MatchPresentedDnsName("WWW.EXAMPLE.FR", "*.example.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("a.b.example.fr", "*.example.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("example.fr", "*.example.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("www.example.fr", "w*.example.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("www.example.fr", "*w.example.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("www.example.fr", "www.*.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("a.example.fr", "*.*.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("example.fr", "*.fr"));  // fewer than two labels after *
  EXPECT_FALSE(MatchPresentedDnsName("x.example.fr", "*"));
}

TEST(ParseCertNameMatchTest, WildcardOnPublicSuffixRefused) {
  PublicSuffixPredicate psl = [](std::string_view s) { return s == "gouv.fr" || s == "fr"; };
  EXPECT_FALSE(MatchPresentedDnsName("mairie.gouv.fr", "*.gouv.fr", psl));
  EXPECT_TRUE(MatchPresentedDnsName("mairie.gouv.fr", "*.gouv.fr"));  // without the list
  EXPECT_TRUE(MatchPresentedDnsName("a.ville.fr", "*.ville.fr", psl));
}

TEST(ParseCertNameMatchTest, IdnALabels) {
  EXPECT_TRUE(MatchPresentedDnsName("xn--chteau-bya.example.fr", "XN--CHTEAU-BYA.example.fr"));
  EXPECT_TRUE(MatchPresentedDnsName("xn--chteau-bya.example.fr", "*.example.fr"));
  EXPECT_FALSE(MatchPresentedDnsName("xn--chteau-bya.example.fr", "ch\xC3\xA2teau.example.fr"));
}

TEST(ParseCertNameMatchTest, SanBeforeCn) {
  // CN is ignored when there is any dNSName.
  CertNameResult r = MatchCertificateName("www.ville.fr", {"ville.fr"}, "www.ville.fr");
  EXPECT_EQ(r.match, CertNameMatch::kNone);
  r = MatchCertificateName("www.ville.fr", {}, "www.ville.fr");
  EXPECT_EQ(r.match, CertNameMatch::kCommonName);
  r = MatchCertificateName("www.ville.fr", {"ville.fr", "*.ville.fr"}, "");
  EXPECT_EQ(r.match, CertNameMatch::kSan);
  EXPECT_EQ(r.matched, "*.ville.fr");
}

}  // namespace
}  // namespace posture
