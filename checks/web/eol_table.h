// A small, dated table of software branches past their end of life, used by
// WEB-EOL-01 on the products and versions WEB-INFO-01 sees. Each row is a
// half-open version range [from, to) of one product, the last day the
// upstream project supported it, and the source. WEB-EOL-01 compares
// CheckContext::now with these dates, so a branch whose end is announced
// (PHP 8.2 on 2026-12-31) becomes end-of-life by itself on that day.
//
// Last reviewed: 2026-12-03 (kEolTableReviewed). Review it at least every
// six months; bump WEB-EOL-01's version in web_checks.cc when rows change.
//
// Thread-safety: immutable static data.
#pragma once

#include <string_view>
#include <vector>

namespace posture::web {

inline constexpr char kEolTableReviewed[] = "2026-12-03";

struct EolEntry {
  const char* product;       // canonical id (ProductVersion::canonical): "php", "nginx", ...
  const char* display;       // "PHP"
  const char* from_version;  // inclusive ("0" for anything older)
  const char* to_version;    // exclusive
  const char* last_day;      // last day of upstream support, "YYYY-MM-DD"
  const char* source;        // URL
  const char* note;          // e.g. why a boundary was chosen; may be ""
};

const std::vector<EolEntry>& EolTable();

// The row whose range contains `version` for `product`, or nullptr.
const EolEntry* FindEolEntry(std::string_view product, std::string_view version);

}  // namespace posture::web
