#include "checks/mail/consumer_mailbox.h"

#include "checks/base/strings.h"

namespace posture {

// Reviewed 2026-12-03 (kConsumerMailboxListReviewed). French ISPs' consumer
// mail (current and historical brands still in use by small communes) and
// the large international webmail services.
const std::vector<std::string_view>& ConsumerMailboxDomains() {
  static const std::vector<std::string_view> kDomains = {
      // Orange (ex France Télécom)
      "wanadoo.fr", "orange.fr",
      // La Poste
      "laposte.net",
      // Free
      "free.fr", "aliceadsl.fr", "libertysurf.fr", "infonie.fr", "worldonline.fr",
      "online.fr",
      // SFR and its historical brands
      "sfr.fr", "neuf.fr", "cegetel.net", "club-internet.fr", "9online.fr", "noos.fr",
      "numericable.fr", "numericable.com", "modulonet.fr",
      // Bouygues Telecom
      "bbox.fr",
      // Microsoft
      "hotmail.fr", "hotmail.com", "outlook.fr", "outlook.com", "live.fr", "live.com", "msn.com",
      // Google
      "gmail.com", "googlemail.com",
      // Yahoo / AOL
      "yahoo.fr", "yahoo.com", "ymail.com", "aol.com", "aol.fr",
      // Apple
      "icloud.com", "me.com", "mac.com",
      // GMX / Web.de / mail.com
      "gmx.fr", "gmx.com", "gmx.net", "mail.com",
      // Others seen in French public directories
      "protonmail.com", "proton.me", "voila.fr", "caramail.com", "netcourrier.com",
      "tutanota.com",
  };
  return kDomains;
}

bool IsConsumerMailboxDomain(std::string_view domain) {
  std::string d = CanonicalDnsName(domain);
  for (std::string_view c : ConsumerMailboxDomains())
    if (d == c) return true;
  return false;
}

}  // namespace posture
