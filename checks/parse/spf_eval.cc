#include "checks/parse/spf_eval.h"

#include <algorithm>
#include <optional>

#include "checks/base/strings.h"
#include "checks/parse/dns_text.h"

namespace posture {
namespace {

// The exchange names of an MX answer ("10 mx.example.fr." → "mx.example.fr");
// the null MX target "." yields an empty name, which is skipped.
std::vector<std::string> MxNames(const DnsResult& r) {
  std::vector<std::string> out;
  for (const DnsRecord& rec : r.records) {
    auto parts = SplitWhitespace(rec.data);
    if (parts.size() < 2) continue;
    std::string name = CanonicalDnsName(parts[1]);
    if (!name.empty()) out.push_back(name);
  }
  return out;
}

std::vector<std::string> SpfTexts(const DnsResult& r) {
  std::vector<std::string> out;
  for (std::string& t : JoinedTxtRecords(r))
    if (IsSpfRecordText(t)) out.push_back(std::move(t));
  return out;
}

// ---------------------------------------------------------------------------
// Static expansion.

class Expander {
 public:
  Expander(SpfDns& dns, SpfTree& tree) : dns_(dns), tree_(tree) {}

  void Run(const std::string& domain) {
    SpfTreeNode root;
    root.domain = domain;
    root.via = "root";
    tree_.nodes.push_back(std::move(root));
    std::vector<std::string> path;
    Visit(0, path);
    if (tree_.dns_terms > kSpfMaxDnsTerms)
      Problem(SpfProblemKind::kTooManyDnsTerms, domain,
              (tree_.dns_terms_bounded ? "more than " : "") + std::to_string(tree_.dns_terms) +
                  " DNS-querying terms (limit 10)");
    if (tree_.void_lookups > kSpfMaxVoidLookups)
      Problem(SpfProblemKind::kTooManyVoid, domain,
              std::to_string(tree_.void_lookups) + " void lookups (limit 2)");
  }

 private:
  const DnsResult* Ask(const std::string& name, uint16_t type) {
    const DnsResult* r = dns_.Lookup(name, type);
    if (!r) {
      auto q = std::make_pair(name, type);
      if (std::find(tree_.needed.begin(), tree_.needed.end(), q) == tree_.needed.end())
        tree_.needed.push_back(q);
    }
    return r;
  }

  void Problem(SpfProblemKind k, const std::string& domain, std::string detail) {
    tree_.problems.push_back({k, domain, std::move(detail)});
  }

  void Void(const std::string& domain, const std::string& what) {
    ++tree_.void_lookups;
    Problem(SpfProblemKind::kVoidLookup, domain, what);
  }

  void Failure(const std::string& domain, const DnsResult& r, const std::string& what) {
    Problem(SpfProblemKind::kDnsFailure, domain,
            what + " " + DnsTypeName(r.type) + ": " + ProbeStatusName(r.status));
  }

  // Counts one DNS-querying term; false when the expansion bound is reached.
  bool CountTerm(const std::string& domain) {
    ++tree_.dns_terms;
    if (tree_.dns_terms > kSpfExpandTermBound) {
      if (!tree_.dns_terms_bounded)
        Problem(SpfProblemKind::kTruncated, domain,
                "expansion stopped after " + std::to_string(kSpfExpandTermBound) + " terms");
      tree_.dns_terms_bounded = true;
      return false;
    }
    return true;
  }

  // The target name of a term, or nullopt when it needs the sender.
  std::optional<std::string> Target(const std::string& domain, const SpfTerm& t) {
    if (t.domain_spec.empty()) return domain;
    return TargetOf(domain, t.domain_spec, t.text);
  }

  std::optional<std::string> TargetOf(const std::string& domain, const std::string& spec,
                                      const std::string& text) {
    if (spec.find('%') != std::string::npos && !SpfMacrosNeedOnlyDomain(spec)) {
      ++tree_.macro_terms;
      Problem(SpfProblemKind::kMacroUnexpanded, domain, text);
      return std::nullopt;
    }
    SpfMacroContext ctx;
    ctx.domain = domain;
    auto expanded = ExpandSpfMacros(spec, ctx, false);
    if (!expanded) return std::nullopt;
    return CanonicalDnsName(*expanded);
  }

