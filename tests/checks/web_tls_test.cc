// WEB-TLS-01 (legacy protocols), WEB-TLS-02 (TLS 1.3), WEB-TLS-03 (ciphers).
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kWww[] = "www.ville.idf.test";

void SetVersion(TlsEndpoint* ep, const std::string& version, Tri accepted) {
  for (auto& v : ep->versions)
    if (v.version == version) v.accepted = accepted;
}

void SetClass(TlsEndpoint* ep, const std::string& cls, Tri accepted, const std::string& cipher) {
  for (auto& c : ep->cipher_classes)
    if (c.cipher_class == cls) {
      c.accepted = accepted;
      c.cipher = cipher;
    }
}

std::string Judge(const char* code, const TargetObservations& obs) {
  return Verdict(FindingFor(RunCheck(code, obs), kWww));
}

TEST(WebTls01Test, LegacyVersions) {
  TargetObservations obs = GoodSite();
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "pass/info");
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  SetVersion(ep, "TLSv1.1", Tri::kYes);
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "fail/high");
  SetVersion(ep, "SSLv3", Tri::kYes);
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "fail/critical");
  const Finding& f = FindingFor(RunCheck("WEB-TLS-01", obs), kWww);
  EXPECT_NE(f.evidence.find("SSLv3:yes"), std::string::npos);
  EXPECT_NE(f.evidence.find("TLSv1.1:yes"), std::string::npos);
}

TEST(WebTls01Test, SslV3UnknownStillPassesWhenTls10And11Refused) {
  TargetObservations obs = GoodSite();
  SetVersion(MutableEndpoint(obs, kWww), "SSLv3", Tri::kUnknown);
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "pass/info");
}

TEST(WebTls01Test, UnknownOrUnreachableIsNotTested) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  SetVersion(ep, "TLSv1", Tri::kUnknown);
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "not_tested/info");
  ep->versions.clear();
  ep->cipher_classes.clear();
  ep->status = ProbeStatus::kTimeout;
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "not_tested/info");
  EXPECT_EQ(Judge("WEB-TLS-02", obs), "not_tested/info");
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "not_tested/info");
  // Refused while the HTTPS fetch got a page: not judged.
  ep->status = ProbeStatus::kRefused;
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "not_tested/info");
  // Connection refused, HTTPS fetch refused too: nothing on 443, no TLS to
  // judge (WEB-HTTPS-01 fails).
  *MutableFetch(obs, "https", kWww) =
      Fetch("https", {FailedHop("https://www.ville.idf.test/", ProbeStatus::kRefused)});
  EXPECT_EQ(Judge("WEB-TLS-01", obs), "not_applicable/info");
  EXPECT_EQ(Judge("WEB-TLS-02", obs), "not_applicable/info");
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "not_applicable/info");
}

TEST(WebTls02Test, Tls13) {
  TargetObservations obs = GoodSite();
  EXPECT_EQ(Judge("WEB-TLS-02", obs), "pass/info");
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  SetVersion(ep, "TLSv1.3", Tri::kNo);
  ep->negotiated_version = "TLSv1.2";
  EXPECT_EQ(Judge("WEB-TLS-02", obs), "fail/low");
  // Without per-version probes, the default handshake tells.
  ep->versions.clear();
  ep->negotiated_version = "TLSv1.3";
  EXPECT_EQ(Judge("WEB-TLS-02", obs), "pass/info");
}

TEST(WebTls03Test, WeakClassesBySeverity) {
  TargetObservations obs = GoodSite();
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "pass/info");
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  SetClass(ep, "cbc_only", Tri::kYes, "ECDHE-RSA-AES128-SHA");
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "partial/medium");
  SetClass(ep, "3des", Tri::kYes, "DES-CBC3-SHA");
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "fail/high");
  SetClass(ep, "export", Tri::kYes, "EXP-RC4-MD5");
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "fail/critical");
  EXPECT_NE(FindingFor(RunCheck("WEB-TLS-03", obs), kWww).evidence.find("export:EXP-RC4-MD5"),
            std::string::npos);
}

TEST(WebTls03Test, NegotiatedSuiteWithoutForwardSecrecy) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  ep->negotiated_version = "TLSv1.2";
  ep->negotiated_cipher = "AES256-SHA";
  // No client gets forward secrecy: worse than merely accepting such a suite.
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "fail/medium");
}

TEST(WebTls03Test, NothingProbedIsNotTested) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  for (auto& c : ep->cipher_classes) c.accepted = Tri::kUnknown;
  EXPECT_EQ(Judge("WEB-TLS-03", obs), "not_tested/info");
}

}  // namespace
}  // namespace posture
