// End to end: one `posture scan` of the whole lab registry (tests/lab/
// targets.csv, run against the live lab), then, for every lab collectivity
// of tests/lab/ground_truth.json, what the database holds:
//   - the observations of every web host (address, redirect chains, HTTPS,
//     TLS versions and cipher classes accepted, certificate facts, security
//     headers, cookies, Server / X-Powered-By / generator, mixed content,
//     security.txt) and of every mail domain (MX hosts, banner, STARTTLS, MX
//     TLS versions and certificates, TLSA, SPF records and their tree's
//     lookup and void-lookup counts, DMARC facts, MTA-STS, TLS-RPT, DKIM,
//     CAA, DNSSEC);
//   - the findings: the expected outcome of every code per web host, per
//     mail domain and per collectivity (the worst over its findings);
//   - that each finding was stored with its check's version.
// The lab must be up (tests/lab/up); otherwise every test fails saying so.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <set>

#include "checks/base/strings.h"
#include "checks/check.h"
#include "checks/finding.h"
#include "checks/mail/mail_plan.h"
#include "checks/parse/dkim.h"
#include "checks/parse/dmarc.h"
#include "checks/parse/dns_text.h"
#include "checks/parse/html_scan.h"
#include "checks/parse/mtasts.h"
#include "checks/parse/spf_eval.h"
#include "checks/parse/tls_cipher.h"
#include "scanner/store/store.h"
#include "scanner/store/store_scans.h"
#include "scanner/store/store_targets.h"
#include "tests/e2e/lab_testlib.h"

namespace posture::e2e {
namespace {

using nlohmann::json;

std::string Str(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }

std::string FirstToken(const std::string& s) { return s.substr(0, s.find(' ')); }

// "CN=Posture Lab CA,O=Posture Lab" -> "Posture Lab CA".
std::string CommonNameOf(const std::string& dn) {
  size_t at = dn.find("CN=");
  if (at == std::string::npos) return "";
  size_t end = dn.find(',', at);
  return dn.substr(at + 3, end == std::string::npos ? std::string::npos : end - at - 3);
}

const HttpHeader* Header(const HttpHop& hop, const std::string& name) {
  for (const HttpHeader& h : hop.headers)
    if (AsciiLower(h.name) == name) return &h;
  return nullptr;
}

std::vector<std::string> Headers(const HttpHop& hop, const std::string& name) {
  std::vector<std::string> out;
  for (const HttpHeader& h : hop.headers)
    if (AsciiLower(h.name) == name) out.push_back(h.value);
  return out;
}

Tri Accepted(const std::vector<TlsVersionResult>& versions, const std::string& version) {
  for (const TlsVersionResult& v : versions)
    if (v.version == version) return v.accepted;
  return Tri::kUnknown;
}

Tri ClassAccepted(const TlsEndpoint& ep, const std::string& cipher_class) {
  for (const CipherClassResult& c : ep.cipher_classes)
    if (c.cipher_class == cipher_class) return c.accepted;
  return Tri::kUnknown;
}

Tri Want(bool b) { return b ? Tri::kYes : Tri::kNo; }

const TlsEndpoint* HttpsEndpoint(const TargetObservations& obs, const std::string& host) {
  for (const TlsEndpoint& ep : obs.tls)
    if (ep.context == "https" && ep.sni == host) return &ep;
  return nullptr;
}

const SmtpProbe* SmtpFor(const TargetObservations& obs, const std::string& mx, const std::string& ip) {
  for (const SmtpProbe& s : obs.smtp)
    if (s.mx_host == mx && s.ip == ip) return &s;
  return nullptr;
}

std::vector<std::pair<int, std::string>> ChainOf(const HttpFetch& f) {
  std::vector<std::pair<int, std::string>> out;
  for (const HttpHop& h : f.hops) out.emplace_back(h.status_code, h.location);
  return out;
}

std::vector<std::pair<int, std::string>> ChainOf(const json& chain) {
  std::vector<std::pair<int, std::string>> out;
  for (const json& hop : chain) out.emplace_back(hop[0].get<int>(), Str(hop[1]));
  return out;
}

// The certificate facts of the ground truth (tests/lab/README.md) against a
// TLS endpoint's leaf, chain verdict and name check.
void ExpectCertificate(const TlsEndpoint& ep, const json& want) {
  ASSERT_FALSE(ep.chain.empty()) << "no certificate presented";
  const CertInfo& leaf = ep.chain.front();
  bool expired = LabUpTime() >= leaf.not_after;
  // The chain reaches the lab CA, expiry aside (X509_V_ERR_CERT_HAS_EXPIRED = 10).
  bool chain_trusted = ep.verify_code == 0 || (ep.verify_code == 10 && !leaf.self_issued);
  EXPECT_EQ(chain_trusted, want["chain_trusted"].get<bool>()) << "verify " << ep.verify_code << " " << ep.verify_error;
  EXPECT_EQ(leaf.self_issued, want["self_signed"].get<bool>());
  EXPECT_EQ(expired, want["expired"].get<bool>());
  EXPECT_EQ(ep.hostname_matches, want["name_matches"].get<bool>());
  double days = static_cast<double>(leaf.not_after - LabUpTime()) / 86400.0;
  EXPECT_NEAR(days, want["expires_in_days"].get<double>(), 1.01) << "notAfter relative to the lab's start";
  EXPECT_EQ(CommonNameOf(leaf.issuer), Str(want["issuer_cn"]));
  EXPECT_EQ(leaf.common_name, Str(want["subject_cn"]));
  EXPECT_EQ(leaf.dns_names, want["san"].get<std::vector<std::string>>());
  EXPECT_EQ(leaf.key_type, Str(want["key_type"]));
  EXPECT_EQ(leaf.key_bits, want["key_bits"].get<int>());
  EXPECT_EQ(leaf.signature_algorithm, Str(want["signature_algorithm"]));
  std::set<std::string> verdict;
  if (chain_trusted && !expired && ep.hostname_matches) verdict.insert("trusted");
  if (leaf.self_issued) verdict.insert("self-signed");
  if (expired) verdict.insert("expired");
  if (!ep.hostname_matches) verdict.insert("wrong-host");
  std::set<std::string> want_verdict;
  for (const json& v : want["verdict"]) want_verdict.insert(v.get<std::string>());
  EXPECT_EQ(verdict, want_verdict);
}

void ExpectTlsVersions(const std::vector<TlsVersionResult>& versions, const json& want) {
  for (const char* v : {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})
    EXPECT_EQ(TriName(Accepted(versions, v)), std::string(TriName(Want(want[v].get<bool>())))) << v;
}

// ---------------------------------------------------------------------------
// Outcomes.

// ---------------------------------------------------------------------------
// The fixture: one collectivity of the ground truth.

class LabCollectivityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(LabIsUp());
    ASSERT_TRUE(GroundTruth().contains("collectivities")) << "tests/lab/ground_truth.json unreadable";
    std::string db = ScannedLabDatabase();
    ASSERT_FALSE(db.empty());
    ASSERT_TRUE(LoadScanned(db, GetParam(), &scanned_));
    truth_ = GroundTruth()["collectivities"][GetParam()];
  }

