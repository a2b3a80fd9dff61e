#include "checks/parse/dns_address.h"

#include <vector>

namespace posture {
namespace {

std::optional<std::array<uint8_t, 4>> ParseIpv4(std::string_view s) {
  std::array<uint8_t, 4> out{};
  int part = 0;
  size_t i = 0;
  while (part < 4) {
    size_t start = i;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    size_t len = i - start;
    if (len == 0 || v > 255 || (len > 1 && s[start] == '0')) return std::nullopt;
    out[part++] = static_cast<uint8_t>(v);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::array<uint8_t, 16>> ParseIpv6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return std::nullopt;
  std::vector<uint16_t> head, tail;
  bool seen_gap = false;
  size_t i = 0;
  if (s.substr(0, 2) == "::") {
    seen_gap = true;
    i = 2;
  } else if (s[0] == ':') {
    return std::nullopt;
  }
  std::optional<std::array<uint8_t, 4>> v4_tail;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && s[i] != ':') ++i;
    std::string_view group = s.substr(start, i - start);
    if (group.empty()) return std::nullopt;
    if (group.find('.') != std::string_view::npos) {
      if (i != s.size()) return std::nullopt;
      v4_tail = ParseIpv4(group);
      if (!v4_tail) return std::nullopt;
      break;
    }
    if (group.size() > 4) return std::nullopt;
    int v = 0;
    for (char c : group) {
      int h = HexValue(c);
      if (h < 0) return std::nullopt;
      v = v * 16 + h;
    }
    (seen_gap ? tail : head).push_back(static_cast<uint16_t>(v));
    if (i < s.size()) {
      ++i;  // ':'
      if (i < s.size() && s[i] == ':') {
        if (seen_gap) return std::nullopt;
        seen_gap = true;
        ++i;
      } else if (i == s.size()) {
        return std::nullopt;  // trailing single ':'
      }
    }
  }
  size_t groups = head.size() + tail.size() + (v4_tail ? 2 : 0);
  if (groups > 8 || (!seen_gap && groups != 8) || (seen_gap && groups > 7)) return std::nullopt;
  std::array<uint8_t, 16> out{};
  size_t pos = 0;
  for (uint16_t g : head) {
    out[pos++] = static_cast<uint8_t>(g >> 8);
    out[pos++] = static_cast<uint8_t>(g & 0xFF);
  }
  size_t tail_bytes = tail.size() * 2 + (v4_tail ? 4 : 0);
  pos = 16 - tail_bytes;
  for (uint16_t g : tail) {
    out[pos++] = static_cast<uint8_t>(g >> 8);
    out[pos++] = static_cast<uint8_t>(g & 0xFF);
  }
  if (v4_tail)
    for (uint8_t b : *v4_tail) out[pos++] = b;
  return out;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  IpAddress ip;
  if (text.find(':') == std::string_view::npos) {
    auto v4 = ParseIpv4(text);
    if (!v4) return std::nullopt;
    for (int k = 0; k < 4; ++k) ip.bytes[k] = (*v4)[k];
    return ip;
  }
  auto v6 = ParseIpv6(text);
  if (!v6) return std::nullopt;
  ip.v6 = true;
  ip.bytes = *v6;
  return ip;
}

std::string FormatIpAddress(const IpAddress& ip) {
  if (!ip.v6) {
    return std::to_string(ip.bytes[0]) + "." + std::to_string(ip.bytes[1]) + "." +
           std::to_string(ip.bytes[2]) + "." + std::to_string(ip.bytes[3]);
  }
  uint16_t g[8];
  for (int k = 0; k < 8; ++k) g[k] = static_cast<uint16_t>(ip.bytes[2 * k] << 8 | ip.bytes[2 * k + 1]);
  int best = -1, best_len = 0;
  for (int k = 0; k < 8;) {
    if (g[k] != 0) {
      ++k;
      continue;
    }
    int start = k;
    while (k < 8 && g[k] == 0) ++k;
    if (k - start > best_len && k - start >= 2) {
      best = start;
      best_len = k - start;
    }
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int k = 0; k < 8; ++k) {
    if (k == best) {
      out += "::";
      k += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::string h;
    uint16_t v = g[k];
    do {
      h.insert(h.begin(), kHex[v & 15]);
      v >>= 4;
    } while (v);
    out += h;
  }
  return out;
}

IpAddress UnmapIpv4(const IpAddress& ip) {
  if (!ip.v6) return ip;
  for (int k = 0; k < 10; ++k)
    if (ip.bytes[k] != 0) return ip;
  if (ip.bytes[10] != 0xFF || ip.bytes[11] != 0xFF) return ip;
  IpAddress v4;
  for (int k = 0; k < 4; ++k) v4.bytes[k] = ip.bytes[12 + k];
  return v4;
}

bool InSamePrefix(const IpAddress& a, const IpAddress& b, int prefix_bits) {
  if (a.v6 != b.v6) return false;
  if (prefix_bits < 0) prefix_bits = 0;
  if (prefix_bits > a.bits()) prefix_bits = a.bits();
  int full = prefix_bits / 8;
  for (int k = 0; k < full; ++k)
    if (a.bytes[k] != b.bytes[k]) return false;
  int rest = prefix_bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (a.bytes[full] & mask) == (b.bytes[full] & mask);
}

std::string SpfMacroIp(const IpAddress& ip) {
  if (!ip.v6) return FormatIpAddress(ip);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int k = 0; k < 16; ++k) {
    if (k) out += '.';
    out += kHex[ip.bytes[k] >> 4];
    out += '.';
    out += kHex[ip.bytes[k] & 15];
  }
  return out;
}

std::string ReverseDnsName(const IpAddress& ip) {
  std::string out;
  if (!ip.v6) {
    for (int k = 3; k >= 0; --k) out += std::to_string(ip.bytes[k]) + ".";
    return out + "in-addr.arpa";
  }
  static const char kHex[] = "0123456789abcdef";
  for (int k = 15; k >= 0; --k) {
    out += kHex[ip.bytes[k] & 15];
    out += '.';
    out += kHex[ip.bytes[k] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

}  // namespace posture
