#include "checks/web/web_util.h"

#include "checks/base/strings.h"
#include "checks/parse/html_scan.h"
#include "checks/parse/http_headers.h"

namespace posture::web {

Verdict Pass(std::string evidence, std::string detail) {
  return {Outcome::kPass, Severity::kInfo, std::move(evidence), std::move(detail)};
}

Verdict Problem(Outcome outcome, Severity severity, std::string evidence, std::string detail) {
  return {outcome, severity, std::move(evidence), std::move(detail)};
}

Verdict NotTested(std::string detail, std::string evidence) {
  return {Outcome::kNotTested, Severity::kInfo, std::move(evidence), std::move(detail)};
}

Verdict Error(std::string detail, std::string evidence) {
  return {Outcome::kError, Severity::kInfo, std::move(evidence), std::move(detail)};
}

Verdict NotApplicable(std::string detail) {
  return {Outcome::kNotApplicable, Severity::kInfo, "", std::move(detail)};
}

int Badness(const Verdict& v) {
  int sev = 4 - SeverityRank(v.severity);  // critical = 4 ... info = 0
  switch (v.outcome) {
    case Outcome::kFail: return 100 + sev;
    case Outcome::kPartial: return 80 + sev;
    case Outcome::kInfo: return 60;
    case Outcome::kPass: return 50;
    case Outcome::kError: return 30;
    case Outcome::kNotTested: return 20;
    case Outcome::kNotApplicable: return 10;
  }
  return 0;
}

namespace {

bool HasAddressRecords(const DnsResult* r) {
  if (r == nullptr || r->status != ProbeStatus::kOk) return false;
  for (const DnsRecord& rec : r->records)
    if (rec.type == dns_type::kA || rec.type == dns_type::kAaaa) return true;
  return false;
}

bool DefinitelyNoAddress(const DnsResult* r) {
  if (r == nullptr) return true;  // not asked: no contrary evidence
  if (r->status == ProbeStatus::kNxDomain || r->status == ProbeStatus::kNoData) return true;
  return r->status == ProbeStatus::kOk && !HasAddressRecords(r);
}

std::string DnsStatusText(const DnsResult* r) {
  return r == nullptr ? "not asked" : ProbeStatusName(r->status);
}

bool IsUntested(const Verdict& v) {
  return v.outcome == Outcome::kNotTested || v.outcome == Outcome::kError ||
         v.outcome == Outcome::kNotApplicable;
}

}  // namespace

std::vector<std::string> WebHosts(const TargetObservations& obs) {
  std::vector<std::string> out;
  for (const std::string& h : obs.web_hosts) {
    std::string c = CanonicalDnsName(h);
    if (c.empty()) continue;
    bool dup = false;
    for (const std::string& o : out) dup = dup || o == c;
    if (!dup) out.push_back(c);
  }
  return out;
}

HostPresence PresenceOf(const TargetObservations& obs, const std::string& host) {
  const DnsResult* a = obs.FindDns(host, dns_type::kA);
  const DnsResult* aaaa = obs.FindDns(host, dns_type::kAaaa);
  if (HasAddressRecords(a) || HasAddressRecords(aaaa)) return HostPresence::kHasAddress;
  // The engine connected to an address of this host: it has one.
  for (const TlsEndpoint& ep : obs.tls)
    if (!ep.ip.empty() && CanonicalDnsName(ep.sni) == host) return HostPresence::kHasAddress;
  for (const char* purpose : {"http", "https"}) {
    const HttpFetch* f = obs.FindHttp(purpose, host);
    if (f != nullptr && !f->hops.empty() && !f->hops[0].ip.empty()) return HostPresence::kHasAddress;
  }
  if ((a != nullptr || aaaa != nullptr) && DefinitelyNoAddress(a) && DefinitelyNoAddress(aaaa))
    return HostPresence::kNoAddress;
  return HostPresence::kUnknown;
}

Finding MakeFinding(const char* code, const Verdict& v, std::string subject) {
  Finding f;
  f.code = code;
  f.outcome = v.outcome;
  f.severity = v.severity;
  f.subject = std::move(subject);
  f.evidence = v.evidence;
  f.detail = v.detail;
  return f;
}

std::vector<Finding> ForEachWebHost(const CheckContext& ctx, const char* code,
                                    const HostJudge& judge, WhenUnreachable unreachable) {
  const TargetObservations& obs = ctx.obs;
  std::vector<std::string> hosts = WebHosts(obs);
  if (hosts.empty()) {
    std::string subject = obs.web_domains.empty() ? obs.target_key : Join(obs.web_domains, " ");
    return {MakeFinding(code, NotApplicable("no website: the collectivity has no web host"), subject)};
  }
  std::vector<HostPresence> presence;
  bool all_none = true;
  for (const std::string& h : hosts) {
    presence.push_back(PresenceOf(obs, h));
    all_none = all_none && presence.back() == HostPresence::kNoAddress;
  }
  if (all_none) {
    return {MakeFinding(code, NotApplicable("no website: no A/AAAA record for any web host"),
                        Join(hosts, " "))};
  }
  std::vector<Finding> out;
  for (size_t i = 0; i < hosts.size(); ++i) {
    const std::string& host = hosts[i];
    std::string subject = host;
    Verdict v;
    if (presence[i] == HostPresence::kNoAddress) {
      v = NotApplicable("no A/AAAA record: no website at this name");
    } else if (presence[i] == HostPresence::kUnknown) {
      v = NotTested("address unknown (DNS A: " + DnsStatusText(obs.FindDns(host, dns_type::kA)) +
                    ", AAAA: " + DnsStatusText(obs.FindDns(host, dns_type::kAaaa)) + ")");
    } else if (WebReach reach = obs.ReachOf(host); reach.Unreachable()) {
      std::string why = reach.stopped_answering ? "the server stopped answering during the scan"
                                                : "neither HTTP nor HTTPS answered";
      std::string evidence = ReachEvidence(obs, host);
      v = unreachable == WhenUnreachable::kError
              ? Error(why, evidence)
              : NotTested(why + ": nothing could be measured (see WEB-HTTPS-01)", evidence);
    } else {
      v = judge(host, &subject);
    }
    out.push_back(MakeFinding(code, v, std::move(subject)));
  }
  return out;
}

std::vector<const TlsEndpoint*> HttpsEndpoints(const TargetObservations& obs,
                                               const std::string& host) {
  std::vector<const TlsEndpoint*> out;
  for (const TlsEndpoint& ep : obs.tls) {
    if (ep.context != "https") continue;
    if (ep.port != 0 && ep.port != 443) continue;
    if (CanonicalDnsName(ep.sni) != host) continue;
    out.push_back(&ep);
  }
  return out;
}

std::string ReachEvidence(const TargetObservations& obs, const std::string& host) {
  std::vector<std::string> parts;
  for (const char* purpose : {"http", "https", "recheck"}) {
    const HttpFetch* f = obs.FindHttp(purpose, host);
    if (f == nullptr || f->hops.empty()) continue;
    const HttpHop& first = f->hops.front();
    std::string what = std::string(purpose) == "recheck" ? "then " + first.url : first.url;
    parts.push_back(what + ": " +
                    (first.status_code > 0 ? std::to_string(first.status_code)
                                           : ProbeStatusName(first.status)));
  }
  for (const TlsEndpoint* ep : HttpsEndpoints(obs, host))
    parts.push_back("TLS " + ep->ip + ":" + std::to_string(ep->port) + ": " +
                    ProbeStatusName(ep->status));
  return Evidence(Join(parts, "; "), 512);
}

Verdict EndpointNotTested(const TargetObservations& obs, const TlsEndpoint& ep) {
  std::string d = "TLS handshake with " + ep.ip + ": " + ProbeStatusName(ep.status);
  if (!ep.error.empty()) d += " (" + SanitizeForDisplay(ep.error, 200) + ")";
  if (ep.status == ProbeStatus::kRefused && obs.ReachOf(ep.sni).HttpOnly())
    return NotApplicable(d + ": nothing listens on port " + std::to_string(ep.port) +
                         ", there is no HTTPS to judge (see WEB-HTTPS-01)");
  return NotTested(d);
}

Verdict WorstOverEndpoints(const TargetObservations& obs, const std::string& host,
                           const std::function<Verdict(const TlsEndpoint&)>& judge,
                           std::string* subject) {
  std::vector<const TlsEndpoint*> eps = HttpsEndpoints(obs, host);
  if (eps.empty()) return NotTested("no TLS observation for " + host + " on port 443");
  Verdict worst;
  const TlsEndpoint* worst_ep = nullptr;
  size_t untested = 0;
  for (const TlsEndpoint* ep : eps) {
    Verdict v = judge(*ep);
    if (IsUntested(v)) ++untested;
    if (worst_ep == nullptr || Badness(v) > Badness(worst)) {
      worst = std::move(v);
      worst_ep = ep;
    }
  }
  *subject = host + " " + worst_ep->ip;
  if (eps.size() > 1 && untested > 0 && !IsUntested(worst)) {
    if (!worst.detail.empty()) worst.detail += "; ";
    worst.detail += std::to_string(untested) + " of " + std::to_string(eps.size()) +
                    " addresses could not be judged";
  }
  return worst;
}

std::string NormaliseTlsVersion(std::string_view v) {
  std::string s(TrimWhitespace(v));
  if (s == "TLSv1.0" || s == "TLS1.0" || s == "TLS 1.0" || s == "TLSv1") return "TLSv1";
  if (s == "TLS1.1" || s == "TLS 1.1" || s == "TLSv1.1") return "TLSv1.1";
  if (s == "TLS1.2" || s == "TLS 1.2" || s == "TLSv1.2") return "TLSv1.2";
  if (s == "TLS1.3" || s == "TLS 1.3" || s == "TLSv1.3") return "TLSv1.3";
  if (s == "SSLv3.0" || s == "SSL3" || s == "SSLv3" || s == "SSL 3.0") return "SSLv3";
  return s;
}

Tri TlsVersionAccepted(const TlsEndpoint& ep, std::string_view version) {
  Tri result = Tri::kUnknown;
  for (const TlsVersionResult& v : ep.versions) {
    if (NormaliseTlsVersion(v.version) != version) continue;
    if (v.accepted == Tri::kYes) return Tri::kYes;
    if (v.accepted == Tri::kNo) result = Tri::kNo;
  }
  if (result == Tri::kUnknown && ep.status == ProbeStatus::kOk &&
      NormaliseTlsVersion(ep.negotiated_version) == version)
    return Tri::kYes;
  return result;
}

std::string TlsVersionList(const TlsEndpoint& ep) {
  std::string out;
  for (const TlsVersionResult& v : ep.versions) {
    if (!out.empty()) out += " ";
    out += v.version + ":" + TriName(v.accepted);
  }
  if (out.empty()) out = "negotiated " + ep.negotiated_version;
  return Evidence(out, 512);
}

std::string UrlScheme(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  return AsciiLower(url.substr(0, p));
}

std::string UrlHostOf(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  size_t start = p + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    return AsciiLower(authority.substr(1, close == std::string_view::npos ? authority.npos : close - 1));
  }
  size_t colon = authority.find(':');
  return CanonicalDnsName(authority.substr(0, colon));
}

