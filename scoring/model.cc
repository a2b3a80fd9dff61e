#include "scoring/model.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include <nlohmann/json.hpp>

namespace posture::scoring {

std::string_view DefaultModelJsonText();  // generated: default_model.cc

namespace {

using nlohmann::json;

constexpr size_t kMaxModelBytes = 1 << 20;
constexpr size_t kMaxCaps = 64;
constexpr size_t kMaxGrades = 16;
constexpr size_t kMaxCheckSeverities = 1000;

Status Bad(const std::string& what) { return InvalidArgument("model: " + what); }

bool IsNumber(const json& j) { return j.is_number() && std::isfinite(j.get<double>()); }

// Checks that `obj` has no key outside `allowed` (catches typos such as
// "categores", which would otherwise silently fall back to nothing).
Status OnlyKeys(const json& obj, const std::string& where, std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed)
      if (it.key() == a) ok = true;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      return Bad("unknown field `" + (where.empty() ? "" : where + ".") + it.key() +
                 "` (expected: " + list + ")");
    }
  }
  return Status();
}

bool ValidVersion(const std::string& v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_' || c == '+';
    if (!ok) return false;
  }
  return true;
}

bool ValidGradeName(const std::string& g) {
  if (g.empty() || g.size() > 8) return false;
  for (char c : g)
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) return false;
  return true;
}

Status ParseCapCondition(const json& j, const std::string& where, CapCondition* out) {
  if (!j.is_object()) return Bad(where + " must be an object");
  Status s = OnlyKeys(j, where, {"code", "severity", "outcome"});
  if (!s.ok()) return s;
  if (j.contains("code")) {
    if (!j["code"].is_string() || j["code"].get<std::string>().empty() ||
        j["code"].get<std::string>().size() > 64)
      return Bad(where + ".code must be a finding code such as \"MAIL-OWN-01\"");
    out->code = j["code"].get<std::string>();
  }
  if (j.contains("severity")) {
    auto sev = j["severity"].is_string() ? ParseSeverity(j["severity"].get<std::string>())
                                         : std::nullopt;
    if (!sev) return Bad(where + ".severity must be one of critical, high, medium, low, info");
    out->severity = sev;
  }
  if (j.contains("outcome")) {
    auto o = j["outcome"].is_string() ? ParseOutcome(j["outcome"].get<std::string>())
                                      : std::nullopt;
    if (!o) return Bad(where + ".outcome must be an outcome such as \"fail\"");
    out->outcome = o;
  }
  if (!out->code && !out->severity && !out->outcome)
    return Bad(where + " must name at least one of code, severity, outcome");
  return Status();
}

}  // namespace

const std::array<Category, kCategoryCount>& AllCategories() {
  static const std::array<Category, kCategoryCount> kAll = {
      Category::kMailAuth, Category::kMailTransport, Category::kWebTransport,
      Category::kWebHygiene, Category::kDns};
  return kAll;
}

const char* CategoryLabel(Category c, Lang lang) {
  bool fr = lang == Lang::kFr;
  switch (c) {
    case Category::kMailAuth:
      return fr ? "Authentification de la messagerie (SPF, DKIM, DMARC)"
                : "Mail authentication (SPF, DKIM, DMARC)";
    case Category::kMailTransport:
      return fr ? "Chiffrement de la messagerie (STARTTLS, MTA-STS, DANE)"
                : "Mail transport (STARTTLS, MTA-STS, DANE)";
    case Category::kWebTransport:
      return fr ? "Chiffrement du site web (HTTPS, TLS, certificats)"
                : "Web transport (HTTPS, TLS, certificates)";
    case Category::kWebHygiene:
      return fr ? "Hygiène du site web (en-têtes, cookies, logiciels)"
                : "Web hygiene (headers, cookies, software)";
    case Category::kDns:
      return fr ? "Nom de domaine (DNSSEC, CAA)" : "Domain name (DNSSEC, CAA)";
  }
  return "";
}

double RoundScore(double v) { return std::round(v * 10.0) / 10.0; }

std::string ScoringModel::GradeFor(double score) const {
  for (const GradeBound& g : grades)
    if (score >= g.min) return g.grade;
  return grades.empty() ? std::string() : grades.back().grade;
}

Severity ScoringModel::StakeOf(const std::string& code, Severity reported) const {
  if (reported != Severity::kInfo) return reported;
  auto it = check_severity.find(code);
  return it == check_severity.end() ? reported : it->second;
}

std::string ScoringModel::BestGradeUnder(double max) const { return GradeFor(max); }

