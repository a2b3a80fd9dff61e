// A small bounded scanner over an (already capped) HTML body. Not an HTML
// parser: it walks the bytes once, skips comments, <script> contents and
// <style> contents, and reads the attributes of the few tags the web checks
// need, tolerating any attribute order, quoting ('...', "...", unquoted),
// letter case, and garbage:
//   <meta name="generator" content="WordPress 6.8.1">       → generators
//   <meta http-equiv="Content-Security-Policy" content="..."> → meta_csp
//   <script src="http://cdn.example/x.js">                   → script_srcs
// Attribute values get the few character references that matter decoded
// (&amp; &quot; &#39; &#x27; &lt; &gt;).
//
// Fuzz-friendly: no global state, one linear pass, at most kHtmlMaxTags tags
// examined and kHtmlMaxItems items kept per list.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace posture {

inline constexpr size_t kHtmlMaxTags = 20000;
inline constexpr size_t kHtmlMaxItems = 64;
inline constexpr size_t kHtmlMaxAttrValue = 2048;

struct HtmlScan {
  std::vector<std::string> generators;   // content of <meta name=generator>
  std::vector<std::string> meta_csp;     // content of <meta http-equiv=Content-Security-Policy>
  std::vector<std::string> script_srcs;  // src of <script>, trimmed
  size_t tags_seen = 0;
  bool stopped_early = false;  // the tag cap was reached
};

HtmlScan ScanHtml(std::string_view body);

}  // namespace posture
