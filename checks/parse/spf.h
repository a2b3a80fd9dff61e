// SPF records (RFC 7208): the parser of one `v=spf1` record (§4.5, §4.6,
// §5, §6, the ABNF of §12) and macro expansion (§7). Evaluation lives in
// spf_eval.h.
//
// The parser is strict, as §4.6 requires: any syntax error anywhere makes the
// record a permerror, with a reason naming the offending term. Bounded: a
// record of more than kMaxSpfTerms terms is refused.
//
// Thread-safety: pure functions, plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/parse/dns_address.h"

namespace posture {

inline constexpr size_t kMaxSpfTerms = 512;

enum class SpfQualifier { kPass, kFail, kSoftFail, kNeutral };
enum class SpfMechanism { kAll, kInclude, kA, kMx, kPtr, kIp4, kIp6, kExists };

const char* SpfMechanismName(SpfMechanism m);  // "all", "include", ...
char SpfQualifierChar(SpfQualifier q);         // '+', '-', '~', '?'

struct SpfTerm {
  std::string text;  // verbatim
  SpfQualifier qualifier = SpfQualifier::kPass;
  bool explicit_qualifier = false;
  SpfMechanism mechanism = SpfMechanism::kAll;
  std::string domain_spec;  // include/exists: required; a/mx/ptr: optional (empty = <domain>)
  int cidr4 = -1;           // -1 when not given
  int cidr6 = -1;
  std::optional<IpAddress> network;  // ip4/ip6
  bool has_macro = false;            // domain_spec contains a %{...} expansion

  // Whether evaluating the term costs a DNS query (RFC 7208 §4.6.4).
  bool IsDnsTerm() const {
    return mechanism == SpfMechanism::kInclude || mechanism == SpfMechanism::kA ||
           mechanism == SpfMechanism::kMx || mechanism == SpfMechanism::kPtr ||
           mechanism == SpfMechanism::kExists;
  }
};

struct SpfModifier {
  std::string name;   // lower case
  std::string value;  // verbatim
};

struct SpfRecord {
  bool ok = false;
  std::string error;  // when !ok: e.g. "unknown mechanism 'foo'"
  std::vector<SpfTerm> mechanisms;  // in order
  std::optional<std::string> redirect;
  std::optional<std::string> exp;
  std::vector<SpfModifier> unknown_modifiers;

  // The `all` mechanism, if any (the first one).
  const SpfTerm* FindAll() const;
};

// True for a TXT string that selects as an SPF record (§4.5): "v=spf1"
// (case-insensitive) followed by a space or the end.
bool IsSpfRecordText(std::string_view text);

// Parses a record already known to satisfy IsSpfRecordText.
SpfRecord ParseSpfRecord(std::string_view text);

// Syntax of §7.1: domain-spec (macro-string domain-end) and explain-string.
bool IsValidSpfDomainSpec(std::string_view spec, std::string* error = nullptr);
bool IsValidSpfExplainString(std::string_view text);
// Whether `spec` can be expanded knowing only the current domain: it uses no
// macro other than %{d} (and the %%, %_, %- escapes).
bool SpfMacrosNeedOnlyDomain(std::string_view spec);

// The values the macros of §7.2 stand for.
struct SpfMacroContext {
  std::string sender;         // s: "local@domain"
  std::string local_part;     // l
  std::string sender_domain;  // o
  std::string domain;         // d: the <domain> of the current check_host()
  std::optional<IpAddress> ip;  // i, c, v
  std::string validated_ptr = "unknown";  // p
  std::string helo;           // h
  std::string receiver = "unknown";  // r (exp only)
  int64_t timestamp = 0;      // t (exp only)
};

// Expands a domain-spec (`explanation` false: letters c, r, t refused) or an
// explain-string (`explanation` true: spaces and c, r, t allowed). Returns
// nullopt on a syntax error. A domain-spec result longer than 253 octets is
// truncated from the left, label by label (§7.3); a trailing dot is removed.
std::optional<std::string> ExpandSpfMacros(std::string_view spec, const SpfMacroContext& ctx,
                                           bool explanation);

}  // namespace posture
