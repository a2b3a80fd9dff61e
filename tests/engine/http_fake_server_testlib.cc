#include "tests/engine/http_fake_server_testlib.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <csignal>
#include <cstring>

namespace posture::testing {
namespace {

constexpr Millis kSlice(20);

int Listen(int backlog, uint16_t* port, bool do_listen) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      (do_listen && ::listen(fd, backlog) != 0)) {
    ::close(fd);
    throw std::runtime_error("bind/listen failed");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

// ----- FakeConnection ------------------------------------------------------

bool FakeConnection::WaitReadable(Millis timeout) {
  auto until = Clock::now() + timeout;
  while (!stopping() && Clock::now() < until) {
    if (ssl_ != nullptr && SSL_pending(ssl_) > 0) return true;
    pollfd p{fd_, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(kSlice.count()));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
  return false;
}

bool FakeConnection::ReadRequest(std::string* head, Millis timeout) {
  head->clear();
  auto until = Clock::now() + timeout;
  char buf[4096];
  while (head->find("\r\n\r\n") == std::string::npos) {
    if (head->size() > 64 * 1024) return false;
    auto left = std::chrono::duration_cast<Millis>(until - Clock::now());
    if (left.count() <= 0 || !WaitReadable(left)) return false;
    int n = ssl_ != nullptr ? SSL_read(ssl_, buf, sizeof(buf))
                            : static_cast<int>(::recv(fd_, buf, sizeof(buf), 0));
    if (n <= 0) return false;
    head->append(buf, static_cast<size_t>(n));
  }
  return true;
}

bool FakeConnection::Send(std::string_view data) {
  while (!data.empty()) {
    if (stopping()) return false;
    int n;
    if (ssl_ != nullptr) {
      n = SSL_write(ssl_, data.data(), static_cast<int>(std::min<size_t>(data.size(), 1 << 20)));
    } else {
      n = static_cast<int>(::send(fd_, data.data(), data.size(), MSG_NOSIGNAL));
    }
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool FakeConnection::Sleep(Millis d) {
  auto until = Clock::now() + d;
  while (Clock::now() < until) {
    if (stopping()) return false;
    std::this_thread::sleep_for(std::min(kSlice, std::chrono::duration_cast<Millis>(
                                                     until - Clock::now())));
  }
  return !stopping();
}

void FakeConnection::WaitForClose(Millis timeout) {
  auto until = Clock::now() + timeout;
  char buf[4096];
  while (Clock::now() < until) {
    auto left = std::chrono::duration_cast<Millis>(until - Clock::now());
    if (!WaitReadable(left)) return;
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) return;
  }
}

// ----- FakeHttpServer --------------------------------------------------------

FakeHttpServer::FakeHttpServer(Handler handler, SSL_CTX* tls)
    : handler_(std::move(handler)), tls_(tls) {
  if (tls_ != nullptr) SSL_CTX_up_ref(tls_);
  listen_fd_ = Listen(256, &port_, true);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FakeHttpServer::~FakeHttpServer() {
  stop_ = true;
  acceptor_.join();
  // The acceptor is gone: threads_ no longer changes.
  for (auto& t : threads_) t.join();
  ::close(listen_fd_);
  if (tls_ != nullptr) SSL_CTX_free(tls_);
}

std::vector<std::string> FakeHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void FakeHttpServer::RecordRequest(std::string head) {
  std::lock_guard<std::mutex> lock(mu_);
  requests_.push_back(std::move(head));
}

void FakeHttpServer::AcceptLoop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(kSlice.count())) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++accepted_;
    threads_.emplace_back([this, fd] { Serve(fd); });
  }
}

void FakeHttpServer::Serve(int fd) {
  int now = ++open_;
  int seen = max_concurrent_.load();
  while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
  }
  // Blocking socket, but no send may block forever.
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  SSL* ssl = nullptr;
  bool ok = true;
  if (tls_ != nullptr) {
    // SSL_write() uses write(): a client that hangs up (a verifying client
    // refusing the certificate) must give EPIPE here, not kill the test.
    static const bool sigpipe_ignored = [] {
      std::signal(SIGPIPE, SIG_IGN);
      return true;
    }();
    (void)sigpipe_ignored;
    ssl = SSL_new(tls_);
    SSL_set_fd(ssl, fd);
    ok = SSL_accept(ssl) == 1;
  }
  if (ok) {
    FakeConnection conn(fd, ssl, &stop_);
    handler_(conn);
  }
  if (ssl != nullptr) {
    if (ok) SSL_shutdown(ssl);
    SSL_free(ssl);
    ERR_clear_error();
  }
  ::close(fd);
  --open_;
}

// ----- certificates, gzip, refusing port -------------------------------------

TestCertificate MakeSelfSignedCertificate(const std::string& dns_name) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) throw std::runtime_error("keygen failed");
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 4242);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(dns_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  std::string san = "DNS:" + dns_name;
  for (auto [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, san},
                            {NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str());
    if (ext == nullptr) throw std::runtime_error("extension failed");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert, key, EVP_sha256()) == 0) throw std::runtime_error("sign failed");

  TestCertificate out;
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  out.cert_pem.assign(data, static_cast<size_t>(len));
  BIO_free(bio);

  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate(ctx, cert);
  SSL_CTX_use_PrivateKey(ctx, key);
  out.server_ctx.reset(ctx, SSL_CTX_free);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

std::string GzipZeros(size_t size) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string zeros(1 << 20, '\0');
  std::string out;
  char buf[1 << 16];
  size_t left = size;
  int flush = Z_NO_FLUSH;
  do {
    size_t chunk = std::min(left, zeros.size());
    left -= chunk;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(chunk);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof(buf);
      deflate(&z, flush);
      out.append(buf, sizeof(buf) - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return out;
}

RefusingPort::RefusingPort() { fd_ = Listen(0, &port_, false); }
RefusingPort::~RefusingPort() { ::close(fd_); }

}  // namespace posture::testing