StatusOr<ScoringModel> ParseModel(std::string_view text) {
  if (text.size() > kMaxModelBytes) return Bad("the definition is larger than 1 MiB");
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false,
                       /*ignore_comments=*/false);
  if (j.is_discarded()) return Bad("not valid JSON");
  if (!j.is_object()) return Bad("the definition must be a JSON object");
  Status s = OnlyKeys(j, "", {"version", "name", "description", "categories", "severity_points",
                              "outcome_credit", "outside_denominator", "check_severity",
                              "caps", "grades", "window"});
  if (!s.ok()) return s;

  ScoringModel m;
  if (!j.contains("version") || !j["version"].is_string() ||
      !ValidVersion(j["version"].get<std::string>()))
    return Bad("version must be a string of letters, digits, '.', '-', '_' or '+' (at most 64), "
               "e.g. \"1\" or \"1-idf-2027\"");
  m.version = j["version"].get<std::string>();
  if (j.contains("name")) {
    if (!j["name"].is_string() || j["name"].get<std::string>().size() > 200)
      return Bad("name must be a string of at most 200 characters");
    m.name = j["name"].get<std::string>();
  }
  if (j.contains("description") && !j["description"].is_string())
    return Bad("description must be a string");

  // Categories and their weights (percentages adding up to 100).
  if (!j.contains("categories") || !j["categories"].is_object())
    return Bad("categories must be an object giving the weight of each of the five categories");
  const json& cats = j["categories"];
  s = OnlyKeys(cats, "categories", {"mail_auth", "mail_transport", "web_transport", "web_hygiene", "dns"});
  if (!s.ok()) return s;
  double total = 0;
  for (Category c : AllCategories()) {
    std::string key = CategoryName(c);
    if (!cats.contains(key)) return Bad("categories." + key + " is missing");
    if (!IsNumber(cats[key]) || cats[key].get<double>() < 0 || cats[key].get<double>() > 100)
      return Bad("categories." + key + " must be a number between 0 and 100");
    m.weights[static_cast<int>(c)] = cats[key].get<double>();
    total += cats[key].get<double>();
  }
  if (std::fabs(total - 100.0) > 1e-6)
    return Bad("the category weights are percentages and must add up to 100 (they add up to " +
               std::to_string(total) + ")");

  // Points by severity.
  if (!j.contains("severity_points") || !j["severity_points"].is_object())
    return Bad("severity_points must be an object giving the points of each severity");
  const json& pts = j["severity_points"];
  s = OnlyKeys(pts, "severity_points", {"critical", "high", "medium", "low", "info"});
  if (!s.ok()) return s;
  for (Severity v : {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow,
                     Severity::kInfo}) {
    std::string key = SeverityName(v);
    if (!pts.contains(key)) return Bad("severity_points." + key + " is missing");
    if (!IsNumber(pts[key]) || pts[key].get<double>() < 0 || pts[key].get<double>() > 1000)
      return Bad("severity_points." + key + " must be a number between 0 and 1000");
    m.severity_points[static_cast<int>(v)] = pts[key].get<double>();
  }

  // Outcomes: each either earns a share of the points or stays outside the
  // denominator; every outcome must be in exactly one of the two lists.
  if (!j.contains("outcome_credit") || !j["outcome_credit"].is_object())
    return Bad("outcome_credit must be an object such as {\"pass\": 1, \"partial\": 0.5, \"fail\": 0}");
  std::set<std::string> seen;
  for (auto it = j["outcome_credit"].begin(); it != j["outcome_credit"].end(); ++it) {
    auto o = ParseOutcome(it.key());
    if (!o) return Bad("outcome_credit." + it.key() + " is not an outcome");
    if (!IsNumber(it.value()) || it.value().get<double>() < 0 || it.value().get<double>() > 1)
      return Bad("outcome_credit." + it.key() + " must be a number between 0 and 1");
    m.outcome_credit[static_cast<int>(*o)] = it.value().get<double>();
    seen.insert(it.key());
  }
  if (!j.contains("outside_denominator") || !j["outside_denominator"].is_array())
    return Bad("outside_denominator must be a list of outcomes, e.g. [\"not_tested\", \"error\"]");
  for (const json& e : j["outside_denominator"]) {
    auto o = e.is_string() ? ParseOutcome(e.get<std::string>()) : std::nullopt;
    if (!o) return Bad("outside_denominator lists something that is not an outcome");
    if (!seen.insert(e.get<std::string>()).second)
      return Bad("outcome " + e.get<std::string>() +
                 " appears twice (in outcome_credit and outside_denominator, or twice in one)");
  }
  for (int i = 0; i < kOutcomeCount; ++i) {
    const char* name = OutcomeName(static_cast<Outcome>(i));
    if (!seen.count(name))
      return Bad(std::string("outcome ") + name +
                 " must appear in outcome_credit or in outside_denominator");
  }

  // Points at stake of checks that report their pass without a severity.
  if (j.contains("check_severity")) {
    const json& cs = j["check_severity"];
    if (!cs.is_object() || cs.size() > kMaxCheckSeverities)
      return Bad("check_severity must be an object {\"CODE\": \"severity\"} (at most 1000)");
    for (auto it = cs.begin(); it != cs.end(); ++it) {
      if (it.key().empty() || it.key().size() > 64 || !ValidVersion(it.key()))
        return Bad("check_severity: `" + it.key() + "` is not a finding code such as \"WEB-HSTS-01\"");
      auto sev = it.value().is_string() ? ParseSeverity(it.value().get<std::string>())
                                        : std::nullopt;
      if (!sev || *sev == Severity::kInfo)
        return Bad("check_severity." + it.key() + " must be one of critical, high, medium, low");
      m.check_severity[it.key()] = *sev;
    }
  }

  // Caps.
  if (j.contains("caps")) {
    if (!j["caps"].is_array() || j["caps"].size() > kMaxCaps)
      return Bad("caps must be a list (at most 64)");
    std::set<std::string> ids;
    for (size_t i = 0; i < j["caps"].size(); ++i) {
      const json& c = j["caps"][i];
      std::string where = "caps[" + std::to_string(i) + "]";
      if (!c.is_object()) return Bad(where + " must be an object");
      s = OnlyKeys(c, where, {"id", "scope", "max", "when"});
      if (!s.ok()) return s;
      Cap cap;
      if (!c.contains("id") || !c["id"].is_string() || !ValidVersion(c["id"].get<std::string>()))
        return Bad(where + ".id must be a short name such as \"critical_fail\"");
      cap.id = c["id"].get<std::string>();
      if (!ids.insert(cap.id).second) return Bad("two caps are named " + cap.id);
      if (!c.contains("scope") || !c["scope"].is_string())
        return Bad(where + ".scope must be \"overall\" or a category");
      std::string scope = c["scope"].get<std::string>();
      if (scope != "overall") {
        auto cat = ParseCategory(scope);
        if (!cat) return Bad(where + ".scope must be \"overall\" or a category, not \"" + scope + "\"");
        cap.scope = cat;
      }
      if (!c.contains("max") || !IsNumber(c["max"]) || c["max"].get<double>() < 0 ||
          c["max"].get<double>() > 100)
        return Bad(where + ".max must be a number between 0 and 100");
      cap.max = c["max"].get<double>();
      if (!c.contains("when")) return Bad(where + ".when is missing");
      s = ParseCapCondition(c["when"], where + ".when", &cap.when);
      if (!s.ok()) return s;
      m.caps.push_back(std::move(cap));
    }
  }

  // Grades: descending lower bounds, the last one at 0.
  if (!j.contains("grades") || !j["grades"].is_array() || j["grades"].empty() ||
      j["grades"].size() > kMaxGrades)
    return Bad("grades must be a non-empty list of {\"grade\", \"min\"} (at most 16)");
  for (size_t i = 0; i < j["grades"].size(); ++i) {
    const json& g = j["grades"][i];
    std::string where = "grades[" + std::to_string(i) + "]";
    if (!g.is_object()) return Bad(where + " must be an object");
    s = OnlyKeys(g, where, {"grade", "min"});
    if (!s.ok()) return s;
    if (!g.contains("grade") || !g["grade"].is_string() ||
        !ValidGradeName(g["grade"].get<std::string>()))
      return Bad(where + ".grade must be a short name such as \"A\"");
    if (!g.contains("min") || !IsNumber(g["min"]) || g["min"].get<double>() < 0 ||
        g["min"].get<double>() > 100)
      return Bad(where + ".min must be a number between 0 and 100");
    GradeBound b{g["grade"].get<std::string>(), g["min"].get<double>()};
    if (!m.grades.empty() && b.min >= m.grades.back().min)
      return Bad("grades must be listed from best to worst with decreasing min (" + where + ")");
    for (const GradeBound& other : m.grades)
      if (other.grade == b.grade) return Bad("grade " + b.grade + " is listed twice");
    m.grades.push_back(b);
  }
  if (m.grades.back().min != 0) return Bad("the last grade must have min 0 (every score gets a grade)");

  // Window.
  if (!j.contains("window") || !j["window"].is_object())
    return Bad("window must be an object {\"days\": 30, \"min_scan_days\": 4}");
  const json& w = j["window"];
  s = OnlyKeys(w, "window", {"days", "min_scan_days"});
  if (!s.ok()) return s;
  if (!w.contains("days") || !w["days"].is_number_integer() || w["days"].get<int64_t>() < 1 ||
      w["days"].get<int64_t>() > 366)
    return Bad("window.days must be a whole number of days between 1 and 366");
  m.window_days = static_cast<int>(w["days"].get<int64_t>());
  if (!w.contains("min_scan_days") || !w["min_scan_days"].is_number_integer() ||
      w["min_scan_days"].get<int64_t>() < 1 || w["min_scan_days"].get<int64_t>() > m.window_days)
    return Bad("window.min_scan_days must be a whole number between 1 and window.days");
  m.min_scan_days = static_cast<int>(w["min_scan_days"].get<int64_t>());
  return m;
}