  void Child(int parent, const std::string& target, const char* via, const std::string& term,
             std::vector<std::string>& path) {
    if (std::find(path.begin(), path.end(), target) != path.end() ||
        target == tree_.nodes[parent].domain) {
      Problem(SpfProblemKind::kLoop, tree_.nodes[parent].domain, term + " loops back to " + target);
      return;
    }
    if (static_cast<int>(tree_.nodes.size()) >= kSpfExpandNodeBound) {
      if (!tree_.dns_terms_bounded)
        Problem(SpfProblemKind::kTruncated, target, "too many records in the tree");
      tree_.dns_terms_bounded = true;
      return;
    }
    SpfTreeNode node;
    node.domain = target;
    node.via = via;
    node.term = term;
    node.parent = parent;
    tree_.nodes.push_back(std::move(node));
    int index = static_cast<int>(tree_.nodes.size()) - 1;
    tree_.nodes[parent].children.push_back(index);
    path.push_back(tree_.nodes[parent].domain);
    Visit(index, path);
    path.pop_back();
  }

  void Visit(int index, std::vector<std::string>& path) {
    const std::string domain = tree_.nodes[index].domain;
    const bool root = tree_.nodes[index].via == "root";
    if (!IsQueryableDnsName(domain)) {
      if (!root) Problem(SpfProblemKind::kNoRecord, domain, "invalid target name");
      return;
    }
    const DnsResult* r = Ask(domain, dns_type::kTxt);
    if (!r) return;
    tree_.nodes[index].answered = true;
    tree_.nodes[index].txt_status = r->status;
    if (IsDnsFailure(*r)) {
      Failure(domain, *r, domain);
      return;
    }
    std::vector<std::string> texts = SpfTexts(*r);
    tree_.nodes[index].spf_record_count = static_cast<int>(texts.size());
    if (texts.empty()) {
      if (!root) {
        if (IsDnsVoid(*r)) Void(domain, tree_.nodes[index].term + " (" + ProbeStatusName(r->status) + ")");
        Problem(SpfProblemKind::kNoRecord, domain, tree_.nodes[index].term + ": no SPF record");
      }
      return;
    }
    if (texts.size() > 1)
      Problem(SpfProblemKind::kMultipleRecords, domain,
              std::to_string(texts.size()) + " v=spf1 records");
    tree_.nodes[index].record = texts[0];
    tree_.nodes[index].parsed = ParseSpfRecord(texts[0]);
    if (!tree_.nodes[index].parsed.ok) {
      Problem(SpfProblemKind::kSyntax, domain, tree_.nodes[index].parsed.error);
      return;
    }
    const SpfRecord rec = tree_.nodes[index].parsed;  // copy: nodes may grow
    for (const SpfTerm& t : rec.mechanisms) {
      if (!t.IsDnsTerm()) continue;
      if (!CountTerm(domain)) return;
      if (t.mechanism == SpfMechanism::kPtr) {
        tree_.uses_ptr = true;
        Problem(SpfProblemKind::kPtr, domain, t.text);
      }
      std::optional<std::string> target = Target(domain, t);
      if (!target) continue;
      switch (t.mechanism) {
        case SpfMechanism::kInclude:
          Child(index, *target, "include", t.text, path);
          if (tree_.dns_terms_bounded) return;
          break;
        case SpfMechanism::kA: {
          if (!IsQueryableDnsName(*target)) break;
          const DnsResult* a = Ask(*target, dns_type::kA);
          const DnsResult* aaaa = Ask(*target, dns_type::kAaaa);
          if (!a || !aaaa) break;
          if (IsDnsFailure(*a)) {
            Failure(domain, *a, *target);
          } else if (IsDnsFailure(*aaaa)) {
            Failure(domain, *aaaa, *target);
          } else if (IsDnsVoid(*a) && IsDnsVoid(*aaaa)) {
            Void(domain, t.text + " (" + ProbeStatusName(a->status) + ")");
          }
          break;
        }
        case SpfMechanism::kMx: {
          if (!IsQueryableDnsName(*target)) break;
          const DnsResult* mx = Ask(*target, dns_type::kMx);
          if (!mx) break;
          if (IsDnsFailure(*mx)) {
            Failure(domain, *mx, *target);
          } else if (IsDnsVoid(*mx)) {
            Void(domain, t.text + " (" + ProbeStatusName(mx->status) + ")");
          } else if (MxNames(*mx).size() > static_cast<size_t>(kSpfMaxMxPtrNames)) {
            Problem(SpfProblemKind::kTooManyMxNames, domain,
                    t.text + ": " + std::to_string(MxNames(*mx).size()) + " MX names (limit 10)");
          }
          break;
        }
        case SpfMechanism::kExists: {
          if (!IsQueryableDnsName(*target)) break;
          const DnsResult* a = Ask(*target, dns_type::kA);
          if (!a) break;
          if (IsDnsFailure(*a)) {
            Failure(domain, *a, *target);
          } else if (IsDnsVoid(*a)) {
            Void(domain, t.text + " (" + ProbeStatusName(a->status) + ")");
          }
          break;
        }
        default:
          break;
      }
    }
    if (rec.redirect && !rec.FindAll()) {
      if (!CountTerm(domain)) return;
      std::string text = "redirect=" + *rec.redirect;
      std::optional<std::string> target = TargetOf(domain, *rec.redirect, text);
      if (target) Child(index, *target, "redirect", text, path);
    }
  }

