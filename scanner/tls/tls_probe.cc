#include "scanner/tls/tls_probe.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>

#include <array>

#include "scanner/engine/timeout.h"
#include "scanner/tls/cert_inspect.h"
#include "scanner/tls/client_hello.h"
#include "scanner/tls/tls_client.h"

namespace posture {
namespace {

using tls::ClientProfile;
using tls::TlsClient;

constexpr Millis kShutdownTimeout{1000};

std::string GroupName(SSL* ssl) {
  int nid = SSL_get_negotiated_group(ssl);
  if (nid > 0 && (nid & TLSEXT_nid_unknown) == 0) {
    const char* name = SSL_group_to_name(ssl, nid);
    if (!name) name = OBJ_nid2sn(nid);
    ERR_clear_error();
    if (name) return name;
  }
  // TLS 1.2 DHE with explicit parameters has no group id: describe the key.
  EVP_PKEY* key = nullptr;
  std::string out;
  if (SSL_get_peer_tmp_key(ssl, &key) == 1 && key) {
    int id = EVP_PKEY_get_base_id(key);
    if (id == EVP_PKEY_DH || id == EVP_PKEY_DHX) {
      out = "DH-" + std::to_string(EVP_PKEY_get_bits(key));
    } else {
      const char* sn = OBJ_nid2sn(id);
      out = sn ? sn : "unknown";
    }
    EVP_PKEY_free(key);
  }
  ERR_clear_error();
  return out;
}

void RecordChain(SSL* ssl, const std::string& sni, const TlsProbeOptions& options,
                 TlsEndpoint& out) {
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  if (!chain || sk_X509_num(chain) == 0) return;
  out.chain.clear();
  for (int i = 0; i < sk_X509_num(chain) && out.chain.size() < tls::kMaxChainRecorded; ++i)
    out.chain.push_back(tls::DescribeCertificate(sk_X509_value(chain, i)));
  tls::VerifyOutcome v = tls::VerifyChain(chain, options.ca_file, options.verify_time);
  out.verify_code = v.code;
  out.verify_error = v.error;
  out.chain_verified = v.code == 0;
  out.hostname_matches = tls::HostnameMatches(sk_X509_value(chain, 0), sni);
}

std::string CipherOf(SSL* ssl) {
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl);
  if (!c) return "";
  const char* name = SSL_CIPHER_standard_name(c);
  return name ? name : SSL_CIPHER_get_name(c);
}

Task<OpenedStream> OpenTcp(Connector* connector, std::string host, std::string ip, uint16_t port,
                           Millis timeout, Deadline deadline) {
  ConnectResult r =
      co_await connector->Connect(std::move(host), std::move(ip), port, ConnKind::kWeb, timeout,
                                  deadline);
  OpenedStream s;
  s.status = r.status;
  s.error = std::move(r.error);
  s.connection = std::move(r.connection);
  co_return s;
}

bool IsConnectFailure(ProbeStatus s) {
  return s == ProbeStatus::kTimeout || s == ProbeStatus::kRefused ||
         s == ProbeStatus::kUnreachable || s == ProbeStatus::kOptedOut ||
         s == ProbeStatus::kSkipped;
}

const std::array<const char*, 5> kVersionNames = {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2",
                                                  "TLSv1.3"};

void MarkAllUnknown(TlsEndpoint& out, const TlsProbeOptions& options, ProbeStatus status,
                    const std::string& detail) {
  out.versions.clear();
  out.cipher_classes.clear();
  if (options.probe_versions) {
    for (const char* v : kVersionNames) {
      TlsVersionResult r;
      r.version = v;
      r.status = status;
      r.detail = detail;
      out.versions.push_back(r);
    }
  }
  if (options.probe_ciphers) {
    for (const std::string& c : tls::CipherClassNames()) {
      CipherClassResult r;
      r.cipher_class = c;
      out.cipher_classes.push_back(r);
    }
  }
}

// What a raw ClientHello probe saw.
struct RawOutcome {
  Tri accepted = Tri::kUnknown;
  ProbeStatus status = ProbeStatus::kError;  // ok when the server answered
  tls::ServerReply reply;
  std::string detail;
  bool connect_failed = false;
  bool hung_up = false;  // the "no" is a hang-up, not an alert
};

Task<RawOutcome> RawHelloProbe(const StreamOpener& open, std::string hello,
                               const std::vector<uint16_t>& offered, Millis timeout) {
  RawOutcome out;
  OpenedStream stream = co_await open();
  if (stream.status != ProbeStatus::kOk || !stream.connection) {
    out.status = stream.status == ProbeStatus::kOk ? ProbeStatus::kError : stream.status;
    out.detail = stream.error;
    out.connect_failed = true;
    co_return out;
  }
  asio::ip::tcp::socket& socket = stream.connection->socket;
  TimeoutGuard guard(socket.get_executor(), timeout, [&socket] {
    error_code ignored;
    socket.cancel(ignored);
  });
  error_code ec;
  size_t off = 0;
  while (off < hello.size() && !ec) {
    off += co_await socket.async_write_some(asio::buffer(hello.data() + off, hello.size() - off),
                                            asio::redirect_error(asio::use_awaitable, ec));
  }
  std::string received;
  std::array<char, 8192> buf;
  while (!ec) {
    tls::ServerReply reply = tls::ParseServerReply(received);
    if (reply.kind != tls::ServerReply::Kind::kNeedMore) {
      out.reply = reply;
      break;
    }
    size_t n = co_await socket.async_read_some(asio::buffer(buf),
                                               asio::redirect_error(asio::use_awaitable, ec));
    received.append(buf.data(), n);
  }
  if (guard.fired()) {
    out.status = ProbeStatus::kTimeout;
    out.detail = "no answer to the ClientHello";
    co_return out;
  }
  using Kind = tls::ServerReply::Kind;
  if (out.reply.kind == Kind::kServerHello) {
    bool was_offered = false;
    for (uint16_t id : offered) was_offered |= id == out.reply.cipher_suite;
    if (!was_offered) {
      out.status = ProbeStatus::kProtocolError;
      out.detail = "server chose a suite we did not offer: " +
                   tls::CipherSuiteName(out.reply.cipher_suite);
      co_return out;
    }
    out.status = ProbeStatus::kOk;
    out.accepted = Tri::kYes;
    co_return out;
  }
  if (out.reply.kind == Kind::kAlert) {
    out.status = ProbeStatus::kOk;
    out.accepted = Tri::kNo;
    out.detail = "alert " + tls::AlertName(out.reply.alert_description);
    co_return out;
  }
  if (out.reply.kind == Kind::kMalformed) {
    out.status = ProbeStatus::kProtocolError;
    out.detail = out.reply.error;
    co_return out;
  }
  // The stream ended without an answer: the server hung up on the hello.
  if (ec == asio::error::eof || ec == asio::error::connection_reset ||
      ec == asio::error::broken_pipe) {
    out.status = ProbeStatus::kOk;
    out.accepted = Tri::kNo;
    out.hung_up = true;
    out.detail = ec == asio::error::eof ? "connection closed by peer" : "connection reset by peer";
    co_return out;
  }
  out.status = StatusFromError(ec);
  out.detail = ec.message();
  co_return out;
}

std::string NewHello(uint16_t version, const std::vector<uint16_t>& suites, const std::string& sni) {
  tls::ClientHelloSpec spec;
  spec.version = version;
  spec.record_version = version == tls::kSsl3 ? tls::kSsl3 : tls::kTls10;
  spec.cipher_suites = suites;
  spec.sni = sni;
  spec.extensions = version != tls::kSsl3;
  if (RAND_bytes(spec.random.data(), static_cast<int>(spec.random.size())) != 1) ERR_clear_error();
  return tls::BuildClientHello(spec);
}

// One OpenSSL handshake restricted to one version.
Task<void> ProbeVersion(const StreamOpener& open, ClientProfile profile, const std::string& sni,
                        const TlsProbeOptions& options, Deadline deadline, TlsVersionResult& v,
                        bool& dead, bool& hung_up) {
  OpenedStream stream = co_await open();
  if (stream.status != ProbeStatus::kOk || !stream.connection) {
    v.status = stream.status == ProbeStatus::kOk ? ProbeStatus::kError : stream.status;
    v.detail = stream.error;
    dead = IsConnectFailure(v.status);
    co_return;
  }
  TlsClient client(stream.connection->socket, tls::ClientContext(profile));
  client.SetServerName(sni);
  tls::TlsIoResult io = co_await client.Handshake(deadline.Clamp(options.handshake_timeout));
  if (io.ok()) {
    v.accepted = Tri::kYes;
    v.status = ProbeStatus::kOk;
    v.cipher = CipherOf(client.ssl());
    co_await client.Shutdown(deadline.Clamp(kShutdownTimeout));
  } else if (io.status == ProbeStatus::kTlsError) {
    v.accepted = Tri::kNo;
    v.status = ProbeStatus::kOk;
    v.detail = io.error;
    hung_up = io.peer_closed;
  } else {
    v.status = io.status;
    v.detail = io.error;
  }
}

Task<void> ProbeSsl3(const StreamOpener& open, const std::string& sni,
                     const TlsProbeOptions& options, Deadline deadline, TlsVersionResult& v,
                     bool& dead, bool& hung_up) {
  std::vector<uint16_t> suites = tls::Ssl3Suites();
  RawOutcome raw = co_await RawHelloProbe(open, NewHello(tls::kSsl3, suites, sni), suites,
                                          deadline.Clamp(options.handshake_timeout));
  v.status = raw.status;
  v.detail = raw.detail;
  hung_up = raw.hung_up;
  if (raw.connect_failed) dead = IsConnectFailure(raw.status);
  if (raw.accepted == Tri::kYes) {
    if (raw.reply.version == tls::kSsl3) {
      v.accepted = Tri::kYes;
      v.cipher = tls::CipherSuiteName(raw.reply.cipher_suite);
    } else {
      v.accepted = Tri::kNo;
      v.detail = "server answered " + tls::VersionName(raw.reply.version);
    }
  } else {
    v.accepted = raw.accepted;
  }
}

}  // namespace

