// Builders of hand-written web observations for the web check tests: a
// healthy site (apex and www, HTTP redirecting to HTTPS, good headers, a good
// certificate, TLS 1.2/1.3 only, a valid security.txt) that each test then
// breaks in one place, and helpers to run one check by code.
//
// Thread-safety: plain functions over values.
#pragma once

#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/finding.h"
#include "checks/observations.h"

namespace posture::webtest {

// 2026-12-03T12:00:00Z, the "now" injected in every test.
UnixSeconds Now();
inline constexpr int64_t kDay = 86400;

HttpHeader H(std::string name, std::string value);

// One answered hop. `location` is the resolved absolute Location.
HttpHop Hop(std::string url, int status_code, std::vector<HttpHeader> headers = {},
            std::string location = "", std::string ip = "192.0.2.10");
// A hop that got no response.
HttpHop FailedHop(std::string url, ProbeStatus status, std::string error = "",
                  std::string ip = "192.0.2.10");
// A redirect hop (301) to `to`.
HttpHop Redirect(std::string from, std::string to, std::vector<HttpHeader> headers = {});

HttpFetch Fetch(std::string purpose, std::vector<HttpHop> hops, std::string body = "");

// A leaf certificate: RSA 2048, sha256WithRSAEncryption, CN = first name.
CertInfo Leaf(std::vector<std::string> dns_names, UnixSeconds not_before, UnixSeconds not_after);
CertInfo Intermediate();

// A healthy HTTPS endpoint for `host` on `ip`: TLS 1.2 and 1.3 only, no weak
// class, a trusted chain (leaf covering host, valid one year around Now()).
TlsEndpoint GoodEndpoint(const std::string& host, const std::string& ip);

// The security headers of a healthy page.
std::vector<HttpHeader> GoodHeaders();
std::string GoodSecurityTxt();
std::string GoodHtml();

DnsResult AddressAnswer(const std::string& host, const std::string& ip);
DnsResult NoAnswer(const std::string& host, uint16_t type, ProbeStatus status);

// A healthy site: web_hosts {domain, www.domain}, both with DNS A, an HTTP
// fetch redirecting to the same host over HTTPS, an HTTPS fetch answering 200
// with GoodHeaders() and GoodHtml(), one good endpoint each, and one
// security.txt fetch at https://www.domain/.well-known/security.txt.
TargetObservations GoodSite(const std::string& domain = "ville.idf.test",
                            const std::string& ip = "192.0.2.10");

// Mutable access for tests that break one thing. nullptr when absent.
HttpFetch* MutableFetch(TargetObservations& obs, const std::string& purpose, const std::string& host);
TlsEndpoint* MutableEndpoint(TargetObservations& obs, const std::string& host,
                             const std::string& ip = "");
// Port 443 of `host` ends with `status` (refused, timeout...): its TLS
// endpoint (no version, class or certificate) and its HTTPS fetch.
void BreakHttps(TargetObservations& obs, const std::string& host, ProbeStatus status);
// The final hop of the https fetch of `host` (must exist).
HttpHop& FinalHttpsHop(TargetObservations& obs, const std::string& host);
// Replaces (or removes, with an empty value) every header `name` of `hop`.
void SetHeader(HttpHop& hop, const std::string& name, const std::string& value);
void RemoveHeader(HttpHop& hop, const std::string& name);

// Runs the web check emitting `code`.
std::vector<Finding> RunCheck(const std::string& code, const TargetObservations& obs,
                              UnixSeconds now = Now());
// A copy of the finding whose subject is `subject` (a host) or starts with
// "subject " ("host ip"). Fails the test (and returns a default finding)
// when absent.
Finding FindingFor(const std::vector<Finding>& findings, const std::string& subject);
// Outcome of the finding for exactly host `host` (subject == host or starts
// with "host ").
// Returned as its name ("pass", "fail"...) so that test failures print it.
std::string OutcomeFor(const std::string& code, const TargetObservations& obs,
                       const std::string& host, UnixSeconds now = Now());
// "fail/high", "pass/info"... for exact assertions on outcome and severity.
std::string Verdict(const Finding& f);

}  // namespace posture::webtest
