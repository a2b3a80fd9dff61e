#include "tests/engine/tls_fake_testlib.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace posture::testing {
namespace {

void IgnoreSigpipe() {
  // OpenSSL servers write() on sockets the client may have closed.
  static const bool done = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

void SetTimeouts(int fd, int ms) {
  timeval tv{ms / 1000, (ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

void AddExt(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (!ext) throw std::runtime_error("bad extension " + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

uint16_t Get16(const std::string& d, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(d[at]) << 8) | static_cast<uint8_t>(d[at + 1]));
}

}  // namespace

// ----------------------------------------------------------- certificates

EVP_PKEY* RsaKey2048() {
  static EVP_PKEY* key = EVP_RSA_gen(2048);
  return key;
}
EVP_PKEY* RsaCaKey2048() {
  static EVP_PKEY* key = EVP_RSA_gen(2048);
  return key;
}
EVP_PKEY* EcKeyP256() {
  static EVP_PKEY* key = EVP_EC_gen("P-256");
  return key;
}

X509Ptr MakeCert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  X509* x = cert.get();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), spec.serial);
  X509_gmtime_adj(X509_getm_notBefore(x), static_cast<long>(spec.not_before));
  X509_gmtime_adj(X509_getm_notAfter(x), static_cast<long>(spec.not_after));
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  if (!spec.organization.empty())
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(spec.organization.c_str()),
                               -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : x, x, nullptr, nullptr, 0);
  AddExt(x, &ctx, NID_basic_constraints, spec.is_ca ? "critical,CA:TRUE" : "CA:FALSE");
  AddExt(x, &ctx, NID_key_usage,
         spec.is_ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
  AddExt(x, &ctx, NID_subject_key_identifier, "hash");
  if (issuer) AddExt(x, &ctx, NID_authority_key_identifier, "keyid:always");
  if (!spec.is_ca) AddExt(x, &ctx, NID_ext_key_usage, "serverAuth");
  std::string san;
  for (const std::string& d : spec.dns_names) san += (san.empty() ? "" : ",") + ("DNS:" + d);
  for (const std::string& i : spec.ip_names) san += (san.empty() ? "" : ",") + ("IP:" + i);
  if (!san.empty()) AddExt(x, &ctx, NID_subject_alt_name, san);
  if (X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) == 0)
    throw std::runtime_error("X509_sign failed");
  return cert;
}

std::string CertPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

std::string WriteTempFile(const std::string& name, const std::string& content) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir ? dir : "/tmp") + "/posture-tls-" +
                     std::to_string(::getpid()) + "-" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// ---------------------------------------------------------- base server

LoopbackServer::LoopbackServer() { Bind(); }

LoopbackServer::LoopbackServer(Handler handler) {
  Bind();
  Start(std::move(handler));
}

int ListenOnLoopback(uint16_t* port) {
  IgnoreSigpipe();
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0)
    throw std::runtime_error("bind/listen failed");
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

void LoopbackServer::Bind() { listen_fd_ = ListenOnLoopback(&port_); }

void LoopbackServer::Start(Handler handler) {
  handler_ = std::move(handler);
  thread_ = std::thread([this] { Loop(); });
}

LoopbackServer::~LoopbackServer() {
  Stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void LoopbackServer::Stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void LoopbackServer::Loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++connections_;
    SetTimeouts(fd, 2000);
    handler_(fd, stopping_);
    ::close(fd);
  }
}

std::string ReadSome(int fd, int ms, const std::atomic<bool>& stopping) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!stopping && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return "";
    return std::string(buf, static_cast<size_t>(n));
  }
  return "";
}

std::optional<std::string> ReadLine(int fd, std::string& buffer, int ms,
                                    const std::atomic<bool>& stopping) {
  for (;;) {
    size_t nl = buffer.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (buffer.size() > 4096) return std::nullopt;
    std::string more = ReadSome(fd, ms, stopping);
    if (more.empty()) return std::nullopt;
    buffer += more;
  }
}

void WriteAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

void WaitForClose(int fd, int ms, const std::atomic<bool>& stopping) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!stopping && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    char buf[4096];
    if (::recv(fd, buf, sizeof buf, 0) <= 0) return;
  }
}

void ResetConnection(int fd) {
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

// ------------------------------------------------------------ TLS server

SSL_CTX* MakeServerContext(const TlsServerConfig& config) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw std::runtime_error("SSL_CTX_new failed");
  if (config.security_level >= 0) SSL_CTX_set_security_level(ctx, config.security_level);
  if (config.min_version) SSL_CTX_set_min_proto_version(ctx, config.min_version);
  if (config.max_version) SSL_CTX_set_max_proto_version(ctx, config.max_version);
  if (!config.cipher_list.empty() && SSL_CTX_set_cipher_list(ctx, config.cipher_list.c_str()) != 1)
    throw std::runtime_error("bad cipher list " + config.cipher_list);
  if (!config.ciphersuites.empty() &&
      SSL_CTX_set_ciphersuites(ctx, config.ciphersuites.c_str()) != 1)
    throw std::runtime_error("bad ciphersuites " + config.ciphersuites);
  if (!config.chain.empty()) {
    SSL_CTX_use_certificate(ctx, config.chain[0]);
    for (size_t i = 1; i < config.chain.size(); ++i) SSL_CTX_add1_chain_cert(ctx, config.chain[i]);
  }
  if (config.key) SSL_CTX_use_PrivateKey(ctx, config.key);
  ERR_clear_error();
  return ctx;
}

