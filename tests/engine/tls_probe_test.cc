#include "scanner/tls/tls_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "scanner/engine/connector.h"
#include "scanner/engine/gate.h"
#include "tests/engine/tls_fake_testlib.h"

namespace posture {
namespace {

using testing::CertSpec;
using testing::FakeHelloServer;
using testing::FakeTlsServer;
using testing::LoopbackServer;
using testing::MakeCert;
using testing::TlsServerConfig;
using testing::X509Ptr;

const TlsVersionResult* FindVersion(const TlsEndpoint& e, const std::string& v) {
  for (const auto& r : e.versions)
    if (r.version == v) return &r;
  return nullptr;
}

const CipherClassResult* FindClass(const TlsEndpoint& e, const std::string& c) {
  for (const auto& r : e.cipher_classes)
    if (r.cipher_class == c) return &r;
  return nullptr;
}

Tri Accepted(const TlsEndpoint& e, const std::string& v) {
  const TlsVersionResult* r = FindVersion(e, v);
  return r ? r->accepted : Tri::kUnknown;
}

Tri ClassAccepted(const TlsEndpoint& e, const std::string& c) {
  const CipherClassResult* r = FindClass(e, c);
  return r ? r->accepted : Tri::kUnknown;
}

// Certificates shared by the tests of this file.
struct Pki {
  X509Ptr ca;
  std::string ca_file;
  X509Ptr rsa_leaf;      // CA-signed, www.example.test
  X509Ptr ec_leaf;       // CA-signed, ECDSA P-256
  X509Ptr self_signed;   // www.example.test
  X509Ptr expired;       // CA-signed, expired yesterday
  X509Ptr wrong_host;    // CA-signed, other.example.test
};

const Pki& TestPki() {
  static Pki* pki = [] {
    auto* p = new Pki;
    CertSpec ca;
    ca.common_name = "Posture Probe Test CA";
    ca.dns_names = {};
    ca.is_ca = true;
    ca.not_after = 3650L * 86400;
    ca.serial = 7;
    p->ca = MakeCert(ca, testing::RsaCaKey2048(), nullptr, nullptr);
    p->ca_file = testing::WriteTempFile("probe-ca.pem", testing::CertPem(p->ca.get()));
    CertSpec leaf;
    leaf.common_name = "www.example.test";
    leaf.dns_names = {"www.example.test", "example.test"};
    p->rsa_leaf = MakeCert(leaf, testing::RsaKey2048(), p->ca.get(), testing::RsaCaKey2048());
    p->ec_leaf = MakeCert(leaf, testing::EcKeyP256(), p->ca.get(), testing::RsaCaKey2048());
    p->self_signed = MakeCert(leaf, testing::RsaKey2048(), nullptr, nullptr);
    CertSpec old = leaf;
    old.not_before = -30L * 86400;
    old.not_after = -86400;
    p->expired = MakeCert(old, testing::RsaKey2048(), p->ca.get(), testing::RsaCaKey2048());
    CertSpec other = leaf;
    other.common_name = "other.example.test";
    other.dns_names = {"other.example.test"};
    p->wrong_host = MakeCert(other, testing::RsaKey2048(), p->ca.get(), testing::RsaCaKey2048());
    return p;
  }();
  return *pki;
}

TlsServerConfig ServerWith(X509* leaf, EVP_PKEY* key, bool send_ca = true) {
  TlsServerConfig c;
  c.chain = {leaf};
  if (send_ca) c.chain.push_back(TestPki().ca.get());
  c.key = key;
  return c;
}

class TlsProbeTest : public ::testing::Test {
 protected:
  TlsProbeTest() : gate_(FastGate(), OptOutList()), connector_(gate_) {}

  static GateConfig FastGate() {
    GateConfig c;
    c.per_ip_rate = 0;  // no spacing between the many probe connections
    return c;
  }

