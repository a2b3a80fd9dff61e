// `posture export ...`: lists for people and other tools (see reports/EXPORTS.md).
//   outreach COHORT [--csv] [--dialect excel|rfc4180] [--out FILE]   the phone team's list
//   findings [--format csv|json] [--dialect ...] [--out FILE]         every last scan's findings
//   scores [--format csv|json] [--dialect ...] [--out FILE]           every collectivity's scores
#include <iostream>

#include "posture/version.h"
#include "reports/exports.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/report_data.h"
#include "scanner/cli/report_files.h"
#include "scanner/cli/scoring_cli.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

int ExitFor(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

void AddOutputOptions(po::options_description& desc, const char* default_dialect) {
  desc.add_options()(
      "dialect", po::value<std::string>()->default_value(default_dialect),
      "CSV flavour: excel (UTF-8 with BOM, `;` separator, decimal comma: what Excel opens right "
      "for French users) or rfc4180 (plain CSV: `,`, decimal point)")(
      "out", po::value<std::string>(), "file to write (default: standard output)");
}

StatusOr<reports::CsvDialect> DialectOf(const po::variables_map& vm) {
  std::string d = vm["dialect"].as<std::string>();
  if (d == "excel" || d == "excel-fr") return reports::CsvDialect::kExcelFr;
  if (d == "rfc4180" || d == "plain") return reports::CsvDialect::kRfc4180;
  return InvalidArgument("--dialect must be excel or rfc4180, not `" + d + "`");
}

StatusOr<bool> JsonFormat(const po::variables_map& vm) {
  std::string f = vm["format"].as<std::string>();
  if (f == "json") return true;
  if (f == "csv") return false;
  return InvalidArgument("--format must be csv or json, not `" + f + "`");
}

int Emit(const GlobalOptions& /*g*/, const po::variables_map& vm, const std::string& text,
         const char* what) {
  if (!vm.count("out") || vm["out"].as<std::string>() == "-") {
    std::cout << text;
    return kExitOk;
  }
  std::string out = vm["out"].as<std::string>();
  Status s = WriteFileAtomically(out, text);
  if (!s.ok()) return Fail(kExitFailure, s.message());
  std::cerr << "posture: " << what << " written to " << out << " (" << FormatBytes(text.size())
            << ")\n";
  return kExitOk;
}

int Outreach(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()("cohort", po::value<std::string>()->required(),
                     "the cohort's name (see `posture cohort list`)")(
      "csv", "CSV output (the only format; accepted for clarity)");
  AddOutputOptions(desc, "excel");
  po::positional_options_description pos;
  pos.add("cohort", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture export outreach COHORT --csv [options]",
          "The list the phone team works from: the cohort's called collectivities by rank, with\n"
          "their name, kind, population, grade and 30-day score as of --now, the three problems\n"
          "whose fix would raise the grade most (in plain words), phone, e-mail and website.\n"
          "Collectivities that opted out since are left out (counted on stderr). Excel-friendly\n"
          "by default (UTF-8 with BOM, `;`, decimal comma); --dialect rfc4180 for plain CSV.",
          desc, pos, vm))
    return *rc;
  auto dialect = DialectOf(vm);
  if (!dialect.ok()) return Fail(kExitUsage, dialect.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  std::string name = vm["cohort"].as<std::string>();
  auto cohort = FindCohort(*store, name);
  if (!cohort.ok()) return Fail(ExitFor(cohort.status()), cohort.status().message());
  auto members = LoadCohortMembers(*store, cohort->id);
  if (!members.ok()) return Fail(kExitFailure, members.status().message());
  auto model = LoadModel(*store, cohort->model_version);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  auto snap = LoadReportSnapshot(*store, *model, g.Now());
  if (!snap.ok()) return Fail(kExitFailure, snap.status().message());
  std::vector<reports::OutreachEntry> rows;
  int opted_out = 0;
  for (const scoring::CohortMember& m : *members) {
    if (m.group != scoring::Group::kCalled) continue;
    const StoredTarget* t = snap->Target(m.target_id);
    const scoring::RankCandidate* c = snap->Candidate(m.target_id);
    if (!t || !c) continue;
    if (t->opt_out) {
      ++opted_out;
      continue;
    }
    reports::OutreachEntry e;
    e.rank = m.rank;
    e.target = t->target;
    e.rolling = c->rolling;
    if (auto last = snap->LastScanDay(m.target_id)) {
      auto findings = LoadDayFindings(*store, m.target_id, *last);
      if (!findings.ok()) return Fail(kExitFailure, findings.status().message());
      auto explanations = LoadExplanations(*store, m.target_id);
      if (!explanations.ok()) return Fail(kExitFailure, explanations.status().message());
      for (const reports::FixSuggestion& s : reports::WhatToFixFirst(
               findings->findings, scoring::ExplainedCodesOn(*explanations, *last), *model, 3))
        e.top_problems.push_back(s.code);
    }
    rows.push_back(std::move(e));
  }
  if (opted_out)
    std::cerr << "posture: " << opted_out << " member(s) of " << name
              << " opted out since the cohort was created and are not listed\n";
  return Emit(g, vm, reports::OutreachCsv(rows, *dialect, LangOf(g)), "outreach list");
}

int Findings(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()("format", po::value<std::string>()->default_value("csv"), "csv or json");
  AddOutputOptions(desc, "rfc4180");
  AddModelOption(desc);
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture export findings [options]",
          "Every finding of each collectivity's last complete scan in the 30 days up to --now\n"
          "(opted-out collectivities left out): code, category, outcome, severity, whether it is\n"
          "explained, subject, verbatim evidence. JSON format: reports/EXPORTS.md.",
          desc, pos, vm))
    return *rc;
  auto json = JsonFormat(vm);
  if (!json.ok()) return Fail(kExitUsage, json.status().message());
  auto dialect = DialectOf(vm);
  if (!dialect.ok()) return Fail(kExitUsage, dialect.status().message());
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto snap = LoadReportSnapshot(*store, *model, g.Now());
  if (!snap.ok()) return Fail(kExitFailure, snap.status().message());
  std::vector<reports::FindingsExportEntry> rows;
  for (const StoredTarget& t : snap->targets) {
    auto last = snap->LastScanDay(t.id);
    if (t.opt_out || !last) continue;
    reports::FindingsExportEntry e;
    e.target = t.target;
    e.day = *last;
    auto findings = LoadDayFindings(*store, t.id, *last);
    if (!findings.ok()) return Fail(kExitFailure, findings.status().message());
    e.findings = std::move(findings->findings);
    auto explanations = LoadExplanations(*store, t.id);
    if (!explanations.ok()) return Fail(kExitFailure, explanations.status().message());
    for (const std::string& code : scoring::ExplainedCodesOn(*explanations, *last))
      e.explained.push_back(code);
    rows.push_back(std::move(e));
  }
  return Emit(g, vm,
              *json ? reports::FindingsJson(rows, snap->day, model->version)
                    : reports::FindingsCsv(rows, *dialect),
              "findings");
}

