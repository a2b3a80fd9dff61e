#include "scanner/tls/client_hello.h"

#include <algorithm>
#include <cstdio>

namespace posture::tls {
namespace {

using K = KeyExchange;
using C = Cipher;
using M = CipherMode;

// From the IANA TLS Cipher Suites registry; sorted by id.
const std::vector<CipherSuite> kSuites = {
    {0x0001, "TLS_RSA_WITH_NULL_MD5", K::kRsa, C::kNull, M::kNone, 0, false, false},
    {0x0002, "TLS_RSA_WITH_NULL_SHA", K::kRsa, C::kNull, M::kNone, 0, false, false},
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", K::kRsa, C::kRc4, M::kStream, 40, true, false},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5", K::kRsa, C::kRc4, M::kStream, 128, false, false},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA", K::kRsa, C::kRc4, M::kStream, 128, false, false},
    {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", K::kRsa, C::kRc2, M::kCbc, 40, true, false},
    {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", K::kRsa, C::kIdea, M::kCbc, 128, false, false},
    {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", K::kRsa, C::kDes40, M::kCbc, 40, true, false},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA", K::kRsa, C::kDes, M::kCbc, 56, false, false},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", K::kRsa, C::k3Des, M::kCbc, 112, false, false},
    {0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", K::kDh, C::kDes40, M::kCbc, 40, true, false},
    {0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA", K::kDh, C::kDes, M::kCbc, 56, false, false},
    {0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", K::kDh, C::k3Des, M::kCbc, 112, false, false},
    {0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", K::kDh, C::kDes40, M::kCbc, 40, true, false},
    {0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA", K::kDh, C::kDes, M::kCbc, 56, false, false},
    {0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", K::kDh, C::k3Des, M::kCbc, 112, false, false},
    {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", K::kDhe, C::kDes40, M::kCbc, 40, true, false},
    {0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", K::kDhe, C::kDes, M::kCbc, 56, false, false},
    {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", K::kDhe, C::k3Des, M::kCbc, 112, false, false},
    {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", K::kDhe, C::kDes40, M::kCbc, 40, true, false},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", K::kDhe, C::kDes, M::kCbc, 56, false, false},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", K::kDhe, C::k3Des, M::kCbc, 112, false, false},
    {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", K::kAnonDh, C::kRc4, M::kStream, 40, true, false},
    {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", K::kAnonDh, C::kRc4, M::kStream, 128, false, false},
    {0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", K::kAnonDh, C::kDes40, M::kCbc, 40, true, false},
    {0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA", K::kAnonDh, C::kDes, M::kCbc, 56, false, false},
    {0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", K::kAnonDh, C::k3Des, M::kCbc, 112, false, false},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", K::kRsa, C::kAes, M::kCbc, 128, false, false},
    {0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", K::kDh, C::kAes, M::kCbc, 128, false, false},
    {0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", K::kDh, C::kAes, M::kCbc, 128, false, false},
    {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", K::kDhe, C::kAes, M::kCbc, 128, false, false},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", K::kDhe, C::kAes, M::kCbc, 128, false, false},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", K::kAnonDh, C::kAes, M::kCbc, 128, false, false},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", K::kRsa, C::kAes, M::kCbc, 256, false, false},
    {0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", K::kDh, C::kAes, M::kCbc, 256, false, false},
    {0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", K::kDh, C::kAes, M::kCbc, 256, false, false},
    {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", K::kDhe, C::kAes, M::kCbc, 256, false, false},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", K::kDhe, C::kAes, M::kCbc, 256, false, false},
    {0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", K::kAnonDh, C::kAes, M::kCbc, 256, false, false},
    {0x003B, "TLS_RSA_WITH_NULL_SHA256", K::kRsa, C::kNull, M::kNone, 0, false, true},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", K::kRsa, C::kAes, M::kCbc, 128, false, true},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", K::kRsa, C::kAes, M::kCbc, 256, false, true},
    {0x003E, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", K::kDh, C::kAes, M::kCbc, 128, false, true},
    {0x003F, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", K::kDh, C::kAes, M::kCbc, 128, false, true},
    {0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", K::kDhe, C::kAes, M::kCbc, 128, false, true},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", K::kRsa, C::kCamellia, M::kCbc, 128, false, false},
    {0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", K::kDh, C::kCamellia, M::kCbc, 128, false, false},
    {0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", K::kDh, C::kCamellia, M::kCbc, 128, false, false},
    {0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", K::kDhe, C::kCamellia, M::kCbc, 128, false, false},
    {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", K::kDhe, C::kCamellia, M::kCbc, 128, false, false},
    {0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", K::kAnonDh, C::kCamellia, M::kCbc, 128, false, false},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", K::kDhe, C::kAes, M::kCbc, 128, false, true},
    {0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", K::kDh, C::kAes, M::kCbc, 256, false, true},
    {0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", K::kDh, C::kAes, M::kCbc, 256, false, true},
    {0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", K::kDhe, C::kAes, M::kCbc, 256, false, true},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", K::kDhe, C::kAes, M::kCbc, 256, false, true},
    {0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", K::kAnonDh, C::kAes, M::kCbc, 128, false, true},
    {0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", K::kAnonDh, C::kAes, M::kCbc, 256, false, true},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", K::kRsa, C::kCamellia, M::kCbc, 256, false, false},
    {0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", K::kDh, C::kCamellia, M::kCbc, 256, false, false},
    {0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", K::kDh, C::kCamellia, M::kCbc, 256, false, false},
    {0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", K::kDhe, C::kCamellia, M::kCbc, 256, false, false},
    {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", K::kDhe, C::kCamellia, M::kCbc, 256, false, false},
    {0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", K::kAnonDh, C::kCamellia, M::kCbc, 256, false, false},
    {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", K::kRsa, C::kSeed, M::kCbc, 128, false, false},
    {0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", K::kDh, C::kSeed, M::kCbc, 128, false, false},
    {0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", K::kDh, C::kSeed, M::kCbc, 128, false, false},
    {0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", K::kDhe, C::kSeed, M::kCbc, 128, false, false},
    {0x009A, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", K::kDhe, C::kSeed, M::kCbc, 128, false, false},
    {0x009B, "TLS_DH_anon_WITH_SEED_CBC_SHA", K::kAnonDh, C::kSeed, M::kCbc, 128, false, false},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", K::kRsa, C::kAes, M::kAead, 128, false, true},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", K::kRsa, C::kAes, M::kAead, 256, false, true},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", K::kDhe, C::kAes, M::kAead, 128, false, true},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", K::kDhe, C::kAes, M::kAead, 256, false, true},
    {0x00A0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", K::kDh, C::kAes, M::kAead, 128, false, true},
    {0x00A1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", K::kDh, C::kAes, M::kAead, 256, false, true},
    {0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", K::kDhe, C::kAes, M::kAead, 128, false, true},
    {0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", K::kDhe, C::kAes, M::kAead, 256, false, true},
    {0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", K::kDh, C::kAes, M::kAead, 128, false, true},
    {0x00A5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", K::kDh, C::kAes, M::kAead, 256, false, true},
    {0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", K::kAnonDh, C::kAes, M::kAead, 128, false, true},
    {0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", K::kAnonDh, C::kAes, M::kAead, 256, false, true},
    {0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::kRsa, C::kCamellia, M::kCbc, 128, false, true},
    {0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", K::kDhe, C::kCamellia, M::kCbc, 128, false, true},
    {0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::kDhe, C::kCamellia, M::kCbc, 128, false, true},
    {0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", K::kAnonDh, C::kCamellia, M::kCbc, 128, false, true},
    {0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", K::kRsa, C::kCamellia, M::kCbc, 256, false, true},
    {0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", K::kDhe, C::kCamellia, M::kCbc, 256, false, true},
    {0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", K::kDhe, C::kCamellia, M::kCbc, 256, false, true},
    {0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", K::kAnonDh, C::kCamellia, M::kCbc, 256, false, true},
    {0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", K::kEcdh, C::kNull, M::kNone, 0, false, false},
    {0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", K::kEcdh, C::kRc4, M::kStream, 128, false, false},
    {0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", K::kEcdh, C::k3Des, M::kCbc, 112, false, false},
    {0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", K::kEcdh, C::kAes, M::kCbc, 128, false, false},
    {0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", K::kEcdh, C::kAes, M::kCbc, 256, false, false},
    {0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", K::kEcdhe, C::kNull, M::kNone, 0, false, false},
    {0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", K::kEcdhe, C::kRc4, M::kStream, 128, false, false},
    {0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", K::kEcdhe, C::k3Des, M::kCbc, 112, false, false},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", K::kEcdhe, C::kAes, M::kCbc, 128, false, false},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", K::kEcdhe, C::kAes, M::kCbc, 256, false, false},
    {0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA", K::kEcdh, C::kNull, M::kNone, 0, false, false},
    {0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA", K::kEcdh, C::kRc4, M::kStream, 128, false, false},
    {0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", K::kEcdh, C::k3Des, M::kCbc, 112, false, false},
    {0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", K::kEcdh, C::kAes, M::kCbc, 128, false, false},
    {0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", K::kEcdh, C::kAes, M::kCbc, 256, false, false},
    {0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", K::kEcdhe, C::kNull, M::kNone, 0, false, false},
    {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", K::kEcdhe, C::kRc4, M::kStream, 128, false, false},
    {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", K::kEcdhe, C::k3Des, M::kCbc, 112, false, false},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", K::kEcdhe, C::kAes, M::kCbc, 128, false, false},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", K::kEcdhe, C::kAes, M::kCbc, 256, false, false},
    {0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", K::kAnonEcdh, C::kNull, M::kNone, 0, false, false},
    {0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA", K::kAnonEcdh, C::kRc4, M::kStream, 128, false, false},
    {0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", K::kAnonEcdh, C::k3Des, M::kCbc, 112, false, false},
    {0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", K::kAnonEcdh, C::kAes, M::kCbc, 128, false, false},
    {0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", K::kAnonEcdh, C::kAes, M::kCbc, 256, false, false},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", K::kEcdhe, C::kAes, M::kCbc, 128, false, true},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", K::kEcdhe, C::kAes, M::kCbc, 256, false, true},
    {0xC025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", K::kEcdh, C::kAes, M::kCbc, 128, false, true},
    {0xC026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", K::kEcdh, C::kAes, M::kCbc, 256, false, true},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", K::kEcdhe, C::kAes, M::kCbc, 128, false, true},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", K::kEcdhe, C::kAes, M::kCbc, 256, false, true},
    {0xC029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", K::kEcdh, C::kAes, M::kCbc, 128, false, true},
    {0xC02A, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", K::kEcdh, C::kAes, M::kCbc, 256, false, true},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", K::kEcdhe, C::kAes, M::kAead, 128, false, true},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", K::kEcdhe, C::kAes, M::kAead, 256, false, true},
    {0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", K::kEcdh, C::kAes, M::kAead, 128, false, true},
    {0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", K::kEcdh, C::kAes, M::kAead, 256, false, true},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", K::kEcdhe, C::kAes, M::kAead, 128, false, true},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", K::kEcdhe, C::kAes, M::kAead, 256, false, true},
    {0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", K::kEcdh, C::kAes, M::kAead, 128, false, true},
    {0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", K::kEcdh, C::kAes, M::kAead, 256, false, true},
    {0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", K::kRsa, C::kAria, M::kAead, 128, false, true},
    {0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", K::kRsa, C::kAria, M::kAead, 256, false, true},
    {0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", K::kDhe, C::kAria, M::kAead, 128, false, true},
    {0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", K::kDhe, C::kAria, M::kAead, 256, false, true},
    {0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", K::kDhe, C::kAria, M::kAead, 128, false, true},
    {0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", K::kDhe, C::kAria, M::kAead, 256, false, true},
    {0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", K::kEcdhe, C::kAria, M::kAead, 128, false, true},
    {0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", K::kEcdhe, C::kAria, M::kAead, 256, false, true},
    {0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", K::kEcdhe, C::kAria, M::kAead, 128, false, true},
    {0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", K::kEcdhe, C::kAria, M::kAead, 256, false, true},
    {0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", K::kEcdhe, C::kCamellia, M::kCbc, 128, false, true},
    {0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", K::kEcdhe, C::kCamellia, M::kCbc, 256, false, true},
    {0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", K::kEcdhe, C::kCamellia, M::kCbc, 128, false, true},
    {0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", K::kEcdhe, C::kCamellia, M::kCbc, 256, false, true},
    {0xC09C, "TLS_RSA_WITH_AES_128_CCM", K::kRsa, C::kAes, M::kAead, 128, false, true},
    {0xC09D, "TLS_RSA_WITH_AES_256_CCM", K::kRsa, C::kAes, M::kAead, 256, false, true},
    {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", K::kDhe, C::kAes, M::kAead, 128, false, true},
    {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", K::kDhe, C::kAes, M::kAead, 256, false, true},
    {0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", K::kRsa, C::kAes, M::kAead, 128, false, true},
    {0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", K::kRsa, C::kAes, M::kAead, 256, false, true},
    {0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", K::kDhe, C::kAes, M::kAead, 128, false, true},
    {0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", K::kDhe, C::kAes, M::kAead, 256, false, true},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", K::kEcdhe, C::kAes, M::kAead, 128, false, true},
    {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", K::kEcdhe, C::kAes, M::kAead, 256, false, true},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", K::kEcdhe, C::kAes, M::kAead, 128, false, true},
    {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", K::kEcdhe, C::kAes, M::kAead, 256, false, true},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K::kEcdhe, C::kChaCha20, M::kAead, 256, false, true},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", K::kEcdhe, C::kChaCha20, M::kAead, 256, false, true},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K::kDhe, C::kChaCha20, M::kAead, 256, false, true},
};

}  // namespace

const std::vector<CipherSuite>& AllCipherSuites() { return kSuites; }

const CipherSuite* FindCipherSuite(uint16_t id) {
  auto it = std::lower_bound(kSuites.begin(), kSuites.end(), id,
                             [](const CipherSuite& s, uint16_t v) { return s.id < v; });
  if (it == kSuites.end() || it->id != id) return nullptr;
  return &*it;
}

namespace {

std::string Hex16(uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

bool IsAnon(const CipherSuite& s) { return s.kx == K::kAnonDh || s.kx == K::kAnonEcdh; }
bool IsStatic(const CipherSuite& s) {
  return s.kx == K::kRsa || s.kx == K::kDh || s.kx == K::kEcdh;
}

bool InClass(const CipherSuite& s, std::string_view c) {
  if (c == "anon") return IsAnon(s);
  if (IsAnon(s)) return false;  // anon suites only in their own class
  if (c == "export") return s.export_grade;
  if (c == "null") return s.cipher == C::kNull;
  if (c == "rc4") return s.cipher == C::kRc4;
  if (c == "3des") return s.cipher == C::k3Des;
  if (c == "des") return s.cipher == C::kDes || s.cipher == C::kDes40;
  if (c == "low") return s.cipher != C::kNull && s.bits < 112;
  if (c == "non_fs") return IsStatic(s) && s.cipher != C::kNull && !s.export_grade;
  if (c == "cbc_only") return s.mode == M::kCbc && !s.export_grade;
  return false;
}

void Put8(std::string& out, uint8_t v) { out.push_back(static_cast<char>(v)); }
void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}
void Put24(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>((v >> 16) & 0xff));
  Put16(out, static_cast<uint16_t>(v & 0xffff));
}
void PutExtension(std::string& out, uint16_t type, const std::string& data) {
  Put16(out, type);
  Put16(out, static_cast<uint16_t>(data.size()));
  out += data;
}

// A host name we may put in server_name: not an IP literal, LDH and dots.
bool UsableSni(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  bool has_alpha = false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (c == ':') return false;  // IPv6 literal
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_';
    if (!ok) return false;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) has_alpha = true;
  }
  return has_alpha;  // "192.0.2.1" has none
}

uint16_t Get16(std::string_view d, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(d[at]) << 8) | static_cast<uint8_t>(d[at + 1]));
}

ServerReply Malformed(std::string why) {
  ServerReply r;
  r.kind = ServerReply::Kind::kMalformed;
  r.error = std::move(why);
  return r;
}

// Parses a complete ServerHello body (after the 4-byte handshake header).
ServerReply ParseServerHelloBody(std::string_view b, uint16_t record_version) {
  ServerReply r;
  r.record_version = record_version;
  // version(2) random(32) session_id_len(1)
  if (b.size() < 35) return Malformed("ServerHello too short");
  r.version = Get16(b, 0);
  size_t pos = 34;
  size_t sid = static_cast<uint8_t>(b[pos]);
  ++pos;
  if (sid > 32) return Malformed("ServerHello session id longer than 32 bytes");
  if (b.size() < pos + sid + 3) return Malformed("ServerHello truncated");
  pos += sid;
  r.cipher_suite = Get16(b, pos);
  pos += 2;
  ++pos;  // compression method
  if (pos < b.size()) {
    if (b.size() < pos + 2) return Malformed("ServerHello extensions truncated");
    size_t ext_len = Get16(b, pos);
    pos += 2;
    if (b.size() != pos + ext_len) return Malformed("ServerHello extensions length mismatch");
    while (pos < b.size()) {
      if (b.size() < pos + 4) return Malformed("ServerHello extension truncated");
      uint16_t type = Get16(b, pos);
      size_t len = Get16(b, pos + 2);
      pos += 4;
      if (b.size() < pos + len) return Malformed("ServerHello extension truncated");
      if (type == 0x002b) {  // supported_versions (TLS 1.3)
        if (len != 2) return Malformed("bad supported_versions in ServerHello");
        r.version = Get16(b, pos);
      }
      pos += len;
    }
  }
  if ((r.version >> 8) != 3) return Malformed("ServerHello version " + Hex16(r.version));
  r.kind = ServerReply::Kind::kServerHello;
  return r;
}

}  // namespace

std::string VersionName(uint16_t version) {
  switch (version) {
    case kSsl3: return "SSLv3";
    case kTls10: return "TLSv1";
    case kTls11: return "TLSv1.1";
    case kTls12: return "TLSv1.2";
    case kTls13: return "TLSv1.3";
    default: return Hex16(version);
  }
}

std::string CipherSuiteName(uint16_t id) {
  const CipherSuite* s = FindCipherSuite(id);
  return s ? std::string(s->name) : Hex16(id);
}

const std::vector<std::string>& CipherClassNames() {
  static const std::vector<std::string> kNames = {"export", "null", "anon", "rc4", "3des",
                                                  "des", "low", "non_fs", "cbc_only"};
  return kNames;
}

std::vector<uint16_t> CipherClassSuites(std::string_view cipher_class, uint16_t version) {
  std::vector<uint16_t> out;
  for (const CipherSuite& s : kSuites) {
    if (s.tls12_only && version < kTls12) continue;
    if (InClass(s, cipher_class)) out.push_back(s.id);
  }
  return out;
}

std::vector<uint16_t> Ssl3Suites() {
  std::vector<uint16_t> out;
  for (const CipherSuite& s : kSuites)
    if (!s.tls12_only) out.push_back(s.id);
  return out;
}

std::string BuildClientHello(const ClientHelloSpec& spec) {
  std::string body;
  Put16(body, spec.version);
  for (uint8_t b : spec.random) Put8(body, b);
  Put8(body, 0);  // empty session id
  std::vector<uint16_t> suites = spec.cipher_suites;
  if (suites.size() > 4000) suites.resize(4000);
  if (!spec.extensions) suites.push_back(0x00ff);  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
  Put16(body, static_cast<uint16_t>(suites.size() * 2));
  for (uint16_t s : suites) Put16(body, s);
  Put8(body, 1);  // one compression method: null
  Put8(body, 0);

  if (spec.extensions) {
    std::string ext;
    if (UsableSni(spec.sni)) {
      std::string sni;
      Put16(sni, static_cast<uint16_t>(spec.sni.size() + 3));
      Put8(sni, 0);  // host_name
      Put16(sni, static_cast<uint16_t>(spec.sni.size()));
      sni += spec.sni;
      PutExtension(ext, 0x0000, sni);
    }
    // x25519, secp256r1, secp384r1, secp521r1, x448, secp224r1, ffdhe2048/3072/4096
    static const uint16_t kGroups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x001e,
                                       0x0015, 0x0100, 0x0101, 0x0102};
    std::string groups;
    Put16(groups, sizeof kGroups);
    for (uint16_t g : kGroups) Put16(groups, g);
    PutExtension(ext, 0x000a, groups);
    PutExtension(ext, 0x000b, std::string("\x01\x00", 2));  // uncompressed points
    if (spec.version >= kTls12) {
      // ECDSA, RSA-PSS, EdDSA, RSA PKCS#1 with SHA-2, then SHA-1 and DSA for old servers.
      static const uint16_t kSigAlgs[] = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806,
                                          0x0807, 0x0808, 0x0401, 0x0501, 0x0601, 0x0203,
                                          0x0201, 0x0402, 0x0202};
      std::string sig;
      Put16(sig, sizeof kSigAlgs);
      for (uint16_t a : kSigAlgs) Put16(sig, a);
      PutExtension(ext, 0x000d, sig);
    }
    PutExtension(ext, 0xff01, std::string("\x00", 1));  // renegotiation_info, empty
    // Some servers hang on hellos of 256..511 bytes (RFC 7685 §1): pad to 512.
    size_t hello_len = 4 + body.size() + 2 + ext.size();
    if (hello_len >= 256 && hello_len < 512) {
      size_t pad = 512 - hello_len >= 4 + 1 ? 512 - hello_len - 4 : 1;
      PutExtension(ext, 0x0015, std::string(pad, '\0'));
    }
    Put16(body, static_cast<uint16_t>(ext.size()));
    body += ext;
  }

  std::string hs;
  Put8(hs, 1);  // client_hello
  Put24(hs, static_cast<uint32_t>(body.size()));
  hs += body;

  std::string record;
  Put8(record, 22);  // handshake
  Put16(record, spec.record_version);
  Put16(record, static_cast<uint16_t>(hs.size()));
  record += hs;
  return record;
}

ServerReply ParseServerReply(std::string_view data, size_t max_bytes) {
  constexpr size_t kMaxRecord = 16384 + 256;  // plaintext records before encryption
  std::string handshake;                      // handshake bytes gathered so far
  size_t pos = 0;
  uint16_t first_record_version = 0;
  for (;;) {
    if (pos >= max_bytes) return Malformed("no ServerHello within " + std::to_string(max_bytes) + " bytes");
    if (data.size() < pos + 5) {
      // Judge the first byte as early as possible: garbage need not fill a header.
      if (data.size() > pos) {
        auto type = static_cast<uint8_t>(data[pos]);
        if (type < 20 || type > 23)
          return Malformed("not a TLS record (first byte " + Hex16(type) + ")");
      }
      return ServerReply{};
    }
    auto type = static_cast<uint8_t>(data[pos]);
    uint16_t version = Get16(data, pos + 1);
    size_t len = Get16(data, pos + 3);
    if (type < 20 || type > 23) return Malformed("not a TLS record (first byte " + Hex16(type) + ")");
    if ((version >> 8) != 3) return Malformed("bad record version " + Hex16(version));
    if (len == 0 || len > kMaxRecord) return Malformed("bad record length " + std::to_string(len));
    if (pos == 0) first_record_version = version;
    if (data.size() < pos + 5 + len) return ServerReply{};
    std::string_view payload = data.substr(pos + 5, len);
    pos += 5 + len;
    if (type == 21) {  // alert
      if (!handshake.empty()) return Malformed("alert inside a fragmented handshake message");
      if (len < 2) return Malformed("truncated alert");
      ServerReply r;
      r.kind = ServerReply::Kind::kAlert;
      r.record_version = version;
      r.alert_level = static_cast<uint8_t>(payload[0]);
      r.alert_description = static_cast<uint8_t>(payload[1]);
      return r;
    }
    if (type != 22) return Malformed("record type " + std::to_string(type) + " before ServerHello");
    handshake.append(payload);
    if (handshake.size() < 4) continue;
    auto msg_type = static_cast<uint8_t>(handshake[0]);
    size_t msg_len = (static_cast<size_t>(static_cast<uint8_t>(handshake[1])) << 16) |
                     Get16(handshake, 2);
    if (msg_type != 2) return Malformed("handshake message " + std::to_string(msg_type) + " before ServerHello");
    if (msg_len > 65536) return Malformed("ServerHello of " + std::to_string(msg_len) + " bytes");
    if (handshake.size() < 4 + msg_len) continue;
    return ParseServerHelloBody(std::string_view(handshake).substr(4, msg_len), first_record_version);
  }
}

std::string AlertName(uint8_t d) {
  switch (d) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 21: return "decryption_failed";
    case 22: return "record_overflow";
    case 30: return "decompression_failure";
    case 40: return "handshake_failure";
    case 41: return "no_certificate";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 49: return "access_denied";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 60: return "export_restriction";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 100: return "no_renegotiation";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 113: return "bad_certificate_status_response";
    case 115: return "unknown_psk_identity";
    case 116: return "certificate_required";
    case 120: return "no_application_protocol";
    default: return "alert " + std::to_string(d);
  }
}

}  // namespace posture::tls