FakeTlsServer::FakeTlsServer(const TlsServerConfig& config)
    : ctx_(MakeServerContext(config)), handshakes_(std::make_shared<std::atomic<int>>(0)) {
  SSL_CTX* ctx = ctx_;
  auto handshakes = handshakes_;
  Start([ctx, handshakes](int fd, const std::atomic<bool>&) {
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
      ++*handshakes;
      char buf[256];
      while (SSL_read(ssl, buf, sizeof buf) > 0) {
      }
    }
    SSL_free(ssl);
    ERR_clear_error();
  });
}

FakeTlsServer::~FakeTlsServer() {
  Stop();
  SSL_CTX_free(ctx_);
}

// ---------------------------------------------------------- hello server

std::optional<ParsedClientHello> ParseClientHello(const std::string& r) {
  ParsedClientHello out;
  if (r.size() < 9 || static_cast<uint8_t>(r[0]) != 22) return std::nullopt;
  out.record_version = Get16(r, 1);
  size_t rec_len = Get16(r, 3);
  if (r.size() < 5 + rec_len || static_cast<uint8_t>(r[5]) != 1) return std::nullopt;
  size_t hs_len = (static_cast<size_t>(static_cast<uint8_t>(r[6])) << 16) | Get16(r, 7);
  if (hs_len + 4 != rec_len) return std::nullopt;
  std::string b = r.substr(9, hs_len);
  size_t pos = 0;
  auto need = [&](size_t n) { return pos + n <= b.size(); };
  if (!need(35)) return std::nullopt;
  out.version = Get16(b, 0);
  pos = 34;
  size_t sid = static_cast<uint8_t>(b[pos]);
  pos += 1 + sid;
  if (!need(2)) return std::nullopt;
  size_t suites_len = Get16(b, pos);
  pos += 2;
  if (!need(suites_len) || suites_len % 2) return std::nullopt;
  for (size_t i = 0; i < suites_len; i += 2) out.suites.push_back(Get16(b, pos + i));
  pos += suites_len;
  if (!need(1)) return std::nullopt;
  size_t comp = static_cast<uint8_t>(b[pos]);
  pos += 1 + comp;
  if (pos == b.size()) return out;
  if (!need(2)) return std::nullopt;
  size_t ext_len = Get16(b, pos);
  pos += 2;
  if (pos + ext_len != b.size()) return std::nullopt;
  while (pos < b.size()) {
    if (!need(4)) return std::nullopt;
    uint16_t type = Get16(b, pos);
    size_t len = Get16(b, pos + 2);
    pos += 4;
    if (!need(len)) return std::nullopt;
    if (type == 0 && len >= 5) {
      size_t name_len = Get16(b, pos + 3);
      if (5 + name_len <= len) out.sni = b.substr(pos + 5, name_len);
    }
    if (type == 13) out.has_signature_algorithms = true;
    pos += len;
  }
  return out;
}

FakeHelloServer::FakeHelloServer(HelloServerConfig config) : state_(std::make_shared<State>()) {
  auto state = state_;
  Start([state, config](int fd, const std::atomic<bool>& stopping) {
    std::string data;
    while (data.size() < 5 || data.size() < 5 + static_cast<size_t>(Get16(data, 3))) {
      std::string more = ReadSome(fd, 2000, stopping);
      if (more.empty()) return;
      data += more;
    }
    std::optional<ParsedClientHello> hello = ParseClientHello(data);
    if (!hello) return;
    {
      std::lock_guard<std::mutex> lock(state->mu);
      state->hellos.push_back(*hello);
    }
    uint16_t v = std::min(hello->version, config.max_version);
    auto alert = [&](uint8_t desc) {
      std::string a = {0x15, static_cast<char>(v >> 8), static_cast<char>(v & 0xff), 0, 2, 2,
                       static_cast<char>(desc)};
      WriteAll(fd, a);
    };
    if (v < config.min_version) {
      v = config.min_version;
      alert(70);  // protocol_version
      return;
    }
    uint16_t chosen = 0;
    for (uint16_t s : config.accepted_suites) {
      if (std::find(hello->suites.begin(), hello->suites.end(), s) != hello->suites.end()) {
        chosen = s;
        break;
      }
    }
    if (!chosen) {
      alert(40);  // handshake_failure
      return;
    }
    std::string body;
    body += static_cast<char>(v >> 8);
    body += static_cast<char>(v & 0xff);
    body += std::string(32, '\x42');  // random
    body += '\0';                     // no session id
    body += static_cast<char>(chosen >> 8);
    body += static_cast<char>(chosen & 0xff);
    body += '\0';  // null compression
    std::string hs = {0x02, 0, static_cast<char>(body.size() >> 8),
                      static_cast<char>(body.size() & 0xff)};
    hs += body;
    std::string rec = {0x16, static_cast<char>(v >> 8), static_cast<char>(v & 0xff),
                       static_cast<char>(hs.size() >> 8), static_cast<char>(hs.size() & 0xff)};
    rec += hs;
    WriteAll(fd, rec);
    WaitForClose(fd, 2000, stopping);
  });
}

