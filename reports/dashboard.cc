#include "reports/dashboard.h"

#include <algorithm>
#include <map>
#include <set>

#include "reports/analysis.h"
#include "reports/charts.h"
#include "reports/map.h"
#include "reports/page.h"
#include "reports/text.h"

namespace posture::reports {
namespace {

constexpr const char* kDashboardCss = R"css(<style>
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.kpi{flex:1 1 120px;border:1px solid #dfe3e8;border-radius:6px;padding:6px 10px}
.kpi b{display:block;font-size:22px}
.cols{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.cols>div{flex:1 1 420px;min-width:0}
svg.map{width:100%;height:auto;max-height:720px;background:#f8f9fa;border:1px solid #dfe3e8}
svg.map a:hover path,svg.map path.commune:hover{stroke:#1b1f24;stroke-width:1.2}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:6px 0;font-size:12px;align-items:center}
.sw{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin-right:4px;border:1px solid #aab0b7}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:6px 0}
.filters select,.filters input{font:inherit;padding:2px 4px}
#rank th[data-sort]{cursor:pointer;user-select:none}
#rank th[aria-sort=ascending]::after{content:" ▲"}
#rank th[aria-sort=descending]::after{content:" ▼"}
#rank tbody tr:hover{background:#f6f8fb}
@media print{.filters{display:none}svg.map{max-height:none}}
</style>
)css";

// Sorting and filtering of the ranking table: ours, no framework.
constexpr const char* kScript = R"js((function () {
  var table = document.getElementById('rank');
  if (!table) return;
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var dep = document.getElementById('f-dep'), kind = document.getElementById('f-kind');
  var query = document.getElementById('f-q'), count = document.getElementById('f-count');
  function fold(s) { return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  function apply() {
    var d = dep.value, k = kind.value, q = fold(query.value), n = 0;
    rows.forEach(function (r) {
      var ok = (!d || r.dataset.dep === d) && (!k || r.dataset.kind === k) &&
               (!q || fold(r.dataset.name).indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    count.textContent = n;
  }
  dep.addEventListener('change', apply);
  kind.addEventListener('change', apply);
  query.addEventListener('input', apply);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    if (!th.dataset.sort) return;
    th.tabIndex = 0;
    function sort() {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      var numeric = th.dataset.sort === 'n';
      rows.sort(function (a, b) {
        var x = a.cells[i].dataset.v, y = b.cells[i].dataset.v;
        if (x === undefined) x = a.cells[i].textContent;
        if (y === undefined) y = b.cells[i].textContent;
        if (numeric) {
          x = x === '' ? Infinity : parseFloat(x);
          y = y === '' ? Infinity : parseFloat(y);
          return x === y ? 0 : (x < y ? -dir : dir);
        }
        return x.localeCompare(y, document.documentElement.lang) * dir;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
  });
  apply();
})();)js";

enum class State { kRanked, kProvisional, kUnscored, kOptedOut };

State StateOf(const DashboardEntry& e) {
  const scoring::RankCandidate& c = e.candidate;
  if (c.opted_out) return State::kOptedOut;
  if (!c.rolling.score) return State::kUnscored;
  if (c.rolling.provisional) return State::kProvisional;
  return State::kRanked;
}

int GradeIndex(const std::string& g) {
  if (g.size() == 1 && g[0] >= 'A' && g[0] <= 'E') return g[0] - 'A';
  return -1;
}

void Count(GradeCounts& counts, const DashboardEntry& e) {
  switch (StateOf(e)) {
    case State::kOptedOut:
      ++counts.opted_out;
      break;
    case State::kUnscored:
      ++counts.unscored;
      break;
    case State::kProvisional:
      ++counts.provisional;
      break;
    case State::kRanked: {
      int i = GradeIndex(e.candidate.rolling.grade);
      if (i >= 0)
        ++counts.grades[i];
      else
        ++counts.unscored;
      break;
    }
  }
}

std::string Swatch(const std::string& fill, const std::string& label, double opacity = 1) {
  std::string style = "background:" + fill;
  if (opacity < 1) style += ";opacity:.5";
  return "<span><span class=\"sw\" style=\"" + style + "\"></span>" + label + "</span>";
}

std::string HatchSwatch(const std::string& label) {
  return "<span><svg class=\"sw\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\"><rect "
         "width=\"14\" "
         "height=\"14\" fill=\"url(#hatch)\"/></svg>" +
         label + "</span>";
}

std::string DepartmentLabel(const std::map<std::string, std::string>& names,
                            const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second + " (" + code + ")";
}

std::string ScoreCell(const scoring::RankCandidate& c, Lang lang) {
  if (!c.rolling.score) return "<td class=\"n\" data-v=\"\">–</td>";
  char v[32];
  std::snprintf(v, sizeof v, "%.1f", *c.rolling.score);
  return std::string("<td class=\"n\" data-v=\"") + v + "\">" +
         FormatScore(*c.rolling.score, lang) + "</td>";
}

std::string ChangeCell(const std::optional<double>& change, Lang lang) {
  if (!change) return "<td class=\"n\" data-v=\"\">–</td>";
  char v[32];
  std::snprintf(v, sizeof v, "%.1f", *change);
  return std::string("<td class=\"n\" data-v=\"") + v + "\">" + FormatDelta(*change, lang) +
         "</td>";
}

}  // namespace

std::string RenderDashboard(const DashboardInput& in, const scoring::ScoringModel& model,
                            const Publisher& publisher, Lang lang) {
  std::string region_name;
  for (const DashboardEntry& e : in.entries)
    if (e.candidate.kind == TargetKind::kRegion) region_name = e.candidate.name;
  std::string title =
      region_name.empty()
          ? std::string(Tr(lang, "Cybersécurité des collectivités : tableau de bord",
                           "Cyber-security of local governments: dashboard"))
          : std::string(Tr(lang, "Cybersécurité des collectivités – ",
                           "Cyber-security of local governments – ")) +
                region_name;
  std::string out = PageStart(title, lang, "wide");
  out += kDashboardCss;
  out += "<h1>" + Html(title) + "</h1>\n<p class=\"muted\">";
  out +=
      Tr(lang, "Notes sur 30 jours au ", "30-day scores as of ") + FormatLongDate(in.day, lang) +
      Tr(lang, " (du ", " (from ") + FormatLongDate(scoring::WindowStart(in.day, model), lang) +
      Tr(lang, " au ", " to ") + FormatLongDate(in.day, lang) + ") · " +
      Link(in.links.method, Tr(lang, "comment la note est calculée", "how the score is computed")) +
      "</p>\n";

  // ---- Key figures ---------------------------------------------------------------
  GradeCounts all;
  std::vector<double> ranked_scores;
  std::vector<double> scored;
  for (const DashboardEntry& e : in.entries) {
    Count(all, e);
    State s = StateOf(e);
    if (s == State::kRanked) ranked_scores.push_back(*e.candidate.rolling.score);
    if (s == State::kRanked || s == State::kProvisional)
      scored.push_back(*e.candidate.rolling.score);
  }
  int ranked = static_cast<int>(ranked_scores.size());
  out += "<div class=\"kpis\">";
  auto kpi = [&](const std::string& value, const char* fr, const char* en) {
    out += "<div class=\"kpi\"><b>" + value + "</b>" + Tr(lang, fr, en) + "</div>";
  };
  kpi(FormatInt(static_cast<int64_t>(in.entries.size()), lang), "collectivités suivies",
      "collectivities followed");
  kpi(FormatInt(ranked, lang), "classées", "ranked");
  kpi(FormatInt(all.provisional, lang), "notes provisoires", "provisional scores");
  kpi(FormatInt(all.unscored, lang), "sans note (non analysées ou rien de mesurable)",
      "no score (not scanned, or nothing measurable)");
  kpi(FormatInt(all.opted_out, lang), "opposées (opt-out)", "opted out");
  auto median = scoring::Median(ranked_scores);
  kpi(median ? FormatScore(*median, lang) : std::string("–"), "note médiane (classées)",
      "median score (ranked)");
  out += "</div>\n<div>" + StackedBar(all, 1136, lang) + "</div>\n";
  if (ranked == 0 && all.provisional > 0)
    out += "<p class=\"note warn\">" +
           std::string(Tr(lang, "Aucune collectivité n'est encore classée : il faut au moins ",
                          "No collectivity is ranked yet: it takes at least ")) +
           std::to_string(model.min_scan_days) +
           Tr(lang, " jours d'analyse sur les ", " scan days in the last ") +
           std::to_string(model.window_days) +
           Tr(lang, " derniers jours. Les notes affichées sont provisoires.",
              " days. The scores shown are provisional.") +
           "</p>\n";

  // ---- Map --------------------------------------------------------------------------
  std::map<std::string, MapArea> areas;
  for (const DashboardEntry& e : in.entries) {
    const scoring::RankCandidate& c = e.candidate;
    if (c.kind != TargetKind::kCommune) continue;
    MapArea a;
    a.href = e.scorecard;
    switch (StateOf(e)) {
      case State::kOptedOut:
        a.fill = "url(#hatch)";
        a.title = c.name + Tr(lang, " — opposée à l'analyse (opt-out)", " — opted out");
        a.href.clear();
        break;
      case State::kUnscored:
        a.fill = "#d5d8dc";
        a.title = c.name + Tr(lang, " — sans note (non analysée ou rien de mesurable)",
                              " — no score (not scanned, or nothing measurable)");
        break;
      case State::kProvisional:
        a.fill = GradeFill(c.rolling.grade);
        a.opacity = 0.5;
        a.title = c.name + " — " + c.rolling.grade + " (" + FormatScore(*c.rolling.score, lang) +
                  ", " + Tr(lang, "provisoire)", "provisional)");
        break;
      case State::kRanked:
        a.fill = GradeFill(c.rolling.grade);
        a.title =
            c.name + " — " + c.rolling.grade + " (" + FormatScore(*c.rolling.score, lang) + ")";
        break;
    }
    areas[c.code] = a;
  }
  out += "<h2>" + std::string(Tr(lang, "Carte des communes", "Map of the communes")) + "</h2>\n";
  out += "<div class=\"legend\">";
  for (const char* g : {"A", "B", "C", "D", "E"}) {
    const scoring::GradeBound* b = nullptr;
    for (const scoring::GradeBound& x : model.grades)
      if (x.grade == g) b = &x;
    std::string label = std::string(g);
    if (b && b->min > 0) label += " (≥ " + std::to_string(static_cast<int>(b->min)) + ")";
    out += Swatch(GradeFill(g), label);
  }
  out += Swatch(GradeFill("C"), Tr(lang, "teinte pâle : provisoire", "pale: provisional"), 0.5);
  out += Swatch("#d5d8dc", Tr(lang, "sans note", "no score"));
  out += HatchSwatch(Tr(lang, "opposée à l'analyse (opt-out)", "opted out"));
  out += "</div>\n";
  out += Choropleth(IdfMap(), areas,
                    Tr(lang, "commune absente du registre", "commune not in the registry"), lang);
  out += "<p class=\"small muted\">" +
         std::string(
             Tr(lang,
                "Survolez une commune pour son nom et sa note ; cliquez pour sa fiche. Contours : "
                "IGN Admin Express, Licence Ouverte.",
                "Hover over a commune for its name and grade; click for its scorecard. Contours: "
                "IGN Admin Express, Licence Ouverte.")) +
         "</p>\n";

  // ---- Distribution ------------------------------------------------------------------
  out += "<div class=\"cols\"><div>\n<h2>" +
         std::string(Tr(lang, "Répartition des notes", "Distribution of scores")) + "</h2>\n";
  out += Histogram(scored, 10, model, lang);
  out += "<p class=\"small muted\">" + std::to_string(scored.size()) +
         Tr(lang, " collectivités notées (classées et provisoires), par tranche de 10 points.",
            " scored collectivities (ranked and provisional), in bands of 10 points.") +
         "</p>\n</div>\n<div>\n";

  // Most common findings.
  std::map<std::string, int> affected;
  int with_findings = 0;
  for (const DashboardEntry& e : in.entries) {
    State s = StateOf(e);
    if (s != State::kRanked && s != State::kProvisional) continue;
    ++with_findings;
    std::set<std::string> seen(e.problems.begin(), e.problems.end());
    for (const std::string& code : seen) ++affected[code];
  }
  std::vector<std::pair<std::string, int>> common(affected.begin(), affected.end());
  std::sort(common.begin(), common.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (common.size() > 12) common.resize(12);
  out += "<h2>" + std::string(Tr(lang, "Problèmes les plus fréquents", "Most common problems")) +
         "</h2>\n";
  if (common.empty()) {
    out += "<p>" + std::string(Tr(lang, "Aucun.", "None.")) + "</p>\n";
  } else {
    out += "<table><tr><th>" + std::string(Tr(lang, "constatation", "finding")) +
           "</th><th class=\"n\">" + Tr(lang, "collectivités", "collectivities") +
           "</th><th></th></tr>\n";
    for (const auto& [code, n] : common) {
      int w = with_findings ? 120 * n / with_findings : 0;
      out += "<tr><td>" + Html(FindingTitle(code, lang)) + " <span class=\"small muted\">" +
             Html(code) + "</span></td><td class=\"n\">" + std::to_string(n) +
             "</td><td style=\"white-space:nowrap\"><span class=\"bar\" style=\"width:" +
             std::to_string(std::max(1, w)) +
             "px;background:#0b57a4\"></span> <span class=\"small\">" +
             FormatPercent(with_findings ? static_cast<double>(n) / with_findings : 0, lang) +
             "</span></td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "</div></div>\n";

  // ---- Grades by département and by population class -------------------------------------
  out += "<div class=\"cols\"><div>\n<h2>" +
         std::string(Tr(lang, "Notes par département", "Grades by département")) + "</h2>\n";
  std::map<std::string, GradeCounts> by_dep;
  std::map<std::string, std::vector<double>> dep_scores;
  for (const DashboardEntry& e : in.entries) {
    if (e.candidate.department.empty()) continue;
    Count(by_dep[e.candidate.department], e);
    if (StateOf(e) == State::kRanked)
      dep_scores[e.candidate.department].push_back(*e.candidate.rolling.score);
  }
  auto counts_table = [&](const std::vector<std::pair<std::string, GradeCounts>>& rows,
                          const std::map<std::string, std::vector<double>>& scores) {
    std::string t =
        "<table><tr><th></th><th></th><th class=\"n\">A</th><th class=\"n\">B</th><th "
        "class=\"n\">C</th>"
        "<th class=\"n\">D</th><th class=\"n\">E</th><th class=\"n\">" +
        std::string(Tr(lang, "médiane", "median")) + "</th></tr>\n";
    for (const auto& [label, c] : rows) {
      t += "<tr><td>" + Html(label) + "</td><td>" + StackedBar(c, 160, lang) + "</td>";
      for (int g : c.grades) t += "<td class=\"n\">" + std::to_string(g) + "</td>";
      auto it = scores.find(label);
      auto m = it == scores.end() ? std::nullopt : scoring::Median(it->second);
      t += "<td class=\"n\">" + (m ? FormatScore(*m, lang) : std::string("–")) + "</td></tr>\n";
    }
    return t + "</table>\n";
  };
  {
    std::vector<std::pair<std::string, GradeCounts>> rows;
    std::map<std::string, std::vector<double>> scores;
    for (const auto& [code, c] : by_dep) {
      std::string label = DepartmentLabel(in.department_names, code);
      rows.emplace_back(label, c);
      scores[label] = dep_scores[code];
    }
    out += counts_table(rows, scores);
  }
  out += "</div>\n<div>\n<h2>" + std::string(Tr(lang, "Communes par taille", "Communes by size")) +
         "</h2>\n";
  {
    std::vector<GradeCounts> by_size(kSizeClassCount);
    std::vector<std::vector<double>> size_scores(kSizeClassCount);
    for (const DashboardEntry& e : in.entries) {
      if (e.candidate.kind != TargetKind::kCommune) continue;
      int c = SizeClass(e.candidate.population);
      Count(by_size[c], e);
      if (StateOf(e) == State::kRanked) size_scores[c].push_back(*e.candidate.rolling.score);
    }
    std::vector<std::pair<std::string, GradeCounts>> rows;
    std::map<std::string, std::vector<double>> scores;
    for (int c = 0; c < kSizeClassCount; ++c) {
      std::string label = SizeClassLabel(c, lang);
      rows.emplace_back(label, by_size[c]);
      scores[label] = size_scores[c];
    }
    out += counts_table(rows, scores);
  }
  out += "<p class=\"small muted\">" +
         std::string(
             Tr(lang,
                "Barres : A à E (classées), puis provisoires (beige), sans note (gris), opposées "
                "(hachures).",
                "Bars: A to E (ranked), then provisional (beige), no score (grey), opted out "
                "(hatched).")) +
         "</p>\n</div></div>\n";

  // ---- Cohort ---------------------------------------------------------------------------
  if (in.cohort) {
    const CohortView& c = *in.cohort;
    const scoring::RemediationReport& r = c.report;
    out += "<h2>" + std::string(Tr(lang, "Cohorte en cours : ", "Current cohort: ")) +
           Html(c.name) + "</h2>\n";
    out += "<p>" + std::string(Tr(lang, "Créée le ", "Created on ")) +
           FormatLongDate(c.baseline_day, lang) + Tr(lang, " (modèle ", " (model ") +
           Html(c.model_version) + Tr(lang, ") : ", "): ") + std::to_string(r.called.members) +
           Tr(lang, " collectivités appelées, ", " collectivities called, ") +
           std::to_string(r.comparison.members) +
           Tr(lang, " en groupe de comparaison (non appelées).",
              " in the comparison group (not called).") +
           "</p>\n";
    out += "<table style=\"max-width:640px\"><tr><th></th><th class=\"n\">" +
           std::string(Tr(lang, "appelées", "called")) + "</th><th class=\"n\">" +
           Tr(lang, "comparaison", "comparison") + "</th></tr>\n";
    auto row = [&](const char* fr, const char* en, auto get) {
      out += "<tr><td>" + std::string(Tr(lang, fr, en)) + "</td><td class=\"n\">" + get(r.called) +
             "</td><td class=\"n\">" + get(r.comparison) + "</td></tr>\n";
    };
    using S = const scoring::GroupSummary&;
    row("mesurées", "measured", [](S s) { return std::to_string(s.measured); });
    row("améliorées", "improved", [&](S s) {
      return std::to_string(s.improved) + " (" + FormatPercent(s.share_improved, lang) + ")";
    });
    row("écart moyen de note", "mean score change",
        [&](S s) { return s.mean_delta ? FormatDelta(*s.mean_delta, lang) : std::string("–"); });
    out += "</table>\n<p>";
    if (r.effect) {
      out += Tr(lang, "Effet estimé des appels : ", "Estimated effect of the calls: ");
      out += "<b>" + FormatDelta(*r.effect, lang) + Tr(lang, " points", " points") + "</b>";
      if (r.interval)
        out += Tr(lang, " (intervalle à 95 % : ", " (95% interval: ") +
               FormatDelta(r.interval->low, lang) + Tr(lang, " à ", " to ") +
               FormatDelta(r.interval->high, lang) + ")";
      out += ". ";
    } else {
      out += Tr(lang, "Pas encore assez de mesures pour estimer l'effet des appels. ",
                "Not enough measurements yet to estimate the effect of the calls. ");
    }
    out += Link(c.link, Tr(lang, "Rapport de remédiation", "Remediation report")) + "</p>\n";
  }

  // ---- Ranking table ----------------------------------------------------------------------
  out += "<h2 id=\"classement\">" + std::string(Tr(lang, "Classement", "Ranking")) + "</h2>\n";
  out += "<p class=\"small muted\">" +
         std::string(Tr(
             lang,
             "Du plus bas au plus haut : la note sur 30 jours, puis, à égalité, le plus de "
             "constatations critiques, puis élevées, puis la population. Les notes provisoires "
             "(moins de ",
             "Lowest first: the 30-day score, then, on a tie, more critical findings, then high, "
             "then population. Provisional scores (fewer than ")) +
         std::to_string(model.min_scan_days) +
         Tr(lang, " jours d'analyse) suivent, sans rang. Cliquez un titre de colonne pour trier.",
            " scan days) follow, without a rank. Click a column title to sort.") +
         "</p>\n";
  std::set<std::string> deps;
  for (const DashboardEntry& e : in.entries)
    if (!e.candidate.department.empty()) deps.insert(e.candidate.department);
  out += "<div class=\"filters\"><label>" + std::string(Tr(lang, "Département ", "Département ")) +
         "<select id=\"f-dep\"><option value=\"\">" + Tr(lang, "tous", "all") + "</option>";
  for (const std::string& d : deps)
    out += "<option value=\"" + Html(d) + "\">" + Html(DepartmentLabel(in.department_names, d)) +
           "</option>";
  out += "</select></label><label>" + std::string(Tr(lang, "Type ", "Kind ")) +
         "<select id=\"f-kind\"><option value=\"\">" + Tr(lang, "tous", "all") + "</option>";
  for (TargetKind k :
       {TargetKind::kCommune, TargetKind::kEpci, TargetKind::kDepartement, TargetKind::kRegion})
    out += std::string("<option value=\"") + TargetKindName(k) + "\">" + KindLabel(k, lang) +
           "</option>";
  out += "</select></label><label>" + std::string(Tr(lang, "Nom ", "Name ")) +
         "<input id=\"f-q\" type=\"search\" size=\"18\"></label><span class=\"small muted\"><span "
         "id=\"f-count\"></span>" +
         Tr(lang, " affichées", " shown") + "</span></div>\n";
  std::vector<const DashboardEntry*> rows;
  for (const DashboardEntry& e : in.entries) {
    State s = StateOf(e);
    if (s == State::kRanked || s == State::kProvisional) rows.push_back(&e);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const DashboardEntry* a, const DashboardEntry* b) {
    bool ra = a->rank > 0, rb = b->rank > 0;
    if (ra != rb) return ra;
    if (ra) return a->rank < b->rank;
    return *a->candidate.rolling.score < *b->candidate.rolling.score;
  });
  out += "<table id=\"rank\"><thead><tr><th class=\"n\" data-sort=\"n\">" +
         std::string(Tr(lang, "rang", "rank")) + "</th><th data-sort=\"t\">" +
         Tr(lang, "collectivité", "collectivity") + "</th><th data-sort=\"t\">" +
         Tr(lang, "type", "kind") + "</th><th data-sort=\"t\">" + Tr(lang, "dépt", "dept") +
         "</th><th class=\"n\" data-sort=\"n\">population</th><th class=\"n\" data-sort=\"n\">" +
         Tr(lang, "note", "score") + "</th><th data-sort=\"t\">" + Tr(lang, "lettre", "grade") +
         "</th><th class=\"n\" data-sort=\"n\">" + Tr(lang, "sur 30 j", "30-day change") +
         "</th><th class=\"n\" data-sort=\"n\">" + Tr(lang, "critiques", "critical") +
         "</th><th class=\"n\" data-sort=\"n\">" + Tr(lang, "élevées", "high") +
         "</th></tr></thead>\n<tbody>\n";
  for (const DashboardEntry* e : rows) {
    const scoring::RankCandidate& c = e->candidate;
    out += "<tr data-dep=\"" + Html(c.department) + "\" data-kind=\"" + TargetKindName(c.kind) +
           "\" data-name=\"" + Html(c.name) + "\">";
    if (e->rank > 0)
      out += "<td class=\"n\" data-v=\"" + std::to_string(e->rank) + "\">" +
             std::to_string(e->rank) + "</td>";
    else
      out += "<td class=\"n\" data-v=\"\"><span class=\"badge prov\">" +
             std::string(Tr(lang, "provisoire", "provisional")) + "</span></td>";
    out += "<td>" + Link(e->scorecard, Html(c.name)) + "</td><td>" + KindLabel(c.kind, lang) +
           "</td><td>" + Html(c.department) + "</td><td class=\"n\" data-v=\"" +
           std::to_string(c.population) + "\">" + FormatInt(c.population, lang) + "</td>" +
           ScoreCell(c, lang) + "<td>" + GradeBadge(c.rolling.grade) + "</td>" +
           ChangeCell(e->change, lang) + "<td class=\"n\">" + std::to_string(c.critical) +
           "</td><td class=\"n\">" + std::to_string(c.high) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  out += "<p class=\"small muted\">" + std::to_string(all.unscored) +
         Tr(lang, " collectivités sans note et ", " collectivities without a score and ") +
         std::to_string(all.opted_out) +
         Tr(lang, " opposées à l'analyse ne figurent pas au classement.",
            " opted out are not in the ranking.") +
         "</p>\n";
  out += "<h2>" + std::string(Tr(lang, "Ce que nous analysons", "What we analyse")) + "</h2>\n";
  out += ContractHtml(publisher, lang);
  out += PageEnd(publisher, in.day, model.version, lang, kScript);
  return out;
}

}  // namespace posture::reports
