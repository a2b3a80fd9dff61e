// Shared plumbing of the web checks (checks/web/*.cc): which web hosts exist,
// where their observations are, the "final HTTPS page" of a host, and the
// aggregation of several IP addresses of one host into one finding (the
// worst one wins; the subject names the host and that IP).
//
// Conventions every web check follows:
//   - every host of obs.web_hosts is judged (apex and www);
//   - no website at all (obs.web_hosts empty, or no A/AAAA for any web host)
//     gives one not_applicable finding; a host without address gives
//     not_applicable for that host;
//   - a missing observation gives not_tested; a timeout or refusal gives
//     error or not_tested, never fail (except WEB-HTTPS-01, where HTTPS
//     refused while HTTP answers is the failure being measured);
//   - a host that did not answer at all (every probe refused, timed out or
//     unreachable), or that stopped answering during its scan (WebReach),
//     gives error for WEB-HTTPS-01 and not_tested for every other code:
//     an unreachable server is not measured, neither passed nor failed;
//   - "nothing listens on 443" makes the HTTPS codes not_applicable only for
//     a host that answers plain HTTP and nothing on HTTPS (WebReach::HttpOnly).
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.h"
#include "checks/finding.h"
#include "checks/observations.h"
#include "checks/parse/csp.h"

namespace posture::web {

// A verdict before it becomes a Finding.
struct Verdict {
  Outcome outcome = Outcome::kNotTested;
  Severity severity = Severity::kInfo;
  std::string evidence;
  std::string detail;
};

Verdict Pass(std::string evidence = "", std::string detail = "");
Verdict Problem(Outcome outcome, Severity severity, std::string evidence, std::string detail);
Verdict NotTested(std::string detail, std::string evidence = "");
Verdict Error(std::string detail, std::string evidence = "");
Verdict NotApplicable(std::string detail);

// Larger is worse: fail > partial (by severity) > info > pass > error >
// not_tested > not_applicable. A timeout on one IP does not hide a verdict
// observed on another.
int Badness(const Verdict& v);

enum class HostPresence { kHasAddress, kNoAddress, kUnknown };
HostPresence PresenceOf(const TargetObservations& obs, const std::string& host);

// The web hosts, canonical and deduplicated, in order.
std::vector<std::string> WebHosts(const TargetObservations& obs);

// Runs `judge` for every web host with an address and turns the verdicts
// into findings of `code` (see the conventions above). `judge` may set the
// subject (default: the host).
using HostJudge = std::function<Verdict(const std::string& host, std::string* subject)>;
// How a host that could not be reached is reported (see the conventions).
enum class WhenUnreachable { kNotTested, kError };
std::vector<Finding> ForEachWebHost(const CheckContext& ctx, const char* code,
                                    const HostJudge& judge,
                                    WhenUnreachable unreachable = WhenUnreachable::kNotTested);

// "http://h/: refused; https://h/: refused; 127.0.0.1:443: refused" (the
// evidence of an unreachable host).
std::string ReachEvidence(const TargetObservations& obs, const std::string& host);

// HTTPS endpoints (obs.tls, context "https") whose SNI is `host`.
std::vector<const TlsEndpoint*> HttpsEndpoints(const TargetObservations& obs,
                                               const std::string& host);

// Judges each endpoint of `host` with `judge` and keeps the worst verdict;
// `subject` becomes "host ip" of that endpoint. Notes in the detail how many
// endpoints could not be judged. No endpoint: not_tested.
Verdict WorstOverEndpoints(const TargetObservations& obs, const std::string& host,
                           const std::function<Verdict(const TlsEndpoint&)>& judge,
                           std::string* subject);

// Not-tested verdict for an endpoint whose handshake did not complete
// (not_applicable when nothing listens on 443 of an HTTP-only host).
Verdict EndpointNotTested(const TargetObservations& obs, const TlsEndpoint& ep);

// "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" from the spellings seen
// in the wild ("TLSv1.0", "TLS 1.2"...).
std::string NormaliseTlsVersion(std::string_view version);
// Whether `version` (normalised form) was accepted by the endpoint: from the
// per-version handshakes, else from the default handshake.
Tri TlsVersionAccepted(const TlsEndpoint& ep, std::string_view version);
// "SSLv3:no TLSv1:yes TLSv1.1:yes TLSv1.2:yes TLSv1.3:no" (the evidence).
std::string TlsVersionList(const TlsEndpoint& ep);

// URL helpers.
std::string UrlScheme(std::string_view url);  // lower case, "" if none
std::string UrlHostOf(std::string_view url);   // lower case, no port
bool IsHttpsUrl(std::string_view url);
bool IsRedirect(const HttpHop& hop);  // 3xx with a Location

// A readable redirect chain: "http://a/ 301 → https://a/ 200".
std::string ChainEvidence(const HttpFetch& fetch);

// The page a visitor of https://host/ ends on (the last hop of the https
// fetch) when it answered over HTTPS with a complete header block;
// otherwise `why` says why there is none (error when the headers were cut).
struct FinalPage {
  const HttpFetch* fetch = nullptr;
  const HttpHop* hop = nullptr;  // null when there is no usable final page
  Verdict why;                   // not_tested / error when hop is null
};
FinalPage FinalHttpsPage(const TargetObservations& obs, const std::string& host);

// Every CSP a page carries: Content-Security-Policy headers (enforced),
// Content-Security-Policy-Report-Only headers, and, when `body` is given,
// <meta http-equiv="Content-Security-Policy"> tags of the HTML.
std::vector<CspPolicy> PagePolicies(const HttpHop& hop, const std::string* body);
// The evidence for those policies ("Name: value" lines and meta contents).
std::string PagePoliciesEvidence(const HttpHop& hop, const std::string* body);
// Whether the response is (probably) HTML: Content-Type text/html or
// application/xhtml+xml, or no Content-Type at all.
bool LooksLikeHtml(const HttpHop& hop);

// Error verdict for a response whose header block was not read to its end
// (HttpHop::headers_complete false): the absence of a header proves nothing.
Verdict HeadersCut(const HttpFetch& fetch, const HttpHop& hop);

// Verdict for a fetch that produced no response, from its status.
Verdict FetchFailure(const TargetObservations& obs, const HttpFetch& fetch, std::string_view what);

Finding MakeFinding(const char* code, const Verdict& v, std::string subject);

// Bounded, sanitised evidence.
std::string Evidence(std::string_view text, size_t max_bytes = 1024);

}  // namespace posture::web
