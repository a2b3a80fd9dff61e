// Shared vocabulary of the mail checks (internal to checks/mail/): finding
// construction, DNS answer gates (missing → not_tested, failure → error),
// the per-domain facts several checks need (MX hosts, SPF tree, DMARC
// discovery, MTA-STS policy), the worst-of aggregation of per-MX results,
// and the consumer-provider downgrade to info. Each check has its own file;
// this header declares them for the registry (mail_checks.cc).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/parse/dmarc.h"
#include "checks/parse/mtasts.h"
#include "checks/parse/spf_eval.h"

namespace posture::mail {

// Bounds on evidence text.
inline constexpr size_t kEvidenceMax = 1500;

Finding MakeFinding(const char* code, Outcome outcome, Severity severity, std::string subject,
                    std::string_view evidence, std::string detail);

// For a DNS result that cannot be judged: not_tested (not asked, skipped,
// opted out) or error (timeout, SERVFAIL, refused...). nullopt when usable.
std::optional<Finding> DnsGate(const char* code, Severity severity, const std::string& subject,
                               const DnsResult* r);
// "TXT _dmarc.example.fr: nxdomain".
std::string DnsStatusText(const DnsResult& r);
// "TXT example.fr: answer cut at 512 records by posture's caps": for an
// answer (DnsResult::truncated) in which the record a check looks for is
// absent. It may be among the records dropped, so absence is an error, not a
// finding about the domain.
std::string CutAnswerText(const DnsResult& r);

// The e-mail address's domain ("" when there is no usable address).
std::string EmailDomain(const std::string& email);
// mail_domains, canonical and deduplicated.
std::vector<std::string> MailDomains(const TargetObservations& obs);
// web_domains ∪ mail_domains, canonical and deduplicated.
std::vector<std::string> AllDomains(const TargetObservations& obs);

// Findings about a consumer provider's domain become info: the posture is
// the provider's, not the collectivity's doing. What could not be measured
// (error, not_tested) stays so, like not_applicable.
void DowngradeForConsumerDomain(const std::string& domain, std::vector<Finding>* findings);

// MX facts of a domain.
struct MxHost {
  int preference = 0;
  std::string host;
};
struct MxFacts {
  const DnsResult* answer = nullptr;
  bool null_mx = false;         // RFC 7505: a single "0 ."
  std::vector<MxHost> hosts;    // by preference, at most kMaxMxHosts
};
inline constexpr size_t kMaxMxHosts = 5;
MxFacts GetMxFacts(const TargetObservations& obs, const std::string& domain);

// The v=spf1 records at a domain (TXT strings joined).
std::vector<std::string> SpfRecordsOf(const DnsResult& txt);

// DMARC discovery over the observations (RFC 7489 §6.6.3, RFC 9989 walk).
struct DmarcFacts {
  enum class State { kFound, kNone, kMultiple, kNotTested, kError } state = State::kNotTested;
  std::string record_domain;  // where the record was found
  std::string record;         // verbatim
  DmarcRecord parsed;
  bool inherited = false;     // found at a parent, not at the domain itself
  std::string why;            // for kNotTested/kError/kNone
};
DmarcFacts DiscoverDmarc(const CheckContext& ctx, const std::string& domain);

// MTA-STS facts: the TXT record and the fetched policy.
struct MtaStsFacts {
  enum class State { kNotTested, kError, kAbsent, kInvalidTxt, kPolicyUnavailable, kPolicy } state =
      State::kNotTested;
  std::string txt;
  std::string why;
  MtaStsPolicy policy;
};
MtaStsFacts GetMtaStsFacts(const TargetObservations& obs, const std::string& domain);

// The SMTP probes of one MX host.
std::vector<const SmtpProbe*> ProbesOf(const TargetObservations& obs, const std::string& mx_host);

// Worst-of aggregation order: fail, partial, error, not_tested, pass, info,
// not_applicable.
int OutcomeBadness(Outcome o);  // lower is worse
// Aggregates per-MX/IP findings into one: the worst outcome (first of equal
// rank), its subject and severity, and every per-host line as evidence.
Finding AggregateWorst(const char* code, const std::string& domain, std::vector<Finding> per_host,
                       Severity default_severity);

// The checks (one file each).
std::vector<Finding> CheckMailOwn(const CheckContext& ctx);        // MAIL-OWN-01
std::vector<Finding> CheckMailMx(const CheckContext& ctx);         // MAIL-MX-01
std::vector<Finding> CheckSpfRecord(const CheckContext& ctx);      // MAIL-SPF-01
std::vector<Finding> CheckSpfEvaluable(const CheckContext& ctx);   // MAIL-SPF-02
std::vector<Finding> CheckSpfPolicy(const CheckContext& ctx);      // MAIL-SPF-03
std::vector<Finding> CheckDmarcRecord(const CheckContext& ctx);    // MAIL-DMARC-01
std::vector<Finding> CheckDmarcPolicy(const CheckContext& ctx);    // MAIL-DMARC-02
std::vector<Finding> CheckDmarcReports(const CheckContext& ctx);   // MAIL-DMARC-03
std::vector<Finding> CheckDkim(const CheckContext& ctx);           // MAIL-DKIM-01
std::vector<Finding> CheckNullMx(const CheckContext& ctx);         // MAIL-NULL-01
std::vector<Finding> CheckStarttls(const CheckContext& ctx);       // MAIL-TLS-01
std::vector<Finding> CheckMxTlsVersions(const CheckContext& ctx);  // MAIL-TLS-02
std::vector<Finding> CheckMxTlsCiphers(const CheckContext& ctx);   // MAIL-TLS-03
std::vector<Finding> CheckMxCertificate(const CheckContext& ctx);  // MAIL-TLS-04
std::vector<Finding> CheckMtaSts(const CheckContext& ctx);         // MAIL-MTASTS-01
std::vector<Finding> CheckTlsRpt(const CheckContext& ctx);         // MAIL-TLSRPT-01
std::vector<Finding> CheckDane(const CheckContext& ctx);           // MAIL-DANE-01
std::vector<Finding> CheckDnssec(const CheckContext& ctx);         // DNS-DNSSEC-01
std::vector<Finding> CheckCaa(const CheckContext& ctx);            // DNS-CAA-01

}  // namespace posture::mail

#include <functional>

namespace posture::mail {

// Runs a per-(MX host, IP) judgement over every mail domain: MX gating
// (not asked → not_tested, DNS failure → error, null/no MX →
// not_applicable), probe gating (not probed → not_tested, SMTP failure →
// error), then `judge` for each probe whose SMTP conversation completed;
// aggregated with the worst per domain, downgraded for consumer providers.
using ProbeJudge =
    std::function<Finding(const std::string& domain, const SmtpProbe& probe)>;
std::vector<Finding> PerMxCheck(const CheckContext& ctx, const char* code, Severity severity,
                                const ProbeJudge& judge);
// "mx1.example.fr 192.0.2.1".
std::string ProbeSubject(const SmtpProbe& p);

}  // namespace posture::mail