  std::vector<const Finding*> FindingsOf(const std::string& code, const std::string& first = "") const {
    std::vector<const Finding*> out;
    for (const Finding& f : scanned_.findings)
      if (f.code == code && (first.empty() || FirstToken(f.subject) == first)) out.push_back(&f);
    return out;
  }

  void ExpectWebHost(const std::string& host, const json& w);
  void ExpectMailDomain(const std::string& domain, const json& m);

  Scanned scanned_;
  json truth_;
};

void LabCollectivityTest::ExpectWebHost(const std::string& host, const json& w) {
  const TargetObservations& obs = scanned_.obs;
  const DnsResult* a = obs.FindDns(host, dns_type::kA);
  ASSERT_NE(a, nullptr) << "A " << host << " not asked";
  if (!w["resolves"].get<bool>()) {
    // Under the bogus zone the validating resolver answers SERVFAIL: nothing to connect to.
    EXPECT_EQ(ProbeStatusName(a->status), std::string("servfail"));
    EXPECT_EQ(HttpsEndpoint(obs, host), nullptr);
    return;
  }
  ASSERT_EQ(a->status, ProbeStatus::kOk);
  ASSERT_EQ(a->records.size(), 1u);
  EXPECT_EQ(a->records[0].data, Str(w["ip"]));

  const HttpFetch* http = obs.FindHttp("http", host);
  ASSERT_NE(http, nullptr) << "no fetch of http://" << host << "/";
  EXPECT_EQ(ChainOf(*http), ChainOf(w["http"]["chain"])) << "http:// redirect chain";
  EXPECT_EQ(http->final_url, Str(w["http"]["final_url"]));

  const json& hs = w["https"];
  const HttpFetch* https = obs.FindHttp("https", host);
  ASSERT_NE(https, nullptr) << "no fetch of https://" << host << "/";
  const TlsEndpoint* ep = HttpsEndpoint(obs, host);
  ASSERT_NE(ep, nullptr) << "no TLS observation for " << host;
  if (!hs["available"].get<bool>()) {
    EXPECT_EQ(ProbeStatusName(ep->status), std::string("refused"));
    ASSERT_FALSE(https->hops.empty());
    EXPECT_EQ(ProbeStatusName(https->hops.back().status), std::string("refused"));
    return;
  }
  EXPECT_EQ(ChainOf(*https), ChainOf(hs["chain"])) << "https:// redirect chain";
  EXPECT_EQ(https->final_url, Str(hs["final_url"]));

  ASSERT_EQ(ep->status, ProbeStatus::kOk) << ep->error;
  EXPECT_EQ(ep->ip, Str(w["ip"]));
  ExpectTlsVersions(ep->versions, hs["tls_versions"]);
  const json& cc = hs["cipher_classes"];
  EXPECT_EQ(ClassAccepted(*ep, "null"), Want(cc["null"].get<bool>())) << "NULL suites";
  EXPECT_EQ(ClassAccepted(*ep, "export"), Want(cc["export"].get<bool>())) << "export suites";
  EXPECT_EQ(ClassAccepted(*ep, "rc4"), Want(cc["rc4"].get<bool>())) << "RC4 suites";
  EXPECT_EQ(ClassAccepted(*ep, "3des"), Want(cc["triple_des"].get<bool>())) << "3DES suites";
  EXPECT_EQ(ClassAccepted(*ep, "non_fs"), Want(cc["non_fs"].get<bool>())) << "static RSA suites";
  EXPECT_EQ(ClassAccepted(*ep, "cbc_only"), Want(cc["cbc"].get<bool>())) << "CBC (non-AEAD) suites";
  CipherTraits negotiated = ClassifyCipher(ep->negotiated_cipher);
  ASSERT_TRUE(negotiated.known) << ep->negotiated_cipher;
  EXPECT_EQ(negotiated.forward_secrecy, cc["fs"].get<bool>()) << "negotiated " << ep->negotiated_cipher;
  EXPECT_EQ(negotiated.aead, cc["aead"].get<bool>()) << "negotiated " << ep->negotiated_cipher;
  {
    SCOPED_TRACE("certificate of " + host);
    ExpectCertificate(*ep, hs["certificate"]);
  }

  ASSERT_FALSE(https->hops.empty());
  const HttpHop& page = https->hops.back();
  EXPECT_EQ(page.status_code, 200);
  for (const auto& [name, value] : hs["headers"].items()) {
    const HttpHeader* h = Header(page, name);
    if (value.is_null()) {
      EXPECT_EQ(h, nullptr) << name << ": " << (h ? h->value : "");
    } else {
      ASSERT_NE(h, nullptr) << name << " missing on " << https->final_url;
      EXPECT_EQ(h->value, value.get<std::string>()) << name;
    }
  }
  std::vector<std::string> cookies;
  for (const json& c : hs["cookies"]) cookies.push_back(Str(c["raw"]));
  EXPECT_EQ(Headers(page, "set-cookie"), cookies);
  const HttpHeader* server = Header(page, "server");
  EXPECT_EQ(server ? server->value : "", Str(hs["server"]));
  const HttpHeader* powered = Header(page, "x-powered-by");
  EXPECT_EQ(powered ? powered->value : "", Str(hs["x_powered_by"]));
  HtmlScan html = ScanHtml(https->body);
  EXPECT_EQ(html.generators.empty() ? "" : html.generators.front(), Str(hs["generator"]));
  bool mixed = false;
  for (const std::string& src : html.script_srcs) mixed = mixed || StartsWithIgnoreCase(src, "http://");
  EXPECT_EQ(mixed, hs["mixed_content"].get<bool>());

  // security.txt is fetched once per web domain, at the final host of its
  // web host: when this host's URL was the one fetched, it must say so.
  for (const HttpFetch& f : obs.http) {
    if (f.purpose != "security.txt" || f.start_url != Str(w["security_txt_url"])) continue;
    ASSERT_FALSE(f.hops.empty());
    int want = Str(w["security_txt"]) == "missing" ? 404 : 200;
    EXPECT_EQ(f.hops.back().status_code, want) << f.start_url;
  }
}

