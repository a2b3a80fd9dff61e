#include "scanner/smtp/smtp_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/x509_vfy.h>
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
using testing::FakeSmtpServer;
using testing::MakeCert;
using testing::SmtpServerConfig;
using testing::X509Ptr;
using Commands = std::vector<std::string>;

// ------------------------------------------------------------ the reader

TEST(SmtpReplyReader, SingleLine) {
  SmtpReplyReader r;
  std::string in = "220 mx.example.test ESMTP\r\n";
  EXPECT_EQ(r.Feed(in), in.size());
  ASSERT_EQ(r.state(), SmtpReplyReader::State::kComplete);
  EXPECT_EQ(r.reply().code, 220);
  EXPECT_EQ(r.reply().lines, Commands{"220 mx.example.test ESMTP"});
}

TEST(SmtpReplyReader, MultiLineFedByteByByte) {
  SmtpReplyReader r;
  std::string in = "250-mx.example.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n";
  size_t used = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(r.state(), SmtpReplyReader::State::kNeedMore) << i;
    used += r.Feed(in.substr(i, 1));
  }
  EXPECT_EQ(used, in.size());
  ASSERT_EQ(r.state(), SmtpReplyReader::State::kComplete);
  EXPECT_EQ(r.reply().code, 250);
  EXPECT_EQ(r.reply().lines,
            (Commands{"250-mx.example.test", "250-PIPELINING", "250-STARTTLS", "250 8BITMIME"}));
}

TEST(SmtpReplyReader, LeavesTheNextReplyUnconsumed) {
  SmtpReplyReader r;
  std::string in = "250 ok\r\n220 next\r\n";
  EXPECT_EQ(r.Feed(in), 8u);
  EXPECT_EQ(r.state(), SmtpReplyReader::State::kComplete);
  EXPECT_EQ(r.Feed("more"), 0u);  // complete: nothing more until Reset
  r.Reset();
  EXPECT_EQ(r.state(), SmtpReplyReader::State::kNeedMore);
  EXPECT_EQ(r.Feed(in.substr(8)), 10u);
  EXPECT_EQ(r.reply().code, 220);
  EXPECT_EQ(r.reply().lines.size(), 1u);
}

TEST(SmtpReplyReader, BareCodeAndBareLf) {
  SmtpReplyReader r;
  r.Feed("250\n");
  ASSERT_EQ(r.state(), SmtpReplyReader::State::kComplete);
  EXPECT_EQ(r.reply().lines, Commands{"250"});
}

TEST(SmtpReplyReader, Malformed) {
  for (const char* bad : {"2x0 hi\r\n", "hello\r\n", "250_x\r\n", "25\r\n", "\r\n"}) {
    SmtpReplyReader r;
    r.Feed(bad);
    EXPECT_EQ(r.state(), SmtpReplyReader::State::kMalformed) << bad;
    EXPECT_EQ(r.reply().lines.size(), 1u) << bad;  // the offending line is kept
  }
  SmtpReplyReader mixed;
  mixed.Feed("250-a\r\n251 b\r\n");
  EXPECT_EQ(mixed.state(), SmtpReplyReader::State::kMalformed);
}

TEST(SmtpReplyReader, LongLineIsTooLargeBeforeItsEnd) {
  SmtpReplyReader r(/*max_line_bytes=*/10, /*max_lines=*/5);
  r.Feed("250 0123456");  // 11 bytes, no newline yet
  EXPECT_EQ(r.state(), SmtpReplyReader::State::kTooLarge);
  SmtpReplyReader ok(10, 5);
  ok.Feed("250 012345\r\n");  // exactly 10 bytes plus CRLF
  EXPECT_EQ(ok.state(), SmtpReplyReader::State::kComplete);
}

TEST(SmtpReplyReader, TooManyLines) {
  SmtpReplyReader r(100, 3);
  r.Feed("220-a\r\n220-b\r\n220-c\r\n220 d\r\n");
  EXPECT_EQ(r.state(), SmtpReplyReader::State::kTooLarge);
  EXPECT_EQ(r.reply().lines.size(), 3u);
}

TEST(SmtpReplyReader, ArbitraryBytesNeverCrash) {
  uint32_t x = 99;
  for (int round = 0; round < 2000; ++round) {
    SmtpReplyReader r(64, 8);
    std::string in;
    for (int i = 0; i < 200; ++i) {
      x = x * 1664525 + 1013904223;
      const char alphabet[] = "0123456789 -\r\nAZ\x00\xff";
      in += alphabet[(x >> 16) % (sizeof alphabet - 1)];
    }
    size_t used = r.Feed(in);
    EXPECT_LE(used, in.size());
    EXPECT_LE(r.reply().lines.size(), 8u);
  }
}

// ------------------------------------------------------------ the probe

