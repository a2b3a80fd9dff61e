#include "scanner/dns/dns_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/engine/dns_testlib.h"

namespace posture {
namespace {

using dnstest::FakeDnsServer;
using dnstest::Message;
using dnstest::ReplyWith;
using dnstest::RunUntil;
using dnstest::Rr;

constexpr Millis kTestLimit{30000};  // safety net only; tests finish far sooner

// --- NormalizeResolverAddress ---

TEST(DnsClientTest, NormalizesResolverAddresses) {
  EXPECT_EQ(*NormalizeResolverAddress("127.53.0.1"), "127.53.0.1:53");
  EXPECT_EQ(*NormalizeResolverAddress("127.53.0.1:5353"), "127.53.0.1:5353");
  EXPECT_EQ(*NormalizeResolverAddress("[::1]:53"), "[::1]:53");
  EXPECT_EQ(*NormalizeResolverAddress("[::1]"), "[::1]:53");
  EXPECT_EQ(*NormalizeResolverAddress("::1"), "[::1]:53");
  EXPECT_EQ(*NormalizeResolverAddress("2001:DB8:0::53"), "[2001:db8::53]:53");
  EXPECT_EQ(*NormalizeResolverAddress("[2001:db8::53]:5300"), "[2001:db8::53]:5300");
}

TEST(DnsClientTest, RejectsGarbageResolverAddresses) {
  for (const char* bad : {"", "resolver.example.fr", "127.0.0.1:", "127.0.0.1:0",
                          "127.0.0.1:65536", "127.0.0.1:53x", "127.0.0.1:-1", "[::1", "[::1]x",
                          "[::1]:", "[127.0.0.1]:53", "1.2.3", "256.1.1.1", " 127.0.0.1",
                          "127.0.0.1:99999999999999999999", "::1::2", "[::1]:53:53"}) {
    StatusOr<std::string> s = NormalizeResolverAddress(bad);
    EXPECT_FALSE(s.ok()) << bad;
    if (!s.ok()) {
      EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
      EXPECT_FALSE(s.status().message().empty());
      EXPECT_EQ(s.status().message().find('\n'), std::string::npos);
    }
  }
}

TEST(DnsClientTest, CreateRejectsBadConfiguration) {
  asio::io_context io;
  ResolverConfig config;
  config.servers = {"not-an-address"};
  EXPECT_FALSE(DnsClient::Create(io, config).ok());
  config.servers = {"127.0.0.1:5353"};
  config.tries = 0;
  EXPECT_FALSE(DnsClient::Create(io, config).ok());
  config.tries = 1;
  EXPECT_TRUE(DnsClient::Create(io, config).ok());
  config.servers = {"127.0.0.1:5353", "[::1]:5353"};  // c-ares takes the IPv6 form too
  EXPECT_TRUE(DnsClient::Create(io, config).ok());
}

// --- Against the fake server ---

ResolverConfig ConfigFor(const FakeDnsServer& server, Millis timeout = Millis(2000),
                         int tries = 2) {
  ResolverConfig config;
  config.servers = {server.address()};
  config.timeout = timeout;
  config.tries = tries;
  return config;
}

// Runs one question to completion on `io`.
DnsResult Ask(asio::io_context& io, DnsClient& client, const std::string& name, uint16_t type) {
  auto out = std::make_shared<std::optional<DnsResult>>();
  asio::co_spawn(io, client.Query(name, type),
                 [out](std::exception_ptr e, DnsResult r) {
                   if (!e) *out = std::move(r);
                 });
  RunUntil(io, [&] { return out->has_value(); }, kTestLimit);
  EXPECT_TRUE(out->has_value()) << "the question never completed";
  return out->value_or(DnsResult{});
}

// Answers A questions with 192.0.2.1 and the rest with NODATA.
std::optional<std::string> AnswerA(const FakeDnsServer::Request& req) {
  Message m;
  if (req.query.qtype == dns_type::kA) {
    m.answers.push_back(Rr{req.query.qname, dns_type::kA, dnstest::RdA("192.0.2.1")});
  }
  return ReplyWith(req.query, m);
}

TEST(DnsClientTest, NormalAnswer) {
  asio::io_context io;
  FakeDnsServer server(io, AnswerA);
  auto client = DnsClient::Create(io, ConfigFor(server));
  ASSERT_TRUE(client.ok()) << client.status().message();

  DnsResult r = Ask(io, **client, "WWW.Example.FR.", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kOk) << r.error;
  EXPECT_EQ(r.name, "www.example.fr");
  EXPECT_EQ(r.type, dns_type::kA);
  EXPECT_EQ(r.rcode, 0);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].data, "192.0.2.1");
  EXPECT_GT(r.elapsed_ms, 0.0);
  EXPECT_EQ((*client)->queries_sent(), 1);

