// Responses whose header block was not read to its end (HttpHop::
// headers_complete false: headers over the cap, a server stalling or
// resetting inside them, as the hostile lab's slowloris and 10 MB-header
// hosts do). A missing header proves nothing then: the header checks say
// error, never fail; a header that did arrive before the cut is not judged
// on a partial block either.
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kWww[] = "www.ville.idf.test";

TargetObservations CutFinalPage(ProbeStatus status) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  hop.status = status;
  hop.headers_complete = false;
  hop.headers.resize(1);  // only the first header arrived
  MutableFetch(obs, "https", kWww)->status = status;
  MutableFetch(obs, "https", kWww)->body.clear();
  return obs;
}

TEST(WebCutHeadersTest, HeaderChecksAreErrorsNotFailures) {
  for (ProbeStatus status : {ProbeStatus::kTooLarge, ProbeStatus::kTimeout}) {
    TargetObservations obs = CutFinalPage(status);
    for (const char* code : {"WEB-HDR-01", "WEB-HDR-02", "WEB-HDR-03", "WEB-HDR-04", "WEB-HSTS-01",
                             "WEB-COOKIE-01", "WEB-MIXED-01"})
      EXPECT_EQ(OutcomeFor(code, obs, kWww), "error") << code << " " << ProbeStatusName(status);
  }
}

TEST(WebCutHeadersTest, CompleteHeadersOfASlowBodyAreStillJudged) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = FinalHttpsHop(obs, kWww);
  hop.status = ProbeStatus::kTimeout;  // the body was slow, the headers complete
  RemoveHeader(hop, "Content-Security-Policy");
  EXPECT_EQ(OutcomeFor("WEB-HDR-01", obs, kWww), "fail");
  EXPECT_EQ(OutcomeFor("WEB-HSTS-01", obs, kWww), "pass");
}

TEST(WebCutHeadersTest, CutSecurityTxtAndCutRedirectAreErrors) {
  TargetObservations obs = GoodSite();
  HttpFetch* sectxt = MutableFetch(obs, "security.txt", kWww);
  ASSERT_NE(sectxt, nullptr);
  sectxt->hops.back().headers_complete = false;
  sectxt->hops.back().status = ProbeStatus::kTooLarge;
  EXPECT_EQ(OutcomeFor("WEB-SECTXT-01", obs, kWww), "error");
  // A 301 cut before its Location: where it leads is unknown.
  HttpFetch* http = MutableFetch(obs, "http", kWww);
  ASSERT_NE(http, nullptr);
  http->hops.resize(1);
  http->hops[0].headers_complete = false;
  http->hops[0].status = ProbeStatus::kTimeout;
  http->hops[0].location.clear();
  http->hops[0].headers.clear();
  http->status = ProbeStatus::kTimeout;
  EXPECT_EQ(OutcomeFor("WEB-HTTPS-02", obs, kWww), "error");
}

}  // namespace
}  // namespace posture
