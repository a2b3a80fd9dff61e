// TLS probes with OpenSSL on non-blocking sockets (no thread, no blocking
// call): for one endpoint (IP, port, SNI) they record
//   - a default handshake (best version the server picks): version, cipher,
//     group, the certificate chain as presented, its verification against the
//     system trust store plus ca_file (X509 verify code), and whether the
//     leaf matches the SNI name (X509_check_host);
//   - which protocol versions are accepted: one handshake per version
//     (TLS 1.0 and 1.1 need "@SECLEVEL=0"), SSLv3 by a raw ClientHello;
//   - which weak cipher classes are accepted: a raw ClientHello offering only
//     that class (export, NULL, anon, RC4, 3DES, DES, RSA key exchange,
//     CBC-only), since OpenSSL 3.0 cannot offer RC4 or 3DES itself.
// Certificate problems are recorded, never fatal. Every step has a timeout.
//
// A StreamOpener gives a fresh connected socket, ready for a ClientHello:
// for HTTPS it just connects through the Connector; for SMTP it also reads
// the banner, sends EHLO and STARTTLS (smtp_probe.h).
//
// Thread-safety: run on one worker's io_context.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "checks/observations.h"
#include "scanner/engine/asio.h"
#include "scanner/engine/connector.h"
#include "scanner/engine/deadline.h"

namespace posture {

struct TlsProbeOptions {
  std::string ca_file;
  Millis handshake_timeout{5000};
  bool probe_versions = true;  // one handshake per version
  bool probe_ciphers = true;   // weak cipher classes
};

struct OpenedStream {
  ProbeStatus status = ProbeStatus::kError;
  std::string error;
  std::optional<Connection> connection;
};
using StreamOpener = std::function<Task<OpenedStream>()>;

// Probes one endpoint. `sni` may be empty (IP-only). `context` is copied into
// the result ("https" or "smtp-starttls").
Task<TlsEndpoint> ProbeTlsEndpoint(StreamOpener open, std::string ip, int port, std::string sni,
                                   std::string context, TlsProbeOptions options,
                                   Deadline deadline);

// One full handshake on an already connected stream (used by the SMTP probe
// for the STARTTLS session itself). Fills status, negotiated version/cipher,
// chain and verification of `out`.
Task<void> HandshakeAndInspect(asio::ip::tcp::socket& socket, const std::string& sni,
                               const TlsProbeOptions& options, Deadline deadline,
                               TlsEndpoint& out);

}  // namespace posture