  // What went on the wire: one UDP query with RD, AD, EDNS0 and DO.
  ASSERT_EQ(server.udp_queries(), 1);
  EXPECT_EQ(server.tcp_queries(), 0);
  const dnstest::ParsedQuery q = server.requests().at(0).query;
  EXPECT_EQ(q.qname, "WWW.Example.FR");
  EXPECT_EQ(q.qtype, dns_type::kA);
  EXPECT_NE(q.flags & 0x0100, 0);  // RD
  EXPECT_NE(q.flags & 0x0020, 0);  // AD
  EXPECT_TRUE(q.has_opt);
  EXPECT_TRUE(q.dnssec_ok);
  EXPECT_EQ(q.udp_size, 512);

  DnsResult nodata = Ask(io, **client, "example.fr", dns_type::kMx);
  EXPECT_EQ(nodata.status, ProbeStatus::kNoData);
}

TEST(DnsClientTest, ServfailRefusedAndNxdomainComeBackAsSuch) {
  asio::io_context io;
  FakeDnsServer server(io, [](const FakeDnsServer::Request& req) -> std::optional<std::string> {
    Message m;
    if (req.query.qname == "bogus.example") m.rcode = 2;
    if (req.query.qname == "refused.example") m.rcode = 5;
    if (req.query.qname == "missing.example") m.rcode = 3;
    return ReplyWith(req.query, m);
  });
  auto client = DnsClient::Create(io, ConfigFor(server));
  ASSERT_TRUE(client.ok());

  DnsResult servfail = Ask(io, **client, "bogus.example", dns_type::kA);
  EXPECT_EQ(servfail.status, ProbeStatus::kServFail);
  EXPECT_EQ(servfail.rcode, 2);
  // ARES_FLAG_NOCHECKRESP: c-ares handed the SERVFAIL back instead of retrying.
  EXPECT_EQ(server.udp_queries(), 1);

  DnsResult refused = Ask(io, **client, "refused.example", dns_type::kA);
  EXPECT_EQ(refused.status, ProbeStatus::kRefused);
  EXPECT_EQ(refused.rcode, 5);
  EXPECT_EQ(server.udp_queries(), 2);

  DnsResult nx = Ask(io, **client, "missing.example", dns_type::kA);
  EXPECT_EQ(nx.status, ProbeStatus::kNxDomain);
}

TEST(DnsClientTest, SilentServerTimesOut) {
  asio::io_context io;
  FakeDnsServer server(io, [](const FakeDnsServer::Request&) { return std::nullopt; });
  auto client = DnsClient::Create(io, ConfigFor(server, Millis(100), 2));
  ASSERT_TRUE(client.ok());

  const auto start = Clock::now();
  DnsResult r = Ask(io, **client, "slow.example", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kTimeout);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.rcode, -1);
  EXPECT_EQ(server.udp_queries(), 2);  // both tries were sent
  // c-ares doubles the timeout each round: 100 + 200 ms; generous bound.
  EXPECT_LT(Clock::now() - start, Millis(10000));
}

