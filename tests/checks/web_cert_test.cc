// WEB-CERT-01 (trust), -02 (validity), -03 (name), -04 (key and signature).
#include <gtest/gtest.h>

#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

const char kApex[] = "ville.idf.test";
const char kWww[] = "www.ville.idf.test";

std::string Judge(const char* code, const TargetObservations& obs, const char* host = kWww,
                UnixSeconds now = Now()) {
  return Verdict(FindingFor(RunCheck(code, obs, now), host));
}

TEST(WebCert01Test, TrustedChainPasses) {
  EXPECT_EQ(Judge("WEB-CERT-01", GoodSite()), "pass/info");
}

TEST(WebCert01Test, SelfSignedIncompleteAndPrivateRootFail) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  ep->chain_verified = false;
  ep->verify_code = 18;
  ep->verify_error = "self-signed certificate";
  ep->chain = {Leaf({kWww}, Now() - kDay, Now() + 300 * kDay)};
  ep->chain[0].self_issued = true;
  ep->chain[0].issuer = ep->chain[0].subject;
  const Finding& f = FindingFor(RunCheck("WEB-CERT-01", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/critical");
  EXPECT_NE(f.detail.find("self-signed"), std::string::npos);

  ep->chain = {Leaf({kWww}, Now() - kDay, Now() + 300 * kDay)};  // intermediate not sent
  ep->verify_code = 20;
  ep->verify_error = "unable to get local issuer certificate";
  const Finding& g = FindingFor(RunCheck("WEB-CERT-01", obs), kWww);
  EXPECT_EQ(Verdict(g), "fail/critical");
  EXPECT_NE(g.detail.find("incomplete chain"), std::string::npos);

  ep->chain.push_back(Intermediate());
  ep->verify_code = 19;
  EXPECT_EQ(Judge("WEB-CERT-01", obs), "fail/critical");
}

TEST(WebCert01Test, ExpiredButTrustedChainIsLeftToCert02) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  ep->chain_verified = false;
  ep->verify_code = 10;
  ep->chain[0].not_after = Now() - kDay;
  EXPECT_EQ(Judge("WEB-CERT-01", obs), "pass/info");
  EXPECT_EQ(Judge("WEB-CERT-02", obs), "fail/critical");
}

TEST(WebCert01Test, NoChainOrNoVerificationIsNotTested) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  ep->chain_verified = false;
  ep->verify_code = -1;
  EXPECT_EQ(Judge("WEB-CERT-01", obs), "not_tested/info");
  ep->chain.clear();
  ep->status = ProbeStatus::kTimeout;
  for (const char* code : {"WEB-CERT-01", "WEB-CERT-02", "WEB-CERT-03", "WEB-CERT-04"})
    EXPECT_EQ(Judge(code, obs), "not_tested/info") << code;
}

TEST(WebCert02Test, ValidityRelativeToInjectedNow) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  UnixSeconds expiry = Now() + 60 * kDay;
  ep->chain[0].not_after = expiry;
  EXPECT_EQ(Judge("WEB-CERT-02", obs, kWww, expiry - 45 * kDay), "pass/info");
  EXPECT_EQ(Judge("WEB-CERT-02", obs, kWww, expiry - 20 * kDay), "partial/low");
  EXPECT_EQ(Judge("WEB-CERT-02", obs, kWww, expiry - 10 * kDay), "fail/high");
  EXPECT_EQ(Judge("WEB-CERT-02", obs, kWww, expiry + 1), "fail/critical");
  EXPECT_EQ(Judge("WEB-CERT-02", obs, kWww, ep->chain[0].not_before - 1), "fail/critical");
}

TEST(WebCert02Test, ExpiredIntermediateFails) {
  TargetObservations obs = GoodSite();
  MutableEndpoint(obs, kWww)->chain[1].not_after = Now() - kDay;
  EXPECT_EQ(Judge("WEB-CERT-02", obs), "fail/critical");
}

