#include "checks/parse/mtasts.h"

#include "checks/base/strings.h"
#include "checks/parse/dns_taglist.h"
#include "checks/parse/dns_text.h"

namespace posture {

bool IsMtaStsTxtText(std::string_view text) {
  return text == "v=STSv1" || text.substr(0, 8) == "v=STSv1;" ||
         (text.substr(0, 7) == "v=STSv1" && text.size() > 7 && (text[7] == ' ' || text[7] == '\t'));
}

MtaStsTxt ParseMtaStsTxt(std::string_view text) {
  MtaStsTxt r;
  std::vector<DnsTag> tags = ParseDnsTagList(text);
  if (tags.empty() || tags[0].name != "v" || tags[0].value != "STSv1") {
    r.error = "the record does not start with v=STSv1";
    return r;
  }
  const DnsTag* id = FindDnsTag(tags, "id");
  if (!id) {
    r.error = "the required id field is missing";
    return r;
  }
  bool valid = !id->value.empty() && id->value.size() <= 32;
  for (char c : id->value)
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (!valid) {
    r.error = "invalid id (1 to 32 letters or digits)";
    return r;
  }
  r.id = id->value;
  r.ok = true;
  return r;
}

const char* MtaStsModeName(MtaStsMode m) {
  switch (m) {
    case MtaStsMode::kEnforce: return "enforce";
    case MtaStsMode::kTesting: return "testing";
    case MtaStsMode::kNone: return "none";
    case MtaStsMode::kUnknown: return "unknown";
  }
  return "unknown";
}

MtaStsPolicy ParseMtaStsPolicy(std::string_view body) {
  MtaStsPolicy p;
  if (body.size() > 65536) {
    body = body.substr(0, 65536);
    p.issues.push_back("policy truncated to 64 KiB");
  }
  bool seen_version = false, seen_mode = false, seen_max_age = false;
  size_t lines = 0;
  for (std::string_view line : Split(body, '\n')) {
    if (++lines > 1000) {
      p.issues.push_back("more than 1000 lines: the rest is ignored");
      break;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimWhitespace(line).empty()) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      p.errors.push_back("line without ':': '" + std::string(line.substr(0, 60)) + "'");
      continue;
    }
    std::string key = std::string(TrimWhitespace(line.substr(0, colon)));
    std::string value = std::string(TrimWhitespace(line.substr(colon + 1)));
    if (key == "version") {
      if (seen_version) p.issues.push_back("version repeated");
      if (!seen_version) p.version = value;
      seen_version = true;
    } else if (key == "mode") {
      if (seen_mode) {
        p.issues.push_back("mode repeated");
        continue;
      }
      seen_mode = true;
      p.mode_text = value;
      if (value == "enforce") p.mode = MtaStsMode::kEnforce;
      else if (value == "testing") p.mode = MtaStsMode::kTesting;
      else if (value == "none") p.mode = MtaStsMode::kNone;
      else p.errors.push_back("invalid mode '" + value.substr(0, 40) + "'");
    } else if (key == "mx") {
      std::string host = value;
      std::string_view check = host;
      if (check.substr(0, 2) == "*.") check.remove_prefix(2);
      if (!IsHostName(check)) {
        p.errors.push_back("invalid mx pattern '" + value.substr(0, 80) + "'");
      } else if (p.mx.size() < 100) {
        p.mx.push_back(AsciiLower(value));
      }
    } else if (key == "max_age") {
      if (seen_max_age) {
        p.issues.push_back("max_age repeated");
        continue;
      }
      seen_max_age = true;
      bool digits = !value.empty() && value.size() <= 10;
      for (char c : value) digits = digits && c >= '0' && c <= '9';
      int64_t n = digits ? std::stoll(value) : -1;
      if (n < 0 || n > kMtaStsMaxAge) {
        p.errors.push_back("invalid max_age '" + value.substr(0, 20) + "' (0 to 31557600)");
      } else {
        p.max_age = n;
      }
    } else {
      p.issues.push_back("unknown key '" + key.substr(0, 40) + "'");
    }
  }
  if (p.version != "STSv1") p.errors.push_back(seen_version ? "version is not STSv1" : "version is missing");
  if (!seen_mode) p.errors.push_back("mode is missing");
  if (!seen_max_age) p.errors.push_back("max_age is missing");
  if (p.mx.empty() && p.mode != MtaStsMode::kNone) p.errors.push_back("no mx pattern");
  p.ok = p.errors.empty();
  return p;
}

bool MtaStsMxMatches(std::string_view pattern, std::string_view mx_host) {
  std::string pat = CanonicalDnsName(pattern);
  std::string host = CanonicalDnsName(mx_host);
  if (pat.empty() || host.empty()) return false;
  if (pat.substr(0, 2) != "*.") return pat == host;
  std::string_view suffix = std::string_view(pat).substr(1);  // ".example.net"
  if (host.size() <= suffix.size() || host.compare(host.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  std::string_view label = std::string_view(host).substr(0, host.size() - suffix.size());
  return !label.empty() && label.find('.') == std::string_view::npos;
}

bool MtaStsPolicyCoversMx(const MtaStsPolicy& policy, std::string_view mx_host) {
  for (const std::string& pat : policy.mx)
    if (MtaStsMxMatches(pat, mx_host)) return true;
  return false;
}

}  // namespace posture
