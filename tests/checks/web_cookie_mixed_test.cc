// WEB-COOKIE-01 (cookies of the landing page) and WEB-MIXED-01 (scripts over
// plain HTTP).
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kWww[] = "www.ville.idf.test";

std::string Judge(const char* code, const TargetObservations& obs) {
  return Verdict(FindingFor(RunCheck(code, obs), kWww));
}

void SetCookies(TargetObservations& obs, std::vector<std::string> cookies) {
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  RemoveHeader(hop, "Set-Cookie");
  for (auto& c : cookies) hop.headers.push_back(H("Set-Cookie", c));
}

TEST(WebCookie01Test, ProtectedCookiesPass) {
  TargetObservations obs = GoodSite();
  SetCookies(obs, {"SESSID=1; Secure; HttpOnly; SameSite=Lax",
                   "pref=fr; Max-Age=31536000; Secure; SameSite=Strict",
                   "__Host-csrf=x; Secure; HttpOnly; Path=/; SameSite=Strict"});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "pass/info");
}

TEST(WebCookie01Test, SessionCookieWithoutSecureIsHigh) {
  TargetObservations obs = GoodSite();
  SetCookies(obs, {"PHPSESSID=abc; path=/; HttpOnly"});
  const Finding& f = FindingFor(RunCheck("WEB-COOKIE-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/high");
  EXPECT_NE(f.evidence.find("Set-Cookie: PHPSESSID=abc; path=/; HttpOnly"), std::string::npos);
  EXPECT_NE(f.detail.find("PHPSESSID"), std::string::npos);
}

TEST(WebCookie01Test, PersistentCookieWithoutSecureAndSessionWithoutHttpOnlyAreMedium) {
  TargetObservations obs = GoodSite();
  SetCookies(obs, {"lang=fr; Expires=Fri, 31 Dec 2027 23:59:59 GMT"});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "fail/medium");
  SetCookies(obs, {"sid=1;secure;SAMESITE=lax"});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "fail/medium");
}

TEST(WebCookie01Test, OddAttributes) {
  TargetObservations obs = GoodSite();
  SetCookies(obs, {"sid=1; Secure; HttpOnly; SameSite=Relaxed"});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "partial/medium");
  SetCookies(obs, {"__Host-sid=1; Secure; HttpOnly; Path=/; Domain=ville.idf.test"});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "partial/medium");
  // Expires that does not parse: still a session cookie.
  SetCookies(obs, {"sid=1; Expires=demain; HttpOnly"});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "fail/high");
}

TEST(WebCookie01Test, DeletionsAndNoCookiesAreNotJudged) {
  TargetObservations obs = GoodSite();
  SetCookies(obs, {"old=; Max-Age=0", "older=; Expires=Thu, 01 Jan 1970 00:00:01 GMT"});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "not_applicable/info");
  SetCookies(obs, {});
  EXPECT_EQ(Judge("WEB-COOKIE-01", obs), "not_applicable/info");
}

TEST(WebMixed01Test, HttpScriptOnHttpsPageFails) {
  TargetObservations obs = GoodSite();
  EXPECT_EQ(Judge("WEB-MIXED-01", obs), "pass/info");
  MutableFetch(obs, "https", kWww)->body =
      "<html><head><SCRIPT SRC='HTTP://cdn.example.test/jquery.js'></SCRIPT>"
      "<script src=\"//cdn.example.test/ok.js\"></script><img src=\"http://x.test/a.png\"></head></html>";
  const Finding& f = FindingFor(RunCheck("WEB-MIXED-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/medium");
  EXPECT_NE(f.evidence.find("HTTP://cdn.example.test/jquery.js"), std::string::npos);
}

TEST(WebMixed01Test, UpgradeInsecureRequestsNeutralises) {
  TargetObservations obs = GoodSite();
  MutableFetch(obs, "https", kWww)->body = "<script src=\"http://cdn.example.test/a.js\"></script>";
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  hop.headers.push_back(H("Content-Security-Policy", "upgrade-insecure-requests"));
  EXPECT_EQ(Judge("WEB-MIXED-01", obs), "pass/info");
}

TEST(WebMixed01Test, NotHtmlOrNoBody) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  SetHeader(hop, "Content-Type", "application/json");
  EXPECT_EQ(Judge("WEB-MIXED-01", obs), "not_applicable/info");
  SetHeader(hop, "Content-Type", "text/html");
  MutableFetch(obs, "https", kWww)->body.clear();
  EXPECT_EQ(Judge("WEB-MIXED-01", obs), "not_tested/info");
}

}  // namespace
}  // namespace posture