  TlsProbeOptions Options(bool versions = true, bool ciphers = true) {
    TlsProbeOptions o;
    o.ca_file = TestPki().ca_file;
    o.handshake_timeout = Millis(2000);
    o.probe_versions = versions;
    o.probe_ciphers = ciphers;
    return o;
  }

  TlsEndpoint Probe(uint16_t port, const std::string& sni, TlsProbeOptions options,
                    Deadline deadline = Deadline::In(Millis(20000))) {
    StreamOpener open = MakeTcpOpener(connector_, sni.empty() ? "127.0.0.1" : sni, "127.0.0.1",
                                      port, Millis(2000), deadline);
    return testing::RunTask(ioc_, ProbeTlsEndpoint(open, "127.0.0.1", port, sni, "https",
                                                   options, deadline));
  }

  asio::io_context ioc_;
  ConnectGate gate_;
  Connector connector_;
};

TEST_F(TlsProbeTest, DefaultHandshakeRecordsChainTrustAndName) {
  const Pki& pki = TestPki();
  FakeTlsServer server(ServerWith(pki.rsa_leaf.get(), testing::RsaKey2048()));
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(false, false));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  EXPECT_EQ(e.ip, "127.0.0.1");
  EXPECT_EQ(e.port, server.port());
  EXPECT_EQ(e.sni, "www.example.test");
  EXPECT_EQ(e.context, "https");
  EXPECT_EQ(e.negotiated_version, "TLSv1.3");
  EXPECT_EQ(e.negotiated_cipher.rfind("TLS_", 0), 0u) << e.negotiated_cipher;
  EXPECT_FALSE(e.negotiated_group.empty());
  ASSERT_EQ(e.chain.size(), 2u);
  EXPECT_EQ(e.chain[0].common_name, "www.example.test");
  EXPECT_EQ(e.chain[0].key_type, "RSA");
  EXPECT_EQ(e.chain[0].key_bits, 2048);
  EXPECT_EQ(e.chain[0].dns_names, (std::vector<std::string>{"www.example.test", "example.test"}));
  EXPECT_EQ(e.chain[1].subject, "CN=Posture Probe Test CA");
  EXPECT_TRUE(e.chain[1].self_issued);
  EXPECT_EQ(e.verify_code, X509_V_OK) << e.verify_error;
  EXPECT_TRUE(e.chain_verified);
  EXPECT_TRUE(e.hostname_matches);
  EXPECT_TRUE(e.versions.empty());
  EXPECT_TRUE(e.cipher_classes.empty());
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(TlsProbeTest, WithoutTheCaFileTheChainIsUntrusted) {
  const Pki& pki = TestPki();
  FakeTlsServer server(ServerWith(pki.rsa_leaf.get(), testing::RsaKey2048()));
  TlsProbeOptions o = Options(false, false);
  o.ca_file.clear();
  TlsEndpoint e = Probe(server.port(), "www.example.test", o);
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  EXPECT_EQ(e.verify_code, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
  EXPECT_FALSE(e.chain_verified);
  EXPECT_TRUE(e.hostname_matches);
}

TEST_F(TlsProbeTest, SelfSignedCertificateIsRecordedNotFatal) {
  FakeTlsServer server(ServerWith(TestPki().self_signed.get(), testing::RsaKey2048(), false));
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(false, false));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  ASSERT_EQ(e.chain.size(), 1u);
  EXPECT_TRUE(e.chain[0].self_issued);
  EXPECT_TRUE(e.verify_code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
              e.verify_code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN)
      << e.verify_code;
  EXPECT_FALSE(e.chain_verified);
  EXPECT_FALSE(e.verify_error.empty());
  EXPECT_TRUE(e.hostname_matches);
}

TEST_F(TlsProbeTest, ExpiredCertificate) {
  FakeTlsServer server(ServerWith(TestPki().expired.get(), testing::RsaKey2048()));
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(false, false));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  EXPECT_EQ(e.verify_code, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_FALSE(e.chain_verified);
  ASSERT_FALSE(e.chain.empty());
  EXPECT_LT(e.chain[0].not_after, e.chain[0].not_before + 30L * 86400);
}

TEST_F(TlsProbeTest, WrongHostCertificate) {
  FakeTlsServer server(ServerWith(TestPki().wrong_host.get(), testing::RsaKey2048()));
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(false, false));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  EXPECT_EQ(e.verify_code, X509_V_OK);  // trusted chain, wrong name
  EXPECT_TRUE(e.chain_verified);
  EXPECT_FALSE(e.hostname_matches);
}

TEST_F(TlsProbeTest, EcdsaCertificate) {
  FakeTlsServer server(ServerWith(TestPki().ec_leaf.get(), testing::EcKeyP256()));
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(false, false));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  ASSERT_FALSE(e.chain.empty());
  EXPECT_EQ(e.chain[0].key_type, "EC");
  EXPECT_EQ(e.chain[0].curve, "prime256v1");
  EXPECT_EQ(e.chain[0].key_bits, 256);
  EXPECT_EQ(e.chain[1].signature_algorithm, "sha256WithRSAEncryption");
  EXPECT_TRUE(e.chain_verified);
}

