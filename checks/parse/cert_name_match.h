// Certificate name matching for a DNS host name (RFC 9525 §6.3, which
// obsoletes RFC 6125 §6.4), written for the checks rather than taken from
// OpenSSL so that the rules are explicit and testable:
//   - the presented identifiers are the subjectAltName dNSName entries; the
//     subject Common Name is used only when there is no dNSName at all, and
//     such a match is reported separately (RFC 9525 no longer allows it and
//     browsers reject it);
//   - comparison is ASCII case-insensitive on A-labels, one trailing dot
//     ignored; a presented name with non-ASCII bytes or empty labels never
//     matches;
//   - a wildcard is allowed only as the complete left-most label ("*."), and
//     matches exactly one non-empty label: *.example.fr matches a.example.fr,
//     not a.b.example.fr nor example.fr; partial wildcards ("w*.example.fr",
//     "*w.example.fr") and wildcards elsewhere never match;
//   - a wildcard whose remainder has fewer than two labels ("*.fr") or is a
//     public suffix (when a predicate is given: "*.gouv.fr") never matches.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace posture {

// Returns true if `suffix` (canonical) is a public suffix.
using PublicSuffixPredicate = std::function<bool(std::string_view suffix)>;

bool MatchPresentedDnsName(std::string_view host, std::string_view presented,
                           const PublicSuffixPredicate& is_public_suffix = nullptr);

enum class CertNameMatch {
  kSan,         // a subjectAltName dNSName matches
  kCommonName,  // no dNSName in the certificate; only the subject CN matches
  kNone,
};

struct CertNameResult {
  CertNameMatch match = CertNameMatch::kNone;
  std::string matched;  // the presented identifier that matched
};

CertNameResult MatchCertificateName(std::string_view host, const std::vector<std::string>& san_dns,
                                    std::string_view common_name,
                                    const PublicSuffixPredicate& is_public_suffix = nullptr);

}  // namespace posture
