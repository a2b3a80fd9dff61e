#include "scanner/dns/wire.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "checks/base/strings.h"
#include "checks/base/time.h"

namespace posture::dns {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kMaxNameWire = 255;  // RFC 1035 §2.3.4, length octets included
constexpr size_t kMaxLabel = 63;
constexpr int kMaxPointerJumps = 128;
constexpr size_t kMaxCnameHops = 16;
constexpr size_t kRrFixedSize = 10;  // type, class, ttl, rdlength
constexpr uint16_t kClassIn = 1;
constexpr uint16_t kTypeOpt = 41;

constexpr uint16_t kFlagQr = 0x8000;
constexpr uint16_t kFlagTc = 0x0200;
constexpr uint16_t kFlagRd = 0x0100;
constexpr uint16_t kFlagAd = 0x0020;
constexpr uint32_t kEdnsDo = 0x8000;

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

void PutU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v & 0xff));
}

void PutU32(std::string* out, uint32_t v) {
  PutU16(out, static_cast<uint16_t>(v >> 16));
  PutU16(out, static_cast<uint16_t>(v & 0xffff));
}

uint16_t GetU16(std::string_view m, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(m[at]) << 8) | static_cast<uint8_t>(m[at + 1]));
}

uint32_t GetU32(std::string_view m, size_t at) {
  return (static_cast<uint32_t>(GetU16(m, at)) << 16) | GetU16(m, at + 2);
}

// Presentation text -> uncompressed wire form (length-prefixed labels and the
// terminating zero). Case is kept. Returns false if the name is invalid.
bool TextToWire(std::string_view text, std::string* wire) {
  wire->clear();
  if (text.empty()) return false;
  if (text == ".") {
    wire->push_back('\0');
    return true;
  }
  std::string label;
  bool last_was_separator = false;
  auto finish_label = [&]() -> bool {
    if (label.empty() || label.size() > kMaxLabel) return false;
    if (wire->size() + 1 + label.size() + 1 > kMaxNameWire) return false;
    wire->push_back(static_cast<char>(label.size()));
    wire->append(label);
    label.clear();
    return true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    last_was_separator = false;
    if (c == '.') {
      if (!finish_label()) return false;
      last_was_separator = true;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= text.size()) return false;
      char d = text[i + 1];
      if (d >= '0' && d <= '9') {
        if (i + 3 >= text.size()) return false;
        int value = 0;
        for (size_t k = 1; k <= 3; ++k) {
          char digit = text[i + k];
          if (digit < '0' || digit > '9') return false;
          value = value * 10 + (digit - '0');
        }
        if (value > 255) return false;
        label.push_back(static_cast<char>(value));
        i += 3;
      } else {
        if (static_cast<unsigned char>(d) < 0x21 || static_cast<unsigned char>(d) > 0x7e) {
          return false;
        }
        label.push_back(d);
        i += 1;
      }
    } else {
      if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) {
        return false;
      }
      label.push_back(c);
    }
    if (label.size() > kMaxLabel) return false;
  }
  if (!last_was_separator && !finish_label()) return false;
  wire->push_back('\0');
  return wire->size() <= kMaxNameWire;
}

std::string LowerWire(std::string wire) {
  // Length octets are < 64, never in 'A'..'Z' (65..90), so folding the whole
  // buffer only touches label bytes.
  for (char& c : wire) c = LowerAscii(c);
  return wire;
}

void AppendEscapedLabelByte(std::string* out, unsigned char c) {
  switch (c) {
    case '.': case '\\': case '"': case '(': case ')': case ';': case '@': case '$':
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
      return;
    default:
      break;
  }
  if (c <= 0x20 || c >= 0x7f) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "\\%03u", static_cast<unsigned>(c));
    out->append(buf);
  } else {
    out->push_back(static_cast<char>(c));
  }
}