TEST_F(TlsProbeTest, ServerRestrictedToTls12) {
  TlsServerConfig c = ServerWith(TestPki().rsa_leaf.get(), testing::RsaKey2048());
  c.min_version = TLS1_2_VERSION;
  c.max_version = TLS1_2_VERSION;
  FakeTlsServer server(c);
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, true));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  EXPECT_EQ(e.negotiated_version, "TLSv1.2");
  EXPECT_FALSE(e.negotiated_group.empty());
  ASSERT_EQ(e.versions.size(), 5u);
  EXPECT_EQ(Accepted(e, "SSLv3"), Tri::kNo);
  EXPECT_EQ(Accepted(e, "TLSv1"), Tri::kNo);
  EXPECT_EQ(Accepted(e, "TLSv1.1"), Tri::kNo);
  EXPECT_EQ(Accepted(e, "TLSv1.2"), Tri::kYes);
  EXPECT_EQ(Accepted(e, "TLSv1.3"), Tri::kNo);
  for (const auto& v : e.versions) EXPECT_EQ(v.status, ProbeStatus::kOk) << v.version << v.detail;
  EXPECT_FALSE(FindVersion(e, "TLSv1.2")->cipher.empty());
  EXPECT_FALSE(FindVersion(e, "TLSv1")->detail.empty());
  // OpenSSL 3.0 has no RC4, 3DES, DES, export or NULL suites enabled.
  EXPECT_EQ(ClassAccepted(e, "rc4"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "3des"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "export"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "null"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "anon"), Tri::kNo);
  EXPECT_EQ(FindClass(e, "rc4")->protocol, "TLSv1.2");
  ASSERT_EQ(e.cipher_classes.size(), 9u);
}

TEST_F(TlsProbeTest, ServerWithTls10To13) {
  TlsServerConfig c = ServerWith(TestPki().rsa_leaf.get(), testing::RsaKey2048());
  c.min_version = TLS1_VERSION;
  c.max_version = TLS1_3_VERSION;
  c.cipher_list = "DEFAULT:@SECLEVEL=0";
  FakeTlsServer server(c);
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, false));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  EXPECT_EQ(Accepted(e, "SSLv3"), Tri::kNo);
  EXPECT_EQ(Accepted(e, "TLSv1"), Tri::kYes) << FindVersion(e, "TLSv1")->detail;
  EXPECT_EQ(Accepted(e, "TLSv1.1"), Tri::kYes) << FindVersion(e, "TLSv1.1")->detail;
  EXPECT_EQ(Accepted(e, "TLSv1.2"), Tri::kYes);
  EXPECT_EQ(Accepted(e, "TLSv1.3"), Tri::kYes);
  EXPECT_TRUE(e.cipher_classes.empty());
  // 1 default + TLS 1.2, 1.1, 1.0 + raw SSLv3 (TLS 1.3 came with the default).
  EXPECT_EQ(server.connections(), 5);
}

