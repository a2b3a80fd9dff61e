#include "checks/parse/tls_cipher.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(ParseTlsCipherTest, OpenSslNames) {
  CipherTraits t = ClassifyCipher("ECDHE-RSA-AES128-GCM-SHA256");
  EXPECT_TRUE(t.known);
  EXPECT_TRUE(t.forward_secrecy);
  EXPECT_TRUE(t.aead);
  EXPECT_EQ(t.bits, 128);
  t = ClassifyCipher("AES256-SHA");
  EXPECT_FALSE(t.forward_secrecy);
  EXPECT_FALSE(t.aead);
  t = ClassifyCipher("DES-CBC3-SHA");
  EXPECT_TRUE(t.triple_des);
  EXPECT_FALSE(t.des);
  t = ClassifyCipher("EDH-RSA-DES-CBC-SHA");
  EXPECT_TRUE(t.des);
  EXPECT_TRUE(t.forward_secrecy);
  EXPECT_EQ(t.bits, 56);
  EXPECT_TRUE(ClassifyCipher("RC4-SHA").rc4);
  EXPECT_TRUE(ClassifyCipher("EXP-RC4-MD5").export_grade);
  EXPECT_TRUE(ClassifyCipher("ADH-AES128-SHA").anonymous);
  EXPECT_FALSE(ClassifyCipher("ADH-AES128-SHA").forward_secrecy);
  EXPECT_TRUE(ClassifyCipher("NULL-SHA256").null_cipher);
  EXPECT_TRUE(ClassifyCipher("ECDHE-ECDSA-CHACHA20-POLY1305").aead);
}

TEST(ParseTlsCipherTest, IanaAndTls13Names) {
  CipherTraits t = ClassifyCipher("TLS_AES_256_GCM_SHA384");
  EXPECT_TRUE(t.tls13);
  EXPECT_TRUE(t.forward_secrecy);
  EXPECT_TRUE(t.aead);
  t = ClassifyCipher("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_TRUE(t.forward_secrecy);
  EXPECT_FALSE(t.aead);
  t = ClassifyCipher("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
  EXPECT_TRUE(t.triple_des);
  EXPECT_FALSE(t.forward_secrecy);
  EXPECT_TRUE(ClassifyCipher("TLS_DH_anon_WITH_AES_128_CBC_SHA").anonymous);
  EXPECT_TRUE(ClassifyCipher("TLS_RSA_EXPORT_WITH_RC4_40_MD5").export_grade);
  EXPECT_FALSE(ClassifyCipher("TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256").forward_secrecy);
}

TEST(ParseTlsCipherTest, UnknownAndGarbage) {
  EXPECT_FALSE(ClassifyCipher("").known);
  EXPECT_FALSE(ClassifyCipher("whatever").known);
  ClassifyCipher(std::string(10000, '-'));
  ClassifyCipher(std::string(10000, '_'));
}

TEST(ParseTlsCipherTest, ClassTiers) {
  EXPECT_EQ(CipherClassTier("export"), 3);
  EXPECT_EQ(CipherClassTier("low"), 3);
  EXPECT_EQ(CipherClassTier("3des"), 2);
  EXPECT_EQ(CipherClassTier("RC4"), 2);
  EXPECT_EQ(CipherClassTier("cbc_only"), 1);
  EXPECT_EQ(CipherClassTier("non_fs"), 1);
  EXPECT_EQ(CipherClassTier("other"), 0);
}

}  // namespace
}  // namespace posture