void LabCollectivityTest::ExpectMailDomain(const std::string& d, const json& m) {
  const TargetObservations& obs = scanned_.obs;
  const DnsResult* mx = obs.FindDns(d, dns_type::kMx);
  ASSERT_NE(mx, nullptr) << "MX " << d << " not asked";
  if (!m["resolves"].get<bool>()) {
    // DNSSEC bogus: every question of the domain is SERVFAIL at the validating resolver.
    for (uint16_t type : {dns_type::kMx, dns_type::kTxt, dns_type::kDnskey, dns_type::kCaa}) {
      const DnsResult* r = obs.FindDns(d, type);
      ASSERT_NE(r, nullptr) << DnsTypeName(type);
      EXPECT_EQ(ProbeStatusName(r->status), std::string("servfail")) << DnsTypeName(type);
    }
    const DnsResult* dmarc = obs.FindDns("_dmarc." + d, dns_type::kTxt);
    ASSERT_NE(dmarc, nullptr);
    EXPECT_EQ(ProbeStatusName(dmarc->status), std::string("servfail"));
    EXPECT_EQ(Str(m["dnssec"]), "bogus");
    return;
  }

  // MX hosts, their SMTP conversation and TLS.
  std::vector<std::pair<int, std::string>> mx_seen;
  for (const DnsRecord& r : mx->records) {
    auto parts = SplitWhitespace(r.data);
    ASSERT_EQ(parts.size(), 2u) << r.data;
    mx_seen.emplace_back(std::stoi(std::string(parts[0])), CanonicalDnsName(parts[1]));
  }
  if (m["null_mx"].get<bool>()) {
    EXPECT_EQ(mx_seen, (std::vector<std::pair<int, std::string>>{{0, ""}})) << "null MX (RFC 7505)";
  } else {
    std::vector<std::pair<int, std::string>> mx_want;
    for (const json& h : m["mx"]) mx_want.emplace_back(h["preference"].get<int>(), Str(h["host"]));
    EXPECT_EQ(mx_seen, mx_want);
  }
  for (const json& h : m["mx"]) {
    std::string host = Str(h["host"]), ip = Str(h["ip"]);
    SCOPED_TRACE("MX " + host + " " + ip);
    const DnsResult* addr = obs.FindDns(host, dns_type::kA);
    ASSERT_NE(addr, nullptr);
    ASSERT_EQ(addr->records.size(), 1u);
    EXPECT_EQ(addr->records[0].data, ip);
    const SmtpProbe* s = SmtpFor(obs, host, ip);
    ASSERT_NE(s, nullptr) << "no SMTP probe";
    EXPECT_EQ(s->status, ProbeStatus::kOk) << s->error;
    ASSERT_FALSE(s->banner.empty());
    EXPECT_EQ(s->banner.front(), Str(h["banner"]));
    bool starttls = s->starttls_offered && s->tls_status == ProbeStatus::kOk && s->tls.has_value();
    EXPECT_EQ(starttls, h["starttls"].get<bool>());
    if (starttls) {
      ExpectTlsVersions(s->tls->versions, h["tls_versions"]);
      ExpectCertificate(*s->tls, h["certificate"]);
    }
    const DnsResult* tlsa = obs.FindDns("_25._tcp." + host, dns_type::kTlsa);
    ASSERT_NE(tlsa, nullptr) << "TLSA _25._tcp." << host << " not asked";
    bool present = tlsa->status == ProbeStatus::kOk && !tlsa->records.empty();
    EXPECT_EQ(present, h["tlsa"]["present"].get<bool>());
    if (present) {
      ASSERT_EQ(tlsa->records.size(), 1u);
      auto parts = SplitWhitespace(tlsa->records[0].data);
      ASSERT_EQ(parts.size(), 4u);
      EXPECT_EQ(std::string(parts[0]) + " " + std::string(parts[1]) + " " + std::string(parts[2]),
                Str(h["tlsa"]["usage"]));
      EXPECT_EQ(tlsa->authenticated, h["tlsa"]["dnssec_secure"].get<bool>()) << "AD bit on the TLSA answer";
      ASSERT_TRUE(starttls && !s->tls->chain.empty());
      bool matches = AsciiLower(parts[3]) == AsciiLower(s->tls->chain.front().spki_sha256);  // 3 1 1
      EXPECT_EQ(matches, h["tlsa"]["matches"].get<bool>());
    }
  }

  // SPF: the records as published and joined, and the expanded tree.
  const json& spf = m["spf"];
  const DnsResult* txt = obs.FindDns(d, dns_type::kTxt);
  ASSERT_NE(txt, nullptr);
  std::vector<std::string> records;
  std::vector<std::vector<std::string>> strings;
  for (const DnsRecord& r : txt->records) {
    std::string joined = JoinedTxt(r);
    if (!IsSpfRecordText(joined)) continue;
    records.push_back(joined);
    strings.push_back(r.strings);
  }
  std::sort(records.begin(), records.end());
  std::vector<std::string> want_records = spf["records"].get<std::vector<std::string>>();
  std::sort(want_records.begin(), want_records.end());
  EXPECT_EQ(records, want_records);
  if (records.size() == 1) {
    EXPECT_EQ(strings.front(), spf["txt_strings"][0].get<std::vector<std::string>>()) << "TXT character-strings";
    ObservationsSpfDns dns(obs);
    SpfTree tree = ExpandSpfTree(d, dns);
    EXPECT_TRUE(tree.complete()) << "questions of the SPF tree not asked: " << tree.needed.size();
    EXPECT_EQ(tree.dns_terms, spf["lookups"].get<int>()) << "DNS-querying terms (RFC 7208 §4.6.4)";
    EXPECT_EQ(tree.void_lookups, spf["void_lookups"].get<int>()) << "void lookups";
    EXPECT_EQ(tree.uses_ptr, spf["ptr"].get<bool>());
    EXPECT_EQ(tree.permerror() ? "permerror" : "valid", Str(spf["result"]));
    // The terminal policy reached, through redirect=.
    std::string all;
    int node = tree.nodes.empty() ? -1 : 0;
    for (int hops = 0; node >= 0 && hops < 12; ++hops) {
      const SpfTreeNode& n = tree.nodes[static_cast<size_t>(node)];
      if (const SpfTerm* t = n.parsed.FindAll()) {
        all = std::string(1, SpfQualifierChar(t->qualifier)) + "all";
        break;
      }
      int next = -1;
      for (int c : n.children)
        if (tree.nodes[static_cast<size_t>(c)].via == "redirect") next = c;
      node = next;
    }
    EXPECT_EQ(all, Str(spf["all"])) << "terminal policy";
  } else {
    EXPECT_NE(Str(spf["result"]), "valid");
  }

  // DMARC at _dmarc.<domain>.
  const json& dm = m["dmarc"];
  const DnsResult* dr = obs.FindDns("_dmarc." + d, dns_type::kTxt);
  ASSERT_NE(dr, nullptr);
  std::vector<std::string> dmarc_records;  // what looks like one, valid or not
  for (const std::string& t : JoinedTxtRecords(*dr))
    if (StartsWithIgnoreCase(t, "v=DMARC1")) dmarc_records.push_back(t);
  if (dm.is_null()) {
    EXPECT_TRUE(dmarc_records.empty()) << dmarc_records.front();
  } else {
    ASSERT_EQ(dmarc_records.size(), 1u);
    EXPECT_EQ(dmarc_records[0], Str(dm["record"]));
    DmarcRecord rec = ParseDmarcRecord(dmarc_records[0]);
    EXPECT_EQ(IsDmarcRecordText(dmarc_records[0]) && rec.ok, dm["valid"].get<bool>());
    if (rec.ok) {
      EXPECT_EQ(rec.p ? DmarcPolicyName(*rec.p) : "", Str(dm["p"]));
      EXPECT_EQ(rec.sp ? DmarcPolicyName(*rec.sp) : "", Str(dm["sp"]));
      EXPECT_EQ(rec.np ? DmarcPolicyName(*rec.np) : "", Str(dm["np"]));
      EXPECT_EQ(rec.pct_given ? rec.pct : -1, dm["pct"].is_null() ? -1 : dm["pct"].get<int>());
      EXPECT_EQ(rec.testing, Str(dm["t"]) == "y");
      std::vector<std::string> rua;
      for (const DmarcUri& u : rec.rua) rua.push_back(u.uri);
      EXPECT_EQ(rua, dm["rua"].is_null() ? std::vector<std::string>{} : dm["rua"].get<std::vector<std::string>>());
      EXPECT_EQ(DmarcPolicyName(EffectiveDmarcPolicy(rec, false).effective), Str(dm["effective_policy"]));
      std::vector<std::string> auth = DmarcReportAuthorisationNames(d, rec, nullptr);
      EXPECT_EQ(!auth.empty(), dm["rua_external"].get<bool>()) << "external rua (organisational domains differ)";
      for (const std::string& name : auth) {
        const DnsResult* ar = obs.FindDns(name, dns_type::kTxt);
        ASSERT_NE(ar, nullptr) << "TXT " << name << " not asked";
        bool ok = false;
        for (const std::string& t : JoinedTxtRecords(*ar)) ok = ok || IsDmarcRecordText(t);
        EXPECT_EQ(ok, dm["rua_authorised"].get<bool>()) << name;
      }
    }
  }

  // MTA-STS: the TXT record and the policy fetched over verified HTTPS.
  const json& ms = m["mta_sts"];
  const DnsResult* sts = obs.FindDns("_mta-sts." + d, dns_type::kTxt);
  ASSERT_NE(sts, nullptr);
  std::vector<std::string> sts_txt;
  for (const std::string& t : JoinedTxtRecords(*sts))
    if (IsMtaStsTxtText(t)) sts_txt.push_back(t);
  if (ms.is_null()) {
    EXPECT_TRUE(sts_txt.empty());
  } else {
    ASSERT_EQ(sts_txt.size(), 1u);
    EXPECT_EQ(sts_txt[0], Str(ms["txt"]));
    const HttpFetch* policy = nullptr;
    for (const HttpFetch& f : obs.http)
      if (f.purpose == "mta-sts-policy" && f.start_url == Str(ms["policy_url"])) policy = &f;
    ASSERT_NE(policy, nullptr) << "policy " << Str(ms["policy_url"]) << " not fetched";
    EXPECT_EQ(policy->status, ProbeStatus::kOk) << "fetched with certificate verification: " << policy->error;
    ASSERT_FALSE(policy->hops.empty());
    EXPECT_EQ(policy->hops.back().status_code, 200);
    MtaStsPolicy p = ParseMtaStsPolicy(policy->body);
    EXPECT_TRUE(p.ok);
    EXPECT_EQ(MtaStsModeName(p.mode), Str(ms["mode"]));
    EXPECT_EQ(p.mx, ms["mx_patterns"].get<std::vector<std::string>>());
    EXPECT_EQ(p.max_age, ms["max_age"].get<int64_t>());
    bool covered = true;
    for (const json& h : m["mx"]) covered = covered && MtaStsPolicyCoversMx(p, Str(h["host"]));
    EXPECT_EQ(covered, ms["mx_match"].get<bool>());
  }

  // TLS-RPT.
  const DnsResult* rpt = obs.FindDns("_smtp._tls." + d, dns_type::kTxt);
  ASSERT_NE(rpt, nullptr);
  std::vector<std::string> rpt_txt;
  for (const std::string& t : JoinedTxtRecords(*rpt))
    if (StartsWithIgnoreCase(t, "v=TLSRPTv1")) rpt_txt.push_back(t);
  EXPECT_EQ(rpt_txt, m["tls_rpt"].is_null() ? std::vector<std::string>{}
                                            : std::vector<std::string>{Str(m["tls_rpt"])});

  // DKIM: _domainkey existence, and the key at a known selector.
  const json& dk = m["dkim"];
  const DnsResult* dkroot = obs.FindDns("_domainkey." + d, dns_type::kTxt);
  ASSERT_NE(dkroot, nullptr);
  EXPECT_EQ(dkroot->status == ProbeStatus::kNxDomain, dk["domainkey_nxdomain"].get<bool>());
  std::string selector = Str(dk["selector"]);
  const auto& known = KnownDkimSelectors();
  if (!selector.empty() && std::find(known.begin(), known.end(), selector) != known.end()) {
    const DnsResult* key = obs.FindDns(selector + "._domainkey." + d, dns_type::kTxt);
    ASSERT_NE(key, nullptr);
    std::vector<std::string> keys = JoinedTxtRecords(*key);
    ASSERT_EQ(keys.size(), 1u) << selector;
    DkimKeyRecord k = ParseDkimKeyRecord(keys[0]);
    EXPECT_TRUE(k.ok) << k.error;
    EXPECT_EQ(k.key_bits, dk["key_bits"].get<int>());
  }
  // (A selector outside the known list, as gmail.com's, cannot be found from outside.)

  // CAA, verbatim.
  const DnsResult* caa = obs.FindDns(d, dns_type::kCaa);
  ASSERT_NE(caa, nullptr);
  std::vector<std::string> caa_seen;
  for (const DnsRecord& r : caa->records) caa_seen.push_back(r.data);
  std::sort(caa_seen.begin(), caa_seen.end());
  std::vector<std::string> caa_want = m["caa"].get<std::vector<std::string>>();
  std::sort(caa_want.begin(), caa_want.end());
  EXPECT_EQ(caa_seen, caa_want);

  // DNSSEC: AD bit from the validating resolver on the DNSKEY answer.
  const DnsResult* key = obs.FindDns(d, dns_type::kDnskey);
  ASSERT_NE(key, nullptr);
  if (Str(m["dnssec"]) == "signed") {
    EXPECT_EQ(key->status, ProbeStatus::kOk);
    EXPECT_TRUE(key->authenticated) << "AD bit";
    EXPECT_FALSE(key->records.empty());
  } else {
    EXPECT_EQ(Str(m["dnssec"]), "unsigned");
    EXPECT_FALSE(key->authenticated);
    EXPECT_TRUE(key->records.empty()) << "DNSKEY in an unsigned zone";
  }
}

