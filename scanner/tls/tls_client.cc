#include "scanner/tls/tls_client.h"

#include <openssl/err.h>

#include <array>
#include <mutex>

#include "scanner/engine/connector.h"
#include "scanner/engine/timeout.h"

namespace posture::tls {
namespace {

SSL_CTX* MakeContext(ClientProfile profile) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) return nullptr;
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  // Old servers without RFC 5746 must still be reachable: we only look.
  SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  int version = 0;
  const char* ciphers = "ALL:@SECLEVEL=0";
  switch (profile) {
    case ClientProfile::kDefault:
      ciphers = "DEFAULT:@SECLEVEL=0";
      break;
    case ClientProfile::kTls10: version = TLS1_VERSION; break;
    case ClientProfile::kTls11: version = TLS1_1_VERSION; break;
    case ClientProfile::kTls12: version = TLS1_2_VERSION; break;
    case ClientProfile::kTls13: version = TLS1_3_VERSION; break;
  }
  bool ok = true;
  if (version == 0) {
    ok = SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION) == 1 &&
         SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) == 1;
  } else {
    ok = SSL_CTX_set_min_proto_version(ctx, version) == 1 &&
         SSL_CTX_set_max_proto_version(ctx, version) == 1;
  }
  ok = ok && SSL_CTX_set_cipher_list(ctx, ciphers) == 1;
  SSL_CTX_set_security_level(ctx, 0);
  if (!ok) {
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return nullptr;
  }
  return ctx;
}

}  // namespace

SSL_CTX* ClientContext(ClientProfile profile) {
  static std::array<std::once_flag, 5> once;
  static std::array<SSL_CTX*, 5> contexts{};
  auto i = static_cast<size_t>(profile);
  std::call_once(once[i], [i, profile] { contexts[i] = MakeContext(profile); });
  return contexts[i];
}

std::string DrainOpenSslErrors() {
  std::string out;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    if (out.size() > 400) continue;  // keep draining, stop appending
    const char* reason = ERR_reason_error_string(e);
    std::string text;
    if (reason) {
      text = reason;
    } else {
      char buf[256];
      ERR_error_string_n(e, buf, sizeof buf);
      text = buf;
    }
    if (!out.empty()) out += "; ";
    out += text;
  }
  return out;
}

TlsClient::TlsClient(asio::ip::tcp::socket& socket, SSL_CTX* ctx) : socket_(socket) {
  if (!ctx) return;
  ssl_ = SSL_new(ctx);
  if (!ssl_) {
    ERR_clear_error();
    return;
  }
  rbio_ = BIO_new(BIO_s_mem());
  wbio_ = BIO_new(BIO_s_mem());
  if (!rbio_ || !wbio_) {
    BIO_free(rbio_);
    BIO_free(wbio_);
    rbio_ = wbio_ = nullptr;
    SSL_free(ssl_);
    ssl_ = nullptr;
    ERR_clear_error();
    return;
  }
  // An empty read BIO means "wait for more", until the peer closes.
  BIO_set_mem_eof_return(rbio_, -1);
  SSL_set_bio(ssl_, rbio_, wbio_);
  SSL_set_connect_state(ssl_);
  SSL_set_app_data(ssl_, this);
  SSL_set_info_callback(ssl_, &TlsClient::OnInfo);
}

// Called by OpenSSL on this thread, inside an SSL_* call on ssl_; never throws.
void TlsClient::OnInfo(const SSL* ssl, int where, int) {
  if ((where & SSL_CB_READ_ALERT) == 0) return;
  auto* self = static_cast<TlsClient*>(SSL_get_app_data(ssl));
  if (self != nullptr) self->alert_received_ = true;
}

TlsClient::~TlsClient() {
  if (ssl_) SSL_free(ssl_);
}

void TlsClient::SetServerName(const std::string& name) {
  if (!ssl_ || name.empty() || name.size() > 253) return;
  error_code ec;
  asio::ip::make_address(name, ec);
  if (!ec) return;  // IP literal: RFC 6066 forbids it in server_name
  SSL_set_tlsext_host_name(ssl_, name.c_str());
}

Task<TlsIoResult> TlsClient::Handshake(Millis timeout) {
  TlsIoResult r = co_await Drive(Op::kHandshake, timeout, {}, nullptr, 0);
  r.alert_received = alert_received_;
  co_return r;
}

Task<TlsIoResult> TlsClient::Write(std::string_view data, Millis timeout) {
  co_return co_await Drive(Op::kWrite, timeout, data, nullptr, 0);
}

Task<TlsIoResult> TlsClient::Read(std::string& out, size_t max, Millis timeout) {
  co_return co_await Drive(Op::kRead, timeout, {}, &out, max);
}

Task<void> TlsClient::Shutdown(Millis timeout) {
  if (!ssl_ || !handshake_done_) co_return;
  co_await Drive(Op::kShutdown, timeout, {}, nullptr, 0);
}

TlsIoResult TlsClient::Failure(ProbeStatus post_handshake_status, std::string what) const {
  TlsIoResult r;
  r.peer_closed = peer_eof_;
  if (handshake_done_) {
    r.status = post_handshake_status;
    r.error = std::move(what);
    return r;
  }
  if (bytes_out_ == 0) {
    r.status = ProbeStatus::kError;  // nothing left our side: a local failure
    r.error = what.empty() ? "TLS client failed before sending" : what;
  } else if (first_byte_ < 0 || (first_byte_ >= 20 && first_byte_ <= 23)) {
    r.status = ProbeStatus::kTlsError;
    r.error = std::move(what);
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, "not TLS (first byte 0x%02x)", first_byte_);
    r.status = ProbeStatus::kProtocolError;
    r.error = buf;
    if (!what.empty()) r.error += ": " + what;
  }
  return r;
}