bool IsHttpsUrl(std::string_view url) { return UrlScheme(url) == "https"; }

bool IsRedirect(const HttpHop& hop) {
  return hop.status_code >= 300 && hop.status_code < 400 && !hop.location.empty();
}

std::string ChainEvidence(const HttpFetch& fetch) {
  std::string out;
  for (const HttpHop& hop : fetch.hops) {
    if (!out.empty()) out += " \xE2\x86\x92 ";  // →
    out += hop.url + " ";
    out += hop.status_code > 0 ? std::to_string(hop.status_code) : ProbeStatusName(hop.status);
  }
  if (!fetch.hops.empty() && IsRedirect(fetch.hops.back()))
    out += " \xE2\x86\x92 " + fetch.hops.back().location;
  if (!fetch.error.empty()) out += " (" + fetch.error + ")";
  return Evidence(out, 2048);
}

Verdict FetchFailure(const TargetObservations& obs, const HttpFetch& fetch, std::string_view what) {
  ProbeStatus s = fetch.hops.empty() ? fetch.status : fetch.hops.back().status;
  std::string err = fetch.hops.empty() ? fetch.error : fetch.hops.back().error;
  std::string d = std::string(what) + ": " + ProbeStatusName(s);
  if (!err.empty()) d += " (" + SanitizeForDisplay(err, 200) + ")";
  switch (s) {
    case ProbeStatus::kTimeout:
      if (obs.deadline_reached) return NotTested(d + "; scan deadline reached");
      return Error(d);
    case ProbeStatus::kRefused:
      // Connection refused on 443: the site has no HTTPS (WEB-HTTPS-01 says
      // so); what HTTPS would carry does not apply.
      if (std::string url = fetch.hops.empty() ? fetch.start_url : fetch.hops.back().url;
          IsHttpsUrl(url) && obs.ReachOf(UrlHostOf(url)).HttpOnly())
        return NotApplicable(d + ": nothing listens on the HTTPS port (see WEB-HTTPS-01)");
      return NotTested(d);
    case ProbeStatus::kUnreachable:
    case ProbeStatus::kTlsError:
    case ProbeStatus::kSkipped:
    case ProbeStatus::kOptedOut:
      return NotTested(d);
    default:
      return Error(d);
  }
}

