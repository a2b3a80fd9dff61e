// What the engine must ask so that the mail checks can judge a domain (see
// scanner/probes/README.md): the DMARC discovery names, the DKIM selectors
// tried, the DMARC external-report authorisation names, and (from
// checks/parse/spf_eval.h) ExpandSpfTree, the SPF include/redirect tree whose
// `needed` list says which questions are still missing.
//
// Thread-safety: pure functions; KnownDkimSelectors returns immutable data.
#pragma once

#include <string>
#include <vector>

#include "checks/parse/dmarc.h"
#include "checks/parse/psl.h"
#include "checks/parse/spf_eval.h"  // ExpandSpfTree, SpfDns

namespace posture {

// The `_dmarc` names to ask for `domain`, nearest first: `_dmarc.<domain>`,
// then each parent up to the organisational domain (RFC 7489 §6.6.3) and the
// RFC 9989 tree walk (parents down to two labels, a name of more than 8
// labels first shortened to its last 7). At most 8 names. The checks use the
// first name that has a DMARC record.
std::vector<std::string> DmarcDiscoveryNames(const std::string& domain,
                                             const PublicSuffixList* psl);

// DKIM selectors tried at `<selector>._domainkey.<domain>` (common provider
// and software defaults). Finding none proves nothing: selectors are free.
const std::vector<std::string>& KnownDkimSelectors();

// For a DMARC record found at `policy_domain`: the TXT names that authorise
// each external aggregate-report destination (RFC 7489 §7.1):
// `<policy_domain>._report._dmarc.<destination domain>`, for rua mailto:
// domains whose organisational domain differs from the policy domain's.
std::vector<std::string> DmarcReportAuthorisationNames(const std::string& policy_domain,
                                                       const DmarcRecord& record,
                                                       const PublicSuffixList* psl);

}  // namespace posture
