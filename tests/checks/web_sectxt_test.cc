// WEB-SECTXT-01.
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kWww[] = "www.ville.idf.test";
const char kUrl[] = "https://www.ville.idf.test/.well-known/security.txt";

HttpFetch& SecTxt(TargetObservations& obs) { return *MutableFetch(obs, "security.txt", kWww); }

std::string Judge(const TargetObservations& obs, UnixSeconds now = Now()) {
  return Verdict(FindingFor(RunCheck("WEB-SECTXT-01", obs, now), kWww));
}

TEST(WebSectxt01Test, ValidFilePasses) {
  TargetObservations obs = GoodSite();
  std::vector<Finding> f = RunCheck("WEB-SECTXT-01", obs);
  ASSERT_EQ(f.size(), 1u);  // one per web domain
  EXPECT_EQ(Verdict(f[0]), "pass/info");
  EXPECT_EQ(f[0].subject, kWww);
}

TEST(WebSectxt01Test, PgpSignedWithCrlfPasses) {
  TargetObservations obs = GoodSite();
  SecTxt(obs).body =
      "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\n"
      "Contact: mailto:securite@ville.idf.test\r\nExpires: 2027-03-01T00:00:00Z\r\n"
      "-----BEGIN PGP SIGNATURE-----\r\n\r\nwsFzBAEBCAAnBQJ...\r\n-----END PGP SIGNATURE-----\r\n";
  const Finding& f = FindingFor(RunCheck("WEB-SECTXT-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "pass/info");
  EXPECT_NE(f.detail.find("PGP"), std::string::npos);
}

TEST(WebSectxt01Test, MissingFileAndSoft404Fail) {
  TargetObservations obs = GoodSite();
  SecTxt(obs) = Fetch("security.txt", {Hop(kUrl, 404, {H("Content-Type", "text/html")})}, "<html>404</html>");
  EXPECT_EQ(Judge(obs), "fail/low");
  SecTxt(obs) = Fetch("security.txt", {Hop(kUrl, 200, {H("Content-Type", "text/html; charset=UTF-8")})},
                      "<!DOCTYPE html><html><body>Accueil</body></html>");
  EXPECT_EQ(Judge(obs), "fail/low");
}

TEST(WebSectxt01Test, WrongContentTypeFails) {
  TargetObservations obs = GoodSite();
  HttpHop& hop = SecTxt(obs).hops.back();
  SetHeader(hop, "Content-Type", "application/octet-stream");
  EXPECT_EQ(Judge(obs), "fail/low");
  SetHeader(hop, "content-type", "TEXT/PLAIN");  // no charset: a warning
  EXPECT_EQ(Judge(obs), "partial/low");
}

TEST(WebSectxt01Test, ExpiryRelativeToNow) {
  TargetObservations obs = GoodSite();
  UnixSeconds expires = *ParseIso8601("2027-06-30T22:00:00Z");
  EXPECT_EQ(Judge(obs, expires + 1), "fail/low");                  // expired
  EXPECT_EQ(Judge(obs, expires - 400 * kDay), "partial/low");      // more than a year ahead
  EXPECT_EQ(Judge(obs, expires - 100 * kDay), "pass/info");
}

TEST(WebSectxt01Test, RedirectToPlainHttpFails) {
  TargetObservations obs = GoodSite();
  SecTxt(obs) = Fetch("security.txt",
                      {Redirect(kUrl, "http://www.ville.idf.test/security.txt"),
                       Hop("http://www.ville.idf.test/security.txt", 200, {H("Content-Type", "text/plain")})},
                      GoodSecurityTxt());
  EXPECT_EQ(Judge(obs), "fail/low");
}

TEST(WebSectxt01Test, TimeoutIsErrorAndNoFetchIsNotTested) {
  TargetObservations obs = GoodSite();
  SecTxt(obs) = Fetch("security.txt", {FailedHop(kUrl, ProbeStatus::kTimeout)});
  EXPECT_EQ(Judge(obs), "error/info");
  std::erase_if(obs.http, [](const HttpFetch& f) { return f.purpose == "security.txt"; });
  std::vector<Finding> f = RunCheck("WEB-SECTXT-01", obs);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(Verdict(f[0]), "not_tested/info");
}

}  // namespace
}  // namespace posture
