#include "scanner/probes/url.h"

#include "checks/base/strings.h"

namespace posture {

std::optional<UrlParts> SplitUrl(const std::string& url) {
  UrlParts parts;
  size_t sep = url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  parts.scheme = AsciiLower(url.substr(0, sep));
  if (parts.scheme != "http" && parts.scheme != "https") return std::nullopt;
  size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  std::string port_text;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    parts.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port_text = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.find(':');
    parts.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  parts.host = CanonicalDnsName(parts.host);
  if (parts.host.empty()) return std::nullopt;
  parts.port = parts.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5) return std::nullopt;
    int p = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return std::nullopt;
      p = p * 10 + (c - '0');
    }
    if (p < 1 || p > 65535) return std::nullopt;
    parts.port = p;
  }
  if (end == std::string::npos) {
    parts.path = "/";
  } else {
    parts.path = url.substr(end);
    size_t hash = parts.path.find('#');
    if (hash != std::string::npos) parts.path.resize(hash);
    if (parts.path.empty() || parts.path[0] != '/') parts.path = "/" + parts.path;
  }
  return parts;
}

}  // namespace posture
