// MAIL-SPF-02: the SPF policy can be evaluated: the whole include/redirect
// tree parses (RFC 7208 §4.6, §12), stays within the processing limits of
// §4.6.4 (10 DNS-querying terms, 2 void lookups, 10 MX names per mx term),
// has no loop, every include/redirect target has a record (§5.2, §6.1).
// The deprecated ptr mechanism (§5.5: "SHOULD NOT be used") gives partial.
// Judged on the static expansion of the tree (ExpandSpfTree): the worst case
// over all senders, since a term is counted whether or not it would match.
#include "checks/base/strings.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {
namespace {

std::string TreeSummary(const SpfTree& tree) {
  std::string s;
  for (const SpfTreeNode& n : tree.nodes) {
    int depth = 0;
    for (int p = n.parent; p >= 0; p = tree.nodes[p].parent) ++depth;
    std::string line(static_cast<size_t>(depth) * 2, ' ');
    line += n.domain + ": " + (n.record.empty() ? std::string(n.answered ? "(no SPF record)" : "(not resolved)") : n.record);
    if (!s.empty()) s += "\n";
    s += line;
  }
  return s;
}

std::string ProblemList(const SpfTree& tree, bool perm_only) {
  std::vector<std::string> parts;
  for (const SpfProblem& p : tree.problems) {
    if (perm_only && !IsSpfPermError(p.kind)) continue;
    parts.push_back(std::string(SpfProblemKindName(p.kind)) + " at " + p.domain + ": " + p.detail);
  }
  return Join(parts, "; ");
}

}  // namespace

std::vector<Finding> CheckSpfEvaluable(const CheckContext& ctx) {
  const char* kCode = "MAIL-SPF-02";
  std::vector<Finding> out;
  ObservationsSpfDns dns(ctx.obs);
  for (const std::string& d : MailDomains(ctx.obs)) {
    std::vector<Finding> f;
    const DnsResult* txt = ctx.obs.FindDns(d, dns_type::kTxt);
    if (auto gate = DnsGate(kCode, Severity::kHigh, d, txt)) {
      f.push_back(*gate);
    } else if (SpfRecordsOf(*txt).size() != 1) {
      f.push_back(MakeFinding(kCode, Outcome::kNotApplicable, Severity::kHigh, d, "",
                              "no single SPF record to evaluate (see MAIL-SPF-01)"));
    } else {
      SpfTree tree = ExpandSpfTree(d, dns);
      std::string counts = std::to_string(tree.dns_terms) + (tree.dns_terms_bounded ? "+" : "") +
                           " DNS-querying terms, " + std::to_string(tree.void_lookups) + " void lookups";
      std::string evidence = counts + "\n" + TreeSummary(tree);
      if (tree.permerror()) {
        f.push_back(MakeFinding(kCode, Outcome::kFail, Severity::kHigh, d, evidence,
                                "permerror: " + ProblemList(tree, true)));
      } else if (!tree.complete()) {
        f.push_back(MakeFinding(kCode, Outcome::kNotTested, Severity::kHigh, d, evidence,
                                std::to_string(tree.needed.size()) + " question(s) of the SPF tree not asked"));
      } else if (tree.dns_failure()) {
        f.push_back(MakeFinding(kCode, Outcome::kError, Severity::kHigh, d, evidence,
                                "DNS failure in the SPF tree: " + ProblemList(tree, false)));
      } else if (tree.uses_ptr) {
        f.push_back(MakeFinding(kCode, Outcome::kPartial, Severity::kHigh, d, evidence,
                                "uses the deprecated ptr mechanism (RFC 7208 §5.5)"));
      } else {
        std::string detail = counts;
        if (tree.macro_terms)
          detail += "; " + std::to_string(tree.macro_terms) + " term(s) with sender macros not expanded";
        f.push_back(MakeFinding(kCode, Outcome::kPass, Severity::kHigh, d, evidence, detail));
      }
    }
    DowngradeForConsumerDomain(d, &f);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

}  // namespace posture::mail