TEST_P(LabCollectivityTest, WebHostsObservedAsInGroundTruth) {
  ASSERT_EQ(scanned_.obs.target_key, GetParam());
  std::vector<std::string> hosts;
  for (const auto& [host, w] : truth_["web_hosts"].items()) hosts.push_back(host);
  std::vector<std::string> scanned = scanned_.obs.web_hosts;
  std::sort(hosts.begin(), hosts.end());
  std::sort(scanned.begin(), scanned.end());
  EXPECT_EQ(scanned, hosts) << "web hosts probed";
  for (const auto& [host, w] : truth_["web_hosts"].items()) {
    SCOPED_TRACE("web host " + host);
    ExpectWebHost(host, w);
  }
}

TEST_P(LabCollectivityTest, MailDomainsObservedAsInGroundTruth) {
  std::vector<std::string> domains;
  for (const auto& [d, m] : truth_["mail_domains"].items()) domains.push_back(d);
  std::vector<std::string> scanned = scanned_.obs.mail_domains;
  std::sort(domains.begin(), domains.end());
  std::sort(scanned.begin(), scanned.end());
  EXPECT_EQ(scanned, domains) << "mail domains judged";
  for (const auto& [d, m] : truth_["mail_domains"].items()) {
    SCOPED_TRACE("mail domain " + d);
    ExpectMailDomain(d, m);
  }
}