StreamOpener MakeTcpOpener(Connector& connector, std::string host, std::string ip, uint16_t port,
                           Millis connect_timeout, Deadline deadline) {
  Connector* c = &connector;
  return [c, host, ip, port, connect_timeout, deadline]() {
    return OpenTcp(c, host, ip, port, connect_timeout, deadline);
  };
}

bool ValidateCaFile(const std::string& ca_file, std::string* error) {
  if (ca_file.empty()) return true;
  return tls::LoadTrustStore(ca_file, error);
}

namespace {

// The default handshake on `socket`, recorded in `out`; the live session when
// it completed (nullptr otherwise). *alert: the peer sent a TLS alert.
Task<std::unique_ptr<TlsClient>> DefaultHandshake(asio::ip::tcp::socket& socket,
                                                  const std::string& sni,
                                                  const TlsProbeOptions& options, Deadline deadline,
                                                  TlsEndpoint& out, bool* alert) {
  auto start = Clock::now();
  if (deadline.expired()) {
    out.status = ProbeStatus::kSkipped;
    out.error = "target deadline reached";
    co_return nullptr;
  }
  auto client = std::make_unique<TlsClient>(socket, tls::ClientContext(ClientProfile::kDefault));
  client->SetServerName(sni);
  tls::TlsIoResult io = co_await client->Handshake(deadline.Clamp(options.handshake_timeout));
  out.status = io.status;
  out.error = io.error;
  *alert = io.alert_received;
  if (client->valid()) {
    // Even a failed handshake may have shown its certificates: keep them.
    RecordChain(client->ssl(), sni, options, out);
  }
  if (io.ok()) {
    out.negotiated_version = SSL_get_version(client->ssl());
    out.negotiated_cipher = CipherOf(client->ssl());
    out.negotiated_group = GroupName(client->ssl());
  }
  out.elapsed_ms = MillisSince(start);
  if (!io.ok()) co_return nullptr;
  co_return client;
}

bool AnythingAccepted(const TlsEndpoint& ep) {
  for (const TlsVersionResult& v : ep.versions)
    if (v.accepted == Tri::kYes) return true;
  for (const CipherClassResult& c : ep.cipher_classes)
    if (c.accepted == Tri::kYes) return true;
  return false;
}

}  // namespace

