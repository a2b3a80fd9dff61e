// IP addresses as values, for SPF (RFC 7208 §5.6 CIDR matching, §7.3 the
// "i" macro) and the mail checks: parse IPv4/IPv6 text, compare prefixes,
// and name the reverse-DNS owner. IPv4-mapped IPv6 addresses can be
// unmapped (RFC 7208 §5: they are treated as IPv4).
//
// Thread-safety: plain values, pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace posture {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 in bytes[0..3]

  int bits() const { return v6 ? 128 : 32; }
  bool operator==(const IpAddress& o) const { return v6 == o.v6 && bytes == o.bytes; }
};

// Strict parse: IPv4 dotted quad without leading zeros (RFC 7208 ip4-network),
// or any RFC 4291 IPv6 text form (embedded IPv4 tail allowed). No brackets,
// no zone id.
std::optional<IpAddress> ParseIpAddress(std::string_view text);
// "192.0.2.1", "2001:db8::1" (RFC 5952 compressed, lower case).
std::string FormatIpAddress(const IpAddress& ip);
// ::ffff:a.b.c.d becomes a.b.c.d; anything else unchanged.
IpAddress UnmapIpv4(const IpAddress& ip);
// True when the first `prefix_bits` bits are equal and both have the same
// family. prefix_bits is clamped to the family width.
bool InSamePrefix(const IpAddress& a, const IpAddress& b, int prefix_bits);
// "4.3.2.1.in-addr.arpa" or the 32-nibble ip6.arpa name.
std::string ReverseDnsName(const IpAddress& ip);
// The "i" macro (RFC 7208 §7.3): dotted quad, or 32 dot-separated nibbles.
std::string SpfMacroIp(const IpAddress& ip);

}  // namespace posture
