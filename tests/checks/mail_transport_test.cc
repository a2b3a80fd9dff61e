// MAIL-TLS-01..04, MAIL-MTASTS-01, MAIL-TLSRPT-01, MAIL-DANE-01.
#include <gtest/gtest.h>

#include "checks/mail/mail_common.h"
#include "tests/checks/mail_builder_testlib.h"

namespace posture::testing {
namespace {

Finding Run1(CheckFunction f, const MailObsBuilder& b, const char* code) {
  return OneFinding(RunCheck(f, b.Build()), code, "ville.fr");
}

MailObsBuilder TwoMx() {
  MailObsBuilder b;
  b.GoodDomain("ville.fr");
  b.Answer("ville.fr", dns_type::kMx, {"10 mx1.ville.fr.", "20 mx2.ville.fr."});
  b.Smtp(GoodSmtpProbe("mx2.ville.fr", "192.0.2.26"));
  b.Answer("_25._tcp.mx2.ville.fr", dns_type::kTlsa, {"3 1 1 bb22"}, true);
  b.obs().http[0].body = "version: STSv1\nmode: enforce\nmx: *.ville.fr\nmax_age: 1209600\n";
  return b;
}

TEST(MailTransportTest, StarttlsMissingOnOneMxFailsCriticalAndNamesIt) {
  MailObsBuilder b = TwoMx();
  EXPECT_EQ(Run1(&mail::CheckStarttls, b, "MAIL-TLS-01").outcome, Outcome::kPass);
  SmtpProbe& p = b.obs().smtp[1];
  p.starttls_offered = false;
  p.ehlo = {"250-mx2.ville.fr", "250 8BITMIME"};
  p.tls.reset();
  p.tls_status = ProbeStatus::kSkipped;
  Finding f = Run1(&mail::CheckStarttls, b, "MAIL-TLS-01");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.subject, "ville.fr mx2.ville.fr 192.0.2.26");
  EXPECT_NE(f.evidence.find("250 8BITMIME"), std::string::npos);
  // The other TLS checks do not judge a host without TLS.
  EXPECT_EQ(Run1(&mail::CheckMxTlsVersions, b, "MAIL-TLS-02").outcome, Outcome::kPass);
}

TEST(MailTransportTest, HandshakeFailureFailsTimeoutIsError) {
  MailObsBuilder b = TwoMx();
  b.obs().smtp[0].tls_status = ProbeStatus::kTlsError;
  EXPECT_EQ(Run1(&mail::CheckStarttls, b, "MAIL-TLS-01").outcome, Outcome::kFail);
  b = TwoMx();
  b.obs().smtp[0].status = ProbeStatus::kTimeout;
  Finding f = Run1(&mail::CheckStarttls, b, "MAIL-TLS-01");
  EXPECT_EQ(f.outcome, Outcome::kError);
  EXPECT_EQ(f.subject, "ville.fr mx1.ville.fr 192.0.2.25");
  b = TwoMx();
  b.obs().smtp.pop_back();  // mx2 not probed
  EXPECT_EQ(Run1(&mail::CheckStarttls, b, "MAIL-TLS-01").outcome, Outcome::kNotTested);
  b.Status("ville.fr", dns_type::kMx, ProbeStatus::kServFail);
  EXPECT_EQ(Run1(&mail::CheckStarttls, b, "MAIL-TLS-01").outcome, Outcome::kError);
  b.Answer("ville.fr", dns_type::kMx, {"0 ."});
  EXPECT_EQ(Run1(&mail::CheckStarttls, b, "MAIL-TLS-01").outcome, Outcome::kNotApplicable);
}

TEST(MailTransportTest, OldVersionsAndWeakCiphers) {
  MailObsBuilder b = TwoMx();
  b.obs().smtp[1].tls->versions[0].accepted = Tri::kYes;  // TLSv1
  Finding f = Run1(&mail::CheckMxTlsVersions, b, "MAIL-TLS-02");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(Run1(&mail::CheckMxTlsCiphers, b, "MAIL-TLS-03").outcome, Outcome::kPass);
  b.obs().smtp[0].tls->cipher_classes[4] = {"3des", Tri::kYes, "DES-CBC3-SHA", "TLSv1.2"};
  EXPECT_EQ(Run1(&mail::CheckMxTlsCiphers, b, "MAIL-TLS-03").outcome, Outcome::kFail);
  b = TwoMx();
  b.obs().smtp[0].tls->negotiated_version = "TLSv1.2";
  b.obs().smtp[0].tls->negotiated_cipher = "AES256-GCM-SHA384";  // RSA key exchange
  EXPECT_EQ(Run1(&mail::CheckMxTlsCiphers, b, "MAIL-TLS-03").outcome, Outcome::kFail);
  b.obs().smtp[0].tls->negotiated_cipher = "ECDHE-RSA-AES256-GCM-SHA384";
  EXPECT_EQ(Run1(&mail::CheckMxTlsCiphers, b, "MAIL-TLS-03").outcome, Outcome::kPass);
}

TEST(MailTransportTest, APassNeedsEveryOldVersionAndBrokenClassProbed) {
  // An MX that stopped answering during the detail probes leaves some unknown:
  // neither passed nor failed.
  MailObsBuilder b = TwoMx();
  b.obs().smtp[0].tls->versions[1].accepted = Tri::kUnknown;  // TLSv1.1
  Finding f = Run1(&mail::CheckMxTlsVersions, b, "MAIL-TLS-02");
  EXPECT_EQ(f.outcome, Outcome::kNotTested);
  EXPECT_EQ(f.subject, "ville.fr mx1.ville.fr 192.0.2.25");
  b = TwoMx();
  b.obs().smtp[0].tls->cipher_classes[4].accepted = Tri::kUnknown;  // 3des
  EXPECT_EQ(Run1(&mail::CheckMxTlsCiphers, b, "MAIL-TLS-03").outcome, Outcome::kNotTested);
  // A broken class seen is a failure whatever the others.
  b.obs().smtp[0].tls->cipher_classes[3] = {"rc4", Tri::kYes, "RC4-SHA", "TLSv1.2"};
  EXPECT_EQ(Run1(&mail::CheckMxTlsCiphers, b, "MAIL-TLS-03").outcome, Outcome::kFail);
}

TEST(MailTransportTest, CertificateSeverityRisesWithMtaStsEnforce) {
  MailObsBuilder b = TwoMx();
  b.Remove("_25._tcp.mx1.ville.fr", dns_type::kTlsa).Remove("_25._tcp.mx2.ville.fr", dns_type::kTlsa);
  b.obs().smtp[0].tls->chain_verified = false;
  b.obs().smtp[0].tls->verify_error = "self-signed certificate";
  Finding f = Run1(&mail::CheckMxCertificate, b, "MAIL-TLS-04");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kHigh);  // enforce mode
  b.obs().http[0].body = "version: STSv1\nmode: testing\nmx: *.ville.fr\nmax_age: 1209600\n";
  EXPECT_EQ(Run1(&mail::CheckMxCertificate, b, "MAIL-TLS-04").severity, Severity::kLow);
  // Expired, judged against the injected now.
  b = TwoMx();
  b.obs().smtp[1].tls->chain[0].not_after = kNow - 86400;
  b.Remove("_25._tcp.mx2.ville.fr", dns_type::kTlsa);
  EXPECT_EQ(Run1(&mail::CheckMxCertificate, b, "MAIL-TLS-04").outcome, Outcome::kFail);
}

