#include "targets/csv_import.h"

#include <map>
#include <optional>
#include <utility>

#include "checks/base/strings.h"
#include "targets/codes.h"
#include "targets/csv.h"
#include "targets/domain.h"

namespace posture {
namespace {

constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxDomainsPerTarget = 20;

enum Column { kKind, kCode, kName, kDepartment, kPopulation, kEpci, kDomains, kEmail, kPhone,
              kColumnCount };

const std::vector<std::pair<std::string, Column>>& ColumnAliases() {
  static const std::vector<std::pair<std::string, Column>> kAliases = {
      {"kind", kKind},
      {"type", kKind},
      {"code", kCode},
      {"code_insee", kCode},
      {"name", kName},
      {"nom", kName},
      {"department_code", kDepartment},
      {"department", kDepartment},
      {"departement", kDepartment},
      {"d\xc3\xa9partement", kDepartment},
      {"code_departement", kDepartment},
      {"population", kPopulation},
      {"epci_siren", kEpci},
      {"epci", kEpci},
      {"siren_epci", kEpci},
      {"web_domains", kDomains},
      {"web_domain", kDomains},
      {"domains", kDomains},
      {"domain", kDomains},
      {"website", kDomains},
      {"site_internet", kDomains},
      {"email", kEmail},
      {"e_mail", kEmail},
      {"courriel", kEmail},
      {"adresse_courriel", kEmail},
      {"phone", kPhone},
      {"telephone", kPhone},
      {"t\xc3\xa9l\xc3\xa9phone", kPhone},
  };
  return kAliases;
}

bool IsIgnoredColumn(const std::string& name) {
  return name.empty() || name == "comment" || name == "comments" || name == "note" ||
         name == "notes" || name == "commentaire" || name == "commentaires";
}

std::string NormalizeColumnName(std::string_view raw) {
  std::string s = AsciiLower(TrimWhitespace(raw));
  for (char& c : s)
    if (c == ' ' || c == '-') c = '_';
  return s;
}

std::string Shown(std::string_view s) { return "`" + SanitizeForDisplay(s, 80) + "`"; }

bool HasControlChar(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  return false;
}

// "12 463 067" (with ASCII or non-breaking spaces) -> 12463067.
std::optional<int64_t> ParsePopulation(std::string_view s, std::string* why) {
  std::string digits;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ') continue;
    if (s.substr(i, 2) == "\xc2\xa0") { ++i; continue; }
    if (s.substr(i, 3) == "\xe2\x80\xaf") { i += 2; continue; }
    if (c == '-' && digits.empty()) {
      *why = "population must not be negative";
      return std::nullopt;
    }
    if (c < '0' || c > '9') {
      *why = "population " + Shown(s) + " is not a whole number";
      return std::nullopt;
    }
    digits.push_back(c);
  }
  if (digits.empty()) {
    *why = "population " + Shown(s) + " is not a whole number";
    return std::nullopt;
  }
  if (digits.size() > 12) {
    *why = "population " + Shown(s) + " is implausibly large";
    return std::nullopt;
  }
  return std::stoll(digits);
}

}  // namespace

const std::vector<std::string>& TargetsCsvColumns() {
  static const std::vector<std::string> kColumns = {
      "kind", "code", "name", "department_code", "population", "epci_siren",
      "web_domains", "email", "phone"};
  return kColumns;
}