// Wire form (validated, lower-cased) -> presentation text. `absolute` adds the
// trailing dot. The root is "." either way.
std::string WireToText(std::string_view wire, bool absolute) {
  std::string out;
  size_t pos = 0;
  while (pos < wire.size()) {
    size_t len = static_cast<uint8_t>(wire[pos]);
    if (len == 0) break;
    if (!out.empty()) out.push_back('.');
    for (size_t i = 0; i < len && pos + 1 + i < wire.size(); ++i) {
      AppendEscapedLabelByte(&out, static_cast<uint8_t>(wire[pos + 1 + i]));
    }
    pos += 1 + len;
  }
  if (out.empty()) return ".";
  if (absolute) out.push_back('.');
  return out;
}

// Reads a possibly compressed name at *pos in `msg`. On success, `wire` holds
// the lower-cased uncompressed form and *pos is just past the name as it
// appears at the original position. Bounded: every pointer must point before
// the start of the run of labels it ends (so the walk strictly moves
// backwards and terminates), at most kMaxPointerJumps jumps, 255 bytes.
bool ReadName(std::string_view msg, size_t* pos, std::string* wire, std::string* error) {
  wire->clear();
  size_t cur = *pos;
  size_t segment_start = cur;
  bool jumped = false;
  int jumps = 0;
  while (true) {
    if (cur >= msg.size()) {
      *error = "name runs past the end of the message";
      return false;
    }
    uint8_t b = static_cast<uint8_t>(msg[cur]);
    if (b == 0) {
      wire->push_back('\0');
      if (!jumped) *pos = cur + 1;
      return true;
    }
    if ((b & 0xc0) == 0xc0) {
      if (cur + 1 >= msg.size()) {
        *error = "compression pointer runs past the end of the message";
        return false;
      }
      size_t target = (static_cast<size_t>(b & 0x3f) << 8) | static_cast<uint8_t>(msg[cur + 1]);
      if (target >= segment_start) {
        *error = "compression pointer does not point backwards";
        return false;
      }
      if (++jumps > kMaxPointerJumps) {
        *error = "too many compression pointers";
        return false;
      }
      if (!jumped) *pos = cur + 2;
      jumped = true;
      cur = target;
      segment_start = target;
      continue;
    }
    if ((b & 0xc0) != 0) {
      *error = "unsupported label type";
      return false;
    }
    size_t len = b;  // 1..63
    if (cur + 1 + len > msg.size()) {
      *error = "label runs past the end of the message";
      return false;
    }
    if (wire->size() + 1 + len + 1 > kMaxNameWire) {
      *error = "name longer than 255 bytes";
      return false;
    }
    wire->push_back(static_cast<char>(len));
    for (size_t i = 0; i < len; ++i) wire->push_back(LowerAscii(msg[cur + 1 + i]));
    cur += 1 + len;
  }
}

struct Rr {
  std::string owner;  // lower-cased wire form
  uint16_t type = 0;
  uint16_t klass = 0;
  uint32_t ttl = 0;
  size_t rdata = 0;  // offset in the message
  size_t rdlength = 0;
};

bool ReadRr(std::string_view msg, size_t* pos, Rr* rr, std::string* error) {
  if (!ReadName(msg, pos, &rr->owner, error)) return false;
  if (*pos + kRrFixedSize > msg.size()) {
    *error = "record header runs past the end of the message";
    return false;
  }
  rr->type = GetU16(msg, *pos);
  rr->klass = GetU16(msg, *pos + 2);
  rr->ttl = GetU32(msg, *pos + 4);
  rr->rdlength = GetU16(msg, *pos + 8);
  rr->rdata = *pos + kRrFixedSize;
  if (rr->rdata + rr->rdlength > msg.size()) {
    *error = "record data runs past the end of the message";
    return false;
  }
  *pos = rr->rdata + rr->rdlength;
  return true;
}

const char* RcodeName(int rcode) {
  switch (rcode) {
    case 1: return "FORMERR";
    case 4: return "NOTIMP";
    case 6: return "YXDOMAIN";
    case 7: return "YXRRSET";
    case 8: return "NXRRSET";
    case 9: return "NOTAUTH";
    case 10: return "NOTZONE";
    case 16: return "BADVERS";
    default: return "unknown";
  }
}

std::string Base64(std::string_view bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.append("==");
  } else if (rest == 2) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

