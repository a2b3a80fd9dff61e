// WEB-HDR-01 (CSP), -02 (framing), -03 (nosniff), -04 (Referrer-Policy), on
// the final HTTPS page after redirects.
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kApex[] = "ville.idf.test";
const char kWww[] = "www.ville.idf.test";

std::string Judge(const char* code, const TargetObservations& obs, const char* host = kWww) {
  return Verdict(FindingFor(RunCheck(code, obs), host));
}

TEST(WebHdr01Test, NonceAndStrictDynamicPolicyPasses) {
  EXPECT_EQ(Judge("WEB-HDR-01", GoodSite()), "pass/info");
}

TEST(WebHdr01Test, WeakAbsentAndReportOnlyPolicies) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  SetHeader(hop, "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; "
            "base-uri 'self'; frame-ancestors 'self'");
  const Finding& f = FindingFor(RunCheck("WEB-HDR-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "partial/low");
  EXPECT_NE(f.detail.find("unsafe-inline"), std::string::npos);
  SetHeader(hop, "Content-Security-Policy", "upgrade-insecure-requests");
  EXPECT_EQ(Judge("WEB-HDR-01", obs), "partial/low");
  RemoveHeader(hop, "Content-Security-Policy");
  EXPECT_EQ(Judge("WEB-HDR-01", obs), "fail/low");
  SetHeader(hop, "Content-Security-Policy-Report-Only", "default-src 'self'");
  EXPECT_EQ(Judge("WEB-HDR-01", obs), "fail/low");
}

TEST(WebHdr01Test, MetaPolicyCountsButNotForFraming) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  RemoveHeader(hop, "Content-Security-Policy");
  RemoveHeader(hop, "X-Frame-Options");
  MutableFetch(obs, "https", kWww)->body =
      "<html><head><meta http-equiv=\"content-security-policy\" content=\"default-src 'self'; "
      "object-src 'none'; base-uri 'none'; frame-ancestors 'none'\"></head></html>";
  // frame-ancestors in <meta> is ignored: the policy is not complete.
  EXPECT_EQ(Judge("WEB-HDR-01", obs), "partial/low");
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "fail/low");
}

TEST(WebHdr01Test, FinalPageAfterRedirectIsJudged) {
  TargetObservations obs = GoodSite();
  // The apex redirects to www, whose page has no CSP: the apex is judged on it.
  std::vector<HttpHeader> weak = GoodHeaders();
  std::erase_if(weak, [](const HttpHeader& h) { return h.name == "Content-Security-Policy"; });
  *MutableFetch(obs, "https", kApex) =
      Fetch("https", {Redirect("https://ville.idf.test/", "https://www.ville.idf.test/", GoodHeaders()),
                      Hop("https://www.ville.idf.test/", 200, weak)},
            GoodHtml());
  EXPECT_EQ(Judge("WEB-HDR-01", obs, kApex), "fail/low");
}

TEST(WebHdr01Test, FinalPageOverPlainHttpIsNotTested) {
  TargetObservations obs = GoodSite();
  *MutableFetch(obs, "https", kWww) =
      Fetch("https", {Redirect("https://www.ville.idf.test/", "http://www.ville.idf.test/"),
                      Hop("http://www.ville.idf.test/", 200)});
  for (const char* code : {"WEB-HDR-01", "WEB-HDR-02", "WEB-HDR-03", "WEB-HDR-04", "WEB-COOKIE-01",
                           "WEB-MIXED-01"})
    EXPECT_EQ(Judge(code, obs), "not_tested/info") << code;
}

TEST(WebHdr02Test, XFrameOptionsVariants) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  SetHeader(hop, "Content-Security-Policy", "default-src 'self'");  // no frame-ancestors
  RemoveHeader(hop, "X-Frame-Options");
  hop.headers.push_back(H("x-frame-options", "deny"));
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "pass/info");
  SetHeader(hop, "x-frame-options", "ALLOW-FROM https://partenaire.test/");
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "fail/low");
  SetHeader(hop, "X-Frame-Options", "DENY, SAMEORIGIN");
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "fail/low");
  SetHeader(hop, "X-Frame-Options", "SAMEORIGIN, sameorigin");
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "pass/info");
  RemoveHeader(hop, "X-Frame-Options");
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "fail/low");
}

TEST(WebHdr02Test, FrameAncestorsTakesPrecedence) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  RemoveHeader(hop, "X-Frame-Options");
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "pass/info");  // frame-ancestors 'self'
  SetHeader(hop, "Content-Security-Policy", "frame-ancestors *");
  SetHeader(hop, "X-Frame-Options", "DENY");
  EXPECT_EQ(Judge("WEB-HDR-02", obs), "fail/low");
}

TEST(WebHdr03Test, Nosniff) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  SetHeader(hop, "x-content-type-options", "NoSniff");
  EXPECT_EQ(Judge("WEB-HDR-03", obs), "pass/info");
  SetHeader(hop, "X-Content-Type-Options", "nosniff, nosniff");
  EXPECT_EQ(Judge("WEB-HDR-03", obs), "pass/info");
  SetHeader(hop, "X-Content-Type-Options", "sniff");
  EXPECT_EQ(Judge("WEB-HDR-03", obs), "fail/low");
  RemoveHeader(hop, "X-Content-Type-Options");
  EXPECT_EQ(Judge("WEB-HDR-03", obs), "fail/low");
}

TEST(WebHdr04Test, ReferrerPolicies) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  for (const char* good : {"no-referrer", "same-origin", "strict-origin", "Strict-Origin-When-Cross-Origin"}) {
    SetHeader(hop, "Referrer-Policy", good);
    EXPECT_EQ(Judge("WEB-HDR-04", obs), "pass/info") << good;
  }
  for (const char* bad : {"unsafe-url", "no-referrer-when-downgrade"}) {
    SetHeader(hop, "Referrer-Policy", bad);
    EXPECT_EQ(Judge("WEB-HDR-04", obs), "fail/low") << bad;
  }
  SetHeader(hop, "Referrer-Policy", "origin");
  EXPECT_EQ(Judge("WEB-HDR-04", obs), "partial/low");
  // The last recognised token wins (fallback lists).
  SetHeader(hop, "Referrer-Policy", "no-referrer, unsafe-url");
  EXPECT_EQ(Judge("WEB-HDR-04", obs), "fail/low");
  SetHeader(hop, "Referrer-Policy", "unsafe-url, strict-origin-when-cross-origin, future-policy");
  EXPECT_EQ(Judge("WEB-HDR-04", obs), "pass/info");
  SetHeader(hop, "Referrer-Policy", "bogus");
  EXPECT_EQ(Judge("WEB-HDR-04", obs), "partial/low");
  RemoveHeader(hop, "Referrer-Policy");
  EXPECT_EQ(Judge("WEB-HDR-04", obs), "partial/low");
}

}  // namespace
}  // namespace posture
