// DNS wire format (RFC 1035, RFC 6891 EDNS0, RFC 4034 DNSSEC types): building
// a query and parsing a response into a DnsResult. Pure and bounded: no I/O,
// no globals; a malformed, truncated or hostile message yields a DnsResult
// with status kDnsError, never a crash (this is a fuzz target).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "checks/observations.h"

namespace posture::dns {

struct QueryOptions {
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

}  // namespace posture::dns
