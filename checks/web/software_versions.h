// The software a web host discloses about itself, shared by WEB-INFO-01 and
// WEB-EOL-01: products and versions from the Server, X-Powered-By,
// X-AspNet-Version, X-AspNetMvc-Version and X-Generator headers and from the
// <meta name="generator"> tags of the page a visitor lands on (the final
// HTTPS page, else the final plain-HTTP page).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "checks/observations.h"
#include "checks/parse/http_headers.h"
#include "checks/web/web_util.h"

namespace posture::web {

struct DisclosedSoftware {
  const HttpHop* hop = nullptr;  // the page examined; null when none
  Verdict why;                   // when hop is null
  std::vector<ProductVersion> products;  // every product seen (with or without version)
  std::string evidence;                  // the header lines and meta tags, verbatim, bounded
};

DisclosedSoftware FindDisclosedSoftware(const TargetObservations& obs, const std::string& host);

}  // namespace posture::web
