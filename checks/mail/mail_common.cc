#include "checks/mail/mail_common.h"

#include <algorithm>

#include "checks/base/strings.h"
#include "checks/mail/consumer_mailbox.h"
#include "checks/mail/mail_plan.h"
#include "checks/parse/dns_text.h"

namespace posture::mail {

Finding MakeFinding(const char* code, Outcome outcome, Severity severity, std::string subject,
                    std::string_view evidence, std::string detail) {
  Finding f;
  f.code = code;
  f.outcome = outcome;
  f.severity = severity;
  f.subject = SanitizeForDisplay(subject, 300);
  f.evidence = SanitizeForDisplay(evidence, kEvidenceMax);
  f.detail = SanitizeForDisplay(detail, 600);
  return f;
}

std::string DnsStatusText(const DnsResult& r) {
  std::string s = DnsTypeName(r.type) + " " + r.name + ": " + ProbeStatusName(r.status);
  if (!r.error.empty()) s += " (" + r.error + ")";
  return s;
}

std::string CutAnswerText(const DnsResult& r) {
  return DnsTypeName(r.type) + " " + r.name + ": answer cut by posture's size caps (" +
         std::to_string(r.records.size()) + " records kept)";
}

std::optional<Finding> DnsGate(const char* code, Severity severity, const std::string& subject,
                               const DnsResult* r) {
  if (!r) return MakeFinding(code, Outcome::kNotTested, severity, subject, "", "question not asked");
  if (IsDnsAnswer(*r)) return std::nullopt;
  if (r->status == ProbeStatus::kOptedOut || r->status == ProbeStatus::kSkipped)
    return MakeFinding(code, Outcome::kNotTested, severity, subject, DnsStatusText(*r),
                       "question not asked");
  return MakeFinding(code, Outcome::kError, severity, subject, DnsStatusText(*r),
                     "DNS failure: no definite answer");
}

std::string EmailDomain(const std::string& email) {
  std::string_view e = TrimWhitespace(email);
  size_t at = e.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= e.size()) return "";
  std::string d = CanonicalDnsName(e.substr(at + 1));
  return d.find('.') == std::string::npos ? "" : d;
}

namespace {
void AddUnique(std::vector<std::string>* out, const std::string& raw) {
  std::string d = CanonicalDnsName(raw);
  if (!d.empty() && std::find(out->begin(), out->end(), d) == out->end()) out->push_back(d);
}
}  // namespace

std::vector<std::string> MailDomains(const TargetObservations& obs) {
  std::vector<std::string> out;
  for (const std::string& d : obs.mail_domains) AddUnique(&out, d);
  return out;
}

std::vector<std::string> AllDomains(const TargetObservations& obs) {
  std::vector<std::string> out;
  for (const std::string& d : obs.web_domains) AddUnique(&out, d);
  for (const std::string& d : obs.mail_domains) AddUnique(&out, d);
  return out;
}

void DowngradeForConsumerDomain(const std::string& domain, std::vector<Finding>* findings) {
  if (!IsConsumerMailboxDomain(domain)) return;
  for (Finding& f : *findings) {
    if (f.outcome == Outcome::kNotApplicable || f.outcome == Outcome::kError ||
        f.outcome == Outcome::kNotTested)
      continue;
    std::string was = OutcomeName(f.outcome);
    f.outcome = Outcome::kInfo;
    f.severity = Severity::kInfo;
    f.detail = "consumer mailbox provider (its posture, not the collectivity's doing): " + was +
               (f.detail.empty() ? "" : "; " + f.detail);
  }
}

MxFacts GetMxFacts(const TargetObservations& obs, const std::string& domain) {
  MxFacts f;
  f.answer = obs.FindDns(domain, dns_type::kMx);
  if (!f.answer || f.answer->status != ProbeStatus::kOk) return f;
  std::vector<MxHost> hosts;
  bool saw_null = false;
  for (const DnsRecord& rec : f.answer->records) {
    auto parts = SplitWhitespace(rec.data);
    if (parts.size() < 2) continue;
    MxHost h;
    h.preference = 0;
    for (char c : parts[0])
      if (c >= '0' && c <= '9' && h.preference < 100000) h.preference = h.preference * 10 + (c - '0');
    h.host = CanonicalDnsName(parts[1]);
    if (h.host.empty()) {
      saw_null = true;
      continue;
    }
    hosts.push_back(h);
  }
  f.null_mx = saw_null && hosts.empty() && f.answer->records.size() == 1;
  std::stable_sort(hosts.begin(), hosts.end(),
                   [](const MxHost& a, const MxHost& b) { return a.preference < b.preference; });
  for (const MxHost& h : hosts) {
    bool dup = false;
    for (const MxHost& k : f.hosts) dup = dup || k.host == h.host;
    if (!dup && f.hosts.size() < kMaxMxHosts) f.hosts.push_back(h);
  }
  return f;
}