Task<error_code> TlsClient::FlushOut() {
  error_code ec;
  std::array<char, 16384> buf;
  while (BIO_ctrl_pending(wbio_) > 0) {
    int n = BIO_read(wbio_, buf.data(), static_cast<int>(buf.size()));
    if (n <= 0) break;
    size_t off = 0;
    while (off < static_cast<size_t>(n)) {
      size_t w = co_await socket_.async_write_some(asio::buffer(buf.data() + off, n - off),
                                                   asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return ec;
      off += w;
      bytes_out_ += w;
    }
  }
  co_return ec;
}

Task<error_code> TlsClient::FillIn() {
  error_code ec;
  std::array<char, 16384> buf;
  size_t n = co_await socket_.async_read_some(asio::buffer(buf),
                                              asio::redirect_error(asio::use_awaitable, ec));
  if (n > 0) {
    if (first_byte_ < 0) first_byte_ = static_cast<uint8_t>(buf[0]);
    BIO_write(rbio_, buf.data(), static_cast<int>(n));
    bytes_in_ += n;
  }
  co_return ec;
}

Task<TlsIoResult> TlsClient::Drive(Op op, Millis timeout, std::string_view wdata,
                                   std::string* rout, size_t rmax) {
  if (!ssl_) co_return TlsIoResult{ProbeStatus::kError, "no TLS session (OpenSSL setup failed)"};
  const char* what = op == Op::kHandshake ? "TLS handshake"
                     : op == Op::kWrite   ? "TLS write"
                     : op == Op::kRead    ? "TLS read"
                                          : "TLS shutdown";
  TimeoutGuard guard(socket_.get_executor(), timeout, [this] {
    error_code ignored;
    socket_.cancel(ignored);
  });
  size_t written = 0;
  for (;;) {
    ERR_clear_error();
    int r = 0;
    switch (op) {
      case Op::kHandshake:
        r = SSL_connect(ssl_);
        break;
      case Op::kWrite: {
        size_t n = 0;
        r = wdata.size() == written
                ? 1
                : SSL_write_ex(ssl_, wdata.data() + written, wdata.size() - written, &n);
        if (r > 0) written += n;
        break;
      }
      case Op::kRead: {
        std::array<char, 4096> buf;
        size_t n = 0;
        size_t want = std::min(buf.size(), rmax);
        if (want == 0) co_return TlsIoResult{};
        r = SSL_read_ex(ssl_, buf.data(), want, &n);
        if (r > 0) rout->append(buf.data(), n);
        break;
      }
      case Op::kShutdown:
        r = SSL_shutdown(ssl_);
        break;
    }
    int err = r > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_, r);
    std::string reason = DrainOpenSslErrors();  // before any suspension: the queue is per thread
    error_code wec = co_await FlushOut();
    if (guard.fired()) co_return TlsIoResult{ProbeStatus::kTimeout, std::string(what) + " timed out"};
    if (op == Op::kShutdown) co_return TlsIoResult{};  // best effort
    if (wec) {
      bool hung_up = wec == asio::error::connection_reset || wec == asio::error::broken_pipe ||
                     wec == asio::error::eof;
      if (hung_up && !handshake_done_) {
        // The peer went away before taking our bytes: a refused handshake.
        TlsIoResult closed{ProbeStatus::kTlsError,
                           "connection closed by peer (" + wec.message() + ")"};
        closed.peer_closed = true;
        co_return closed;
      }
      ProbeStatus st = StatusFromError(wec);
      co_return Failure(st == ProbeStatus::kTimeout ? ProbeStatus::kError : st,
                        "write failed: " + wec.message());
    }
    if (err == SSL_ERROR_NONE) {
      if (op == Op::kWrite && written < wdata.size()) continue;
      if (op == Op::kHandshake) handshake_done_ = true;
      co_return TlsIoResult{};
    }
    if (err == SSL_ERROR_WANT_WRITE) continue;  // flushed above
    if (err == SSL_ERROR_WANT_READ) {
      if (peer_eof_) {
        // OpenSSL saw the end of the stream and still wants more.
        if (op == Op::kRead) {
          TlsIoResult closed;
          closed.peer_closed = true;
          co_return closed;
        }
        co_return Failure(ProbeStatus::kProtocolError, "connection closed by peer");
      }
      error_code rec = co_await FillIn();
      if (guard.fired()) co_return TlsIoResult{ProbeStatus::kTimeout, std::string(what) + " timed out"};
      if (rec == asio::error::eof) {
        peer_eof_ = true;
        BIO_set_mem_eof_return(rbio_, 0);
        continue;
      }
      if (rec) {
        bool reset = rec == asio::error::connection_reset;
        TlsIoResult failed =
            Failure(ProbeStatus::kProtocolError,
                    reset ? "connection reset by peer" : "read failed: " + rec.message());
        failed.peer_closed = failed.peer_closed || reset;  // the peer hung up
        co_return failed;
      }
      if (op == Op::kHandshake && bytes_in_ > kMaxHandshakeBytes)
        co_return TlsIoResult{ProbeStatus::kTooLarge, "more than " +
                                                          std::to_string(kMaxHandshakeBytes) +
                                                          " bytes during the TLS handshake"};
      continue;
    }
    if (err == SSL_ERROR_ZERO_RETURN) {
      if (op == Op::kRead) {
        TlsIoResult closed;
        closed.peer_closed = true;
        co_return closed;
      }
      co_return Failure(ProbeStatus::kTlsError, "peer sent close_notify");
    }
    if (reason.empty()) reason = peer_eof_ ? "connection closed by peer" : "TLS failure";
    co_return Failure(ProbeStatus::kTlsError, reason);
  }
}

}  // namespace posture::tls
