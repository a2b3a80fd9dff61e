// HttpClient: one HTTP(S) GET exchange (one hop: no redirect following)
// through libcurl's multi-socket interface, driven by one worker's
// io_context (CURLMOPT_SOCKETFUNCTION / TIMERFUNCTION). curl never resolves
// names: the request is pinned to the IP we chose (CURLOPT_RESOLVE), and the
// caller holds a GateTicket for that IP while the exchange runs.
//
// Certificates are not verified for the fetch (the TLS probe judges them);
// the verification result against the trust store (+ ca_file) is recorded in
// HttpHop::tls_verify_result. Every header line is kept verbatim and in order
// (repeated Set-Cookie included); header bytes and body bytes are capped, a
// response beyond a cap ends with status kTooLarge and what was read so far.
// Content-Encoding gzip/deflate is decoded with a cap on decoded bytes.
//
// Thread-safety: one HttpClient per worker thread; use it only from coroutines
// on that worker's io_context.
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
  double min_speed_bytes_per_s = 200;      // slower than this for 5 s: timeout (slowloris)
};

struct HttpRequest {
  std::string url;   // absolute http:// or https:// URL
  std::string ip;    // address to connect to (the host is never resolved by curl)
  int port = 0;      // 0: from the URL scheme
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
  virtual int64_t connections_opened() const = 0;
};

// Resolves a Location header against the URL it came from (RFC 3986 §5).
std::string ResolveUrl(const std::string& base, const std::string& location);

}  // namespace posture
