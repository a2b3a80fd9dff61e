// WEB-CERT-03: the certificate covers the host name.
//
// References: RFC 9525 §6.3 (matching the DNS domain name; wildcard only as
// the complete left-most label; CN-IDs no longer used), which obsoletes
// RFC 6125 §6.4; RFC 5280 §4.2.1.6 (subjectAltName); CA/Browser Forum
// Baseline Requirements (a dNSName for every name).
//
// Per web host, per IP (worst wins), on the leaf: matching uses our own
// implementation (checks/parse/cert_name_match.h), not OpenSSL's
// X509_check_host; when the two disagree the detail says so and ours is
// kept. A host matched only by the subject CN (no dNSName at all) fails:
// browsers reject such certificates.
#include "checks/parse/cert_name_match.h"

#include "checks/base/strings.h"
#include "checks/web/web_checks.h"
#include "checks/web/web_util.h"

namespace posture {
namespace {

constexpr const char* kCode = "WEB-CERT-03";
constexpr size_t kMaxNamesShown = 20;

std::string NamesEvidence(const CertInfo& leaf) {
  std::string out;
  if (!leaf.dns_names.empty()) {
    out = "SAN DNS:";
    for (size_t i = 0; i < leaf.dns_names.size() && i < kMaxNamesShown; ++i) out += " " + leaf.dns_names[i];
    if (leaf.dns_names.size() > kMaxNamesShown)
      out += " (+" + std::to_string(leaf.dns_names.size() - kMaxNamesShown) + ")";
  } else {
    out = "no SAN dNSName; CN: " + leaf.common_name;
  }
  return web::Evidence(out, 1024);
}

}  // namespace

std::vector<Finding> CheckWebCert03(const CheckContext& ctx) {
  const TargetObservations& obs = ctx.obs;
  return web::ForEachWebHost(ctx, kCode, [&](const std::string& host, std::string* subject) {
    return web::WorstOverEndpoints(
        obs, host,
        [&](const TlsEndpoint& ep) {
          if (ep.chain.empty()) return web::EndpointNotTested(obs, ep);
          const CertInfo& leaf = ep.chain.front();
          std::string evidence = NamesEvidence(leaf);
          CertNameResult r = MatchCertificateName(host, leaf.dns_names, leaf.common_name);
          bool ours = r.match == CertNameMatch::kSan;
          std::string disagreement;
          if (ep.status == ProbeStatus::kOk && ours != ep.hostname_matches)
            disagreement = std::string("; OpenSSL X509_check_host says ") +
                           (ep.hostname_matches ? "match" : "no match");
          if (ours) return web::Pass(evidence, "matched by " + r.matched + disagreement);
          if (r.match == CertNameMatch::kCommonName)
            return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                                host + " only in the subject CN, no subjectAltName dNSName "
                                       "(CN-IDs are not used under RFC 9525; rejected by browsers)" + disagreement);
          return web::Problem(Outcome::kFail, Severity::kCritical, evidence,
                              "the certificate does not cover " + host + disagreement);
        },
        subject);
  });
}

}  // namespace posture
