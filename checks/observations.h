// Observations: the raw evidence a scan gathers about one collectivity, as
// plain structs. The engine (scanner/) fills them; the checks (checks/) judge
// them; the store keeps them (as JSON, see observations_json.h) so that a new
// model can re-judge history without rescanning anyone.
//
// Rules:
// - Evidence is kept verbatim (DNS record text, header values, EHLO lines),
//   bounded by the engine's caps; a truncated value says so.
// - Every probe records its status. Partial data is kept next to a failure.
// - Nothing here is derived: verdicts belong to the checks.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks/base/time.h"

namespace posture {

// How a probe ended. Remote-side failures are data, never exceptions.
enum class ProbeStatus {
  kOk = 0,
  kTimeout,        // no answer within the time budget
  kRefused,        // TCP RST / ICMP unreachable / DNS REFUSED
  kUnreachable,    // no route, no address to connect to
  kTlsError,       // the TLS handshake failed (alert, bad record...)
  kProtocolError,  // the peer spoke, but not the protocol (garbage, bad HTTP)
  kTooLarge,       // the answer exceeded a cap (headers, body, lines)
  kNxDomain,       // DNS: the name does not exist
  kNoData,         // DNS: the name exists, no record of that type
  kServFail,       // DNS: SERVFAIL (e.g. DNSSEC bogus on a validating resolver)
  kDnsError,       // DNS: other rcode, malformed answer
  kOptedOut,       // the gate refused: the name belongs to an opted-out collectivity
  kSkipped,        // not attempted (deadline reached, nothing to probe)
  kError,          // local failure (socket creation, out of resources)
};

const char* ProbeStatusName(ProbeStatus s);
std::optional<ProbeStatus> ParseProbeStatus(const std::string& name);

// DNS record type numbers used by posture.
namespace dns_type {
inline constexpr uint16_t kA = 1;
inline constexpr uint16_t kNs = 2;
inline constexpr uint16_t kCname = 5;
inline constexpr uint16_t kSoa = 6;
inline constexpr uint16_t kPtr = 12;
inline constexpr uint16_t kMx = 15;
inline constexpr uint16_t kTxt = 16;
inline constexpr uint16_t kAaaa = 28;
inline constexpr uint16_t kDs = 43;
inline constexpr uint16_t kRrsig = 46;
inline constexpr uint16_t kDnskey = 48;
inline constexpr uint16_t kTlsa = 52;
inline constexpr uint16_t kCaa = 257;
}  // namespace dns_type

// "A", "MX", "TXT", ...; "TYPE1234" for others.
std::string DnsTypeName(uint16_t type);
std::optional<uint16_t> ParseDnsType(const std::string& name);

// One resource record of the answer, in presentation form (RFC 1035 §5.1):
//   A "192.0.2.1"; AAAA "2001:db8::1"; MX "10 mx.example.fr."; TXT the
//   character-strings quoted and space separated; CAA `0 issue "ca.example"`;
//   TLSA "3 1 1 <hex>"; DNSKEY "257 3 13 <base64>"; CNAME "target.".
struct DnsRecord {
  uint16_t type = 0;
  uint32_t ttl = 0;
  std::string owner;  // canonical owner name (after CNAME chasing)
  std::string data;   // presentation form
  // TXT only: each character-string verbatim (RFC 7208 §3.3 joins them).
  std::vector<std::string> strings;
};

// One DNS question and what came back.
struct DnsResult {
  std::string name;  // canonical: lower case, no trailing dot
  uint16_t type = 0;
  ProbeStatus status = ProbeStatus::kSkipped;
  int rcode = -1;              // -1 when no response
  bool authenticated = false;  // AD bit from the resolver
  bool signed_answer = false;  // an RRSIG covering `type` was in the answer
  bool truncated = false;      // the answer hit the engine's size cap
  std::vector<std::string> cname_chain;  // names followed, in order
  std::vector<DnsRecord> records;        // records of `type` only
  double elapsed_ms = 0;
  std::string error;  // short reason when status is dns_error/timeout/error, else empty
};

struct HttpHeader {
  std::string name;   // as received
  std::string value;  // verbatim, bounded
};

// One HTTP request/response exchange (one hop of a redirect chain).
struct HttpHop {
  std::string url;
  std::string ip;  // the address we connected to
  int port = 0;
  ProbeStatus status = ProbeStatus::kSkipped;
  std::string error;       // local explanation when status != ok
  int status_code = 0;     // 0 when no response
  std::string http_version;
  std::vector<HttpHeader> headers;  // every header line in order (repeats kept)
  // The final response's header block was read to its end. False when the
  // exchange stopped inside it (headers over the cap, timeout, reset): then
  // `headers` is only a prefix and the absence of a header proves nothing.
  // Meaningful when status_code > 0 (true in observations stored before it).
  bool headers_complete = true;
  std::string location;             // resolved absolute Location, if any
  long tls_verify_result = -1;      // https: X509_V_* of the server chain (0 = trusted), -1 n/a
  double elapsed_ms = 0;
};

// An HTTP GET followed through its redirect chain (at most the hop cap).
// Purpose "recheck": a single GET (no redirect followed) made at the end of a
// web host's probes when some of them got an answer and others could not
// connect: it tells a server that stopped answering during the scan from a
// site that serves only one of HTTP and HTTPS (see WebReach).
struct HttpFetch {
  std::string purpose;    // "http", "https", "security.txt", "mta-sts-policy", "recheck"
  std::string start_url;  // e.g. "http://www.versailles.idf.test/" (its host tells which web host)
  ProbeStatus status = ProbeStatus::kSkipped;  // status of the last hop, or of the chain
  std::string error;      // e.g. "redirect loop", "too many redirects"
  std::vector<HttpHop> hops;
  std::string final_url;  // URL of the last hop answered
  std::string body;       // body of the final response, capped
  bool body_truncated = false;
  int64_t body_bytes = 0;  // bytes received (may exceed body.size())
};

// One certificate of a chain as presented by the server (leaf first).
struct CertInfo {
  std::string subject;  // RFC 2253 form
  std::string issuer;
  std::string serial_hex;
  UnixSeconds not_before = 0;
  UnixSeconds not_after = 0;
  std::vector<std::string> dns_names;  // subjectAltName dNSName entries, verbatim
  std::vector<std::string> ip_names;   // subjectAltName iPAddress entries
  std::string common_name;
  std::string key_type;  // "RSA", "EC", "Ed25519", "Ed448", "DSA"
  int key_bits = 0;
  std::string curve;      // for EC keys, e.g. "prime256v1"
  std::string signature_algorithm;  // e.g. "sha256WithRSAEncryption"
  bool self_issued = false;         // subject == issuer
  std::string sha256;               // hex of the DER certificate hash
  std::string spki_sha256;          // hex, for DANE selector 1 matching 1
  std::string spki_sha512;
  std::string cert_sha512;
};

// Whether a TLS protocol version (or cipher class) was accepted.
enum class Tri { kUnknown = 0, kYes, kNo };
const char* TriName(Tri t);

struct TlsVersionResult {
  std::string version;  // "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"
  Tri accepted = Tri::kUnknown;
  ProbeStatus status = ProbeStatus::kSkipped;  // ok when the server answered (yes or no)
  std::string cipher;  // cipher chosen when accepted
  std::string detail;  // alert text or error when refused
};

// A class of weak cipher suites offered alone in a ClientHello.
// Classes: "export", "null", "anon", "rc4", "3des", "des", "non_fs" (RSA key
// exchange), "cbc_only" (no AEAD), "low" (< 112-bit).
struct CipherClassResult {
  std::string cipher_class;
  Tri accepted = Tri::kUnknown;
  std::string cipher;  // the suite the server picked, when accepted
  std::string protocol;  // protocol version used for the test
};

// TLS facts about one endpoint (IP, port, SNI, context).
struct TlsEndpoint {
  std::string ip;
  int port = 443;
  std::string sni;
  std::string context;  // "https" or "smtp-starttls"
  ProbeStatus status = ProbeStatus::kSkipped;  // of the best (default) handshake
  std::string error;
  std::string negotiated_version;  // of the default handshake
  std::string negotiated_cipher;
  std::string negotiated_group;    // key exchange group when known
  std::vector<TlsVersionResult> versions;
  std::vector<CipherClassResult> cipher_classes;
  std::vector<CertInfo> chain;  // as presented, leaf first
  bool chain_verified = false;  // against the system store + --ca-file (no name check)
  long verify_code = -1;        // X509_V_* code; 0 = OK
  std::string verify_error;     // X509_verify_cert_error_string
  bool hostname_matches = false;  // OpenSSL's X509_check_host(sni)
  double elapsed_ms = 0;
};

// One SMTP conversation with one IP of one MX host:
// banner, EHLO, STARTTLS, handshake, QUIT. Never MAIL FROM / RCPT TO / DATA.
struct SmtpProbe {
  std::string mx_host;
  std::string ip;
  int port = 25;
  ProbeStatus status = ProbeStatus::kSkipped;  // of the SMTP conversation
  std::string error;
  std::vector<std::string> banner;  // lines of the 220 greeting
  std::vector<std::string> ehlo;    // lines of the EHLO reply
  bool starttls_offered = false;
  std::string starttls_reply;      // e.g. "220 2.0.0 Ready to start TLS"
  ProbeStatus tls_status = ProbeStatus::kSkipped;  // of the STARTTLS handshake
  std::optional<TlsEndpoint> tls;  // TLS facts after STARTTLS
  double elapsed_ms = 0;
};

// What the probes of one web host met, summed up from its fetches (purposes
// http, https, recheck) and its HTTPS endpoints. A server "answered" when it
// sent an HTTP response, or took part in a TLS handshake (completed, or ended
// by its alert or garbage); it "could not be connected" when a probe ended
// refused, timeout or unreachable.
struct WebReach {
  bool http_answered = false;      // a response on the http:// fetch
  bool https_answered = false;     // a response on the https:// fetch, or a TLS endpoint answered
  int connection_failures = 0;     // probes ended refused / timeout / unreachable
  bool rechecked = false;          // a recheck fetch was made
  bool stopped_answering = false;  // ... and it could not connect any more