  SpfDns& dns_;
  SpfTree& tree_;
};

// ---------------------------------------------------------------------------
// check_host().

enum class Match { kNo, kYes, kTempError, kPermError };

struct Verdict {
  SpfResultCode code = SpfResultCode::kNeutral;
  std::string explanation;
  std::string matched;
  std::string problem;
};

class Evaluator {
 public:
  Evaluator(SpfDns& dns, const SpfCheckOptions& opt, IpAddress ip, std::string sender,
            std::string local, std::string sender_domain, std::string helo)
      : dns_(dns), opt_(opt), ip_(ip) {
    base_.sender = std::move(sender);
    base_.local_part = std::move(local);
    base_.sender_domain = std::move(sender_domain);
    base_.helo = std::move(helo);
    base_.ip = ip;
    base_.receiver = opt.receiver;
    base_.timestamp = opt.timestamp;
  }

  int dns_terms() const { return dns_terms_; }
  int void_lookups() const { return void_lookups_; }

  Verdict Evaluate(const std::string& domain) {
    const DnsResult* r = dns_.Lookup(domain, dns_type::kTxt);
    if (!r || IsDnsFailure(*r))
      return Error(SpfResultCode::kTempError,
                   "TXT " + domain + ": " + (r ? ProbeStatusName(r->status) : "no answer"));
    std::vector<std::string> texts = SpfTexts(*r);
    if (texts.empty()) return Error(SpfResultCode::kNone, "no SPF record at " + domain);
    if (texts.size() > 1)
      return Error(SpfResultCode::kPermError,
                   std::to_string(texts.size()) + " SPF records at " + domain);
    SpfRecord rec = ParseSpfRecord(texts[0]);
    if (!rec.ok) return Error(SpfResultCode::kPermError, domain + ": " + rec.error);

    for (const SpfTerm& t : rec.mechanisms) {
      if (t.IsDnsTerm() && ++dns_terms_ > opt_.max_dns_terms)
        return Error(SpfResultCode::kPermError,
                     "more than " + std::to_string(opt_.max_dns_terms) + " DNS-querying terms");
      std::string why;
      Match m = MatchTerm(domain, t, &why);
      if (m == Match::kTempError) return Error(SpfResultCode::kTempError, why);
      if (m == Match::kPermError) return Error(SpfResultCode::kPermError, why);
      if (m == Match::kNo) continue;
      Verdict v;
      v.matched = domain + ": " + t.text;
      switch (t.qualifier) {
        case SpfQualifier::kPass: v.code = SpfResultCode::kPass; break;
        case SpfQualifier::kFail: v.code = SpfResultCode::kFail; break;
        case SpfQualifier::kSoftFail: v.code = SpfResultCode::kSoftFail; break;
        case SpfQualifier::kNeutral: v.code = SpfResultCode::kNeutral; break;
      }
      if (v.code == SpfResultCode::kFail) v.explanation = Explain(domain, rec.exp);
      return v;
    }
    if (rec.redirect) {
      if (++dns_terms_ > opt_.max_dns_terms)
        return Error(SpfResultCode::kPermError,
                     "more than " + std::to_string(opt_.max_dns_terms) + " DNS-querying terms");
      std::optional<std::string> target = Expand(domain, *rec.redirect);
      if (!target || !IsQueryableDnsName(*target))
        return Error(SpfResultCode::kPermError, "invalid redirect target at " + domain);
      Verdict v = Evaluate(*target);
      if (v.code == SpfResultCode::kNone)
        return Error(SpfResultCode::kPermError, "redirect=" + *target + ": no SPF record");
      return v;
    }
    Verdict v;
    v.code = SpfResultCode::kNeutral;
    v.matched = domain + ": no match (default neutral)";
    return v;
  }

