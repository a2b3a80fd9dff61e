#include "targets/annuaire.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "checks/base/strings.h"
#include "targets/codes.h"
#include "targets/domain.h"

namespace posture {
namespace {

using nlohmann::json;

constexpr size_t kMaxValuesPerField = 20;

// A nested field may be JSON (dump) or a JSON-encoded string (API export).
json Nested(const json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    std::string_view t = TrimWhitespace(s);
    if (!t.empty() && (t.front() == '[' || t.front() == '{')) {
      json parsed = json::parse(t, nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) return parsed;
    }
  }
  return v;
}

std::string StringOf(const json& v) {
  if (v.is_string()) return std::string(TrimWhitespace(v.get_ref<const std::string&>()));
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return "";
}

const json* Field(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// Values of a list field: [{"valeur": "..."}], ["..."], {"valeur": "..."} or "...".
// A plain string may hold several values separated by `;`.
std::vector<std::string> Values(const json* field, bool split_plain) {
  std::vector<std::string> out;
  if (!field) return out;
  json v = Nested(*field);
  auto add = [&](const json& item) {
    if (out.size() >= kMaxValuesPerField) return;
    std::string s;
    if (item.is_object()) {
      if (const json* val = Field(item, "valeur")) s = StringOf(*val);
    } else {
      s = StringOf(item);
    }
    if (s.empty()) return;
    if (split_plain) {
      for (std::string_view part : Split(s, ';')) {
        part = TrimWhitespace(part);
        if (!part.empty() && out.size() < kMaxValuesPerField) out.emplace_back(part);
      }
    } else {
      out.push_back(s);
    }
  };
  if (v.is_array()) {
    for (const json& item : v) add(item);
  } else {
    add(v);
  }
  return out;
}

bool IsRelevantType(const std::string& t) {
  return t == "mairie" || t == "mairie_com" || t == "paris_mairie" || t == "epci" || t == "cg" ||
         t == "cr";
}

std::optional<AnnuaireRecord> ReduceRecord(const json& raw, size_t index) {
  const json* rec = &raw;
  if (const json* fields = Field(raw, "fields"); fields && fields->is_object()) rec = fields;
  if (!rec->is_object()) return std::nullopt;
  AnnuaireRecord r;
  r.index = index;
  std::string pivot_insee;
  if (const json* pivot = Field(*rec, "pivot")) {
    json p = Nested(*pivot);
    std::vector<json> items;
    if (p.is_array())
      items.assign(p.begin(), p.end());
    else
      items.push_back(p);
    for (const json& item : items) {
      std::string type;
      if (item.is_object()) {
        if (const json* t = Field(item, "type_service_local")) type = StringOf(*t);
        if (const json* codes = Field(item, "code_insee_commune"); codes && pivot_insee.empty()) {
          if (codes->is_array() && !codes->empty())
            pivot_insee = StringOf((*codes)[0]);
          else
            pivot_insee = StringOf(*codes);
        }
      } else {
        type = StringOf(item);
      }
      if (IsRelevantType(type) &&
          std::find(r.types.begin(), r.types.end(), type) == r.types.end())
        r.types.push_back(type);
    }
  }
  if (r.types.empty()) return std::nullopt;
  if (const json* id = Field(*rec, "id")) r.id = StringOf(*id);
  if (const json* nom = Field(*rec, "nom")) r.name = StringOf(*nom);
  if (const json* insee = Field(*rec, "code_insee_commune")) {
    json v = Nested(*insee);
    r.insee = v.is_array() && !v.empty() ? StringOf(v[0]) : StringOf(v);
  }
  if (r.insee.empty()) r.insee = pivot_insee;
  r.insee = CanonicalCode(r.insee);
  if (const json* siren = Field(*rec, "siren")) r.siren = StringOf(*siren);
  if (!IsSirenCode(r.siren)) {
    r.siren.clear();
    if (const json* siret = Field(*rec, "siret")) {
      std::string s = StringOf(*siret);
      if (s.size() == 14 && IsSirenCode(s.substr(0, 9))) r.siren = s.substr(0, 9);
    }
  }
  if (const json* adresse = Field(*rec, "adresse")) {
    json a = Nested(*adresse);
    const json& first = a.is_array() && !a.empty() ? a[0] : a;
    if (const json* cp = Field(first, "code_postal")) r.postal_code = StringOf(*cp);
  }
  r.websites = Values(Field(*rec, "site_internet"), /*split_plain=*/false);
  r.emails = Values(Field(*rec, "adresse_courriel"), /*split_plain=*/true);
  r.phones = Values(Field(*rec, "telephone"), /*split_plain=*/false);
  return r;
}

std::string CleanJsonMessage(const std::string& what) {
  // nlohmann's messages start with "[json.exception.parse_error.101] ".
  size_t close = what.find("] ");
  std::string m = (what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
                      ? what.substr(close + 2)
                      : what;
  return SanitizeForDisplay(m, 300);
}

// The registry key a record designates, or "" when it designates none.
std::string KeyOf(const AnnuaireRecord& r, const std::string& type) {
  if (type == "mairie" || type == "mairie_com" || type == "paris_mairie") {
    std::string code = r.insee;
    if (type == "paris_mairie") code = "75056";
    if (!CodeProblem(TargetKind::kCommune, code).empty()) return "";
    return "commune:" + code;
  }
  if (type == "epci") return r.siren.empty() ? "" : "epci:" + r.siren;
  std::string dep = DepartementOfCommune(r.insee);
  if (dep.empty() && r.postal_code.size() == 5) {
    std::string pc = r.postal_code;
    dep = pc.substr(0, 2) == "97" ? pc.substr(0, 3) : pc.substr(0, 2);
    if (dep == "20") dep.clear();  // Corsica: the postal code does not say which
    if (!IsDepartementCode(dep)) dep.clear();
  }
  if (dep.empty()) return "";
  if (type == "cg") return "departement:" + dep;
  if (type == "cr") {
    auto region = RegionOfDepartement(dep);
    return region ? "region:" + *region : "";
  }
  return "";
}

bool IsAnnexeName(const std::string& name) {
  std::string n = AsciiLower(name);
  return n.find("annexe") != std::string::npos || n.find("d\xc3\xa9l\xc3\xa9gu") != std::string::npos ||
         n.find("delegu") != std::string::npos;
}

}  // namespace

StatusOr<AnnuaireDocument> ParseAnnuaire(std::string_view text, const std::string& file_name) {
  AnnuaireDocument doc;
  enum { kUnknown, kArray, kObject } top = kUnknown;
  std::string top_key;
  bool saw_list = false;
  auto callback = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
    if (depth == 0 && event == json::parse_event_t::object_start) top = kObject;
    if (depth == 0 && event == json::parse_event_t::array_start) top = kArray;
    if (top == kObject && depth == 1 && event == json::parse_event_t::key)
      top_key = parsed.is_string() ? parsed.get<std::string>() : "";
    bool in_list = top_key == "service" || top_key == "results" || top_key == "records";
    if (top == kObject && depth == 1 && event == json::parse_event_t::array_start && in_list)
      saw_list = true;
    bool record_end = event == json::parse_event_t::object_end &&
                      ((top == kArray && depth == 1) || (top == kObject && depth == 2 && in_list));
    if (record_end) {
      ++doc.records_read;
      if (auto r = ReduceRecord(parsed, doc.records_read)) doc.records.push_back(std::move(*r));
      return false;  // not kept in the document: the dump is large
    }
    return true;
  };
  try {
    // Each record is handed to the callback and dropped; what remains is the empty shell.
    json shell = json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                             /*ignore_comments=*/false);
    (void)shell;
  } catch (const json::exception& e) {
    return InvalidArgument(file_name + ": invalid JSON: " + CleanJsonMessage(e.what()));
  }
  if (top == kUnknown || (top == kObject && !saw_list))
    return InvalidArgument(file_name +
                           ": not a directory export (expected {\"service\": [...]}, "
                           "{\"results\": [...]} or an array of records)");
  return doc;
}