TEST(DnsClientTest, ClosedPortIsRefused) {
  asio::io_context io;
  uint16_t port = 0;
  {
    asio::ip::udp::socket probe(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }  // closed: nothing listens on `port` any more
  ResolverConfig config;
  config.servers = {"127.0.0.1:" + std::to_string(port)};
  config.timeout = Millis(2000);
  config.tries = 1;
  auto client = DnsClient::Create(io, config);
  ASSERT_TRUE(client.ok());
  DnsResult r = Ask(io, **client, "example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kRefused) << r.error;
}

TEST(DnsClientTest, TruncatedUdpAnswerIsRetriedOverTcp) {
  asio::io_context io;
  FakeDnsServer server(
      io,
      [](const FakeDnsServer::Request& req) -> std::optional<std::string> {
        Message m;
        m.tc = true;  // no records over UDP
        return ReplyWith(req.query, m);
      },
      [](const FakeDnsServer::Request& req) -> std::optional<std::string> {
        Message m;
        m.answers.push_back(Rr{req.query.qname, dns_type::kTxt, dnstest::RdTxt({"over tcp"})});
        return ReplyWith(req.query, m);
      });
  auto client = DnsClient::Create(io, ConfigFor(server));
  ASSERT_TRUE(client.ok());
  DnsResult r = Ask(io, **client, "big.example", dns_type::kTxt);
  EXPECT_EQ(r.status, ProbeStatus::kOk) << r.error;
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].strings, std::vector<std::string>{"over tcp"});
  EXPECT_FALSE(r.truncated);
  EXPECT_EQ(server.udp_queries(), 1);
  EXPECT_EQ(server.tcp_queries(), 1);
}

TEST(DnsClientTest, UdpAnswerAbove512BytesIsAskedAgainOverTcp) {
  // c-ares 1.18 (no ARES_FLAG_EDNS) drops UDP answers above 512 bytes and
  // asks over TCP: the TCP answer is the one used.
  asio::io_context io;
  auto big_answer = [](const FakeDnsServer::Request& req, const std::string& tag) {
    Message m;
    for (int i = 0; i < 6; ++i) {
      m.answers.push_back(Rr{req.query.qname, dns_type::kTxt,
                             dnstest::RdTxt({tag + std::string(120, 'x')})});
    }
    return std::optional<std::string>(ReplyWith(req.query, m));
  };
  FakeDnsServer server(
      io, [&](const FakeDnsServer::Request& req) { return big_answer(req, "udp"); },
      [&](const FakeDnsServer::Request& req) { return big_answer(req, "tcp"); });
  auto client = DnsClient::Create(io, ConfigFor(server));
  ASSERT_TRUE(client.ok());
  DnsResult r = Ask(io, **client, "large.example", dns_type::kTxt);
  EXPECT_EQ(r.status, ProbeStatus::kOk) << r.error;
  ASSERT_EQ(r.records.size(), 6u);
  EXPECT_EQ(r.records[0].strings.at(0).substr(0, 3), "tcp");
  EXPECT_EQ(server.tcp_queries(), 1);
}

TEST(DnsClientTest, AnswerAboveTheCapIsTooLarge) {
  asio::io_context io;
  FakeDnsServer server(io, [](const FakeDnsServer::Request& req) -> std::optional<std::string> {
    Message m;
    m.answers.push_back(Rr{req.query.qname, dns_type::kTxt, dnstest::RdTxt({std::string(200, 'x')})});
    return ReplyWith(req.query, m);
  });
  ResolverConfig config = ConfigFor(server);
  config.max_answer_bytes = 100;
  auto client = DnsClient::Create(io, config);
  ASSERT_TRUE(client.ok());
  DnsResult r = Ask(io, **client, "example.fr", dns_type::kTxt);
  EXPECT_EQ(r.status, ProbeStatus::kTooLarge);
  EXPECT_TRUE(r.truncated);
  EXPECT_TRUE(r.records.empty());
}