std::vector<ParsedClientHello> FakeHelloServer::hellos() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->hellos;
}

// ---------------------------------------------------------- SMTP server

namespace {

std::optional<std::string> SslReadLine(SSL* ssl, std::string& buffer) {
  for (;;) {
    size_t nl = buffer.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (buffer.size() > 4096) return std::nullopt;
    char buf[1024];
    int n = SSL_read(ssl, buf, sizeof buf);
    if (n <= 0) return std::nullopt;
    buffer.append(buf, static_cast<size_t>(n));
  }
}

std::string Verb(const std::string& line) {
  std::string v = line.substr(0, line.find(' '));
  for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return v;
}

}  // namespace

FakeSmtpServer::FakeSmtpServer(SmtpServerConfig config) : state_(std::make_shared<State>()) {
  auto state = state_;
  Start([state, config](int fd, const std::atomic<bool>& stopping) {
    size_t index;
    {
      std::lock_guard<std::mutex> lock(state->mu);
      state->sessions.emplace_back();
      index = state->sessions.size() - 1;
    }
    auto record = [&](const std::string& line) {
      std::lock_guard<std::mutex> lock(state->mu);
      state->sessions[index].push_back(line);
    };
    if (config.huge_banner_bytes > 0) {
      WriteAll(fd, "220-" + std::string(config.huge_banner_bytes, 'A') + "\r\n220 ok\r\n");
      WaitForClose(fd, 2000, stopping);
      return;
    }
    if (config.tarpit_interval_ms > 0) {
      WriteAll(fd, "220-slow\r\n");
      for (;;) {
        auto until = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(config.tarpit_interval_ms);
        bool closed = false;
        while (!stopping && std::chrono::steady_clock::now() < until && !closed) {
          pollfd p{fd, POLLIN, 0};
          if (::poll(&p, 1, 20) > 0) {
            char buf[256];
            closed = ::recv(fd, buf, sizeof buf, 0) <= 0;
          }
        }
        if (stopping || closed) return;
        WriteAll(fd, "220-still here\r\n");
      }
    }
    WriteAll(fd, config.banner);
    bool greeted = config.banner.rfind("220", 0) == 0;
    SSL* ssl = nullptr;
    std::string buffer;
    auto send = [&](const std::string& s) {
      if (ssl) {
        SSL_write(ssl, s.data(), static_cast<int>(s.size()));
      } else {
        WriteAll(fd, s);
      }
    };
    for (;;) {
      std::optional<std::string> line =
          ssl ? SslReadLine(ssl, buffer) : ReadLine(fd, buffer, 3000, stopping);
      if (!line) break;
      record(*line);
      std::string verb = Verb(*line);
      if (verb == "QUIT") {
        send("221 2.0.0 Bye\r\n");
        break;
      }
      if (!greeted) {
        send("503 5.5.1 No service\r\n");
        continue;
      }
      if (verb == "EHLO") {
        std::string reply = "250-mx.example.test greets you\r\n250-PIPELINING\r\n";
        if (config.offer_starttls && !ssl) reply += "250-STARTTLS\r\n";
        reply += "250 8BITMIME\r\n";
        send(reply);
      } else if (verb == "STARTTLS" && config.offer_starttls && !ssl) {
        send(config.starttls_reply);
        if (config.starttls_reply.rfind("220", 0) != 0) continue;
        if (config.tls_mode == SmtpServerConfig::TlsMode::kGarbage) {
          WriteAll(fd, "HTTP/1.0 400 Bad Request\r\n\r\nthis is not TLS at all\r\n");
          WaitForClose(fd, 2000, stopping);
          break;
        }
        if (config.tls_mode == SmtpServerConfig::TlsMode::kClose) break;
        ssl = SSL_new(config.tls_ctx);
        SSL_set_fd(ssl, fd);
        buffer.clear();
        if (SSL_accept(ssl) != 1) break;
      } else if (verb == "MAIL" || verb == "RCPT" || verb == "DATA") {
        send("250 2.0.0 Ok\r\n");  // must never happen: the tests assert it
      } else {
        send("502 5.5.2 Command not recognized\r\n");
      }
    }
    if (ssl) {
      SSL_shutdown(ssl);
      SSL_free(ssl);
    }
    ERR_clear_error();
  });
}

std::vector<std::vector<std::string>> FakeSmtpServer::sessions() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->sessions;
}

std::vector<std::string> FakeSmtpServer::all_commands() const {
  std::vector<std::string> out;
  for (const auto& s : sessions()) out.insert(out.end(), s.begin(), s.end());
  return out;
}

}  // namespace posture::testing
