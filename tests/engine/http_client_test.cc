// HttpClient against in-process fake servers on 127.0.0.1: statuses, caps,
// timeouts, TLS verdicts, pinning, concurrency.
#include "scanner/http/http_client.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <cstdlib>
#include <fstream>

#include "tests/engine/http_fake_server_testlib.h"

namespace posture {
namespace {

using testing::FakeConnection;
using testing::FakeHttpServer;
using testing::RunTask;

constexpr size_t kHeaderCap = 16 * 1024;
constexpr size_t kBodyCap = 64 * 1024;

HttpClientConfig TestConfig() {
  HttpClientConfig c;
  c.user_agent = "posture-test/0.1 (+https://contact.posture.test)";
  c.connect_timeout = Millis(1000);
  c.timeout = Millis(2000);
  c.max_header_bytes = kHeaderCap;
  c.max_body_bytes = kBodyCap;
  c.min_speed_bytes_per_s = 200;
  c.low_speed_time = Millis(1000);
  return c;
}

// A server that reads the request and answers `response` verbatim.
FakeHttpServer::Handler Answer(std::string response) {
  return [response](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    c.Send(response);
  };
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { client_ = MakeClient(TestConfig()); }

  std::unique_ptr<HttpClient> MakeClient(const HttpClientConfig& config) {
    auto client = HttpClient::Create(io_, config);
    EXPECT_TRUE(client.ok()) << client.status().message();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  HttpResponse Get(HttpRequest request, HttpClient* client = nullptr) {
    return RunTask(io_, (client ? client : client_.get())->Get(std::move(request)));
  }

  static HttpRequest Request(const std::string& host, uint16_t port, const std::string& path = "/",
                             const std::string& scheme = "http") {
    HttpRequest r;
    r.url = scheme + "://" + host + ":" + std::to_string(port) + path;
    r.ip = "127.0.0.1";
    return r;
  }

  asio::io_context io_;
  std::unique_ptr<HttpClient> client_;
};

std::vector<std::pair<std::string, std::string>> Pairs(const std::vector<HttpHeader>& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : headers) out.emplace_back(h.name, h.value);
  return out;
}

TEST_F(HttpClientTest, OkWithBodyAndTheRequestWeSend) {
  FakeHttpServer server(Answer(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Spaced:   a  b  \r\n"
      "Content-Length: 5\r\n\r\nhello"));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 200);
  EXPECT_EQ(r.hop.http_version, "1.1");
  EXPECT_EQ(r.hop.ip, "127.0.0.1");
  EXPECT_EQ(r.hop.port, server.port());
  EXPECT_EQ(r.hop.tls_verify_result, -1);
  EXPECT_TRUE(r.hop.location.empty());
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(r.body_bytes, 5);
  EXPECT_FALSE(r.body_truncated);
  EXPECT_TRUE(r.hop.headers_complete);
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Pairs(r.hop.headers), (std::vector<P>{{"Content-Type", "text/html"},
                                                  {"X-Spaced", "a  b"},
                                                  {"Content-Length", "5"}}));
  EXPECT_EQ(client_->connections_opened(), 1);
}

TEST_F(HttpClientTest, SendsAPlainGetWithOurHeaders) {
  FakeHttpServer* self = nullptr;
  FakeHttpServer server([&self](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    self->RecordRequest(head);
    c.Send("HTTP/1.1 204 No Content\r\n\r\n");
  });
  self = &server;
  HttpResponse r = Get(Request("www.mairie.test", server.port(), "/a?b=c"));
  ASSERT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 204);
  ASSERT_EQ(server.requests().size(), 1u);
  const std::string head = server.requests()[0];
  EXPECT_EQ(head.rfind("GET /a?b=c HTTP/1.1\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("\r\nHost: www.mairie.test:" + std::to_string(server.port()) + "\r\n"),
            std::string::npos)
      << head;
  EXPECT_NE(head.find("\r\nUser-Agent: posture-test/0.1 (+https://contact.posture.test)\r\n"),
            std::string::npos)
      << head;
  EXPECT_NE(head.find("\r\nAccept: */*\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nAccept-Encoding: "), std::string::npos) << head;
  EXPECT_NE(head.find("gzip"), std::string::npos) << head;
  EXPECT_EQ(head.find("Cookie"), std::string::npos) << head;
}

