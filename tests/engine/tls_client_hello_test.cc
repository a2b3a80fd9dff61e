#include "scanner/tls/client_hello.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <set>

#include "tests/engine/tls_fake_testlib.h"

namespace posture::tls {
namespace {

using testing::ParseClientHello;

std::string Record(uint8_t type, uint16_t version, const std::string& payload) {
  std::string r = {static_cast<char>(type), static_cast<char>(version >> 8),
                   static_cast<char>(version & 0xff), static_cast<char>(payload.size() >> 8),
                   static_cast<char>(payload.size() & 0xff)};
  return r + payload;
}

// A ServerHello handshake message (type + 3-byte length + body).
std::string ServerHelloMessage(uint16_t version, uint16_t suite, const std::string& extensions = "",
                               bool with_ext_block = false) {
  std::string body = {static_cast<char>(version >> 8), static_cast<char>(version & 0xff)};
  body += std::string(32, 'r');
  body += '\x04';
  body += "sess";
  body += static_cast<char>(suite >> 8);
  body += static_cast<char>(suite & 0xff);
  body += '\0';
  if (with_ext_block) {
    body += static_cast<char>(extensions.size() >> 8);
    body += static_cast<char>(extensions.size() & 0xff);
    body += extensions;
  }
  std::string msg = {0x02, 0, static_cast<char>(body.size() >> 8),
                     static_cast<char>(body.size() & 0xff)};
  return msg + body;
}

TEST(TlsCipherTable, SortedUniqueAndNamed) {
  const auto& all = AllCipherSuites();
  ASSERT_GT(all.size(), 100u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].id, all[i].id);
  EXPECT_EQ(CipherSuiteName(0x0005), "TLS_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(CipherSuiteName(0x000a), "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
  EXPECT_EQ(CipherSuiteName(0xc02f), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(CipherSuiteName(0xfefe), "0xfefe");
  EXPECT_EQ(FindCipherSuite(0x0000), nullptr);  // NULL_WITH_NULL_NULL is never offered
}

// Our table against OpenSSL's, for every suite the library still knows.
TEST(TlsCipherTable, AgreesWithOpenSsl) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  int known = 0;
  for (const CipherSuite& s : AllCipherSuites()) {
    unsigned char id[2] = {static_cast<unsigned char>(s.id >> 8),
                           static_cast<unsigned char>(s.id & 0xff)};
    const SSL_CIPHER* c = SSL_CIPHER_find(ssl, id);
    if (!c) continue;
    ++known;
    EXPECT_STREQ(SSL_CIPHER_standard_name(c), s.name) << std::hex << s.id;
    bool aead = SSL_CIPHER_is_aead(c) == 1;
    EXPECT_EQ(aead, s.mode == CipherMode::kAead) << s.name;
  }
  EXPECT_GT(known, 60);
  SSL_free(ssl);
  SSL_CTX_free(ctx);
}

TEST(TlsCipherClasses, ContentsMatchTheirDefinition) {
  for (const std::string& cls : CipherClassNames()) {
    EXPECT_FALSE(CipherClassSuites(cls, kTls12).empty()) << cls;
    for (uint16_t id : CipherClassSuites(cls, kTls12)) {
      const CipherSuite* s = FindCipherSuite(id);
      ASSERT_NE(s, nullptr);
      bool anon = s->kx == KeyExchange::kAnonDh || s->kx == KeyExchange::kAnonEcdh;
      EXPECT_EQ(anon, cls == "anon") << cls << " " << s->name;
      if (cls == "rc4") { EXPECT_EQ(s->cipher, Cipher::kRc4) << s->name; }
      if (cls == "3des") { EXPECT_EQ(s->cipher, Cipher::k3Des) << s->name; }
      if (cls == "export") { EXPECT_TRUE(s->export_grade) << s->name; }
      if (cls == "null") { EXPECT_EQ(s->cipher, Cipher::kNull) << s->name; }
      if (cls == "low") { EXPECT_LT(s->bits, 112) << s->name; }
      if (cls == "cbc_only") { EXPECT_EQ(s->mode, CipherMode::kCbc) << s->name; }
      if (cls == "non_fs") {
        EXPECT_TRUE(s->kx == KeyExchange::kRsa || s->kx == KeyExchange::kDh ||
                    s->kx == KeyExchange::kEcdh)
            << s->name;
      }
    }
  }
  std::vector<uint16_t> rc4 = CipherClassSuites("rc4", kTls12);
  EXPECT_NE(std::find(rc4.begin(), rc4.end(), 0x0005), rc4.end());
  std::vector<uint16_t> non_fs = CipherClassSuites("non_fs", kTls12);
  EXPECT_NE(std::find(non_fs.begin(), non_fs.end(), 0x002f), non_fs.end());  // AES128-SHA
  EXPECT_EQ(std::find(non_fs.begin(), non_fs.end(), 0xc02f), non_fs.end());  // ECDHE is FS
  std::vector<uint16_t> cbc = CipherClassSuites("cbc_only", kTls12);
  EXPECT_EQ(std::find(cbc.begin(), cbc.end(), 0x009c), cbc.end());  // GCM is AEAD
  EXPECT_TRUE(CipherClassSuites("no-such-class", kTls12).empty());
}

TEST(TlsCipherClasses, Tls12OnlySuitesLeftOutBelowTls12) {
  for (uint16_t id : CipherClassSuites("non_fs", kTls10)) EXPECT_FALSE(FindCipherSuite(id)->tls12_only);
  std::vector<uint16_t> v12 = CipherClassSuites("non_fs", kTls12);
  EXPECT_NE(std::find(v12.begin(), v12.end(), 0x009c), v12.end());  // RSA AES128-GCM
  std::vector<uint16_t> v10 = CipherClassSuites("non_fs", kTls10);
  EXPECT_EQ(std::find(v10.begin(), v10.end(), 0x009c), v10.end());
}

TEST(TlsClientHello, RoundTripsThroughAServerSideParser) {
  ClientHelloSpec spec;
  spec.version = kTls12;
  spec.cipher_suites = {0x0005, 0x0004};
  spec.sni = "mx.example.test";
  std::string hello = BuildClientHello(spec);
  auto parsed = ParseClientHello(hello);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->record_version, kTls10);
  EXPECT_EQ(parsed->version, kTls12);
  EXPECT_EQ(parsed->suites, (std::vector<uint16_t>{0x0005, 0x0004}));
  EXPECT_EQ(parsed->sni, "mx.example.test");
  EXPECT_TRUE(parsed->has_signature_algorithms);
}

TEST(TlsClientHello, NoSniForIpLiteralsNoSigAlgsBeforeTls12) {
  ClientHelloSpec spec;
  spec.version = kTls10;
  spec.cipher_suites = {0x002f};
  spec.sni = "192.0.2.1";
  auto parsed = ParseClientHello(BuildClientHello(spec));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->sni, "");
  EXPECT_FALSE(parsed->has_signature_algorithms);
  spec.sni = "2001:db8::1";
  parsed = ParseClientHello(BuildClientHello(spec));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->sni, "");
}

