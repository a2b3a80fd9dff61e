// The web checks and their catalogue entries, in report order.
// See checks/check.h for the contract every check follows, and
// checks/web/web_util.h for the conventions shared by the web checks (apex
// and www judged, several IPs aggregated with the worst, the final HTTPS page
// judged for headers, cookies and mixed content).
//
// Thread-safety: the lists are immutable static data; the checks are pure.
#pragma once

#include <vector>

#include "checks/catalogue.h"
#include "checks/check.h"

namespace posture {

const std::vector<CheckInfo>& WebChecks();
const std::vector<CatalogueEntry>& WebCatalogue();

// One function per check (one file each in checks/web/).
std::vector<Finding> CheckWebHttps01(const CheckContext& ctx);   // https_available.cc
std::vector<Finding> CheckWebHttps02(const CheckContext& ctx);   // https_redirect.cc
std::vector<Finding> CheckWebHsts01(const CheckContext& ctx);    // hsts.cc
std::vector<Finding> CheckWebTls01(const CheckContext& ctx);     // tls_legacy_protocols.cc
std::vector<Finding> CheckWebTls02(const CheckContext& ctx);     // tls13.cc
std::vector<Finding> CheckWebTls03(const CheckContext& ctx);     // tls_ciphers.cc
std::vector<Finding> CheckWebCert01(const CheckContext& ctx);    // cert_trust.cc
std::vector<Finding> CheckWebCert02(const CheckContext& ctx);    // cert_validity.cc
std::vector<Finding> CheckWebCert03(const CheckContext& ctx);    // cert_name.cc
std::vector<Finding> CheckWebCert04(const CheckContext& ctx);    // cert_key.cc
std::vector<Finding> CheckWebHdr01(const CheckContext& ctx);     // header_csp.cc
std::vector<Finding> CheckWebHdr02(const CheckContext& ctx);     // header_framing.cc
std::vector<Finding> CheckWebHdr03(const CheckContext& ctx);     // header_nosniff.cc
std::vector<Finding> CheckWebHdr04(const CheckContext& ctx);     // header_referrer.cc
std::vector<Finding> CheckWebCookie01(const CheckContext& ctx);  // cookies.cc
std::vector<Finding> CheckWebMixed01(const CheckContext& ctx);   // mixed_content.cc
std::vector<Finding> CheckWebSectxt01(const CheckContext& ctx);  // security_txt.cc
std::vector<Finding> CheckWebInfo01(const CheckContext& ctx);    // info_disclosure.cc
std::vector<Finding> CheckWebEol01(const CheckContext& ctx);     // end_of_life.cc

}  // namespace posture