TEST_F(TlsProbeTest, CipherClassesAgainstAes128ShaOnly) {
  TlsServerConfig c = ServerWith(TestPki().rsa_leaf.get(), testing::RsaKey2048());
  c.max_version = TLS1_2_VERSION;
  c.cipher_list = "AES128-SHA";
  FakeTlsServer server(c);
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, true));
  ASSERT_EQ(e.status, ProbeStatus::kOk) << e.error;
  EXPECT_EQ(e.negotiated_cipher, "TLS_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(ClassAccepted(e, "non_fs"), Tri::kYes);
  EXPECT_EQ(FindClass(e, "non_fs")->cipher, "TLS_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(FindClass(e, "non_fs")->protocol, "TLSv1.2");
  EXPECT_EQ(ClassAccepted(e, "cbc_only"), Tri::kYes);
  for (const char* cls : {"export", "null", "anon", "rc4", "3des", "des", "low"})
    EXPECT_EQ(ClassAccepted(e, cls), Tri::kNo) << cls;
}

TEST_F(TlsProbeTest, Rc4AcceptedByAFakeServer) {
  testing::HelloServerConfig c;
  c.accepted_suites = {0x0005, 0x0004};  // RC4-SHA, RC4-MD5
  FakeHelloServer server(c);
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, true));
  // OpenSSL's own handshakes offer no RC4: refused, but the server spoke TLS.
  EXPECT_EQ(e.status, ProbeStatus::kTlsError);
  EXPECT_NE(e.error.find("handshake failure"), std::string::npos) << e.error;
  EXPECT_EQ(Accepted(e, "TLSv1.2"), Tri::kNo);
  EXPECT_EQ(Accepted(e, "SSLv3"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "rc4"), Tri::kYes);
  EXPECT_EQ(FindClass(e, "rc4")->cipher, "TLS_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(FindClass(e, "rc4")->protocol, "TLSv1.2");
  EXPECT_EQ(ClassAccepted(e, "3des"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "cbc_only"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "non_fs"), Tri::kYes);  // RSA key exchange (with RC4 here)
  EXPECT_EQ(ClassAccepted(e, "low"), Tri::kNo);
  // The RC4 hello offered only RC4 suites, with SNI.
  bool saw_rc4_hello = false;
  for (const auto& h : server.hellos()) {
    bool all_rc4 = !h.suites.empty();
    for (uint16_t s : h.suites) all_rc4 &= s == 0x0004 || s == 0x0005 || s == 0x0018 ||
                                           s == 0xc002 || s == 0xc007 || s == 0xc00c ||
                                           s == 0xc011 || s == 0xc016 || s == 0x0003 || s == 0x0017;
    if (all_rc4) {
      saw_rc4_hello = true;
      EXPECT_EQ(h.sni, "www.example.test");
    }
  }
  EXPECT_TRUE(saw_rc4_hello);
}