TEST(TlsClientHello, Ssl3HelloHasNoExtensionsAndSignalsRenegotiation) {
  ClientHelloSpec spec;
  spec.version = kSsl3;
  spec.record_version = kSsl3;
  spec.extensions = false;
  spec.cipher_suites = Ssl3Suites();
  std::string hello = BuildClientHello(spec);
  auto parsed = ParseClientHello(hello);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->version, kSsl3);
  EXPECT_EQ(parsed->record_version, kSsl3);
  EXPECT_EQ(parsed->suites.back(), 0x00ff);
  for (uint16_t id : parsed->suites)
    if (id != 0x00ff) { EXPECT_FALSE(FindCipherSuite(id)->tls12_only); }
}

TEST(TlsClientHello, PaddedOutOfThe256To511ByteRange) {
  for (size_t n = 1; n < 200; ++n) {
    ClientHelloSpec spec;
    for (size_t i = 0; i < n; ++i) spec.cipher_suites.push_back(AllCipherSuites()[i % 160].id);
    spec.sni = "www.example.test";
    std::string hello = BuildClientHello(spec);
    size_t handshake_len = hello.size() - 5;
    EXPECT_TRUE(handshake_len < 256 || handshake_len >= 512) << n << " suites: " << handshake_len;
    ASSERT_TRUE(ParseClientHello(hello).has_value()) << n;
  }
}

TEST(TlsServerReply, ServerHelloInOneRecord) {
  std::string data = Record(22, kTls12, ServerHelloMessage(kTls12, 0x0005));
  ServerReply r = ParseServerReply(data);
  ASSERT_EQ(r.kind, ServerReply::Kind::kServerHello) << r.error;
  EXPECT_EQ(r.version, kTls12);
  EXPECT_EQ(r.cipher_suite, 0x0005);
  // Followed by more records (Certificate...): still the same answer.
  data += Record(22, kTls12, std::string("\x0b\x00\x00\x01\x00", 5));
  EXPECT_EQ(ParseServerReply(data).kind, ServerReply::Kind::kServerHello);
}

TEST(TlsServerReply, EveryTruncationNeedsMore) {
  std::string data = Record(22, kTls12, ServerHelloMessage(kTls12, 0x000a));
  for (size_t i = 0; i < data.size(); ++i)
    EXPECT_EQ(ParseServerReply(data.substr(0, i)).kind, ServerReply::Kind::kNeedMore) << i;
}

TEST(TlsServerReply, MessageFragmentedAcrossRecords) {
  std::string msg = ServerHelloMessage(kTls10, 0x0004);
  std::string data;
  for (size_t i = 0; i < msg.size(); i += 7) data += Record(22, kTls10, msg.substr(i, 7));
  ServerReply r = ParseServerReply(data);
  ASSERT_EQ(r.kind, ServerReply::Kind::kServerHello) << r.error;
  EXPECT_EQ(r.version, kTls10);
  EXPECT_EQ(r.cipher_suite, 0x0004);
}

