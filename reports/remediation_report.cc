#include "reports/remediation_report.h"

#include <algorithm>

#include "reports/analysis.h"
#include "reports/charts.h"
#include "reports/page.h"
#include "reports/text.h"

namespace posture::reports {
namespace {

using scoring::Group;
using scoring::MemberRemediation;
using scoring::MemberStatus;

std::string StatusWords(const MemberRemediation& m, Lang lang) {
  switch (m.status) {
    case MemberStatus::kMeasured:
      if (*m.delta > 0) return Tr(lang, "améliorée", "improved");
      if (*m.delta < 0) return Tr(lang, "dégradée", "worsened");
      return Tr(lang, "inchangée", "unchanged");
    case MemberStatus::kLeft:
      return std::string(Tr(lang, "partie (opt-out", "left (opted out")) +
             (m.left_at
                  ? std::string(Tr(lang, " le ", " on ")) + FormatLongDate(DayOf(*m.left_at), lang)
                  : std::string()) +
             ")";
    case MemberStatus::kUnmeasured:
      return m.reason == "mostly_untested"
                 ? Tr(lang, "non mesurée (site injoignable)", "unmeasured (site unreachable)")
                 : Tr(lang, "non mesurée (pas d'analyse récente)", "unmeasured (no recent scan)");
  }
  return "";
}

std::string CodeList(const std::vector<std::string>& codes, Lang lang) {
  std::string out;
  for (size_t i = 0; i < codes.size(); ++i)
    out += std::string(i ? ", " : "") + "<span title=\"" + Html(FindingTitle(codes[i], lang)) +
           "\">" + Html(codes[i]) + "</span>";
  return out.empty() ? "–" : out;
}

std::string Conclusion(const scoring::RemediationReport& r, Lang lang) {
  std::string out;
  if (r.called.mean_delta && r.comparison.mean_delta) {
    out += Tr(
        lang,
        "Depuis le début de la cohorte, la note des collectivités appelées a évolué en moyenne de ",
        "Since the cohort started, the score of the called collectivities changed on average by ");
    out += "<b>" + FormatDelta(*r.called.mean_delta, lang) +
           Tr(lang, " points</b>, contre ", " points</b>, against ") +
           FormatDelta(*r.comparison.mean_delta, lang) +
           Tr(lang, " pour des collectivités comparables qui n'ont pas été appelées. ",
              " for comparable collectivities that were not called. ");
  }
  if (r.effect && r.interval) {
    out += Tr(lang, "L'effet estimé des appels est donc de ",
              "The estimated effect of the calls is therefore ");
    out += "<b>" + FormatDelta(*r.effect, lang) + Tr(lang, " points", " points") + "</b>" +
           Tr(lang, " (intervalle de confiance à 95 % : ", " (95% confidence interval: ") +
           FormatDelta(r.interval->low, lang) + Tr(lang, " à ", " to ") +
           FormatDelta(r.interval->high, lang) + "). ";
    if (r.interval->low > 0)
      out += Tr(
          lang,
          "L'intervalle est tout entier au-dessus de zéro : les appels ont très probablement aidé.",
          "The whole interval is above zero: the calls very probably helped.");
    else if (r.interval->high < 0)
      out += Tr(
          lang,
          "L'intervalle est tout entier au-dessous de zéro : les collectivités appelées ont moins "
          "progressé que les autres.",
          "The whole interval is below zero: the called collectivities progressed less than the "
          "others.");
    else
      out += Tr(
          lang,
          "L'intervalle contient zéro : avec ces effectifs, on ne peut pas affirmer que les appels "
          "ont "
          "eu un effet.",
          "The interval contains zero: with these numbers, one cannot claim that the calls had an "
          "effect.");
  } else if (r.effect) {
    out += Tr(lang, "Écart entre les deux groupes : ", "Difference between the two groups: ") +
           FormatDelta(*r.effect, lang) +
           Tr(lang, " points ; trop peu de mesures pour un intervalle de confiance.",
              " points; too few measurements for a confidence interval.");
  } else {
    out += Tr(lang, "Pas encore assez de collectivités mesurées pour estimer l'effet des appels.",
              "Not enough measured collectivities yet to estimate the effect of the calls.");
  }
  return out;
}

std::string GradeScore(std::optional<double> score, const std::string& grade, Lang lang) {
  if (!score) return "–";
  return GradeBadge(grade) + " " + FormatScore(*score, lang);
}

}  // namespace

std::string RenderRemediation(const RemediationInput& in, const Publisher& publisher, Lang lang) {
  const CohortView& c = in.cohort;
  const scoring::RemediationReport& r = c.report;
  std::string title =
      std::string(Tr(lang, "Rapport de remédiation – cohorte ", "Remediation report – cohort ")) +
      c.name;
  std::string out = PageStart(title, lang, "wide");
  if (!in.links.dashboard.empty())
    out +=
        "<p class=\"noprint small\">" +
        Link(in.links.dashboard, Tr(lang, "← Tableau de bord régional", "← Regional dashboard")) +
        "</p>\n";
  out += "<h1>" + Html(title) + "</h1>\n<p class=\"muted\">";
  out += Tr(lang, "Cohorte créée le ", "Cohort created on ") +
         FormatLongDate(c.baseline_day, lang) + Tr(lang, " ; situation au ", "; state as of ") +
         FormatLongDate(r.day, lang) + Tr(lang, " ; modèle de notation ", "; scoring model ") +
         Html(c.model_version) + " · " + std::to_string(r.called.members) +
         Tr(lang, " collectivités appelées, ", " collectivities called, ") +
         std::to_string(r.comparison.members) +
         Tr(lang, " en groupe de comparaison (les suivantes du classement, non appelées).",
            " in the comparison group (the next ones in the ranking, not called).") +
         "</p>\n";

  out += "<h2>" + std::string(Tr(lang, "En bref", "In short")) + "</h2>\n<p>" +
         Conclusion(r, lang) + "</p>\n<p>";
  out += FormatPercent(r.called.share_improved, lang) +
         Tr(lang, " des collectivités appelées mesurées ont amélioré leur note (",
            " of the measured called collectivities improved their score (") +
         FormatPercent(r.comparison.share_improved, lang) +
         Tr(lang, " dans le groupe de comparaison).", " in the comparison group).");
  int unmeasured = r.called.unmeasured + r.comparison.unmeasured,
      left = r.called.left + r.comparison.left;
  if (unmeasured || left)
    out +=
        " " + std::to_string(unmeasured) +
        Tr(lang,
           " collectivité(s) n'ont pas pu être mesurées récemment (site injoignable ou pas "
           "d'analyse) et ",
           " collectivity(ies) could not be measured lately (site unreachable or no scan) and ") +
        std::to_string(left) +
        Tr(lang,
           " ont quitté la cohorte (opt-out) : elles ne comptent ni comme améliorées ni comme "
           "dégradées.",
           " left the cohort (opted out): they count neither as improved nor as worsened.");
  out += "</p>\n<div>" + RemediationChart(r, lang) + "</div>\n";
  out +=
      "<p class=\"small muted\">" +
      std::string(Tr(
          lang,
          "Chaque point est une collectivité mesurée (écart entre sa note sur 30 jours "
          "d'aujourd'hui "
          "et celle du début) ; la bande est l'écart moyen du groupe ; en bas, l'effet estimé "
          "(point "
          "rouge) et son intervalle à 95 %.",
          "Each dot is a measured collectivity (its 30-day score today minus at the start); the "
          "band "
          "is the group's mean change; at the bottom, the estimated effect (red dot) and its 95% "
          "interval.")) +
      "</p>\n";

  out += "<h2>" + std::string(Tr(lang, "Les deux groupes", "The two groups")) + "</h2>\n";
  out += "<table style=\"max-width:720px\"><tr><th></th><th class=\"n\">" +
         std::string(Tr(lang, "appelées", "called")) + "</th><th class=\"n\">" +
         Tr(lang, "comparaison", "comparison") + "</th></tr>\n";
  auto row = [&](const char* fr, const char* en, auto get) {
    out += "<tr><td>" + std::string(Tr(lang, fr, en)) + "</td><td class=\"n\">" + get(r.called) +
           "</td><td class=\"n\">" + get(r.comparison) + "</td></tr>\n";
  };
  using S = const scoring::GroupSummary&;
  row("membres", "members", [](S s) { return std::to_string(s.members); });
  row("mesurées", "measured", [](S s) { return std::to_string(s.measured); });
  row("non mesurées (injoignables)", "unmeasured (unreachable)",
      [](S s) { return std::to_string(s.unmeasured); });
  row("parties (opt-out)", "left (opted out)", [](S s) { return std::to_string(s.left); });
  row("améliorées", "improved", [&](S s) {
    return std::to_string(s.improved) + " (" + FormatPercent(s.share_improved, lang) + ")";
  });
  row("inchangées", "unchanged", [](S s) { return std::to_string(s.unchanged); });
  row("dégradées", "worsened", [](S s) { return std::to_string(s.worsened); });
  row("écart médian", "median change",
      [&](S s) { return s.median_delta ? FormatDelta(*s.median_delta, lang) : std::string("–"); });
  row("écart moyen", "mean change",
      [&](S s) { return s.mean_delta ? FormatDelta(*s.mean_delta, lang) : std::string("–"); });
  out += "</table>\n";

  out += "<h2>" +
         std::string(Tr(lang, "Les problèmes les plus corrigés", "The problems fixed most")) +
         "</h2>\n";
  if (r.called.most_fixed.empty() && r.comparison.most_fixed.empty()) {
    out += "<p>" + std::string(Tr(lang, "Aucun pour l'instant.", "None so far.")) + "</p>\n";
  } else {
    out += "<table style=\"max-width:720px\"><tr><th>" +
           std::string(Tr(lang, "constatation", "finding")) + "</th><th class=\"n\">" +
           Tr(lang, "appelées", "called") + "</th><th class=\"n\">" +
           Tr(lang, "comparaison", "comparison") + "</th></tr>\n";
    std::vector<std::string> codes;
    for (const auto& [code, n] : r.called.most_fixed) codes.push_back(code);
    for (const auto& [code, n] : r.comparison.most_fixed)
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    auto count = [](const scoring::GroupSummary& s, const std::string& code) {
      for (const auto& [c, n] : s.most_fixed)
        if (c == code) return n;
      return 0;
    };
    for (const std::string& code : codes)
      out += "<tr><td>" + Html(FindingTitle(code, lang)) + " <span class=\"small muted\">" +
             Html(code) + "</span></td><td class=\"n\">" + std::to_string(count(r.called, code)) +
             "</td><td class=\"n\">" + std::to_string(count(r.comparison, code)) + "</td></tr>\n";
    out += "</table>\n";
  }

  out += "<h2>" + std::string(Tr(lang, "Chaque collectivité", "Each collectivity")) + "</h2>\n";
  out += "<table><tr><th>" + std::string(Tr(lang, "groupe", "group")) + "</th><th class=\"n\">" +
         Tr(lang, "rang", "rank") + "</th><th>" + Tr(lang, "collectivité", "collectivity") +
         "</th><th>" + Tr(lang, "au début", "at the start") + "</th><th>" +
         Tr(lang, "maintenant", "now") + "</th><th class=\"n\">" + Tr(lang, "écart", "change") +
         "</th><th>" + Tr(lang, "corrigées", "fixed") + "</th><th>" +
         Tr(lang, "toujours là", "still present") + "</th><th>" + Tr(lang, "nouvelles", "new") +
         "</th><th>" + Tr(lang, "état", "status") + "</th></tr>\n";
  for (const MemberRemediation& m : r.members) {
    bool measured = m.status == MemberStatus::kMeasured;
    auto page = in.member_pages.find(m.member.target_id);
    std::string name = Html(m.member.name);
    out += "<tr class=\"keep\"><td>" +
           std::string(m.member.group == Group::kCalled ? Tr(lang, "appelée", "called")
                                                        : Tr(lang, "comparaison", "comparison")) +
           "</td><td class=\"n\">" + std::to_string(m.member.rank) + "</td><td>" +
           (page == in.member_pages.end() ? name : Link(page->second, name)) +
           "</td><td class=\"n\">" +
           GradeScore(m.member.baseline_score, m.member.baseline_grade, lang) +
           "</td><td class=\"n\">" +
           (measured ? GradeScore(m.score_now, m.grade_now, lang) : std::string("–")) +
           "</td><td class=\"n\">" + (measured ? FormatDelta(*m.delta, lang) : std::string("–")) +
           "</td><td class=\"small\">" + (measured ? CodeList(m.fixed, lang) : "–") +
           "</td><td class=\"small\">" + (measured ? CodeList(m.still_present, lang) : "–") +
           "</td><td class=\"small\">" + (measured ? CodeList(m.appeared, lang) : "–") +
           "</td><td>" + StatusWords(m, lang) + "</td></tr>\n";
  }
  out += "</table>\n";

  out += "<h2>" + std::string(Tr(lang, "Méthode", "Method")) + "</h2>\n<p class=\"small\">";
  out +=
      Tr(lang,
         "Les notes sont comparées sous la version du modèle de notation figée à la création de la "
         "cohorte (les analyses enregistrées sont renotées si besoin). Une collectivité est « "
         "mesurée » si "
         "elle a été analysée récemment et que la plupart des vérifications ont pu être faites. "
         "L'effet "
         "des appels est l'écart moyen des appelées moins l'écart moyen du groupe de comparaison ; "
         "son "
         "intervalle à 95 % vient d'un bootstrap (",
         "Scores are compared under the scoring model version frozen when the cohort was created "
         "(stored scans are re-scored if needed). A collectivity is \"measured\" if it was scanned "
         "lately "
         "and most checks could be made. The effect of the calls is the called group's mean change "
         "minus "
         "the comparison group's; its 95% interval comes from a bootstrap (");
  if (r.interval)
    out += std::to_string(r.interval->resamples) +
           Tr(lang, " tirages avec remise, graine ", " resamples with replacement, seed ") +
           std::to_string(r.interval->seed);
  else
    out += Tr(lang, "tirages avec remise", "resamples with replacement");
  out += Tr(lang, ") : les mêmes chiffres donnent toujours le même intervalle.",
            "): the same figures always give the same interval.");
  out += "</p>\n";
  out += PageEnd(publisher, r.day, c.model_version, lang);
  return out;
}

std::string RenderMemberPage(const RemediationInput& in, const MemberRemediation& m,
                             const Publisher& publisher, Lang lang) {
  const CohortView& c = in.cohort;
  std::string title = std::string(Tr(lang, "Ce que vous avez corrigé depuis notre appel – ",
                                     "What you fixed since our call – ")) +
                      m.member.name;
  std::string out = PageStart(title, lang, "card");
  out += "<h1>" + Html(m.member.name) + "</h1>\n<p class=\"muted\">" +
         std::string(Tr(lang, "Ce que vous avez corrigé depuis notre appel",
                        "What you fixed since our call")) +
         " · " + FormatLongDate(c.report.day, lang) + "</p>\n";
  out += "<p>" + std::string(Tr(lang, "Au moment de notre appel (", "When we called (")) +
         FormatLongDate(c.baseline_day, lang) +
         Tr(lang, "), votre note sur 30 jours était ", "), your 30-day score was ") +
         GradeScore(m.member.baseline_score, m.member.baseline_grade, lang) + ". ";
  if (m.status == MemberStatus::kMeasured) {
    out += Tr(lang, "Elle est aujourd'hui de ", "Today it is ") +
           GradeScore(m.score_now, m.grade_now, lang) + " (<b>" + FormatDelta(*m.delta, lang) +
           Tr(lang, " points</b>).", " points</b>).");
    if (m.grade_change > 0)
      out += Tr(lang, " Votre note gagne ", " Your grade gains ") + std::to_string(m.grade_change) +
             Tr(lang, " lettre(s).", " letter(s).");
  } else if (m.status == MemberStatus::kLeft) {
    out +=
        Tr(lang,
           "Vous avez demandé à ne plus être analysés : nous ne mesurons plus votre configuration.",
           "You asked not to be analysed any more: we no longer measure your configuration.");
  } else {
    out += Tr(lang,
              "Nous n'avons pas pu analyser votre configuration ces derniers jours (site "
              "injoignable ou pas "
              "d'analyse récente) : nous ne pouvons pas encore dire ce qui a changé.",
              "We could not analyse your configuration lately (site unreachable or no recent "
              "scan): we cannot "
              "tell yet what changed.");
  }
  out += "</p>\n";
  if (m.status == MemberStatus::kMeasured) {
    out += "<h2>" + std::string(Tr(lang, "Corrigé", "Fixed")) + " (" +
           std::to_string(m.fixed.size()) + ")</h2>\n";
    if (m.fixed.empty()) {
      out += "<p>" +
             std::string(Tr(lang,
                            "Aucun des problèmes relevés lors de notre appel n'est encore corrigé.",
                            "None of the problems we raised when we called is fixed yet.")) +
             "</p>\n";
    } else {
      out += "<p>" +
             std::string(Tr(lang, "Merci : ces problèmes relevés lors de notre appel ont disparu.",
                            "Thank you: these problems we raised when we called are gone.")) +
             "</p>\n<ul>\n";
      for (const std::string& code : m.fixed)
        out += "<li><span class=\"o-pass\">✓</span> " + Html(FindingTitle(code, lang)) +
               " <span class=\"small muted\">" + Html(code) + "</span></li>\n";
      out += "</ul>\n";
    }
    auto todo = [&](const std::vector<std::string>& codes, const char* fr, const char* en) {
      if (codes.empty()) return;
      out += "<h2>" + std::string(Tr(lang, fr, en)) + " (" + std::to_string(codes.size()) +
             ")</h2>\n<ul>\n";
      for (const std::string& code : codes) {
        out += "<li class=\"keep\"><b>" + Html(FindingTitle(code, lang)) +
               "</b> <span class=\"small muted\">" + Html(code) + "</span>";
        if (const CatalogueEntry* e = FindCatalogueEntry(code))
          out += "<div class=\"small\">" + std::string(Tr(lang, "Qui agit : ", "Who acts: ")) +
                 Html(ActorName(e->actor, lang)) + ". " + CatalogueHtml(e->remediation(lang)) +
                 "</div>";
        out += "</li>\n";
      }
      out += "</ul>\n";
    };
    todo(m.still_present, "Encore à corriger", "Still to fix");
    todo(m.appeared, "Nouveaux depuis notre appel", "New since our call");
  }
  out += "<h2>" + std::string(Tr(lang, "Ce que nous analysons", "What we analyse")) + "</h2>\n";
  out += ContractHtml(publisher, lang);
  out += PageEnd(publisher, c.report.day, c.model_version, lang);
  return out;
}

}  // namespace posture::reports
