#include "targets/codes.h"

#include <array>
#include <utility>

#include "checks/base/strings.h"

namespace posture {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The départements of each région since 2016 (INSEE codes).
constexpr std::array<std::pair<const char*, const char*>, 18> kRegions = {{
    {"84", "01 03 07 15 26 38 42 43 63 69 73 74"},  // Auvergne-Rhône-Alpes
    {"27", "21 25 39 58 70 71 89 90"},              // Bourgogne-Franche-Comté
    {"53", "22 29 35 56"},                          // Bretagne
    {"24", "18 28 36 37 41 45"},                    // Centre-Val de Loire
    {"94", "2A 2B"},                                // Corse
    {"44", "08 10 51 52 54 55 57 67 68 88"},        // Grand Est
    {"32", "02 59 60 62 80"},                       // Hauts-de-France
    {"11", "75 77 78 91 92 93 94 95"},              // Île-de-France
    {"28", "14 27 50 61 76"},                       // Normandie
    {"75", "16 17 19 23 24 33 40 47 64 79 86 87"},  // Nouvelle-Aquitaine
    {"76", "09 11 12 30 31 32 34 46 48 65 66 81 82"},  // Occitanie
    {"52", "44 49 53 72 85"},                       // Pays de la Loire
    {"93", "04 05 06 13 83 84"},                    // Provence-Alpes-Côte d'Azur
    {"01", "971"},                                  // Guadeloupe
    {"02", "972"},                                  // Martinique
    {"03", "973"},                                  // Guyane
    {"04", "974"},                                  // La Réunion
    {"06", "976"},                                  // Mayotte
}};

}  // namespace

std::string CanonicalCode(std::string_view code) {
  std::string out(TrimWhitespace(code));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool IsDepartementCode(std::string_view code) {
  if (code == "2A" || code == "2B") return true;
  if (code.size() == 2) return AllDigits(code) && code != "20" && code != "00";
  if (code.size() == 3) return AllDigits(code) && code.substr(0, 2) == "97";
  return false;
}

bool IsSirenCode(std::string_view code) { return code.size() == 9 && AllDigits(code); }

std::string CodeProblem(TargetKind kind, std::string_view code) {
  switch (kind) {
    case TargetKind::kCommune: {
      bool ok = code.size() == 5 &&
                (AllDigits(code) || ((code.substr(0, 2) == "2A" || code.substr(0, 2) == "2B") &&
                                     AllDigits(code.substr(2))));
      if (ok && AllDigits(code) && code.substr(0, 2) == "20") ok = false;  // Corsica is 2A/2B
      if (ok && code.substr(0, 2) == "00") ok = false;
      return ok ? "" : "a commune code is the 5-character INSEE code (e.g. 78646, 2A004)";
    }
    case TargetKind::kEpci:
      return IsSirenCode(code) ? "" : "an EPCI code is its 9-digit SIREN number (e.g. 200058519)";
    case TargetKind::kDepartement:
      return IsDepartementCode(code)
                 ? ""
                 : "a département code is 2 or 3 characters (e.g. 78, 2A, 974)";
    case TargetKind::kRegion:
      return code.size() == 2 && AllDigits(code) ? ""
                                                  : "a région code is 2 digits (e.g. 11)";
  }
  return "unknown kind";
}

std::string DepartementOfCommune(std::string_view commune_code) {
  if (!CodeProblem(TargetKind::kCommune, commune_code).empty()) return "";
  if (commune_code.substr(0, 2) == "97") return std::string(commune_code.substr(0, 3));
  return std::string(commune_code.substr(0, 2));
}

std::optional<std::string> RegionOfDepartement(std::string_view departement_code) {
  for (const auto& [region, departements] : kRegions) {
    for (std::string_view d : Split(departements, ' '))
      if (d == departement_code) return std::string(region);
  }
  return std::nullopt;
}

}  // namespace posture
