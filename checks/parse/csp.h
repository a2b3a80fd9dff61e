// Content-Security-Policy parser and evaluator (CSP Level 3, W3C WD).
//
// Parsing follows "parse a serialized CSP" (CSP3 §2.2.1): a header value is a
// comma-separated list of policies; a policy is a ';'-separated list of
// directives; a directive is a lower-cased name followed by whitespace-
// separated values; a repeated directive is ignored (the first wins).
// Source expressions are classified (keywords such as 'self' are matched
// ASCII case-insensitively; nonces, hashes, scheme and host sources).
//
// Evaluation answers the questions the web checks ask: are scripts restricted
// (script-src, falling back to default-src; 'unsafe-inline' neutralised by a
// nonce, a hash or 'strict-dynamic'; host and scheme sources ignored under
// 'strict-dynamic'), is object-src restricted, is framing restricted
// (frame-ancestors, which has no fallback and is ignored in <meta>), is
// base-uri restricted. Several policies are all enforced (CSP3 §8.1): a
// property holds if any enforced policy guarantees it.
//
// Fuzz-friendly: no global state, linear work, bounded output (caps below).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace posture {

enum class CspSourceKind {
  kKeyword,   // 'self', 'none', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic', ...
  kNonce,     // 'nonce-<base64>'
  kHash,      // 'sha256-<base64>', 'sha384-...', 'sha512-...'
  kScheme,    // https:, data:, blob:, ...
  kWildcard,  // *
  kHost,      // example.fr, *.example.fr, https://cdn.example.fr/path
  kInvalid,   // anything else (an unknown quoted token, garbage)
};

struct CspSource {
  CspSourceKind kind = CspSourceKind::kInvalid;
  std::string keyword;  // kKeyword: lower-case, without quotes ("self"); kScheme: lower-case scheme
};

CspSource ClassifyCspSource(std::string_view expression);

struct CspDirective {
  std::string name;                 // lower case
  std::vector<std::string> values;  // verbatim
};

struct CspPolicy {
  bool report_only = false;  // from Content-Security-Policy-Report-Only
  bool from_meta = false;    // from <meta http-equiv>: frame-ancestors, sandbox, report-uri ignored
  std::vector<CspDirective> directives;
  std::vector<std::string> duplicates;  // names of repeated directives (ignored)

  const CspDirective* Find(std::string_view name) const;
};

// Caps that bound the work on hostile input.
inline constexpr size_t kCspMaxPolicies = 32;
inline constexpr size_t kCspMaxDirectives = 64;
inline constexpr size_t kCspMaxValues = 256;

// Parses one header field value (a serialized CSP list). Empty policies are
// dropped.
std::vector<CspPolicy> ParseCspHeader(std::string_view value, bool report_only = false,
                                      bool from_meta = false);

// The script restriction of one policy.
struct CspScriptVerdict {
  bool governed = false;         // script-src or default-src present
  std::string directive;         // "script-src" or "default-src"
  bool unsafe_inline = false;    // effective: not neutralised by nonce/hash/'strict-dynamic'
  bool unsafe_eval = false;
  bool nonce_or_hash = false;
  bool strict_dynamic = false;
  bool allows_any_host = false;  // effective '*', http:, https:, data: (ignored under 'strict-dynamic')
  bool Safe() const { return governed && !unsafe_inline && !unsafe_eval && !allows_any_host; }
};
CspScriptVerdict AssessCspScripts(const CspPolicy& policy);

// object-src (falling back to default-src) is 'none', or only 'self'.
bool CspRestrictsObjects(const CspPolicy& policy);

enum class CspFraming { kAbsent, kRestricted, kPermissive };
// frame-ancestors (no fallback; ignored in a <meta> policy): 'none', 'self'
// or host sources → restricted; '*' or a bare scheme → permissive.
CspFraming CspFrameAncestors(const CspPolicy& policy);

// base-uri present with 'none', 'self' or host sources only (no '*', no scheme).
bool CspRestrictsBaseUri(const CspPolicy& policy);

// The combined judgement of every policy a page carries.
struct CspAssessment {
  size_t enforced = 0;     // enforced policies (headers and meta)
  size_t report_only = 0;  // report-only policies (not enforced)
  bool scripts_safe = false;
  bool objects_restricted = false;
  bool frame_ancestors = false;  // restricted by some enforced header policy
  bool base_uri_restricted = false;
  bool upgrade_insecure_requests = false;
  // Short machine-written reasons, e.g. "script-src allows 'unsafe-inline'".
  std::vector<std::string> weaknesses;
  bool Meaningful() const {
    return scripts_safe && objects_restricted && frame_ancestors && base_uri_restricted;
  }
};
CspAssessment AssessCsp(const std::vector<CspPolicy>& policies);

}  // namespace posture