std::string ModelToJson(const ScoringModel& m) {
  // nlohmann's default object is ordered by key: the output is canonical.
  json j;
  j["version"] = m.version;
  if (!m.name.empty()) j["name"] = m.name;
  for (Category c : AllCategories()) j["categories"][CategoryName(c)] = m.weight(c);
  for (int i = 0; i < kSeverityCount; ++i)
    j["severity_points"][SeverityName(static_cast<Severity>(i))] = m.severity_points[i];
  j["outside_denominator"] = json::array();
  for (int i = 0; i < kOutcomeCount; ++i) {
    const char* name = OutcomeName(static_cast<Outcome>(i));
    if (m.outcome_credit[i])
      j["outcome_credit"][name] = *m.outcome_credit[i];
    else
      j["outside_denominator"].push_back(name);
  }
  j["check_severity"] = json::object();
  for (const auto& [code, sev] : m.check_severity) j["check_severity"][code] = SeverityName(sev);
  j["caps"] = json::array();
  for (const Cap& c : m.caps) {
    json cj;
    cj["id"] = c.id;
    cj["scope"] = c.scope ? CategoryName(*c.scope) : "overall";
    cj["max"] = c.max;
    cj["when"] = json::object();
    if (c.when.code) cj["when"]["code"] = *c.when.code;
    if (c.when.severity) cj["when"]["severity"] = SeverityName(*c.when.severity);
    if (c.when.outcome) cj["when"]["outcome"] = OutcomeName(*c.when.outcome);
    j["caps"].push_back(cj);
  }
  j["grades"] = json::array();
  for (const GradeBound& g : m.grades) j["grades"].push_back({{"grade", g.grade}, {"min", g.min}});
  j["window"] = {{"days", m.window_days}, {"min_scan_days", m.min_scan_days}};
  return j.dump();
}

