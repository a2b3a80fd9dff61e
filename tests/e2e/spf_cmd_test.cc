// `posture spf DOMAIN --ip IP` over the lab's DNS (the validating resolver):
// check_host() results for the lab's SPF records, the exp= explanation, and
// temperror under the DNSSEC-bogus zone. (The resolver that never answers is
// tests/cli/spf_cmd_test.cc.)
#include <gtest/gtest.h>

#include <set>

#include "checks/base/strings.h"
#include "tests/e2e/lab_testlib.h"

namespace posture::e2e {
namespace {

struct SpfCase {
  const char* domain;
  const char* ip;
  const char* result;
  const char* why;
};

TEST(LabSpfCommandTest, CheckHostOverTheLabDns) {
  ASSERT_TRUE(LabIsUp());
  const SpfCase cases[] = {
      {"versailles.idf.test", "127.10.25.1", "pass", "mx"},
      {"versailles.idf.test", "127.99.0.1", "fail", "-all"},
      {"versailles.idf.test", "2001:db8::25", "fail", "-all, IPv6"},
      {"saint-denis.idf.test", "127.99.0.1", "permerror", "12 DNS-querying terms > 10"},
      {"saint-denis.idf.test", "127.10.25.4", "pass", "mx matches before the limit is reached"},
      {"evry-courcouronnes.idf.test", "127.99.0.1", "permerror", "3 void lookups > 2"},
      {"creteil.idf.test", "127.10.25.3", "permerror", "two v=spf1 records"},
      {"paris.idf.test", "127.10.25.6", "pass", "ip4 through redirect="},
      {"paris.idf.test", "127.99.0.1", "fail", "-all through redirect="},
      {"montreuil.idf.test", "127.99.0.1", "softfail", "~all"},
      {"boulogne-billancourt.idf.test", "127.99.0.1", "neutral", "?all"},
      {"sarcelles.idf.test", "192.0.2.1", "pass", "+all"},
      {"aulnay-sous-bois.idf.test", "127.10.25.100", "none", "no SPF record"},
      {"gmail.com", "127.20.3.7", "pass", "redirect + include of _netblocks2"},
      {"saint-ouen-sur-seine.idf.test", "127.10.25.100", "temperror", "SERVFAIL (DNSSEC bogus)"},
  };
  const std::set<std::string> kResults = {"pass", "fail", "softfail", "neutral", "none", "permerror",
                                          "temperror"};
  for (const SpfCase& c : cases) {
    std::vector<std::string> args = {"spf", c.domain, "--ip", c.ip, "--resolver", LabResolver()};
    CommandResult r = RunPosture(args, 60);
    ASSERT_EQ(r.exit_code, 0) << Describe(args) << ": " << r.err;
    std::string first = r.out.substr(0, r.out.find('\n'));
    EXPECT_EQ(kResults.count(first), 1u) << "first line: " << first;
    EXPECT_EQ(first, c.result) << Describe(args) << " (" << c.why << ")\n" << r.out;
  }
}

TEST(LabSpfCommandTest, FailPrintsTheExpandedExplanation) {
  ASSERT_TRUE(LabIsUp());
  // versailles.idf.test: "v=spf1 mx -all exp=explication._spf.%{d}" and the
  // explanation TXT "%{i} n'est pas un serveur d'envoi de %{d}: voir ...".
  CommandResult r = RunPosture({"spf", "versailles.idf.test", "--ip", "127.99.0.1", "--sender",
                                "alice@versailles.idf.test", "--helo", "mail.example.test",
                                "--resolver", LabResolver()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "fail");
  EXPECT_NE(r.out.find("explanation: 127.99.0.1 n'est pas un serveur d'envoi de versailles.idf.test"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("sender alice@versailles.idf.test, helo mail.example.test"), std::string::npos) << r.out;
  // A pass prints no explanation.
  r = RunPosture({"spf", "versailles.idf.test", "--ip", "127.10.25.1", "--resolver", LabResolver()});
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "pass");
  EXPECT_EQ(r.out.find("explanation:"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace posture::e2e