TEST_F(HttpClientTest, RepeatedSetCookieKeptInOrder) {
  FakeHttpServer server(Answer(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Secure\r\nX-Other: x\r\n"
      "Set-Cookie: b=2; HttpOnly\r\nset-cookie: c=3\r\nContent-Length: 0\r\n\r\n"));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  ASSERT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Pairs(r.hop.headers), (std::vector<P>{{"Set-Cookie", "a=1; Secure"},
                                                  {"X-Other", "x"},
                                                  {"Set-Cookie", "b=2; HttpOnly"},
                                                  {"set-cookie", "c=3"},
                                                  {"Content-Length", "0"}}));
}

TEST_F(HttpClientTest, InterimResponseHeadersAreDropped) {
  FakeHttpServer server(Answer(
      "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
      "HTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok"));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  ASSERT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 200);
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Pairs(r.hop.headers),
            (std::vector<P>{{"X-Final", "yes"}, {"Content-Length", "2"}}));
  EXPECT_EQ(r.body, "ok");
}

TEST_F(HttpClientTest, FoldedHeaderLineJoinsThePreviousValue) {
  FakeHttpServer server(Answer(
      "HTTP/1.1 200 OK\r\nX-Folded: one\r\n  two\r\nContent-Length: 0\r\n\r\n"));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  ASSERT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Pairs(r.hop.headers),
            (std::vector<P>{{"X-Folded", "one two"}, {"Content-Length", "0"}}));
}

TEST_F(HttpClientTest, HeaderLineWithoutColonIsAProtocolErrorKeepingWhatCameBefore) {
  FakeHttpServer server(Answer(
      "HTTP/1.1 200 OK\r\nX-Before: 1\r\nno colon here\r\nContent-Length: 0\r\n\r\n"));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kProtocolError) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 200);
  ASSERT_GE(r.hop.headers.size(), 1u);
  EXPECT_EQ(r.hop.headers[0].name, "X-Before");
}

TEST_F(HttpClientTest, RedirectIsNotFollowedAndLocationIsResolved) {
  FakeHttpServer server(Answer(
      "HTTP/1.1 301 Moved Permanently\r\nLocation: ../autre/page?x=1\r\n"
      "Content-Length: 0\r\n\r\n"));
  HttpResponse r = Get(Request("www.mairie.test", server.port(), "/a/b/c"));
  ASSERT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 301);
  EXPECT_EQ(r.hop.location,
            "http://www.mairie.test:" + std::to_string(server.port()) + "/a/autre/page?x=1");
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(client_->connections_opened(), 1);
}

TEST_F(HttpClientTest, SlowServerTimesOutWithinTheBound) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    if (!c.Send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")) return;
    for (int i = 0; i < 100; ++i) {
      if (!c.Send("x") || !c.Sleep(Millis(1000))) return;
    }
  });
  HttpClientConfig config = TestConfig();
  config.timeout = Millis(1500);
  auto client = MakeClient(config);
  HttpResponse r = Get(Request("www.mairie.test", server.port()), client.get());
  EXPECT_EQ(r.hop.status, ProbeStatus::kTimeout) << r.hop.error;
  EXPECT_FALSE(r.hop.error.empty());
  EXPECT_LT(r.hop.elapsed_ms, 5 * 1500);
  // Partial data is kept next to the failure.
  EXPECT_EQ(r.hop.status_code, 200);
  EXPECT_TRUE(r.hop.headers_complete);  // only the body was slow
  EXPECT_LE(r.body.size(), 3u);
}

// A server that stalls inside its header block (the hostile lab's slowloris
// on HTTPS): the status code is known, the headers are only a prefix.
TEST_F(HttpClientTest, StallInsideTheHeadersIsATimeoutWithIncompleteHeaders) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    if (!c.Send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")) return;
    for (int i = 0; i < 100; ++i) {
      if (!c.Send("z") || !c.Sleep(Millis(1000))) return;
    }
  });
  HttpClientConfig config = TestConfig();
  config.timeout = Millis(1500);
  auto client = MakeClient(config);
  HttpResponse r = Get(Request("www.mairie.test", server.port()), client.get());
  EXPECT_EQ(r.hop.status, ProbeStatus::kTimeout) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 200);
  EXPECT_FALSE(r.hop.headers_complete);
  ASSERT_EQ(r.hop.headers.size(), 1u);
  EXPECT_EQ(r.hop.headers[0].name, "Content-Type");
}

TEST_F(HttpClientTest, SlowlorisBelowMinimumSpeedTimesOut) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    if (!c.Send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")) return;
    for (int i = 0; i < 100; ++i) {
      if (!c.Send("x") || !c.Sleep(Millis(300))) return;
    }
  });
  HttpClientConfig config = TestConfig();
  config.timeout = Millis(20000);  // only the speed limit can end it early
  auto client = MakeClient(config);
  HttpResponse r = Get(Request("www.mairie.test", server.port()), client.get());
  EXPECT_EQ(r.hop.status, ProbeStatus::kTimeout) << r.hop.error;
  EXPECT_LT(r.hop.elapsed_ms, 10000);
}