TEST(MailTransportTest, DaneEeMatchAuthenticatesAnUntrustedCertificate) {
  MailObsBuilder b = TwoMx();
  b.obs().smtp[0].tls->chain_verified = false;
  EXPECT_EQ(Run1(&mail::CheckMxCertificate, b, "MAIL-TLS-04").outcome, Outcome::kPass);
}

TEST(MailTransportTest, MtaStsModesPatternsAndSyntax) {
  struct Case {
    const char* body;
    Outcome outcome;
  } cases[] = {
      {"version: STSv1\r\nmode: enforce\r\nmx: mx1.ville.fr\r\nmx: mx2.ville.fr\r\nmax_age: 604800\r\n", Outcome::kPass},
      {"version: STSv1\nmode: testing\nmx: *.ville.fr\nmax_age: 604800\n", Outcome::kPartial},
      {"version: STSv1\nmode: none\nmax_age: 604800\n", Outcome::kFail},
      {"version: STSv1\nmode: enforce\nmx: mx1.ville.fr\nmax_age: 604800\n", Outcome::kFail},  // mx2 uncovered
      {"version: STSv1\nmode: enforce\nmx: *.ville.fr\nmax_age: 99999999999\n", Outcome::kFail},
      {"version: STSv1\nmode: enforce\nmx: *.ville.fr\nmax_age: 3600\n", Outcome::kPartial},
      {"version: STSv2\nmode: enforce\nmx: *.ville.fr\nmax_age: 604800\n", Outcome::kFail},
      {"mode: enforce\nmx: *.ville.fr\n", Outcome::kFail},
      {"<html>not found</html>", Outcome::kFail},
  };
  for (const Case& c : cases) {
    MailObsBuilder b = TwoMx();
    b.obs().http[0].body = c.body;
    EXPECT_EQ(Run1(&mail::CheckMtaSts, b, "MAIL-MTASTS-01").outcome, c.outcome) << c.body;
  }
  MailObsBuilder b = TwoMx();
  b.Status("_mta-sts.ville.fr", dns_type::kTxt, ProbeStatus::kNxDomain);
  Finding f = Run1(&mail::CheckMtaSts, b, "MAIL-MTASTS-01");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.severity, Severity::kLow);
  b = TwoMx();
  // A certificate that does not verify (X509_V_ERR_CERT_HAS_EXPIRED): fail.
  b.obs().http[0].status = ProbeStatus::kTlsError;
  b.obs().http[0].hops.back().tls_verify_result = 10;
  EXPECT_EQ(Run1(&mail::CheckMtaSts, b, "MAIL-MTASTS-01").outcome, Outcome::kFail);
  // A handshake cut before any certificate (a reset): not the domain's doing to judge.
  b.obs().http[0].hops.back().tls_verify_result = -1;
  b.obs().http[0].error = "Recv failure: Connection reset by peer";
  EXPECT_EQ(Run1(&mail::CheckMtaSts, b, "MAIL-MTASTS-01").outcome, Outcome::kError);
  b.obs().http[0].status = ProbeStatus::kTimeout;
  EXPECT_EQ(Run1(&mail::CheckMtaSts, b, "MAIL-MTASTS-01").outcome, Outcome::kError);
  b.obs().http.clear();
  EXPECT_EQ(Run1(&mail::CheckMtaSts, b, "MAIL-MTASTS-01").outcome, Outcome::kNotTested);
}