  // Answers and failures mixed: the engine's cue for a recheck.
  bool Mixed() const { return (http_answered || https_answered) && connection_failures > 0; }
  // Nothing about the host can be judged: every probe failed to connect, or
  // the server stopped answering during its scan.
  bool Unreachable() const {
    return stopped_answering || (connection_failures > 0 && !http_answered && !https_answered);
  }
  // The host answers plain HTTP and nothing answers HTTPS: an HTTP-only site.
  bool HttpOnly() const { return http_answered && !https_answered && !stopped_answering; }
};

// Everything gathered about one collectivity in one scan.
struct TargetObservations {
  std::string target_key;       // "commune:78646"
  UnixSeconds started_at = 0;
  UnixSeconds finished_at = 0;
  std::vector<std::string> web_domains;  // registrable domains, e.g. "versailles.fr"
  std::vector<std::string> web_hosts;    // hosts probed, e.g. "versailles.fr", "www.versailles.fr"
  std::vector<std::string> mail_domains; // domains whose mail posture is judged
  std::string email;                     // official address, verbatim
  bool deadline_reached = false;
  std::vector<std::string> notes;  // engine remarks ("3 MX hosts beyond the cap ignored")
  std::vector<DnsResult> dns;      // every DNS question asked for this target
  std::vector<HttpFetch> http;
  std::vector<TlsEndpoint> tls;    // HTTPS endpoints (443)
  std::vector<SmtpProbe> smtp;     // one per (MX host, IP)

  // Lookup helpers for the checks: nullptr when the question was not asked.
  const DnsResult* FindDns(const std::string& name, uint16_t type) const;
  const HttpFetch* FindHttp(const std::string& purpose, const std::string& host) const;
  WebReach ReachOf(const std::string& host) const;
};

}  // namespace posture
