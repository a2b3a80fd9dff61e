// TlsClient: an OpenSSL client session over a connected asio TCP socket,
// driven by the worker's io_context. No thread, no blocking call.
//
// OpenSSL never touches the socket: the SSL object reads and writes memory
// BIOs, and this class moves the bytes with asio (socket.async_read_some /
// async_write). Compared with SSL_set_fd on the native handle this keeps
// every byte under asio's control: a peer that resets the connection gives
// EPIPE, not SIGPIPE (asio sends with MSG_NOSIGNAL); cancellation by a
// TimeoutGuard is socket.cancel(); the bytes received are counted and
// capped; and the first byte the peer sent tells a TLS peer (alert or
// handshake record) from one speaking another protocol.
//
// Client contexts (SSL_CTX) are created once per version profile and shared
// by all workers (an SSL_CTX is thread-safe once set up). Certificates are
// never verified during the handshake: the chain is inspected afterwards
// (cert_inspect.h), so a bad certificate is evidence, not a failure.
//
// Thread-safety: a TlsClient lives on one worker's executor; the context
// accessors are thread-safe.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <string_view>

#include "checks/observations.h"
#include "scanner/engine/asio.h"

namespace posture::tls {

enum class ClientProfile {
  kDefault,  // TLS 1.0..1.3, "DEFAULT:@SECLEVEL=0": what a lenient client offers
  kTls10,    // exactly TLS 1.0, "ALL:@SECLEVEL=0"
  kTls11,    // exactly TLS 1.1, "ALL:@SECLEVEL=0"
  kTls12,    // exactly TLS 1.2, "ALL:@SECLEVEL=0"
  kTls13,    // exactly TLS 1.3, default TLS 1.3 suites
};

// The shared client context of a profile (never freed). nullptr if OpenSSL
// could not create it (reported as a local error by the caller).
SSL_CTX* ClientContext(ClientProfile profile);

// How one TLS operation ended.
struct TlsIoResult {
  ProbeStatus status = ProbeStatus::kOk;
  std::string error;
  bool peer_closed = false;     // EOF, close_notify or a reset from the peer
  bool alert_received = false;  // the peer sent a TLS alert (it answered in TLS terms)
  bool ok() const { return status == ProbeStatus::kOk; }
};

class TlsClient {
 public:
  // `socket` is borrowed and must outlive the client; it must be connected.
  TlsClient(asio::ip::tcp::socket& socket, SSL_CTX* ctx);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  // Sets SNI (skipped for an empty name or an IP literal). Call before
  // Handshake().
  void SetServerName(const std::string& name);

  // The handshake, bounded by `timeout` (already clamped by the caller).
  // Status: ok; timeout; tls_error (the peer spoke TLS, or closed or reset
  // the connection, during the handshake); protocol_error (the peer's first
  // byte is not a TLS record); too_large (more than the byte cap); error
  // (local failure, nothing sent).
  Task<TlsIoResult> Handshake(Millis timeout);
  // After a handshake: writes all of `data`.
  Task<TlsIoResult> Write(std::string_view data, Millis timeout);
  // After a handshake: appends what arrives (at most `max` bytes) to `out`.
  // peer_closed when the peer closed the session.
  Task<TlsIoResult> Read(std::string& out, size_t max, Millis timeout);
  // Sends close_notify (best effort, does not wait for the peer's).
  Task<void> Shutdown(Millis timeout);

  SSL* ssl() const { return ssl_; }
  bool valid() const { return ssl_ != nullptr; }
  size_t bytes_in() const { return bytes_in_; }
  size_t bytes_out() const { return bytes_out_; }
  // The first byte received from the peer, or -1.
  int first_peer_byte() const { return first_byte_; }
  // Whether the peer sent a TLS alert so far.
  bool alert_received() const { return alert_received_; }

  // Cap on bytes received during the handshake.
  static constexpr size_t kMaxHandshakeBytes = 512 * 1024;

 private:
  enum class Op { kHandshake, kWrite, kRead, kShutdown };
  // Runs an SSL operation until it completes, moving bytes as asked.
  Task<TlsIoResult> Drive(Op op, Millis timeout, std::string_view wdata, std::string* rout,
                          size_t rmax);
  Task<error_code> FlushOut();
  Task<error_code> FillIn();
  TlsIoResult Failure(ProbeStatus local_status, std::string what) const;
  static void OnInfo(const SSL* ssl, int where, int ret);

  asio::ip::tcp::socket& socket_;
  SSL* ssl_ = nullptr;
  BIO* rbio_ = nullptr;  // owned by ssl_
  BIO* wbio_ = nullptr;  // owned by ssl_
  bool peer_eof_ = false;
  bool handshake_done_ = false;
  size_t bytes_in_ = 0;
  size_t bytes_out_ = 0;
  int first_byte_ = -1;
  bool alert_received_ = false;
};

// Text of OpenSSL's error queue (reasons, "; " separated, bounded), then
// clears it.
std::string DrainOpenSslErrors();

}  // namespace posture::tls