TEST_F(HttpClientTest, TenMegabytesOfHeadersIsTooLargeAndBounded) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    if (!c.Send("HTTP/1.1 200 OK\r\n")) return;
    std::string line = "X-Pad: " + std::string(1000, 'a') + "\r\n";
    std::string block;
    for (int i = 0; i < 100; ++i) block += line;
    for (int i = 0; i < 100; ++i) {  // 100 x 100 x ~1 KB = 10 MB
      if (!c.Send(block)) return;
    }
    c.Send("\r\n");
  });
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kTooLarge) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 200);
  EXPECT_FALSE(r.hop.headers_complete);
  ASSERT_FALSE(r.hop.headers.empty());
  size_t kept = 0;
  for (const auto& h : r.hop.headers) kept += h.name.size() + h.value.size();
  EXPECT_LE(kept, kHeaderCap);
  EXPECT_GE(r.hop.headers.size(), kHeaderCap / 1010 - 1);
  EXPECT_EQ(r.hop.headers[0].value, std::string(1000, 'a'));
}

TEST_F(HttpClientTest, OneHugeHeaderLineIsTooLarge) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    if (!c.Send("HTTP/1.1 200 OK\r\nX-Big: ")) return;
    std::string chunk(64 * 1024, 'b');
    for (int i = 0; i < 160; ++i) {  // 10 MB without a line end
      if (!c.Send(chunk)) return;
    }
  });
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kTooLarge) << r.hop.error;
  EXPECT_FALSE(r.hop.headers_complete);
  EXPECT_NE(r.hop.error.find("100 KB"), std::string::npos) << r.hop.error;
}

TEST_F(HttpClientTest, GzipBombStopsAtTheCapOnDecodedBytes) {
  std::string bomb = testing::GzipZeros(20 * 1024 * 1024);
  ASSERT_LT(bomb.size(), 100u * 1024);
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                               std::to_string(bomb.size()) + "\r\n\r\n" + bomb));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.body.size(), kBodyCap);
  EXPECT_GT(r.body_bytes, static_cast<int64_t>(kBodyCap));
  EXPECT_LT(r.body_bytes, 20 * 1024 * 1024);
  EXPECT_EQ(r.body, std::string(kBodyCap, '\0'));
}

TEST_F(HttpClientTest, GzipBodyIsDecoded) {
  std::string gz = testing::GzipZeros(1000);
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                               std::to_string(gz.size()) + "\r\n\r\n" + gz));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  ASSERT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_FALSE(r.body_truncated);
  EXPECT_EQ(r.body, std::string(1000, '\0'));
  EXPECT_EQ(r.body_bytes, 1000);
}

TEST_F(HttpClientTest, BodyLargerThanTheCapIsTruncated) {
  std::string body;
  for (int i = 0; body.size() < 1024 * 1024; ++i) body += std::to_string(i) + ",";
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 200);
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.body, body.substr(0, kBodyCap));
  EXPECT_GT(r.body_bytes, static_cast<int64_t>(kBodyCap));
}

TEST_F(HttpClientTest, BodyExactlyAtTheCapIsNotTruncated) {
  std::string body(kBodyCap, 'z');
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_FALSE(r.body_truncated);
  EXPECT_EQ(r.body, body);
}

TEST_F(HttpClientTest, WantBodyFalseStopsAfterTheHeaders) {
  std::string body(1024 * 1024, 'q');
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nX-H: 1\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body));
  HttpRequest req = Request("www.mairie.test", server.port());
  req.want_body = false;
  HttpResponse r = Get(req);
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 200);
  EXPECT_EQ(r.hop.headers.size(), 2u);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.body_bytes, 0);
}

TEST_F(HttpClientTest, ConnectionRefused) {
  testing::RefusingPort refusing;
  HttpResponse r = Get(Request("www.mairie.test", refusing.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kRefused) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 0);
  EXPECT_FALSE(r.hop.error.empty());
  EXPECT_EQ(client_->connections_opened(), 1);
}

TEST_F(HttpClientTest, ServerThatNeverAnswersTimesOut) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    c.WaitForClose(Millis(10000));
  });
  HttpClientConfig config = TestConfig();
  config.timeout = Millis(600);
  auto client = MakeClient(config);
  HttpResponse r = Get(Request("www.mairie.test", server.port()), client.get());
  EXPECT_EQ(r.hop.status, ProbeStatus::kTimeout) << r.hop.error;
  EXPECT_EQ(r.hop.status_code, 0);
  EXPECT_LT(r.hop.elapsed_ms, 5000);
}

