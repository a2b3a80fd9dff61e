// The politeness and opt-out gate, measured from the server side: a fake TCP
// server on loopback counts how many connections are open at once.
#include "scanner/engine/gate.h"

#include <gtest/gtest.h>

#include <sys/socket.h>

#include <atomic>
#include <set>
#include <thread>

#include "scanner/engine/connector.h"
#include "scanner/engine/task_group.h"

namespace posture {
namespace {

// Accepts connections and counts the highest number open at the same time.
// Each connection is closed by the client.
class CountingServer {
 public:
  CountingServer() : acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~CountingServer() {
    asio::post(io_, [this] {
      error_code ec;
      acceptor_.close(ec);
      io_.stop();
    });
    thread_.join();
  }
  uint16_t port() const { return port_; }
  int max_open() const { return max_open_.load(); }
  int accepted() const { return accepted_.load(); }

 private:
  // Counting happens on the server's thread. A client's close and its next
  // connection can reach this loop in the same batch, the accept handled
  // first: so at each accept, connections whose peer has already closed (a
  // pending EOF, seen with MSG_PEEK) are not counted as open.
  void Accept() {
    auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
    acceptor_.async_accept(*socket, [this, socket](const error_code& ec) {
      if (ec) return;
      ++accepted_;
      for (auto it = open_.begin(); it != open_.end();) {
        char byte;
        ssize_t n = ::recv((*it)->native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        it = n == 0 ? open_.erase(it) : std::next(it);
      }
      open_.insert(socket);
      int now = static_cast<int>(open_.size());
      if (now > max_open_.load()) max_open_.store(now);
      auto buf = std::make_shared<std::array<char, 16>>();
      socket->async_read_some(asio::buffer(*buf), [this, socket, buf](const error_code&, size_t) {
        open_.erase(socket);  // the client closed (EOF) or reset
      });
      Accept();
    });
  }
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::set<std::shared_ptr<asio::ip::tcp::socket>> open_;  // server thread only
  std::atomic<int> max_open_{0}, accepted_{0};
};

Task<void> ConnectHoldClose(Connector& connector, uint16_t port, int hold_ms, std::atomic<int>* ok) {
  ConnectResult r = co_await connector.Connect("host.test", "127.0.0.1", port, ConnKind::kWeb,
                                               Millis(2000), Deadline());
  if (r.status == ProbeStatus::kOk) {
    ++*ok;
    asio::steady_timer t(co_await asio::this_coro::executor);
    t.expires_after(Millis(hold_ms));
    co_await t.async_wait(asio::use_awaitable);
  }
  // The connection (and its gate ticket) is released here.
}

Task<void> ManyConnections(Connector& connector, uint16_t port, int n, std::atomic<int>* ok) {
  TaskGroup group(co_await asio::this_coro::executor);
  for (int i = 0; i < n; ++i) group.Spawn(ConnectHoldClose(connector, port, 20, ok));
  co_await group.Wait();
}

TEST(GateTest, NeverMoreThanPerIpConnectionsAcrossWorkers) {
  CountingServer server;
  GateConfig config;
  config.per_ip = 2;
  config.per_ip_rate = 0;  // no rate limit: concurrency alone is measured
  ConnectGate gate(config, OptOutList());
  std::atomic<int> ok{0};
  // Two workers, each with its own event loop, sharing the gate.
  std::vector<std::thread> workers;
  for (int w = 0; w < 2; ++w) {
    workers.emplace_back([&] {
      asio::io_context io;
      Connector connector(gate);
      asio::co_spawn(io, ManyConnections(connector, server.port(), 15, &ok), asio::detached);
      io.run();
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(ok.load(), 30);
  // Give the server a moment to see the last closes; the maximum is what matters.
  EXPECT_GE(server.max_open(), 1);
  EXPECT_LE(server.max_open(), 2);
  EXPECT_LE(gate.stats().max_concurrent_per_ip, 2);
  EXPECT_EQ(gate.stats().granted, 30);
}

TEST(GateTest, SmtpIsOneConnectionAtATimePerIp) {
  CountingServer server;
  GateConfig config;
  config.per_ip = 4;
  config.per_ip_rate = 0;
  ConnectGate gate(config, OptOutList());
  std::atomic<int> ok{0};
  asio::io_context io;
  Connector connector(gate);
  auto smtp = [&]() -> Task<void> {
    TaskGroup group(co_await asio::this_coro::executor);
    for (int i = 0; i < 6; ++i)
      group.Spawn([](Connector& c, uint16_t port, std::atomic<int>* ok) -> Task<void> {
        ConnectResult r = co_await c.Connect("mx.test", "127.0.0.1", port, ConnKind::kSmtp,
                                             Millis(2000), Deadline());
        if (r.status == ProbeStatus::kOk) ++*ok;
        asio::steady_timer t(co_await asio::this_coro::executor);
        t.expires_after(Millis(15));
        co_await t.async_wait(asio::use_awaitable);
      }(connector, server.port(), &ok));
    co_await group.Wait();
  };
  asio::co_spawn(io, smtp(), asio::detached);
  io.run();
  EXPECT_EQ(ok.load(), 6);
  EXPECT_EQ(server.max_open(), 1);
}

TEST(GateTest, RateLimitSpacesConnectionStarts) {
  CountingServer server;
  GateConfig config;
  config.per_ip = 8;
  config.per_ip_rate = 50;  // one start every 20 ms
  ConnectGate gate(config, OptOutList());
  std::atomic<int> ok{0};
  asio::io_context io;
  Connector connector(gate);
  auto start = Clock::now();
  asio::co_spawn(io, ManyConnections(connector, server.port(), 6, &ok), asio::detached);
  io.run();
  auto elapsed = std::chrono::duration_cast<Millis>(Clock::now() - start);
  EXPECT_EQ(ok.load(), 6);
  // Six starts spaced by 20 ms cannot all happen in less than 100 ms.
  EXPECT_GE(elapsed.count(), 95);
}

TEST(GateTest, OptedOutHostsAreRefusedWithoutAnyConnection) {
  CountingServer server;
  OptOutList opt_outs;
  opt_outs.Add("ville-retiree.fr");
  ConnectGate gate(GateConfig(), std::move(opt_outs));
  EXPECT_TRUE(gate.Refuses("ville-retiree.fr"));
  EXPECT_TRUE(gate.Refuses("WWW.Ville-Retiree.FR."));
  EXPECT_TRUE(gate.Refuses("_dmarc.ville-retiree.fr"));
  EXPECT_FALSE(gate.Refuses("autre-ville-retiree.fr"));
  EXPECT_FALSE(gate.Refuses("hebergeur.fr"));
  asio::io_context io;
  Connector connector(gate);
  ProbeStatus status = ProbeStatus::kSkipped;
  asio::co_spawn(
      io,
      [&]() -> Task<void> {
        ConnectResult r = co_await connector.Connect("www.ville-retiree.fr", "127.0.0.1",
                                                     server.port(), ConnKind::kWeb, Millis(1000),
                                                     Deadline());
        status = r.status;
      },
      asio::detached);
  io.run();
  EXPECT_EQ(status, ProbeStatus::kOptedOut);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(server.accepted(), 0);
  EXPECT_EQ(gate.stats().granted, 0);
}

TEST(ConnectorTest, RefusedAndTimeout) {
  ConnectGate gate{GateConfig(), OptOutList()};
  asio::io_context io;
  Connector connector(gate);
  // A port nobody listens on: bind one, note it, close it.
  uint16_t closed_port;
  {
    asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    closed_port = a.local_endpoint().port();
  }
  ProbeStatus refused = ProbeStatus::kSkipped, expired = ProbeStatus::kSkipped;
  asio::co_spawn(
      io,
      [&]() -> Task<void> {
        refused = (co_await connector.Connect("h.test", "127.0.0.1", closed_port, ConnKind::kWeb,
                                              Millis(1000), Deadline()))
                      .status;
        Deadline past(Clock::now() - Millis(1));
        expired = (co_await connector.Connect("h.test", "127.0.0.1", closed_port, ConnKind::kWeb,
                                              Millis(1000), past))
                      .status;
      },
      asio::detached);
  io.run();
  EXPECT_EQ(refused, ProbeStatus::kRefused);
  EXPECT_EQ(expired, ProbeStatus::kSkipped);
}

}  // namespace
}  // namespace posture
