// A web server that cannot be reached, or stops answering during its scan,
// is not measured: WEB-HTTPS-01 says error, every other web code of the host
// not_tested, DNS-CAA-01 not_tested (no certificate to compare); never pass,
// fail or not_applicable. An HTTP-only site (the recheck confirms that HTTP
// still answers) keeps its failure. See checks/web/web_util.h and WebReach.
#include <gtest/gtest.h>

#include <set>

#include "checks/check.h"
#include "checks/web/web_checks.h"
#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kDomain[] = "ville.idf.test";
const char kWww[] = "www.ville.idf.test";

// Every probe of `host` met `status` (no response, no handshake).
void CannotConnect(TargetObservations& obs, const std::string& host, ProbeStatus status) {
  *MutableFetch(obs, "http", host) = Fetch("http", {FailedHop("http://" + host + "/", status)});
  BreakHttps(obs, host, status);
}

// The outcome of every web code for `host`, keyed by code.
std::map<std::string, std::string> WebOutcomes(const TargetObservations& obs,
                                               const std::string& host) {
  std::map<std::string, std::string> out;
  CheckContext ctx{obs, Now(), CheckThresholds{}, nullptr};
  for (const CheckInfo& c : WebChecks())
    for (const Finding& f : c.run(ctx))
      if (f.subject == host || f.subject.rfind(host + " ", 0) == 0)
        out[f.code] = OutcomeName(f.outcome);
  return out;
}

std::string CaaOutcome(TargetObservations obs) {
  DnsResult caa;
  caa.name = kDomain;
  caa.type = dns_type::kCaa;
  caa.status = ProbeStatus::kOk;
  DnsRecord r;
  r.type = dns_type::kCaa;
  r.data = "0 issue \"letsencrypt.org\"";
  caa.records.push_back(r);
  obs.dns.push_back(caa);
  CheckContext ctx{obs, Now(), CheckThresholds{}, nullptr};
  for (const Finding& f : RunAllChecks(ctx))
    if (f.code == "DNS-CAA-01") return OutcomeName(f.outcome);
  return "missing";
}

TEST(WebUnreachableTest, EveryProbeRefusedOrSilentIsNotMeasured) {
  for (ProbeStatus status : {ProbeStatus::kRefused, ProbeStatus::kTimeout}) {
    SCOPED_TRACE(ProbeStatusName(status));
    TargetObservations obs = GoodSite();
    CannotConnect(obs, kDomain, status);
    CannotConnect(obs, kWww, status);
    obs.http.erase(obs.http.end() - 1);  // security.txt: not fetched without HTTPS
    for (const std::string& host : {std::string(kDomain), std::string(kWww)}) {
      std::map<std::string, std::string> outcomes = WebOutcomes(obs, host);
      EXPECT_GE(outcomes.size(), 15u);
      for (const auto& [code, outcome] : outcomes) {
        if (code == "WEB-HTTPS-01") {
          EXPECT_EQ(outcome, "error") << host;
        } else if (code != "WEB-SECTXT-01") {  // one finding for the collectivity
          EXPECT_EQ(outcome, "not_tested") << host << " " << code;
        }
      }
    }
    EXPECT_EQ(CaaOutcome(obs), "not_tested");
  }
}

TEST(WebUnreachableTest, HttpOnlySiteConfirmedByTheRecheckStillFails) {
  TargetObservations obs = GoodSite();
  // http://www answers 200 without redirect; nothing on 443.
  *MutableFetch(obs, "http", kWww) = Fetch("http", {Hop("http://www.ville.idf.test/", 200)});
  BreakHttps(obs, kWww, ProbeStatus::kRefused);
  obs.http.push_back(Fetch("recheck", {Hop("http://www.ville.idf.test/", 200)}));
  std::map<std::string, std::string> outcomes = WebOutcomes(obs, kWww);
  EXPECT_EQ(outcomes["WEB-HTTPS-01"], "fail");
  EXPECT_EQ(outcomes["WEB-HTTPS-02"], "fail");
  EXPECT_EQ(outcomes["WEB-TLS-01"], "not_applicable");
  EXPECT_EQ(outcomes["WEB-CERT-01"], "not_applicable");
  EXPECT_EQ(outcomes["WEB-HDR-01"], "not_applicable");
}

