// `posture cohort ...`: semester cohorts and their remediation.
//   create NAME [--size 300] [--comparison-size N] [--model FILE]
//   list [--json]
//   show NAME [--json]      members, baselines and remediation as of --now
#include <iostream>

#include <nlohmann/json.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/scoring_cli.h"
#include "scanner/store/store_scores.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

using nlohmann::json;

int ExitFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return kExitUsage;
    default: return kExitFailure;
  }
}

int Create(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("name", po::value<std::string>()->required(), "the cohort's name, e.g. 2027-S1")
      ("size", po::value<int>()->default_value(300), "how many of the lowest to call")
      ("comparison-size", po::value<int>(),
       "how many of the next ranked form the comparison group (default: --size)");
  AddModelOption(desc);
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture cohort create NAME [options]",
          "Freezes the semester cohort as of --now: the N lowest ranked collectivities (the ones\n"
          "to call) and the next N' (the comparison group, not called), each with its baseline:\n"
          "rolling score, grade and active findings, under the model version in force. Opted-out\n"
          "collectivities never enter a cohort.",
          desc, pos, vm))
    return *rc;
  std::string name = vm["name"].as<std::string>();
  int size = vm["size"].as<int>();
  int comparison = vm.count("comparison-size") ? vm["comparison-size"].as<int>() : size;
  if (size < 1) return Fail(kExitUsage, "--size must be at least 1");
  if (comparison < 0) return Fail(kExitUsage, "--comparison-size cannot be negative");
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto c = CreateCohort(*store, name, *model, size, comparison, g.Now());
  if (!c.ok()) return Fail(ExitFor(c.status()), c.status().message());
  std::cout << Tr(g, "Cohorte ", "Cohort ") << c->name << Tr(g, " créée au ", " created as of ")
            << FormatDay(c->baseline_day) << Tr(g, " (modèle ", " (model ") << c->model_version
            << Tr(g, ") : ", "): ") << c->size << Tr(g, " à appeler, ", " to call, ")
            << c->comparison_size << Tr(g, " en groupe de comparaison.", " in the comparison group.")
            << "\n";
  if (c->size < size || c->comparison_size < comparison)
    std::cerr << "posture: "
              << Tr(g, "moins de collectivités classées que demandé (", "fewer collectivities are ranked than asked (")
              << size << " + " << comparison << ")" << std::endl;
  return kExitOk;
}

int List(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()("json", "print JSON");
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(g, args, "posture cohort list [options]",
                                 "Lists the cohorts, oldest first.", desc, pos, vm))
    return *rc;
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto cohorts = ListCohorts(*store);
  if (!cohorts.ok()) return Fail(kExitFailure, cohorts.status().message());
  if (vm.count("json")) {
    json j = json::array();
    for (const CohortInfo& c : *cohorts)
      j.push_back({{"name", c.name},
                   {"created_at", FormatIso8601(c.created_at)},
                   {"baseline_day", FormatDay(c.baseline_day)},
                   {"model_version", c.model_version},
                   {"called", c.size},
                   {"comparison", c.comparison_size},
                   {"left", c.left}});
    std::cout << j.dump(2) << std::endl;
    return kExitOk;
  }
  TextTable t({Tr(g, "nom", "name"), Tr(g, "créée au", "created as of"), Tr(g, "modèle", "model"),
               Tr(g, "appelées", "called"), Tr(g, "comparaison", "comparison"),
               Tr(g, "parties", "left")},
              {false, false, false, true, true, true});
  for (const CohortInfo& c : *cohorts)
    t.Add({c.name, FormatDay(c.baseline_day), c.model_version, std::to_string(c.size),
           std::to_string(c.comparison_size), std::to_string(c.left)});
  std::cout << t.Render();
  return kExitOk;
}

json OptionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json GroupJson(const scoring::GroupSummary& s) {
  json fixed = json::array();
  for (const auto& [code, n] : s.most_fixed) fixed.push_back({{"code", code}, {"members", n}});
  return {{"members", s.members},           {"measured", s.measured},
          {"unmeasured", s.unmeasured},     {"left", s.left},
          {"improved", s.improved},         {"worsened", s.worsened},
          {"unchanged", s.unchanged},       {"share_improved", s.share_improved},
          {"median_delta", OptionalNumber(s.median_delta)},
          {"mean_delta", OptionalNumber(s.mean_delta)},
          {"most_fixed", fixed}};
}