// A character-string in quotes, `"` and `\` escaped, other bytes outside
// printable ASCII as \DDD.
void AppendQuoted(std::string* out, std::string_view s) {
  out->push_back('"');
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c < 0x20 || c > 0x7e) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\%03u", static_cast<unsigned>(c));
      out->append(buf);
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

std::string FormatIpv4(std::string_view b) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", static_cast<uint8_t>(b[0]),
                static_cast<uint8_t>(b[1]), static_cast<uint8_t>(b[2]), static_cast<uint8_t>(b[3]));
  return buf;
}

// RFC 5952: lower case, no leading zeros, the longest run (>= 2) of zero
// groups as "::" (the first one on a tie), IPv4-mapped addresses dotted.
std::string FormatIpv6(std::string_view b) {
  std::array<uint16_t, 8> g{};
  for (size_t i = 0; i < 8; ++i) g[i] = GetU16(b, 2 * i);
  bool mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
  if (mapped) return "::ffff:" + FormatIpv4(b.substr(12, 4));
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best_start = -1;
  std::string out;
  char buf[8];
  for (int i = 0; i < 8;) {
    if (i == best_start) {
      out.append("::");
      i += best_len;
      continue;
    }
    if (!out.empty() && out.back() != ':') out.push_back(':');
    std::snprintf(buf, sizeof(buf), "%x", static_cast<unsigned>(g[i]));
    out.append(buf);
    ++i;
  }
  return out;
}

