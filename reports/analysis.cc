#include "reports/analysis.h"

#include <algorithm>
#include <map>

#include "reports/text.h"
#include "scoring/remediation.h"

namespace posture::reports {
namespace {

bool Active(const Finding& f, const std::set<std::string>& explained) {
  return IsProblem(f.outcome) && !explained.count(f.code) &&
         scoring::DefaultCategory(f.code).has_value();
}

std::vector<Finding> Fixed(const std::vector<Finding>& findings,
                           const std::set<std::string>& codes) {
  std::vector<Finding> out = findings;
  for (Finding& f : out)
    if (codes.count(f.code) && IsProblem(f.outcome)) f.outcome = Outcome::kPass;
  return out;
}

}  // namespace

std::vector<FixSuggestion> WhatToFixFirst(const std::vector<Finding>& findings,
                                          const std::set<std::string>& explained,
                                          const scoring::ScoringModel& model, size_t max) {
  scoring::DailyScore now = scoring::ScoreFindings(findings, explained, model);
  std::vector<FixSuggestion> out;
  if (!now.overall) return out;
  std::map<std::string, FixSuggestion> by_code;
  for (const Finding& f : findings) {
    if (!Active(f, explained)) continue;
    FixSuggestion& s = by_code[f.code];
    if (s.findings == 0 || SeverityRank(f.severity) < SeverityRank(s.severity))
      s.severity = f.severity;
    s.code = f.code;
    ++s.findings;
  }
  // Greedy: the best fix first, then the best given that one is made (a cap
  // lifted by the first makes the next ones count).
  std::set<std::string> fixed;
  double current = *now.overall;
  while (out.size() < max) {
    const FixSuggestion* best = nullptr;
    double best_gain = 0;
    std::string best_grade;
    double best_after = current;
    for (auto& [code, s] : by_code) {
      if (fixed.count(code)) continue;
      std::set<std::string> with = fixed;
      with.insert(code);
      scoring::DailyScore after = scoring::ScoreFindings(Fixed(findings, with), explained, model);
      if (!after.overall) continue;
      double gain = scoring::RoundScore(*after.overall - current);
      bool better =
          !best || gain > best_gain ||
          (gain == best_gain && (SeverityRank(s.severity) < SeverityRank(best->severity) ||
                                 (s.severity == best->severity && code < best->code)));
      if (better) {
        best = &s;
        best_gain = gain;
        best_grade = after.grade;
        best_after = *after.overall;
      }
    }
    if (!best || best_gain <= 0) break;
    FixSuggestion chosen = *best;
    chosen.gain = best_gain;
    chosen.grade_after = best_grade;
    fixed.insert(chosen.code);
    current = best_after;
    out.push_back(chosen);
  }
  return out;
}

scoring::DailyScore ScoreAfterFixes(const std::vector<Finding>& findings,
                                    const std::set<std::string>& explained,
                                    const scoring::ScoringModel& model,
                                    const std::vector<FixSuggestion>& fixes) {
  std::set<std::string> codes;
  for (const FixSuggestion& s : fixes) codes.insert(s.code);
  return scoring::ScoreFindings(Fixed(findings, codes), explained, model);
}

int SizeClass(int64_t population) {
  if (population < 1000) return 0;
  if (population < 5000) return 1;
  if (population < 20000) return 2;
  if (population < 50000) return 3;
  return 4;
}

std::string SizeClassLabel(int c, Lang lang) {
  bool fr = lang == Lang::kFr;
  switch (c) {
    case 0:
      return fr ? "moins de 1 000 habitants" : "under 1,000 inhabitants";
    case 1:
      return fr ? "de 1 000 à 4 999 habitants" : "1,000 to 4,999 inhabitants";
    case 2:
      return fr ? "de 5 000 à 19 999 habitants" : "5,000 to 19,999 inhabitants";
    case 3:
      return fr ? "de 20 000 à 49 999 habitants" : "20,000 to 49,999 inhabitants";
    default:
      return fr ? "50 000 habitants et plus" : "50,000 inhabitants and more";
  }
}

PeerComparison ComparePeers(const std::vector<scoring::RankCandidate>& all,
                            const scoring::RankCandidate& self, const std::string& department_name,
                            Lang lang) {
  PeerComparison out;
  bool fr = lang == Lang::kFr;
  std::string where =
      department_name.empty() ? self.department : department_name + " (" + self.department + ")";
  std::string size = SizeClassLabel(SizeClass(self.population), lang);
  switch (self.kind) {
    case TargetKind::kRegion:
      return out;
    case TargetKind::kDepartement:
      out.group = fr ? "départements de la région" : "départements of the region";
      break;
    case TargetKind::kEpci:
      out.group = (fr ? "intercommunalités " : "intercommunalities with ") +
                  std::string(fr && size.rfind("de ", 0) != 0 ? "de " : "") + size + ", " + where;
      break;
    case TargetKind::kCommune:
      out.group = (fr ? "communes " : "communes with ") +
                  std::string(fr && size.rfind("de ", 0) != 0 ? "de " : "") + size + ", " + where;
      break;
  }
  auto ranked = [](const scoring::RankCandidate& c) {
    return c.rolling.score && !c.rolling.provisional && !c.opted_out;
  };
  for (const scoring::RankCandidate& c : all) {
    if (c.kind != self.kind || !ranked(c)) continue;
    if (self.kind == TargetKind::kCommune || self.kind == TargetKind::kEpci) {
      if (c.department != self.department) continue;
      if (SizeClass(c.population) != SizeClass(self.population)) continue;
    }
    out.scores.push_back(*c.rolling.score);
  }
  std::sort(out.scores.begin(), out.scores.end());
  out.peers = static_cast<int>(out.scores.size());
  if (!out.scores.empty()) {
    out.median = scoring::Median(out.scores);
    out.best = out.scores.back();
  }
  if (ranked(self)) {
    double mine = *self.rolling.score;
    out.position = 1 + static_cast<int>(std::count_if(out.scores.begin(), out.scores.end(),
                                                      [&](double s) { return s > mine; }));
  }
  return out;
}

const char* GradeFill(const std::string& g) {
  if (g == "A") return "#1a7f3c";
  if (g == "B") return "#7cc242";
  if (g == "C") return "#f2d43d";
  if (g == "D") return "#f08c2e";
  if (g == "E") return "#d7261e";
  return "#b8b8b8";
}

const char* GradeInk(const std::string& g) {
  if (g == "A" || g == "E") return "#ffffff";
  return "#1b1b1b";
}

const char* KindLabel(TargetKind kind, Lang lang) {
  bool fr = lang == Lang::kFr;
  switch (kind) {
    case TargetKind::kRegion:
      return fr ? "région" : "region";
    case TargetKind::kDepartement:
      return fr ? "département" : "département";
    case TargetKind::kEpci:
      return fr ? "intercommunalité" : "intercommunality";
    case TargetKind::kCommune:
      return "commune";
  }
  return "";
}

const char* SeverityLabel(Severity s, Lang lang) {
  bool fr = lang == Lang::kFr;
  switch (s) {
    case Severity::kCritical:
      return fr ? "critique" : "critical";
    case Severity::kHigh:
      return fr ? "élevée" : "high";
    case Severity::kMedium:
      return fr ? "moyenne" : "medium";
    case Severity::kLow:
      return fr ? "faible" : "low";
    case Severity::kInfo:
      return "info";
  }
  return "";
}

const char* OutcomeLabel(Outcome o, Lang lang) {
  bool fr = lang == Lang::kFr;
  switch (o) {
    case Outcome::kPass:
      return fr ? "conforme" : "pass";
    case Outcome::kPartial:
      return fr ? "partiel" : "partial";
    case Outcome::kFail:
      return fr ? "à corriger" : "fail";
    case Outcome::kInfo:
      return "info";
    case Outcome::kNotTested:
      return fr ? "non testé" : "not tested";
    case Outcome::kNotApplicable:
      return fr ? "sans objet" : "not applicable";
    case Outcome::kError:
      return fr ? "erreur de mesure" : "measurement error";
  }
  return "";
}

std::string FindingTitle(const std::string& code, Lang lang) {
  if (const CatalogueEntry* e = FindCatalogueEntry(code)) return e->title(lang);
  return code;
}

}  // namespace posture::reports
