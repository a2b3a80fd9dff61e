#include "targets/target.h"

#include "checks/base/strings.h"

namespace posture {

const char* TargetKindName(TargetKind k) {
  switch (k) {
    case TargetKind::kRegion: return "region";
    case TargetKind::kDepartement: return "departement";
    case TargetKind::kEpci: return "epci";
    case TargetKind::kCommune: return "commune";
  }
  return "commune";
}

std::optional<TargetKind> ParseTargetKind(const std::string& s) {
  std::string k = AsciiLower(TrimWhitespace(s));
  if (k == "region" || k == "r\xc3\xa9gion") return TargetKind::kRegion;
  if (k == "departement" || k == "d\xc3\xa9partement" || k == "department")
    return TargetKind::kDepartement;
  if (k == "epci" || k == "intercommunalite" || k == "intercommunalit\xc3\xa9")
    return TargetKind::kEpci;
  if (k == "commune") return TargetKind::kCommune;
  return std::nullopt;
}

}  // namespace posture