 private:
  static Verdict Error(SpfResultCode code, std::string why) {
    Verdict v;
    v.code = code;
    v.problem = std::move(why);
    return v;
  }

  SpfMacroContext Context(const std::string& domain, std::string_view spec) {
    SpfMacroContext ctx = base_;
    ctx.domain = domain;
    bool wants_p = false;
    for (size_t i = 0; i + 2 < spec.size(); ++i)
      if (spec[i] == '%' && spec[i + 1] == '{' && (spec[i + 2] | 0x20) == 'p') wants_p = true;
    if (wants_p) ctx.validated_ptr = ValidatedPtrName(domain);
    return ctx;
  }

  std::optional<std::string> Expand(const std::string& domain, const std::string& spec) {
    auto out = ExpandSpfMacros(spec, Context(domain, spec), false);
    if (!out) return std::nullopt;
    return CanonicalDnsName(*out);
  }

  bool CountVoid() { return ++void_lookups_ <= opt_.max_void_lookups; }

  std::vector<IpAddress> Addresses(const DnsResult& r) {
    std::vector<IpAddress> out;
    for (const DnsRecord& rec : r.records) {
      auto a = ParseIpAddress(TrimWhitespace(rec.data));
      if (a) out.push_back(*a);
    }
    return out;
  }

  bool Matches(const IpAddress& a, const SpfTerm& t) {
    if (a.v6 != ip_.v6) return false;
    int bits = ip_.v6 ? (t.cidr6 < 0 ? 128 : t.cidr6) : (t.cidr4 < 0 ? 32 : t.cidr4);
    return InSamePrefix(a, ip_, bits);
  }

  // Names of the PTR answer for the client IP that resolve back to it (§5.5),
  // at most 10 names examined. Computed once.
  const std::vector<std::string>& ValidatedNames() {
    if (validated_) return *validated_;
    validated_.emplace();
    const DnsResult* r = dns_.Lookup(ReverseDnsName(ip_), dns_type::kPtr);
    if (!r || r->status != ProbeStatus::kOk) return *validated_;
    int examined = 0;
    for (const DnsRecord& rec : r->records) {
      if (examined++ >= kSpfMaxMxPtrNames) break;
      std::string name = CanonicalDnsName(rec.data);
      if (!IsQueryableDnsName(name)) continue;
      const DnsResult* a = dns_.Lookup(name, ip_.v6 ? dns_type::kAaaa : dns_type::kA);
      if (!a || a->status != ProbeStatus::kOk) continue;
      for (const IpAddress& addr : Addresses(*a))
        if (addr == ip_) {
          validated_->push_back(name);
          break;
        }
    }
    return *validated_;
  }

  std::string ValidatedPtrName(const std::string& domain) {
    const auto& names = ValidatedNames();
    for (const std::string& n : names)
      if (IsSameOrSubdomain(n, domain)) return n;
    return names.empty() ? "unknown" : names.front();
  }