std::string_view DefaultModelJson() { return DefaultModelJsonText(); }

const ScoringModel& DefaultModel() {
  static const ScoringModel kModel = [] {
    StatusOr<ScoringModel> m = ParseModel(DefaultModelJsonText());
    // The built-in model is checked by a unit test; an invalid one is a build bug.
    if (!m.ok()) std::abort();
    return std::move(m).value();
  }();
  return kModel;
}

std::string DescribeCap(const Cap& cap, Lang lang) {
  bool fr = lang == Lang::kFr;
  std::string what;
  if (cap.when.code) {
    what = fr ? "la constatation " + *cap.when.code : "finding " + *cap.when.code;
  } else {
    what = fr ? "toute constatation" : "any finding";
  }
  if (cap.when.severity)
    what += fr ? std::string(" de sévérité ") + SeverityName(*cap.when.severity)
               : std::string(" of severity ") + SeverityName(*cap.when.severity);
  if (cap.when.outcome) {
    std::string o = OutcomeName(*cap.when.outcome);
    if (fr) {
      if (o == "fail") o = "échec";
      else if (o == "partial") o = "partiel";
      else if (o == "pass") o = "réussi";
    }
    what += (fr ? " en " : " with outcome ") + o;
  }
  char max[32];
  std::snprintf(max, sizeof max, "%g", cap.max);
  std::string scope = cap.scope ? std::string(fr ? "la catégorie " : "category ") +
                                      CategoryName(*cap.scope)
                                : std::string(fr ? "la note globale" : "the overall score");
  return what + (fr ? " plafonne " : " caps ") + scope + (fr ? " à " : " at ") + max;
}

}  // namespace posture::scoring
