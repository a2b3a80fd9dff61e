// MAIL-DANE-01: DANE for SMTP (RFC 7672): TLSA records at
// `_25._tcp.<mx host>`, DNSSEC-validated (AD bit: RFC 7672 §2.2 — insecure
// TLSA records are ignored by senders), matching the certificate the MX
// presents (RFC 6698 §2.1: usage, selector, matching type). Matching uses
// the hashes the engine recorded (CertInfo sha256/sha512 of the certificate
// and of its SubjectPublicKeyInfo): matching type 0 (full data) cannot be
// compared and counts as "unknown". DANE-EE (3) is matched against the
// leaf, DANE-TA (2) against the other certificates of the chain; PKIX
// usages (0, 1) are treated like 2 and 3 (RFC 7672 §3.1.3 says they should
// not be used for SMTP). Absent: fail low. Judged per MX host.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"
#include "checks/parse/dns_text.h"

namespace posture::mail {
namespace {

struct Tlsa {
  int usage = -1, selector = -1, matching = -1;
  std::string data;  // lower-case hex
};

std::optional<Tlsa> ParseTlsa(const std::string& text) {
  auto parts = SplitWhitespace(text);
  if (parts.size() < 4) return std::nullopt;
  Tlsa t;
  auto num = [](std::string_view s) {
    int v = 0;
    if (s.empty() || s.size() > 3) return -1;
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  t.usage = num(parts[0]);
  t.selector = num(parts[1]);
  t.matching = num(parts[2]);
  for (size_t i = 3; i < parts.size(); ++i) t.data += AsciiLower(parts[i]);
  if (t.usage < 0 || t.selector < 0 || t.matching < 0) return std::nullopt;
  return t;
}

// 1 match, 0 no match, -1 cannot tell.
int MatchCert(const Tlsa& t, const CertInfo& c) {
  std::string want;
  if (t.selector == 0 && t.matching == 1) want = c.sha256;
  else if (t.selector == 1 && t.matching == 1) want = c.spki_sha256;
  else if (t.selector == 0 && t.matching == 2) want = c.cert_sha512;
  else if (t.selector == 1 && t.matching == 2) want = c.spki_sha512;
  else return -1;
  if (want.empty()) return -1;
  return AsciiLower(want) == t.data ? 1 : 0;
}

}  // namespace

bool TlsaMatchesChain(const DnsResult& tlsa, const TlsEndpoint& tls, bool ee_only) {
  for (const DnsRecord& r : tlsa.records) {
    auto t = ParseTlsa(r.data);
    if (!t) continue;
    bool ee = t->usage == 3 || t->usage == 1;
    if (ee_only && t->usage != 3) continue;
    for (size_t i = 0; i < tls.chain.size(); ++i) {
      if (ee != (i == 0)) continue;
      if (MatchCert(*t, tls.chain[i]) == 1) return true;
    }
  }
  return false;
}

std::vector<Finding> CheckDane(const CheckContext& ctx) {
  const char* kCode = "MAIL-DANE-01";
  const Severity kSev = Severity::kLow;
  std::vector<Finding> out;
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    MxFacts mx = GetMxFacts(ctx.obs, d);
    if (auto gate = DnsGate(kCode, kSev, d, mx.answer)) {
      f.push_back(*gate);
    } else if (mx.null_mx || mx.hosts.empty()) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, kSev, d, "", "the domain receives no mail"));
    } else {
      std::vector<Finding> per_host;
      for (const MxHost& h : mx.hosts) {
        std::string name = "_25._tcp." + h.host;
        const DnsResult* r = ctx.obs.FindDns(name, dns_type::kTlsa);
        if (auto gate = DnsGate(kCode, kSev, h.host, r)) {
          per_host.push_back(*gate);
          continue;
        }
        if (IsDnsVoid(*r)) {
          per_host.push_back(MakeFinding(kCode, Outcome::kFail, kSev, h.host, DnsStatusText(*r), "no TLSA record"));
          continue;
        }
        std::vector<std::string> lines;
        for (const DnsRecord& rec : r->records) lines.push_back("TLSA " + rec.data);
        std::string ev = Join(lines, "\n");
        if (!r->authenticated) {
          per_host.push_back(MakeFinding(kCode, Outcome::kFail, kSev, h.host, ev,
                                         "TLSA not DNSSEC-validated: senders ignore it"));
          continue;
        }
        std::vector<const SmtpProbe*> probes = ProbesOf(ctx.obs, h.host);
        bool any_probe = false;
        for (const SmtpProbe* p : probes) {
          if (!p->tls || p->tls_status != ProbeStatus::kOk || p->tls->chain.empty()) continue;
          any_probe = true;
          bool match = TlsaMatchesChain(*r, *p->tls, false);
          bool comparable = false;
          for (const DnsRecord& rec : r->records) {
            auto t = ParseTlsa(rec.data);
            if (!t) continue;
            for (const CertInfo& c : p->tls->chain) comparable = comparable || MatchCert(*t, c) >= 0;
          }
          if (match) {
            per_host.push_back(MakeFinding(kCode, Outcome::kPass, kSev, ProbeSubject(*p), ev, "TLSA matches the certificate"));
          } else if (!comparable) {
            per_host.push_back(MakeFinding(kCode, Outcome::kNotTested, kSev, ProbeSubject(*p), ev,
                                           "TLSA parameters cannot be compared with the recorded hashes"));
          } else {
            per_host.push_back(MakeFinding(kCode, Outcome::kFail, kSev, ProbeSubject(*p),
                                           ev + "\npresented: " + p->tls->chain[0].subject + " spki sha256 " +
                                               p->tls->chain[0].spki_sha256,
                                           "TLSA does not match the certificate: DANE senders refuse delivery"));
          }
        }
        if (!any_probe)
          per_host.push_back(MakeFinding(kCode, Outcome::kNotTested, kSev, h.host, ev,
                                         "no certificate observed to compare"));
      }
      f.push_back(AggregateWorst(kCode, d, std::move(per_host), kSev));
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
