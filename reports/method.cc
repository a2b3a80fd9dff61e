#include "reports/method.h"

#include <cstdio>
#include <map>

#include "reports/analysis.h"
#include "reports/page.h"
#include "reports/text.h"
#include "scoring/remediation.h"
#include "scoring/score.h"

namespace posture::reports {
namespace {

std::string Num(double v, Lang lang) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  std::string s = buf;
  if (lang == Lang::kFr)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

}  // namespace

std::string MethodSection(const scoring::ScoringModel& m, Lang lang) {
  const bool fr = lang == Lang::kFr;
  std::string out = "<section id=\"methode\">\n<h2>";
  out += Tr(lang, "Comment la note est calculée", "How the score is computed");
  out += "</h2>\n<p>";
  out += Tr(lang, "Modèle de notation, version ", "Scoring model, version ");
  out += Html(m.version);
  if (!m.name.empty()) out += " (" + Html(m.name) + ")";
  out +=
      Tr(lang,
         ". Toutes les règles sont ici : il n'y en a pas d'autre. Chaque note enregistrée porte la "
         "version du modèle qui l'a calculée.",
         ". Every rule is here: there is no other. Each stored score records the version of the "
         "model that computed it.");
  out += "</p>\n";

  out +=
      "<h3>" + std::string(Tr(lang, "Catégories et poids", "Categories and weights")) + "</h3>\n";
  out += "<table><tr><th>" + std::string(Tr(lang, "catégorie", "category")) +
         "</th><th>code</th><th class=\"n\">" + Tr(lang, "poids", "weight") + "</th></tr>\n";
  for (Category c : scoring::AllCategories())
    out += "<tr><td>" + Html(scoring::CategoryLabel(c, lang)) + "</td><td>" + CategoryName(c) +
           "</td><td class=\"n\">" + Num(m.weight(c), lang) + (fr ? "&nbsp;%" : "%") +
           "</td></tr>\n";
  out += "</table>\n";

  out += "<h3>" +
         std::string(Tr(lang, "Points d'une constatation selon sa sévérité",
                        "Points of a finding by severity")) +
         "</h3>\n<table><tr><th>" + Tr(lang, "sévérité", "severity") +
         "</th><th class=\"n\">points</th></tr>\n";
  for (int i = 0; i < scoring::kSeverityCount; ++i)
    out += "<tr><td>" + std::string(SeverityLabel(static_cast<Severity>(i), lang)) +
           "</td><td class=\"n\">" + Num(m.severity_points[i], lang) + "</td></tr>\n";
  out += "</table>\n";

  out += "<h3>" +
         std::string(
             Tr(lang, "Points en jeu des vérifications qui rendent leur réussite sans sévérité",
                "Points at stake of the checks that report their pass without a severity")) +
         "</h3>\n";
  if (m.check_severity.empty()) {
    out += "<p>" +
           std::string(Tr(lang, "Aucune : chaque constatation vaut les points de sa sévérité.",
                          "None: each finding is worth the points of its severity.")) +
           "</p>\n";
  } else {
    out += "<p>" +
           std::string(Tr(
               lang,
               "Une constatation de sévérité info de ces codes vaut les points de la sévérité "
               "indiquée (celle de leur échec) ; les autres valent les points de leur sévérité.",
               "A finding of severity info of these codes is worth the points of the severity "
               "listed (that of their failure); the others are worth the points of their own.")) +
           "</p>\n<table><tr><th>code</th><th>" + Tr(lang, "sévérité en jeu", "severity at stake") +
           "</th><th class=\"n\">points</th></tr>\n";
    for (const auto& [code, sev] : m.check_severity)
      out += "<tr><td>" + Html(code) + " <span class=\"small muted\">" +
             Html(FindingTitle(code, lang)) + "</span></td><td>" + SeverityLabel(sev, lang) +
             "</td><td class=\"n\">" + Num(m.points(sev), lang) + "</td></tr>\n";
    out += "</table>\n";
  }

  out += "<h3>" +
         std::string(Tr(lang, "Part des points gagnée selon le résultat",
                        "Share of the points earned by outcome")) +
         "</h3>\n<table><tr><th>" + Tr(lang, "résultat", "outcome") + "</th><th class=\"n\">" +
         Tr(lang, "part", "share") + "</th></tr>\n";
  for (int i = 0; i < scoring::kOutcomeCount; ++i) {
    auto credit = m.outcome_credit[i];
    out += "<tr><td>" + std::string(OutcomeLabel(static_cast<Outcome>(i), lang)) +
           "</td><td class=\"n\">" +
           (credit ? Num(*credit * 100, lang) + (fr ? "&nbsp;%" : "%")
                   : std::string(Tr(lang, "hors calcul (ni gagné ni perdu)",
                                    "left out (neither earned nor lost)"))) +
           "</td></tr>\n";
  }
  out += "</table>\n";

  out += "<h3>" + std::string(Tr(lang, "Calcul", "Computation")) + "</h3>\n<ul>\n";
  out += Tr(
      lang,
      "<li>note de catégorie = points gagnés / points en jeu × 100 ;</li>\n"
      "<li>note globale = moyenne des notes de catégorie pondérée par les poids, sur les "
      "catégories "
      "où au moins une vérification s'applique (poids renormalisés) : sans site web, la note porte "
      "sur la messagerie et le DNS seuls, et la fiche le dit ;</li>\n"
      "<li>une constatation expliquée (« appliquer ou expliquer », <code>posture explain</code>) "
      "ne "
      "compte pas jusqu'à sa date de fin (un an au plus) ; elle reste affichée ;</li>\n"
      "<li>notes arrondies à une décimale.</li>\n",
      "<li>category score = points earned / points at stake × 100;</li>\n"
      "<li>overall score = mean of the category scores weighted by the weights, over the "
      "categories where at least one check applies (weights renormalised): without a website "
      "the score covers mail and DNS alone, and the scorecard says so;</li>\n"
      "<li>an explained finding (comply or explain, <code>posture explain</code>) does not count "
      "until its end date (one year at most); it stays visible;</li>\n"
      "<li>scores are rounded to one decimal.</li>\n");
  out += "</ul>\n";

  out += "<h3>" + std::string(Tr(lang, "Plafonds", "Caps")) + "</h3>\n<ul>\n";
  if (m.caps.empty()) out += "<li>" + std::string(Tr(lang, "aucun", "none")) + "</li>\n";
  for (const scoring::Cap& c : m.caps) {
    out += "<li>" + Html(scoring::DescribeCap(c, lang));
    if (!c.scope)
      out += std::string(Tr(lang, " (note ", " (grade ")) + Html(m.GradeFor(c.max)) +
             Tr(lang, " au mieux)", " at best)");
    out += "</li>\n";
  }
  out += "</ul>\n";

  out += "<h3>" + std::string(Tr(lang, "Notes en lettres", "Grades")) + "</h3>\n<p>";
  for (size_t i = 0; i < m.grades.size(); ++i) {
    const scoring::GradeBound& g = m.grades[i];
    out += (i ? " · " : "") + GradeBadge(g.grade) + " " +
           (g.min > 0 ? std::string(Tr(lang, "à partir de ", "from ")) + Num(g.min, lang)
                      : std::string(Tr(lang, "en dessous", "below")));
  }
  out += "</p>\n";

  out += "<h3>" + std::string(Tr(lang, "Période", "Time")) + "</h3>\n<ul>\n<li>";
  out += Tr(lang, "note du jour = celle de la dernière analyse complète du jour ;",
            "daily score = that of the day's last complete scan;");
  out += "</li>\n<li>";
  out +=
      Tr(lang, "note sur 30 jours au jour J = moyenne des notes du jour des ",
         "rolling score at day D = mean of the daily scores of the ") +
      std::to_string(m.window_days) +
      Tr(lang,
         " jours finissant à J (les jours sans analyse complète, ou dont l'analyse n'a rien pu "
         "juger, sont ignorés, pas comptés zéro ; un jour où un contrôle n'a pu être mené alors "
         "qu'il l'a été la plupart des autres jours, un serveur injoignable ce jour-là, est "
         "écarté : il ne pénalise ni ne favorise) ;",
         " days ending at D (days without a complete scan, or whose scan could judge nothing, are "
         "skipped, not counted as zero; a day on which a check could not be made that was made on "
         "most other days, a server unreachable that day, is left out: it neither lowers nor "
         "raises the score);");
  out += "</li>\n<li>";
  out += Tr(lang, "provisoire avec moins de ", "provisional with fewer than ") +
         std::to_string(m.min_scan_days) +
         Tr(lang, " jours d'analyse dans la période : non classée.",
            " scan days in the window: not ranked.");
  out += "</li>\n</ul>\n";

  out += "<h3>" + std::string(Tr(lang, "Classement et cohortes", "Ranking and cohorts")) +
         "</h3>\n<ul>\n";
  out += Tr(
      lang,
      "<li>note sur 30 jours croissante ; à égalité : plus de constatations critiques, puis "
      "élevées, puis population plus grande, puis code de la collectivité (ordre fixe) ; "
      "collectivités opposées (opt-out) et notes provisoires exclues ;</li>\n"
      "<li>cohorte : les N plus basses (appelées) et les N' suivantes (groupe de comparaison, non "
      "appelées), figées avec leur note, leurs constatations et la version du modèle.</li>\n",
      "<li>ascending rolling score; ties: more critical findings, then high, then larger "
      "population, then the collectivity's key (a fixed order); opted-out collectivities and "
      "provisional scores excluded;</li>\n"
      "<li>cohort: the N lowest (called) and the next N' (comparison group, not called), frozen "
      "with their score, findings and the model version.</li>\n");
  out += "</ul>\n";

  scoring::RemediationOptions r;
  out += "<h3>" + std::string(Tr(lang, "Remédiation", "Remediation")) + "</h3>\n<ul>\n<li>";
  out += Tr(
      lang,
      "comparaison sous la version du modèle de la cohorte ; amélioration = écart de note &gt; 0 ;",
      "compared under the cohort's model version; improved = score change &gt; 0;");
  out += "</li>\n<li>";
  out += Tr(lang, "non mesurée : aucune analyse complète dans les ",
            "unmeasured: no complete scan in the last ") +
         std::to_string(r.recent_days) +
         Tr(lang, " derniers jours, ou dernière analyse à plus de ", " days, or more than ") +
         Num(r.max_untested_share * 100, lang) +
         Tr(lang, " % en erreur ou non testée ;",
            "% of the last scan's findings in error or not tested;");
  out += "</li>\n<li>";
  out +=
      Tr(lang,
         "effet des appels = écart moyen des appelées − écart moyen du groupe de comparaison, "
         "intervalle à 95 % par bootstrap (",
         "effect of the calls = mean change of the called − mean change of the comparison group, "
         "95% bootstrap interval (") +
      std::to_string(r.resamples) + Tr(lang, " tirages, graine fixe).", " resamples, fixed seed).");
  out += "</li>\n</ul>\n";

  out += "<h3>" +
         std::string(Tr(lang, "Catégorie de chaque constatation", "Category of each finding")) +
         "</h3>\n<table>\n";
  std::map<Category, std::vector<const CatalogueEntry*>> codes;
  for (const CatalogueEntry& e : Catalogue()) codes[e.category].push_back(&e);
  for (Category c : scoring::AllCategories()) {
    out += "<tr><td>" + Html(scoring::CategoryLabel(c, lang)) + "</td><td class=\"small\">";
    const auto& list = codes[c];
    for (size_t i = 0; i < list.size(); ++i)
      out += std::string(i ? " · " : "") + "<span title=\"" + Html(list[i]->title(lang)) + "\">" +
             Html(list[i]->code) + "</span>";
    out += "</td></tr>\n";
  }
  out += "</table>\n<p class=\"small\">";
  out += Tr(lang, "Un code absent du catalogue suit son préfixe :",
            "A code missing from the catalogue follows its prefix:");
  for (const auto& [prefix, cat] : scoring::PrefixRules())
    out += " " + Html(prefix) + "→" + CategoryName(cat);
  out += ".</p>\n</section>\n";
  return out;
}

std::string RenderMethodPage(const scoring::ScoringModel& model, DayNumber day,
                             const Publisher& publisher, const Links& links, Lang lang) {
  std::string out = PageStart(Tr(lang, "Méthode de notation", "Scoring method"), lang, "card");
  if (!links.dashboard.empty())
    out += "<p class=\"noprint small\">" +
           Link(links.dashboard, Tr(lang, "← Tableau de bord régional", "← Regional dashboard")) +
           "</p>\n";
  out += "<h1>" + std::string(Tr(lang, "Méthode de notation", "Scoring method")) + "</h1>\n";
  out += MethodSection(model, lang);
  out += "<h2>" + std::string(Tr(lang, "Ce que nous analysons", "What we analyse")) + "</h2>\n";
  out += ContractHtml(publisher, lang);
  out += PageEnd(publisher, day, model.version, lang);
  return out;
}

}  // namespace posture::reports