std::string FormatSigTime(uint32_t t) {
  int64_t secs = t;
  DayNumber day = static_cast<DayNumber>(secs / 86400);
  int64_t rem = secs % 86400;
  int year = 0;
  unsigned month = 0, mday = 0;
  CivilFromDays(day, &year, &month, &mday);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d%02u%02u%02d%02d%02d", year, month, mday,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

// Formats the RDATA of `rr` in presentation form. TXT strings also go to
// `strings`. Returns false (with `error`) if the RDATA is malformed.
class RdataFormatter {
 public:
  RdataFormatter(std::string_view msg, const Rr& rr, size_t max_txt_strings)
      : msg_(msg), rr_(rr), end_(rr.rdata + rr.rdlength), max_txt_strings_(max_txt_strings) {}

  bool Format(std::string* data, std::vector<std::string>* strings, bool* cut,
              std::string* error) {
    size_t pos = rr_.rdata;
    const size_t len = rr_.rdlength;
    std::string_view rd = msg_.substr(rr_.rdata, len);
    switch (rr_.type) {
      case dns_type::kA:
        if (len != 4) return Fail(error, "A record data is not 4 bytes");
        *data = FormatIpv4(rd);
        return true;
      case dns_type::kAaaa:
        if (len != 16) return Fail(error, "AAAA record data is not 16 bytes");
        *data = FormatIpv6(rd);
        return true;
      case dns_type::kNs:
      case dns_type::kCname:
      case dns_type::kPtr: {
        std::string name;
        if (!Name(&pos, &name, error)) return false;
        if (pos != end_) return Fail(error, "trailing bytes after the name");
        *data = name;
        return true;
      }
      case dns_type::kMx: {
        if (len < 3) return Fail(error, "MX record data too short");
        uint16_t pref = GetU16(msg_, pos);
        pos += 2;
        std::string name;
        if (!Name(&pos, &name, error)) return false;
        if (pos != end_) return Fail(error, "trailing bytes after the MX host");
        *data = std::to_string(pref) + " " + name;
        return true;
      }
      case dns_type::kTxt: {
        data->clear();
        strings->clear();
        while (pos < end_) {
          size_t n = static_cast<uint8_t>(msg_[pos]);
          if (pos + 1 + n > end_) return Fail(error, "TXT string runs past its record");
          if (strings->size() >= max_txt_strings_) {
            *cut = true;
            break;
          }
          std::string_view s = msg_.substr(pos + 1, n);
          if (!data->empty()) data->push_back(' ');
          AppendQuoted(data, s);
          strings->emplace_back(s);
          pos += 1 + n;
        }
        return true;
      }
      case dns_type::kSoa: {
        std::string mname, rname;
        if (!Name(&pos, &mname, error) || !Name(&pos, &rname, error)) return false;
        if (pos + 20 != end_) return Fail(error, "SOA record data has the wrong length");
        *data = mname + " " + rname;
        for (int i = 0; i < 5; ++i) {
          *data += " " + std::to_string(GetU32(msg_, pos));
          pos += 4;
        }
        return true;
      }
      case dns_type::kCaa: {
        if (len < 2) return Fail(error, "CAA record data too short");
        uint8_t flags = static_cast<uint8_t>(rd[0]);
        size_t tag_len = static_cast<uint8_t>(rd[1]);
        if (tag_len == 0 || 2 + tag_len > len) return Fail(error, "CAA tag length is invalid");
        std::string tag;
        for (unsigned char c : rd.substr(2, tag_len)) {
          if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            tag.push_back(static_cast<char>(c));
          } else {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\%03u", static_cast<unsigned>(c));
            tag.append(buf);
          }
        }
        *data = std::to_string(flags) + " " + tag + " ";
        AppendQuoted(data, rd.substr(2 + tag_len));
        return true;
      }
      case dns_type::kTlsa: {
        if (len < 3) return Fail(error, "TLSA record data too short");
        *data = std::to_string(static_cast<uint8_t>(rd[0])) + " " +
                std::to_string(static_cast<uint8_t>(rd[1])) + " " +
                std::to_string(static_cast<uint8_t>(rd[2])) + " " + HexEncode(rd.substr(3));
        return true;
      }
      case dns_type::kDs: {
        if (len < 4) return Fail(error, "DS record data too short");
        *data = std::to_string(GetU16(rd, 0)) + " " + std::to_string(static_cast<uint8_t>(rd[2])) +
                " " + std::to_string(static_cast<uint8_t>(rd[3])) + " " + HexEncode(rd.substr(4));
        return true;
      }
      case dns_type::kDnskey: {
        if (len < 4) return Fail(error, "DNSKEY record data too short");
        *data = std::to_string(GetU16(rd, 0)) + " " + std::to_string(static_cast<uint8_t>(rd[2])) +
                " " + std::to_string(static_cast<uint8_t>(rd[3])) + " " + Base64(rd.substr(4));
        return true;
      }
      case dns_type::kRrsig: {
        if (len < 18) return Fail(error, "RRSIG record data too short");
        pos += 18;
        std::string signer;
        if (!Name(&pos, &signer, error)) return false;
        if (pos > end_) return Fail(error, "RRSIG signer runs past its record");
        *data = DnsTypeName(GetU16(rd, 0)) + " " + std::to_string(static_cast<uint8_t>(rd[2])) +
                " " + std::to_string(static_cast<uint8_t>(rd[3])) + " " +
                std::to_string(GetU32(rd, 4)) + " " + FormatSigTime(GetU32(rd, 8)) + " " +
                FormatSigTime(GetU32(rd, 12)) + " " + std::to_string(GetU16(rd, 16)) + " " +
                signer + " " + Base64(msg_.substr(pos, end_ - pos));
        return true;
      }
      default:
        *data = "\\# " + std::to_string(len);
        if (len > 0) *data += " " + HexEncode(rd);
        return true;
    }
  }

 private:
  static bool Fail(std::string* error, const char* what) {
    *error = what;
    return false;
  }

  bool Name(size_t* pos, std::string* text, std::string* error) {
    std::string wire;
    if (!ReadName(msg_, pos, &wire, error)) return false;
    if (*pos > end_) return Fail(error, "name runs past its record");
    *text = WireToText(wire, /*absolute=*/true);
    return true;
  }

  std::string_view msg_;
  const Rr& rr_;
  size_t end_;
  size_t max_txt_strings_;
};

DnsResult Error(DnsResult r, std::string reason) {
  r.status = ProbeStatus::kDnsError;
  r.error = std::move(reason);
  r.records.clear();
  return r;
}

}  // namespace

bool IsValidName(std::string_view name) {
  std::string wire;
  return TextToWire(name, &wire);
}

std::string CanonicalName(std::string_view name) {
  std::string wire;
  if (!TextToWire(name, &wire)) return "";
  return WireToText(LowerWire(std::move(wire)), /*absolute=*/false);
}