json ReportJson(const CohortInfo& c, const scoring::RemediationReport& r) {
  json j;
  j["cohort"] = {{"name", c.name},
                 {"created_at", FormatIso8601(c.created_at)},
                 {"baseline_day", FormatDay(c.baseline_day)},
                 {"model_version", c.model_version}};
  j["day"] = FormatDay(r.day);
  j["called"] = GroupJson(r.called);
  j["comparison"] = GroupJson(r.comparison);
  j["effect"] = OptionalNumber(r.effect);
  if (r.interval)
    j["interval"] = {{"low", r.interval->low},
                     {"high", r.interval->high},
                     {"confidence", r.interval->confidence},
                     {"resamples", r.interval->resamples},
                     {"seed", r.interval->seed},
                     {"method", "percentile bootstrap of the difference of mean deltas"}};
  else
    j["interval"] = nullptr;
  j["members"] = json::array();
  for (const scoring::MemberRemediation& m : r.members) {
    json b = json::array();
    for (const scoring::BaselineFinding& f : m.member.baseline_findings)
      b.push_back({{"code", f.code},
                   {"severity", SeverityName(f.severity)},
                   {"outcome", OutcomeName(f.outcome)}});
    j["members"].push_back(
        {{"key", m.member.key},
         {"code", m.member.code},
         {"name", m.member.name},
         {"kind", TargetKindName(m.member.kind)},
         {"department", m.member.department},
         {"population", m.member.population},
         {"group", scoring::GroupName(m.member.group)},
         {"rank", m.member.rank},
         {"baseline", {{"score", m.member.baseline_score},
                       {"grade", m.member.baseline_grade},
                       {"findings", b}}},
         {"status", scoring::MemberStatusName(m.status)},
         {"reason", m.reason},
         {"left_at", m.left_at ? json(FormatIso8601(*m.left_at)) : json(nullptr)},
         {"last_scan_day", m.last_scan_day ? json(FormatDay(*m.last_scan_day)) : json(nullptr)},
         {"score", OptionalNumber(m.score_now)},
         {"grade", m.grade_now},
         {"delta", OptionalNumber(m.delta)},
         {"grade_change", m.grade_change},
         {"fixed", m.fixed},
         {"still_present", m.still_present},
         {"appeared", m.appeared}});
  }
  return j;
}

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f %%", share * 100);
  return buf;
}

std::string StatusText(const GlobalOptions& g, const scoring::MemberRemediation& m) {
  switch (m.status) {
    case scoring::MemberStatus::kMeasured:
      if (*m.delta > 0) return Tr(g, "améliorée", "improved");
      if (*m.delta < 0) return Tr(g, "dégradée", "worsened");
      return Tr(g, "inchangée", "unchanged");
    case scoring::MemberStatus::kLeft:
      return std::string(Tr(g, "partie (opt-out le ", "left (opted out on ")) +
             FormatDate(*m.left_at) + ")";
    case scoring::MemberStatus::kUnmeasured:
      return m.reason == "mostly_untested"
                 ? Tr(g, "non mesurée (site injoignable)", "unmeasured (site unreachable)")
                 : Tr(g, "non mesurée (pas d'analyse récente)", "unmeasured (no recent scan)");
  }
  return "";
}

