// DNS wire format (RFC 1035, RFC 6891 EDNS0, RFC 4034 DNSSEC types): building
// a query and parsing a response into a DnsResult. Pure and bounded: no I/O,
// no globals; a malformed, truncated or hostile message yields a DnsResult
// with status kDnsError, never a crash (this is a fuzz target).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "checks/observations.h"

namespace posture::dns {

struct QueryOptions {
  bool edns = true;               // add an EDNS0 OPT record (needed for DO)
  bool recursion_desired = true;
  bool dnssec_ok = true;          // EDNS0 DO bit: ask for RRSIGs
  bool authentic_data = true;     // AD bit in the query (RFC 6840 §5.7)
  uint16_t edns_udp_size = 1232;  // advertised UDP payload size
};

// Builds a query for (name, type). Returns an empty string if the name is not
// a valid DNS name (label > 63 bytes, name > 255 bytes, empty label).
std::string BuildQuery(std::string_view name, uint16_t type, uint16_t id,
                       const QueryOptions& options = {});

struct ParseLimits {
  size_t max_records = 512;            // answer records kept
  size_t max_txt_strings = 512;        // character-strings per TXT record
  size_t max_total_bytes = 64 * 1024;  // presentation bytes kept overall
};

// Parses a response to the question (qname, qtype): rcode, AD bit, the CNAME
// chain from qname, the records of qtype at the end of the chain (in
// presentation form, TXT strings kept verbatim), and whether an RRSIG
// covering qtype was present. Sets `status`: kOk (records found), kNoData,
// kNxDomain, kServFail, kRefused, kDnsError (malformed or other rcode).
// Sets `truncated` when the TC bit was set or a limit cut records.
DnsResult ParseResponse(std::string_view message, std::string_view qname, uint16_t qtype,
                        const ParseLimits& limits = {});
// Same, and the message ID must equal `expected_id` (kDnsError otherwise).
// (DnsClient cannot use it: c-ares rewrites the ID and checks it itself.)
DnsResult ParseResponse(std::string_view message, std::string_view qname, uint16_t qtype,
                        const ParseLimits& limits, std::optional<uint16_t> expected_id);

// Presentation conventions of ParseResponse:
// - DnsResult::name, DnsRecord::owner and the entries of cname_chain (the
//   CNAME targets followed, in order, qname excluded) are canonical: lower
//   case, no trailing dot, RFC 1035 escapes (\. \\ \DDD) for odd bytes.
// - Names inside record data are absolute: lower case with a trailing dot.
// - A "192.0.2.1"; AAAA RFC 5952 ("2001:db8::1", "::ffff:192.0.2.1");
//   MX "10 mx.example."; TXT each string quoted, `"` and `\` escaped,
//   other bytes outside 0x20..0x7e as \DDD (raw bytes in `strings`);
//   SOA "mname. rname. serial refresh retry expire minimum";
//   CAA `0 issue "ca.example"`; TLSA "3 1 1 <hex>"; DS "keytag alg dt <hex>";
//   DNSKEY "257 3 13 <base64>"; RRSIG "A 13 2 300 <exp> <inc> keytag signer. <base64>"
//   (times YYYYMMDDHHmmSS); hex is lower case; other types RFC 3597
//   "\# <len> <hex>".
// - Records of class IN only.

// True if `name` is a valid DNS name in presentation form ("example.fr",
// "example.fr.", "." for the root; \DDD and \X escapes allowed; printable
// ASCII only; labels of 1..63 bytes; at most 255 bytes on the wire).
bool IsValidName(std::string_view name);
// The canonical form described above, or "" if the name is invalid.
std::string CanonicalName(std::string_view name);

}  // namespace posture::dns