Task<std::unique_ptr<tls::TlsClient>> HandshakeAndInspectSession(asio::ip::tcp::socket& socket,
                                                                 const std::string& sni,
                                                                 const TlsProbeOptions& options,
                                                                 Deadline deadline,
                                                                 TlsEndpoint& out) {
  bool alert = false;
  co_return co_await DefaultHandshake(socket, sni, options, deadline, out, &alert);
}

Task<void> HandshakeAndInspect(asio::ip::tcp::socket& socket, const std::string& sni,
                               const TlsProbeOptions& options, Deadline deadline,
                               TlsEndpoint& out) {
  std::unique_ptr<TlsClient> client =
      co_await HandshakeAndInspectSession(socket, sni, options, deadline, out);
  if (client) co_await client->Shutdown(deadline.Clamp(kShutdownTimeout));
}

Task<DetailsOutcome> ProbeTlsDetails(StreamOpener open, TlsProbeOptions options, Deadline deadline,
                                     TlsEndpoint& out) {
  const std::string sni = out.sni;
  bool dead = false;  // a connection failed: do not insist
  ProbeStatus dead_status = ProbeStatus::kSkipped;
  std::string dead_detail;
  bool answered = false;
  // "Not accepted" results that were a hang-up rather than an alert: if the
  // server then stops accepting connections, they may be its going away.
  std::vector<size_t> hung_up_versions, hung_up_classes;

  auto skip_reason = [&](ProbeStatus& status, std::string& detail) {
    if (dead) {
      status = dead_status;
      detail = "not attempted: " + dead_detail;
      return true;
    }
    if (deadline.expired()) {
      status = ProbeStatus::kSkipped;
      detail = "target deadline reached";
      return true;
    }
    return false;
  };

  if (options.probe_versions) {
    out.versions.clear();
    for (const char* name : kVersionNames) {
      TlsVersionResult r;
      r.version = name;
      out.versions.push_back(r);
    }
    // Most telling first, in case the deadline cuts the list short.
    const std::array<size_t, 5> order = {4, 3, 2, 1, 0};
    const std::array<ClientProfile, 5> profiles = {ClientProfile::kDefault, ClientProfile::kTls10,
                                                   ClientProfile::kTls11, ClientProfile::kTls12,
                                                   ClientProfile::kTls13};
    for (size_t i : order) {
      TlsVersionResult& v = out.versions[i];
      if (out.status == ProbeStatus::kOk && out.negotiated_version == v.version) {
        v.accepted = Tri::kYes;
        v.status = ProbeStatus::kOk;
        v.cipher = out.negotiated_cipher;
        v.detail = "negotiated by the default handshake";
        continue;
      }
      if (skip_reason(v.status, v.detail)) continue;
      bool hung_up = false;
      if (i == 0) {
        co_await ProbeSsl3(open, sni, options, deadline, v, dead, hung_up);
      } else {
        co_await ProbeVersion(open, profiles[i], sni, options, deadline, v, dead, hung_up);
      }
      if (hung_up) hung_up_versions.push_back(i);
      answered = answered || (v.status == ProbeStatus::kOk && !hung_up);
      if (dead) {
        dead_status = v.status;
        dead_detail = v.detail;
      }
    }
  }

  if (options.probe_ciphers) {
    // The best version up to TLS 1.2 the server is known to accept.
    uint16_t version = tls::kTls12;
    auto accepted = [&](const char* name) {
      for (const TlsVersionResult& v : out.versions)
        if (v.version == name && v.accepted == Tri::kYes) return true;
      return out.status == ProbeStatus::kOk && out.negotiated_version == name;
    };
    if (!accepted("TLSv1.2")) {
      if (accepted("TLSv1.1")) version = tls::kTls11;
      else if (accepted("TLSv1")) version = tls::kTls10;
      else if (accepted("SSLv3")) version = tls::kSsl3;
    }
    out.cipher_classes.clear();
    for (const std::string& cls : tls::CipherClassNames()) {
      CipherClassResult r;
      r.cipher_class = cls;
      r.protocol = tls::VersionName(version);
      ProbeStatus ignored_status;
      std::string ignored_detail;
      std::vector<uint16_t> suites = tls::CipherClassSuites(cls, version);
      if (!suites.empty() && !skip_reason(ignored_status, ignored_detail)) {
        RawOutcome raw = co_await RawHelloProbe(open, NewHello(version, suites, sni), suites,
                                                deadline.Clamp(options.handshake_timeout));
        r.accepted = raw.accepted;
        if (raw.accepted == Tri::kYes) {
          r.cipher = tls::CipherSuiteName(raw.reply.cipher_suite);
          r.protocol = tls::VersionName(raw.reply.version);
        }
        if (raw.hung_up) hung_up_classes.push_back(out.cipher_classes.size());
        answered = answered || (raw.status == ProbeStatus::kOk && !raw.hung_up);
        if (raw.connect_failed && IsConnectFailure(raw.status)) {
          dead = true;
          dead_status = raw.status;
          dead_detail = raw.detail;
        }
      }
      out.cipher_classes.push_back(r);
    }
  }
  if (dead) {
    for (size_t i : hung_up_versions) {
      out.versions[i].accepted = Tri::kUnknown;
      out.versions[i].detail += "; then the server stopped accepting connections";
    }
    for (size_t i : hung_up_classes) out.cipher_classes[i].accepted = Tri::kUnknown;
  }
  co_return DetailsOutcome{dead, dead_status, dead_detail, answered};
}

