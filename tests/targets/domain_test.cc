// Domain, e-mail and phone normalisation (targets/domain.h).
#include "targets/domain.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

struct WebCase {
  const char* input;
  const char* domain;    // expected domain, or nullptr when rejected
  const char* web_host;  // expected web host; when rejected, a word of the reason
};

class WebAddressTest : public ::testing::TestWithParam<WebCase> {};

TEST_P(WebAddressTest, Normalises) {
  const WebCase& c = GetParam();
  auto d = NormalizeWebAddress(c.input);
  if (c.domain == nullptr) {
    ASSERT_FALSE(d.ok()) << c.input << " gave " << d->domain;
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(d.status().message().find(c.web_host), std::string::npos)
        << "reason for " << c.input << ": " << d.status().message();
    return;
  }
  ASSERT_TRUE(d.ok()) << c.input << ": " << d.status().message();
  EXPECT_EQ(d->domain, c.domain) << c.input;
  EXPECT_EQ(d->web_host, c.web_host) << c.input;
}

INSTANTIATE_TEST_SUITE_P(
    Table, WebAddressTest,
    ::testing::Values(
        WebCase{"http://www.Ville-X.fr/accueil", "ville-x.fr", "www.ville-x.fr"},
        WebCase{"https://ville-x.fr", "ville-x.fr", "ville-x.fr"},
        WebCase{"ville-x.fr", "ville-x.fr", "ville-x.fr"},
        WebCase{"  www.ville-x.fr.  ", "ville-x.fr", "www.ville-x.fr"},
        WebCase{"HTTPS://WWW.VILLE-X.FR:443/", "ville-x.fr", "www.ville-x.fr"},
        WebCase{"http://user:secret@www.ville-x.fr:8080/a?b=c#d", "ville-x.fr", "www.ville-x.fr"},
        WebCase{"//www.ville-x.fr/path", "ville-x.fr", "www.ville-x.fr"},
        WebCase{"www.ville-x.fr?page=1", "ville-x.fr", "www.ville-x.fr"},
        WebCase{"mairie.ville-x.fr", "mairie.ville-x.fr", "mairie.ville-x.fr"},
        WebCase{"www.fr", "www.fr", "www.fr"},  // "www" is not stripped down to a TLD
        WebCase{"mairie-\xc3\xa9vry.fr", "xn--mairie-vry-h7a.fr", "xn--mairie-vry-h7a.fr"},
        WebCase{"http://www.Mairie-\xc3\x89vry.FR/", "xn--mairie-vry-h7a.fr",
                "www.xn--mairie-vry-h7a.fr"},
        // Non-transitional processing: ß stays ß (xn--fa-hia), not "fass".
        WebCase{"fa\xc3\x9f.de", "xn--fa-hia.de", "xn--fa-hia.de"},
        WebCase{"xn--mairie-vry-h7a.fr", "xn--mairie-vry-h7a.fr", "xn--mairie-vry-h7a.fr"},
        // Rejected, with a word of the reason.
        WebCase{"", nullptr, "empty"},
        WebCase{"http://192.168.1.10/", nullptr, "IP address"},
        WebCase{"10.0.0.1", nullptr, "IP address"},
        WebCase{"http://[2001:db8::1]/", nullptr, "IP address"},
        WebCase{"localhost", nullptr, "single label"},
        WebCase{"http://intranet/", nullptr, "single label"},
        WebCase{"ville x.fr", nullptr, "spaces"},
        WebCase{"ville_x.fr", nullptr, "`_`"},
        WebCase{"-ville.fr", nullptr, "hyphen"},
        WebCase{"ville..fr", nullptr, "empty label"},
        WebCase{"ville.123", nullptr, "top-level"},
        WebCase{"ftp://ville-x.fr/", nullptr, "not a web address"},
        WebCase{"mairie@ville-x.fr", nullptr, "e-mail"},
        WebCase{"mailto:mairie@ville-x.fr", nullptr, "e-mail"},
        WebCase{"http://ville-x.fr:80a/", nullptr, "port"},
        WebCase{"https://www.facebook.com/MairieDeX", nullptr, "shared platform"},
        WebCase{"sites.google.com/site/mairiex", nullptr, "shared platform"},
        WebCase{"http://", nullptr, "no host"}));

