// DnsClient: asynchronous DNS questions through c-ares 1.18, driven by one
// worker's io_context (c-ares' socket-state callback registers each socket
// with the loop; no c-ares thread). Queries are built and parsed by wire.h
// and sent raw with ares_send, so posture controls the EDNS0 DO and AD bits
// and reads any record type (TLSA, CAA, DNSKEY, RRSIG).
//
// The resolver is the system's (/etc/resolv.conf) unless servers are given
// ("127.0.0.1", "127.0.0.1:5353", "[::1]:53"). Every question is bounded:
// `timeout` per try, `tries` attempts, then status kTimeout.
//
// Caching and opt-out are not done here (see engine/dns_cache.h).
//
// Thread-safety: one DnsClient per worker thread; use it only from coroutines
// on that worker's io_context.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checks/base/status.h"
#include "checks/observations.h"
#include "scanner/engine/asio.h"

namespace posture {

struct ResolverConfig {
  std::vector<std::string> servers;  // empty: the system resolver
  Millis timeout{2000};              // per try
  int tries = 2;
  size_t max_answer_bytes = 64 * 1024;
};

// Parses "ADDR", "ADDR:PORT", "[V6]:PORT" into c-ares' server syntax; fails
// with a sentence that says what is wrong.
StatusOr<std::string> NormalizeResolverAddress(const std::string& text);

class DnsClient {
 public:
  static StatusOr<std::unique_ptr<DnsClient>> Create(asio::io_context& io,
                                                     const ResolverConfig& config);
  virtual ~DnsClient() = default;

  // One question. Never throws; failures are in the result's status.
  virtual Task<DnsResult> Query(std::string name, uint16_t type) = 0;
  // Number of questions sent on the wire (for statistics).
  virtual int64_t queries_sent() const = 0;
};

}  // namespace posture
