// MAIL-TLS-04: the MX certificate is trusted (chain to a public root), names
// the MX host (RFC 6125; X509_check_host on the SNI) and is within its
// validity period. Opportunistic SMTP TLS (RFC 7435) tolerates bad
// certificates, so low; high when the domain's MTA-STS policy is in
// enforce mode (RFC 8461 §4.2: senders then refuse delivery) or a TLSA
// record is published for the MX (RFC 7672). A DANE-EE (usage 3) TLSA
// match authenticates the server by itself (RFC 7672 §3.1.1: no name or
// expiry check): pass.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"
#include "checks/parse/dns_text.h"

namespace posture::mail {

bool TlsaMatchesChain(const DnsResult& tlsa, const TlsEndpoint& tls, bool ee_only);  // dane.cc

std::vector<Finding> CheckMxCertificate(const CheckContext& ctx) {
  const char* kCode = "MAIL-TLS-04";
  return PerMxCheck(ctx, kCode, Severity::kLow, [&](const std::string& domain, const SmtpProbe& p) {
    std::string subject = ProbeSubject(p);
    MtaStsFacts sts = GetMtaStsFacts(ctx.obs, domain);
    bool enforce = sts.state == MtaStsFacts::State::kPolicy && sts.policy.ok &&
                   sts.policy.mode == MtaStsMode::kEnforce;
    const DnsResult* tlsa = ctx.obs.FindDns("_25._tcp." + CanonicalDnsName(p.mx_host), dns_type::kTlsa);
    bool dane = tlsa && tlsa->status == ProbeStatus::kOk && !tlsa->records.empty();
    Severity sev = (enforce || dane) ? Severity::kHigh : Severity::kLow;
    if (!p.tls || p.tls_status != ProbeStatus::kOk)
      return MakeFinding(kCode, Outcome::kNotApplicable, sev, subject, "", "no TLS (see MAIL-TLS-01)");
    const TlsEndpoint& t = *p.tls;
    if (t.chain.empty())
      return MakeFinding(kCode, Outcome::kNotTested, sev, subject, "", "no certificate recorded");
    const CertInfo& leaf = t.chain[0];
    std::vector<std::string> problems;
    if (!t.chain_verified)
      problems.push_back("untrusted chain" + (t.verify_error.empty() ? "" : " (" + t.verify_error + ")"));
    if (!t.hostname_matches) problems.push_back("name does not match " + t.sni);
    if (ctx.now > 0 && leaf.not_after > 0 && ctx.now > leaf.not_after)
      problems.push_back("expired on " + FormatDate(leaf.not_after));
    if (ctx.now > 0 && leaf.not_before > 0 && ctx.now < leaf.not_before)
      problems.push_back("not valid before " + FormatDate(leaf.not_before));
    std::string ev = "subject " + leaf.subject + "; issuer " + leaf.issuer + "; not after " +
                     (leaf.not_after ? FormatDate(leaf.not_after) : "?") +
                     (leaf.dns_names.empty() ? "" : "; names " + Join(leaf.dns_names, ", "));
    if (problems.empty())
      return MakeFinding(kCode, Outcome::kPass, sev, subject, ev, "trusted, matching, valid");
    if (dane && TlsaMatchesChain(*tlsa, t, true))
      return MakeFinding(kCode, Outcome::kPass, sev, subject, ev,
                         "authenticated by DANE-EE despite: " + Join(problems, "; "));
    return MakeFinding(kCode, Outcome::kFail, sev, subject, ev, Join(problems, "; "));
  });
}

}  // namespace posture::mail
