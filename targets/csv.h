// Reading a CSV file as a French spreadsheet writes it: RFC 4180 quoting
// (fields in double quotes, "" for a quote, line breaks inside quotes), CRLF
// or LF line ends, a UTF-8 byte-order mark, and `,` `;` or tab as the
// separator (detected from the header line). A file that is not valid UTF-8
// is read as Windows-1252, which is what Excel writes for "CSV (séparateur:
// point-virgule)".
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/base/status.h"

namespace posture {

struct CsvRow {
  int line = 0;                     // 1-based line where the row starts
  std::vector<std::string> fields;  // verbatim, quotes removed
  std::string error;                // non-empty when the row is malformed (e.g. bad quoting)
};

struct CsvDocument {
  char separator = ',';
  bool transcoded_from_cp1252 = false;
  std::vector<CsvRow> rows;  // rows[0] is the header when the file has one
};

// Decodes `bytes` to UTF-8: drops a UTF-8 BOM; converts Windows-1252 when the
// bytes are not valid UTF-8. Fails on UTF-16/UTF-32 byte-order marks.
StatusOr<std::string> DecodeSpreadsheetText(std::string_view bytes, bool* transcoded);

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Splits decoded text into rows. The separator is the most frequent of `,`
// `;` and tab on the first line (outside quotes); `,` when none occurs.
// Malformed rows carry an error and parsing goes on with the next line.
CsvDocument ParseCsv(std::string_view text);

}  // namespace posture
