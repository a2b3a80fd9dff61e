// Helpers over HTTP response headers for the web checks: case-insensitive
// lookup of repeated header fields, and extraction of software products and
// versions from Server, X-Powered-By, X-AspNet-Version, X-AspNetMvc-Version,
// X-Generator and the HTML generator meta tag.
//
// Product tokens follow RFC 9110 §10.2.4 (Server) loosely:
//   product = token ["/" product-version], separated by spaces, with
//   "(comment)" parts ("Apache/2.4.62 (Debian) OpenSSL/3.0.15").
// Generator strings are free text ("WordPress 6.8.1", "Drupal 7
// (https://www.drupal.org)", "Joomla! - Open Source Content Management").
//
// Fuzz-friendly: no global state, linear work, bounded output.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/observations.h"

namespace posture {

// Every value of header `name` (case-insensitive), in order.
std::vector<std::string> HeaderValues(const std::vector<HttpHeader>& headers,
                                      std::string_view name);
// "Name: value" lines of header `name` as received, sanitised and bounded.
std::string HeaderLines(const std::vector<HttpHeader>& headers, std::string_view name,
                        size_t max_bytes = 1024);

struct ProductVersion {
  std::string product;   // as written ("Apache", "nginx", "PHP", "WordPress")
  std::string version;   // "2.4.62", "" when none
  std::string canonical; // normalised id: "apache-httpd", "nginx", "php", "iis", "openssl",
                         // "wordpress", "drupal", "joomla", "aspnet", "aspnet-mvc", or
                         // the lower-cased product
  std::string source;    // "Server", "X-Powered-By", "generator meta", ...
};

// Product tokens of a Server / X-Powered-By value; comments are skipped.
std::vector<ProductVersion> ParseProductTokens(std::string_view value, std::string_view source);

// A generator string ("WordPress 6.8.1"); product is empty if nothing
// recognisable.
ProductVersion ParseGenerator(std::string_view content, std::string_view source);

// Whether a version string carries at least one digit (a real disclosure).
bool HasVersionDigits(std::string_view version);

// Compares dotted numeric versions ("1.24.0" < "1.26"): missing components
// count as 0, non-numeric suffixes ("7.4.3-1ubuntu") are ignored.
int CompareVersions(std::string_view a, std::string_view b);

}  // namespace posture
