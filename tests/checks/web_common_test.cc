// Conventions shared by every web check: no website → not_applicable, host
// without address → not_applicable, unknown address → not_tested, several
// IPs aggregated with the worst (subject names host and IP).
#include <gtest/gtest.h>

#include "checks/web/web_checks.h"
#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

TEST(WebCommonTest, HealthySiteHasNoProblemAnywhere) {
  TargetObservations obs = GoodSite();
  for (const CheckInfo& c : WebChecks()) {
    for (const Finding& f : RunCheck(c.code, obs)) {
      EXPECT_FALSE(IsProblem(f.outcome)) << f.code << " " << f.subject << ": " << f.detail;
      EXPECT_NE(f.outcome, Outcome::kError) << f.code << " " << f.detail;
      EXPECT_NE(f.outcome, Outcome::kNotTested) << f.code << " " << f.detail;
    }
  }
}

TEST(WebCommonTest, ApexAndWwwAreBothJudged) {
  TargetObservations obs = GoodSite();
  for (const CheckInfo& c : WebChecks()) {
    if (std::string(c.code) == "WEB-SECTXT-01") continue;  // per domain
    std::vector<Finding> f = RunCheck(c.code, obs);
    ASSERT_EQ(f.size(), 2u) << c.code;
    EXPECT_EQ(f[0].subject.rfind("ville.idf.test", 0), 0u) << c.code;
    EXPECT_EQ(f[1].subject.rfind("www.ville.idf.test", 0), 0u) << c.code;
  }
}

TEST(WebCommonTest, NoWebHostAtAllIsNotApplicable) {
  TargetObservations obs;
  obs.target_key = "commune:1";
  for (const CheckInfo& c : WebChecks()) {
    std::vector<Finding> f = RunCheck(c.code, obs);
    ASSERT_EQ(f.size(), 1u) << c.code;
    EXPECT_EQ(OutcomeName(f[0].outcome), std::string("not_applicable")) << c.code;
  }
}

TEST(WebCommonTest, NoAddressForAnyHostIsNotApplicable) {
  TargetObservations obs;
  obs.web_domains = {"village.idf.test"};
  obs.web_hosts = {"village.idf.test", "www.village.idf.test"};
  for (const std::string& h : obs.web_hosts) {
    obs.dns.push_back(NoAnswer(h, dns_type::kA, ProbeStatus::kNxDomain));
    obs.dns.push_back(NoAnswer(h, dns_type::kAaaa, ProbeStatus::kNxDomain));
  }
  for (const CheckInfo& c : WebChecks()) {
    std::vector<Finding> f = RunCheck(c.code, obs);
    ASSERT_EQ(f.size(), 1u) << c.code;
    EXPECT_EQ(OutcomeName(f[0].outcome), std::string("not_applicable")) << c.code;
  }
}

TEST(WebCommonTest, HostWithoutAddressIsNotApplicableOthersJudged) {
  TargetObservations obs = GoodSite();
  // The apex has no A/AAAA (common: only www exists) and was not probed.
  obs.dns.clear();
  obs.dns.push_back(NoAnswer("ville.idf.test", dns_type::kA, ProbeStatus::kNoData));
  obs.dns.push_back(NoAnswer("ville.idf.test", dns_type::kAaaa, ProbeStatus::kNoData));
  obs.dns.push_back(AddressAnswer("www.ville.idf.test", "192.0.2.10"));
  std::erase_if(obs.http, [](const HttpFetch& f) { return f.start_url.find("//ville.") != std::string::npos; });
  std::erase_if(obs.tls, [](const TlsEndpoint& e) { return e.sni == "ville.idf.test"; });
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, "ville.idf.test"), "not_applicable");
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, "www.ville.idf.test"), "pass");
  EXPECT_EQ(OutcomeFor("WEB-CERT-03", obs, "ville.idf.test"), "not_applicable");
}

TEST(WebCommonTest, DnsTimeoutWithoutConnectionIsNotTested) {
  TargetObservations obs = GoodSite();
  obs.dns.clear();
  obs.dns.push_back(NoAnswer("ville.idf.test", dns_type::kA, ProbeStatus::kTimeout));
  obs.dns.push_back(NoAnswer("ville.idf.test", dns_type::kAaaa, ProbeStatus::kTimeout));
  obs.dns.push_back(AddressAnswer("www.ville.idf.test", "192.0.2.10"));
  std::erase_if(obs.http, [](const HttpFetch& f) { return f.start_url.find("//ville.") != std::string::npos; });
  std::erase_if(obs.tls, [](const TlsEndpoint& e) { return e.sni == "ville.idf.test"; });
  for (const CheckInfo& c : WebChecks()) {
    if (std::string(c.code) == "WEB-SECTXT-01") continue;
    EXPECT_EQ(OutcomeFor(c.code, obs, "ville.idf.test"), "not_tested") << c.code;
  }
}

TEST(WebCommonTest, MissingObservationsAreNotTestedNeverFail) {
  TargetObservations obs = GoodSite();
  obs.http.clear();
  obs.tls.clear();
  for (const CheckInfo& c : WebChecks()) {
    for (const Finding& f : RunCheck(c.code, obs)) {
      EXPECT_EQ(OutcomeName(f.outcome), std::string("not_tested")) << c.code << " " << f.detail;
    }
  }
}

TEST(WebCommonTest, SeveralIpsAggregateWithTheWorst) {
  TargetObservations obs = GoodSite();
  TlsEndpoint v6 = GoodEndpoint("www.ville.idf.test", "2001:db8::10");
  v6.versions[1].accepted = Tri::kYes;  // TLSv1 accepted on the IPv6 address only
  obs.tls.push_back(v6);
  const Finding& f = FindingFor(RunCheck("WEB-TLS-01", obs), "www.ville.idf.test");
  EXPECT_EQ(Verdict(f), "fail/high");
  EXPECT_EQ(f.subject, "www.ville.idf.test 2001:db8::10");
  // Subjects always name host and IP for endpoint checks.
  EXPECT_EQ(FindingFor(RunCheck("WEB-TLS-01", obs), "ville.idf.test").subject,
            "ville.idf.test 192.0.2.10");
}

TEST(WebCommonTest, TimeoutOnOneIpDoesNotHideTheOther) {
  TargetObservations obs = GoodSite();
  TlsEndpoint v6 = GoodEndpoint("www.ville.idf.test", "2001:db8::10");
  v6.status = ProbeStatus::kTimeout;
  v6.versions.clear();
  v6.cipher_classes.clear();
  v6.chain.clear();
  obs.tls.push_back(v6);
  const Finding& f = FindingFor(RunCheck("WEB-CERT-02", obs), "www.ville.idf.test");
  EXPECT_EQ(OutcomeName(f.outcome), std::string("pass"));
  EXPECT_NE(f.detail.find("1 of 2"), std::string::npos);
}

TEST(WebCommonTest, EveryFindingHasASubjectAndABoundedEvidence) {
  TargetObservations obs = GoodSite();
  FinalHttpsHop(obs, "www.ville.idf.test").headers.push_back(H("Set-Cookie", std::string(100000, 'x') + "=1"));
  for (const CheckInfo& c : WebChecks())
    for (const Finding& f : RunCheck(c.code, obs)) {
      EXPECT_FALSE(f.subject.empty()) << c.code;
      EXPECT_LE(f.evidence.size(), 4096u) << c.code;
      EXPECT_LE(f.detail.size(), 4096u) << c.code;
      EXPECT_EQ(f.code, c.code);
    }
}

}  // namespace
}  // namespace posture
