#include "checks/web/eol_table.h"

#include "checks/parse/http_headers.h"

namespace posture::web {

// Last reviewed 2026-12-03.
//
// PHP: each branch's end of security support (php.net/eol.php,
//   php.net/supported-versions.php). Branches whose end is announced are
//   listed too: they turn end-of-life on their date.
// Apache httpd: 2.0 ended with 2.0.65 (2013-07-10); 2.2 received security
//   patches "through at least December 2017" (ASF announcement with 2.4.23,
//   2016-07-05) and 2.2.34 (2017-07) was its last release. Only 2.4 is
//   maintained.
// nginx: only the current stable (even) and mainline (odd) branches are
//   maintained upstream (nginx.org/en/download.html); a stable branch stops
//   receiving fixes when the next one is released. As of the review date the
//   maintained branches are 1.30 (stable, April 2026) and 1.31 (mainline).
//   The table deliberately flags only branches below 1.26: 1.26 to 1.29 are
//   past upstream support too, but 1.26 is what Debian 13 ships with
//   security fixes backported, and distributions also backport to older
//   branches (Debian 12: 1.22, Ubuntu 24.04: 1.24) — see the caveat the
//   check prints for nginx.
// Drupal: 6 ended 2016-02-24; 7 on 2025-01-05; 8 on 2021-11-02; 9 on
//   2023-11-01 (drupal.org/about/core/policies/core-release-cycles).
// WordPress: only the latest major is officially supported; posture flags
//   versions older than the last three majors. Majors considered current on
//   the review date: 6.8 (2025-04-15), 6.9 (2025-12-02) and 7.0 (2026-05-20).
//   7.1 was scheduled for 2026-08-19 but its release could not be confirmed
//   at review time; if it shipped, 6.8 also left the last three. So: < 6.8 is
//   end-of-life since 7.0's release.
// Joomla: 2.5 ended 2014-12-31; 3.x on 2023-08-17; 4.x on 2025-10-17
//   (developer.joomla.org/news, "Joomla 3 end of life", "Joomla 4 EOL").
// IIS: tied to Windows Server: IIS 6 (2003) ended 2015-07-14; IIS 7/7.5
//   (2008, 2008 R2) 2020-01-14; IIS 8/8.5 (2012, 2012 R2) 2023-10-10
//   (learn.microsoft.com/lifecycle). IIS 10 covers 2016 to 2025.
// OpenSSL (when the Server header shows it): 1.0.2 ended 2019-12-31, 1.1.0
//   2019-09-11, 1.1.1 2023-09-11 (openssl-library.org/policies/releasestrat).
//   3.0 (LTS, ended 2026-09-07) is left out: Debian 12 and Ubuntu 22.04 ship
//   it with backported fixes.
const std::vector<EolEntry>& EolTable() {
  static const std::vector<EolEntry> kTable = {
      {"php", "PHP", "0", "7.0", "2018-12-31", "https://www.php.net/eol.php", "PHP 5.6 and older"},
      {"php", "PHP", "7.0", "7.1", "2019-01-10", "https://www.php.net/eol.php", ""},
      {"php", "PHP", "7.1", "7.2", "2019-12-01", "https://www.php.net/eol.php", ""},
      {"php", "PHP", "7.2", "7.3", "2020-11-30", "https://www.php.net/eol.php", ""},
      {"php", "PHP", "7.3", "7.4", "2021-12-06", "https://www.php.net/eol.php", ""},
      {"php", "PHP", "7.4", "8.0", "2022-11-28", "https://www.php.net/eol.php", ""},
      {"php", "PHP", "8.0", "8.1", "2023-11-26", "https://www.php.net/eol.php", ""},
      {"php", "PHP", "8.1", "8.2", "2025-12-31", "https://www.php.net/supported-versions.php", ""},
      {"php", "PHP", "8.2", "8.3", "2026-12-31", "https://www.php.net/supported-versions.php", ""},
      {"php", "PHP", "8.3", "8.4", "2027-12-31", "https://www.php.net/supported-versions.php", ""},
      {"php", "PHP", "8.4", "8.5", "2028-12-31", "https://www.php.net/supported-versions.php", ""},
      {"apache-httpd", "Apache httpd", "0", "2.2", "2013-07-10", "https://httpd.apache.org/",
       "1.3 and 2.0"},
      {"apache-httpd", "Apache httpd", "2.2", "2.4", "2017-12-31", "https://httpd.apache.org/",
       "2.2 (and the 2.3 development branch)"},
      {"nginx", "nginx", "0", "1.20", "2021-04-20", "https://nginx.org/en/CHANGES",
       "1.18 stable superseded by 1.20"},
      {"nginx", "nginx", "1.20", "1.22", "2022-05-24", "https://nginx.org/en/CHANGES",
       "1.20 stable superseded by 1.22"},
      {"nginx", "nginx", "1.22", "1.24", "2023-04-11", "https://nginx.org/en/CHANGES",
       "1.22 stable superseded by 1.24"},
      {"nginx", "nginx", "1.24", "1.26", "2024-04-23", "https://nginx.org/en/CHANGES",
       "1.24 stable superseded by 1.26"},
      {"drupal", "Drupal", "0", "7", "2016-02-24",
       "https://www.drupal.org/about/core/policies/core-release-cycles", "Drupal 6 and older"},
      {"drupal", "Drupal", "7", "8", "2025-01-05",
       "https://www.drupal.org/about/core/policies/core-release-cycles", ""},
      {"drupal", "Drupal", "8", "9", "2021-11-02",
       "https://www.drupal.org/about/core/policies/core-release-cycles", ""},
      {"drupal", "Drupal", "9", "10", "2023-11-01",
       "https://www.drupal.org/about/core/policies/core-release-cycles", ""},
      {"wordpress", "WordPress", "0", "6.8", "2026-05-20",
       "https://wordpress.org/download/releases/",
       "older than the last three majors (6.8, 6.9, 7.0 as of 2026-12-03)"},
      {"joomla", "Joomla", "0", "3", "2014-12-31", "https://developer.joomla.org/",
       "Joomla 2.5 and older"},
      {"joomla", "Joomla", "3", "4", "2023-08-17", "https://developer.joomla.org/", ""},
      {"joomla", "Joomla", "4", "5", "2025-10-17", "https://developer.joomla.org/", ""},
      {"iis", "Microsoft IIS", "0", "7.0", "2015-07-14",
       "https://learn.microsoft.com/lifecycle/products/", "Windows Server 2003"},
      {"iis", "Microsoft IIS", "7.0", "8.0", "2020-01-14",
       "https://learn.microsoft.com/lifecycle/products/", "Windows Server 2008 / 2008 R2"},
      {"iis", "Microsoft IIS", "8.0", "10.0", "2023-10-10",
       "https://learn.microsoft.com/lifecycle/products/", "Windows Server 2012 / 2012 R2"},
      {"openssl", "OpenSSL", "0", "1.1.0", "2019-12-31",
       "https://openssl-library.org/policies/releasestrat/", "1.0.2 and older"},
      {"openssl", "OpenSSL", "1.1.0", "1.1.1", "2019-09-11",
       "https://openssl-library.org/policies/releasestrat/", ""},
      {"openssl", "OpenSSL", "1.1.1", "3.0", "2023-09-11",
       "https://openssl-library.org/policies/releasestrat/", ""},
  };
  return kTable;
}

const EolEntry* FindEolEntry(std::string_view product, std::string_view version) {
  if (!HasVersionDigits(version)) return nullptr;
  if (version.empty() || version[0] < '0' || version[0] > '9') return nullptr;
  for (const EolEntry& e : EolTable()) {
    if (product != e.product) continue;
    if (CompareVersions(version, e.from_version) >= 0 && CompareVersions(version, e.to_version) < 0)
      return &e;
  }
  return nullptr;
}

}  // namespace posture::web