TEST_P(LabCollectivityTest, WebFindingsPerHost) {
  for (const auto& [host, w] : truth_["web_hosts"].items()) {
    for (const auto& [code, want] : w["expected_findings"].items()) {
      std::vector<const Finding*> got = FindingsOf(code, host);
      if (code == "WEB-SECTXT-01" && got.empty()) {
        // security.txt is judged once per web domain, at the final host of
        // its first web host (https://apex/ → https://www.apex/: www).
        std::string url = Str(w["security_txt_url"]);
        std::string at = url.empty() ? host : url.substr(8, url.find('/', 8) - 8);
        got = FindingsOf(code, at);
        if (got.empty() && host.rfind("www.", 0) == 0) continue;  // the apex's fetch judged the domain
      }
      ASSERT_FALSE(got.empty()) << code << ": no finding for " << host;
      EXPECT_EQ(WorstOutcome(got), want.get<std::string>())
          << code << " for " << host << DescribeFindings(got);
    }
  }
}

TEST_P(LabCollectivityTest, MailFindingsPerDomain) {
  for (const auto& [d, m] : truth_["mail_domains"].items()) {
    for (const auto& [code, want] : m["expected_findings"].items()) {
      std::vector<const Finding*> got = FindingsOf(code, d);
      ASSERT_FALSE(got.empty()) << code << ": no finding for " << d;
      EXPECT_EQ(WorstOutcome(got), want.get<std::string>())
          << code << " for " << d << DescribeFindings(got);
    }
  }
}

