// Official codes of French collectivities and their validation: INSEE codes
// of communes (5 characters, 2A/2B for Corsica), départements (2 or 3
// characters) and régions (2 digits), and SIREN numbers of EPCI (9 digits).
// Also the geography that the codes carry: a commune's département is a
// prefix of its INSEE code; a département belongs to one région (the 2016
// map of 18 régions).
//
// Thread-safety: pure functions over static data.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "targets/target.h"

namespace posture {

// Upper-cases and trims a code as typed ("2a004 " -> "2A004"). Does not
// validate.
std::string CanonicalCode(std::string_view code);

// Returns an empty string when `code` (canonical) is well-formed for `kind`,
// else a short reason, e.g. "a commune code is 5 characters (INSEE), e.g. 78646".
std::string CodeProblem(TargetKind kind, std::string_view code);

bool IsDepartementCode(std::string_view code);  // "75", "2A", "971"
bool IsSirenCode(std::string_view code);        // 9 digits

// The département of a commune from its INSEE code: "78646" -> "78",
// "2A004" -> "2A", "97411" -> "974". Empty if the code is malformed.
std::string DepartementOfCommune(std::string_view commune_code);

// The région (INSEE code) of a département: "93" -> "11". nullopt if unknown.
std::optional<std::string> RegionOfDepartement(std::string_view departement_code);

}  // namespace posture
