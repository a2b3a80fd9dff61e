// Test helpers for the DNS unit tests: a builder of DNS messages by hand
// (no compression unless the test writes the bytes itself), a parser of the
// queries the client sends, and an in-process fake DNS server (UDP and TCP on
// 127.0.0.1, same ephemeral port) whose answers each test scripts.
//
// Thread-safety: FakeDnsServer lives on one io_context and is used from the
// thread running it (or before/after it runs). The rest are pure.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/engine/asio.h"

namespace posture::dnstest {

std::string U16(uint16_t v);
std::string U32(uint32_t v);
// Uncompressed wire form of a dotted name ("." is the root). No escapes.
std::string WireName(std::string_view dotted);

// RDATA builders.
std::string RdA(std::string_view ipv4);
std::string RdAaaa(std::string_view ipv6);
std::string RdName(std::string_view name);
std::string RdMx(uint16_t preference, std::string_view host);
std::string RdTxt(const std::vector<std::string>& strings);
std::string RdSoa(std::string_view mname, std::string_view rname, uint32_t serial,
                  uint32_t refresh, uint32_t retry, uint32_t expire, uint32_t minimum);
std::string RdCaa(uint8_t flags, std::string_view tag, std::string_view value);
std::string RdTlsa(uint8_t usage, uint8_t selector, uint8_t mtype, std::string_view data);
std::string RdDs(uint16_t key_tag, uint8_t alg, uint8_t digest_type, std::string_view digest);
std::string RdDnskey(uint16_t flags, uint8_t protocol, uint8_t alg, std::string_view key);
std::string RdRrsig(uint16_t covered, uint8_t alg, uint8_t labels, uint32_t original_ttl,
                    uint32_t expiration, uint32_t inception, uint16_t key_tag,
                    std::string_view signer, std::string_view signature);

struct Rr {
  std::string owner;
  uint16_t type = 0;
  std::string rdata;
  uint32_t ttl = 300;
  uint16_t klass = 1;
};

// A DNS message. Counts are those of the vectors unless overridden.
struct Message {
  uint16_t id = 0x1234;
  bool qr = true;
  int opcode = 0;
  bool aa = false, tc = false, rd = true, ra = true, ad = false, cd = false;
  int rcode = 0;
  std::vector<std::pair<std::string, uint16_t>> questions;
  std::vector<Rr> answers, authority, additional;
  std::optional<uint16_t> qdcount, ancount, nscount, arcount;

  std::string Encode() const;
};

// A NOERROR response to (qname, qtype) with the question echoed.
Message ResponseTo(const std::string& qname, uint16_t qtype, uint16_t id = 0x1234);

// A query as received by the fake server.
struct ParsedQuery {
  uint16_t id = 0;
  uint16_t flags = 0;
  std::string qname;  // dotted, as sent (no trailing dot)
  uint16_t qtype = 0;
  bool has_opt = false;
  uint16_t udp_size = 0;
  bool dnssec_ok = false;
};
std::optional<ParsedQuery> ParseQuery(std::string_view bytes);

// A reply to `query`: `m` with the query's ID and question.
std::string ReplyWith(const ParsedQuery& query, Message m);

class FakeDnsServer {
 public:
  struct Request {
    ParsedQuery query;
    bool tcp = false;
  };
  // The reply bytes, or nullopt to stay silent.
  using Responder = std::function<std::optional<std::string>(const Request&)>;

  // Binds UDP and TCP on 127.0.0.1, same ephemeral port. `tcp` defaults to
  // `udp`.
  FakeDnsServer(asio::io_context& io, Responder udp, Responder tcp = nullptr);
  ~FakeDnsServer();
  FakeDnsServer(const FakeDnsServer&) = delete;
  FakeDnsServer& operator=(const FakeDnsServer&) = delete;

  uint16_t port() const;
  std::string address() const;  // "127.0.0.1:PORT"
  int udp_queries() const;
  int tcp_queries() const;
  std::vector<Request> requests() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// Runs `io` until `done()` or `limit` elapsed.
void RunUntil(asio::io_context& io, const std::function<bool()>& done, Millis limit);

}  // namespace posture::dnstest
