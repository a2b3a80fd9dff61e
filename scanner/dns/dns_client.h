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
// c-ares does the retries (`tries` attempts per server, the timeout doubling
// on each round as c-ares 1.18 does) and the TCP fallback: a UDP answer with
// the TC bit, or longer than 512 bytes (c-ares 1.18 without ARES_FLAG_EDNS),
// is asked again over TCP. ARES_FLAG_EDNS is not used because it makes c-ares
// retry SERVFAIL without EDNS and turn EDNS off channel-wide; posture wants
// SERVFAIL (e.g. DNSSEC bogus) back as it is.
//
// Statuses: the rcode mapping of dns::ParseResponse; kTimeout when no try
// was answered; kRefused when the server port is closed (ICMP unreachable or
// TCP RST); kTooLarge above max_answer_bytes; kError when the client is
// destroyed with the question pending; kDnsError otherwise (with `error`).
//
// Lifetime: destroy the DnsClient before its io_context. Destroying it with
// questions pending is fine: each pending Query() resumes (through the
// io_context) with status kError. A Query() coroutine never touches the
// client after its answer arrives.
//
// Thread-safety: one DnsClient per worker thread; use it only from coroutines
// on that worker's io_context.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checks/base/status.h"
#include "checks/observations.h"
#include "scanner/dns/wire.h"
#include "scanner/engine/asio.h"

namespace posture {

struct ResolverConfig {
  std::vector<std::string> servers;  // empty: the system resolver
  Millis timeout{2000};              // per try
  int tries = 2;
  size_t max_answer_bytes = 64 * 1024;
  // Questions on the wire at once per client (one client per worker), the
  // others wait their turn: a burst of a whole run's questions would overflow
  // a resolver's UDP receive buffer, and the dropped questions end as
  // timeouts. 0: no limit.
  int max_in_flight = 64;
  // Header bits and EDNS0 of every question. 512 is advertised because
  // c-ares 1.18 keeps at most 512 bytes of a UDP answer (bigger ones are asked
  // again over TCP): servers then truncate instead of sending bytes we drop.
  dns::QueryOptions query = {.edns_udp_size = 512};
  dns::ParseLimits limits;
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

// BlockingResolver: a few DNS questions from a command-line tool outside the
// engine (e.g. `posture spf`). It owns an io_context and a DnsClient and
// answers one question at a time, running its own loop until the answer is
// in (at most timeout * (2^tries - 1) plus TCP fallback). Never use it on an
// engine worker: it blocks the calling thread.
//
//   auto resolver = BlockingResolver::Create(config);
//   if (!resolver.ok()) ...;
//   DnsResult txt = (*resolver)->Resolve("example.fr", dns_type::kTxt);
//
// Thread-safety: one thread at a time.
class BlockingResolver {
 public:
  static StatusOr<std::unique_ptr<BlockingResolver>> Create(const ResolverConfig& config);
  ~BlockingResolver();

  // One question; failures are in the result's status, like DnsClient::Query.
  DnsResult Resolve(const std::string& name, uint16_t type);

 private:
  BlockingResolver() = default;
  asio::io_context io_;
  std::unique_ptr<DnsClient> client_;  // destroyed before io_
};

// One question with a throw-away BlockingResolver. Fails only when the
// resolver cannot be set up (bad server address, c-ares error).
StatusOr<DnsResult> ResolveBlocking(const ResolverConfig& config, const std::string& name,
                                    uint16_t type);

}  // namespace posture
