// Raw TLS ClientHello building and ServerHello parsing, for the probes that
// OpenSSL 3.0 cannot make itself: SSLv3, and the weak cipher classes (RC4,
// 3DES, DES, export, NULL, anon...) that the library no longer offers. We
// send a ClientHello offering only the suites of one class and read the
// server's first record: a ServerHello naming a suite means "accepted", an
// alert means "refused". No handshake is completed: no key is ever derived.
//
// Everything here is pure (bytes in, bytes out) and bounded, so the parser
// is a fuzz target: any input gives a result, never a crash.
//
// The suite table is our own, from the IANA "TLS Cipher Suites" registry
// (RFC 5246 appendix A.5, RFC 4492, RFC 5289, RFC 7905...). PSK, SRP,
// Kerberos and GOST suites are left out: a scan without credentials cannot
// negotiate them.
//
// Thread-safety: pure functions and immutable tables.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace posture::tls {

// Protocol version numbers on the wire.
inline constexpr uint16_t kSsl3 = 0x0300;
inline constexpr uint16_t kTls10 = 0x0301;
inline constexpr uint16_t kTls11 = 0x0302;
inline constexpr uint16_t kTls12 = 0x0303;
inline constexpr uint16_t kTls13 = 0x0304;

// "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" (OpenSSL's spelling, as
// in TlsVersionResult); "0x%04x" for others.
std::string VersionName(uint16_t version);

enum class KeyExchange {
  kRsa,        // static RSA key transport (TLS_RSA_*)
  kDh,         // static DH (TLS_DH_DSS_*, TLS_DH_RSA_*)
  kEcdh,       // static ECDH (TLS_ECDH_ECDSA_*, TLS_ECDH_RSA_*)
  kDhe,        // ephemeral DH, authenticated
  kEcdhe,      // ephemeral ECDH, authenticated
  kAnonDh,     // TLS_DH_anon_*: no authentication
  kAnonEcdh,   // TLS_ECDH_anon_*
};

enum class Cipher {
  kNull, kRc4, kRc2, kDes40, kDes, k3Des, kIdea, kSeed, kCamellia, kAes, kAria, kChaCha20,
};

enum class CipherMode { kNone, kStream, kCbc, kAead };

struct CipherSuite {
  uint16_t id;
  const char* name;  // IANA name, e.g. "TLS_RSA_WITH_RC4_128_SHA"
  KeyExchange kx;
  Cipher cipher;
  CipherMode mode;
  int bits;            // effective symmetric strength (3DES: 112, export: 40/56)
  bool export_grade;   // *_EXPORT_*
  bool tls12_only;     // SHA-256/384 MAC or AEAD: not valid before TLS 1.2
};

// Every suite we know (sorted by id).
const std::vector<CipherSuite>& AllCipherSuites();
// nullptr when unknown.
const CipherSuite* FindCipherSuite(uint16_t id);
// The IANA name, or "0x%04x" when the suite is not in our table.
std::string CipherSuiteName(uint16_t id);

// The weak cipher classes of CipherClassResult, in probing order:
// "export", "null", "anon", "rc4", "3des", "des", "low", "non_fs", "cbc_only".
const std::vector<std::string>& CipherClassNames();
// Suites offered for a class at a protocol version (TLS 1.2-only suites are
// left out below TLS 1.2). Empty for an unknown class.
//   export:   *_EXPORT_* suites (not anon)
//   null:     no encryption (not anon)
//   anon:     DH_anon / ECDH_anon: no server authentication
//   rc4, 3des, des: that cipher (not anon; des includes DES40)
//   low:      effective strength < 112 bits (not anon, not NULL)
//   non_fs:   static RSA, DH or ECDH key exchange with a real cipher (not export)
//   cbc_only: CBC ciphers only, no AEAD, no stream (not anon, not export)
std::vector<uint16_t> CipherClassSuites(std::string_view cipher_class, uint16_t version);
// Suites offered by the raw SSLv3 probe: everything valid in SSLv3.
std::vector<uint16_t> Ssl3Suites();

struct ClientHelloSpec {
  uint16_t version = kTls12;         // client_version in the hello
  uint16_t record_version = kTls10;  // version of the record layer
  std::vector<uint16_t> cipher_suites;
  std::string sni;          // host name; empty (or an IP literal) for none
  bool extensions = true;   // false: no extension block (SSLv3)
  std::array<uint8_t, 32> random{};
};

// One TLS record holding the ClientHello. With extensions: server_name (when
// `sni` is a host name), supported_groups, ec_point_formats,
// signature_algorithms (TLS 1.2 only), renegotiation_info, and padding to
// 512 bytes when the hello would be 256..511 bytes long (RFC 7685). Without
// extensions, the SCSV 0x00FF signals secure renegotiation instead.
std::string BuildClientHello(const ClientHelloSpec& spec);

// What the server's first bytes say.
struct ServerReply {
  enum class Kind {
    kNeedMore,     // not enough bytes yet
    kServerHello,  // a ServerHello was read
    kAlert,        // the server answered with an alert
    kMalformed,    // not TLS, or a broken record / message
  };
  Kind kind = Kind::kNeedMore;
  uint16_t record_version = 0;
  uint16_t version = 0;       // ServerHello: the version chosen (supported_versions aware)
  uint16_t cipher_suite = 0;  // ServerHello: the suite chosen
  uint8_t alert_level = 0;
  uint8_t alert_description = 0;
  std::string error;  // kMalformed: why
};

// Parses the server's reply stream from its first byte (call again with
// more bytes while kNeedMore). Handshake messages may span records. The
// ServerHello must arrive within `max_bytes` bytes, else kMalformed.
ServerReply ParseServerReply(std::string_view data, size_t max_bytes = 64 * 1024);

// RFC 8446 §6 alert names ("handshake_failure", "protocol_version"...).
std::string AlertName(uint8_t description);

}  // namespace posture::tls