  Match MatchTerm(const std::string& domain, const SpfTerm& t, std::string* why) {
    auto dns_fail = [&](const std::string& name, const DnsResult* r, uint16_t type) {
      *why = DnsTypeName(type) + " " + name + ": " + (r ? ProbeStatusName(r->status) : "no answer");
      return Match::kTempError;
    };
    auto void_hit = [&](const std::string& name) {
      if (CountVoid()) return Match::kNo;
      *why = "more than " + std::to_string(opt_.max_void_lookups) + " void lookups (" + name + ")";
      return Match::kPermError;
    };
    std::string target = domain;
    if (!t.domain_spec.empty()) {
      auto expanded = Expand(domain, t.domain_spec);
      if (!expanded) {
        *why = "cannot expand " + t.text;
        return Match::kPermError;
      }
      target = *expanded;
    }
    switch (t.mechanism) {
      case SpfMechanism::kAll:
        return Match::kYes;
      case SpfMechanism::kIp4:
      case SpfMechanism::kIp6:
        return (t.network && Matches(*t.network, t)) ? Match::kYes : Match::kNo;
      case SpfMechanism::kInclude: {
        if (!IsQueryableDnsName(target)) {
          *why = t.text + ": invalid target name";
          return Match::kPermError;
        }
        Verdict v = Evaluate(target);
        switch (v.code) {
          case SpfResultCode::kPass: return Match::kYes;
          case SpfResultCode::kFail:
          case SpfResultCode::kSoftFail:
          case SpfResultCode::kNeutral: return Match::kNo;
          case SpfResultCode::kTempError: *why = v.problem; return Match::kTempError;
          case SpfResultCode::kPermError: *why = v.problem; return Match::kPermError;
          case SpfResultCode::kNone:
            *why = t.text + ": no SPF record at " + target;
            return Match::kPermError;
        }
        return Match::kNo;
      }
      case SpfMechanism::kA: {
        if (!IsQueryableDnsName(target)) return Match::kNo;
        uint16_t type = ip_.v6 ? dns_type::kAaaa : dns_type::kA;
        const DnsResult* r = dns_.Lookup(target, type);
        if (!r || IsDnsFailure(*r)) return dns_fail(target, r, type);
        if (IsDnsVoid(*r)) return void_hit(target);
        for (const IpAddress& a : Addresses(*r))
          if (Matches(a, t)) return Match::kYes;
        return Match::kNo;
      }
      case SpfMechanism::kMx: {
        if (!IsQueryableDnsName(target)) return Match::kNo;
        const DnsResult* r = dns_.Lookup(target, dns_type::kMx);
        if (!r || IsDnsFailure(*r)) return dns_fail(target, r, dns_type::kMx);
        if (IsDnsVoid(*r)) return void_hit(target);
        std::vector<std::string> names = MxNames(*r);
        if (names.size() > static_cast<size_t>(kSpfMaxMxPtrNames)) {
          *why = t.text + ": more than 10 MX names at " + target;
          return Match::kPermError;
        }
        uint16_t type = ip_.v6 ? dns_type::kAaaa : dns_type::kA;
        for (const std::string& n : names) {
          if (!IsQueryableDnsName(n)) continue;
          const DnsResult* a = dns_.Lookup(n, type);
          if (!a || IsDnsFailure(*a)) return dns_fail(n, a, type);
          for (const IpAddress& addr : Addresses(*a))
            if (Matches(addr, t)) return Match::kYes;
        }
        return Match::kNo;
      }
      case SpfMechanism::kPtr: {
        for (const std::string& n : ValidatedNames())
          if (IsSameOrSubdomain(n, target)) return Match::kYes;
        return Match::kNo;
      }
      case SpfMechanism::kExists: {
        if (!IsQueryableDnsName(target)) return Match::kNo;
        const DnsResult* r = dns_.Lookup(target, dns_type::kA);
        if (!r || IsDnsFailure(*r)) return dns_fail(target, r, dns_type::kA);
        if (IsDnsVoid(*r)) return void_hit(target);
        return Match::kYes;
      }
    }
    return Match::kNo;
  }

  // §6.2: the explanation of a fail; any problem falls back to the default.
  std::string Explain(const std::string& domain, const std::optional<std::string>& exp) {
    if (!exp) return opt_.default_explanation;
    std::optional<std::string> target = Expand(domain, *exp);
    if (!target || !IsQueryableDnsName(*target)) return opt_.default_explanation;
    const DnsResult* r = dns_.Lookup(*target, dns_type::kTxt);
    if (!r || r->status != ProbeStatus::kOk || r->records.size() != 1)
      return opt_.default_explanation;
    std::string text = JoinedTxt(r->records[0]);
    for (char c : text)
      if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20)
        return opt_.default_explanation;
    auto out = ExpandSpfMacros(text, Context(domain, text), true);
    if (!out) return opt_.default_explanation;
    return *out;
  }

  SpfDns& dns_;
  const SpfCheckOptions& opt_;
  IpAddress ip_;
  SpfMacroContext base_;
  int dns_terms_ = 0;
  int void_lookups_ = 0;
  std::optional<std::vector<std::string>> validated_;
};

// RFC 7208 §4.3: a <domain> that is not a multi-label FQDN with labels of
// 1..63 octets gives "none".
bool IsCheckableDomain(const std::string& d) {
  if (d.empty() || d[0] == '[') return false;
  if (!IsQueryableDnsName(d)) return false;
  return d.find('.') != std::string::npos;
}

}  // namespace

