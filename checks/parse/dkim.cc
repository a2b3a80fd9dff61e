#include "checks/parse/dkim.h"

#include <cstdint>

#include "checks/base/strings.h"
#include "checks/parse/dns_taglist.h"

namespace posture {
namespace {

// One DER TLV: low-tag-number form only; definite lengths up to 4 octets.
struct Tlv {
  uint8_t tag = 0;
  std::string_view content;
};

bool ReadTlv(std::string_view* in, Tlv* out) {
  std::string_view s = *in;
  if (s.size() < 2) return false;
  auto tag = static_cast<uint8_t>(s[0]);
  if ((tag & 0x1F) == 0x1F) return false;  // high tag numbers are not used here
  size_t pos = 1;
  auto first = static_cast<uint8_t>(s[pos++]);
  size_t len = 0;
  if (first < 0x80) {
    len = first;
  } else {
    size_t n = first & 0x7F;
    if (n == 0 || n > 4 || pos + n > s.size()) return false;
    for (size_t k = 0; k < n; ++k) len = (len << 8) | static_cast<uint8_t>(s[pos++]);
  }
  if (len > s.size() - pos) return false;
  out->tag = tag;
  out->content = s.substr(pos, len);
  in->remove_prefix(pos + len);
  return true;
}

int IntegerBits(std::string_view v) {
  while (!v.empty() && v[0] == 0) v.remove_prefix(1);
  if (v.empty()) return 0;
  int bits = static_cast<int>(v.size() - 1) * 8;
  for (auto top = static_cast<uint8_t>(v[0]); top; top >>= 1) ++bits;
  return bits;
}

// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
int RsaPublicKeyBits(std::string_view der) {
  Tlv seq, modulus;
  if (!ReadTlv(&der, &seq) || seq.tag != 0x30) return 0;
  std::string_view body = seq.content;
  if (!ReadTlv(&body, &modulus) || modulus.tag != 0x02) return 0;
  return IntegerBits(modulus.content);
}

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() > 16384) return std::nullopt;
  std::string out;
  uint32_t acc = 0;
  int bits = 0, pad = 0;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=') {
      ++pad;
      continue;
    } else {
      return std::nullopt;
    }
    if (pad) return std::nullopt;  // data after padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (pad > 2) return std::nullopt;
  return out;
}

int RsaModulusBits(std::string_view der) {
  std::string_view in = der;
  Tlv outer;
  if (!ReadTlv(&in, &outer) || outer.tag != 0x30) return 0;
  std::string_view body = outer.content;
  Tlv first;
  std::string_view peek = body;
  if (!ReadTlv(&peek, &first)) return 0;
  if (first.tag == 0x02) return IntegerBits(first.content);  // bare RSAPublicKey
  if (first.tag != 0x30) return 0;
  // SubjectPublicKeyInfo: AlgorithmIdentifier, then BIT STRING.
  std::string_view alg = first.content;
  Tlv oid;
  if (!ReadTlv(&alg, &oid) || oid.tag != 0x06) return 0;
  static const char kRsaOid[] = "\x2A\x86\x48\x86\xF7\x0D\x01\x01\x01";  // 1.2.840.113549.1.1.1
  if (oid.content != std::string_view(kRsaOid, 9)) return 0;
  Tlv bitstring;
  if (!ReadTlv(&peek, &bitstring) || bitstring.tag != 0x03 || bitstring.content.empty()) return 0;
  return RsaPublicKeyBits(bitstring.content.substr(1));  // skip the unused-bits octet
}

bool IsDkimKeyRecordText(std::string_view text) {
  std::vector<DnsTag> tags = ParseDnsTagList(text, 16);
  if (tags.empty()) return false;
  if (tags[0].name == "v") return tags[0].value == "DKIM1";
  return FindDnsTag(tags, "p") != nullptr;
}

DkimKeyRecord ParseDkimKeyRecord(std::string_view text) {
  DkimKeyRecord r;
  std::vector<DnsTag> tags = ParseDnsTagList(text);
  if (tags.empty()) {
    r.error = "empty record";
    return r;
  }
  for (size_t i = 0; i < tags.size(); ++i)
    if (tags[i].name == "v" && (i != 0 || tags[i].value != "DKIM1")) {
      r.error = "v= must be first and equal DKIM1";
      return r;
    }
  if (const DnsTag* k = FindDnsTag(tags, "k")) r.key_type = AsciiLower(k->value);
  if (const DnsTag* t = FindDnsTag(tags, "t"))
    for (std::string_view f : Split(t->value, ':')) r.testing = r.testing || TrimWhitespace(f) == "y";
  const DnsTag* p = FindDnsTag(tags, "p");
  if (!p) {
    r.error = "the required p= tag is missing";
    return r;
  }
  if (p->value.empty()) {
    r.revoked = true;
    r.ok = true;
    return r;
  }
  std::optional<std::string> der = DecodeBase64(p->value);
  if (!der) {
    r.error = "p= is not valid base64";
    return r;
  }
  if (r.key_type == "rsa") {
    r.key_bits = RsaModulusBits(*der);
    if (r.key_bits == 0) r.issues.push_back("p= is not a readable RSA public key");
  } else if (r.key_type == "ed25519") {
    r.key_bits = der->size() == 32 ? 256 : 0;
    if (r.key_bits == 0) r.issues.push_back("an ed25519 key is 32 octets");
  } else {
    r.issues.push_back("unknown key type k=" + r.key_type);
  }
  r.ok = true;
  return r;
}

}  // namespace posture