Task<TlsEndpoint> ProbeTlsEndpoint(StreamOpener open, std::string ip, int port, std::string sni,
                                   std::string context, TlsProbeOptions options,
                                   Deadline deadline) {
  auto start = Clock::now();
  TlsEndpoint out;
  bool default_alert = false;
  out.ip = std::move(ip);
  out.port = port;
  out.sni = std::move(sni);
  out.context = std::move(context);
  if (deadline.expired()) {
    out.status = ProbeStatus::kSkipped;
    out.error = "target deadline reached";
    MarkAllUnknown(out, options, out.status, out.error);
    co_return out;
  }
  {
    OpenedStream stream = co_await open();
    if (stream.status != ProbeStatus::kOk || !stream.connection) {
      out.status = stream.status == ProbeStatus::kOk ? ProbeStatus::kError : stream.status;
      out.error = stream.error;
      MarkAllUnknown(out, options, out.status, out.error);
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }
    std::unique_ptr<TlsClient> client = co_await DefaultHandshake(
        stream.connection->socket, out.sni, options, deadline, out, &default_alert);
    if (client) co_await client->Shutdown(deadline.Clamp(kShutdownTimeout));
  }  // closed before the next connection opens
  if (out.status != ProbeStatus::kOk && out.status != ProbeStatus::kTlsError) {
    // Timeout, garbage, local failure: more handshakes would cost the same.
    MarkAllUnknown(out, options, out.status, out.error);
  } else {
    DetailsOutcome details = co_await ProbeTlsDetails(open, options, deadline, out);
    if (out.status == ProbeStatus::kTlsError && details.dead && !details.answered) {
      // The handshake failed, and no connection got an answer since: the
      // server went away rather than refused TLS.
      out.error = "the TLS handshake failed (" + out.error +
                  "), then the server stopped accepting connections (" +
                  ProbeStatusName(details.dead_status) + ")";
      out.status = details.dead_status;
    } else if (out.status == ProbeStatus::kTlsError && !default_alert && !AnythingAccepted(out)) {
      // The server hung up on every handshake, ours included, without a TLS
      // alert: it refused nothing in TLS terms, so its hang-ups do not tell
      // a version or a cipher class apart (they are not "no").
      MarkAllUnknown(
          out, options, out.status,
          "no handshake completes and the server hangs up without a TLS alert (" + out.error + ")");
    }
  }
  out.elapsed_ms = MillisSince(start);
  co_return out;
}

}  // namespace posture