TEST(DnsClientTest, InvalidNameIsNotSent) {
  asio::io_context io;
  FakeDnsServer server(io, AnswerA);
  auto client = DnsClient::Create(io, ConfigFor(server));
  ASSERT_TRUE(client.ok());
  DnsResult r = Ask(io, **client, "bad..name", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kDnsError);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ((*client)->queries_sent(), 0);
  EXPECT_EQ(server.udp_queries(), 0);
}

TEST(DnsClientTest, TwoHundredConcurrentQuestions) {
  asio::io_context io;
  FakeDnsServer server(io, [](const FakeDnsServer::Request& req) -> std::optional<std::string> {
    // "hN.example" -> 10.0.N/256.N%256
    int n = std::stoi(req.query.qname.substr(1, req.query.qname.find('.') - 1));
    Message m;
    m.answers.push_back(Rr{req.query.qname, dns_type::kA,
                           dnstest::RdA("10.0." + std::to_string(n / 256) + "." +
                                        std::to_string(n % 256))});
    return ReplyWith(req.query, m);
  });
  auto client = DnsClient::Create(io, ConfigFor(server));
  ASSERT_TRUE(client.ok());

  constexpr int kCount = 200;
  std::vector<std::optional<DnsResult>> results(kCount);
  int done = 0;
  for (int i = 0; i < kCount; ++i) {
    asio::co_spawn(io, (*client)->Query("h" + std::to_string(i) + ".example", dns_type::kA),
                   [&, i](std::exception_ptr e, DnsResult r) {
                     if (!e) results[i] = std::move(r);
                     ++done;
                   });
  }
  RunUntil(io, [&] { return done == kCount; }, kTestLimit);
  ASSERT_EQ(done, kCount);
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(results[i].has_value()) << i;
    EXPECT_EQ(results[i]->status, ProbeStatus::kOk) << i << " " << results[i]->error;
    ASSERT_EQ(results[i]->records.size(), 1u) << i;
    EXPECT_EQ(results[i]->records[0].data,
              "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  }
  EXPECT_EQ((*client)->queries_sent(), kCount);
}

TEST(DnsClientTest, DestructionWithPendingQuestions) {
  asio::io_context io;
  FakeDnsServer server(io, [](const FakeDnsServer::Request&) { return std::nullopt; });
  auto client = DnsClient::Create(io, ConfigFor(server, Millis(5000), 2));
  ASSERT_TRUE(client.ok());
  std::unique_ptr<DnsClient> owned = std::move(*client);

  constexpr int kCount = 20;
  std::vector<std::optional<DnsResult>> results(kCount);
  int done = 0;
  for (int i = 0; i < kCount; ++i) {
    asio::co_spawn(io, owned->Query("p" + std::to_string(i) + ".example", dns_type::kA),
                   [&, i](std::exception_ptr e, DnsResult r) {
                     if (!e) results[i] = std::move(r);
                     ++done;
                   });
  }
  RunUntil(io, [&] { return server.udp_queries() == kCount; }, kTestLimit);
  ASSERT_EQ(server.udp_queries(), kCount);
  EXPECT_EQ(done, 0);

  owned.reset();  // with 20 questions in flight
  RunUntil(io, [&] { return done == kCount; }, kTestLimit);
  ASSERT_EQ(done, kCount);
  for (const auto& r : results) {
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, ProbeStatus::kError);
    EXPECT_FALSE(r->error.empty());
  }
}

// A burst of questions is sent at most max_in_flight at a time (a resolver's
// UDP buffer would drop the rest); the others wait and are all answered.
TEST(DnsClientTest, AtMostMaxInFlightQuestionsOnTheWire) {
  asio::io_context io;
  FakeDnsServer server(io, AnswerA);
  ResolverConfig config = ConfigFor(server);
  config.max_in_flight = 8;
  auto client = DnsClient::Create(io, config);
  ASSERT_TRUE(client.ok());
  constexpr int kCount = 100;
  int done = 0, ok = 0;
  for (int i = 0; i < kCount; ++i) {
    asio::co_spawn(io, (*client)->Query("b" + std::to_string(i) + ".example", dns_type::kA),
                   [&](std::exception_ptr e, DnsResult r) {
                     ++done;
                     if (!e && r.status == ProbeStatus::kOk) ++ok;
                   });
  }
  RunUntil(io, [&] { return done == kCount; }, kTestLimit);
  EXPECT_EQ(done, kCount);
  EXPECT_EQ(ok, kCount);
  EXPECT_EQ(server.udp_queries(), kCount);
}

