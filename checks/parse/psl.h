// The Public Suffix List (https://publicsuffix.org/list/): its text format
// (rules, "*." wildcards, "!" exceptions, "//" comments) and the
// organisational domain of RFC 7489 §3.2 (public suffix + one label).
// The shell loads Debian's /usr/share/publicsuffix/public_suffix_list.dat
// and passes the text here; this library reads no file.
//
// Rules are matched label-wise on lower-case ASCII names; rules written in
// Unicode (IDN) are kept as they are and so only match names given in the
// same form (punycode names match their punycode rules, which the list
// does not carry: a known limitation, harmless for .fr and .gouv.fr).
//
// Thread-safety: immutable after Parse; const methods are safe to share.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace posture {

class PublicSuffixList {
 public:
  // Parses the list. `include_private` keeps the PRIVATE DOMAINS section.
  static PublicSuffixList Parse(std::string_view text, bool include_private = true);

  size_t rule_count() const { return rules_.size() + wildcards_.size() + exceptions_.size(); }

  // The public suffix of `name` (canonical form; "*" default rule: the last
  // label). Empty for an empty name.
  std::string PublicSuffix(std::string_view name) const;
  bool IsPublicSuffix(std::string_view name) const;
  // The registrable/organisational domain: public suffix plus one label. For
  // a name that is itself a public suffix, the name itself.
  std::string OrganizationalDomain(std::string_view name) const;

 private:
  std::unordered_set<std::string> rules_;
  std::unordered_set<std::string> wildcards_;   // "ck" for "*.ck"
  std::unordered_set<std::string> exceptions_;  // "www.ck" for "!www.ck"
};

// The organisational domain with the list when given, else the last two
// labels (a fallback that is right for .fr and most of .gouv.fr users).
std::string OrganizationalDomainOf(std::string_view name, const PublicSuffixList* psl);

}  // namespace posture