std::vector<std::string> SpfRecordsOf(const DnsResult& txt) {
  std::vector<std::string> out;
  for (std::string& t : JoinedTxtRecords(txt))
    if (IsSpfRecordText(t)) out.push_back(std::move(t));
  return out;
}

DmarcFacts DiscoverDmarc(const CheckContext& ctx, const std::string& domain) {
  DmarcFacts f;
  std::vector<std::string> names = DmarcDiscoveryNames(domain, ctx.psl);
  for (size_t i = 0; i < names.size(); ++i) {
    const DnsResult* r = ctx.obs.FindDns(names[i], dns_type::kTxt);
    if (!r || r->status == ProbeStatus::kOptedOut || r->status == ProbeStatus::kSkipped) {
      f.state = DmarcFacts::State::kNotTested;
      f.why = "TXT " + names[i] + " not asked";
      return f;
    }
    if (IsDnsFailure(*r)) {
      f.state = DmarcFacts::State::kError;
      f.why = DnsStatusText(*r);
      return f;
    }
    std::vector<std::string> records;
    for (std::string& t : JoinedTxtRecords(*r))
      if (IsDmarcRecordText(t)) records.push_back(std::move(t));
    if (records.empty() && r->truncated) {
      f.state = DmarcFacts::State::kError;
      f.why = CutAnswerText(*r) + ": a DMARC record may be among those dropped";
      return f;
    }
    if (records.empty()) continue;
    f.record_domain = names[i].substr(7);  // strip "_dmarc."
    f.inherited = i > 0;
    if (records.size() > 1) {
      f.state = DmarcFacts::State::kMultiple;
      f.record = Join(records, " | ");
      f.why = std::to_string(records.size()) + " DMARC records at " + names[i];
      return f;
    }
    f.state = DmarcFacts::State::kFound;
    f.record = records[0];
    f.parsed = ParseDmarcRecord(records[0]);
    return f;
  }
  f.state = DmarcFacts::State::kNone;
  f.why = "no DMARC record at " + Join(names, ", ");
  return f;
}

MtaStsFacts GetMtaStsFacts(const TargetObservations& obs, const std::string& domain) {
  MtaStsFacts f;
  const DnsResult* r = obs.FindDns("_mta-sts." + domain, dns_type::kTxt);
  if (!r || r->status == ProbeStatus::kOptedOut || r->status == ProbeStatus::kSkipped) {
    f.why = "TXT _mta-sts." + domain + " not asked";
    return f;
  }
  if (IsDnsFailure(*r)) {
    f.state = MtaStsFacts::State::kError;
    f.why = DnsStatusText(*r);
    return f;
  }
  std::vector<std::string> records;
  for (std::string& t : JoinedTxtRecords(*r))
    if (IsMtaStsTxtText(t)) records.push_back(std::move(t));
  if (records.empty()) {
    f.state = MtaStsFacts::State::kAbsent;
    f.why = "no v=STSv1 record at _mta-sts." + domain;
    return f;
  }
  f.txt = Join(records, " | ");
  if (records.size() > 1) {
    f.state = MtaStsFacts::State::kInvalidTxt;
    f.why = "several v=STSv1 records (RFC 8461 §3.1: no policy)";
    return f;
  }
  MtaStsTxt txt = ParseMtaStsTxt(records[0]);
  if (!txt.ok) {
    f.state = MtaStsFacts::State::kInvalidTxt;
    f.why = txt.error;
    return f;
  }
  const HttpFetch* fetch = obs.FindHttp("mta-sts-policy", "mta-sts." + domain);
  if (!fetch || fetch->status == ProbeStatus::kSkipped || fetch->status == ProbeStatus::kOptedOut) {
    f.state = MtaStsFacts::State::kNotTested;
    f.why = "policy not fetched";
    return f;
  }
  int code = fetch->hops.empty() ? 0 : fetch->hops.back().status_code;
  // A certificate seen and rejected is the domain's failure; a handshake
  // cut before (a reset, the server going away) is not judged.
  long verify = fetch->hops.empty() ? -1 : fetch->hops.back().tls_verify_result;
  if (fetch->status == ProbeStatus::kTlsError && verify > 0) {
    f.state = MtaStsFacts::State::kPolicyUnavailable;
    f.why = "the policy host has no valid certificate: " + fetch->error;
    return f;
  }
  if (fetch->status != ProbeStatus::kOk) {
    // Connection-level failures are not the domain's fault to judge: error.
    f.state = fetch->status == ProbeStatus::kNxDomain ? MtaStsFacts::State::kPolicyUnavailable
                                                      : MtaStsFacts::State::kError;
    f.why = std::string("policy fetch: ") + ProbeStatusName(fetch->status) +
            (fetch->error.empty() ? "" : " (" + fetch->error + ")");
    return f;
  }
  if (code != 200) {
    f.state = MtaStsFacts::State::kPolicyUnavailable;
    f.why = "policy fetch answered HTTP " + std::to_string(code) + " (RFC 8461 §3.3 requires 200)";
    return f;
  }
  if (fetch->hops.size() > 1) {
    f.state = MtaStsFacts::State::kPolicyUnavailable;
    f.why = "the policy URL redirects (RFC 8461 §3.3 forbids redirects)";
    return f;
  }
  f.policy = ParseMtaStsPolicy(fetch->body);
  f.state = MtaStsFacts::State::kPolicy;
  return f;
}

