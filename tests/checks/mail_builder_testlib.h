// Builders for hand-written TargetObservations used by the mail check
// tests: DNS answers by (name, type), SMTP probes with their TLS facts, the
// MTA-STS policy fetch, and a baseline "well configured" mail domain that a
// test then breaks one property at a time.
#pragma once

#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/observations.h"

namespace posture::testing {

class MailObsBuilder {
 public:
  MailObsBuilder();

  MailObsBuilder& Email(const std::string& email);
  MailObsBuilder& MailDomain(const std::string& d);
  MailObsBuilder& WebDomain(const std::string& d);

  // Replaces any earlier answer to (name, type).
  MailObsBuilder& Answer(const std::string& name, uint16_t type, std::vector<std::string> data,
                         bool ad = false);
  MailObsBuilder& Status(const std::string& name, uint16_t type, ProbeStatus status);
  // One TXT record per element, each given as its character-strings.
  MailObsBuilder& TxtStrings(const std::string& name, std::vector<std::vector<std::string>> records);
  // One TXT record per element, each a single character-string.
  MailObsBuilder& Txt(const std::string& name, std::vector<std::string> records);
  MailObsBuilder& Remove(const std::string& name, uint16_t type);
  DnsResult* Find(const std::string& name, uint16_t type);

  MailObsBuilder& Smtp(SmtpProbe probe);
  MailObsBuilder& Http(HttpFetch fetch);
  MailObsBuilder& HttpsEndpoint(TlsEndpoint endpoint);

  // A domain with MX mx1.<d> (SMTP probe with STARTTLS, TLS 1.3, trusted
  // certificate), SPF "v=spf1 mx -all", DMARC p=reject with a local rua,
  // a 2048-bit DKIM key at selector1, MTA-STS enforce, TLS-RPT, DANE-EE TLSA,
  // DNSSEC validated, CAA for letsencrypt.org.
  MailObsBuilder& GoodDomain(const std::string& d);

  TargetObservations& obs() { return obs_; }
  const TargetObservations& Build() const { return obs_; }

 private:
  TargetObservations obs_;
};

// A 2048-bit RSA SubjectPublicKeyInfo in base64 (for DKIM p=).
extern const char kRsa2048SpkiBase64[];
extern const char kRsa1024SpkiBase64[];
extern const char kRsa512SpkiBase64[];

inline constexpr UnixSeconds kNow = 1796000000;  // 2026-11-29

// A completed SMTP probe with STARTTLS and a good TLS 1.3 handshake.
SmtpProbe GoodSmtpProbe(const std::string& mx_host, const std::string& ip);

std::vector<Finding> RunCheck(CheckFunction check, const TargetObservations& obs,
                              UnixSeconds now = kNow);
// The findings of `code` whose subject starts with `subject_prefix`.
std::vector<Finding> FindingsFor(const std::vector<Finding>& findings, const std::string& code,
                                 const std::string& subject_prefix = "");
// The single finding of `code` for a subject prefix; fails the test if not one.
Finding OneFinding(const std::vector<Finding>& findings, const std::string& code,
                   const std::string& subject_prefix = "");

}  // namespace posture::testing