std::string BuildQuery(std::string_view name, uint16_t type, uint16_t id,
                       const QueryOptions& options) {
  std::string wire;
  if (!TextToWire(name, &wire)) return "";
  std::string out;
  out.reserve(kHeaderSize + wire.size() + 4 + 11);
  PutU16(&out, id);
  uint16_t flags = 0;  // QUERY, not a response
  if (options.recursion_desired) flags |= kFlagRd;
  if (options.authentic_data) flags |= kFlagAd;
  PutU16(&out, flags);
  PutU16(&out, 1);  // QDCOUNT
  PutU16(&out, 0);  // ANCOUNT
  PutU16(&out, 0);  // NSCOUNT
  PutU16(&out, options.edns ? 1 : 0);  // ARCOUNT
  out.append(wire);
  PutU16(&out, type);
  PutU16(&out, kClassIn);
  if (options.edns) {
    // OPT pseudo-RR (RFC 6891 §6.1.2): root owner, class = UDP payload size,
    // TTL = extended RCODE 0, version 0, flags (DO, RFC 3225), no options.
    out.push_back('\0');
    PutU16(&out, kTypeOpt);
    PutU16(&out, options.edns_udp_size);
    PutU32(&out, options.dnssec_ok ? kEdnsDo : 0);
    PutU16(&out, 0);
  }
  return out;
}

DnsResult ParseResponse(std::string_view message, std::string_view qname, uint16_t qtype,
                        const ParseLimits& limits) {
  return ParseResponse(message, qname, qtype, limits, std::nullopt);
}

