#include "tests/checks/mail_builder_testlib.h"

#include <gtest/gtest.h>

#include "checks/base/strings.h"

namespace posture::testing {

const char kRsa2048SpkiBase64[] = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuZ6XvSe3SsZOXoCxj7zeFHEqlcQmlbCUSEWdSR+H4m6KmXKu3azDGvnPqSXJSJ2TUls5JYclcucRE5Ip/8cjQ8YZpEEpNvyyW7KlQgN2ea10H2exDI1nR23F6+e27W4GuiBooZfRrncF4Plc9QNY4mxhR0f7XWvt/JvSRVC5sWGNbIbU+vBTNG9L3TBGiMU7SfgTtI/Va2Vogd8WEH/FKuTJ0KeK6t6X7vZsZC3dTebxGG3WKgB4yjotu934D4frJVmZWhEfKuky6n0xrQNXXXThM0WVK5bLSo1UJ/dLm4AQBHZWZ/1evhWNPT9f2NTXmzmskZAvljvaazb/ZEIOrwIDAQAB";
const char kRsa1024SpkiBase64[] = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDaBYm620+p56nEGSCyEGAOYeFU4gw0jJCf7fM/VZmMvdyOdW8huwxDMEwsOoSDr+SiJI/LBQ3g2gqTSI3RdvaioLWhX7MowUb4HgSgchOwUEE2rNHwrXKHHVyB4wQ7Pvs2hjnT19Yw9oo6s+31Ifn355j8BsGTeYbHrqrufyeaWwIDAQAB";
const char kRsa512SpkiBase64[] = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALPyHXWPIgYuBV81jzwPXoZJvoMvKV7TAVrzuwH3rNhR/UgoexWWXLLqFa9LP3+OylnpmGgdbEm9TvDU4gb2iGECAwEAAQ==";

MailObsBuilder::MailObsBuilder() { obs_.target_key = "commune:00000"; }

MailObsBuilder& MailObsBuilder::Email(const std::string& email) {
  obs_.email = email;
  return *this;
}
MailObsBuilder& MailObsBuilder::MailDomain(const std::string& d) {
  obs_.mail_domains.push_back(d);
  return *this;
}
MailObsBuilder& MailObsBuilder::WebDomain(const std::string& d) {
  obs_.web_domains.push_back(d);
  return *this;
}

DnsResult* MailObsBuilder::Find(const std::string& name, uint16_t type) {
  std::string c = CanonicalDnsName(name);
  for (DnsResult& r : obs_.dns)
    if (r.name == c && r.type == type) return &r;
  return nullptr;
}

MailObsBuilder& MailObsBuilder::Remove(const std::string& name, uint16_t type) {
  std::string c = CanonicalDnsName(name);
  for (size_t i = 0; i < obs_.dns.size(); ++i)
    if (obs_.dns[i].name == c && obs_.dns[i].type == type) {
      obs_.dns.erase(obs_.dns.begin() + static_cast<long>(i));
      break;
    }
  return *this;
}

MailObsBuilder& MailObsBuilder::Answer(const std::string& name, uint16_t type,
                                       std::vector<std::string> data, bool ad) {
  Remove(name, type);
  DnsResult r;
  r.name = CanonicalDnsName(name);
  r.type = type;
  r.status = data.empty() ? ProbeStatus::kNoData : ProbeStatus::kOk;
  r.rcode = 0;
  r.authenticated = ad;
  r.signed_answer = ad;
  for (std::string& d : data) {
    DnsRecord rec;
    rec.type = type;
    rec.owner = r.name;
    rec.ttl = 300;
    rec.data = std::move(d);
    r.records.push_back(std::move(rec));
  }
  obs_.dns.push_back(std::move(r));
  return *this;
}

MailObsBuilder& MailObsBuilder::Status(const std::string& name, uint16_t type, ProbeStatus status) {
  Remove(name, type);
  DnsResult r;
  r.name = CanonicalDnsName(name);
  r.type = type;
  r.status = status;
  r.rcode = status == ProbeStatus::kNxDomain ? 3 : status == ProbeStatus::kServFail ? 2 : 0;
  obs_.dns.push_back(std::move(r));
  return *this;
}

MailObsBuilder& MailObsBuilder::TxtStrings(const std::string& name,
                                           std::vector<std::vector<std::string>> records) {
  Remove(name, dns_type::kTxt);
  DnsResult r;
  r.name = CanonicalDnsName(name);
  r.type = dns_type::kTxt;
  r.status = records.empty() ? ProbeStatus::kNoData : ProbeStatus::kOk;
  for (auto& strings : records) {
    DnsRecord rec;
    rec.type = dns_type::kTxt;
    rec.owner = r.name;
    for (const std::string& s : strings) rec.data += (rec.data.empty() ? "\"" : " \"") + s + "\"";
    rec.strings = std::move(strings);
    r.records.push_back(std::move(rec));
  }
  obs_.dns.push_back(std::move(r));
  return *this;
}

MailObsBuilder& MailObsBuilder::Txt(const std::string& name, std::vector<std::string> records) {
  std::vector<std::vector<std::string>> recs;
  for (std::string& r : records) recs.push_back({std::move(r)});
  return TxtStrings(name, std::move(recs));
}

MailObsBuilder& MailObsBuilder::Smtp(SmtpProbe probe) {
  obs_.smtp.push_back(std::move(probe));
  return *this;
}
MailObsBuilder& MailObsBuilder::Http(HttpFetch fetch) {
  obs_.http.push_back(std::move(fetch));
  return *this;
}
MailObsBuilder& MailObsBuilder::HttpsEndpoint(TlsEndpoint endpoint) {
  obs_.tls.push_back(std::move(endpoint));
  return *this;
}

SmtpProbe GoodSmtpProbe(const std::string& mx_host, const std::string& ip) {
  SmtpProbe p;
  p.mx_host = mx_host;
  p.ip = ip;
  p.status = ProbeStatus::kOk;
  p.banner = {"220 " + mx_host + " ESMTP"};
  p.ehlo = {"250-" + mx_host, "250-PIPELINING", "250-STARTTLS", "250 8BITMIME"};
  p.starttls_offered = true;
  p.starttls_reply = "220 2.0.0 Ready to start TLS";
  p.tls_status = ProbeStatus::kOk;
  TlsEndpoint t;
  t.ip = ip;
  t.port = 25;
  t.sni = mx_host;
  t.context = "smtp-starttls";
  t.status = ProbeStatus::kOk;
  t.negotiated_version = "TLSv1.3";
  t.negotiated_cipher = "TLS_AES_256_GCM_SHA384";
  for (const char* v : {"TLSv1", "TLSv1.1"}) t.versions.push_back({v, Tri::kNo, ProbeStatus::kOk, "", ""});
  t.versions.push_back({"TLSv1.2", Tri::kYes, ProbeStatus::kOk, "ECDHE-RSA-AES256-GCM-SHA384", ""});
  t.versions.push_back({"TLSv1.3", Tri::kYes, ProbeStatus::kOk, "TLS_AES_256_GCM_SHA384", ""});
  for (const char* c : {"export", "null", "anon", "rc4", "3des", "des", "low"})
    t.cipher_classes.push_back({c, Tri::kNo, "", "TLSv1.2"});
  CertInfo leaf;
  leaf.subject = "CN=" + mx_host;
  leaf.issuer = "CN=R11,O=Let's Encrypt,C=US";
  leaf.common_name = mx_host;
  leaf.dns_names = {mx_host};
  leaf.not_before = kNow - 30 * 86400;
  leaf.not_after = kNow + 60 * 86400;
  leaf.key_type = "RSA";
  leaf.key_bits = 2048;
  leaf.sha256 = "aa11";
  leaf.spki_sha256 = "bb22";
  leaf.spki_sha512 = "cc33";
  leaf.cert_sha512 = "dd44";
  t.chain.push_back(leaf);
  t.chain_verified = true;
  t.verify_code = 0;
  t.hostname_matches = true;
  p.tls = t;
  return p;
}

MailObsBuilder& MailObsBuilder::GoodDomain(const std::string& d) {
  std::string mx = "mx1." + d;
  MailDomain(d);
  Answer(d, dns_type::kMx, {"10 " + mx + "."}, true);
  Answer(d, dns_type::kA, {"192.0.2.10"}, true);
  Answer(d, dns_type::kAaaa, {}, true);
  Answer(d, dns_type::kDnskey, {"257 3 13 AAAA"}, true);
  Answer(d, dns_type::kCaa, {"0 issue \"letsencrypt.org\""}, true);
  Answer(mx, dns_type::kA, {"192.0.2.25"}, true);
  Answer(mx, dns_type::kAaaa, {}, true);
  Txt(d, {"v=spf1 mx -all", "google-site-verification=abc"});
  Txt("_dmarc." + d, {"v=DMARC1; p=reject; rua=mailto:dmarc@" + d});
  Txt("_domainkey." + d, {});
  Txt("selector1._domainkey." + d, {std::string("v=DKIM1; k=rsa; p=") + kRsa2048SpkiBase64});
  Txt("_mta-sts." + d, {"v=STSv1; id=20261101"});
  Txt("_smtp._tls." + d, {"v=TLSRPTv1; rua=mailto:tlsrpt@" + d});
  Answer("_25._tcp." + mx, dns_type::kTlsa, {"3 1 1 BB22"}, true);
  Smtp(GoodSmtpProbe(mx, "192.0.2.25"));
  HttpFetch f;
  f.purpose = "mta-sts-policy";
  f.start_url = "https://mta-sts." + d + "/.well-known/mta-sts.txt";
  f.status = ProbeStatus::kOk;
  HttpHop hop;
  hop.url = f.start_url;
  hop.status = ProbeStatus::kOk;
  hop.status_code = 200;
  f.hops.push_back(hop);
  f.final_url = f.start_url;
  f.body = "version: STSv1\r\nmode: enforce\r\nmx: " + mx + "\r\nmax_age: 604800\r\n";
  Http(f);
  return *this;
}

std::vector<Finding> RunCheck(CheckFunction check, const TargetObservations& obs, UnixSeconds now) {
  CheckContext ctx{obs, now, {}, nullptr};
  return check(ctx);
}

std::vector<Finding> FindingsFor(const std::vector<Finding>& findings, const std::string& code,
                                 const std::string& subject_prefix) {
  std::vector<Finding> out;
  for (const Finding& f : findings)
    if (f.code == code && f.subject.rfind(subject_prefix, 0) == 0) out.push_back(f);
  return out;
}

Finding OneFinding(const std::vector<Finding>& findings, const std::string& code,
                   const std::string& subject_prefix) {
  std::vector<Finding> f = FindingsFor(findings, code, subject_prefix);
  EXPECT_EQ(f.size(), 1u) << code << " " << subject_prefix;
  if (f.empty()) return Finding{code, Outcome::kNotApplicable, Severity::kInfo, "(none)", "", ""};
  return f[0];
}

}  // namespace posture::testing