TEST(WebAddressTest, RejectsOverlongLabelAndName) {
  std::string label(64, 'a');
  EXPECT_FALSE(NormalizeWebAddress(label + ".fr").ok());
  EXPECT_TRUE(NormalizeWebAddress(std::string(63, 'a') + ".fr").ok());
  std::string name;
  for (int i = 0; i < 5; ++i) name += std::string(60, 'b') + ".";
  name += "fr";  // 5*61 + 2 = 307 bytes
  auto d = NormalizeWebAddress(name);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("253"), std::string::npos);
}

TEST(WebAddressTest, RejectsInvalidInternationalisedName) {
  // U+2764 (heavy black heart) is not allowed in IDNA2008 domain names.
  auto d = NormalizeWebAddress("mairie-\xe2\x9d\xa4.fr");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("internationalised"), std::string::npos);
}

TEST(HostNameTest, CanonicalForm) {
  EXPECT_EQ(NormalizeHostName("WWW.Ville-X.FR.").value(), "www.ville-x.fr");
  EXPECT_FALSE(NormalizeHostName("ville-x.fr:443").ok());
  EXPECT_FALSE(NormalizeHostName("1.2.3.4").ok());
  EXPECT_FALSE(NormalizeHostName(std::string("a\0b.fr", 6)).ok());
}

struct EmailCase {
  const char* input;
  const char* expected;  // nullptr when rejected
};

class EmailTest : public ::testing::TestWithParam<EmailCase> {};

TEST_P(EmailTest, Normalises) {
  const EmailCase& c = GetParam();
  auto e = NormalizeEmail(c.input);
  if (c.expected == nullptr) {
    EXPECT_FALSE(e.ok()) << c.input << " gave " << *e;
    return;
  }
  ASSERT_TRUE(e.ok()) << c.input << ": " << e.status().message();
  EXPECT_EQ(*e, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EmailTest,
    ::testing::Values(EmailCase{"mairie@ville-x.fr", "mairie@ville-x.fr"},
                      EmailCase{"Accueil.Mairie@Ville-X.FR", "Accueil.Mairie@ville-x.fr"},
                      EmailCase{" mailto:contact@ville-x.fr ", "contact@ville-x.fr"},
                      EmailCase{"mairie@mairie-\xc3\xa9vry.fr", "mairie@xn--mairie-vry-h7a.fr"},
                      EmailCase{"mairie.x+info@wanadoo.fr", "mairie.x+info@wanadoo.fr"},
                      EmailCase{"", nullptr}, EmailCase{"mairie", nullptr},
                      EmailCase{"@ville-x.fr", nullptr}, EmailCase{"mairie@", nullptr},
                      EmailCase{"mairie@localhost", nullptr},
                      EmailCase{"mai rie@ville-x.fr", nullptr},
                      EmailCase{".mairie@ville-x.fr", nullptr},
                      EmailCase{"mairie..x@ville-x.fr", nullptr},
                      EmailCase{"mairie@10.0.0.1", nullptr},
                      EmailCase{"mairie@ville_x.fr", nullptr},
                      EmailCase{"m\xc3\xa9rie@ville-x.fr", nullptr}));

TEST(EmailTest, RejectsOverlongLocalPart) {
  EXPECT_FALSE(NormalizeEmail(std::string(65, 'a') + "@ville-x.fr").ok());
  EXPECT_TRUE(NormalizeEmail(std::string(64, 'a') + "@ville-x.fr").ok());
}

TEST(PhoneTest, Normalises) {
  EXPECT_EQ(NormalizePhone("01 64 38 30 52").value(), "01 64 38 30 52");
  EXPECT_EQ(NormalizePhone(" 01\xc2\xa0" "64  38 30 52 ").value(), "01 64 38 30 52");
  EXPECT_EQ(NormalizePhone("+33 (0)1 64 38 30 52").value(), "+33 (0)1 64 38 30 52");
  EXPECT_EQ(NormalizePhone("01.64.38.30.52").value(), "01.64.38.30.52");
  EXPECT_FALSE(NormalizePhone("").ok());
  EXPECT_FALSE(NormalizePhone("mairie").ok());
  EXPECT_FALSE(NormalizePhone("01 64 38 30 52 ext. 12").ok());
  EXPECT_FALSE(NormalizePhone("12").ok());
}

TEST(SharedPlatformTest, Recognises) {
  EXPECT_TRUE(IsSharedPlatform("facebook.com"));
  EXPECT_TRUE(IsSharedPlatform("m.facebook.com"));
  EXPECT_FALSE(IsSharedPlatform("notfacebook.com"));
  EXPECT_FALSE(IsSharedPlatform("ville-x.fr"));
}

}  // namespace
}  // namespace posture