const char* SpfProblemKindName(SpfProblemKind k) {
  switch (k) {
    case SpfProblemKind::kSyntax: return "syntax";
    case SpfProblemKind::kMultipleRecords: return "multiple_records";
    case SpfProblemKind::kNoRecord: return "no_record";
    case SpfProblemKind::kTooManyDnsTerms: return "too_many_dns_terms";
    case SpfProblemKind::kTooManyVoid: return "too_many_void_lookups";
    case SpfProblemKind::kTooManyMxNames: return "too_many_mx_names";
    case SpfProblemKind::kLoop: return "loop";
    case SpfProblemKind::kDnsFailure: return "dns_failure";
    case SpfProblemKind::kPtr: return "ptr";
    case SpfProblemKind::kMacroUnexpanded: return "macro_unexpanded";
    case SpfProblemKind::kVoidLookup: return "void_lookup";
    case SpfProblemKind::kTruncated: return "truncated";
  }
  return "?";
}

bool IsSpfPermError(SpfProblemKind k) {
  switch (k) {
    case SpfProblemKind::kSyntax:
    case SpfProblemKind::kMultipleRecords:
    case SpfProblemKind::kNoRecord:
    case SpfProblemKind::kTooManyDnsTerms:
    case SpfProblemKind::kTooManyVoid:
    case SpfProblemKind::kTooManyMxNames:
    case SpfProblemKind::kLoop:
      return true;
    default:
      return false;
  }
}

bool SpfTree::has_root_record() const {
  return !nodes.empty() && nodes[0].spf_record_count == 1;
}

bool SpfTree::permerror() const {
  for (const SpfProblem& p : problems)
    if (IsSpfPermError(p.kind)) return true;
  return false;
}

bool SpfTree::dns_failure() const { return Has(SpfProblemKind::kDnsFailure); }

bool SpfTree::Has(SpfProblemKind k) const {
  for (const SpfProblem& p : problems)
    if (p.kind == k) return true;
  return false;
}

SpfTree ExpandSpfTree(const std::string& domain, SpfDns& dns) {
  SpfTree tree;
  tree.domain = CanonicalDnsName(domain);
  Expander(dns, tree).Run(tree.domain);
  return tree;
}

const char* SpfResultName(SpfResultCode c) {
  switch (c) {
    case SpfResultCode::kNone: return "none";
    case SpfResultCode::kNeutral: return "neutral";
    case SpfResultCode::kPass: return "pass";
    case SpfResultCode::kFail: return "fail";
    case SpfResultCode::kSoftFail: return "softfail";
    case SpfResultCode::kTempError: return "temperror";
    case SpfResultCode::kPermError: return "permerror";
  }
  return "none";
}

SpfResult CheckHost(const std::string& ip_text, const std::string& domain_in,
                    const std::string& sender_in, const std::string& helo, SpfDns& dns,
                    const SpfCheckOptions& options) {
  SpfResult out;
  auto ip = ParseIpAddress(TrimWhitespace(ip_text));
  if (!ip) {
    out.code = SpfResultCode::kPermError;
    out.problem = "invalid client IP address";
    return out;
  }
  IpAddress client = UnmapIpv4(*ip);
  std::string local = "postmaster";
  std::string sender_domain = helo;
  if (!sender_in.empty()) {
    size_t at = sender_in.rfind('@');
    if (at == std::string::npos) {
      sender_domain = sender_in;
    } else {
      if (at > 0) local = sender_in.substr(0, at);
      sender_domain = sender_in.substr(at + 1);
    }
  }
  std::string domain = domain_in;
  if (!domain.empty() && domain.back() == '.') domain.pop_back();
  if (!IsCheckableDomain(domain)) {
    out.code = SpfResultCode::kNone;
    out.problem = "not a valid domain name";
    return out;
  }
  Evaluator ev(dns, options, client, local + "@" + sender_domain, local, sender_domain, helo);
  Verdict v = ev.Evaluate(AsciiLower(domain));
  out.code = v.code;
  out.explanation = v.explanation;
  out.matched = v.matched;
  out.problem = v.problem;
  out.dns_terms = ev.dns_terms();
  out.void_lookups = ev.void_lookups();
  return out;
}

}  // namespace posture