TEST_F(HttpClientTest, RequestTimeoutOverridesTheConfig) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    c.WaitForClose(Millis(10000));
  });
  HttpRequest req = Request("www.mairie.test", server.port());
  req.timeout = Millis(300);  // config says 2000
  HttpResponse r = Get(req);
  EXPECT_EQ(r.hop.status, ProbeStatus::kTimeout) << r.hop.error;
  EXPECT_LT(r.hop.elapsed_ms, 1500);
}

TEST_F(HttpClientTest, GarbageInsteadOfHttpIsAProtocolError) {
  FakeHttpServer server(Answer("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kProtocolError) << r.hop.error;
}

TEST_F(HttpClientTest, ClosedWithoutAnswerIsAProtocolError) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    c.ReadRequest(&head);
  });
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kProtocolError) << r.hop.error;
}

TEST_F(HttpClientTest, PinnedNameThatDoesNotResolveWorks) {
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  HttpResponse r = Get(Request("no-such-host.invalid", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.body, "ok");
}

TEST_F(HttpClientTest, RequestPortOverridesTheUrlPortButNotTheHost) {
  FakeHttpServer* self = nullptr;
  FakeHttpServer server([&self](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    self->RecordRequest(head);
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  });
  self = &server;
  HttpRequest req;
  req.url = "http://no-such-host.invalid/";
  req.ip = "127.0.0.1";
  req.port = server.port();
  HttpResponse r = Get(req);
  ASSERT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.port, server.port());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_NE(server.requests()[0].find("\r\nHost: no-such-host.invalid\r\n"), std::string::npos)
      << server.requests()[0];
}

TEST_F(HttpClientTest, EnvironmentProxyIsIgnored) {
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  testing::RefusingPort proxy;
  std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  ::setenv("http_proxy", proxy_url.c_str(), 1);
  ::setenv("HTTPS_PROXY", proxy_url.c_str(), 1);
  ::setenv("ALL_PROXY", proxy_url.c_str(), 1);
  HttpResponse r = Get(Request("www.mairie.test", server.port()));
  ::unsetenv("http_proxy");
  ::unsetenv("HTTPS_PROXY");
  ::unsetenv("ALL_PROXY");
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
}

TEST_F(HttpClientTest, LocalMistakesAreErrorsWithoutAConnection) {
  HttpRequest bad_scheme;
  bad_scheme.url = "ftp://www.mairie.test/";
  bad_scheme.ip = "127.0.0.1";
  EXPECT_EQ(Get(bad_scheme).hop.status, ProbeStatus::kError);

  HttpRequest bad_ip = Request("www.mairie.test", 80);
  bad_ip.ip = "www.mairie.test";
  EXPECT_EQ(Get(bad_ip).hop.status, ProbeStatus::kError);

  HttpRequest literal_mismatch;
  literal_mismatch.url = "http://127.0.0.2:8080/";
  literal_mismatch.ip = "127.0.0.1";
  EXPECT_EQ(Get(literal_mismatch).hop.status, ProbeStatus::kError);

  HttpRequest malformed;
  malformed.url = "http://exa mple.test/";
  malformed.ip = "127.0.0.1";
  EXPECT_EQ(Get(malformed).hop.status, ProbeStatus::kError);

  EXPECT_EQ(client_->connections_opened(), 0);
}

TEST_F(HttpClientTest, IpLiteralUrlMatchingTheIpWorks) {
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  HttpResponse r = Get(Request("127.0.0.1", server.port()));
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
}

TEST_F(HttpClientTest, HundredConcurrentGetsOnOneClientAllComplete) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    auto start = head.find(' ') + 1;
    std::string path = head.substr(start, head.find(' ', start) - start);
    c.Sleep(Millis(50));  // keep them overlapping
    c.Send("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(path.size()) + "\r\n\r\n" + path);
  });
  constexpr int kCount = 100;
  std::vector<HttpResponse> results(kCount);
  int done = 0;
  for (int i = 0; i < kCount; ++i) {
    asio::co_spawn(
        io_,
        [&, i]() -> Task<void> {
          results[i] = co_await client_->Get(
              Request("www.mairie.test", server.port(), "/" + std::to_string(i)));
          ++done;
        },
        asio::detached);
  }
  io_.run_for(std::chrono::seconds(30));
  ASSERT_EQ(done, kCount);
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(results[i].hop.status, ProbeStatus::kOk) << i << " " << results[i].hop.error;
    EXPECT_EQ(results[i].body, "/" + std::to_string(i));
  }
  EXPECT_EQ(client_->connections_opened(), kCount);
  EXPECT_EQ(server.accepted(), kCount);
  EXPECT_GT(server.max_concurrent(), 1);
}