TEST_P(LabCollectivityTest, FindingsPerCollectivity) {
  std::set<std::string> expected;
  for (const auto& [code, want] : truth_["expected_findings"].items()) {
    expected.insert(code);
    std::vector<const Finding*> got = FindingsOf(code);
    ASSERT_FALSE(got.empty()) << code << ": no finding at all";
    EXPECT_EQ(WorstOutcome(got), want.get<std::string>()) << code << DescribeFindings(got);
  }
  // Every code of the registry is judged, and nothing else.
  std::set<std::string> emitted;
  for (const Finding& f : scanned_.findings) emitted.insert(f.code);
  std::set<std::string> all;
  for (const CheckInfo& c : AllChecks()) all.insert(c.code);
  EXPECT_EQ(emitted, all);
  EXPECT_EQ(expected, all);
}

std::string KeyName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Lab, LabCollectivityTest, ::testing::ValuesIn(GroundTruthKeys()), KeyName);

// ---------------------------------------------------------------------------
// The scan as a whole.

TEST(LabScanTest, EveryCollectivityScannedFindingsCarryTheirCheckVersion) {
  ASSERT_TRUE(LabIsUp());
  std::string db = ScannedLabDatabase();
  ASSERT_FALSE(db.empty());
  std::cout << "lab scan: " << ScannedLabSummary() << "\n";
  auto store = Store::Open(db);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto runs = ListRuns(*store, 10);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->front().status, "complete");
  EXPECT_EQ(runs->front().targets_total, static_cast<int64_t>(GroundTruthKeys().size()));
  EXPECT_EQ(runs->front().targets_done, runs->front().targets_total);

  auto stmt = store->db().Prepare("SELECT code, check_version, COUNT(*) FROM findings GROUP BY code, check_version");
  ASSERT_TRUE(stmt.ok());
  std::map<std::string, int64_t> versions;
  int64_t rows = 0;
  while (stmt->Step()) {
    std::string code = stmt->Text(0);
    EXPECT_EQ(versions.count(code), 0u) << code << " stored with two check versions";
    versions[code] = stmt->Int(1);
    rows += stmt->Int(2);
  }
  ASSERT_TRUE(stmt->status().ok());
  EXPECT_GT(rows, 26 * 37) << "findings stored";
  for (const CheckInfo& c : AllChecks()) {
    ASSERT_EQ(versions.count(c.code), 1u) << c.code << " never stored";
    EXPECT_EQ(versions[c.code], c.version) << c.code;
    EXPECT_GE(c.version, 1);
  }
}