TEST_F(TlsProbeTest, Ssl3OnlyServer) {
  testing::HelloServerConfig c;
  c.min_version = 0x0300;
  c.max_version = 0x0300;
  c.accepted_suites = {0x000a, 0x0005};  // 3DES, RC4
  FakeHelloServer server(c);
  TlsEndpoint e = Probe(server.port(), "", Options(true, true));
  EXPECT_EQ(e.status, ProbeStatus::kTlsError);
  EXPECT_EQ(Accepted(e, "SSLv3"), Tri::kYes);
  EXPECT_EQ(FindVersion(e, "SSLv3")->cipher, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
  EXPECT_EQ(Accepted(e, "TLSv1"), Tri::kNo);
  EXPECT_EQ(Accepted(e, "TLSv1.3"), Tri::kNo);
  EXPECT_EQ(ClassAccepted(e, "3des"), Tri::kYes);
  EXPECT_EQ(FindClass(e, "3des")->protocol, "SSLv3");
  EXPECT_EQ(ClassAccepted(e, "rc4"), Tri::kYes);
  EXPECT_EQ(ClassAccepted(e, "export"), Tri::kNo);
  for (const auto& h : server.hellos()) EXPECT_EQ(h.sni, "");  // no SNI without a name
}

TEST_F(TlsProbeTest, GarbageServerIsAProtocolErrorAndNotInsistedOn) {
  LoopbackServer server([](int fd, const std::atomic<bool>& stopping) {
    testing::ReadSome(fd, 2000, stopping);
    testing::WriteAll(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
  });
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, true));
  EXPECT_EQ(e.status, ProbeStatus::kProtocolError) << e.error;
  EXPECT_NE(e.error.find("not TLS"), std::string::npos) << e.error;
  ASSERT_EQ(e.versions.size(), 5u);
  for (const auto& v : e.versions) {
    EXPECT_EQ(v.accepted, Tri::kUnknown);
    EXPECT_EQ(v.status, ProbeStatus::kProtocolError);
  }
  for (const auto& c : e.cipher_classes) EXPECT_EQ(c.accepted, Tri::kUnknown);
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(TlsProbeTest, ResetMidHandshake) {
  LoopbackServer server([](int fd, const std::atomic<bool>& stopping) {
    testing::ReadSome(fd, 2000, stopping);  // the ClientHello
    testing::ResetConnection(fd);
  });
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, true));
  EXPECT_EQ(e.status, ProbeStatus::kTlsError) << e.error;
  EXPECT_NE(e.error.find("reset"), std::string::npos) << e.error;
  EXPECT_TRUE(e.chain.empty());
  // A server that hangs up on every hello, ours included, without a TLS
  // alert refused nothing in TLS terms: no version is known to be refused
  // (the hostile lab's tls-coupe host; WEB-TLS-02 used to say "TLS 1.3 not
  // supported" for it).
  ASSERT_EQ(e.versions.size(), 5u);
  for (const auto& v : e.versions) {
    EXPECT_EQ(v.accepted, Tri::kUnknown) << v.version;
    EXPECT_EQ(v.status, ProbeStatus::kTlsError) << v.version;
  }
  for (const auto& c : e.cipher_classes) EXPECT_EQ(c.accepted, Tri::kUnknown) << c.cipher_class;
  EXPECT_GT(server.connections(), 1);  // each version was still tried
}

TEST_F(TlsProbeTest, AlertOnEveryHelloMeansNoVersionAccepted) {
  LoopbackServer server([](int fd, const std::atomic<bool>& stopping) {
    testing::ReadSome(fd, 2000, stopping);  // the ClientHello
    // A fatal handshake_failure alert, then close: a refusal in TLS terms.
    testing::WriteAll(fd, std::string("\x15\x03\x03\x00\x02\x02\x28", 7));
  });
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, false));
  EXPECT_EQ(e.status, ProbeStatus::kTlsError) << e.error;
  ASSERT_EQ(e.versions.size(), 5u);
  for (const auto& v : e.versions) {
    EXPECT_EQ(v.accepted, Tri::kNo) << v.version << ": " << v.detail;
    EXPECT_EQ(v.status, ProbeStatus::kOk) << v.version;
  }
}