struct MxPki {
  X509Ptr ca;
  std::string ca_file;
  X509Ptr leaf;  // mx.example.test
};

const MxPki& Pki() {
  static MxPki* pki = [] {
    auto* p = new MxPki;
    CertSpec ca;
    ca.common_name = "Posture SMTP Test CA";
    ca.dns_names = {};
    ca.is_ca = true;
    ca.not_after = 3650L * 86400;
    p->ca = MakeCert(ca, testing::RsaCaKey2048(), nullptr, nullptr);
    p->ca_file = testing::WriteTempFile("smtp-ca.pem", testing::CertPem(p->ca.get()));
    CertSpec leaf;
    leaf.common_name = "mx.example.test";
    leaf.dns_names = {"mx.example.test"};
    p->leaf = MakeCert(leaf, testing::EcKeyP256(), p->ca.get(), testing::RsaCaKey2048());
    return p;
  }();
  return *pki;
}

class SmtpProbeTest : public ::testing::Test {
 protected:
  SmtpProbeTest() : gate_(GateConfig{}, OptOutList()), connector_(gate_) {
    testing::TlsServerConfig c;
    c.chain = {Pki().leaf.get(), Pki().ca.get()};
    c.key = testing::EcKeyP256();
    c.min_version = TLS1_2_VERSION;
    tls_ctx_ = testing::MakeServerContext(c);
  }
  ~SmtpProbeTest() override { SSL_CTX_free(tls_ctx_); }

  SmtpServerConfig Server() {
    SmtpServerConfig c;
    c.tls_ctx = tls_ctx_;
    return c;
  }

  SmtpProbeOptions Options(uint16_t port) {
    SmtpProbeOptions o;
    o.ehlo_name = "posture.example.test";
    o.port = port;
    o.connect_timeout = Millis(2000);
    o.line_timeout = Millis(2000);
    o.tls.ca_file = Pki().ca_file;
    o.tls.handshake_timeout = Millis(2000);
    return o;
  }

  SmtpProbe Probe(SmtpProbeOptions options, bool details = false) {
    return testing::RunTask(ioc_, ProbeSmtp(connector_, "mx.example.test", "127.0.0.1", options,
                                            Deadline::In(Millis(30000)), details));
  }

  static void ExpectNoMailTransaction(const FakeSmtpServer& server) {
    for (const std::string& c : server.all_commands()) {
      std::string verb = c.substr(0, 4);
      EXPECT_NE(verb, "MAIL") << c;
      EXPECT_NE(verb, "RCPT") << c;
      EXPECT_NE(verb, "DATA") << c;
    }
  }

  asio::io_context ioc_;
  ConnectGate gate_;
  Connector connector_;
  SSL_CTX* tls_ctx_;
};

TEST_F(SmtpProbeTest, StartTlsHandshakeThenQuit) {
  FakeSmtpServer server(Server());
  SmtpProbe p = Probe(Options(server.port()));
  EXPECT_EQ(p.status, ProbeStatus::kOk) << p.error;
  EXPECT_EQ(p.mx_host, "mx.example.test");
  EXPECT_EQ(p.ip, "127.0.0.1");
  EXPECT_EQ(p.port, server.port());
  EXPECT_EQ(p.banner, Commands{"220 mx.example.test ESMTP fake"});
  EXPECT_EQ(p.ehlo, (Commands{"250-mx.example.test greets you", "250-PIPELINING", "250-STARTTLS",
                              "250 8BITMIME"}));
  EXPECT_TRUE(p.starttls_offered);
  EXPECT_EQ(p.starttls_reply, "220 2.0.0 Ready to start TLS");
  EXPECT_EQ(p.tls_status, ProbeStatus::kOk);
  ASSERT_TRUE(p.tls.has_value());
  const TlsEndpoint& t = *p.tls;
  EXPECT_EQ(t.status, ProbeStatus::kOk) << t.error;
  EXPECT_EQ(t.context, "smtp-starttls");
  EXPECT_EQ(t.sni, "mx.example.test");
  EXPECT_EQ(t.port, server.port());
  EXPECT_FALSE(t.negotiated_version.empty());
  ASSERT_EQ(t.chain.size(), 2u);
  EXPECT_EQ(t.chain[0].common_name, "mx.example.test");
  EXPECT_EQ(t.verify_code, X509_V_OK) << t.verify_error;
  EXPECT_TRUE(t.hostname_matches);
  EXPECT_TRUE(t.versions.empty());  // details not asked
  EXPECT_EQ(server.sessions(),
            (std::vector<Commands>{{"EHLO posture.example.test", "STARTTLS", "QUIT"}}));
  ExpectNoMailTransaction(server);
}

