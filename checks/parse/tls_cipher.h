// Classification of TLS cipher suite names (OpenSSL names such as
// "ECDHE-RSA-AES128-GCM-SHA256" and IANA names such as
// "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"; TLS 1.3 "TLS_AES_128_GCM_SHA256")
// into the properties the ANSSI TLS guide (v1.2) judges: forward secrecy,
// AEAD, and the weak families (export, NULL, anonymous, RC4, 3DES, DES,
// < 112-bit). Also maps the engine's weak cipher classes
// (CipherClassResult::cipher_class) to the WEB-TLS-03 severity tier.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace posture {

struct CipherTraits {
  bool known = false;  // the name was recognised
  bool tls13 = false;
  bool forward_secrecy = false;  // (EC)DHE key exchange, or TLS 1.3
  bool aead = false;             // GCM, CCM, ChaCha20-Poly1305
  bool anonymous = false;
  bool null_cipher = false;
  bool export_grade = false;
  bool rc4 = false;
  bool triple_des = false;
  bool des = false;  // single DES
  int bits = 0;      // symmetric strength estimate; 0 when unknown
};

CipherTraits ClassifyCipher(std::string_view name);

// Tier of an engine cipher class: 3 = critical (export, null, anon, des,
// low), 2 = high (rc4, 3des), 1 = medium (non_fs, cbc_only), 0 = unknown.
int CipherClassTier(std::string_view cipher_class);

}  // namespace posture
