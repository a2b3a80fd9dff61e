// Test helpers for the TLS and SMTP probes: certificates generated with
// OpenSSL's API, and in-process fake servers on 127.0.0.1 (ephemeral ports),
// each running in its own std::thread with blocking sockets:
//   - LoopbackServer: accept loop calling a handler per connection;
//   - FakeTlsServer: a real OpenSSL server (versions, ciphers, chain);
//   - FakeHelloServer: parses our raw ClientHello and answers a ServerHello
//     for suites OpenSSL 3.0 no longer has (RC4, 3DES, SSLv3), or an alert;
//   - FakeSmtpServer: a scripted SMTP server with STARTTLS that records
//     every command it receives.
// And RunTask(): runs a coroutine to completion on an io_context.
//
// Thread-safety: the servers' accessors are thread-safe; everything else is
// for the test thread.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "scanner/engine/asio.h"

namespace posture::testing {

// ---------------------------------------------------------------- running

template <typename T>
T RunTask(asio::io_context& ioc, Task<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) result.emplace(std::move(value));
  });
  ioc.restart();
  ioc.run();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

inline void RunVoidTask(asio::io_context& ioc, Task<void> task) {
  std::exception_ptr error;
  asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e) { error = e; });
  ioc.restart();
  ioc.run();
  if (error) std::rethrow_exception(error);
}

// ----------------------------------------------------------- certificates

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

// Shared keys (generated once per process: RSA generation is slow).
EVP_PKEY* RsaKey2048();     // leaf key
EVP_PKEY* RsaCaKey2048();   // CA key
EVP_PKEY* EcKeyP256();

struct CertSpec {
  std::string common_name = "www.example.test";
  std::string organization;
  std::vector<std::string> dns_names = {"www.example.test"};
  std::vector<std::string> ip_names;
  int64_t not_before = -3600;         // seconds from now
  int64_t not_after = 30 * 86400;     // seconds from now
  bool is_ca = false;
  long serial = 0x1234;
};

// Signs with `issuer_key` (self-signed when issuer is null).
X509Ptr MakeCert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key);
std::string CertPem(X509* cert);
// Writes `content` to a fresh file under the test temp dir; returns its path.
std::string WriteTempFile(const std::string& name, const std::string& content);

// ---------------------------------------------------------- base servers

// Listens on 127.0.0.1:0; calls `handler(fd, stopping)` for each accepted
// connection in the server thread (one at a time), then closes the fd.
class LoopbackServer {
 public:
  using Handler = std::function<void(int fd, const std::atomic<bool>& stopping)>;
  explicit LoopbackServer(Handler handler);
  virtual ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }
  // Stops accepting, waits for the handler to return. Idempotent; derived
  // classes call it first in their destructor.
  void Stop();

 protected:
  LoopbackServer();  // binds; the derived class calls Start() when ready
  void Start(Handler handler);

 private:
  void Bind();
  void Loop();
  Handler handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// A listening TCP socket on 127.0.0.1 with a free port (set in *port); the
// caller accepts and closes it (for tests that close it themselves).
int ListenOnLoopback(uint16_t* port);

// Socket helpers for handlers (blocking fds, bounded by `stopping`).
// Reads what is available within `ms`; "" on EOF, error or timeout.
std::string ReadSome(int fd, int ms, const std::atomic<bool>& stopping);
// Reads one line (up to LF, at most 4096 bytes); nullopt on EOF/timeout.
std::optional<std::string> ReadLine(int fd, std::string& buffer, int ms,
                                    const std::atomic<bool>& stopping);
void WriteAll(int fd, const std::string& data);
// Waits until the peer closes or `stopping` (or `ms` elapse).
void WaitForClose(int fd, int ms, const std::atomic<bool>& stopping);
// Closes with an RST (SO_LINGER 0).
void ResetConnection(int fd);

// ------------------------------------------------------------ TLS server

struct TlsServerConfig {
  std::vector<X509*> chain;  // leaf first (borrowed)
  EVP_PKEY* key = nullptr;   // borrowed
  int min_version = 0;       // 0: library default
  int max_version = 0;
  std::string cipher_list;   // TLS <= 1.2 ("" = default)
  std::string ciphersuites;  // TLS 1.3 ("" = default)
  int security_level = -1;   // -1: keep
};

// A server SSL_CTX for the config (caller frees).
SSL_CTX* MakeServerContext(const TlsServerConfig& config);

class FakeTlsServer : public LoopbackServer {
 public:
  explicit FakeTlsServer(const TlsServerConfig& config);
  ~FakeTlsServer() override;
  int handshakes() const { return handshakes_->load(); }

 private:
  SSL_CTX* ctx_;
  std::shared_ptr<std::atomic<int>> handshakes_;
};

// ---------------------------------------------------------- hello server

struct ParsedClientHello {
  uint16_t record_version = 0;
  uint16_t version = 0;
  std::vector<uint16_t> suites;
  std::string sni;
  bool has_signature_algorithms = false;
};
// Parses one ClientHello record; nullopt when malformed.
std::optional<ParsedClientHello> ParseClientHello(const std::string& record);

struct HelloServerConfig {
  uint16_t min_version = 0x0301;
  uint16_t max_version = 0x0303;
  std::vector<uint16_t> accepted_suites;  // in server preference order
};

// Answers a raw ClientHello: a ServerHello (version min(client, max), first
// accepted suite the client offered) or a fatal alert (protocol_version,
// handshake_failure), then closes. Records the hellos received.
class FakeHelloServer : public LoopbackServer {
 public:
  explicit FakeHelloServer(HelloServerConfig config);
  std::vector<ParsedClientHello> hellos() const;

 private:
  struct State {
    std::mutex mu;
    std::vector<ParsedClientHello> hellos;
  };
  std::shared_ptr<State> state_;
};

// ---------------------------------------------------------- SMTP server

struct SmtpServerConfig {
  std::string banner = "220 mx.example.test ESMTP fake\r\n";
  bool offer_starttls = true;
  std::string starttls_reply = "220 2.0.0 Ready to start TLS\r\n";
  enum class TlsMode { kOpenSsl, kGarbage, kClose } tls_mode = TlsMode::kOpenSsl;
  SSL_CTX* tls_ctx = nullptr;  // borrowed, for kOpenSsl
  int tarpit_interval_ms = 0;  // > 0: send "220-" lines at that pace forever
  size_t huge_banner_bytes = 0;  // > 0: one banner line that long
};

class FakeSmtpServer : public LoopbackServer {
 public:
  explicit FakeSmtpServer(SmtpServerConfig config);
  // Commands received, one vector per connection, verbatim (no CRLF).
  std::vector<std::vector<std::string>> sessions() const;
  // All commands of all sessions.
  std::vector<std::string> all_commands() const;

 private:
  struct State {
    mutable std::mutex mu;
    std::vector<std::vector<std::string>> sessions;
  };
  std::shared_ptr<State> state_;
};

}  // namespace posture::testing
