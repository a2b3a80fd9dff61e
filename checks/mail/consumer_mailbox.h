// The maintained list of consumer mailbox providers (webmail for private
// individuals: wanadoo.fr, gmail.com, ...). A collectivity whose official
// address is at one of them does not control its mail security (MAIL-OWN-01).
//
// Thread-safety: immutable static data.
#pragma once

#include <string_view>
#include <vector>

namespace posture {

// When the list was last reviewed (ISO date).
inline constexpr const char* kConsumerMailboxListReviewed = "2026-12-03";

// Case-insensitive, trailing dot ignored; exact domain match (a subdomain of
// a provider is not the provider).
bool IsConsumerMailboxDomain(std::string_view domain);
const std::vector<std::string_view>& ConsumerMailboxDomains();

}  // namespace posture