std::string Text(const GlobalOptions& g, const CohortInfo& c, const scoring::RemediationReport& r) {
  std::string out;
  out += std::string(Tr(g, "Cohorte ", "Cohort ")) + c.name + Tr(g, " : créée au ", ": created as of ") +
         FormatDay(c.baseline_day) + Tr(g, ", modèle ", ", model ") + c.model_version +
         Tr(g, ", situation au ", ", state as of ") + FormatDay(r.day) + "\n\n";
  TextTable t({"", Tr(g, "appelées", "called"), Tr(g, "comparaison", "comparison")},
              {false, true, true});
  auto row = [&](const char* fr, const char* en, auto get) {
    t.Add({Tr(g, fr, en), get(r.called), get(r.comparison)});
  };
  using S = const scoring::GroupSummary&;
  row("membres", "members", [](S s) { return std::to_string(s.members); });
  row("mesurées", "measured", [](S s) { return std::to_string(s.measured); });
  row("non mesurées (injoignables)", "unmeasured (unreachable)",
      [](S s) { return std::to_string(s.unmeasured); });
  row("parties (opt-out)", "left (opted out)", [](S s) { return std::to_string(s.left); });
  row("améliorées", "improved", [](S s) {
    return std::to_string(s.improved) + " (" + Percent(s.share_improved) + ")";
  });
  row("dégradées", "worsened", [](S s) { return std::to_string(s.worsened); });
  row("écart médian", "median delta",
      [](S s) { return s.median_delta ? FormatDelta(*s.median_delta) : std::string("-"); });
  row("écart moyen", "mean delta",
      [](S s) { return s.mean_delta ? FormatDelta(*s.mean_delta) : std::string("-"); });
  out += t.Render() + "\n";
  if (r.effect) {
    out += std::string(Tr(g, "Effet des appels : ", "Effect of the calls: ")) +
           FormatDelta(*r.effect) + Tr(g, " points", " points");
    if (r.interval) {
      out += std::string(Tr(g, " (intervalle à 95 % : ", " (95 % interval: ")) +
             FormatDelta(r.interval->low) + Tr(g, " à ", " to ") + FormatDelta(r.interval->high) +
             Tr(g, " ; bootstrap, ", "; bootstrap, ") + std::to_string(r.interval->resamples) +
             Tr(g, " tirages)", " resamples)");
    }
    out += "\n";
  } else {
    out += Tr(g, "Effet des appels : pas assez de membres mesurés.\n",
              "Effect of the calls: not enough measured members.\n");
  }
  if (!r.called.most_fixed.empty()) {
    out += Tr(g, "Les plus corrigées (appelées) :", "Most fixed (called):");
    for (const auto& [code, n] : r.called.most_fixed) out += " " + code + " (" + std::to_string(n) + ")";
    out += "\n";
  }
  out += "\n";
  TextTable m({Tr(g, "groupe", "group"), Tr(g, "rang", "rank"), "code", Tr(g, "nom", "name"),
               Tr(g, "avant", "before"), Tr(g, "après", "after"), Tr(g, "écart", "delta"),
               Tr(g, "corrigées", "fixed"), Tr(g, "restantes", "remaining"),
               Tr(g, "nouvelles", "new"), Tr(g, "état", "status")},
              {false, true, false, false, true, true, true, true, true, true, false});
  for (const scoring::MemberRemediation& x : r.members) {
    bool measured = x.status == scoring::MemberStatus::kMeasured;
    m.Add({x.member.group == scoring::Group::kCalled ? Tr(g, "appelée", "called")
                                                     : Tr(g, "comparaison", "comparison"),
           std::to_string(x.member.rank), x.member.code, x.member.name,
           FormatScore(x.member.baseline_score) + " " + x.member.baseline_grade,
           measured ? FormatScore(*x.score_now) + " " + x.grade_now : "-",
           measured ? FormatDelta(*x.delta) : "-",
           measured ? std::to_string(x.fixed.size()) : "-",
           measured ? std::to_string(x.still_present.size()) : "-",
           measured ? std::to_string(x.appeared.size()) : "-", StatusText(g, x)});
  }
  out += m.Render();
  return out;
}

int Show(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("name", po::value<std::string>()->required(), "the cohort's name")
      ("json", "print JSON");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture cohort show NAME [options]",
          "Shows a cohort's members with their baseline and, as of --now, their rolling score\n"
          "under the cohort's model version: score delta, grade change, findings fixed, still\n"
          "present and new; per group the share improved and the median delta; and the effect of\n"
          "the calls (called minus comparison) with a 95 % bootstrap interval. A member whose site\n"
          "was unreachable lately is shown as unmeasured; one that opted out as left.",
          desc, pos, vm))
    return *rc;
  std::string name = vm["name"].as<std::string>();
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto c = FindCohort(*store, name);
  if (!c.ok()) return Fail(kExitFailure, c.status().message());
  auto r = CohortRemediation(*store, name, g.Now());
  if (!r.ok()) return Fail(kExitFailure, r.status().message());
  if (vm.count("json"))
    std::cout << ReportJson(*c, *r).dump(2) << std::endl;
  else
    std::cout << Text(g, *c, *r);
  return kExitOk;
}

}  // namespace

int CohortCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  static const std::vector<Command> kSub = {
      {"create", "freeze the semester cohort: the lowest to call and a comparison group", Create},
      {"list", "list the cohorts", List},
      {"show", "members, baselines and remediation figures as of --now", Show},
  };
  return RunSubcommand(g, "cohort", args, kSub);
}

}  // namespace posture::cli