CsvImport ParseTargetsCsv(std::string_view content, const std::string& file_name) {
  CsvImport result;
  ImportProblems& problems = result.problems;
  auto where = [&](int line) { return file_name + ":" + std::to_string(line); };

  bool transcoded = false;
  auto text = DecodeSpreadsheetText(content, &transcoded);
  if (!text.ok()) {
    problems.Add(file_name + ": " + text.status().message());
    return result;
  }
  result.transcoded_from_cp1252 = transcoded;
  CsvDocument doc = ParseCsv(*text);
  result.separator = doc.separator;

  // Skip leading blank lines to find the header.
  auto is_blank = [](const CsvRow& r) {
    for (const std::string& f : r.fields)
      if (!TrimWhitespace(f).empty()) return false;
    return r.error.empty();
  };
  size_t first = 0;
  while (first < doc.rows.size() && is_blank(doc.rows[first])) ++first;
  if (first == doc.rows.size()) {
    problems.Add(file_name + ": the file is empty (a header row naming the columns is needed)");
    return result;
  }
  const CsvRow& header = doc.rows[first];
  if (!header.error.empty()) {
    problems.Add(where(header.line) + ": " + header.error);
    return result;
  }

  // Map columns by name.
  std::vector<int> column_of(kColumnCount, -1);
  const std::vector<std::string>& canonical = TargetsCsvColumns();
  bool header_ok = true;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = NormalizeColumnName(header.fields[i]);
    if (IsIgnoredColumn(name)) continue;
    int col = -1;
    for (const auto& [alias, c] : ColumnAliases())
      if (alias == name) col = c;
    if (col < 0) {
      problems.Add(where(header.line) + ": unknown column " + Shown(header.fields[i]) +
                   " (expected " + Join(canonical, ", ") + ")");
      header_ok = false;
      continue;
    }
    if (column_of[col] >= 0) {
      problems.Add(where(header.line) + ": column " + canonical[col] + " appears twice");
      header_ok = false;
      continue;
    }
    column_of[col] = static_cast<int>(i);
  }
  for (Column required : {kKind, kCode}) {
    if (column_of[required] < 0) {
      problems.Add(where(header.line) + ": the header has no `" + canonical[required] +
                   "` column (found " + Shown(Join(header.fields, std::string(1, doc.separator))) +
                   "; the separator may be , or ;)");
      header_ok = false;
    }
  }
  if (!header_ok) return result;

  std::map<std::string, int> first_line_of_key;
  const size_t width = header.fields.size();
  for (size_t r = first + 1; r < doc.rows.size(); ++r) {
    const CsvRow& row = doc.rows[r];
    if (is_blank(row)) continue;
    const std::string at = where(row.line);
    if (!row.error.empty()) {
      problems.Add(at + ": " + row.error);
      continue;
    }
    if (row.fields.size() != width) {
      problems.Add(at + ": " + std::to_string(row.fields.size()) + " fields, but the header has " +
                   std::to_string(width));
      continue;
    }
    auto cell = [&](Column c) -> std::string_view {
      return column_of[c] < 0 ? std::string_view() : TrimWhitespace(row.fields[column_of[c]]);
    };
    size_t before = problems.total();
    TargetRecord rec;
    rec.origin = at;

    std::string_view kind_text = cell(kKind);
    auto kind = ParseTargetKind(std::string(kind_text));
    if (kind_text.empty()) {
      problems.Add(at + ": kind is empty (commune, epci, departement or region)");
    } else if (!kind) {
      problems.Add(at + ": unknown kind " + Shown(kind_text) +
                   " (expected commune, epci, departement or region)");
    } else {
      rec.kind = *kind;
    }
    rec.code = CanonicalCode(cell(kCode));
    if (rec.code.empty()) {
      problems.Add(at + ": code is empty");
    } else if (kind) {
      std::string why = CodeProblem(*kind, rec.code);
      if (!why.empty()) problems.Add(at + ": code " + Shown(rec.code) + " is malformed: " + why);
    }

    if (std::string_view name = cell(kName); !name.empty()) {
      if (HasControlChar(name))
        problems.Add(at + ": name contains a line break or a control character");
      else if (name.size() > kMaxNameBytes)
        problems.Add(at + ": name is longer than " + std::to_string(kMaxNameBytes) + " bytes");
      else
        rec.name = std::string(name);
    }

    if (std::string_view dep = cell(kDepartment); !dep.empty()) {
      std::string d = CanonicalCode(dep);
      if (!IsDepartementCode(d)) {
        problems.Add(at + ": department_code " + Shown(dep) +
                     " is malformed: a département code is 2 or 3 characters (e.g. 78, 2A, 974)");
      } else if (kind && *kind == TargetKind::kCommune && !rec.code.empty() &&
                 DepartementOfCommune(rec.code) != "" && DepartementOfCommune(rec.code) != d) {
        problems.Add(at + ": department_code " + d + " does not match the commune code " +
                     rec.code);
      } else if (kind && *kind == TargetKind::kDepartement && d != rec.code) {
        problems.Add(at + ": department_code " + d + " of a département must be its own code " +
                     rec.code);
      } else {
        rec.department_code = d;
      }
    }

    if (std::string_view pop = cell(kPopulation); !pop.empty()) {
      std::string why;
      auto p = ParsePopulation(pop, &why);
      if (p)
        rec.population = *p;
      else
        problems.Add(at + ": " + why);
    }

    if (std::string_view epci = cell(kEpci); !epci.empty()) {
      if (epci == "-") {
        rec.epci_siren = "";
      } else if (!IsSirenCode(epci)) {
        problems.Add(at + ": epci_siren " + Shown(epci) + " is not a 9-digit SIREN number");
      } else {
        rec.epci_siren = std::string(epci);
      }
    }

    if (std::string_view domains = cell(kDomains); !domains.empty()) {
      rec.domains.emplace();
      if (domains != "-") {
        std::string spaced(domains);
        for (char& c : spaced)
          if (c == '|') c = ' ';
        for (std::string_view address : SplitWhitespace(spaced)) {
          auto d = NormalizeWebAddress(address);
          if (!d.ok()) {
            problems.Add(at + ": web_domains: " + d.status().message());
            continue;
          }
          bool seen = false;
          for (const TargetDomain& e : *rec.domains)
            if (e.domain == d->domain) seen = true;
          if (!seen) rec.domains->push_back(*d);
        }
        if (rec.domains->size() > kMaxDomainsPerTarget)
          problems.Add(at + ": web_domains: more than " + std::to_string(kMaxDomainsPerTarget) +
                       " domains");
      }
    }

    if (std::string_view email = cell(kEmail); !email.empty()) {
      if (email == "-") {
        rec.email = "";
      } else {
        auto e = NormalizeEmail(email);
        if (e.ok())
          rec.email = *e;
        else
          problems.Add(at + ": email: " + e.status().message());
      }
    }

    if (std::string_view phone = cell(kPhone); !phone.empty()) {
      if (phone == "-") {
        rec.phone = "";
      } else {
        auto p = NormalizePhone(phone);
        if (p.ok())
          rec.phone = *p;
        else
          problems.Add(at + ": phone: " + p.status().message());
      }
    }

    if (kind && !rec.code.empty()) {
      auto [it, inserted] = first_line_of_key.emplace(rec.Key(), row.line);
      if (!inserted)
        problems.Add(at + ": duplicate " + rec.Key() + " (first at line " +
                     std::to_string(it->second) + ")");
    }
    if (problems.total() == before) result.records.push_back(std::move(rec));
  }
  if (!problems.empty()) result.records.clear();
  return result;
}

}  // namespace posture