TEST_F(SmtpProbeTest, WithoutStartTls) {
  SmtpServerConfig c = Server();
  c.offer_starttls = false;
  FakeSmtpServer server(c);
  SmtpProbe p = Probe(Options(server.port()), /*details=*/true);
  EXPECT_EQ(p.status, ProbeStatus::kOk) << p.error;
  EXPECT_FALSE(p.starttls_offered);
  EXPECT_EQ(p.tls_status, ProbeStatus::kSkipped);
  EXPECT_FALSE(p.tls.has_value());
  EXPECT_EQ(p.ehlo.size(), 3u);
  EXPECT_EQ(server.sessions(), (std::vector<Commands>{{"EHLO posture.example.test", "QUIT"}}));
}

TEST_F(SmtpProbeTest, NoServiceBannerIsRefusedAndKept) {
  SmtpServerConfig c = Server();
  c.banner = "554 5.7.1 No SMTP service here\r\n";
  FakeSmtpServer server(c);
  SmtpProbe p = Probe(Options(server.port()));
  EXPECT_EQ(p.status, ProbeStatus::kRefused);
  EXPECT_EQ(p.banner, Commands{"554 5.7.1 No SMTP service here"});
  EXPECT_TRUE(p.ehlo.empty());
  EXPECT_EQ(server.sessions(), (std::vector<Commands>{{"QUIT"}}));
}

TEST_F(SmtpProbeTest, TarpitEndsAsTimeoutWithTheLinesRead) {
  SmtpServerConfig c = Server();
  c.tarpit_interval_ms = 3000;
  FakeSmtpServer server(c);
  SmtpProbeOptions o = Options(server.port());
  o.line_timeout = Millis(300);
  auto start = Clock::now();
  SmtpProbe p = Probe(o);
  EXPECT_LT(MillisSince(start), 2500);
  EXPECT_EQ(p.status, ProbeStatus::kTimeout);
  EXPECT_EQ(p.banner, Commands{"220-slow"});
  EXPECT_EQ(server.all_commands(), Commands{});
}

TEST_F(SmtpProbeTest, ConversationBoundCutsASlowServer) {
  SmtpServerConfig c = Server();
  c.tarpit_interval_ms = 100;  // a line every 100 ms: each read is quick, the whole is not
  FakeSmtpServer server(c);
  SmtpProbeOptions o = Options(server.port());
  o.line_timeout = Millis(2000);
  o.max_lines = 1000;
  o.conversation_timeout = Millis(500);
  SmtpProbe p = Probe(o);
  EXPECT_EQ(p.status, ProbeStatus::kTimeout);
  EXPECT_GE(p.banner.size(), 2u);
}

TEST_F(SmtpProbeTest, MegabyteBannerIsTooLarge) {
  SmtpServerConfig c = Server();
  c.huge_banner_bytes = 1 << 20;
  FakeSmtpServer server(c);
  SmtpProbe p = Probe(Options(server.port()));
  EXPECT_EQ(p.status, ProbeStatus::kTooLarge) << p.error;
  EXPECT_EQ(server.all_commands(), Commands{});
}

TEST_F(SmtpProbeTest, ManyLinesBeyondTheByteCap) {
  SmtpServerConfig c = Server();
  c.banner.clear();
  for (int i = 0; i < 3000; ++i) c.banner += "220-filler line number " + std::to_string(i) + "\r\n";
  c.banner += "220 done\r\n";
  FakeSmtpServer server(c);
  SmtpProbeOptions o = Options(server.port());
  o.max_lines = 100000;
  o.max_reply_bytes = 16 * 1024;
  SmtpProbe p = Probe(o);
  EXPECT_EQ(p.status, ProbeStatus::kTooLarge) << p.error;
  EXPECT_GT(p.banner.size(), 100u);  // what was read is kept
}

TEST_F(SmtpProbeTest, StartTlsRefusedWith454) {
  SmtpServerConfig c = Server();
  c.starttls_reply = "454 4.7.0 TLS not available due to local problem\r\n";
  FakeSmtpServer server(c);
  SmtpProbe p = Probe(Options(server.port()), /*details=*/true);
  EXPECT_EQ(p.status, ProbeStatus::kOk) << p.error;
  EXPECT_TRUE(p.starttls_offered);
  EXPECT_EQ(p.tls_status, ProbeStatus::kRefused);
  EXPECT_EQ(p.starttls_reply, "454 4.7.0 TLS not available due to local problem");
  EXPECT_FALSE(p.tls.has_value());
  EXPECT_EQ(server.sessions(),
            (std::vector<Commands>{{"EHLO posture.example.test", "STARTTLS", "QUIT"}}));
}

