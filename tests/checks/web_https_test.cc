// WEB-HTTPS-01 (HTTPS available) and WEB-HTTPS-02 (HTTP redirects to HTTPS).
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kApex[] = "ville.idf.test";
const char kWww[] = "www.ville.idf.test";

TEST(WebHttps01Test, HealthySitePasses) {
  TargetObservations obs = GoodSite();
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kApex), "pass");
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kWww), "pass");
}

TEST(WebHttps01Test, HttpOnlySiteFailsCritical) {
  TargetObservations obs = GoodSite();
  // HTTP answers 200 (no redirect), port 443 refused.
  *MutableFetch(obs, "http", kWww) = Fetch("http", {Hop("http://www.ville.idf.test/", 200)}, "<html>");
  BreakHttps(obs, kWww, ProbeStatus::kRefused);
  const Finding& f = FindingFor(RunCheck("WEB-HTTPS-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/critical");
  EXPECT_EQ(f.subject, "www.ville.idf.test 192.0.2.10");
  // Silent port 443 (firewall drop) while HTTP answers: also a failure.
  BreakHttps(obs, kWww, ProbeStatus::kTimeout);
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kWww), "fail");
}

TEST(WebHttps01Test, NothingAnswersIsAnErrorNotAFailure) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kWww) = Fetch("http", {FailedHop("http://www.ville.idf.test/", ProbeStatus::kTimeout)});
  BreakHttps(obs, kWww, ProbeStatus::kTimeout);
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kWww), "error");
}

TEST(WebHttps01Test, DeadlineReachedIsNotTested) {
  TargetObservations obs = GoodSite();
  obs.deadline_reached = true;
  BreakHttps(obs, kWww, ProbeStatus::kTimeout);
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kWww), "not_tested");
}

TEST(WebHttps01Test, HandshakeFailureFails) {
  TargetObservations obs = GoodSite();
  BreakHttps(obs, kApex, ProbeStatus::kTlsError);
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kApex), "fail");
}

TEST(WebHttps01Test, LegacyOnlyHandshakeStillCountsAsHttps) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kApex);
  ep->status = ProbeStatus::kTlsError;  // the default (modern) handshake failed
  for (auto& v : ep->versions) v.accepted = v.version == "TLSv1" ? Tri::kYes : Tri::kNo;
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kApex), "pass");
  EXPECT_EQ(OutcomeFor("WEB-TLS-01", obs, kApex), "fail");
}

TEST(WebHttps01Test, IPv6RefusedWhileIPv4WorksFailsWithTheIPv6Subject) {
  TargetObservations obs = GoodSite();
  TlsEndpoint v6 = GoodEndpoint(kWww, "2001:db8::10");
  v6.status = ProbeStatus::kRefused;
  v6.versions.clear();
  v6.chain.clear();
  obs.tls.push_back(v6);
  const Finding& f = FindingFor(RunCheck("WEB-HTTPS-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/critical");
  EXPECT_EQ(f.subject, "www.ville.idf.test 2001:db8::10");
}

TEST(WebHttps01Test, FallsBackOnTheHttpsFetchWithoutTlsProbe) {
  TargetObservations obs = GoodSite();
  obs.tls.clear();
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kApex), "pass");
  *MutableFetch(obs, "https", kApex) = Fetch("https", {FailedHop("https://ville.idf.test/", ProbeStatus::kRefused)});
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kApex), "fail");  // HTTP still answers (301)
}

// --- WEB-HTTPS-02 ---------------------------------------------------------

TEST(WebHttps02Test, SameHostRedirectPasses) {
  TargetObservations obs = GoodSite();
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kApex), "pass");
  const Finding& f = FindingFor(RunCheck("WEB-HTTPS-02", obs), kApex);
  EXPECT_NE(f.evidence.find("http://ville.idf.test/ 301"), std::string::npos);
}

