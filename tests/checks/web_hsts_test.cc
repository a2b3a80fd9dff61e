// WEB-HSTS-01.
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kWww[] = "www.ville.idf.test";
const char kApex[] = "ville.idf.test";

std::string Hsts(TargetObservations& obs) { return Verdict(FindingFor(RunCheck("WEB-HSTS-01", obs), kWww)); }

TEST(WebHsts01Test, OneYearPasses) {
  TargetObservations obs = GoodSite();
  const Finding& f = FindingFor(RunCheck("WEB-HSTS-01", obs), kWww);
  EXPECT_EQ(OutcomeName(f.outcome), std::string("pass"));
  EXPECT_NE(f.detail.find("includeSubDomains"), std::string::npos);
  EXPECT_NE(f.detail.find("preload"), std::string::npos);
  EXPECT_NE(f.evidence.find("Strict-Transport-Security: max-age=63072000"), std::string::npos);
}

TEST(WebHsts01Test, HeaderNameCaseDoesNotMatter) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  RemoveHeader(hop, "strict-transport-security");
  hop.headers.push_back(H("STRICT-TRANSPORT-SECURITY", "MAX-AGE=31536000"));
  EXPECT_EQ(Hsts(obs), "pass/info");
}

TEST(WebHsts01Test, ThresholdsAndInvalidHeaders) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  SetHeader(hop, "Strict-Transport-Security", "max-age=15552000");
  EXPECT_EQ(Hsts(obs), "partial/medium");
  SetHeader(hop, "Strict-Transport-Security", "max-age=86400; includeSubDomains");
  EXPECT_EQ(Hsts(obs), "fail/medium");
  SetHeader(hop, "Strict-Transport-Security", "max-age=0");
  EXPECT_EQ(Hsts(obs), "fail/medium");
  SetHeader(hop, "Strict-Transport-Security", "max-age=31536000; max-age=31536000");
  EXPECT_EQ(Hsts(obs), "fail/medium");
  SetHeader(hop, "Strict-Transport-Security", "includeSubDomains");
  EXPECT_EQ(Hsts(obs), "fail/medium");
  RemoveHeader(hop, "Strict-Transport-Security");
  EXPECT_EQ(Hsts(obs), "fail/medium");
}

TEST(WebHsts01Test, OnlyTheFirstOfSeveralHeadersCounts) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  RemoveHeader(hop, "Strict-Transport-Security");
  hop.headers.push_back(H("Strict-Transport-Security", "max-age=300"));
  hop.headers.push_back(H("strict-transport-security", "max-age=31536000; includeSubDomains"));
  const Finding& f = FindingFor(RunCheck("WEB-HSTS-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/medium");
  EXPECT_NE(f.detail.find("2 STS headers"), std::string::npos);
  std::swap(hop.headers[hop.headers.size() - 1], hop.headers[hop.headers.size() - 2]);
  EXPECT_EQ(Hsts(obs), "pass/info");
}

TEST(WebHsts01Test, ApexRedirectWithoutHstsFailsForTheApexOnly) {
  TargetObservations obs = GoodSite();
  // https://ville.idf.test/ → https://www.ville.idf.test/ (the redirect lacks HSTS:
  // nginx add_header without "always").
  *MutableFetch(obs, "https", kApex) =
      Fetch("https", {Redirect("https://ville.idf.test/", "https://www.ville.idf.test/"),
                      Hop("https://www.ville.idf.test/", 200, GoodHeaders())},
            GoodHtml());
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kApex), "fail");
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kWww), "pass");
  // With the header on the redirect, the apex is protected.
  MutableFetch(obs, "https", kApex)->hops[0].headers.push_back(
      H("Strict-Transport-Security", "max-age=31536000"));
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kApex), "pass");
}

TEST(WebHsts01Test, NoHttpsIsNotApplicableTlsErrorNotTestedTimeoutIsError) {
  TargetObservations obs = GoodSite();
  // Connection refused on 443 while the handshake on 443 worked: the server
  // changed under the scan, nothing to judge.
  *MutableFetch(obs, "https", kWww) = Fetch("https", {FailedHop("https://www.ville.idf.test/", ProbeStatus::kRefused)});
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kWww), "not_tested");
  // Connection refused on 443 for every probe while HTTP answers: no HTTPS
  // (WEB-HTTPS-01 fails), so no HSTS to judge.
  BreakHttps(obs, kWww, ProbeStatus::kRefused);
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kWww), "not_applicable");
  *MutableFetch(obs, "https", kWww) = Fetch("https", {FailedHop("https://www.ville.idf.test/", ProbeStatus::kTlsError)});
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kWww), "not_tested");
  *MutableFetch(obs, "https", kWww) = Fetch("https", {FailedHop("https://www.ville.idf.test/", ProbeStatus::kTimeout)});
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kWww), "error");
}

}  // namespace
}  // namespace posture
