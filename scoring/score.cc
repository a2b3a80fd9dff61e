#include "scoring/score.h"

#include <algorithm>
#include <array>

#include "checks/catalogue.h"

namespace posture::scoring {

std::optional<Category> CatalogueCategory(const std::string& code) {
  const CatalogueEntry* e = FindCatalogueEntry(code);
  if (!e) return std::nullopt;
  return e->category;
}

std::vector<std::pair<std::string, Category>> PrefixRules() {
  // Most specific first: the first matching prefix wins.
  return {{"MAIL-TLS", Category::kMailTransport},    {"MAIL-MTASTS", Category::kMailTransport},
          {"MAIL-TLSRPT", Category::kMailTransport}, {"MAIL-DANE", Category::kMailTransport},
          {"MAIL-", Category::kMailAuth},            {"WEB-HTTPS", Category::kWebTransport},
          {"WEB-HSTS", Category::kWebTransport},     {"WEB-TLS", Category::kWebTransport},
          {"WEB-CERT", Category::kWebTransport},     {"WEB-", Category::kWebHygiene},
          {"DNS-", Category::kDns}};
}

std::optional<Category> PrefixCategory(const std::string& code) {
  static const std::vector<std::pair<std::string, Category>> kRules = PrefixRules();
  for (const auto& [prefix, cat] : kRules)
    if (code.compare(0, prefix.size(), prefix) == 0) return cat;
  return std::nullopt;
}

std::optional<Category> DefaultCategory(const std::string& code) {
  if (std::optional<Category> c = CatalogueCategory(code)) return c;
  return PrefixCategory(code);
}

std::set<std::string> ExplainedCodesOn(const std::vector<Explanation>& explanations,
                                       DayNumber day) {
  std::set<std::string> codes;
  for (const Explanation& e : explanations)
    if (e.ActiveOn(day)) codes.insert(e.code);
  return codes;
}

const CategoryScore* DailyScore::category(Category c) const {
  for (const CategoryScore& s : categories)
    if (s.category == c) return &s;
  return nullptr;
}

namespace {

bool Matches(const CapCondition& when, const Finding& f) {
  if (when.code && *when.code != f.code) return false;
  if (when.severity && *when.severity != f.severity) return false;
  if (when.outcome && *when.outcome != f.outcome) return false;
  return true;
}

void AddUnique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

DailyScore ScoreFindings(const std::vector<Finding>& findings,
                         const std::set<std::string>& explained_codes, const ScoringModel& model,
                         const CategoryResolver& resolver) {
  DailyScore out;
  out.model_version = model.version;
  std::array<double, kCategoryCount> earned{}, possible{};
  std::set<std::string> untested;
  std::vector<bool> cap_held(model.caps.size(), false);

  for (const Finding& f : findings) {
    ++out.findings_total;
    if (f.outcome == Outcome::kError || f.outcome == Outcome::kNotTested) {
      ++out.findings_untested;
      untested.insert(f.code + " " + f.subject.substr(0, f.subject.find(' ')));
    }
    // An explanation removes a problem from the count; a pass still counts.
    if (IsProblem(f.outcome) && explained_codes.count(f.code)) {
      AddUnique(out.explained, f.code);
      continue;
    }
    std::optional<double> credit = model.credit(f.outcome);
    if (!credit) continue;  // outside the denominator
    std::optional<Category> cat = resolver ? resolver(f.code) : std::nullopt;
    if (!cat) {
      AddUnique(out.unknown_codes, f.code);
      continue;
    }
    double pts = model.points(model.StakeOf(f.code, f.severity));
    possible[static_cast<int>(*cat)] += pts;
    earned[static_cast<int>(*cat)] += pts * *credit;
    for (size_t i = 0; i < model.caps.size(); ++i)
      if (Matches(model.caps[i].when, f)) cap_held[i] = true;
    if (IsProblem(f.outcome)) {
      out.active.push_back({f.code, f.severity, f.outcome, f.subject});
      if (f.severity == Severity::kCritical) ++out.active_critical;
      if (f.severity == Severity::kHigh) ++out.active_high;
    }
  }

  // Category scores, then category caps.
  std::array<std::optional<double>, kCategoryCount> raw{};
  std::array<bool, kCategoryCount> capped{};
  for (Category c : AllCategories()) {
    int i = static_cast<int>(c);
    if (possible[i] > 0) raw[i] = earned[i] / possible[i] * 100.0;
  }
  for (size_t k = 0; k < model.caps.size(); ++k) {
    if (!cap_held[k]) continue;
    const Cap& cap = model.caps[k];
    AddUnique(out.caps, cap.id);
    if (!cap.scope) continue;
    int i = static_cast<int>(*cap.scope);
    if (raw[i] && *raw[i] > cap.max) {
      raw[i] = cap.max;
      capped[i] = true;
    }
  }

  // Overall: weighted mean over the categories present (weights renormalised).
  double sum = 0, weights = 0;
  for (Category c : AllCategories()) {
    int i = static_cast<int>(c);
    if (!raw[i]) continue;
    out.categories.push_back({c, RoundScore(*raw[i]), earned[i], possible[i], capped[i]});
    if (model.weight(c) <= 0) continue;
    sum += *raw[i] * model.weight(c);
    weights += model.weight(c);
  }
  out.web_absent = !raw[static_cast<int>(Category::kWebTransport)] &&
                   !raw[static_cast<int>(Category::kWebHygiene)];
  out.untested.assign(untested.begin(), untested.end());
  if (weights <= 0) return out;
  double overall = sum / weights;
  for (size_t k = 0; k < model.caps.size(); ++k) {
    const Cap& cap = model.caps[k];
    if (cap_held[k] && !cap.scope && overall > cap.max) {
      overall = cap.max;
      out.overall_capped = true;
    }
  }
  out.overall = RoundScore(overall);
  out.grade = model.GradeFor(*out.overall);
  return out;
}

}  // namespace posture::scoring
