// SPF evaluation over an abstract DNS (RFC 7208), in two forms:
//
// - ExpandSpfTree(): the static expansion of a domain's SPF include/redirect
//   tree, independent of any sender, used by the engine to plan its DNS
//   questions and by the checks (MAIL-SPF-02/03) to judge the record. It
//   never blocks: a question whose answer is not available (SpfDns returns
//   nullptr) is listed in `needed`. The engine asks every needed question
//   and calls again until `needed` is empty (each call is cheap: it re-reads
//   answers already gathered).
//
// - CheckHost(): the complete check_host() of RFC 7208 §4 for one (ip,
//   domain, sender, helo). Here SpfDns must answer every question (a
//   blocking resolver adaptor in the CLI, a map in tests); a nullptr answer
//   is treated as a DNS failure (temperror).
//
// Questions of the static expansion, per term (documented contract):
//   the root domain and every include/redirect target: TXT;
//   a[:x]: A and AAAA of the target (both void = one void lookup);
//   mx[:x]: MX of the target (the MX hosts' addresses are not asked: the
//     MX sub-limit of 10 names is judged from the MX answer);
//   exists:x: A of the target (when x needs no sender macro);
//   ptr[:x]: nothing (its answer depends on the sender's IP);
// Terms whose domain-spec uses a macro other than %{d} cannot be expanded
// without a sender: they are counted, flagged, and not asked.
//
// Thread-safety: SpfDns implementations are used from one thread at a time;
// the functions themselves keep no state.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "checks/observations.h"
#include "checks/parse/spf.h"

namespace posture {

// A DNS answer source. Lookup returns nullptr when the answer is not
// available (not asked yet). Names are canonical (lower case, no trailing
// dot). The returned pointer must stay valid until the next Lookup call.
class SpfDns {
 public:
  virtual ~SpfDns() = default;
  virtual const DnsResult* Lookup(const std::string& name, uint16_t type) = 0;
};

// An SpfDns over the questions the engine already asked for a target.
class ObservationsSpfDns : public SpfDns {
 public:
  explicit ObservationsSpfDns(const TargetObservations& obs) : obs_(obs) {}
  const DnsResult* Lookup(const std::string& name, uint16_t type) override {
    return obs_.FindDns(name, type);
  }

 private:
  const TargetObservations& obs_;
};

// ---------------------------------------------------------------------------
// Static expansion.

// Processing limits of RFC 7208 §4.6.4 and the expansion bounds.
inline constexpr int kSpfMaxDnsTerms = 10;
inline constexpr int kSpfMaxVoidLookups = 2;
inline constexpr int kSpfMaxMxPtrNames = 10;
// The expansion stops following includes once this many DNS-querying terms
// were counted (the true count is then "more than" dns_terms).
inline constexpr int kSpfExpandTermBound = 30;
inline constexpr int kSpfExpandNodeBound = 50;

enum class SpfProblemKind {
  kSyntax,           // a record does not parse (permerror)
  kMultipleRecords,  // more than one v=spf1 record at a name (permerror)
  kNoRecord,         // an include/redirect target has no SPF record (permerror)
  kTooManyDnsTerms,  // > 10 DNS-querying terms (permerror)
  kTooManyVoid,      // > 2 void lookups (permerror)
  kTooManyMxNames,   // an mx term's target has > 10 MX names (permerror)
  kLoop,             // an include/redirect reaches a domain already on its path (permerror)
  kDnsFailure,       // a question timed out / SERVFAIL (temperror)
  kPtr,              // the deprecated ptr mechanism is used (§5.5)
  kMacroUnexpanded,  // a term needs the sender to be expanded
  kVoidLookup,       // one void lookup (informative; counted in void_lookups)
  kTruncated,        // expansion stopped at its bound
};
const char* SpfProblemKindName(SpfProblemKind k);
// Whether the problem makes every evaluation a permerror.
bool IsSpfPermError(SpfProblemKind k);

struct SpfProblem {
  SpfProblemKind kind;
  std::string domain;  // the record where it was found
  std::string detail;  // e.g. the term, the reason
};

struct SpfTreeNode {
  std::string domain;
  std::string via;   // "root", "include", "redirect"
  std::string term;  // the term that reached it ("include:_spf.example.net"), empty for root
  int parent = -1;
  ProbeStatus txt_status = ProbeStatus::kSkipped;  // of the TXT question
  bool answered = false;      // the TXT answer was available
  int spf_record_count = 0;   // v=spf1 records found
  std::string record;         // the (first) v=spf1 record, joined
  SpfRecord parsed;
  std::vector<int> children;  // indices into SpfTree::nodes
};

struct SpfTree {
  std::string domain;
  std::vector<SpfTreeNode> nodes;  // nodes[0] is the root (when any)
  int dns_terms = 0;       // DNS-querying terms counted over the evaluated tree
  bool dns_terms_bounded = false;  // expansion stopped: the true count is > dns_terms
  int void_lookups = 0;
  int macro_terms = 0;     // terms not expandable without a sender
  bool uses_ptr = false;
  std::vector<SpfProblem> problems;
  // Questions whose answers were missing (to ask, then call again).
  std::vector<std::pair<std::string, uint16_t>> needed;

  bool complete() const { return needed.empty(); }
  // The root record was found (exactly one v=spf1 record at the domain).
  bool has_root_record() const;
  // Any condition that makes every evaluation a permerror.
  bool permerror() const;
  // Any DNS failure met (the judgement is then uncertain).
  bool dns_failure() const;
  bool Has(SpfProblemKind k) const;
};

SpfTree ExpandSpfTree(const std::string& domain, SpfDns& dns);

// ---------------------------------------------------------------------------
// check_host().

enum class SpfResultCode { kNone, kNeutral, kPass, kFail, kSoftFail, kTempError, kPermError };
const char* SpfResultName(SpfResultCode c);  // "pass", "fail", "softfail", ...

struct SpfCheckOptions {
  int max_dns_terms = kSpfMaxDnsTerms;
  int max_void_lookups = kSpfMaxVoidLookups;
  std::string receiver = "unknown";  // %{r}
  int64_t timestamp = 0;             // %{t}
  // Explanation used for a fail when the record has no usable exp=.
  std::string default_explanation;
};

struct SpfResult {
  SpfResultCode code = SpfResultCode::kNone;
  std::string explanation;  // fail only
  std::string matched;      // "domain: term" that decided, if any
  std::string problem;      // why permerror/temperror/none
  int dns_terms = 0;
  int void_lookups = 0;
};

// check_host(<ip>, <domain>, <sender>) of RFC 7208 §4, with the HELO name
// for %{h}. `sender` may be empty (then "postmaster@<helo>"), or lack a
// local part ("@example.net" → "postmaster"). `domain` is normally the
// sender's domain (or the HELO name for a HELO check).
SpfResult CheckHost(const std::string& ip, const std::string& domain, const std::string& sender,
                    const std::string& helo, SpfDns& dns, const SpfCheckOptions& options = {});

}  // namespace posture