AnnuaireMatch MatchAnnuaire(const AnnuaireDocument& doc, const std::vector<Target>& registry,
                            const std::string& file_name) {
  AnnuaireMatch m;
  m.records_read = doc.records_read;
  m.relevant = doc.records.size();
  std::map<std::string, const Target*> by_key;
  for (const Target& t : registry) by_key[t.Key()] = &t;

  struct Candidate {
    std::tuple<int, int, int, size_t> rank;
    const AnnuaireRecord* record;
  };
  std::map<std::string, std::vector<Candidate>> candidates;
  auto label = [&](const AnnuaireRecord& r) {
    std::string s = file_name + ": record " + std::to_string(r.index);
    if (!r.name.empty()) s += " (" + SanitizeForDisplay(r.name, 80) + ")";
    return s;
  };

  for (const AnnuaireRecord& r : doc.records) {
    std::string key;
    std::string type;
    for (const std::string& t : r.types) {
      key = KeyOf(r, t);
      type = t;
      if (!key.empty()) break;
    }
    auto it = key.empty() ? by_key.end() : by_key.find(key);
    if (it == by_key.end()) {
      // Counted, not reported one by one: a national dump names every
      // collectivity of France, most of them outside the registry.
      ++m.unknown;
      continue;
    }
    ++m.matched;
    const Target& target = *it->second;
    int name_rank = 1;
    if (target.kind == TargetKind::kCommune &&
        (EqualsIgnoreCase(r.name, "Mairie - " + target.name) ||
         EqualsIgnoreCase(r.name, "Mairie de " + target.name)))
      name_rank = EqualsIgnoreCase(r.name, "Mairie - " + target.name) ? 0 : 1;
    else
      name_rank = 2;
    int type_rank = type == "mairie_com" ? 1 : 0;
    int annexe_rank = IsAnnexeName(r.name) ? 1 : 0;
    candidates[key].push_back({{name_rank, type_rank, annexe_rank, r.index}, &r});
  }

  for (auto& [key, list] : candidates) {
    std::sort(list.begin(), list.end(),
              [](const Candidate& a, const Candidate& b) { return a.rank < b.rank; });
    const Target& target = *by_key[key];
    TargetRecord out;
    out.kind = target.kind;
    out.code = target.code;
    for (const Candidate& c : list) {
      const AnnuaireRecord& r = *c.record;
      if (out.origin.empty()) out.origin = label(r);
      if (!out.domains) {
        std::vector<TargetDomain> domains;
        for (const std::string& w : r.websites) {
          auto d = NormalizeWebAddress(w);
          if (!d.ok()) {
            ++m.skipped_values;
            m.warnings.Add(label(r) + ": site_internet: " + d.status().message() + "; skipped");
            continue;
          }
          if (std::none_of(domains.begin(), domains.end(),
                           [&](const TargetDomain& e) { return e.domain == d->domain; }))
            domains.push_back(*d);
        }
        if (!domains.empty()) out.domains = std::move(domains);
      }
      if (!out.email) {
        for (const std::string& e : r.emails) {
          auto n = NormalizeEmail(e);
          if (n.ok()) {
            out.email = *n;
            break;
          }
          ++m.skipped_values;
          m.warnings.Add(label(r) + ": adresse_courriel: " + n.status().message() + "; skipped");
        }
      }
      if (!out.phone) {
        for (const std::string& p : r.phones) {
          auto n = NormalizePhone(p);
          if (n.ok()) {
            out.phone = *n;
            break;
          }
          ++m.skipped_values;
          m.warnings.Add(label(r) + ": telephone: " + n.status().message() + "; skipped");
        }
      }
    }
    if (out.domains || out.email || out.phone) m.records.push_back(std::move(out));
  }
  return m;
}

}  // namespace posture