TEST(WebUnreachableTest, ServerThatStoppedAnsweringDuringItsScanIsNotMeasured) {
  TargetObservations obs = GoodSite();
  // HTTP answered first, then 443 refused, and the recheck of HTTP too: the
  // server went down meanwhile, this is not an HTTP-only site.
  *MutableFetch(obs, "http", kWww) = Fetch("http", {Hop("http://www.ville.idf.test/", 200)});
  BreakHttps(obs, kWww, ProbeStatus::kRefused);
  obs.http.push_back(
      Fetch("recheck", {FailedHop("http://www.ville.idf.test/", ProbeStatus::kRefused)}));
  std::map<std::string, std::string> outcomes = WebOutcomes(obs, kWww);
  EXPECT_EQ(outcomes["WEB-HTTPS-01"], "error");
  for (const auto& [code, outcome] : outcomes) {
    if (code != "WEB-HTTPS-01" && code != "WEB-SECTXT-01") {
      EXPECT_EQ(outcome, "not_tested") << code;
    }
  }
  // The apex still answered: judged as usual.
  EXPECT_EQ(WebOutcomes(obs, kDomain)["WEB-HTTPS-01"], "pass");
}

TEST(WebUnreachableTest, Port80RefusedPassesOnlyWhileHttpsAnswers) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "http", kWww) =
      Fetch("http", {FailedHop("http://www.ville.idf.test/", ProbeStatus::kRefused)});
  obs.http.push_back(Fetch("recheck", {Hop("https://www.ville.idf.test/", 200)}));
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "pass");
  MutableFetch(obs, "recheck", kWww)->hops = {
      FailedHop("https://www.ville.idf.test/", ProbeStatus::kTimeout)};
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "not_tested");
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-01", obs, kWww), "error");
}

TEST(WebUnreachableTest, CipherClassesLeftUnknownByAServerGoingAwayAreNotJudged) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  // Static RSA seen, the NULL class unknown: the truth may be worse.
  for (CipherClassResult& c : ep->cipher_classes) {
    if (c.cipher_class == "non_fs") {
      c.accepted = Tri::kYes;
      c.cipher = "TLS_RSA_WITH_AES_128_GCM_SHA256";
    }
    if (c.cipher_class == "null") c.accepted = Tri::kUnknown;
  }
  EXPECT_EQ(Verdict(FindingFor(RunCheck("WEB-TLS-03", obs), kWww)), "not_tested/info");
  // NULL accepted is the worst there is: unknown classes do not matter.
  for (CipherClassResult& c : ep->cipher_classes)
    if (c.cipher_class == "null") {
      c.accepted = Tri::kYes;
      c.cipher = "TLS_RSA_WITH_NULL_SHA256";
    }
  for (CipherClassResult& c : ep->cipher_classes)
    if (c.cipher_class == "rc4") c.accepted = Tri::kUnknown;
  EXPECT_EQ(Verdict(FindingFor(RunCheck("WEB-TLS-03", obs), kWww)), "fail/critical");
}

TEST(WebUnreachableTest, ARedirectChainCutBeforeHttpsIsNotJudged) {
  TargetObservations obs = GoodSite();
  // http://www → http://www/portail/ → (the server is gone).
  *MutableFetch(obs, "http", kWww) =
      Fetch("http", {Redirect("http://www.ville.idf.test/", "http://www.ville.idf.test/portail/"),
                     FailedHop("http://www.ville.idf.test/portail/", ProbeStatus::kRefused)});
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "not_tested");
  // The same chain answered on plain HTTP: a failure.
  MutableFetch(obs, "http", kWww)->hops.back() = Hop("http://www.ville.idf.test/portail/", 200);
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "fail");
}

TEST(WebUnreachableTest, ReachOfSumsUpTheProbes) {
  TargetObservations obs = GoodSite();
  WebReach ok = obs.ReachOf(kWww);
  EXPECT_TRUE(ok.http_answered);
  EXPECT_TRUE(ok.https_answered);
  EXPECT_FALSE(ok.Mixed());
  EXPECT_FALSE(ok.Unreachable());
  BreakHttps(obs, kWww, ProbeStatus::kRefused);
  WebReach mixed = obs.ReachOf("WWW.Ville.idf.test.");
  EXPECT_TRUE(mixed.Mixed());
  EXPECT_EQ(mixed.connection_failures, 2);
  EXPECT_TRUE(mixed.HttpOnly());
  EXPECT_FALSE(mixed.Unreachable());
  // A TLS alert is an answer: the port is open.
  MutableEndpoint(obs, kWww)->status = ProbeStatus::kTlsError;
  EXPECT_TRUE(obs.ReachOf(kWww).https_answered);
  EXPECT_FALSE(obs.ReachOf(kWww).HttpOnly());
  // Not probed (opted out, skipped) is neither an answer nor a failure.
  TargetObservations skipped = GoodSite();
  CannotConnect(skipped, kWww, ProbeStatus::kOptedOut);
  EXPECT_FALSE(skipped.ReachOf(kWww).Unreachable());
  EXPECT_EQ(skipped.ReachOf(kWww).connection_failures, 0);
}

}  // namespace
}  // namespace posture