TEST(MailTransportTest, TlsRpt) {
  MailObsBuilder b = TwoMx();
  EXPECT_EQ(Run1(&mail::CheckTlsRpt, b, "MAIL-TLSRPT-01").outcome, Outcome::kPass);
  b.Txt("_smtp._tls.ville.fr", {"v=TLSRPTv1; rua=ftp://x"});
  EXPECT_EQ(Run1(&mail::CheckTlsRpt, b, "MAIL-TLSRPT-01").outcome, Outcome::kFail);
  b.Status("_smtp._tls.ville.fr", dns_type::kTxt, ProbeStatus::kNxDomain);
  // Absent: a fail whose severity is info (issue 4's table).
  Finding absent = Run1(&mail::CheckTlsRpt, b, "MAIL-TLSRPT-01");
  EXPECT_EQ(absent.outcome, Outcome::kFail);
  EXPECT_EQ(absent.severity, Severity::kInfo);
}

TEST(MailTransportTest, DaneMatchMismatchInsecureAbsent) {
  MailObsBuilder b = TwoMx();
  EXPECT_EQ(Run1(&mail::CheckDane, b, "MAIL-DANE-01").outcome, Outcome::kPass);
  b.Answer("_25._tcp.mx2.ville.fr", dns_type::kTlsa, {"3 1 1 ffff"}, true);
  Finding f = Run1(&mail::CheckDane, b, "MAIL-DANE-01");
  EXPECT_EQ(f.outcome, Outcome::kFail);
  EXPECT_EQ(f.subject, "ville.fr mx2.ville.fr 192.0.2.26");
  b.Answer("_25._tcp.mx2.ville.fr", dns_type::kTlsa, {"3 1 1 bb22"}, false);  // no AD
  EXPECT_EQ(Run1(&mail::CheckDane, b, "MAIL-DANE-01").outcome, Outcome::kFail);
  b.Answer("_25._tcp.mx2.ville.fr", dns_type::kTlsa, {"3 1 0 3082"}, true);  // full data: not comparable
  EXPECT_EQ(Run1(&mail::CheckDane, b, "MAIL-DANE-01").outcome, Outcome::kNotTested);
  b.Status("_25._tcp.mx2.ville.fr", dns_type::kTlsa, ProbeStatus::kNxDomain);
  EXPECT_EQ(Run1(&mail::CheckDane, b, "MAIL-DANE-01").outcome, Outcome::kFail);
  b.Status("_25._tcp.mx2.ville.fr", dns_type::kTlsa, ProbeStatus::kTimeout);
  EXPECT_EQ(Run1(&mail::CheckDane, b, "MAIL-DANE-01").outcome, Outcome::kError);
}

}  // namespace
}  // namespace posture::testing