TEST(WebCert03Test, WildcardCoversOneLevelOnly) {
  TargetObservations obs = GoodSite();
  for (TlsEndpoint& ep : obs.tls) ep.chain[0] = Leaf({"*.ville.idf.test"}, Now() - kDay, Now() + 90 * kDay);
  EXPECT_EQ(Judge("WEB-CERT-03", obs, kWww), "pass/info");
  EXPECT_EQ(Judge("WEB-CERT-03", obs, kApex), "fail/critical");  // *.example.fr does not cover example.fr
  obs.web_hosts.push_back("a.b.ville.idf.test");
  obs.tls.push_back(GoodEndpoint("a.b.ville.idf.test", "192.0.2.11"));
  obs.tls.back().chain[0] = Leaf({"*.ville.idf.test"}, Now() - kDay, Now() + 90 * kDay);
  EXPECT_EQ(Judge("WEB-CERT-03", obs, "a.b.ville.idf.test"), "fail/critical");
}

TEST(WebCert03Test, SanAndCn) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  // A SAN that lists other names: the CN is ignored even if it matches.
  ep->chain[0] = Leaf({"ville.idf.test"}, Now() - kDay, Now() + 90 * kDay);
  ep->chain[0].common_name = kWww;
  EXPECT_EQ(Judge("WEB-CERT-03", obs), "fail/critical");
  // No SAN at all, CN only: browsers reject it.
  ep->chain[0].dns_names.clear();
  const Finding& f = FindingFor(RunCheck("WEB-CERT-03", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/critical");
  EXPECT_NE(f.detail.find("CN"), std::string::npos);
  // Mixed-case SAN with a trailing dot matches.
  ep->chain[0].dns_names = {"WWW.Ville.IDF.test."};
  EXPECT_EQ(Judge("WEB-CERT-03", obs), "pass/info");
}

TEST(WebCert03Test, DisagreementWithOpenSslIsNotedOursWins) {
  TargetObservations obs = GoodSite();
  TlsEndpoint* ep = MutableEndpoint(obs, kWww);
  ep->chain[0].dns_names = {"w*.ville.idf.test"};  // partial wildcard: RFC 9525 refuses
  ep->hostname_matches = true;                      // as an older X509_check_host might
  const Finding& f = FindingFor(RunCheck("WEB-CERT-03", obs), kWww);
  EXPECT_EQ(Verdict(f), "fail/critical");
  EXPECT_NE(f.detail.find("X509_check_host"), std::string::npos);
}

TEST(WebCert04Test, KeyAndSignature) {
  TargetObservations obs = GoodSite();
  CertInfo& leaf = MutableEndpoint(obs, kWww)->chain[0];
  EXPECT_EQ(Judge("WEB-CERT-04", obs), "pass/info");
  leaf.key_bits = 1024;
  EXPECT_EQ(Judge("WEB-CERT-04", obs), "fail/high");
  leaf.key_bits = 4096;
  leaf.signature_algorithm = "sha1WithRSAEncryption";
  EXPECT_EQ(Judge("WEB-CERT-04", obs), "fail/high");
  leaf.signature_algorithm = "md5WithRSAEncryption";
  EXPECT_EQ(Judge("WEB-CERT-04", obs), "fail/critical");
  leaf.key_type = "EC";
  leaf.key_bits = 256;
  leaf.curve = "prime256v1";
  leaf.signature_algorithm = "ecdsa-with-SHA256";
  EXPECT_EQ(Judge("WEB-CERT-04", obs), "pass/info");
  leaf.key_bits = 224;
  EXPECT_EQ(Judge("WEB-CERT-04", obs), "fail/high");
  leaf.key_type = "Ed25519";
  leaf.key_bits = 253;
  leaf.signature_algorithm = "ED25519";
  EXPECT_EQ(Judge("WEB-CERT-04", obs), "pass/info");
}

}  // namespace
}  // namespace posture
