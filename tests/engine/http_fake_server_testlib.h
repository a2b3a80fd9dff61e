// Test helpers for the HTTP client: a scriptable HTTP(S) server on
// 127.0.0.1 (ephemeral port), a self-signed certificate generator, and a
// runner for one coroutine on an io_context.
//
// FakeHttpServer accepts on its own thread and serves each connection on a
// thread of its own with blocking sockets, calling the test's handler. Every
// wait is bounded (poll with short slices) and checks the stop flag, so the
// destructor returns promptly whatever the handler was doing.
//
// Thread-safety: the handler runs on server threads; accepted() and
// requests() may be called from any thread.
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "scanner/engine/asio.h"

namespace posture::testing {

// One accepted connection, seen from the handler.
class FakeConnection {
 public:
  FakeConnection(int fd, SSL* ssl, const std::atomic<bool>* stop) : fd_(fd), ssl_(ssl), stop_(stop) {}

  // Reads until the end of the request head ("\r\n\r\n"), at most 64 KB;
  // false on EOF, error, stop, or after `timeout`.
  bool ReadRequest(std::string* head, Millis timeout = Millis(5000));
  // Sends everything; false when the peer is gone or the server stops.
  bool Send(std::string_view data);
  // Sleeps; false when the server stops meanwhile.
  bool Sleep(Millis d);
  // Waits until the peer closes (or stop/timeout).
  void WaitForClose(Millis timeout);
  bool stopping() const { return stop_->load(); }

 private:
  // Waits for readability of the socket (or buffered TLS bytes).
  bool WaitReadable(Millis timeout);
  int fd_;
  SSL* ssl_;
  const std::atomic<bool>* stop_;
};

class FakeHttpServer {
 public:
  using Handler = std::function<void(FakeConnection&)>;
  // `tls`: serve HTTPS with this context (the server keeps a reference).
  explicit FakeHttpServer(Handler handler, SSL_CTX* tls = nullptr);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  uint16_t port() const { return port_; }
  int accepted() const { return accepted_.load(); }
  // Request heads read by FakeConnection::ReadRequest, in arrival order.
  std::vector<std::string> requests() const;
  void RecordRequest(std::string head);
  // Highest number of connections open at the same time.
  int max_concurrent() const { return max_concurrent_.load(); }

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  SSL_CTX* tls_ = nullptr;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> open_{0};
  std::atomic<int> max_concurrent_{0};
  mutable std::mutex mu_;
  std::vector<std::string> requests_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// A self-signed certificate (EC P-256) for `dns_name`, and a server context
// using it.
struct TestCertificate {
  std::string cert_pem;
  std::shared_ptr<SSL_CTX> server_ctx;
};
TestCertificate MakeSelfSignedCertificate(const std::string& dns_name);

// gzip of `size` zero bytes.
std::string GzipZeros(size_t size);

// A TCP port on 127.0.0.1 that refuses connections (bound, not listening)
// for as long as the object lives.
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// Runs `task` on `io` until it completes (at most `limit`), returns its value.
template <typename T>
T RunTask(asio::io_context& io, Task<T> task, Millis limit = Millis(30000)) {
  std::optional<T> result;
  std::exception_ptr error;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) result.emplace(std::move(value));
  });
  io.restart();
  io.run_for(limit);
  if (error) std::rethrow_exception(error);
  if (!result) throw std::runtime_error("task did not complete in time");
  return std::move(*result);
}

}  // namespace posture::testing