TEST(TlsServerReply, SupportedVersionsExtensionGivesTls13) {
  std::string ext = {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04};
  ServerReply r =
      ParseServerReply(Record(22, kTls12, ServerHelloMessage(kTls12, 0x1301, ext, true)));
  ASSERT_EQ(r.kind, ServerReply::Kind::kServerHello) << r.error;
  EXPECT_EQ(r.version, kTls13);
}

TEST(TlsServerReply, Alert) {
  ServerReply r = ParseServerReply(Record(21, kTls12, std::string("\x02\x28", 2)));
  ASSERT_EQ(r.kind, ServerReply::Kind::kAlert);
  EXPECT_EQ(r.alert_level, 2);
  EXPECT_EQ(r.alert_description, 40);
  EXPECT_EQ(AlertName(r.alert_description), "handshake_failure");
  EXPECT_EQ(AlertName(70), "protocol_version");
}

TEST(TlsServerReply, GarbageIsMalformedAtOnce) {
  EXPECT_EQ(ParseServerReply("H").kind, ServerReply::Kind::kMalformed);
  EXPECT_EQ(ParseServerReply("HTTP/1.1 400 Bad Request\r\n").kind, ServerReply::Kind::kMalformed);
  EXPECT_EQ(ParseServerReply(std::string("\x80\x2e\x02", 3)).kind,
            ServerReply::Kind::kMalformed);  // SSLv2
  // Bad record version, zero length, oversized record.
  EXPECT_EQ(ParseServerReply(std::string("\x16\x07\x01\x00\x10", 5)).kind,
            ServerReply::Kind::kMalformed);
  EXPECT_EQ(ParseServerReply(std::string("\x16\x03\x03\x00\x00", 5)).kind,
            ServerReply::Kind::kMalformed);
  EXPECT_EQ(ParseServerReply(std::string("\x16\x03\x03\xff\xff", 5)).kind,
            ServerReply::Kind::kMalformed);
  // Application data or a certificate before the ServerHello.
  EXPECT_EQ(ParseServerReply(Record(23, kTls12, "abc")).kind, ServerReply::Kind::kMalformed);
  EXPECT_EQ(ParseServerReply(Record(22, kTls12, std::string("\x0b\x00\x00\x01\x00", 5))).kind,
            ServerReply::Kind::kMalformed);
  // Truncated alert; session id longer than 32.
  EXPECT_EQ(ParseServerReply(Record(21, kTls12, "\x02")).kind, ServerReply::Kind::kMalformed);
  std::string msg = ServerHelloMessage(kTls12, 0x0005);
  msg[4 + 34] = 40;
  EXPECT_EQ(ParseServerReply(Record(22, kTls12, msg)).kind, ServerReply::Kind::kMalformed);
  // Extension block length that lies.
  std::string lying = ServerHelloMessage(kTls12, 0x0005, std::string("\x00\x2b\x00\x02\x03", 5), true);
  EXPECT_EQ(ParseServerReply(Record(22, kTls12, lying)).kind, ServerReply::Kind::kMalformed);
}

TEST(TlsServerReply, EndlessTinyRecordsHitTheCap) {
  // A handshake message announced as 60000 bytes, dribbled in 1-byte records.
  std::string data = Record(22, kTls12, std::string("\x02\x00\xea\x60", 4));
  for (int i = 0; i < 20000; ++i) data += Record(22, kTls12, "x");
  ServerReply r = ParseServerReply(data, 4096);
  EXPECT_EQ(r.kind, ServerReply::Kind::kMalformed);
}

// Deterministic pseudo-random inputs: never a crash, always a verdict.
TEST(TlsServerReply, RandomBytesNeverCrash) {
  uint32_t x = 12345;
  std::string base = Record(22, kTls12, ServerHelloMessage(kTls12, 0x0005));
  for (int round = 0; round < 3000; ++round) {
    std::string data = base;
    for (int k = 0; k < 4; ++k) {
      x = x * 1103515245 + 12345;
      data[(x >> 8) % data.size()] = static_cast<char>(x >> 24);
    }
    x = x * 1103515245 + 12345;
    data.resize((x >> 8) % (data.size() + 1));
    ServerReply r = ParseServerReply(data);
    if (r.kind == ServerReply::Kind::kServerHello) { EXPECT_EQ(r.version >> 8, 3); }
  }
}

TEST(TlsVersionNames, OpenSslSpelling) {
  EXPECT_EQ(VersionName(kSsl3), "SSLv3");
  EXPECT_EQ(VersionName(kTls10), "TLSv1");
  EXPECT_EQ(VersionName(kTls11), "TLSv1.1");
  EXPECT_EQ(VersionName(kTls12), "TLSv1.2");
  EXPECT_EQ(VersionName(kTls13), "TLSv1.3");
  EXPECT_EQ(VersionName(0x7f17), "0x7f17");
}

}  // namespace
}  // namespace posture::tls
