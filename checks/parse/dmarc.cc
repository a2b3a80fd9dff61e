#include "checks/parse/dmarc.h"

#include "checks/base/strings.h"

namespace posture {
namespace {

std::vector<DmarcUri> ParseUris(std::string_view value) {
  std::vector<DmarcUri> out;
  for (std::string_view part : Split(value, ',')) {
    part = TrimWhitespace(part);
    if (part.empty() || out.size() >= 32) continue;
    DmarcUri u;
    u.uri = std::string(part);
    // "!10m" size limit suffix (§6.2).
    std::string_view body = part.substr(0, part.find('!'));
    if (StartsWithIgnoreCase(body, "mailto:")) {
      std::string_view addr = body.substr(7);
      size_t at = addr.rfind('@');
      if (at != std::string_view::npos && at > 0 && at + 1 < addr.size()) {
        u.address = std::string(addr);
        u.domain = CanonicalDnsName(addr.substr(at + 1));
        u.valid = u.domain.find('.') != std::string::npos;
      }
    } else {
      size_t colon = body.find(':');
      u.valid = colon != std::string_view::npos && colon > 0 && colon + 1 < body.size();
    }
    out.push_back(std::move(u));
  }
  return out;
}

bool HasValidUri(const std::vector<DmarcUri>& uris) {
  for (const DmarcUri& u : uris)
    if (u.valid) return true;
  return false;
}

}  // namespace

const char* DmarcPolicyName(DmarcPolicy p) {
  switch (p) {
    case DmarcPolicy::kNone: return "none";
    case DmarcPolicy::kQuarantine: return "quarantine";
    case DmarcPolicy::kReject: return "reject";
  }
  return "none";
}

std::optional<DmarcPolicy> ParseDmarcPolicy(std::string_view v) {
  if (EqualsIgnoreCase(v, "none")) return DmarcPolicy::kNone;
  if (EqualsIgnoreCase(v, "quarantine")) return DmarcPolicy::kQuarantine;
  if (EqualsIgnoreCase(v, "reject")) return DmarcPolicy::kReject;
  return std::nullopt;
}

DmarcPolicy LowerDmarcPolicy(DmarcPolicy p) {
  return p == DmarcPolicy::kReject ? DmarcPolicy::kQuarantine : DmarcPolicy::kNone;
}

bool IsDmarcRecordText(std::string_view text) {
  text = TrimWhitespace(text);
  if (!StartsWithIgnoreCase(text, "v")) return false;
  std::vector<DnsTag> tags = ParseDnsTagList(text, 1);
  return !tags.empty() && tags[0].name == "v" && tags[0].value == "DMARC1";
}

DmarcRecord ParseDmarcRecord(std::string_view text) {
  DmarcRecord r;
  r.tags = ParseDnsTagList(text);
  if (r.tags.empty() || r.tags[0].name != "v" || r.tags[0].value != "DMARC1") {
    r.error = "the record does not start with v=DMARC1";
    return r;
  }
  std::vector<std::string> seen;
  bool p_invalid = false;
  for (size_t i = 1; i < r.tags.size(); ++i) {
    const DnsTag& t = r.tags[i];
    const std::string& v = t.value;
    bool duplicate = false;
    for (const std::string& s : seen) duplicate = duplicate || s == t.name;
    if (duplicate) {
      r.issues.push_back("duplicate tag '" + t.name + "' ignored");
      continue;
    }
    seen.push_back(t.name);
    if (!t.has_equals) {
      r.issues.push_back("'" + t.name + "' is not a tag=value pair");
    } else if (t.name == "v") {
      r.issues.push_back("v= repeated");
    } else if (t.name == "p") {
      r.p = ParseDmarcPolicy(v);
      if (!r.p) {
        p_invalid = true;
        r.issues.push_back("invalid p=" + v);
      }
    } else if (t.name == "sp" || t.name == "np") {
      auto pol = ParseDmarcPolicy(v);
      if (!pol) r.issues.push_back("invalid " + t.name + "=" + v);
      (t.name == "sp" ? r.sp : r.np) = pol;
    } else if (t.name == "pct") {
      bool digits = !v.empty() && v.size() <= 3;
      for (char c : v) digits = digits && c >= '0' && c <= '9';
      int n = digits ? std::stoi(v) : -1;
      if (n < 0 || n > 100) {
        r.issues.push_back("invalid pct=" + v);
      } else {
        r.pct = n;
        r.pct_given = true;
      }
    } else if (t.name == "rua" || t.name == "ruf") {
      std::vector<DmarcUri> uris = ParseUris(v);
      for (const DmarcUri& u : uris)
        if (!u.valid) r.issues.push_back("invalid " + t.name + " URI '" + u.uri + "'");
      (t.name == "rua" ? r.rua : r.ruf) = std::move(uris);
    } else if (t.name == "adkim" || t.name == "aspf") {
      if (EqualsIgnoreCase(v, "r") || EqualsIgnoreCase(v, "s")) {
        (t.name == "adkim" ? r.adkim : r.aspf) = static_cast<char>(v[0] | 0x20);
      } else {
        r.issues.push_back("invalid " + t.name + "=" + v);
      }
    } else if (t.name == "fo") {
      for (std::string_view o : Split(v, ':')) {
        o = TrimWhitespace(o);
        if (o != "0" && o != "1" && o != "d" && o != "s") r.issues.push_back("invalid fo=" + v);
      }
    } else if (t.name == "rf") {
      for (std::string_view o : Split(v, ':'))
        if (!EqualsIgnoreCase(TrimWhitespace(o), "afrf") && !EqualsIgnoreCase(TrimWhitespace(o), "iodef"))
          r.issues.push_back("invalid rf=" + v);
    } else if (t.name == "ri") {
      bool digits = !v.empty() && v.size() <= 10;
      for (char c : v) digits = digits && c >= '0' && c <= '9';
      if (!digits || std::stoull(v) > 4294967295ULL) r.issues.push_back("invalid ri=" + v);
    } else if (t.name == "t") {
      if (EqualsIgnoreCase(v, "y")) {
        r.testing = true;
      } else if (!EqualsIgnoreCase(v, "n")) {
        r.issues.push_back("invalid t=" + v);
      }
    } else if (t.name == "psd") {
      std::string lv = AsciiLower(v);
      if (lv == "y" || lv == "n" || lv == "u") {
        r.psd = lv;
      } else {
        r.issues.push_back("invalid psd=" + v);
      }
    } else {
      r.issues.push_back("unknown tag '" + t.name + "' ignored");
    }
  }
  if (!r.p) {
    // RFC 7489 §6.6.3 step 6 / RFC 9989: a record without a valid p but with
    // a valid reporting URI acts as p=none; otherwise it is not usable.
    if (HasValidUri(r.rua)) {
      r.p = DmarcPolicy::kNone;
      r.p_inferred = true;
      r.issues.push_back(p_invalid ? "invalid p: treated as p=none" : "no p tag: treated as p=none");
    } else {
      r.error = p_invalid ? "invalid p tag" : "the required p tag is missing";
      return r;
    }
  }
  r.ok = true;
  return r;
}

DmarcEffectivePolicy EffectiveDmarcPolicy(const DmarcRecord& record, bool is_subdomain,
                                          bool domain_exists) {
  DmarcEffectivePolicy e;
  e.declared = record.p.value_or(DmarcPolicy::kNone);
  if (is_subdomain) {
    if (!domain_exists && record.np) {
      e.declared = *record.np;
      e.from_tag = "np";
    } else if (record.sp) {
      e.declared = *record.sp;
      e.from_tag = "sp";
    }
  }
  e.effective = e.declared;
  if (record.testing || record.pct <= 0) {
    e.effective = LowerDmarcPolicy(e.declared);
    e.lowered = e.effective != e.declared;
  } else if (record.pct < 100) {
    e.sampled = true;
  }
  return e;
}

}  // namespace posture
