// A minimal absolute-URL splitter for the redirect chains the engine follows
// (http and https only). Not a general URL library: it extracts what the
// engine needs to pin a connection (scheme, host, port) and rejects the rest.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

namespace posture {

struct UrlParts {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; IPv6 literals without brackets
  int port = 0;        // explicit or the scheme's default
  std::string path;    // path + query, at least "/"
};

// nullopt for a URL that is not absolute http(s) with a host.
std::optional<UrlParts> SplitUrl(const std::string& url);

}  // namespace posture
