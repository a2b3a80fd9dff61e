#include "scanner/probes/mail_questions.h"

#include "checks/base/strings.h"

namespace posture {

// TEMPORARY: these three functions will delegate to the checks' planning
// helpers (checks/mail/) once they land; until then they ask the obvious
// names only.
std::vector<std::string> DmarcQuestionNames(const std::string& domain, const PublicSuffixList*) {
  std::vector<std::string> names = {"_dmarc." + domain};
  auto labels = Split(domain, '.');
  if (labels.size() > 2) {
    std::string org = std::string(labels[labels.size() - 2]) + "." + std::string(labels.back());
    names.push_back("_dmarc." + org);
  }
  return names;
}

std::vector<std::string> DkimQuestionNames(const std::string& domain) {
  std::vector<std::string> names;
  for (const char* s : {"selector1", "selector2", "google", "default", "mail", "k1", "dkim", "s1",
                        "s2"})
    names.push_back(std::string(s) + "._domainkey." + domain);
  return names;
}

std::vector<DnsKey> SpfQuestionsNeeded(const std::string& domain, const DnsLookupFn& lookup) {
  std::vector<DnsKey> needed;
  std::vector<std::string> todo = {domain};
  for (size_t i = 0; i < todo.size() && i < 20; ++i) {
    const DnsResult* r = lookup(todo[i], dns_type::kTxt);
    if (!r) {
      needed.push_back({todo[i], dns_type::kTxt});
      continue;
    }
    for (const DnsRecord& rec : r->records) {
      std::string text;
      for (const auto& s : rec.strings) text += s;
      if (!StartsWithIgnoreCase(text, "v=spf1")) continue;
      for (auto term : SplitWhitespace(text)) {
        std::string t = AsciiLower(term);
        if (!t.empty() && (t[0] == '+' || t[0] == '-' || t[0] == '~' || t[0] == '?')) t.erase(0, 1);
        if (t.rfind("include:", 0) == 0) todo.push_back(t.substr(8));
        if (t.rfind("redirect=", 0) == 0) todo.push_back(t.substr(9));
      }
    }
  }
  return needed;
}

}  // namespace posture
