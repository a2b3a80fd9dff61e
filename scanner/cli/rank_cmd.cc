// `posture rank [--bottom N] [--department D] [--kind K] [--json|--csv]
// [--model FILE]`: the collectivities by ascending rolling score at --now.
#include <iostream>

#include <nlohmann/json.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/scoring_cli.h"
#include "scanner/store/store_scores.h"

namespace po = boost::program_options;

namespace posture::cli {

int RankCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("bottom", po::value<int>(), "only the N lowest")
      ("department", po::value<std::string>(), "only this département (code, e.g. 78)")
      ("kind", po::value<std::string>(), "only this kind: commune, epci, departement, region")
      ("json", "print JSON")
      ("csv", "print CSV");
  AddModelOption(desc);
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture rank [options]",
          "Ranks the collectivities by ascending rolling score (the mean of the daily scores of\n"
          "the last 30 days, see `posture model show`) as of --now. Ties: more critical findings,\n"
          "then more high findings, then larger population first. Collectivities that opted out\n"
          "or have fewer than 4 scan days in the window are not ranked (they are counted).",
          desc, pos, vm))
    return *rc;
  if (vm.count("json") && vm.count("csv")) return Fail(kExitUsage, "--json and --csv exclude each other");
  scoring::RankFilter filter;
  if (vm.count("department")) filter.department = vm["department"].as<std::string>();
  if (vm.count("kind")) {
    filter.kind = ParseTargetKind(vm["kind"].as<std::string>());
    if (!filter.kind)
      return Fail(kExitUsage, "--kind must be commune, epci, departement or region, not `" +
                                  vm["kind"].as<std::string>() + "`");
  }
  int bottom = -1;
  if (vm.count("bottom")) {
    bottom = vm["bottom"].as<int>();
    if (bottom < 1) return Fail(kExitUsage, "--bottom must be at least 1");
  }
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  UnixSeconds now = g.Now();
  auto ranking = RankAt(*store, *model, now, filter);
  if (!ranking.ok()) return Fail(kExitFailure, ranking.status().message());
  std::vector<scoring::RankedEntry>& entries = ranking->entries;
  if (bottom > 0 && static_cast<size_t>(bottom) < entries.size()) entries.resize(bottom);
  DayNumber day = DayOf(now);

  if (vm.count("json")) {
    nlohmann::json j;
    j["day"] = FormatDay(day);
    j["window"] = {{"first_day", FormatDay(scoring::WindowStart(day, *model))},
                   {"last_day", FormatDay(day)}};
    j["model_version"] = model->version;
    j["excluded"] = {{"opted_out", ranking->opted_out},
                     {"provisional", ranking->provisional},
                     {"unscored", ranking->unscored}};
    j["entries"] = nlohmann::json::array();
    for (const scoring::RankedEntry& e : entries) {
      const scoring::RankCandidate& c = e.target;
      j["entries"].push_back({{"rank", e.rank},
                              {"key", c.key},
                              {"code", c.code},
                              {"name", c.name},
                              {"kind", TargetKindName(c.kind)},
                              {"department", c.department},
                              {"population", c.population},
                              {"score", *c.rolling.score},
                              {"grade", c.rolling.grade},
                              {"scan_days", c.rolling.scan_days},
                              {"critical", c.critical},
                              {"high", c.high},
                              {"web_absent", c.web_absent}});
    }
    std::cout << j.dump(2) << std::endl;
    return kExitOk;
  }
  if (vm.count("csv")) {
    std::cout << "rank,code,name,kind,department,population,score,grade,scan_days,critical,high\r\n";
    for (const scoring::RankedEntry& e : entries) {
      const scoring::RankCandidate& c = e.target;
      std::cout << e.rank << ',' << CsvCell(c.code) << ',' << CsvCell(c.name) << ','
                << TargetKindName(c.kind) << ',' << CsvCell(c.department) << ',' << c.population
                << ',' << FormatScore(*c.rolling.score) << ',' << CsvCell(c.rolling.grade) << ','
                << c.rolling.scan_days << ',' << c.critical << ',' << c.high << "\r\n";
    }
    return kExitOk;
  }
  TextTable t({Tr(g, "rang", "rank"), "code", Tr(g, "nom", "name"), Tr(g, "type", "kind"),
               Tr(g, "dépt", "dept"), "population", Tr(g, "note", "score"),
               Tr(g, "lettre", "grade"), Tr(g, "jours", "days"), "crit.",
               Tr(g, "élevées", "high")},
              {true, false, false, false, false, true, true, false, true, true, true});
  for (const scoring::RankedEntry& e : entries) {
    const scoring::RankCandidate& c = e.target;
    t.Add({std::to_string(e.rank), c.code, c.name, TargetKindName(c.kind), c.department,
           std::to_string(c.population), FormatScore(*c.rolling.score), c.rolling.grade,
           std::to_string(c.rolling.scan_days), std::to_string(c.critical),
           std::to_string(c.high)});
  }
  std::cout << t.Render();
  std::cout << "\n"
            << Tr(g, "Au ", "As of ") << FormatDay(day) << Tr(g, " (fenêtre du ", " (window ")
            << FormatDay(scoring::WindowStart(day, *model)) << Tr(g, " au ", " to ")
            << FormatDay(day) << Tr(g, "), modèle ", "), model ") << model->version << ". "
            << entries.size() << Tr(g, " affichées ; non classées : ", " shown; not ranked: ")
            << ranking->provisional << Tr(g, " provisoires, ", " provisional, ")
            << ranking->unscored << Tr(g, " sans analyse, ", " without a scan, ")
            << ranking->opted_out << Tr(g, " opposées (opt-out).", " opted out.") << "\n";
  return kExitOk;
}

}  // namespace posture::cli
