#include "tests/checks/web_builder_testlib.h"

#include <gtest/gtest.h>

#include "checks/base/strings.h"
#include "checks/web/web_checks.h"

namespace posture::webtest {

UnixSeconds Now() { return *ParseIso8601("2026-12-03T12:00:00Z"); }

HttpHeader H(std::string name, std::string value) { return {std::move(name), std::move(value)}; }

HttpHop Hop(std::string url, int status_code, std::vector<HttpHeader> headers, std::string location,
            std::string ip) {
  HttpHop h;
  h.url = std::move(url);
  h.ip = std::move(ip);
  h.port = StartsWithIgnoreCase(h.url, "https:") ? 443 : 80;
  h.status = ProbeStatus::kOk;
  h.status_code = status_code;
  h.http_version = "1.1";
  h.headers = std::move(headers);
  h.location = std::move(location);
  h.tls_verify_result = h.port == 443 ? 0 : -1;
  return h;
}

HttpHop FailedHop(std::string url, ProbeStatus status, std::string error, std::string ip) {
  HttpHop h;
  h.url = std::move(url);
  h.ip = std::move(ip);
  h.port = StartsWithIgnoreCase(h.url, "https:") ? 443 : 80;
  h.status = status;
  h.error = std::move(error);
  return h;
}

HttpHop Redirect(std::string from, std::string to, std::vector<HttpHeader> headers) {
  headers.push_back(H("Location", to));
  return Hop(std::move(from), 301, std::move(headers), std::move(to));
}

HttpFetch Fetch(std::string purpose, std::vector<HttpHop> hops, std::string body) {
  HttpFetch f;
  f.purpose = std::move(purpose);
  f.start_url = hops.empty() ? "" : hops.front().url;
  f.status = hops.empty() ? ProbeStatus::kSkipped : hops.back().status;
  f.hops = std::move(hops);
  for (const HttpHop& h : f.hops)
    if (h.status_code > 0) f.final_url = h.url;
  f.body = std::move(body);
  f.body_bytes = static_cast<int64_t>(f.body.size());
  return f;
}

CertInfo Leaf(std::vector<std::string> dns_names, UnixSeconds not_before, UnixSeconds not_after) {
  CertInfo c;
  c.common_name = dns_names.empty() ? "" : dns_names.front();
  c.subject = "CN=" + c.common_name;
  c.issuer = "CN=R12,O=Let's Encrypt,C=US";
  c.serial_hex = "03a1";
  c.not_before = not_before;
  c.not_after = not_after;
  c.dns_names = std::move(dns_names);
  c.key_type = "RSA";
  c.key_bits = 2048;
  c.signature_algorithm = "sha256WithRSAEncryption";
  return c;
}

CertInfo Intermediate() {
  CertInfo c;
  c.subject = "CN=R12,O=Let's Encrypt,C=US";
  c.issuer = "CN=ISRG Root X1,O=Internet Security Research Group,C=US";
  c.common_name = "R12";
  c.not_before = Now() - 400 * kDay;
  c.not_after = Now() + 600 * kDay;
  c.key_type = "RSA";
  c.key_bits = 2048;
  c.signature_algorithm = "sha256WithRSAEncryption";
  return c;
}

TlsEndpoint GoodEndpoint(const std::string& host, const std::string& ip) {
  TlsEndpoint ep;
  ep.ip = ip;
  ep.port = 443;
  ep.sni = host;
  ep.context = "https";
  ep.status = ProbeStatus::kOk;
  ep.negotiated_version = "TLSv1.3";
  ep.negotiated_cipher = "TLS_AES_256_GCM_SHA384";
  ep.negotiated_group = "X25519";
  auto version = [](const char* v, Tri accepted) {
    TlsVersionResult r;
    r.version = v;
    r.accepted = accepted;
    r.status = ProbeStatus::kOk;
    return r;
  };
  ep.versions = {version("SSLv3", Tri::kNo), version("TLSv1", Tri::kNo), version("TLSv1.1", Tri::kNo),
                 version("TLSv1.2", Tri::kYes), version("TLSv1.3", Tri::kYes)};
  for (const char* c : {"export", "null", "anon", "rc4", "3des", "des", "non_fs", "cbc_only", "low"}) {
    CipherClassResult r;
    r.cipher_class = c;
    r.accepted = Tri::kNo;
    r.protocol = "TLSv1.2";
    ep.cipher_classes.push_back(r);
  }
  ep.chain = {Leaf({host}, Now() - 30 * kDay, Now() + 60 * kDay), Intermediate()};
  ep.chain_verified = true;
  ep.verify_code = 0;
  ep.verify_error = "ok";
  ep.hostname_matches = true;
  return ep;
}

std::vector<HttpHeader> GoodHeaders() {
  return {
      H("Server", "nginx"),
      H("Content-Type", "text/html; charset=utf-8"),
      H("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
      H("Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'self'"),
      H("X-Frame-Options", "SAMEORIGIN"),
      H("X-Content-Type-Options", "nosniff"),
      H("Referrer-Policy", "strict-origin-when-cross-origin"),
      H("Set-Cookie", "SESSID=abc123; Path=/; Secure; HttpOnly; SameSite=Lax"),
  };
}

std::string GoodSecurityTxt() {
  return "# Contact sécurité de la mairie\r\n"
         "Contact: mailto:securite@ville.idf.test\r\n"
         "Expires: 2027-06-30T22:00:00.000Z\r\n"
         "Preferred-Languages: fr, en\r\n"
         "Canonical: https://www.ville.idf.test/.well-known/security.txt\r\n";
}

std::string GoodHtml() {
  return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
         "<title>Mairie</title><script src=\"/js/app.js\" nonce=\"r4nd0m\"></script>"
         "<script src=\"https://cdn.example.test/lib.js\"></script></head>"
         "<body><h1>Bienvenue</h1></body></html>";
}

DnsResult AddressAnswer(const std::string& host, const std::string& ip) {
  DnsResult r;
  r.name = CanonicalDnsName(host);
  r.type = dns_type::kA;
  r.status = ProbeStatus::kOk;
  r.rcode = 0;
  DnsRecord rec;
  rec.type = dns_type::kA;
  rec.ttl = 300;
  rec.owner = r.name;
  rec.data = ip;
  r.records.push_back(rec);
  return r;
}

DnsResult NoAnswer(const std::string& host, uint16_t type, ProbeStatus status) {
  DnsResult r;
  r.name = CanonicalDnsName(host);
  r.type = type;
  r.status = status;
  r.rcode = status == ProbeStatus::kNxDomain ? 3 : 0;
  return r;
}

TargetObservations GoodSite(const std::string& domain, const std::string& ip) {
  TargetObservations obs;
  obs.target_key = "commune:99999";
  obs.started_at = Now() - 60;
  obs.finished_at = Now();
  obs.web_domains = {domain};
  std::string www = "www." + domain;
  obs.web_hosts = {domain, www};
  for (const std::string& host : obs.web_hosts) {
    obs.dns.push_back(AddressAnswer(host, ip));
    obs.dns.push_back(NoAnswer(host, dns_type::kAaaa, ProbeStatus::kNoData));
    obs.http.push_back(Fetch("http", {Redirect("http://" + host + "/", "https://" + host + "/"),
                                      Hop("https://" + host + "/", 200, GoodHeaders())},
                             GoodHtml()));
    obs.http.push_back(
        Fetch("https", {Hop("https://" + host + "/", 200, GoodHeaders())}, GoodHtml()));
    obs.tls.push_back(GoodEndpoint(host, ip));
  }
  obs.http.push_back(Fetch("security.txt",
                           {Hop("https://" + www + "/.well-known/security.txt", 200,
                                {H("Content-Type", "text/plain; charset=utf-8")})},
                           GoodSecurityTxt()));
  return obs;
}

HttpFetch* MutableFetch(TargetObservations& obs, const std::string& purpose, const std::string& host) {
  const HttpFetch* f = obs.FindHttp(purpose, host);
  return const_cast<HttpFetch*>(f);
}

TlsEndpoint* MutableEndpoint(TargetObservations& obs, const std::string& host, const std::string& ip) {
  for (TlsEndpoint& ep : obs.tls)
    if (ep.sni == host && (ip.empty() || ep.ip == ip)) return &ep;
  return nullptr;
}

void BreakHttps(TargetObservations& obs, const std::string& host, ProbeStatus status) {
  TlsEndpoint* ep = MutableEndpoint(obs, host);
  ep->status = status;
  ep->error = "connect: " + std::string(ProbeStatusName(status));
  ep->versions.clear();
  ep->cipher_classes.clear();
  ep->chain.clear();
  *MutableFetch(obs, "https", host) = Fetch("https", {FailedHop("https://" + host + "/", status)});
}

HttpHop& FinalHttpsHop(TargetObservations& obs, const std::string& host) {
  HttpFetch* f = MutableFetch(obs, "https", host);
  EXPECT_NE(f, nullptr);
  return f->hops.back();
}

void RemoveHeader(HttpHop& hop, const std::string& name) {
  std::vector<HttpHeader> kept;
  for (const HttpHeader& h : hop.headers)
    if (!EqualsIgnoreCase(h.name, name)) kept.push_back(h);
  hop.headers = kept;
}

void SetHeader(HttpHop& hop, const std::string& name, const std::string& value) {
  RemoveHeader(hop, name);
  if (!value.empty()) hop.headers.push_back(H(name, value));
}

std::vector<Finding> RunCheck(const std::string& code, const TargetObservations& obs,
                              UnixSeconds now) {
  CheckContext ctx{obs, now, CheckThresholds{}, nullptr};
  for (const CheckInfo& c : WebChecks())
    if (code == c.code) return c.run(ctx);
  ADD_FAILURE() << "no web check " << code;
  return {};
}

Finding FindingFor(const std::vector<Finding>& findings, const std::string& subject) {
  for (const Finding& f : findings)
    if (f.subject == subject || StartsWithIgnoreCase(f.subject, subject + " ")) return f;
  std::string have;
  for (const Finding& f : findings) have += " [" + f.subject + "]";
  ADD_FAILURE() << "no finding for " << subject << "; have" << have;
  return Finding{};
}

std::string OutcomeFor(const std::string& code, const TargetObservations& obs,
                       const std::string& host, UnixSeconds now) {
  return OutcomeName(FindingFor(RunCheck(code, obs, now), host).outcome);
}

std::string Verdict(const Finding& f) {
  return std::string(OutcomeName(f.outcome)) + "/" + SeverityName(f.severity);
}

}  // namespace posture::webtest
