#include "reports/scorecard.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "reports/analysis.h"
#include "reports/charts.h"
#include "reports/method.h"
#include "reports/page.h"
#include "reports/text.h"

namespace posture::reports {
namespace {

constexpr const char* kScorecardCss = R"css(<style>
.head{display:flex;gap:16px;align-items:center;flex-wrap:wrap}
.big{width:104px;height:104px;border-radius:10px;display:flex;align-items:center;justify-content:center;font-size:76px;font-weight:800;line-height:1;flex:none}
.who{flex:1 1 260px;min-width:240px}
.trendbox{flex:none;width:300px}
.score{font-size:15px;margin-top:4px}.score b{font-size:26px}
.fix{margin:0;padding-left:22px}.fix li{margin:0 0 7px}
.fix .act{font-size:12px;color:#58616c}
.fix .how{font-size:12px;margin-top:1px}
.cat h3{display:flex;justify-content:space-between;gap:8px}
.f td:first-child{width:92px}
.expl{font-size:12px;background:#eef4fb;border-left:3px solid #0b57a4;padding:2px 6px;margin-top:3px}
@media print{.big{width:84px;height:84px;font-size:60px}.score b{font-size:20px}.fix li{margin:0 0 4px}
.fix .how,.fix .act{font-size:9.5px}.sc1 p{margin:2px 0 4px}}
</style>
)css";

const char* OutcomeClass(Outcome o) {
  switch (o) {
    case Outcome::kFail:
      return "o-fail";
    case Outcome::kPartial:
      return "o-partial";
    case Outcome::kPass:
      return "o-pass";
    case Outcome::kInfo:
      return "o-info";
    case Outcome::kNotApplicable:
      return "o-na";
    case Outcome::kNotTested:
      return "o-nt";
    case Outcome::kError:
      return "o-error";
  }
  return "";
}

// Problems first (worst severity first), then info, passes, then the rest.
int OutcomeOrder(Outcome o) {
  switch (o) {
    case Outcome::kFail:
      return 0;
    case Outcome::kPartial:
      return 1;
    case Outcome::kError:
      return 2;
    case Outcome::kNotTested:
      return 3;
    case Outcome::kInfo:
      return 4;
    case Outcome::kPass:
      return 5;
    case Outcome::kNotApplicable:
      return 6;
  }
  return 7;
}

std::string Ordinal(int n, Lang lang) {
  if (lang == Lang::kFr) return std::to_string(n) + (n == 1 ? "<sup>re</sup>" : "<sup>e</sup>");
  std::string suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string AgeText(const scoring::FindingAge& a, Lang lang) {
  std::string out = Tr(lang, "constaté depuis le ", "present since ");
  out += FormatLongDate(a.present_since, lang);
  if (a.first_seen < a.present_since) {
    out += Tr(lang, " (vu une première fois le ", " (first seen ");
    out += FormatLongDate(a.first_seen, lang) + ")";
  }
  out += Tr(lang, " · présent ", " · present on ") + std::to_string(a.days_present) +
         Tr(lang, " jour(s) d'analyse sur la période", " scan day(s) of the window");
  return out;
}

// Whether any web check applied: without a website every WEB- finding is
// "not applicable" (the score then covers mail and DNS alone).
bool HasWebsite(const std::vector<Finding>& findings) {
  for (const Finding& f : findings)
    if (f.code.rfind("WEB-", 0) == 0 && f.outcome != Outcome::kNotApplicable) return true;
  return false;
}

std::string DepartmentWords(const ScorecardInput& in) {
  if (in.target.department_code.empty()) return "";
  if (in.department_name.empty()) return in.target.department_code;
  return in.department_name + " (" + in.target.department_code + ")";
}

}  // namespace

std::string RenderScorecard(const ScorecardInput& in, const scoring::ScoringModel& model,
                            const Publisher& publisher, Lang lang) {
  const Target& t = in.target;
  std::set<std::string> explained;
  if (in.last_scan_day) explained = scoring::ExplainedCodesOn(in.explanations, *in.last_scan_day);
  scoring::DailyScore today = scoring::ScoreFindings(in.findings, explained, model);
  std::vector<FixSuggestion> fixes = WhatToFixFirst(in.findings, explained, model, 5);
  std::map<std::string, scoring::FindingAge> ages;
  for (const scoring::FindingAge& a : in.ages) ages[a.code] = a;
  const std::string method_href = in.links.method.empty() ? "#methode" : in.links.method;
  const std::string& grade = in.rolling.grade;

  std::string title =
      std::string(Tr(lang, "Fiche cybersécurité : ", "Cyber-security scorecard: ")) + t.name;
  std::string out = PageStart(title, lang, "card");
  out += kScorecardCss;
  if (!in.links.dashboard.empty())
    out +=
        "<p class=\"noprint small\">" +
        Link(in.links.dashboard, Tr(lang, "← Tableau de bord régional", "← Regional dashboard")) +
        "</p>\n";

  // ---- Page 1: the mayor's page -------------------------------------------------
  out += "<section class=\"sc1\">\n<div class=\"head\">\n";
  bool known = !grade.empty();
  out += std::string("<div class=\"big g") + (known ? grade : "X") +
         "\" role=\"img\" aria-label=\"" + Tr(lang, "note ", "grade ") + (known ? grade : "–") +
         "\">" + (known ? grade : "–") + "</div>\n";
  out += "<div class=\"who\"><h1>" + Html(t.name) + "</h1>\n<div class=\"muted\">";
  std::string facts = KindLabel(t.kind, lang);
  facts[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(facts[0])));
  std::string dep = DepartmentWords(in);
  out += Html(facts);
  if (!dep.empty()) out += " · " + Html(dep);
  if (t.population > 0)
    out += " · " + FormatInt(t.population, lang) + Tr(lang, " habitants", " inhabitants");
  out += "</div>\n<div class=\"score\">";
  if (in.rolling.score) {
    out += "<b>" + FormatScore(*in.rolling.score, lang) + "</b>&nbsp;/&nbsp;100 ";
    out += Tr(lang, "note sur 30 jours, au ", "30-day score, as of ");
  } else {
    out += "<b>–</b> ";
    out += Tr(lang, "pas de note mesurable au ", "no measurable score as of ");
  }
  out += FormatLongDate(in.day, lang) + "</div>\n";
  if (in.change && in.previous.score)
    out +=
        "<div class=\"small\">" + std::string(Tr(lang, "Il y a 30 jours : ", "30 days earlier: ")) +
        FormatScore(*in.previous.score, lang) + " (" + Html(in.previous.grade) + ") · " +
        Tr(lang, "évolution ", "change ") + "<b>" + FormatDelta(*in.change, lang) + "</b></div>\n";
  if (in.rolling.provisional && in.rolling.score)
    out += "<div><span class=\"badge prov\">" +
           std::string(Tr(lang, "Note provisoire", "Provisional score")) +
           "</span> <span class=\"small\">" + std::to_string(in.rolling.scan_days) +
           Tr(lang, " jour(s) d'analyse sur les ", " scan day(s) in the last ") +
           std::to_string(model.window_days) +
           Tr(lang, " derniers jours ; il en faut ", " days; ") +
           std::to_string(model.min_scan_days) +
           Tr(lang, " pour être classée.", " are needed to be ranked.") + "</span></div>\n";
  out += "</div>\n<div class=\"trendbox\">" +
         TrendChart(in.trend, scoring::WindowStart(in.day, model), in.day, in.rolling.score, model,
                    lang) +
         "<div class=\"small muted\">" +
         Tr(lang, "Note de chaque jour d'analyse ; pointillé : note sur 30 jours.",
            "Score of each scan day; dashed: 30-day score.") +
         "</div></div>\n</div>\n";

  if (in.last_scan_day && !today.overall)
    out += "<p class=\"note warn\">" +
           std::string(Tr(
               lang,
               "Rien n'a pu être mesuré lors de la dernière analyse : aucun nom de domaine ni "
               "adresse de messagerie exploitable n'est connu pour cette collectivité, ou ses "
               "serveurs n'ont pas répondu. Communiquez à l'équipe régionale le site et l'adresse "
               "officiels (et mettez à jour l'annuaire de Service-Public.fr).",
               "Nothing could be measured at the last scan: no usable domain name or mail "
               "address is known for this collectivity, or its servers did not answer. Give the "
               "regional team the official website and address (and update the Service-Public.fr "
               "directory).")) +
           "</p>\n";
  else if (in.last_scan_day && !HasWebsite(in.findings))
    out += "<p class=\"note warn\">" +
           std::string(
               Tr(lang,
                  "Aucun site web n'a été trouvé pour cette collectivité : la note porte sur la "
                  "messagerie et le DNS seuls.",
                  "No website was found for this collectivity: the score covers mail and DNS "
                  "alone.")) +
           "</p>\n";
  if (!in.last_scan_day)
    out += "<p class=\"note warn\">" +
           std::string(Tr(lang, "Aucune analyse complète sur les 30 derniers jours.",
                          "No complete scan in the last 30 days.")) +
           "</p>\n";

  // Comparison with peers.
  if (!in.peers.group.empty()) {
    out += "<h2>" + std::string(Tr(lang, "Comparaison", "Comparison")) + "</h2>\n<p>";
    if (in.peers.peers == 0) {
      out += Tr(lang, "Aucune autre collectivité comparable n'est encore classée (",
                "No comparable collectivity is ranked yet (") +
             Html(in.peers.group) + ").";
    } else if (in.peers.peers == 1 && in.peers.position) {
      out += Tr(lang, "Seule collectivité classée de son groupe (",
                "The only ranked collectivity of its group (") +
             Html(in.peers.group) + ").";
    } else {
      out += Tr(lang, "Parmi les ", "Among the ") + std::to_string(in.peers.peers) + " " +
             Html(in.peers.group) + Tr(lang, " : ", ": ");
      if (in.peers.position)
        out += "<b>" + Ordinal(*in.peers.position, lang) + Tr(lang, " sur ", " of ") +
               std::to_string(in.peers.peers) + "</b>" +
               Tr(lang, " (1<sup>re</sup> = la mieux notée) ; ", " (1st = the best score); ");
      else
        out += Tr(lang, "la collectivité n'est pas encore classée ; ",
                  "this collectivity is not ranked yet; ");
      out += Tr(lang, "note médiane ", "median score ") + FormatScore(*in.peers.median, lang) +
             Tr(lang, ", meilleure note ", ", best score ") + FormatScore(*in.peers.best, lang) +
             ".";
    }
    out += "</p>\n";
    if (in.peers.peers > 1)
      out += "<div>" + PeerStrip(in.peers.scores, in.rolling.score, lang) + "</div>\n";
  }

  // What to fix first.
  out += "<h2>" + std::string(Tr(lang, "Ce qu'il faut corriger en premier", "What to fix first")) +
         "</h2>\n";
  if (fixes.empty()) {
    out += "<p>" +
           std::string(
               in.last_scan_day
                   ? (today.overall
                          ? Tr(lang, "Rien d'urgent : aucune correction ne ferait monter la note.",
                               "Nothing urgent: no fix would raise the score.")
                          : Tr(lang, "Rien à proposer tant que rien n'est mesurable.",
                               "Nothing to suggest while nothing can be measured."))
                   : Tr(lang, "Pas encore de résultat.", "No result yet.")) +
           "</p>\n";
  } else {
    scoring::DailyScore after = ScoreAfterFixes(in.findings, explained, model, fixes);
    if (today.overall && after.overall)
      out += "<p>" +
             std::string(Tr(lang, "Corriger ces points ferait passer la note du jour de ",
                            "Fixing these would raise the daily score from ")) +
             FormatScore(*today.overall, lang) + " (" + today.grade + ")" +
             Tr(lang, " à ", " to ") + "<b>" + FormatScore(*after.overall, lang) + " (" +
             after.grade + ")</b>" +
             Tr(lang, " ; la note sur 30 jours suit au fil des analyses.",
                "; the 30-day score follows as scans go by.") +
             "</p>\n";
    out += "<ol class=\"fix\">\n";
    for (const FixSuggestion& s : fixes) {
      const CatalogueEntry* e = FindCatalogueEntry(s.code);
      out += "<li class=\"keep\"><b>" + Html(FindingTitle(s.code, lang)) +
             "</b> <span class=\"badge\">+" + FormatScore(s.gain, lang) +
             Tr(lang, " points", " points") + "</span>";
      if (e) {
        out += " <span class=\"act\">" + std::string(Tr(lang, "Qui agit : ", "Who acts: ")) +
               Html(ActorName(e->actor, lang)) + "</span>";
        out += "<div class=\"small\">" + CatalogueHtml(e->explain(lang)) + "</div>";
        out += "<div class=\"how\"><b>" + std::string(Tr(lang, "À faire : ", "To do: ")) + "</b>" +
               CatalogueHtml(e->remediation(lang)) + "</div>";
      }
      out += "</li>\n";
    }
    out += "</ol>\n";
  }
  if (!today.explained.empty())
    out +=
        "<p class=\"small\">" + std::to_string(today.explained.size()) +
        Tr(lang,
           " constatation(s) font l'objet d'une explication acceptée (« appliquer ou expliquer ») "
           "et ne comptent pas dans la note jusqu'à leur échéance ; elles restent listées en "
           "annexe.",
           " finding(s) are covered by an accepted explanation (comply or explain) and do not "
           "count until it ends; they stay listed in the annex.") +
        "</p>\n";

  out +=
      "<h2>" + std::string(Tr(lang, "Ce que nous avons analysé", "What we analysed")) + "</h2>\n";
  out += ContractHtml(publisher, lang);
  out += "<p class=\"small\">" +
         Link(method_href, Tr(lang, "Comment la note est calculée", "How the score is computed")) +
         Tr(lang, " · le détail technique pour votre prestataire suit en annexe.",
            " · the technical detail for your IT provider follows in the annex.") +
         "</p>\n</section>\n";

  // ---- Annex: every finding by category ------------------------------------------
  out += "<section class=\"annex\">\n<h2>" +
         std::string(Tr(lang, "Annexe technique : toutes les constatations",
                        "Technical annex: every finding")) +
         "</h2>\n";
  if (in.last_scan_day) {
    out += "<p class=\"small muted\">" +
           std::string(Tr(lang, "Dernière analyse complète : ", "Last complete scan: ")) +
           FormatLongDate(*in.last_scan_day, lang);
    if (!t.domains.empty()) {
      out += Tr(lang, " · domaines : ", " · domains: ");
      for (size_t i = 0; i < t.domains.size(); ++i)
        out += (i ? ", " : "") + Html(t.domains[i].domain);
    }
    out += Tr(lang, ". Les textes entre cadres sont reproduits tels que reçus.",
              ". Framed texts are reproduced as received.") +
           std::string("</p>\n");
  }
  std::map<int, std::vector<const Finding*>> by_cat;  // category index, -1 unknown
  for (const Finding& f : in.findings) {
    auto c = scoring::DefaultCategory(f.code);
    by_cat[c ? static_cast<int>(*c) : -1].push_back(&f);
  }
  std::vector<int> order;
  for (Category c : scoring::AllCategories()) order.push_back(static_cast<int>(c));
  order.push_back(-1);
  std::map<std::string, const scoring::Explanation*> explanation_of;
  for (const scoring::Explanation& e : in.explanations)
    if (in.last_scan_day && e.ActiveOn(*in.last_scan_day)) explanation_of[e.code] = &e;
  for (int ci : order) {
    auto it = by_cat.find(ci);
    if (it == by_cat.end()) continue;
    std::vector<const Finding*> list = it->second;
    std::stable_sort(list.begin(), list.end(), [](const Finding* a, const Finding* b) {
      if (OutcomeOrder(a->outcome) != OutcomeOrder(b->outcome))
        return OutcomeOrder(a->outcome) < OutcomeOrder(b->outcome);
      if (a->severity != b->severity) return SeverityRank(a->severity) < SeverityRank(b->severity);
      return a->code < b->code;
    });
    out += "<div class=\"cat\"><h3><span>";
    out += ci >= 0 ? Html(scoring::CategoryLabel(static_cast<Category>(ci), lang))
                   : std::string(Tr(lang, "Autres (non notées)", "Other (not scored)"));
    out += "</span>";
    if (ci >= 0) {
      const scoring::CategoryScore* cs = today.category(static_cast<Category>(ci));
      out += "<span class=\"small muted\">";
      if (cs)
        out += FormatScore(cs->score, lang) + "&nbsp;/&nbsp;100" +
               (cs->capped ? std::string(Tr(lang, " (plafonnée)", " (capped)")) : std::string());
      else
        out += Tr(lang, "non notée", "not scored");
      out += "</span>";
    }
    out += "</h3>\n<table class=\"f\">\n";
    std::vector<std::string> not_applicable;
    for (const Finding* f : list) {
      if (f->outcome == Outcome::kNotApplicable) {
        not_applicable.push_back(FindingTitle(f->code, lang));
        continue;
      }
      bool problem = IsProblem(f->outcome);
      bool is_explained = problem && explained.count(f->code);
      out += "<tr class=\"keep\"><td><span class=\"" + std::string(OutcomeClass(f->outcome)) +
             "\">" + OutcomeLabel(f->outcome, lang) + "</span>";
      if (problem)
        out += "<br><span class=\"small muted\">" + std::string(SeverityLabel(f->severity, lang)) +
               "</span>";
      out += "</td><td><b>" + Html(FindingTitle(f->code, lang)) +
             "</b> <span class=\"small muted\">" + Html(f->code) + "</span>";
      if (is_explained)
        out +=
            " <span class=\"badge\">" + std::string(Tr(lang, "expliquée", "explained")) + "</span>";
      if (!f->subject.empty()) out += "<div class=\"small\">" + Html(f->subject) + "</div>";
      if (!f->evidence.empty())
        out += "<pre class=\"ev\">" + HtmlClipped(f->evidence, problem ? 1500 : 300) + "</pre>";
      else if (!f->detail.empty() && !problem)
        out += "<div class=\"small muted\">" + HtmlClipped(f->detail, 300) + "</div>";
      if (problem) {
        if (!f->detail.empty())
          out += "<div class=\"small\">" + HtmlClipped(f->detail, 600) + "</div>";
        auto a = ages.find(f->code);
        if (a != ages.end())
          out += "<div class=\"small muted\">" + AgeText(a->second, lang) + "</div>";
        if (is_explained) {
          auto e = explanation_of.find(f->code);
          if (e != explanation_of.end())
            out += "<div class=\"expl\">" +
                   std::string(
                       Tr(lang, "Explication acceptée jusqu'au ", "Explanation accepted until ")) +
                   FormatLongDate(e->second->until_day, lang) + Tr(lang, " : « ", ": \u201c") +
                   Html(e->second->reason) + Tr(lang, " »", "\u201d") + "</div>";
        } else if (const CatalogueEntry* c = FindCatalogueEntry(f->code)) {
          out += "<div class=\"small\"><b>" + std::string(Tr(lang, "À faire", "To do")) + "</b> (" +
                 Html(ActorName(c->actor, lang)) + Tr(lang, ") : ", "): ") +
                 CatalogueHtml(c->remediation(lang)) + " <span class=\"muted\">" +
                 Html(c->reference) + "</span></div>";
        }
      }
      out += "</td></tr>\n";
    }
    out += "</table>\n";
    if (!not_applicable.empty()) {
      std::sort(not_applicable.begin(), not_applicable.end());
      not_applicable.erase(std::unique(not_applicable.begin(), not_applicable.end()),
                           not_applicable.end());
      out += "<p class=\"small muted\">" +
             std::string(Tr(lang, "Sans objet ici : ", "Not applicable here: "));
      for (size_t i = 0; i < not_applicable.size(); ++i)
        out += (i ? " ; " : "") + Html(not_applicable[i]);
      out += ".</p>\n";
    }
    out += "</div>\n";
  }
  if (in.findings.empty())
    out += "<p>" + std::string(Tr(lang, "Aucune constatation.", "No finding.")) + "</p>\n";
  out += "</section>\n";
  if (in.links.method.empty())
    out += "<section class=\"annex\">\n" + MethodSection(model, lang) + "</section>\n";
  out += PageEnd(publisher, in.day, model.version, lang);
  return out;
}

}  // namespace posture::reports
