// DNS-CAA-01: Certification Authority Authorization (RFC 8659) on each web
// domain: which CAs may issue its certificates (issue/issuewild, §4.2-4.3).
// Absent: info (any CA may issue). Present and parseable, authorising the
// issuer of the certificate seen on the website: pass. Present but not
// authorising it (the next renewal at that CA would be refused): fail low.
// Restricted, no certificate seen: pass when the website answered without
// one (no HTTPS), not_tested when it did not answer at all.
// Unparseable records: partial low. A collectivity without any web domain:
// one not_applicable finding (mail-only domains are not judged).
//
// Matching the CAA issuer domain with the certificate is loose (the
// certificate does not carry the CAA domain): a table of common CAs maps
// CAA domains to words of their issuer names (letsencrypt.org → "Let's
// Encrypt", "ISRG"...), else the CAA domain's first label ("digicert" of
// digicert.com) is looked for in the issuer's O and CN, ignoring case and
// punctuation.
#include <cctype>

#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"
#include "checks/parse/caa.h"
#include "checks/parse/dns_text.h"

namespace posture::mail {
namespace {

std::string Squash(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct CaWords {
  const char* domain;
  const char* words;  // '|' separated, squashed form
};
constexpr CaWords kCas[] = {
    {"letsencrypt.org", "letsencrypt|isrg"},
    {"pki.goog", "googletrustservices|gts"},
    {"google.com", "googletrustservices|gts"},
    {"digicert.com", "digicert|geotrust|rapidssl|thawte"},
    {"symantec.com", "digicert|symantec|geotrust"},
    {"sectigo.com", "sectigo|comodo|usertrust"},
    {"comodoca.com", "sectigo|comodo|usertrust"},
    {"usertrust.com", "sectigo|usertrust"},
    {"globalsign.com", "globalsign"},
    {"amazon.com", "amazon"},
    {"amazontrust.com", "amazon"},
    {"amazonaws.com", "amazon"},
    {"certigna.fr", "certigna|dhimyotis"},
    {"certigna.com", "certigna|dhimyotis"},
    {"buypass.com", "buypass"},
    {"zerossl.com", "zerossl"},
    {"harica.gr", "harica"},
    {"entrust.net", "entrust"},
    {"godaddy.com", "godaddy|starfield"},
    {"starfieldtech.com", "starfield"},
    {"ssl.com", "sslcom"},
    {"gandi.net", "gandi"},
    {"actalis.it", "actalis"},
    {"identrust.com", "identrust"},
    {"microsoft.com", "microsoft"},
};

bool IssuerMatches(const std::string& caa_domain, const CertInfo& cert) {
  std::string issuer = Squash(cert.issuer);
  for (const CaWords& ca : kCas) {
    if (caa_domain != ca.domain) continue;
    for (std::string_view w : Split(ca.words, '|'))
      if (!w.empty() && issuer.find(std::string(w)) != std::string::npos) return true;
  }
  std::string first = Squash(caa_domain.substr(0, caa_domain.find('.')));
  return first.size() >= 4 && issuer.find(first) != std::string::npos;
}

// The leaf certificate seen on the domain's website (https endpoints whose
// SNI is the domain or one of its hosts).
const CertInfo* SeenCertificate(const TargetObservations& obs, const std::string& d) {
  for (const TlsEndpoint& t : obs.tls)
    if (t.context == "https" && !t.chain.empty() && IsSameOrSubdomain(CanonicalDnsName(t.sni), d))
      return &t.chain[0];
  return nullptr;
}

// Whether a web host of `d` answered the scan (over HTTP or HTTPS).
bool WebsiteAnswered(const TargetObservations& obs, const std::string& d) {
  for (const std::string& h : obs.web_hosts) {
    if (!IsSameOrSubdomain(CanonicalDnsName(h), d)) continue;
    WebReach r = obs.ReachOf(h);
    if (!r.Unreachable() && (r.http_answered || r.https_answered)) return true;
  }
  return false;
}

}  // namespace

std::vector<Finding> CheckCaa(const CheckContext& ctx) {
  const char* kCode = "DNS-CAA-01";
  std::vector<Finding> out;
  std::vector<std::string> domains;
  for (const std::string& w : ctx.obs.web_domains) {
    std::string d = CanonicalDnsName(w);
    bool dup = false;
    for (const std::string& k : domains) dup = dup || k == d;
    if (!dup && !d.empty()) domains.push_back(d);
  }
  if (domains.empty()) {
    // No website, no certificate to compare: the check does not apply (one
    // finding, so that every collectivity has one per code).
    std::vector<std::string> mail = MailDomains(ctx.obs);
    out.push_back(MakeFinding(kCode, Outcome::kNotApplicable, Severity::kLow, Join(mail, " "), "",
                              "no web domain: CAA is judged against the website's certificate"));
    return out;
  }
  for (const std::string& d : domains) {
    const DnsResult* r = ctx.obs.FindDns(d, dns_type::kCaa);
    if (auto gate = DnsGate(kCode, Severity::kLow, d, r)) {
      out.push_back(*gate);
      continue;
    }
    if (IsDnsVoid(*r)) {
      out.push_back(MakeFinding(kCode, Outcome::kInfo, Severity::kInfo, d, DnsStatusText(*r),
                                "no CAA record: any certification authority may issue"));
      continue;
    }
    std::vector<CaaRecord> recs;
    std::vector<std::string> lines, bad;
    for (const DnsRecord& rec : r->records) {
      lines.push_back("CAA " + rec.data);
      CaaRecord c = ParseCaaRecord(rec.data);
      if (!c.ok) bad.push_back(rec.data + " (" + c.error + ")");
      recs.push_back(std::move(c));
    }
    std::string ev = Join(lines, "\n");
    if (!bad.empty()) {
      out.push_back(MakeFinding(kCode, Outcome::kPartial, Severity::kLow, d, ev,
                                "unparseable CAA record(s): " + Join(bad, "; ")));
      continue;
    }
    CaaAuthorisation auth = CaaIssuers(recs, false);
    if (!auth.restricted) {
      out.push_back(MakeFinding(kCode, Outcome::kInfo, Severity::kInfo, d, ev,
                                "no issue property: any certification authority may issue"));
      continue;
    }
    const CertInfo* cert = SeenCertificate(ctx.obs, d);
    if (!cert && !WebsiteAnswered(ctx.obs, d)) {
      out.push_back(MakeFinding(kCode, Outcome::kNotTested, Severity::kLow, d, ev,
                                "CAA restricts issuance, but the website did not answer: no "
                                "certificate to compare"));
      continue;
    }
    if (!cert) {
      out.push_back(MakeFinding(kCode, Outcome::kPass, Severity::kLow, d, ev,
                                "CAA restricts issuance (no certificate observed to compare)"));
      continue;
    }
    bool match = false;
    for (const std::string& issuer : auth.issuers) match = match || IssuerMatches(issuer, *cert);
    std::string ev2 = ev + "\ncertificate issuer: " + cert->issuer;
    if (match) {
      out.push_back(MakeFinding(kCode, Outcome::kPass, Severity::kLow, d, ev2,
                                "CAA authorises the issuer of the certificate in use"));
    } else {
      out.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kLow, d, ev2,
                                auth.issuers.empty() ? "CAA forbids every CA, yet a certificate is in use"
                                                     : "CAA does not authorise the issuer of the certificate in use"));
    }
  }
  return out;
}

}  // namespace posture::mail
