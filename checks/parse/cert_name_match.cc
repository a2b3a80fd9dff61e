#include "checks/parse/cert_name_match.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

// Lower-cased, one trailing dot removed; empty if not a plausible DNS name
// (non-ASCII, spaces, empty labels, over 253 bytes).
std::string Normalise(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return "";
  std::string out;
  out.reserve(name.size());
  char prev = '.';
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return "";
    if (c == '.' && prev == '.') return "";  // empty label
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    prev = c;
  }
  return out;
}

}  // namespace

bool MatchPresentedDnsName(std::string_view host_in, std::string_view presented_in,
                           const PublicSuffixPredicate& is_public_suffix) {
  std::string host = Normalise(host_in);
  std::string presented = Normalise(presented_in);
  if (host.empty() || presented.empty()) return false;
  if (host.find('*') != std::string::npos) return false;
  if (presented.find('*') == std::string::npos) return host == presented;
  // Wildcard: only "*." as the whole left-most label.
  if (presented.size() < 3 || presented[0] != '*' || presented[1] != '.') return false;
  std::string_view rest = std::string_view(presented).substr(2);
  if (rest.find('*') != std::string_view::npos) return false;
  if (rest.find('.') == std::string_view::npos) return false;  // "*.fr": fewer than two labels
  if (is_public_suffix && is_public_suffix(rest)) return false;
  size_t dot = host.find('.');
  if (dot == std::string::npos || dot == 0) return false;
  return std::string_view(host).substr(dot + 1) == rest;
}

CertNameResult MatchCertificateName(std::string_view host, const std::vector<std::string>& san_dns,
                                    std::string_view common_name,
                                    const PublicSuffixPredicate& is_public_suffix) {
  CertNameResult r;
  if (!san_dns.empty()) {
    for (const std::string& name : san_dns) {
      if (MatchPresentedDnsName(host, name, is_public_suffix)) {
        r.match = CertNameMatch::kSan;
        r.matched = name;
        return r;
      }
    }
    return r;
  }
  if (!common_name.empty() && MatchPresentedDnsName(host, common_name, is_public_suffix)) {
    r.match = CertNameMatch::kCommonName;
    r.matched = std::string(common_name);
  }
  return r;
}

}  // namespace posture
