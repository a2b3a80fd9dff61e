// `posture model ...`: the scoring model, in the open.
//   show [--model FILE] [--json]   every rule of the model, as a readable table
//   list                           the model versions stored in the database
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "checks/catalogue.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/scoring_cli.h"
#include "scanner/store/store_scores.h"
#include "scoring/remediation.h"
#include "scoring/score.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

const char* SeverityLabel(Severity s, bool fr) {
  switch (s) {
    case Severity::kCritical: return fr ? "critique" : "critical";
    case Severity::kHigh: return fr ? "élevée" : "high";
    case Severity::kMedium: return fr ? "moyenne" : "medium";
    case Severity::kLow: return fr ? "faible" : "low";
    case Severity::kInfo: return "info";
  }
  return "";
}

const char* OutcomeLabel(Outcome o, bool fr) {
  switch (o) {
    case Outcome::kPass: return fr ? "réussi" : "pass";
    case Outcome::kPartial: return fr ? "partiel" : "partial";
    case Outcome::kFail: return fr ? "échec" : "fail";
    case Outcome::kInfo: return "info";
    case Outcome::kNotTested: return fr ? "non testé" : "not tested";
    case Outcome::kNotApplicable: return fr ? "sans objet" : "not applicable";
    case Outcome::kError: return fr ? "erreur" : "error";
  }
  return "";
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string Describe(const scoring::ScoringModel& m, Lang lang) {
  const bool fr = lang == Lang::kFr;
  std::string out;
  auto section = [&](const char* f, const char* e) {
    out += std::string("\n") + (fr ? f : e) + "\n";
  };
  out += std::string(fr ? "Modèle de notation, version " : "Scoring model, version ") + m.version;
  if (!m.name.empty()) out += " (" + m.name + ")";
  out += "\n";

  section("Catégories et poids", "Categories and weights");
  {
    TextTable t({fr ? "catégorie" : "category", fr ? "code" : "code", fr ? "poids" : "weight"},
                {false, false, true});
    for (Category c : scoring::AllCategories())
      t.Add({scoring::CategoryLabel(c, lang), CategoryName(c), Num(m.weight(c)) + " %"});
    out += t.Render();
  }

  section("Points d'une constatation selon sa sévérité", "Points of a finding by severity");
  {
    TextTable t({fr ? "sévérité" : "severity", "points"}, {false, true});
    for (int i = 0; i < scoring::kSeverityCount; ++i)
      t.Add({SeverityLabel(static_cast<Severity>(i), fr), Num(m.severity_points[i])});
    out += t.Render();
  }

  section("Points en jeu des vérifications qui rendent leur réussite sans sévérité",
          "Points at stake of the checks that report their pass without a severity");
  if (m.check_severity.empty()) {
    out += fr ? "  aucune : chaque constatation vaut les points de sa sévérité\n"
              : "  none: each finding is worth the points of its severity\n";
  } else {
    out += fr ? "  une constatation de sévérité info de ces codes vaut les points de la sévérité\n"
                "  indiquée (celle de leur échec) ; les autres valent les points de leur sévérité\n"
              : "  a finding of severity info of these codes is worth the points of the severity\n"
                "  listed (that of their failure); the others are worth the points of their own\n";
    TextTable t({"code", fr ? "sévérité en jeu" : "severity at stake", "points"},
                {false, false, true});
    for (const auto& [code, sev] : m.check_severity)
      t.Add({code, SeverityLabel(sev, fr), Num(m.points(sev))});
    out += t.Render();
  }

  section("Part des points gagnée selon le résultat", "Share of the points earned by outcome");
  {
    TextTable t({fr ? "résultat" : "outcome", fr ? "part" : "share"}, {false, true});
    for (int i = 0; i < scoring::kOutcomeCount; ++i) {
      auto credit = m.outcome_credit[i];
      t.Add({OutcomeLabel(static_cast<Outcome>(i), fr),
             credit ? Num(*credit * 100) + " %"
                    : std::string(fr ? "hors calcul (ni gagné ni perdu)"
                                     : "left out (neither earned nor lost)")});
    }
    out += t.Render();
  }

  section("Calcul", "Computation");
  out += fr ? "  note de catégorie = points gagnés / points en jeu x 100\n"
              "  note globale = moyenne des notes de catégorie pondérée par les poids, sur les\n"
              "    catégories où au moins une vérification s'applique (poids renormalisés) :\n"
              "    sans site web, la note porte sur la messagerie et le DNS seuls, et le dit\n"
              "  une constatation expliquée (posture explain) ne compte pas jusqu'à sa date de fin\n"
              "    (un an au plus) ; elle reste affichée\n"
              "  notes arrondies à une décimale\n"
            : "  category score = points earned / points at stake x 100\n"
              "  overall score = mean of the category scores weighted by the weights, over the\n"
              "    categories where at least one check applies (weights renormalised): without a\n"
              "    website the score covers mail and DNS alone, and says so\n"
              "  an explained finding (posture explain) does not count until its end date (one\n"
              "    year at most); it stays visible\n"
              "  scores are rounded to one decimal\n";

  section("Plafonds", "Caps");
  if (m.caps.empty()) out += fr ? "  aucun\n" : "  none\n";
  for (const scoring::Cap& c : m.caps) {
    out += "  - " + scoring::DescribeCap(c, lang);
    if (!c.scope)
      out += std::string(fr ? " (note " : " (grade ") + m.GradeFor(c.max) +
             (fr ? " au mieux)" : " at best)");
    out += "\n";
  }

  section("Notes en lettres", "Grades");
  {
    TextTable t({fr ? "note" : "grade", fr ? "à partir de" : "from"}, {false, true});
    for (const scoring::GradeBound& g : m.grades) t.Add({g.grade, Num(g.min)});
    out += t.Render();
  }

  section("Période", "Time");
  out += std::string(fr ? "  note du jour = celle de la dernière analyse complète du jour\n"
                          "  note glissante au jour J = moyenne des notes du jour des "
                        : "  daily score = that of the day's last complete scan\n"
                          "  rolling score at day D = mean of the daily scores of the ") +
         std::to_string(m.window_days) +
         (fr ? " jours finissant à J\n    (les jours sans analyse complète, ou dont l'analyse n'a rien pu juger, sont\n"
               "    ignorés, pas comptés zéro ; un jour où un contrôle n'a pu être mené alors qu'il\n"
               "    l'a été la plupart des autres jours, un serveur injoignable ce jour-là, est\n"
               "    écarté : il ne pénalise ni ne favorise)\n"
               "  provisoire avec moins de "
             : " days ending at D\n    (days without a complete scan, or whose scan could judge nothing, are\n"
               "    skipped, not counted as zero; a day on which a check could not be made that\n"
               "    was made on most other days, a server unreachable that day, is left out: it\n"
               "    neither lowers nor raises the score)\n"
               "  provisional with fewer than ") +
         std::to_string(m.min_scan_days) +
         (fr ? " jours d'analyse dans la fenêtre : non classée\n"
             : " scan days in the window: not ranked\n");

  section("Classement et cohortes", "Ranking and cohorts");
  out += fr ? "  note glissante croissante ; à égalité : plus de constatations critiques, puis\n"
              "    élevées, puis population plus grande, puis code de la collectivité (ordre\n"
              "    fixe) ; collectivités opposées (opt-out) et notes provisoires exclues\n"
              "  cohorte : les N plus basses (appelées) et les N' suivantes (groupe de comparaison,\n"
              "    non appelées), figées avec leur note, leurs constatations et la version du modèle\n"
            : "  ascending rolling score; ties: more critical findings, then high, then larger\n"
              "    population, then the collectivity's key (a fixed order); opted-out\n"
              "    collectivities and provisional scores excluded\n"
              "  cohort: the N lowest (called) and the next N' (comparison group, not called),\n"
              "    frozen with their score, findings and the model version\n";

  scoring::RemediationOptions r;
  section("Remédiation (posture cohort show)", "Remediation (posture cohort show)");
  out += std::string(fr ? "  comparaison sous la version du modèle de la cohorte ; amélioration = écart > 0\n"
                          "  non mesurée : aucune analyse complète dans les "
                        : "  compared under the cohort's model version; improved = delta > 0\n"
                          "  unmeasured: no complete scan in the last ") +
         std::to_string(r.recent_days) +
         (fr ? " derniers jours, ou dernière analyse\n    à plus de "
             : " days, or more than ") +
         Num(r.max_untested_share * 100) +
         (fr ? " % en erreur ou non testée\n"
             : " % of the last scan's findings in error or not tested\n") +
         (fr ? "  effet des appels = écart moyen des appelées - écart moyen du groupe de\n"
               "    comparaison, intervalle à 95 % par bootstrap ("
             : "  effect of the calls = mean delta of the called - mean delta of the comparison\n"
               "    group, 95 % bootstrap interval (") +
         std::to_string(r.resamples) +
         (fr ? " tirages, graine fixe)\n" : " resamples, fixed seed)\n");

  section("Catégorie de chaque constatation", "Category of each finding");
  {
    std::map<Category, std::string> codes;
    for (const CatalogueEntry& e : Catalogue()) {
      std::string& s = codes[e.category];
      s += (s.empty() ? "" : " ") + std::string(e.code);
    }
    for (Category c : scoring::AllCategories()) {
      std::string list = codes.count(c) ? codes[c] : std::string("-");
      out += std::string("  ") + CategoryName(c) + ": " + list + "\n";
    }
    out += fr ? "  un code absent du catalogue suit son préfixe :" : "  a code missing from the catalogue follows its prefix:";
    for (const auto& [prefix, cat] : scoring::PrefixRules())
      out += " " + prefix + "→" + CategoryName(cat);
    out += "\n";
  }
  return out;
}

int Show(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  AddModelOption(desc);
  desc.add_options()("json", "print the model's definition as JSON");
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(g, args, "posture model show [options]",
                                 "Prints every rule of the scoring model: category weights, points "
                                 "by severity and outcome,\ncaps, grades, the 30-day window, "
                                 "ranking and remediation rules. No hidden rule.",
                                 desc, pos, vm))
    return *rc;
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  if (vm.count("json")) {
    std::cout << nlohmann::json::parse(scoring::ModelToJson(*model)).dump(2) << std::endl;
    return kExitOk;
  }
  std::cout << Describe(*model, LangOf(g));
  return kExitOk;
}

int List(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(g, args, "posture model list",
                                 "Lists the scoring model versions stored in the database (each "
                                 "score records the version it was computed with).",
                                 desc, pos, vm))
    return *rc;
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto models = ListModels(*store);
  if (!models.ok()) return Fail(kExitFailure, models.status().message());
  TextTable t({"version", Tr(g, "nom", "name"), Tr(g, "enregistré le", "stored on")});
  for (const StoredModelInfo& m : *models) t.Add({m.version, m.name, FormatDate(m.loaded_at)});
  std::cout << t.Render();
  return kExitOk;
}

}  // namespace

int ModelCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  static const std::vector<Command> kSub = {
      {"show", "print the scoring model's rules as a table", Show},
      {"list", "list the model versions stored in the database", List},
  };
  return RunSubcommand(g, "model", args, kSub);
}

}  // namespace posture::cli
