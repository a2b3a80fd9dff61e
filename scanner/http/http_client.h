// HttpClient: one HTTP(S) GET exchange (one hop: no redirect following)
// through libcurl's multi-socket interface, driven by one worker's
// io_context (CURLMOPT_SOCKETFUNCTION / TIMERFUNCTION). curl never resolves
// names: the request is pinned to the IP we chose (CURLOPT_RESOLVE, in a DNS
// cache private to the request; any attempt to start a resolver aborts the
// exchange), and the caller holds a GateTicket for that IP while the exchange
// runs. Each exchange opens its own connection and closes it at the end (no
// connection reuse), so one Get() is one connection under one ticket.
//
// What is sent: `GET <path> HTTP/1.1`, Host, the configured User-Agent,
// `Accept: */*`, `Accept-Encoding` (every decoder curl has: gzip, deflate,
// br, zstd). No proxy (environment ignored), no cookies, http/https only.
//
// Certificates are not verified for the fetch unless request.verify_tls
// (the TLS probe judges them); the verification result of the chain against
// the system trust store plus config.ca_file is always recorded in
// HttpHop::tls_verify_result (X509_V_*, 0 = trusted; the host name is not
// part of it).
//
// What is kept: every header line of the final response verbatim and in
// order (repeated Set-Cookie included; interim 1xx responses and trailers
// are dropped; an obsolete folded line is joined to the previous value with
// one space; curl rejects a line without a colon: kProtocolError, the lines
// before it kept). HttpHop::headers_complete says whether the final
// response's header block was read to its end (false when a cap, a timeout or
// a reset stopped the exchange inside it). Caps:
//   - header bytes (all header lines, interim ones included) beyond
//     max_header_bytes: the exchange is aborted, status kTooLarge, the lines
//     read so far kept;
//   - body bytes, counted AFTER Content-Encoding decoding: the exchange is
//     aborted at the cap and ends with status kOk, body_truncated = true,
//     body = the first max_body_bytes bytes, body_bytes = decoded bytes seen
//     (> body.size()). A gzip bomb therefore costs at most the cap. (The
//     status line and headers are complete in that case, which is what the
//     checks judge; kTooLarge is reserved for headers.)
//   - want_body = false: the exchange ends (kOk) as soon as the final
//     response's headers are in; no body byte is read.
// Timeouts: connect_timeout, the whole exchange (request.timeout or
// config.timeout) and a minimum transfer speed (slowloris) end as kTimeout.
//
// Thread-safety: one HttpClient per worker thread; use it only from coroutines
// on that worker's io_context. Destroy it before its io_context; Get()s still
// pending then complete with status kError.
#pragma once

#include <memory>
#include <string>

#include "checks/base/status.h"
#include "checks/observations.h"
#include "scanner/engine/asio.h"

namespace posture {

struct HttpClientConfig {
  std::string user_agent;  // "posture/0.1.0 (+https://contact.example)"
  std::string ca_file;     // extra trust anchors (PEM), may be empty
  Millis connect_timeout{5000};
  Millis timeout{10000};                   // whole exchange
  size_t max_header_bytes = 64 * 1024;
  size_t max_body_bytes = 256 * 1024;      // kept (and decoded) body bytes
  double min_speed_bytes_per_s = 200;      // slower than this for low_speed_time: timeout (slowloris)
  Millis low_speed_time{5000};             // rounded up to whole seconds (curl's unit)
};

struct HttpRequest {
  std::string url;   // absolute http:// or https:// URL
  std::string ip;    // address to connect to (the host is never resolved by curl)
  int port = 0;      // 0: the URL's port (explicit, else the scheme's default)
  bool want_body = true;
  bool verify_tls = false;  // true: an untrusted chain or wrong name fails the fetch (tls_error)
  Millis timeout{0};  // 0: config timeout; the caller clamps it to the target deadline
};

struct HttpResponse {
  HttpHop hop;  // url, ip, port, status, status_code, headers, location...
  std::string body;
  bool body_truncated = false;
  int64_t body_bytes = 0;
};

class HttpClient {
 public:
  static StatusOr<std::unique_ptr<HttpClient>> Create(asio::io_context& io,
                                                      const HttpClientConfig& config);
  virtual ~HttpClient() = default;
  virtual Task<HttpResponse> Get(HttpRequest request) = 0;
  // Sockets opened so far (one per exchange that reached the connect step).
  virtual int64_t connections_opened() const = 0;
};

// Resolves a Location header against the URL it came from (RFC 3986 §5.2:
// relative paths, `//host` scheme-relative references, dot segments; the
// scheme is lower-cased, nothing else is normalised). Surrounding whitespace
// of `location` is ignored. If `base` has no scheme, `location` is returned
// trimmed. Pure function.
std::string ResolveUrl(const std::string& base, const std::string& location);

}  // namespace posture
