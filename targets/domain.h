// Normalisation of the web domains and contacts (e-mail, phone) of
// collectivities, as people type them in a spreadsheet or as the national
// directory lists them.
//
//   "http://www.Ville-X.fr/accueil"  -> domain "ville-x.fr", web_host "www.ville-x.fr"
//   "mairie-évry.fr"                 -> domain "xn--mairie-vry-...fr" (IDNA2008,
//                                       UTS #46 non-transitional, via libidn2)
//   "Mairie@Ville-X.FR"              -> "Mairie@ville-x.fr"
//
// The scheme, user info, port, path, query, fragment and a trailing dot are
// dropped; letters are lower-cased; a leading "www." label is the web host
// and the rest the domain. IP literals, single-label names, bad lengths or
// characters are rejected with a reason. So are the shared platforms where a
// collectivity only has a page (facebook.com, ...): they are not its domain,
// and probing them would measure someone else.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "checks/base/status.h"
#include "targets/target.h"

namespace posture {

// A host name in canonical ASCII form: lower case, A-labels (punycode), no
// trailing dot, 2+ labels, each 1-63 letters/digits/hyphens not starting or
// ending with a hyphen, 253 bytes at most, not an IP address. InvalidArgument
// with the reason otherwise.
StatusOr<std::string> NormalizeHostName(std::string_view host);

// A website address or bare domain -> the collectivity's domain and web host.
StatusOr<TargetDomain> NormalizeWebAddress(std::string_view address);

// An e-mail address: trims, drops a "mailto:" prefix, validates the local
// part (dot-atom, at most 64 bytes) and normalises the domain part with
// NormalizeHostName (the local part is kept as written).
StatusOr<std::string> NormalizeEmail(std::string_view address);

// A phone number: digits, spaces and + . - ( ) /, 3 to 20 digits; runs of
// spaces (including the non-breaking ones) become one space.
StatusOr<std::string> NormalizePhone(std::string_view phone);

// True when `domain` (canonical) is, or is under, a shared platform on which
// a collectivity may have a page but which is not its own domain.
bool IsSharedPlatform(std::string_view domain);

}  // namespace posture