TEST(WebHttps02Test, RedirectToHttpsOnAnotherHostIsPartialLow) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kApex) =
      Fetch("http", {Redirect("http://ville.idf.test/", "https://www.ville.idf.test/"),
                     Hop("https://www.ville.idf.test/", 200)});
  const Finding& f = FindingFor(RunCheck("WEB-HTTPS-02", obs), kApex);
  // "Same host preferred" (issue 5): protected from the first hop, but the
  // apex's HSTS is never seen over HTTPS.
  EXPECT_EQ(Verdict(f), "partial/low");
  EXPECT_NE(f.detail.find("www.ville.idf.test"), std::string::npos);
}

TEST(WebHttps02Test, HttpThenHttpThenHttpsIsPartial) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kApex) =
      Fetch("http", {Redirect("http://ville.idf.test/", "http://www.ville.idf.test/"),
                     Redirect("http://www.ville.idf.test/", "https://www.ville.idf.test/"),
                     Hop("https://www.ville.idf.test/", 200)});
  EXPECT_EQ(Verdict(FindingFor(RunCheck("WEB-HTTPS-02", obs), kApex)), "partial/high");
}

TEST(WebHttps02Test, NoRedirectFailsHigh) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kWww) = Fetch("http", {Hop("http://www.ville.idf.test/", 200)}, "<html>");
  EXPECT_EQ(Verdict(FindingFor(RunCheck("WEB-HTTPS-02", obs), kWww)), "fail/high");
}

TEST(WebHttps02Test, DowngradeLaterInTheChain) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kWww) =
      Fetch("http", {Redirect("http://www.ville.idf.test/", "https://www.ville.idf.test/"),
                     Redirect("https://www.ville.idf.test/", "http://www.ville.idf.test/accueil"),
                     Hop("http://www.ville.idf.test/accueil", 200)});
  EXPECT_EQ(Verdict(FindingFor(RunCheck("WEB-HTTPS-02", obs), kWww)), "fail/high");
  *MutableFetch(obs, "http", kWww) =
      Fetch("http", {Redirect("http://www.ville.idf.test/", "https://www.ville.idf.test/"),
                     Redirect("https://www.ville.idf.test/", "http://portail.idf.test/"),
                     Redirect("http://portail.idf.test/", "https://portail.idf.test/"),
                     Hop("https://portail.idf.test/", 200)});
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "partial");
}

TEST(WebHttps02Test, RedirectLoopOnPlainHttpFails) {
  TargetObservations obs = GoodSite();
  HttpFetch f = Fetch("http", {Redirect("http://www.ville.idf.test/", "http://www.ville.idf.test/index"),
                               Redirect("http://www.ville.idf.test/index", "http://www.ville.idf.test/")});
  f.status = ProbeStatus::kProtocolError;
  f.error = "redirect loop";
  *MutableFetch(obs, "http", kWww) = f;
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "fail");
}

TEST(WebHttps02Test, RedirectLoopAfterReachingHttpsIsPartial) {
  TargetObservations obs = GoodSite();
  HttpFetch f = Fetch("http", {Redirect("http://www.ville.idf.test/", "https://www.ville.idf.test/"),
                               Redirect("https://www.ville.idf.test/", "https://www.ville.idf.test/a"),
                               Redirect("https://www.ville.idf.test/a", "https://www.ville.idf.test/")});
  f.error = "redirect loop";
  *MutableFetch(obs, "http", kWww) = f;
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "partial");
}

TEST(WebHttps02Test, Port80ClosedPassesTimeoutIsError) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kWww) = Fetch("http", {FailedHop("http://www.ville.idf.test/", ProbeStatus::kRefused)});
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "pass");
  *MutableFetch(obs, "http", kWww) = Fetch("http", {FailedHop("http://www.ville.idf.test/", ProbeStatus::kTimeout)});
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "error");
}

TEST(WebHttps02Test, HttpsTargetThatFailsStillCountsAsRedirected) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kWww) =
      Fetch("http", {Redirect("http://www.ville.idf.test/", "https://www.ville.idf.test/"),
                     FailedHop("https://www.ville.idf.test/", ProbeStatus::kTlsError)});
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "pass");
}

}  // namespace
}  // namespace posture