TEST_F(SmtpProbeTest, StartTlsThenGarbage) {
  SmtpServerConfig c = Server();
  c.tls_mode = SmtpServerConfig::TlsMode::kGarbage;
  FakeSmtpServer server(c);
  SmtpProbe p = Probe(Options(server.port()), /*details=*/true);
  EXPECT_EQ(p.status, ProbeStatus::kOk) << p.error;
  EXPECT_EQ(p.tls_status, ProbeStatus::kProtocolError);
  ASSERT_TRUE(p.tls.has_value());
  EXPECT_EQ(p.tls->status, ProbeStatus::kProtocolError);
  EXPECT_TRUE(p.tls->versions.empty());  // no details after a failed handshake
  EXPECT_EQ(server.sessions(), (std::vector<Commands>{{"EHLO posture.example.test", "STARTTLS"}}));
}

TEST_F(SmtpProbeTest, StartTlsThenHangUp) {
  SmtpServerConfig c = Server();
  c.tls_mode = SmtpServerConfig::TlsMode::kClose;
  FakeSmtpServer server(c);
  SmtpProbe p = Probe(Options(server.port()));
  EXPECT_EQ(p.status, ProbeStatus::kOk) << p.error;
  EXPECT_EQ(p.tls_status, ProbeStatus::kTlsError);
  ASSERT_TRUE(p.tls.has_value());
  EXPECT_FALSE(p.tls->error.empty());
  // A second connection checked that the MX still answers: it does, so the
  // handshake failure stands.
  EXPECT_EQ(server.sessions().size(), 2u);
}

// An MX that goes away during the STARTTLS handshake: its listening socket
// is closed, then the connection. Not a handshake it refused: the probe
// finds it can no longer connect and records that.
TEST_F(SmtpProbeTest, MxGoingAwayDuringTheHandshakeIsNotAHandshakeFailure) {
  uint16_t port = 0;
  int listener = testing::ListenOnLoopback(&port);
  std::atomic<bool> stopping{false};
  std::thread mx([listener, &stopping] {
    int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) return;
    std::string buffer;
    testing::WriteAll(fd, "220 mx.example.test ESMTP\r\n");
    testing::ReadLine(fd, buffer, 2000, stopping);  // EHLO
    testing::WriteAll(fd, "250-mx.example.test\r\n250 STARTTLS\r\n");
    testing::ReadLine(fd, buffer, 2000, stopping);  // STARTTLS
    testing::WriteAll(fd, "220 2.0.0 Ready to start TLS\r\n");
    testing::ReadSome(fd, 2000, stopping);  // the ClientHello
    ::close(listener);                      // the server goes away...
    ::close(fd);                            // ...and the handshake ends with it
  });
  SmtpProbe p = Probe(Options(port), /*details=*/true);
  mx.join();
  EXPECT_EQ(p.status, ProbeStatus::kOk) << p.error;
  EXPECT_TRUE(p.starttls_offered);
  EXPECT_EQ(p.tls_status, ProbeStatus::kRefused) << p.error;
  EXPECT_NE(p.error.find("stopped accepting connections"), std::string::npos) << p.error;
}

TEST_F(SmtpProbeTest, TlsDetailsThroughFreshStartTlsSessions) {
  FakeSmtpServer server(Server());
  SmtpProbe p = Probe(Options(server.port()), /*details=*/true);
  ASSERT_EQ(p.tls_status, ProbeStatus::kOk);
  const TlsEndpoint& t = *p.tls;
  ASSERT_EQ(t.versions.size(), 5u);
  for (const auto& v : t.versions) {
    EXPECT_EQ(v.status, ProbeStatus::kOk) << v.version << " " << v.detail;
    bool modern = v.version == "TLSv1.2" || v.version == "TLSv1.3";
    EXPECT_EQ(v.accepted, modern ? Tri::kYes : Tri::kNo) << v.version << " " << v.detail;
  }
  ASSERT_EQ(t.cipher_classes.size(), 9u);
  for (const auto& c : t.cipher_classes)
    if (c.cipher_class != "non_fs" && c.cipher_class != "cbc_only") {
      EXPECT_EQ(c.accepted, Tri::kNo) << c.cipher_class;
    }
  // 1 conversation + 4 version probes (one came with the STARTTLS session)
  // + 9 cipher classes, one connection at a time, each EHLO then STARTTLS.
  std::vector<Commands> sessions = server.sessions();
  EXPECT_EQ(sessions.size(), 14u);
  EXPECT_EQ(sessions[0], (Commands{"EHLO posture.example.test", "STARTTLS", "QUIT"}));
  for (size_t i = 1; i < sessions.size(); ++i)
    EXPECT_EQ(sessions[i], (Commands{"EHLO posture.example.test", "STARTTLS"})) << i;
  EXPECT_EQ(gate_.stats().max_concurrent_per_ip, 1);
  ExpectNoMailTransaction(server);
}

}  // namespace
}  // namespace posture
