// DKIM public key records (RFC 6376 §3.6.1, RFC 8463 for ed25519) and an
// estimate of the key size: the p= base64 is decoded and, for RSA, the
// SubjectPublicKeyInfo (or bare PKCS#1 RSAPublicKey) DER is read far enough
// to measure the modulus, with a small bounded DER reader (no OpenSSL).
//
// Thread-safety: pure functions, plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace posture {

struct DkimKeyRecord {
  bool ok = false;     // syntactically usable key record
  std::string error;
  bool revoked = false;        // p= empty (§3.6.1)
  std::string key_type = "rsa";  // k=, default rsa
  int key_bits = 0;            // 0 when unknown
  bool testing = false;        // t=y
  std::vector<std::string> issues;
};

// Looks like a DKIM key record: "v=DKIM1" first, or a tag list with p=.
bool IsDkimKeyRecordText(std::string_view text);
DkimKeyRecord ParseDkimKeyRecord(std::string_view text);

// Standard base64 (RFC 4648 §4), whitespace ignored; nullopt when malformed.
// Input is bounded to 16 KiB.
std::optional<std::string> DecodeBase64(std::string_view text);

// RSA modulus size in bits from a DER SubjectPublicKeyInfo or RSAPublicKey;
// 0 when the structure is not an RSA key.
int RsaModulusBits(std::string_view der);

}  // namespace posture