Verdict HeadersCut(const HttpFetch& fetch, const HttpHop& hop) {
  // Headers over the cap, or a server that stalls or resets inside them:
  // what is missing may be exactly the header a check looks for.
  return Error("the response headers of " + SanitizeForDisplay(hop.url, 300) +
                   " were not read to their end (" + ProbeStatusName(hop.status) +
                   "): they cannot be judged",
               ChainEvidence(fetch));
}

FinalPage FinalHttpsPage(const TargetObservations& obs, const std::string& host) {
  FinalPage p;
  p.fetch = obs.FindHttp("https", host);
  if (p.fetch == nullptr) {
    p.why = NotTested("no HTTPS fetch of https://" + host + "/ observed");
    return p;
  }
  if (p.fetch->hops.empty() || p.fetch->hops.back().status_code == 0) {
    p.why = FetchFailure(obs, *p.fetch, "HTTPS fetch of https://" + host + "/");
    return p;
  }
  const HttpHop& last = p.fetch->hops.back();
  if (!last.headers_complete) {
    p.why = HeadersCut(*p.fetch, last);
    return p;
  }
  if (IsRedirect(last)) {
    p.why = NotTested("the redirect chain did not reach a page", ChainEvidence(*p.fetch));
    return p;
  }
  if (!IsHttpsUrl(last.url)) {
    p.why = NotTested("the final page is served over plain HTTP (see WEB-HTTPS-02)",
                      ChainEvidence(*p.fetch));
    return p;
  }
  p.hop = &last;
  return p;
}

