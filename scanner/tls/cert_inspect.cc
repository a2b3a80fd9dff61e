#include "scanner/tls/cert_inspect.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <map>
#include <memory>
#include <mutex>

#include "checks/base/strings.h"
#include "checks/base/time.h"

namespace posture::tls {
namespace {

constexpr size_t kMaxNameBytes = 4096;

std::string NameToString(const X509_NAME* name) {
  if (!name) return "";
  BIO* bio = BIO_new(BIO_s_mem());
  if (!bio) return "";
  // RFC 2253, but UTF-8 kept as is rather than escaped as \XX.
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out = len > 0 ? std::string(data, static_cast<size_t>(len)) : "";
  BIO_free(bio);
  return SanitizeForDisplay(out, kMaxNameBytes);
}

std::string Asn1StringUtf8(const ASN1_STRING* s) {
  if (!s) return "";
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, s);
  if (len < 0) {
    ERR_clear_error();
    return "";
  }
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return SanitizeForDisplay(out, kMaxNameBytes);
}

UnixSeconds AsnTimeToUnix(const ASN1_TIME* t) {
  if (!t) return 0;
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) {
    ERR_clear_error();
    return 0;
  }
  DayNumber day = DaysFromCivil(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                                static_cast<unsigned>(tm.tm_mday));
  return static_cast<UnixSeconds>(day) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

std::string Digest(const unsigned char* data, size_t len, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  if (EVP_Digest(data, len, out, &out_len, md, nullptr) != 1) {
    ERR_clear_error();
    return "";
  }
  return HexEncode(std::string_view(reinterpret_cast<char*>(out), out_len));
}

std::string CertDigest(X509* cert, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  if (X509_digest(cert, md, out, &out_len) != 1) {
    ERR_clear_error();
    return "";
  }
  return HexEncode(std::string_view(reinterpret_cast<char*>(out), out_len));
}

void DescribeKey(X509* cert, CertInfo& info) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (!key) {
    ERR_clear_error();
    return;
  }
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: info.key_type = "RSA"; break;
    case EVP_PKEY_RSA_PSS: info.key_type = "RSA-PSS"; break;
    case EVP_PKEY_EC: info.key_type = "EC"; break;
    case EVP_PKEY_ED25519: info.key_type = "Ed25519"; break;
    case EVP_PKEY_ED448: info.key_type = "Ed448"; break;
    case EVP_PKEY_DSA: info.key_type = "DSA"; break;
    default: {
      const char* name = OBJ_nid2sn(EVP_PKEY_get_base_id(key));
      info.key_type = name ? name : "unknown";
    }
  }
  info.key_bits = EVP_PKEY_get_bits(key);
  if (info.key_type == "EC") {
    char group[80];
    size_t len = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1) info.curve.assign(group, len);
  }
  ERR_clear_error();
}

std::string SignatureAlgorithm(X509* cert) {
  const X509_ALGOR* alg = nullptr;
  X509_get0_signature(nullptr, &alg, cert);
  if (!alg) return "";
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  if (!obj) return "";
  char buf[128];
  int n = OBJ_obj2txt(buf, sizeof buf, obj, 0);  // long name when known, else dotted OID
  if (n <= 0) return "";
  return std::string(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
}

struct StoreEntry {
  X509_STORE* store = nullptr;
  std::string error;
};

StoreEntry& StoreFor(const std::string& ca_file) {
  static std::mutex mu;
  // Never freed: shared by every worker for the process lifetime.
  static auto* stores = new std::map<std::string, StoreEntry>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = stores->find(ca_file);
  if (it != stores->end()) return it->second;
  StoreEntry entry;
  entry.store = X509_STORE_new();
  if (entry.store) {
    if (X509_STORE_set_default_paths(entry.store) != 1) entry.error = "system trust store not loaded";
    if (!ca_file.empty() && X509_STORE_load_file(entry.store, ca_file.c_str()) != 1) {
      entry.error = "cannot load CA file " + ca_file;
    }
  } else {
    entry.error = "X509_STORE_new failed";
  }
  ERR_clear_error();
  return stores->emplace(ca_file, std::move(entry)).first->second;
}

}  // namespace

