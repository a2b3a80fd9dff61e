// The registry's CSV format (documented in targets/README.md): a header row
// naming the columns, in any order, case-insensitive:
//   kind,code,name,department_code,population,epci_siren,web_domains,email,phone
// Only kind and code are required; a missing column or an empty cell leaves
// the stored value unchanged; `-` clears web_domains, email, phone or
// epci_siren. web_domains holds one or more addresses separated by spaces or
// `|`. Validation reports every problem as `FILE:LINE: what is wrong`.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "targets/record.h"

namespace posture {

struct CsvImport {
  std::vector<TargetRecord> records;  // in file order; empty when problems is not empty
  ImportProblems problems;
  char separator = ',';
  bool transcoded_from_cp1252 = false;
};

// Parses and validates the whole file. `file_name` prefixes the messages.
CsvImport ParseTargetsCsv(std::string_view content, const std::string& file_name);

// The canonical column names, in the documented order.
const std::vector<std::string>& TargetsCsvColumns();

}  // namespace posture
