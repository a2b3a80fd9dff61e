// MAIL-SPF-03: the terminal policy of the SPF record, i.e. what happens to
// mail from a server that no mechanism lists (RFC 7208 §4.7, §5.1, §6.1):
// "-all" (fail) pass; "~all" (softfail) partial; "?all" or no "all" and no
// "redirect" (default neutral) fail medium; "+all" fail critical (every
// server on the Internet may send as the domain). The terminal policy of a
// redirect= is its target's. An include whose target ends in "+all", or a
// pass-qualified ip4/ip6 range of /8 or /16 or wider, authorises (almost)
// the whole Internet too: fail critical.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {
namespace {

// The node whose `all` (or lack of one) decides, following redirect=.
// nullptr when a redirect target is not resolved.
const SpfTreeNode* Terminal(const SpfTree& tree, int index, int depth = 0) {
  const SpfTreeNode& n = tree.nodes[index];
  if (n.parsed.FindAll() || !n.parsed.redirect || depth > 10) return &n;
  for (int c : n.children)
    if (tree.nodes[c].via == "redirect") {
      if (!tree.nodes[c].parsed.ok) return nullptr;
      return Terminal(tree, c, depth + 1);
    }
  return nullptr;
}

std::string TooBroad(const SpfTree& tree) {
  for (const SpfTreeNode& n : tree.nodes) {
    if (!n.parsed.ok) continue;
    for (const SpfTerm& t : n.parsed.mechanisms) {
      if (t.qualifier != SpfQualifier::kPass) continue;
      if (t.mechanism == SpfMechanism::kIp4 && t.cidr4 >= 0 && t.cidr4 <= 8)
        return n.domain + ": " + t.text;
      if (t.mechanism == SpfMechanism::kIp6 && t.cidr6 >= 0 && t.cidr6 <= 16)
        return n.domain + ": " + t.text;
    }
  }
  // An include (pass qualifier) of a record that ends in +all.
  for (size_t i = 1; i < tree.nodes.size(); ++i) {
    const SpfTreeNode& n = tree.nodes[i];
    if (n.via != "include" || !n.parsed.ok) continue;
    if (!n.term.empty() && n.term[0] != '+' && n.term[0] != 'i' && n.term[0] != 'I') continue;
    const SpfTreeNode* term = Terminal(tree, static_cast<int>(i));
    const SpfTerm* all = term ? term->parsed.FindAll() : nullptr;
    if (all && all->qualifier == SpfQualifier::kPass)
      return tree.nodes[n.parent].domain + ": " + n.term + " → " + term->domain + " " + all->text;
  }
  return "";
}

}  // namespace

std::vector<Finding> CheckSpfPolicy(const CheckContext& ctx) {
  const char* kCode = "MAIL-SPF-03";
  std::vector<Finding> out;
  ObservationsSpfDns dns(ctx.obs);
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    const DnsResult* txt = ctx.obs.FindDns(d, dns_type::kTxt);
    if (auto gate = DnsGate(kCode, Severity::kMedium, d, txt)) {
      f.push_back(*gate);
    } else if (SpfRecordsOf(*txt).size() != 1) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, Severity::kMedium, d, "",
                              "no single SPF record (see MAIL-SPF-01)"));
    } else {
      SpfTree tree = ExpandSpfTree(d, dns);
      const SpfTreeNode& root = tree.nodes[0];
      const SpfTreeNode* term = root.parsed.ok ? Terminal(tree, 0) : nullptr;
      std::string broad = root.parsed.ok ? TooBroad(tree) : "";
      if (!root.parsed.ok) {
        f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, Severity::kMedium, d, root.record,
                                "the record does not parse (see MAIL-SPF-02)"));
      } else if (!broad.empty()) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kCritical, d, broad,
                                "authorises (almost) every server on the Internet"));
      } else if (!term) {
        f.push_back(MakeFinding(kCode, Outcome::kNotTested, Severity::kMedium, d, root.record,
                                "the redirect= target is not resolved"));
      } else {
        const SpfTerm* all = term->parsed.FindAll();
        std::string evidence = term->domain == d ? term->record : root.record + "\n→ " + term->domain + ": " + term->record;
        if (!all) {
          f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kMedium, d, evidence,
                                  "no 'all' and no 'redirect': unlisted servers get 'neutral'"));
        } else {
          switch (all->qualifier) {
            case SpfQualifier::kFail:
              f.push_back(MakeFinding(kCode, Outcome::kPass, Severity::kMedium, d, evidence, all->text));
              break;
            case SpfQualifier::kSoftFail:
              f.push_back(MakeFinding(kCode, Outcome::kPartial, Severity::kMedium, d, evidence,
                                      all->text + ": unlisted servers get 'softfail'"));
              break;
            case SpfQualifier::kNeutral:
              f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kMedium, d, evidence,
                                      all->text + ": unlisted servers get 'neutral'"));
              break;
            case SpfQualifier::kPass:
              f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kCritical, d, evidence,
                                      all->text + ": every server on the Internet may send as the domain"));
              break;
          }
        }
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