CertInfo DescribeCertificate(X509* cert) {
  CertInfo info;
  if (!cert) return info;
  info.subject = NameToString(X509_get_subject_name(cert));
  info.issuer = NameToString(X509_get_issuer_name(cert));
  if (const ASN1_INTEGER* serial = X509_get0_serialNumber(cert)) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr);
    if (bn) {
      char* hex = BN_bn2hex(bn);
      if (hex) {
        info.serial_hex = AsciiLower(hex);
        OPENSSL_free(hex);
      }
      BN_free(bn);
    }
  }
  info.not_before = AsnTimeToUnix(X509_get0_notBefore(cert));
  info.not_after = AsnTimeToUnix(X509_get0_notAfter(cert));

  auto* sans = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (sans) {
    int n = sk_GENERAL_NAME_num(sans);
    for (int i = 0; i < n; ++i) {
      if (info.dns_names.size() + info.ip_names.size() >= kMaxSanEntries) break;
      const GENERAL_NAME* gen = sk_GENERAL_NAME_value(sans, i);
      if (gen->type == GEN_DNS) {
        const ASN1_STRING* s = gen->d.dNSName;
        std::string_view raw(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                             static_cast<size_t>(ASN1_STRING_length(s)));
        info.dns_names.push_back(SanitizeForDisplay(raw, 1024));
      } else if (gen->type == GEN_IPADD) {
        const ASN1_OCTET_STRING* s = gen->d.iPAddress;
        char buf[INET6_ADDRSTRLEN] = {0};
        int len = ASN1_STRING_length(s);
        const unsigned char* data = ASN1_STRING_get0_data(s);
        if (len == 4 && inet_ntop(AF_INET, data, buf, sizeof buf)) {
          info.ip_names.push_back(buf);
        } else if (len == 16 && inet_ntop(AF_INET6, data, buf, sizeof buf)) {
          info.ip_names.push_back(buf);
        } else {
          info.ip_names.push_back("invalid:" + HexEncode(std::string_view(
                                                   reinterpret_cast<const char*>(data),
                                                   static_cast<size_t>(std::max(0, std::min(len, 64))))));
        }
      }
    }
    GENERAL_NAMES_free(sans);
  }
  ERR_clear_error();

  // The most specific (last) CN, as X509_check_host would use it.
  const X509_NAME* subject = X509_get_subject_name(cert);
  int idx = -1, last = -1;
  while ((idx = X509_NAME_get_index_by_NID(subject, NID_commonName, idx)) >= 0) last = idx;
  if (last >= 0)
    info.common_name = Asn1StringUtf8(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, last)));

  DescribeKey(cert, info);
  info.signature_algorithm = SignatureAlgorithm(cert);
  info.self_issued = X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
  info.sha256 = CertDigest(cert, EVP_sha256());
  info.cert_sha512 = CertDigest(cert, EVP_sha512());
  // DANE selector 1: the whole DER SubjectPublicKeyInfo, not just the key bits.
  unsigned char* spki = nullptr;
  int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &spki);
  if (spki_len > 0 && spki) {
    info.spki_sha256 = Digest(spki, static_cast<size_t>(spki_len), EVP_sha256());
    info.spki_sha512 = Digest(spki, static_cast<size_t>(spki_len), EVP_sha512());
  }
  OPENSSL_free(spki);
  ERR_clear_error();
  return info;
}

bool LoadTrustStore(const std::string& ca_file, std::string* error) {
  StoreEntry& entry = StoreFor(ca_file);
  if (error) *error = entry.error;
  return entry.store != nullptr && entry.error.empty();
}

VerifyOutcome VerifyChain(STACK_OF(X509)* chain, const std::string& ca_file,
                          std::optional<UnixSeconds> at) {
  VerifyOutcome out;
  if (!chain || sk_X509_num(chain) == 0) {
    out.error = "no certificate presented";
    return out;
  }
  StoreEntry& entry = StoreFor(ca_file);
  if (!entry.store) {
    out.error = entry.error;
    return out;
  }
  X509* leaf = sk_X509_value(chain, 0);
  STACK_OF(X509)* untrusted = sk_X509_new_null();  // borrows the chain's certificates
  for (int i = 1; untrusted && i < sk_X509_num(chain); ++i) sk_X509_push(untrusted, sk_X509_value(chain, i));
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  if (ctx && X509_STORE_CTX_init(ctx, entry.store, leaf, untrusted) == 1) {
    X509_STORE_CTX_set_default(ctx, "ssl_server");
    if (at) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), static_cast<time_t>(*at));
    int ok = X509_verify_cert(ctx);
    out.code = X509_STORE_CTX_get_error(ctx);
    if (ok != 1 && out.code == X509_V_OK) out.code = X509_V_ERR_UNSPECIFIED;
    out.error = X509_verify_cert_error_string(out.code);
  } else {
    out.error = "cannot set up verification";
  }
  X509_STORE_CTX_free(ctx);
  sk_X509_free(untrusted);
  ERR_clear_error();
  return out;
}

bool HostnameMatches(X509* leaf, const std::string& name) {
  if (!leaf || name.empty()) return false;
  std::string host = name;
  if (host.back() == '.') host.pop_back();
  unsigned char addr[16];
  bool is_ip = inet_pton(AF_INET, host.c_str(), addr) == 1 || inet_pton(AF_INET6, host.c_str(), addr) == 1;
  int r = is_ip ? X509_check_ip_asc(leaf, host.c_str(), 0)
                : X509_check_host(leaf, host.data(), host.size(),
                                  X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
  ERR_clear_error();
  return r == 1;
}

}  // namespace posture::tls
