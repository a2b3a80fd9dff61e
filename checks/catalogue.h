// The catalogue: for each finding code, its category, who should act, and
// the texts shown to people, in French (default) and English: a title, a
// two-sentence explanation a mayor understands, remediation steps for the IT
// provider, and the reference (RFC, ANSSI guide).
//
// Thread-safety: immutable static data.
#pragma once

#include <string>
#include <vector>

#include "checks/finding.h"

namespace posture {

enum class Lang { kFr, kEn };

// Who should act on a finding.
enum class Actor { kItProvider, kMailProvider, kWebHost, kDnsHost, kCollectivity };
const char* ActorName(Actor a, Lang lang);

struct CatalogueEntry {
  const char* code;
  Category category;
  Actor actor;
  const char* title_fr;
  const char* title_en;
  const char* explain_fr;  // for a mayor: what it means, why it matters
  const char* explain_en;
  const char* remediation_fr;  // for the IT provider: what to change
  const char* remediation_en;
  const char* reference;  // "RFC 7208 §5; ANSSI ..."

  const char* title(Lang l) const { return l == Lang::kFr ? title_fr : title_en; }
  const char* explain(Lang l) const { return l == Lang::kFr ? explain_fr : explain_en; }
  const char* remediation(Lang l) const { return l == Lang::kFr ? remediation_fr : remediation_en; }
};

// nullptr for an unknown code.
const CatalogueEntry* FindCatalogueEntry(const std::string& code);
const std::vector<CatalogueEntry>& Catalogue();

}  // namespace posture