int Scores(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()("format", po::value<std::string>()->default_value("csv"), "csv or json");
  AddOutputOptions(desc, "rfc4180");
  AddModelOption(desc);
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture export scores [options]",
          "Every collectivity of the registry with its 30-day score as of --now, grade, rank,\n"
          "provisional flag, scan days, the category scores of its last scan day and (JSON) its\n"
          "daily scores. Opted-out collectivities are listed without scores. JSON format:\n"
          "reports/EXPORTS.md.",
          desc, pos, vm))
    return *rc;
  auto json = JsonFormat(vm);
  if (!json.ok()) return Fail(kExitUsage, json.status().message());
  auto dialect = DialectOf(vm);
  if (!dialect.ok()) return Fail(kExitUsage, dialect.status().message());
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto snap = LoadReportSnapshot(*store, *model, g.Now());
  if (!snap.ok()) return Fail(kExitFailure, snap.status().message());
  std::vector<reports::ScoresExportEntry> rows;
  for (const StoredTarget& t : snap->targets) {
    const scoring::RankCandidate* c = snap->Candidate(t.id);
    if (!c) continue;
    reports::ScoresExportEntry e;
    e.candidate = *c;
    if (c->opted_out) {
      // Nothing measured about an opted-out collectivity is published.
      e.candidate.rolling = scoring::RankCandidate{}.rolling;
      e.candidate.critical = e.candidate.high = 0;
      e.candidate.web_absent = false;
      rows.push_back(std::move(e));
      continue;
    }
    auto r = snap->rank.find(t.id);
    if (r != snap->rank.end()) e.rank = r->second;
    e.last_scan_day = snap->LastScanDay(t.id);
    auto daily = snap->daily.find(t.id);
    if (daily != snap->daily.end()) {
      for (const StoredDailyScore& d : daily->second)
        if (d.score.overall) e.daily.push_back({d.day, *d.score.overall});
      e.categories = daily->second.back().score.categories;
      e.caps = daily->second.back().score.caps;
    }
    rows.push_back(std::move(e));
  }
  return Emit(
      g, vm,
      *json ? reports::ScoresJson(rows, snap->day, *model) : reports::ScoresCsv(rows, *dialect),
      "scores");
}

}  // namespace

int ExportCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  static const std::vector<Command> kSub = {
      {"outreach", "a cohort's phone list: rank, grade, top three problems, contacts (CSV)",
       Outreach},
      {"findings", "every collectivity's last scan findings (CSV or JSON)", Findings},
      {"scores", "every collectivity's scores (CSV or JSON)", Scores},
  };
  return RunSubcommand(g, "export", args, kSub);
}

}  // namespace posture::cli
