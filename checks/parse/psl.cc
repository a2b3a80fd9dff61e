#include "checks/parse/psl.h"

#include <vector>

#include "checks/base/strings.h"

namespace posture {

PublicSuffixList PublicSuffixList::Parse(std::string_view text, bool include_private) {
  PublicSuffixList psl;
  bool in_private = false;
  for (std::string_view line : Split(text, '\n')) {
    line = TrimWhitespace(line);
    if (line.empty()) continue;
    if (line.substr(0, 2) == "//") {
      if (line.find("===BEGIN PRIVATE DOMAINS===") != std::string_view::npos) in_private = true;
      if (line.find("===END PRIVATE DOMAINS===") != std::string_view::npos) in_private = false;
      continue;
    }
    if (in_private && !include_private) continue;
    std::string_view rule = line.substr(0, line.find_first_of(" \t"));
    if (rule.size() > 253) continue;
    if (rule[0] == '!') {
      psl.exceptions_.insert(CanonicalDnsName(rule.substr(1)));
    } else if (rule.substr(0, 2) == "*.") {
      psl.wildcards_.insert(CanonicalDnsName(rule.substr(2)));
    } else {
      psl.rules_.insert(CanonicalDnsName(rule));
    }
  }
  return psl;
}

std::string PublicSuffixList::PublicSuffix(std::string_view name_in) const {
  std::string name = CanonicalDnsName(name_in);
  if (name.empty()) return "";
  std::vector<size_t> starts;  // offset of each label
  starts.push_back(0);
  for (size_t i = 0; i < name.size(); ++i)
    if (name[i] == '.') starts.push_back(i + 1);
  size_t best_labels = 1;  // the default "*" rule
  for (size_t k = 0; k < starts.size(); ++k) {
    std::string suffix = name.substr(starts[k]);
    size_t labels = starts.size() - k;
    if (exceptions_.count(suffix)) return name.substr(starts[k + 1 < starts.size() ? k + 1 : k]);
    if (labels > best_labels && rules_.count(suffix)) best_labels = labels;
    if (k + 1 < starts.size() && labels > best_labels && wildcards_.count(name.substr(starts[k + 1])))
      best_labels = labels;
  }
  return name.substr(starts[starts.size() - best_labels]);
}

bool PublicSuffixList::IsPublicSuffix(std::string_view name) const {
  std::string n = CanonicalDnsName(name);
  return !n.empty() && PublicSuffix(n) == n;
}

std::string PublicSuffixList::OrganizationalDomain(std::string_view name_in) const {
  std::string name = CanonicalDnsName(name_in);
  std::string ps = PublicSuffix(name);
  if (ps.size() >= name.size()) return name;
  size_t end = name.size() - ps.size() - 1;  // the dot before the suffix
  size_t start = name.rfind('.', end - 1);
  return start == std::string::npos ? name : name.substr(start + 1);
}

std::string OrganizationalDomainOf(std::string_view name, const PublicSuffixList* psl) {
  if (psl) return psl->OrganizationalDomain(name);
  std::string n = CanonicalDnsName(name);
  size_t last = n.rfind('.');
  if (last == std::string::npos || last == 0) return n;
  size_t prev = n.rfind('.', last - 1);
  return prev == std::string::npos ? n : n.substr(prev + 1);
}

}  // namespace posture