std::vector<CspPolicy> PagePolicies(const HttpHop& hop, const std::string* body) {
  std::vector<CspPolicy> out;
  auto add = [&out](std::vector<CspPolicy> more) {
    for (CspPolicy& p : more)
      if (out.size() < kCspMaxPolicies) out.push_back(std::move(p));
  };
  for (const std::string& v : HeaderValues(hop.headers, "content-security-policy"))
    add(ParseCspHeader(v, /*report_only=*/false, /*from_meta=*/false));
  for (const std::string& v : HeaderValues(hop.headers, "content-security-policy-report-only"))
    add(ParseCspHeader(v, /*report_only=*/true, /*from_meta=*/false));
  if (body != nullptr && LooksLikeHtml(hop)) {
    for (const std::string& v : ScanHtml(*body).meta_csp)
      add(ParseCspHeader(v, /*report_only=*/false, /*from_meta=*/true));
  }
  return out;
}

std::string PagePoliciesEvidence(const HttpHop& hop, const std::string* body) {
  std::string out = HeaderLines(hop.headers, "content-security-policy", 1536);
  std::string ro = HeaderLines(hop.headers, "content-security-policy-report-only", 1024);
  if (!ro.empty()) out += (out.empty() ? "" : "\n") + ro;
  if (body != nullptr && LooksLikeHtml(hop)) {
    for (const std::string& v : ScanHtml(*body).meta_csp)
      out += (out.empty() ? "" : "\n") + std::string("<meta http-equiv=\"Content-Security-Policy\"> ") + v;
  }
  return Evidence(out, 2048);
}

bool LooksLikeHtml(const HttpHop& hop) {
  std::vector<std::string> ct = HeaderValues(hop.headers, "content-type");
  if (ct.empty()) return true;
  std::string v = AsciiLower(ct.front());
  return v.find("html") != std::string::npos;
}

std::string Evidence(std::string_view text, size_t max_bytes) {
  return SanitizeForDisplay(text, max_bytes);
}

}  // namespace posture::web
