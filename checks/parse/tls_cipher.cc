#include "checks/parse/tls_cipher.h"

#include <vector>

#include "checks/base/strings.h"

namespace posture {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s.substr(0, std::min<size_t>(s.size(), 128)));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

void ClassifyBulk(const std::string& bulk, CipherTraits* t) {
  if (Contains(bulk, "GCM") || Contains(bulk, "CCM") || Contains(bulk, "CHACHA20") ||
      Contains(bulk, "POLY1305"))
    t->aead = true;
  if (Contains(bulk, "NULL")) t->null_cipher = true;
  if (Contains(bulk, "RC4")) t->rc4 = true;
  if (Contains(bulk, "3DES") || Contains(bulk, "DES_EDE") || Contains(bulk, "DES-CBC3") ||
      Contains(bulk, "DES_CBC3")) {
    t->triple_des = true;
  } else if (Contains(bulk, "DES")) {
    t->des = true;
  }
  if (Contains(bulk, "EXP")) t->export_grade = true;
  if (t->null_cipher) t->bits = 0;
  else if (t->export_grade) t->bits = 40;
  else if (t->des) t->bits = 56;
  else if (t->triple_des) t->bits = 112;
  else if (Contains(bulk, "AES256") || Contains(bulk, "AES_256") || Contains(bulk, "CAMELLIA256") ||
           Contains(bulk, "CAMELLIA_256") || Contains(bulk, "CHACHA20") || Contains(bulk, "ARIA256") ||
           Contains(bulk, "ARIA_256"))
    t->bits = 256;
  else if (Contains(bulk, "AES") || Contains(bulk, "CAMELLIA") || Contains(bulk, "ARIA") ||
           Contains(bulk, "SEED") || Contains(bulk, "IDEA") || t->rc4)
    t->bits = 128;
  if (t->bits > 0 || t->null_cipher || t->export_grade) t->known = true;
}

}  // namespace

CipherTraits ClassifyCipher(std::string_view name) {
  CipherTraits t;
  std::string u = Upper(TrimWhitespace(name));
  if (u.empty()) return t;
  // TLS 1.3 suites.
  if (u.rfind("TLS_AES_", 0) == 0 || u.rfind("TLS_CHACHA20_", 0) == 0 ||
      u.rfind("TLS13-", 0) == 0) {
    t.tls13 = true;
    t.forward_secrecy = true;
    ClassifyBulk(u, &t);
    t.aead = true;
    t.known = true;
    return t;
  }
  size_t with = u.find("_WITH_");
  if ((u.rfind("TLS_", 0) == 0 || u.rfind("SSL_", 0) == 0) && with != std::string::npos) {
    // IANA name: TLS_<kx>_WITH_<bulk>_<mac>.
    std::string kx = u.substr(4, with - 4);
    std::string bulk = u.substr(with + 6);
    if (Contains(kx, "ANON")) t.anonymous = true;
    if (Contains(kx, "EXPORT")) t.export_grade = true;
    if (!t.anonymous && (kx.rfind("ECDHE", 0) == 0 || kx.rfind("DHE", 0) == 0)) t.forward_secrecy = true;
    ClassifyBulk(bulk, &t);
    if (t.export_grade && t.bits == 0 && !t.null_cipher) t.bits = 40;
    return t;
  }
  // OpenSSL name: dash-separated tokens.
  std::vector<std::string_view> tokens = Split(u, '-');
  std::string_view first = tokens.empty() ? std::string_view() : tokens[0];
  for (std::string_view tok : tokens) {
    if (tok == "EXP" || tok == "EXPORT" || tok == "EXP1024") t.export_grade = true;
    if (tok == "ADH" || tok == "AECDH" || tok == "ANON") t.anonymous = true;
  }
  if (!t.anonymous && (first == "ECDHE" || first == "DHE" || first == "EDH")) t.forward_secrecy = true;
  if (first == "EXP" && tokens.size() > 1 && (tokens[1] == "EDH" || tokens[1] == "DHE"))
    t.forward_secrecy = true;
  ClassifyBulk(u, &t);
  return t;
}

int CipherClassTier(std::string_view c) {
  std::string k = AsciiLower(c);
  if (k == "export" || k == "null" || k == "anon" || k == "des" || k == "low") return 3;
  if (k == "rc4" || k == "3des") return 2;
  if (k == "non_fs" || k == "cbc_only") return 1;
  return 0;
}

}  // namespace posture