// A server that hangs up on three hellos and then stops listening went away:
// its hang-ups are not refusals, and the failed default handshake is recorded
// as the connection failure that followed.
TEST_F(TlsProbeTest, ServerGoingAwayDuringTheProbesLeavesUnknownsNotRefusals) {
  uint16_t port = 0;
  int listener = testing::ListenOnLoopback(&port);
  std::atomic<bool> stopping{false};
  std::thread server([listener, &stopping] {
    for (int i = 0; i < 3; ++i) {
      pollfd p{listener, POLLIN, 0};
      if (::poll(&p, 1, 5000) != 1) break;  // the probe gave up earlier: a failure below
      int fd = ::accept(listener, nullptr, nullptr);
      if (fd < 0) break;
      testing::ReadSome(fd, 2000, stopping);  // the ClientHello
      testing::ResetConnection(fd);
      ::close(fd);
    }
    ::close(listener);  // gone: later connections are refused
  });
  TlsEndpoint e = Probe(port, "www.example.test", Options(true, true));
  server.join();
  EXPECT_EQ(e.status, ProbeStatus::kRefused) << e.error;
  EXPECT_NE(e.error.find("stopped accepting connections"), std::string::npos) << e.error;
  for (const auto& v : e.versions)
    EXPECT_EQ(v.accepted, Tri::kUnknown)
        << v.version << " " << ProbeStatusName(v.status) << " " << v.detail;
  for (const auto& c : e.cipher_classes) EXPECT_EQ(c.accepted, Tri::kUnknown) << c.cipher_class;
}

TEST_F(TlsProbeTest, SilentServerTimesOutWithinTheBound) {
  LoopbackServer server([](int fd, const std::atomic<bool>& stopping) {
    testing::WaitForClose(fd, 10000, stopping);
  });
  TlsProbeOptions o = Options(true, true);
  o.handshake_timeout = Millis(300);
  auto start = Clock::now();
  TlsEndpoint e = Probe(server.port(), "www.example.test", o);
  double elapsed = MillisSince(start);
  EXPECT_EQ(e.status, ProbeStatus::kTimeout);
  EXPECT_LT(elapsed, 5000);
  EXPECT_EQ(server.connections(), 1);  // no more handshakes after a timeout
  for (const auto& v : e.versions) EXPECT_EQ(v.status, ProbeStatus::kTimeout);
}

TEST_F(TlsProbeTest, ConnectionRefusedMarksEverythingUnknown) {
  // A port nobody listens on: bind, read the port, close.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  TlsEndpoint e = Probe(ntohs(addr.sin_port), "www.example.test", Options(true, true));
  EXPECT_EQ(e.status, ProbeStatus::kRefused) << e.error;
  ASSERT_EQ(e.versions.size(), 5u);
  for (const auto& v : e.versions) {
    EXPECT_EQ(v.status, ProbeStatus::kRefused);
    EXPECT_EQ(v.accepted, Tri::kUnknown);
  }
  ASSERT_EQ(e.cipher_classes.size(), 9u);
}

TEST_F(TlsProbeTest, ExpiredDeadlineSkipsEverything) {
  FakeTlsServer server(ServerWith(TestPki().rsa_leaf.get(), testing::RsaKey2048()));
  TlsEndpoint e = Probe(server.port(), "www.example.test", Options(true, true),
                        Deadline(Clock::now() - Millis(1)));
  EXPECT_EQ(e.status, ProbeStatus::kSkipped);
  for (const auto& v : e.versions) EXPECT_EQ(v.status, ProbeStatus::kSkipped);
  EXPECT_EQ(server.connections(), 0);
}

TEST_F(TlsProbeTest, OptedOutHostIsNeverContacted) {
  FakeTlsServer server(ServerWith(TestPki().rsa_leaf.get(), testing::RsaKey2048()));
  OptOutList opt_outs;
  opt_outs.Add("example.test");
  ConnectGate gate(FastGate(), opt_outs);
  Connector connector(gate);
  Deadline deadline = Deadline::In(Millis(10000));
  StreamOpener open = MakeTcpOpener(connector, "www.example.test", "127.0.0.1", server.port(),
                                    Millis(1000), deadline);
  TlsEndpoint e = testing::RunTask(
      ioc_, ProbeTlsEndpoint(open, "127.0.0.1", server.port(), "www.example.test", "https",
                             Options(true, true), deadline));
  EXPECT_EQ(e.status, ProbeStatus::kOptedOut);
  EXPECT_EQ(server.connections(), 0);
}

}  // namespace
}  // namespace posture