// The issue tables give severities, not only outcomes: a few lab cases where
// the severity is the point of the rule.
TEST(LabScanTest, SeveritiesFollowTheIssueTables) {
  ASSERT_TRUE(LabIsUp());
  std::string db = ScannedLabDatabase();
  ASSERT_FALSE(db.empty());
  struct Case {
    const char* key;
    const char* code;
    const char* subject;
    const char* verdict;  // outcome/severity
    const char* why;
  } cases[] = {
      {"commune:91377", "WEB-CERT-02", "massy.idf.test 127.10.1.17", "fail/high", "< 14 days: high"},
      {"commune:92050", "WEB-CERT-02", "nanterre.idf.test 127.10.1.14", "fail/critical", "expired: critical"},
      {"commune:95585", "WEB-TLS-03", "sarcelles.idf.test 127.10.1.24", "fail/medium", "no forward secrecy: medium"},
      {"commune:93066", "WEB-TLS-03", "saint-denis.idf.test 127.10.1.5", "fail/critical", "NULL accepted: critical"},
      {"commune:95018", "WEB-HTTPS-01", "argenteuil.idf.test 127.10.1.19", "fail/critical", "HTTP only: critical"},
      {"commune:93048", "WEB-HTTPS-02", "montreuil.idf.test", "partial/low", "first hop to another host"},
      {"commune:92063", "WEB-HTTPS-02", "rueil-malmaison.idf.test", "fail/high", "no redirect"},
      {"commune:75056", "MAIL-TLSRPT-01", "paris.idf.test", "fail/info", "TLS-RPT: info"},
      {"commune:95585", "MAIL-SPF-03", "sarcelles.idf.test", "fail/critical", "+all: critical"},
      {"commune:92012", "MAIL-SPF-03", "boulogne-billancourt.idf.test", "fail/medium", "?all: medium"},
      {"commune:93070", "DNS-DNSSEC-01", "saint-ouen-sur-seine.idf.test", "fail/critical", "bogus: critical"},
      {"commune:95127", "MAIL-DMARC-03", "cergy.idf.test", "fail/low", "reports discarded: low"},
  };
  for (const Case& c : cases) {
    Scanned s;
    ASSERT_TRUE(LoadScanned(db, c.key, &s));
    const Finding* f = nullptr;
    for (const Finding& x : s.findings)
      if (x.code == c.code && x.subject == c.subject) f = &x;
    ASSERT_NE(f, nullptr) << c.key << " " << c.code << " [" << c.subject << "]";
    EXPECT_EQ(std::string(OutcomeName(f->outcome)) + "/" + SeverityName(f->severity), c.verdict)
        << c.key << " " << c.code << " (" << c.why << "): " << f->detail;
  }
}

}  // namespace
}  // namespace posture::e2e
