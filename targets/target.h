// A target is one collectivity of the registry: a commune, an EPCI
// (intercommunalité), a département or a région, with its public web
// domains and official contacts. Targets are identified by (kind, code):
// INSEE code for communes, départements and régions, SIREN for EPCI. The key
// "kind:code" (e.g. "commune:78646") is unique; the bare code is accepted on
// the command line when it is unambiguous.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace posture {

enum class TargetKind { kRegion, kDepartement, kEpci, kCommune };

const char* TargetKindName(TargetKind k);  // "region", "departement", "epci", "commune"
std::optional<TargetKind> ParseTargetKind(const std::string& s);  // accepts French spellings too

// A web domain of a collectivity after normalisation: "http://www.x.fr/"
// gives domain "x.fr" and web_host "www.x.fr".
struct TargetDomain {
  std::string domain;    // lower case, punycode (A-labels), no trailing dot
  std::string web_host;  // the host the website is published on (may equal domain)
};

struct Target {
  TargetKind kind = TargetKind::kCommune;
  std::string code;
  std::string name;
  std::string department_code;
  int64_t population = 0;
  std::string epci_siren;
  std::vector<TargetDomain> domains;  // first = main website
  std::string email;  // official e-mail address, verbatim lower case
  std::string phone;
  bool opted_out = false;

  std::string Key() const { return std::string(TargetKindName(kind)) + ":" + code; }
};

}  // namespace posture
