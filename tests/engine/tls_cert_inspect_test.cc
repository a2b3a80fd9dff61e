#include "scanner/tls/cert_inspect.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509_vfy.h>

#include <ctime>

#include "checks/base/strings.h"
#include "tests/engine/tls_fake_testlib.h"

namespace posture::tls {
namespace {

using testing::CertSpec;
using testing::MakeCert;
using testing::X509Ptr;

struct StackFree {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using Stack = std::unique_ptr<STACK_OF(X509), StackFree>;

Stack StackOf(std::vector<X509*> certs) {
  Stack s(sk_X509_new_null());
  for (X509* c : certs) sk_X509_push(s.get(), c);
  return s;
}

X509Ptr TestCa() {
  CertSpec ca;
  ca.common_name = "Posture Test CA";
  ca.organization = "Posture Tests";
  ca.dns_names = {};
  ca.is_ca = true;
  ca.not_before = -365L * 86400;  // the tests verify at instants in the past
  ca.not_after = 3650L * 86400;
  ca.serial = 1;
  return MakeCert(ca, testing::RsaCaKey2048(), nullptr, nullptr);
}

std::string CaFile(X509* ca) { return testing::WriteTempFile("inspect-ca.pem", testing::CertPem(ca)); }

TEST(CertInspect, DescribesAnRsaLeaf) {
  X509Ptr ca = TestCa();
  CertSpec spec;
  spec.common_name = "www.mairie-test.example";
  spec.organization = "Mairie d'Évry";  // UTF-8 kept
  spec.dns_names = {"www.mairie-test.example", "mairie-test.example"};
  spec.ip_names = {"127.0.0.1", "::1"};
  spec.serial = 0xabcdef;
  X509Ptr leaf = MakeCert(spec, testing::RsaKey2048(), ca.get(), testing::RsaCaKey2048());
  CertInfo info = DescribeCertificate(leaf.get());
  EXPECT_NE(info.subject.find("CN=www.mairie-test.example"), std::string::npos) << info.subject;
  EXPECT_NE(info.subject.find("O=Mairie d'Évry"), std::string::npos) << info.subject;
  EXPECT_EQ(info.issuer, "CN=Posture Test CA,O=Posture Tests");
  EXPECT_EQ(info.serial_hex, "abcdef");
  EXPECT_EQ(info.dns_names, (std::vector<std::string>{"www.mairie-test.example", "mairie-test.example"}));
  EXPECT_EQ(info.ip_names, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(info.common_name, "www.mairie-test.example");
  EXPECT_EQ(info.key_type, "RSA");
  EXPECT_EQ(info.key_bits, 2048);
  EXPECT_EQ(info.curve, "");
  EXPECT_EQ(info.signature_algorithm, "sha256WithRSAEncryption");
  EXPECT_FALSE(info.self_issued);
  int64_t now = std::time(nullptr);
  EXPECT_NEAR(static_cast<double>(info.not_before), static_cast<double>(now - 3600), 120);
  EXPECT_NEAR(static_cast<double>(info.not_after), static_cast<double>(now + 30 * 86400), 120);
  EXPECT_EQ(info.sha256.size(), 64u);
  EXPECT_EQ(info.cert_sha512.size(), 128u);
  EXPECT_EQ(info.spki_sha256.size(), 64u);
  EXPECT_EQ(info.spki_sha512.size(), 128u);
  EXPECT_EQ(AsciiLower(info.sha256), info.sha256);
  // The certificate hash is of the DER encoding.
  unsigned char* der = nullptr;
  int len = i2d_X509(leaf.get(), &der);
  unsigned char md[32];
  unsigned int md_len = 0;
  EVP_Digest(der, static_cast<size_t>(len), md, &md_len, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  EXPECT_EQ(info.sha256, HexEncode(std::string_view(reinterpret_cast<char*>(md), md_len)));
  // The SPKI hash covers the whole SubjectPublicKeyInfo (DANE selector 1).
  der = nullptr;
  len = i2d_PUBKEY(X509_get0_pubkey(leaf.get()), &der);
  EVP_Digest(der, static_cast<size_t>(len), md, &md_len, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  EXPECT_EQ(info.spki_sha256, HexEncode(std::string_view(reinterpret_cast<char*>(md), md_len)));
}

TEST(CertInspect, DescribesAnEcdsaSelfSignedCertificate) {
  CertSpec spec;
  spec.common_name = "ec.example.test";
  spec.dns_names = {"ec.example.test"};
  X509Ptr cert = MakeCert(spec, testing::EcKeyP256(), nullptr, nullptr);
  CertInfo info = DescribeCertificate(cert.get());
  EXPECT_EQ(info.key_type, "EC");
  EXPECT_EQ(info.key_bits, 256);
  EXPECT_EQ(info.curve, "prime256v1");
  EXPECT_EQ(info.signature_algorithm, "ecdsa-with-SHA256");
  EXPECT_TRUE(info.self_issued);
  EXPECT_EQ(info.subject, info.issuer);
}

TEST(CertInspect, VerifyCodes) {
  X509Ptr ca = TestCa();
  std::string ca_file = CaFile(ca.get());

  CertSpec good;
  good.dns_names = {"www.example.test"};
  X509Ptr trusted = MakeCert(good, testing::RsaKey2048(), ca.get(), testing::RsaCaKey2048());
  Stack chain = StackOf({trusted.get(), ca.get()});
  VerifyOutcome v = VerifyChain(chain.get(), ca_file, std::nullopt);
  EXPECT_EQ(v.code, X509_V_OK) << v.error;
  EXPECT_EQ(v.error, "ok");
  // The leaf alone is enough: the CA comes from the file.
  Stack leaf_only = StackOf({trusted.get()});
  EXPECT_EQ(VerifyChain(leaf_only.get(), ca_file, std::nullopt).code, X509_V_OK);
  // Without the CA file the same chain is untrusted (self-signed root in chain).
  EXPECT_EQ(VerifyChain(chain.get(), "", std::nullopt).code, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
  EXPECT_EQ(VerifyChain(leaf_only.get(), "", std::nullopt).code,
            X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);

  CertSpec expired = good;
  expired.not_before = -20 * 86400;
  expired.not_after = -86400;
  X509Ptr old = MakeCert(expired, testing::RsaKey2048(), ca.get(), testing::RsaCaKey2048());
  Stack old_chain = StackOf({old.get()});
  EXPECT_EQ(VerifyChain(old_chain.get(), ca_file, std::nullopt).code, X509_V_ERR_CERT_HAS_EXPIRED);
  // ... but valid at an instant inside its validity period.
  EXPECT_EQ(VerifyChain(old_chain.get(), ca_file, std::time(nullptr) - 10 * 86400).code, X509_V_OK);

  X509Ptr self = MakeCert(good, testing::RsaKey2048(), nullptr, nullptr);
  Stack self_chain = StackOf({self.get()});
  EXPECT_EQ(VerifyChain(self_chain.get(), ca_file, std::nullopt).code,
            X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);

  EXPECT_EQ(VerifyChain(nullptr, ca_file, std::nullopt).code, -1);
}

TEST(CertInspect, HostnameMatching) {
  CertSpec spec;
  spec.common_name = "ignored.example.test";
  spec.dns_names = {"www.example.test", "*.mail.example.test"};
  spec.ip_names = {"127.0.0.1"};
  X509Ptr cert = MakeCert(spec, testing::EcKeyP256(), nullptr, nullptr);
  EXPECT_TRUE(HostnameMatches(cert.get(), "www.example.test"));
  EXPECT_TRUE(HostnameMatches(cert.get(), "WWW.Example.Test."));
  EXPECT_TRUE(HostnameMatches(cert.get(), "mx1.mail.example.test"));
  EXPECT_FALSE(HostnameMatches(cert.get(), "a.b.mail.example.test"));
  EXPECT_FALSE(HostnameMatches(cert.get(), "example.test"));
  EXPECT_FALSE(HostnameMatches(cert.get(), "ignored.example.test"));  // CN ignored when SAN present
  EXPECT_TRUE(HostnameMatches(cert.get(), "127.0.0.1"));
  EXPECT_FALSE(HostnameMatches(cert.get(), "127.0.0.2"));
  EXPECT_FALSE(HostnameMatches(cert.get(), ""));
}

TEST(CertInspect, PartialWildcardsRefused) {
  CertSpec spec;
  spec.dns_names = {"w*.example.test"};
  X509Ptr cert = MakeCert(spec, testing::EcKeyP256(), nullptr, nullptr);
  EXPECT_FALSE(HostnameMatches(cert.get(), "www.example.test"));
}

TEST(CertInspect, UnreadableCaFileReported) {
  std::string error;
  EXPECT_FALSE(LoadTrustStore("/nonexistent/posture-ca.pem", &error));
  EXPECT_NE(error.find("cannot load CA file"), std::string::npos);
  EXPECT_TRUE(LoadTrustStore("", &error));
}

}  // namespace
}  // namespace posture::tls
