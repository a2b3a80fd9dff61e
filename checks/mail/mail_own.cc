// MAIL-OWN-01: the collectivity's official e-mail address is on its own
// domain, not at a consumer mailbox provider (consumer_mailbox.h). A mailbox
// at a consumer provider cannot carry the collectivity's SPF (RFC 7208),
// DMARC (RFC 7489) or DKIM (RFC 6376) policy: anyone can open a look-alike
// address there. ANSSI, "Recommandations de sécurité relatives à la
// messagerie": use a domain the organisation controls.
#include "checks/mail/consumer_mailbox.h"
#include "checks/mail/mail_common.h"

namespace posture::mail {

std::vector<Finding> CheckMailOwn(const CheckContext& ctx) {
  const char* kCode = "MAIL-OWN-01";
  const std::string& email = ctx.obs.email;
  std::string domain = EmailDomain(email);
  if (email.empty())
    return {MakeFinding(kCode, Outcome::kNotTested, Severity::kHigh, ctx.obs.target_key, "",
                        "no official e-mail address known")};
  if (domain.empty())
    return {MakeFinding(kCode, Outcome::kNotTested, Severity::kHigh, ctx.obs.target_key, email,
                        "the official e-mail address is not a valid address")};
  if (IsConsumerMailboxDomain(domain))
    return {MakeFinding(kCode, Outcome::kFail, Severity::kHigh, domain, "e-mail: " + email,
                        "the official address is at a consumer mailbox provider")};
  return {MakeFinding(kCode, Outcome::kPass, Severity::kHigh, domain, "e-mail: " + email,
                      "the official address is on a domain of its own")};
}

}  // namespace posture::mail
