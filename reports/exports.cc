#include "reports/exports.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "reports/analysis.h"
#include "scoring/score.h"

namespace posture::reports {
namespace {

using nlohmann::json;

class Csv {
 public:
  explicit Csv(CsvDialect d) : d_(d), out_(CsvPreamble(d)) {}
  Csv& Text(std::string_view v) { return Cell(CsvCell(v, d_)); }
  Csv& Int(int64_t v) { return Cell(std::to_string(v)); }
  Csv& Number(std::optional<double> v, int decimals = 1) {
    return Cell(v ? CsvNumber(*v, decimals, d_) : std::string());
  }
  Csv& Bool(bool v) { return Cell(v ? "1" : "0"); }
  void End() {
    out_ += "\r\n";
    first_ = true;
  }
  std::string Take() { return std::move(out_); }

 private:
  Csv& Cell(const std::string& v) {
    if (!first_) out_ += CsvSeparator(d_);
    out_ += v;
    first_ = false;
    return *this;
  }
  CsvDialect d_;
  std::string out_;
  bool first_ = true;
};

std::string Website(const Target& t) {
  if (t.domains.empty()) return "";
  return "https://" + t.domains.front().web_host + "/";
}

json OptionalDay(const std::optional<DayNumber>& d) {
  return d ? json(FormatDay(*d)) : json(nullptr);
}
json OptionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json TargetJson(const Target& t) {
  json domains = json::array();
  for (const TargetDomain& d : t.domains)
    domains.push_back({{"domain", d.domain}, {"web_host", d.web_host}});
  return {{"key", t.Key()},    {"kind", TargetKindName(t.kind)},  {"code", t.code},
          {"name", t.name},    {"department", t.department_code}, {"population", t.population},
          {"domains", domains}};
}

}  // namespace

std::string OutreachCsv(const std::vector<OutreachEntry>& rows, CsvDialect d, Lang lang) {
  Csv csv(d);
  if (lang == Lang::kFr)
    csv.Text("rang")
        .Text("nom")
        .Text("type")
        .Text("population")
        .Text("note")
        .Text("score")
        .Text("probleme_1")
        .Text("probleme_2")
        .Text("probleme_3")
        .Text("telephone")
        .Text("courriel")
        .Text("site_web")
        .Text("code");
  else
    csv.Text("rank")
        .Text("name")
        .Text("kind")
        .Text("population")
        .Text("grade")
        .Text("score")
        .Text("problem_1")
        .Text("problem_2")
        .Text("problem_3")
        .Text("phone")
        .Text("email")
        .Text("website")
        .Text("code");
  csv.End();
  for (const OutreachEntry& r : rows) {
    csv.Int(r.rank)
        .Text(r.target.name)
        .Text(KindLabel(r.target.kind, lang))
        .Int(r.target.population);
    csv.Text(r.rolling.grade).Number(r.rolling.score);
    for (size_t i = 0; i < 3; ++i)
      csv.Text(i < r.top_problems.size() ? FindingTitle(r.top_problems[i], lang) : std::string());
    csv.Text(r.target.phone).Text(r.target.email).Text(Website(r.target)).Text(r.target.Key());
    csv.End();
  }
  return csv.Take();
}

std::string FindingsCsv(const std::vector<FindingsExportEntry>& rows, CsvDialect d) {
  Csv csv(d);
  for (const char* h : {"key", "name", "department", "day", "code", "category", "outcome",
                        "severity", "explained", "subject", "evidence", "detail"})
    csv.Text(h);
  csv.End();
  for (const FindingsExportEntry& r : rows) {
    for (const Finding& f : r.findings) {
      auto cat = scoring::DefaultCategory(f.code);
      bool explained = IsProblem(f.outcome) && std::find(r.explained.begin(), r.explained.end(),
                                                         f.code) != r.explained.end();
      csv.Text(r.target.Key())
          .Text(r.target.name)
          .Text(r.target.department_code)
          .Text(FormatDay(r.day));
      csv.Text(f.code).Text(cat ? CategoryName(*cat) : "").Text(OutcomeName(f.outcome));
      csv.Text(SeverityName(f.severity))
          .Bool(explained)
          .Text(f.subject)
          .Text(f.evidence)
          .Text(f.detail);
      csv.End();
    }
  }
  return csv.Take();
}

std::string FindingsJson(const std::vector<FindingsExportEntry>& rows, DayNumber day,
                         const std::string& model_version) {
  json j;
  j["format"] = kFindingsFormat;
  j["day"] = FormatDay(day);
  j["model_version"] = model_version;
  j["collectivities"] = json::array();
  for (const FindingsExportEntry& r : rows) {
    json c = TargetJson(r.target);
    c["scan_day"] = FormatDay(r.day);
    c["findings"] = json::array();
    for (const Finding& f : r.findings) {
      auto cat = scoring::DefaultCategory(f.code);
      bool explained = IsProblem(f.outcome) && std::find(r.explained.begin(), r.explained.end(),
                                                         f.code) != r.explained.end();
      c["findings"].push_back({{"code", f.code},
                               {"category", cat ? json(CategoryName(*cat)) : json(nullptr)},
                               {"outcome", OutcomeName(f.outcome)},
                               {"severity", SeverityName(f.severity)},
                               {"explained", explained},
                               {"subject", f.subject},
                               {"evidence", f.evidence},
                               {"detail", f.detail}});
    }
    j["collectivities"].push_back(std::move(c));
  }
  // Invalid UTF-8 from the network is replaced, never an exception.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string ScoresCsv(const std::vector<ScoresExportEntry>& rows, CsvDialect d) {
  Csv csv(d);
  for (const char* h :
       {"key", "name", "kind", "department", "population", "rank", "score", "grade", "provisional",
        "scan_days", "opted_out", "last_scan_day", "critical", "high", "web_absent"})
    csv.Text(h);
  for (Category c : scoring::AllCategories()) csv.Text(CategoryName(c));
  csv.End();
  for (const ScoresExportEntry& r : rows) {
    const scoring::RankCandidate& c = r.candidate;
    csv.Text(c.key).Text(c.name).Text(TargetKindName(c.kind)).Text(c.department).Int(c.population);
    if (r.rank > 0)
      csv.Int(r.rank);
    else
      csv.Text("");
    csv.Number(c.rolling.score)
        .Text(c.rolling.grade)
        .Bool(c.rolling.score && c.rolling.provisional);
    csv.Int(c.rolling.scan_days).Bool(c.opted_out);
    csv.Text(r.last_scan_day ? FormatDay(*r.last_scan_day) : "")
        .Int(c.critical)
        .Int(c.high)
        .Bool(c.web_absent);
    for (Category cat : scoring::AllCategories()) {
      std::optional<double> v;
      for (const scoring::CategoryScore& s : r.categories)
        if (s.category == cat) v = s.score;
      csv.Number(v);
    }
    csv.End();
  }
  return csv.Take();
}

std::string ScoresJson(const std::vector<ScoresExportEntry>& rows, DayNumber day,
                       const scoring::ScoringModel& model) {
  json j;
  j["format"] = kScoresFormat;
  j["day"] = FormatDay(day);
  j["model_version"] = model.version;
  j["window"] = {{"first_day", FormatDay(scoring::WindowStart(day, model))},
                 {"last_day", FormatDay(day)}};
  j["collectivities"] = json::array();
  for (const ScoresExportEntry& r : rows) {
    const scoring::RankCandidate& c = r.candidate;
    json cats = json::object();
    for (const scoring::CategoryScore& s : r.categories) cats[CategoryName(s.category)] = s.score;
    json daily = json::array();
    for (const scoring::DayScore& d : r.daily)
      daily.push_back({{"day", FormatDay(d.day)}, {"score", d.overall}});
    json unmeasured = json::array();
    for (DayNumber d : c.rolling.unmeasured_days) unmeasured.push_back(FormatDay(d));
    j["collectivities"].push_back(
        {{"key", c.key},
         {"kind", TargetKindName(c.kind)},
         {"code", c.code},
         {"name", c.name},
         {"department", c.department},
         {"population", c.population},
         {"opted_out", c.opted_out},
         {"rank", r.rank > 0 ? json(r.rank) : json(nullptr)},
         {"score", OptionalNumber(c.rolling.score)},
         {"grade", c.rolling.grade.empty() ? json(nullptr) : json(c.rolling.grade)},
         {"provisional", c.rolling.score && c.rolling.provisional},
         {"scan_days", c.rolling.scan_days},
         {"last_scan_day", OptionalDay(r.last_scan_day)},
         {"critical", c.critical},
         {"high", c.high},
         {"web_absent", c.web_absent},
         {"categories", cats},
         {"caps", r.caps},
         {"daily", daily},
         {"unmeasured_days", unmeasured}});
  }
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace posture::reports