TEST(DnsClientTest, WaitingQuestionsEndWhenTheClientIsDestroyed) {
  asio::io_context io;
  FakeDnsServer server(io, [](const FakeDnsServer::Request&) { return std::nullopt; });
  ResolverConfig config = ConfigFor(server, Millis(5000), 2);
  config.max_in_flight = 10;
  auto client = DnsClient::Create(io, config);
  ASSERT_TRUE(client.ok());
  std::unique_ptr<DnsClient> owned = std::move(*client);
  constexpr int kCount = 50;
  int done = 0, errors = 0;
  for (int i = 0; i < kCount; ++i) {
    asio::co_spawn(io, owned->Query("w" + std::to_string(i) + ".example", dns_type::kA),
                   [&](std::exception_ptr e, DnsResult r) {
                     ++done;
                     if (!e && r.status == ProbeStatus::kError) ++errors;
                   });
  }
  RunUntil(io, [&] { return server.udp_queries() >= 10; }, kTestLimit);
  RunUntil(io, [] { return false; }, Millis(300));  // time for more to leak out, if any did
  EXPECT_EQ(server.udp_queries(), 10) << "questions beyond max_in_flight were sent";
  EXPECT_EQ(done, 0);
  owned.reset();  // 10 on the wire, 40 waiting for a slot
  RunUntil(io, [&] { return done == kCount; }, kTestLimit);
  EXPECT_EQ(done, kCount);
  EXPECT_EQ(errors, kCount);
  EXPECT_EQ(server.udp_queries(), 10);
}

TEST(DnsClientTest, QuestionsAfterIdlePeriodsReuseTheLoop) {
  // c-ares closes its sockets when nothing is pending and opens new ones
  // later: the watches must follow.
  asio::io_context io;
  FakeDnsServer server(io, AnswerA);
  auto client = DnsClient::Create(io, ConfigFor(server));
  ASSERT_TRUE(client.ok());
  for (int i = 0; i < 5; ++i) {
    DnsResult r = Ask(io, **client, "again.example", dns_type::kA);
    EXPECT_EQ(r.status, ProbeStatus::kOk) << i << " " << r.error;
  }
  EXPECT_EQ(server.udp_queries(), 5);
}

// --- BlockingResolver ---

TEST(DnsClientTest, BlockingResolverAnswersFromItsOwnLoop) {
  // The fake server runs on another thread: the resolver blocks this one.
  asio::io_context server_io;
  FakeDnsServer server(server_io, AnswerA);
  auto work = asio::make_work_guard(server_io);
  std::thread server_thread([&] { server_io.run(); });

  ResolverConfig config = ConfigFor(server);
  auto resolver = BlockingResolver::Create(config);
  ASSERT_TRUE(resolver.ok());
  DnsResult a = (*resolver)->Resolve("one.example", dns_type::kA);
  DnsResult mx = (*resolver)->Resolve("one.example", dns_type::kMx);
  StatusOr<DnsResult> once = ResolveBlocking(config, "two.example", dns_type::kA);

  work.reset();
  server_io.stop();
  server_thread.join();

  EXPECT_EQ(a.status, ProbeStatus::kOk) << a.error;
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_EQ(a.records[0].data, "192.0.2.1");
  EXPECT_EQ(mx.status, ProbeStatus::kNoData);
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(once->status, ProbeStatus::kOk);

  ResolverConfig bad;
  bad.servers = {"nope"};
  EXPECT_FALSE(ResolveBlocking(bad, "x.example", dns_type::kA).ok());
}

}  // namespace
}  // namespace posture
