// The national public directory ("Annuaire de l'administration – Base de
// données locales", Service-Public.fr / DILA) as a source of the registry's
// web domains, official e-mail addresses and phone numbers.
//
// Accepted shapes:
//   - the bulk dump: {"service": [record, ...]}, nested fields as JSON;
//   - the Opendatasoft API export: a JSON array of records, or
//     {"results": [record, ...]}, where the nested fields (pivot,
//     site_internet, telephone, adresse) are JSON-encoded strings and
//     adresse_courriel is a plain string.
// Records are read one at a time (the dump is large); only those whose
// pivot[].type_service_local designates a collectivity are kept:
//   mairie, mairie_com, paris_mairie -> commune (INSEE code);
//   epci -> EPCI (SIREN: `siren`, else the first 9 digits of `siret`);
//   cg -> département, cr -> région (from the INSEE code of the seat).
//
// Matching against the registry only fills targets that exist; records for
// unknown codes are counted, not errors. When several records designate one
// target (town-hall annexes, mairies déléguées), the one named
// "Mairie - <commune name>" is preferred, then main types over mairie_com,
// then file order; each field comes from the best record that has a valid
// value for it. Invalid values (a Facebook page as website, a malformed
// address) are skipped and reported as warnings.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/base/status.h"
#include "targets/record.h"
#include "targets/target.h"

namespace posture {

// One directory record reduced to what the registry uses.
struct AnnuaireRecord {
  size_t index = 0;  // 1-based position among the file's records
  std::string id;
  std::string name;                // "nom"
  std::vector<std::string> types;  // pivot[].type_service_local, relevant ones first
  std::string insee;               // code_insee_commune (or the pivot's)
  std::string siren;               // siren, else siret[0:9]
  std::string postal_code;         // first adresse's code_postal
  std::vector<std::string> websites;  // site_internet[].valeur, verbatim
  std::vector<std::string> emails;    // adresse_courriel, verbatim
  std::vector<std::string> phones;    // telephone[].valeur, verbatim
};

struct AnnuaireDocument {
  size_t records_read = 0;              // every record of the file
  std::vector<AnnuaireRecord> records;  // the collectivity records
};

// Parses a dump or an API export. InvalidArgument "FILE: invalid JSON at line
// L, column C: ..." when the JSON is malformed, or when its shape is not one
// of the accepted ones.
StatusOr<AnnuaireDocument> ParseAnnuaire(std::string_view json, const std::string& file_name);

struct AnnuaireMatch {
  std::vector<TargetRecord> records;  // one per registry target with at least one value
  size_t records_read = 0;            // records in the file
  size_t relevant = 0;                // collectivity records
  size_t matched = 0;                 // collectivity records whose target is in the registry
  size_t unknown = 0;                 // collectivity records whose code is not in the registry
  size_t skipped_values = 0;          // invalid websites, e-mails or phones skipped
  ImportProblems warnings;            // one per skipped value
};

// Matches the directory's records against the registry (the targets already
// stored) and returns the updates to apply.
AnnuaireMatch MatchAnnuaire(const AnnuaireDocument& doc, const std::vector<Target>& registry,
                            const std::string& file_name);

}  // namespace posture
