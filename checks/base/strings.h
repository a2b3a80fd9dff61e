// Small string helpers shared by the pure libraries: ASCII case folding,
// trimming, splitting, and prefix tests. ASCII-only on purpose: protocol
// tokens (DNS names, header names, record tags) are ASCII; user text is kept
// verbatim.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace posture {

std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix);
std::string_view TrimWhitespace(std::string_view s);  // spaces, tabs, CR, LF
// Splits on `sep`; keeps empty fields.
std::vector<std::string_view> Split(std::string_view s, char sep);
// Splits on runs of ASCII whitespace; drops empty fields.
std::vector<std::string_view> SplitWhitespace(std::string_view s);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// A DNS name in canonical form: lower case, no trailing dot.
std::string CanonicalDnsName(std::string_view name);
// True if `name` equals `domain` or is a subdomain of it (both canonical).
bool IsSameOrSubdomain(std::string_view name, std::string_view domain);
// Replaces bytes that are not printable ASCII or valid UTF-8 by U+FFFD, and
// truncates to at most `max_bytes` (on a character boundary), appending "…".
std::string SanitizeForDisplay(std::string_view s, size_t max_bytes = 4096);
// Hex encoding (lower case) of raw bytes.
std::string HexEncode(std::string_view bytes);

}  // namespace posture