DnsResult ParseResponse(std::string_view msg, std::string_view qname, uint16_t qtype,
                        const ParseLimits& limits, std::optional<uint16_t> expected_id) {
  DnsResult r;
  r.type = qtype;
  std::string qwire;
  if (!TextToWire(qname, &qwire)) {
    r.name = CanonicalDnsName(qname);
    return Error(std::move(r), "invalid query name");
  }
  qwire = LowerWire(std::move(qwire));
  r.name = WireToText(qwire, /*absolute=*/false);

  // Header.
  if (msg.size() < kHeaderSize) return Error(std::move(r), "message shorter than a DNS header");
  uint16_t id = GetU16(msg, 0);
  uint16_t flags = GetU16(msg, 2);
  size_t qdcount = GetU16(msg, 4);
  size_t ancount = GetU16(msg, 6);
  size_t nscount = GetU16(msg, 8);
  size_t arcount = GetU16(msg, 10);
  if ((flags & kFlagQr) == 0) return Error(std::move(r), "not a response (QR bit clear)");
  if (((flags >> 11) & 0xf) != 0) return Error(std::move(r), "unexpected opcode");
  if (expected_id && id != *expected_id) return Error(std::move(r), "message ID mismatch");
  r.rcode = flags & 0xf;
  r.authenticated = (flags & kFlagAd) != 0;
  r.truncated = (flags & kFlagTc) != 0;

  // Question: must be ours. Error responses may omit it.
  size_t pos = kHeaderSize;
  std::string error;
  if (qdcount == 0 && r.rcode != 0) {
    // FORMERR/REFUSED/NOTIMP answers often carry no question.
  } else if (qdcount != 1) {
    return Error(std::move(r), "response has " + std::to_string(qdcount) + " questions");
  } else {
    std::string wire;
    if (!ReadName(msg, &pos, &wire, &error)) return Error(std::move(r), "question: " + error);
    if (pos + 4 > msg.size()) return Error(std::move(r), "question runs past the end");
    uint16_t type = GetU16(msg, pos);
    uint16_t klass = GetU16(msg, pos + 2);
    pos += 4;
    if (wire != qwire || type != qtype || klass != kClassIn) {
      return Error(std::move(r), "question does not match the query");
    }
  }

  // Answer section: every record must be well formed.
  std::vector<Rr> answers;
  answers.reserve(std::min<size_t>(ancount, (msg.size() - std::min(pos, msg.size())) / 11 + 1));
  for (size_t i = 0; i < ancount; ++i) {
    Rr rr;
    if (!ReadRr(msg, &pos, &rr, &error)) {
      return Error(std::move(r), "answer " + std::to_string(i + 1) + ": " + error);
    }
    answers.push_back(std::move(rr));
  }

  // Authority and additional sections: only the OPT record matters (the
  // extended RCODE). Best effort: a broken tail does not spoil the answer.
  {
    size_t tail = pos;
    bool ok = true;
    for (size_t i = 0; ok && i < nscount; ++i) {
      Rr rr;
      ok = ReadRr(msg, &tail, &rr, &error);
    }
    for (size_t i = 0; ok && i < arcount; ++i) {
      Rr rr;
      ok = ReadRr(msg, &tail, &rr, &error);
      if (ok && rr.type == kTypeOpt && rr.owner.size() == 1) {
        r.rcode |= static_cast<int>((rr.ttl >> 24) << 4);
      }
    }
  }

  switch (r.rcode) {
    case 0:
    case 3:
      break;
    case 2:
      r.status = ProbeStatus::kServFail;
      return r;
    case 5:
      r.status = ProbeStatus::kRefused;
      return r;
    default:
      r.status = ProbeStatus::kDnsError;
      r.error = "rcode " + std::to_string(r.rcode) + " (" + RcodeName(r.rcode) + ")";
      return r;
  }

  // Follow the CNAME chain from qname (unless CNAME itself was asked).
  std::string owner = qwire;
  std::vector<std::string> visited = {owner};
  if (qtype != dns_type::kCname) {
    while (true) {
      const Rr* cname = nullptr;
      for (const Rr& rr : answers) {
        if (rr.type == dns_type::kCname && rr.klass == kClassIn && rr.owner == owner) {
          cname = &rr;
          break;
        }
      }
      if (cname == nullptr) break;
      size_t p = cname->rdata;
      std::string target;
      if (!ReadName(msg, &p, &target, &error)) return Error(std::move(r), "CNAME: " + error);
      if (p != cname->rdata + cname->rdlength) {
        return Error(std::move(r), "CNAME record data has the wrong length");
      }
      if (std::find(visited.begin(), visited.end(), target) != visited.end()) {
        return Error(std::move(r), "CNAME loop");
      }
      if (r.cname_chain.size() >= kMaxCnameHops) {
        return Error(std::move(r), "CNAME chain longer than " + std::to_string(kMaxCnameHops));
      }
      r.cname_chain.push_back(WireToText(target, /*absolute=*/false));
      visited.push_back(target);
      owner = std::move(target);
    }
  }

  if (r.rcode == 3) {
    r.status = ProbeStatus::kNxDomain;
    return r;
  }

  // Records of qtype at the end of the chain, and their signatures.
  const std::string owner_text = WireToText(owner, /*absolute=*/false);
  bool found = false;
  size_t total_bytes = 0;
  for (const Rr& rr : answers) {
    if (rr.klass != kClassIn || rr.owner != owner) continue;
    if (rr.type == dns_type::kRrsig && qtype != dns_type::kRrsig) {
      if (rr.rdlength >= 2 && GetU16(msg, rr.rdata) == qtype) r.signed_answer = true;
      continue;
    }
    if (rr.type != qtype) continue;
    found = true;
    if (r.records.size() >= limits.max_records) {
      r.truncated = true;
      continue;
    }
    DnsRecord rec;
    rec.type = rr.type;
    rec.ttl = rr.ttl;
    rec.owner = owner_text;
    bool cut = false;
    RdataFormatter formatter(msg, rr, limits.max_txt_strings);
    if (!formatter.Format(&rec.data, &rec.strings, &cut, &error)) {
      return Error(std::move(r), DnsTypeName(rr.type) + " record: " + error);
    }
    if (cut) r.truncated = true;
    size_t bytes = rec.data.size();
    for (const std::string& s : rec.strings) bytes += s.size();
    if (total_bytes + bytes > limits.max_total_bytes) {
      r.truncated = true;
      continue;
    }
    total_bytes += bytes;
    r.records.push_back(std::move(rec));
  }
  r.status = found ? ProbeStatus::kOk : ProbeStatus::kNoData;
  return r;
}

}  // namespace posture::dns
