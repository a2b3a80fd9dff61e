// DNS-DNSSEC-01: the domain's zone is signed and validates (RFC 4033-4035).
// Evidence, in order:
// - the AD bit (RFC 4035 §3.2.3, RFC 6840 §5.8) on the DNSKEY or A answer
//   from a validating resolver: signed and valid → pass;
// - DNSKEY records with an RRSIG (signed_answer) but no AD: signed, the
//   resolver did not validate → pass (validation not proven, said so);
// - no DNSKEY (NODATA): unsigned → fail medium;
// - heuristic for bogus zones: a validating resolver answers SERVFAIL for
//   names of a zone whose signatures fail (RFC 4035 §5.5). When both the
//   DNSKEY and the A questions of a registered domain (which should exist)
//   get SERVFAIL, the zone is judged bogus → fail critical. A broken
//   delegation (all name servers down) looks the same from outside: the
//   detail says "probably bogus". One SERVFAIL alone → error.
// Consumer providers' domains are reported as info.
#include "checks/mail/mail_common.h"
#include "checks/parse/dns_text.h"

namespace posture::mail {

std::vector<Finding> CheckDnssec(const CheckContext& ctx) {
  const char* kCode = "DNS-DNSSEC-01";
  const Severity kSev = Severity::kMedium;
  std::vector<Finding> out;
  for (const std::string& d : AllDomains(ctx.obs)) {
    std::vector<Finding> f;
    const DnsResult* key = ctx.obs.FindDns(d, dns_type::kDnskey);
    const DnsResult* a = ctx.obs.FindDns(d, dns_type::kA);
    bool key_servfail = key && key->status == ProbeStatus::kServFail;
    bool a_servfail = a && a->status == ProbeStatus::kServFail;
    if (key_servfail && a_servfail) {
      f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kCritical, d,
                              DnsStatusText(*key) + "\n" + DnsStatusText(*a),
                              "the validating resolver refuses the zone (SERVFAIL): DNSSEC probably bogus"));
    } else if (auto gate = DnsGate(kCode, kSev, d, key)) {
      f.push_back(*gate);
    } else if (key->authenticated || (a && a->authenticated && key->status == ProbeStatus::kOk)) {
      f.push_back(MakeFinding(kCode, Outcome::kPass, kSev, d,
                              "DNSKEY: " + std::to_string(key->records.size()) + " key(s), AD bit set",
                              "signed and validated"));
    } else if (key->status == ProbeStatus::kNxDomain) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, kSev, d, DnsStatusText(*key),
                              "the domain does not exist"));
    } else if (IsDnsVoid(*key)) {
      f.push_back(MakeFinding(kCode, Outcome::kFail, kSev, d, DnsStatusText(*key), "the zone is not signed"));
    } else {
      std::string ev = "DNSKEY: " + std::to_string(key->records.size()) + " key(s)" +
                       (key->signed_answer ? ", RRSIG present" : ", no RRSIG seen") + ", no AD bit";
      f.push_back(MakeFinding(kCode, Outcome::kPass, kSev, d, ev,
                              "signed (validation not proven: the resolver did not set AD)"));
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