std::vector<const SmtpProbe*> ProbesOf(const TargetObservations& obs, const std::string& mx_host) {
  std::vector<const SmtpProbe*> out;
  std::string h = CanonicalDnsName(mx_host);
  for (const SmtpProbe& p : obs.smtp)
    if (CanonicalDnsName(p.mx_host) == h) out.push_back(&p);
  return out;
}

int OutcomeBadness(Outcome o) {
  switch (o) {
    case Outcome::kFail: return 0;
    case Outcome::kPartial: return 1;
    case Outcome::kError: return 2;
    case Outcome::kNotTested: return 3;
    case Outcome::kPass: return 4;
    case Outcome::kInfo: return 5;
    case Outcome::kNotApplicable: return 6;
  }
  return 6;
}

Finding AggregateWorst(const char* code, const std::string& domain, std::vector<Finding> per_host,
                       Severity default_severity) {
  if (per_host.empty())
    return MakeFinding(code, Outcome::kNotTested, default_severity, domain, "", "nothing probed");
  size_t worst = 0;
  for (size_t i = 1; i < per_host.size(); ++i) {
    int a = OutcomeBadness(per_host[i].outcome), b = OutcomeBadness(per_host[worst].outcome);
    if (a < b || (a == b && SeverityRank(per_host[i].severity) < SeverityRank(per_host[worst].severity)))
      worst = i;
  }
  std::string evidence;
  for (const Finding& f : per_host) {
    std::string line = f.subject + ": " + OutcomeName(f.outcome);
    if (!f.evidence.empty()) line += " — " + f.evidence;
    if (!evidence.empty()) evidence += "\n";
    evidence += line;
  }
  Finding out = per_host[worst];
  out.code = code;
  out.subject = domain + " " + per_host[worst].subject;
  out.evidence = SanitizeForDisplay(evidence, kEvidenceMax);
  return out;
}

std::string ProbeSubject(const SmtpProbe& p) { return CanonicalDnsName(p.mx_host) + " " + p.ip; }

std::vector<Finding> PerMxCheck(const CheckContext& ctx, const char* code, Severity severity,
                                const ProbeJudge& judge) {
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> per_domain;
    MxFacts mx = GetMxFacts(ctx.obs, d);
    if (auto gate = DnsGate(code, severity, d, mx.answer)) {
      per_domain.push_back(*gate);
    } else if (mx.null_mx || mx.hosts.empty()) {
      per_domain.push_back(MakeFinding(code, Outcome::kNotApplicable, severity, d,
                                       DnsStatusText(*mx.answer), "the domain receives no mail (no MX)"));
    } else {
      std::vector<Finding> per_host;
      for (const MxHost& h : mx.hosts) {
        std::vector<const SmtpProbe*> probes = ProbesOf(ctx.obs, h.host);
        if (probes.empty()) {
          per_host.push_back(MakeFinding(code, Outcome::kNotTested, severity, h.host, "", "MX not probed"));
          continue;
        }
        for (const SmtpProbe* p : probes) {
          if (p->status == ProbeStatus::kOptedOut || p->status == ProbeStatus::kSkipped) {
            per_host.push_back(MakeFinding(code, Outcome::kNotTested, severity, ProbeSubject(*p),
                                           ProbeStatusName(p->status), "MX not probed"));
          } else if (p->status != ProbeStatus::kOk) {
            per_host.push_back(MakeFinding(code, Outcome::kError, severity, ProbeSubject(*p),
                                           std::string("SMTP: ") + ProbeStatusName(p->status) +
                                               (p->error.empty() ? "" : " (" + p->error + ")"),
                                           "the SMTP conversation did not complete"));
          } else {
            per_host.push_back(judge(d, *p));
          }
        }
      }
      per_domain.push_back(AggregateWorst(code, d, std::move(per_host), severity));
    }
    DowngradeForConsumerDomain(d, &per_domain);
    for (Finding& f : per_domain) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace posture::mail
