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
#include <memory>
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
  // Instant at which certificates are verified; now when unset.
  std::optional<UnixSeconds> verify_time;
};

struct OpenedStream {
  ProbeStatus status = ProbeStatus::kError;
  std::string error;
  std::optional<Connection> connection;
};
using StreamOpener = std::function<Task<OpenedStream>()>;

// A StreamOpener that connects (ConnKind::kWeb) through the Connector:
// `host` is the name the connection is for (opt-out check), `ip` a literal.
// The Connector must outlive the opener.
StreamOpener MakeTcpOpener(Connector& connector, std::string host, std::string ip, uint16_t port,
                           Millis connect_timeout, Deadline deadline);

// Probes one endpoint. `sni` may be empty (IP-only). `context` is copied into
// the result ("https" or "smtp-starttls").
//
// Order: the default handshake first. If the opener fails (connect refused,
// timeout, opted out...) or the handshake times out, or the peer does not
// speak TLS at all (protocol_error), every version is recorded unknown with
// that status and nothing more is tried. Otherwise (the server completed or
// refused the handshake with TLS) the versions are probed (TLS 1.3 first,
// SSLv3 last; the version the default handshake negotiated is not probed
// twice), then the weak cipher classes with the best protocol version the
// server accepted up to TLS 1.2. If then nothing at all was accepted and the
// default handshake ended without a TLS alert (the server reset or closed the
// connection), the hang-ups tell nothing apart: every version and class is
// recorded unknown, with status tls_error. Each probe uses a fresh stream
// from `open`, closed before the next one is opened. Once `deadline` is reached the
// remaining versions are recorded skipped and the remaining classes unknown.
// Cipher names are IANA names ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").
Task<TlsEndpoint> ProbeTlsEndpoint(StreamOpener open, std::string ip, int port, std::string sni,
                                   std::string context, TlsProbeOptions options,
                                   Deadline deadline);

// One full handshake on an already connected stream (used by the SMTP probe
// for the STARTTLS session itself). Fills status, negotiated version/cipher,
// chain and verification of `out`.
Task<void> HandshakeAndInspect(asio::ip::tcp::socket& socket, const std::string& sni,
                               const TlsProbeOptions& options, Deadline deadline,
                               TlsEndpoint& out);

namespace tls {
class TlsClient;
}
// As HandshakeAndInspect, but hands back the live session (nullptr when the
// handshake failed) so the caller can keep talking over TLS (SMTP QUIT).
// The session borrows `socket`.
Task<std::unique_ptr<tls::TlsClient>> HandshakeAndInspectSession(asio::ip::tcp::socket& socket,
                                                                 const std::string& sni,
                                                                 const TlsProbeOptions& options,
                                                                 Deadline deadline,
                                                                 TlsEndpoint& out);

// What the detail probes met: whether the server stopped accepting
// connections during them (`dead`: then the versions and classes it "refused"
// by hanging up are unknown, not refused: it may have been going away), and
// whether any of them got an answer from it.
struct DetailsOutcome {
  bool dead = false;
  ProbeStatus dead_status = ProbeStatus::kSkipped;
  std::string dead_detail;
  bool answered = false;
};

// The second half of ProbeTlsEndpoint: versions and weak cipher classes of an
// endpoint whose default handshake is already in `out` (the SMTP probe uses
// its STARTTLS session as the default handshake). `out` must outlive the
// returned task.
Task<DetailsOutcome> ProbeTlsDetails(StreamOpener open, TlsProbeOptions options, Deadline deadline,
                                     TlsEndpoint& out);

// Checks that `ca_file` can be loaded as extra trust anchors (for the CLI to
// reject a bad --ca-file up front). Empty file name: true.
bool ValidateCaFile(const std::string& ca_file, std::string* error);

}  // namespace posture