TEST_F(HttpClientTest, DestroyingTheClientCompletesPendingGets) {
  FakeHttpServer server([](FakeConnection& c) {
    std::string head;
    if (!c.ReadRequest(&head)) return;
    c.WaitForClose(Millis(10000));
  });
  std::optional<HttpResponse> result;
  asio::co_spawn(
      io_,
      [&]() -> Task<void> {
        result = co_await client_->Get(Request("www.mairie.test", server.port()));
      },
      asio::detached);
  io_.run_for(std::chrono::milliseconds(200));
  ASSERT_FALSE(result.has_value());
  client_.reset();
  io_.restart();
  io_.run_for(std::chrono::milliseconds(1000));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->hop.status, ProbeStatus::kError);
}

// ----- HTTPS -----------------------------------------------------------------

class HttpsClientTest : public HttpClientTest {
 protected:
  static void SetUpTestSuite() {
    cert_ = new testing::TestCertificate(testing::MakeSelfSignedCertificate("secure.mairie.test"));
  }
  static void TearDownTestSuite() {
    delete cert_;
    cert_ = nullptr;
  }
  static testing::TestCertificate* cert_;
};
testing::TestCertificate* HttpsClientTest::cert_ = nullptr;

TEST_F(HttpsClientTest, SelfSignedWithoutVerificationIsOkAndRecordsTheVerdict) {
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                        cert_->server_ctx.get());
  HttpResponse r = Get(Request("secure.mairie.test", server.port(), "/", "https"));
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.hop.tls_verify_result, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
}

TEST_F(HttpsClientTest, SelfSignedWithVerificationIsATlsError) {
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                        cert_->server_ctx.get());
  HttpRequest req = Request("secure.mairie.test", server.port(), "/", "https");
  req.verify_tls = true;
  HttpResponse r = Get(req);
  EXPECT_EQ(r.hop.status, ProbeStatus::kTlsError) << r.hop.error;
  EXPECT_FALSE(r.hop.error.empty());
  EXPECT_EQ(r.hop.status_code, 0);
  EXPECT_EQ(r.hop.tls_verify_result, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
}

class HttpsCaFileTest : public HttpsClientTest {
 protected:
  void SetUp() override {
    ca_path_ = ::testing::TempDir() + "/posture_http_ca_" + std::to_string(::getpid()) + ".pem";
    std::ofstream(ca_path_) << cert_->cert_pem;
    HttpClientConfig config = TestConfig();
    config.ca_file = ca_path_;
    client_ = MakeClient(config);
  }
  void TearDown() override { std::remove(ca_path_.c_str()); }
  std::string ca_path_;
};

TEST_F(HttpsCaFileTest, CertificateTrustedThroughCaFileVerifies) {
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                        cert_->server_ctx.get());
  HttpRequest req = Request("secure.mairie.test", server.port(), "/", "https");
  req.verify_tls = true;
  HttpResponse r = Get(req);
  EXPECT_EQ(r.hop.status, ProbeStatus::kOk) << r.hop.error;
  EXPECT_EQ(r.hop.tls_verify_result, X509_V_OK);
}

TEST_F(HttpsCaFileTest, WrongHostNameFailsOnlyWhenVerifying) {
  FakeHttpServer server(Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                        cert_->server_ctx.get());
  HttpRequest req = Request("other.mairie.test", server.port(), "/", "https");
  HttpResponse lax = Get(req);
  EXPECT_EQ(lax.hop.status, ProbeStatus::kOk) << lax.hop.error;
  EXPECT_EQ(lax.hop.tls_verify_result, X509_V_OK);  // the chain is trusted; the name is not judged here
  req.verify_tls = true;
  HttpResponse strict = Get(req);
  EXPECT_EQ(strict.hop.status, ProbeStatus::kTlsError) << strict.hop.error;
}

TEST(HttpClientCreateTest, UnreadableCaFileIsAnError) {
  asio::io_context io;
  HttpClientConfig config = TestConfig();
  config.ca_file = "/nonexistent/posture/ca.pem";
  auto client = HttpClient::Create(io, config);
  EXPECT_FALSE(client.ok());
}

}  // namespace
}  // namespace posture
