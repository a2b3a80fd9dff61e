#include "checks/observations.h"

#include <cstdio>
#include <string_view>

#include "checks/base/strings.h"

namespace posture {

const char* ProbeStatusName(ProbeStatus s) {
  switch (s) {
    case ProbeStatus::kOk: return "ok";
    case ProbeStatus::kTimeout: return "timeout";
    case ProbeStatus::kRefused: return "refused";
    case ProbeStatus::kUnreachable: return "unreachable";
    case ProbeStatus::kTlsError: return "tls_error";
    case ProbeStatus::kProtocolError: return "protocol_error";
    case ProbeStatus::kTooLarge: return "too_large";
    case ProbeStatus::kNxDomain: return "nxdomain";
    case ProbeStatus::kNoData: return "nodata";
    case ProbeStatus::kServFail: return "servfail";
    case ProbeStatus::kDnsError: return "dns_error";
    case ProbeStatus::kOptedOut: return "opted_out";
    case ProbeStatus::kSkipped: return "skipped";
    case ProbeStatus::kError: return "error";
  }
  return "error";
}

std::optional<ProbeStatus> ParseProbeStatus(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(ProbeStatus::kError); ++i) {
    auto s = static_cast<ProbeStatus>(i);
    if (name == ProbeStatusName(s)) return s;
  }
  return std::nullopt;
}

const char* TriName(Tri t) {
  switch (t) {
    case Tri::kYes: return "yes";
    case Tri::kNo: return "no";
    case Tri::kUnknown: return "unknown";
  }
  return "unknown";
}

namespace {
struct TypeName {
  uint16_t type;
  const char* name;
};
constexpr TypeName kTypeNames[] = {
    {dns_type::kA, "A"},         {dns_type::kNs, "NS"},       {dns_type::kCname, "CNAME"},
    {dns_type::kSoa, "SOA"},     {dns_type::kPtr, "PTR"},     {dns_type::kMx, "MX"},
    {dns_type::kTxt, "TXT"},     {dns_type::kAaaa, "AAAA"},   {dns_type::kDs, "DS"},
    {dns_type::kRrsig, "RRSIG"}, {dns_type::kDnskey, "DNSKEY"}, {dns_type::kTlsa, "TLSA"},
    {dns_type::kCaa, "CAA"},
};
}  // namespace

std::string DnsTypeName(uint16_t type) {
  for (const auto& t : kTypeNames)
    if (t.type == type) return t.name;
  return "TYPE" + std::to_string(type);
}

std::optional<uint16_t> ParseDnsType(const std::string& name) {
  std::string upper = name;
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  for (const auto& t : kTypeNames)
    if (upper == t.name) return t.type;
  if (upper.rfind("TYPE", 0) == 0 && upper.size() > 4 && upper.size() <= 9) {
    unsigned long v = 0;
    for (size_t i = 4; i < upper.size(); ++i) {
      if (upper[i] < '0' || upper[i] > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned long>(upper[i] - '0');
    }
    if (v <= 65535) return static_cast<uint16_t>(v);
  }
  return std::nullopt;
}

const DnsResult* TargetObservations::FindDns(const std::string& name, uint16_t type) const {
  std::string canonical = CanonicalDnsName(name);
  for (const auto& r : dns)
    if (r.type == type && r.name == canonical) return &r;
  return nullptr;
}

namespace {
// Host part of an absolute URL, lower case, without port.
std::string UrlHost(const std::string& url) {
  size_t p = url.find("://");
  if (p == std::string::npos) return "";
  size_t start = p + 3;
  size_t end = url.find_first_of(":/?#", start);
  return AsciiLower(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
}
}  // namespace

const HttpFetch* TargetObservations::FindHttp(const std::string& purpose,
                                              const std::string& host) const {
  std::string h = CanonicalDnsName(host);
  for (const auto& f : http)
    if (f.purpose == purpose && UrlHost(f.start_url) == h) return &f;
  return nullptr;
}

namespace {

bool ConnectionFailed(ProbeStatus s) {
  return s == ProbeStatus::kRefused || s == ProbeStatus::kTimeout || s == ProbeStatus::kUnreachable;
}

bool TlsAnswered(const TlsEndpoint& ep) {
  if (ep.status == ProbeStatus::kOk || ep.status == ProbeStatus::kTlsError ||
      ep.status == ProbeStatus::kProtocolError)
    return true;
  for (const TlsVersionResult& v : ep.versions)
    if (v.accepted == Tri::kYes) return true;
  return false;
}

}  // namespace

WebReach TargetObservations::ReachOf(const std::string& host) const {
  WebReach r;
  std::string h = CanonicalDnsName(host);
  for (const char* purpose : {"http", "https", "recheck"}) {
    const HttpFetch* f = FindHttp(purpose, h);
    if (f == nullptr || f->hops.empty()) continue;
    const HttpHop& first = f->hops.front();
    bool answered = first.status_code > 0;
    bool failed = !answered && ConnectionFailed(first.status);
    if (std::string_view(purpose) == "recheck") {
      r.rechecked = true;
      r.stopped_answering = failed;
      continue;
    }
    if (answered) (std::string_view(purpose) == "http" ? r.http_answered : r.https_answered) = true;
    if (failed) ++r.connection_failures;
  }
  for (const TlsEndpoint& ep : tls) {
    if (ep.context != "https" || CanonicalDnsName(ep.sni) != h) continue;
    if (TlsAnswered(ep))
      r.https_answered = true;
    else if (ConnectionFailed(ep.status))
      ++r.connection_failures;
  }
  return r;
}

}  // namespace posture
