// The mail-side questions of the scan plan, delegated to the checks' own
// planning helpers (checks/mail/mail_plan.h, checks/parse/spf_eval.h) so that
// the engine asks exactly what the checks read.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "checks/observations.h"
#include "scanner/probes/scan_context.h"

namespace posture {

using DnsLookupFn = std::function<const DnsResult*(const std::string& name, uint16_t type)>;

// The _dmarc names to ask for `domain` (itself, then its parents up to the
// organisational domain).
std::vector<std::string> DmarcQuestionNames(const std::string& domain, const PublicSuffixList* psl);
// "<selector>._domainkey.<domain>" for each known provider selector.
std::vector<std::string> DkimQuestionNames(const std::string& domain);
// The questions the SPF tree of `domain` still needs, given the answers so far
// (ExpandSpfTree's `needed`: include/redirect TXT, a/mx/exists targets).
std::vector<DnsKey> SpfQuestionsNeeded(const std::string& domain, const DnsLookupFn& lookup);
// Once the DMARC discovery names are answered: the TXT names that would
// authorise the record's external aggregate-report destinations
// (DmarcReportAuthorisationNames), empty when there is nothing to ask.
std::vector<std::string> DmarcReportQuestionNames(const std::string& domain,
                                                  const PublicSuffixList* psl,
                                                  const DnsLookupFn& lookup);

}  // namespace posture
