#include "reports/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "reports/analysis.h"
#include "reports/text.h"

namespace posture::reports {
namespace {

std::string F(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

// Pale tint of a grade colour, for bands.
const char* GradeTint(const std::string& g) {
  if (g == "A") return "#dcefe2";
  if (g == "B") return "#ebf5df";
  if (g == "C") return "#fcf6d6";
  if (g == "D") return "#fde8d3";
  if (g == "E") return "#f8d9d7";
  return "#eeeeee";
}

std::string Text(double x, double y, const std::string& text, const char* anchor = "start",
                 const char* extra = "") {
  return "<text x=\"" + F(x) + "\" y=\"" + F(y) +
         "\" font-size=\"10\" fill=\"#58616c\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         text + "</text>";
}

}  // namespace

int GradeCounts::total() const {
  int t = provisional + unscored + opted_out;
  for (int g : grades) t += g;
  return t;
}

std::string TrendChart(const std::vector<scoring::DayScore>& daily, DayNumber first_day,
                       DayNumber last_day, std::optional<double> rolling,
                       const scoring::ScoringModel& model, Lang lang) {
  const double w = 300, h = 110, left = 26, right = 6, top = 6, bottom = 18;
  const double pw = w - left - right, ph = h - top - bottom;
  int span = std::max<int>(1, last_day - first_day);
  auto X = [&](DayNumber d) { return left + pw * (d - first_day) / span; };
  auto Y = [&](double s) { return top + ph * (100 - std::clamp(s, 0.0, 100.0)) / 100; };
  std::string out =
      "<svg class=\"trend\" role=\"img\" viewBox=\"0 0 " + F(w) + " " + F(h) + "\" width=\"" +
      F(w) + "\" height=\"" + F(h) + "\"><title>" +
      Tr(lang, "Évolution de la note du jour sur 30 jours", "Daily score over the last 30 days") +
      "</title>";
  // Grade bands.
  double upper = 100;
  for (const scoring::GradeBound& g : model.grades) {
    double lo = std::clamp(g.min, 0.0, 100.0);
    out += "<rect x=\"" + F(left) + "\" y=\"" + F(Y(upper)) + "\" width=\"" + F(pw) +
           "\" height=\"" + F(Y(lo) - Y(upper)) + "\" fill=\"" + GradeTint(g.grade) + "\"/>";
    out += Text(left - 3, (Y(upper) + Y(lo)) / 2 + 3.5, g.grade, "end", " font-weight=\"700\"");
    upper = lo;
  }
  out += Text(left, h - 4, Html(FormatShortDate(first_day, lang)));
  out += Text(w - right, h - 4, Html(FormatShortDate(last_day, lang)), "end");
  if (rolling) {
    out += "<line x1=\"" + F(left) + "\" x2=\"" + F(left + pw) + "\" y1=\"" + F(Y(*rolling)) +
           "\" y2=\"" + F(Y(*rolling)) +
           "\" stroke=\"#1b1f24\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>";
  }
  std::map<DayNumber, double> by_day;
  for (const scoring::DayScore& d : daily)
    if (d.day >= first_day && d.day <= last_day) by_day[d.day] = d.overall;
  if (!by_day.empty()) {
    std::string pts;
    for (const auto& [day, s] : by_day) pts += F(X(day)) + "," + F(Y(s)) + " ";
    out +=
        "<polyline fill=\"none\" stroke=\"#0b57a4\" stroke-width=\"1.6\" points=\"" + pts + "\"/>";
    for (const auto& [day, s] : by_day)
      out += "<circle cx=\"" + F(X(day)) + "\" cy=\"" + F(Y(s)) +
             "\" r=\"2.2\" fill=\"#0b57a4\"><title>" + Html(FormatShortDate(day, lang)) +
             Tr(lang, " : ", ": ") + FormatScore(s, lang) + "</title></circle>";
  } else {
    out += Text(left + pw / 2, top + ph / 2, Tr(lang, "aucune note", "no score"), "middle");
  }
  out += "</svg>";
  return out;
}

std::string PeerStrip(const std::vector<double>& scores, std::optional<double> self, Lang lang) {
  const double w = 300, h = 30, left = 8, right = 8;
  const double pw = w - left - right;
  auto X = [&](double s) { return left + pw * std::clamp(s, 0.0, 100.0) / 100; };
  std::string out = "<svg class=\"peers\" role=\"img\" viewBox=\"0 0 " + F(w) + " " + F(h) +
                    "\" width=\"" + F(w) + "\" height=\"" + F(h) + "\"><title>" +
                    Tr(lang, "Notes des collectivités comparables (0 à 100)",
                       "Scores of comparable collectivities (0 to 100)") +
                    "</title>";
  out += "<line x1=\"" + F(left) + "\" x2=\"" + F(left + pw) +
         "\" y1=\"14\" y2=\"14\" stroke=\"#c4c8cd\" stroke-width=\"2\"/>";
  for (double s : scores)
    out += "<line x1=\"" + F(X(s)) + "\" x2=\"" + F(X(s)) +
           "\" y1=\"8\" y2=\"20\" stroke=\"#58616c\" stroke-width=\"1.2\"/>";
  if (self)
    out += "<path d=\"M" + F(X(*self)) +
           " 13l-5-9h10z\" fill=\"#d7261e\" stroke=\"#fff\" "
           "stroke-width=\"1\"/>";
  out += Text(left, 29, "0") + Text(w - right, 29, "100", "end");
  out += "</svg>";
  return out;
}

std::string Histogram(const std::vector<double>& scores, int bin,
                      const scoring::ScoringModel& model, Lang lang) {
  bin = std::max(1, bin);
  int bins = (100 + bin - 1) / bin;
  std::vector<int> count(bins, 0);
  for (double s : scores) {
    int i = std::clamp(static_cast<int>(std::floor(s / bin)), 0, bins - 1);
    ++count[i];
  }
  int top_count = std::max(1, *std::max_element(count.begin(), count.end()));
  const double w = 460, h = 170, left = 14, right = 14, top = 16, bottom = 22;
  const double pw = w - left - right, ph = h - top - bottom, bw = pw / bins;
  std::string out =
      "<svg class=\"hist\" role=\"img\" viewBox=\"0 0 " + F(w) + " " + F(h) + "\" width=\"" + F(w) +
      "\" height=\"" + F(h) + "\"><title>" +
      Tr(lang, "Répartition des notes sur 30 jours", "Distribution of 30-day scores") + "</title>";
  for (int i = 0; i < bins; ++i) {
    double bh = ph * count[i] / top_count;
    double x = left + i * bw, y = top + ph - bh;
    std::string grade = model.GradeFor(i * bin);
    out += "<rect x=\"" + F(x + 1) + "\" y=\"" + F(y) + "\" width=\"" + F(bw - 2) + "\" height=\"" +
           F(bh) + "\" fill=\"" + GradeFill(grade) + "\"><title>" + std::to_string(i * bin) + "–" +
           std::to_string(std::min(100, (i + 1) * bin)) + Tr(lang, " : ", ": ") +
           std::to_string(count[i]) + "</title></rect>";
    if (count[i] > 0) out += Text(x + bw / 2, y - 2, std::to_string(count[i]), "middle");
    if (i % 2 == 0) out += Text(x, h - 8, std::to_string(i * bin), "middle");
  }
  out += Text(left + pw, h - 8, "100", "middle");
  out += "<line x1=\"" + F(left) + "\" x2=\"" + F(left + pw) + "\" y1=\"" + F(top + ph) +
         "\" y2=\"" + F(top + ph) + "\" stroke=\"#58616c\"/>";
  out += "</svg>";
  return out;
}

std::string StackedBar(const GradeCounts& c, int width, Lang lang) {
  int total = c.total();
  const double h = 14;
  std::string out =
      "<svg class=\"stack\" role=\"img\" preserveAspectRatio=\"none\" viewBox=\"0 0 " +
      std::to_string(width) + " " + F(h) +
      "\" style=\"width:100%;max-width:" + std::to_string(width) + "px\" height=\"" + F(h) + "\">";
  std::string title;
  const char* letters[] = {"A", "B", "C", "D", "E"};
  for (int i = 0; i < 5; ++i)
    title += std::string(letters[i]) + " " + std::to_string(c.grades[i]) + ", ";
  title += Tr(lang, "provisoires ", "provisional ") + std::to_string(c.provisional) + ", " +
           Tr(lang, "sans note ", "no score ") + std::to_string(c.unscored) + ", " +
           Tr(lang, "opposées ", "opted out ") + std::to_string(c.opted_out);
  out += "<title>" + title + "</title>";
  if (total == 0) return out + "</svg>";
  double x = 0;
  auto seg = [&](int n, const std::string& fill) {
    if (n == 0) return;
    double sw = static_cast<double>(width) * n / total;
    out += "<rect x=\"" + F(x) + "\" y=\"0\" width=\"" + F(sw) + "\" height=\"" + F(h) +
           "\" fill=\"" + fill + "\"/>";
    x += sw;
  };
  for (int i = 0; i < 5; ++i) seg(c.grades[i], GradeFill(letters[i]));
  seg(c.provisional, "#e6d9a8");
  seg(c.unscored, "#d5d8dc");
  seg(c.opted_out, "url(#hatch)");
  out += "</svg>";
  return out;
}

std::string RemediationChart(const scoring::RemediationReport& r, Lang lang) {
  std::vector<double> called, comparison;
  for (const scoring::MemberRemediation& m : r.members) {
    if (m.status != scoring::MemberStatus::kMeasured || !m.delta) continue;
    (m.member.group == scoring::Group::kCalled ? called : comparison).push_back(*m.delta);
  }
  double lo = -10, hi = 10;
  for (double d : called) lo = std::min(lo, d), hi = std::max(hi, d);
  for (double d : comparison) lo = std::min(lo, d), hi = std::max(hi, d);
  if (r.interval) lo = std::min(lo, r.interval->low), hi = std::max(hi, r.interval->high);
  lo = std::floor(lo / 10) * 10;
  hi = std::ceil(hi / 10) * 10;
  const double w = 640, left = 170, right = 16, row = 46, top = 10;
  const double h = top + row * 3 + 26, pw = w - left - right;
  auto X = [&](double v) { return left + pw * (v - lo) / (hi - lo); };
  std::string out =
      "<svg class=\"remed\" role=\"img\" viewBox=\"0 0 " + F(w) + " " + F(h) + "\" width=\"" +
      F(w) + "\" height=\"" + F(h) + "\"><title>" +
      Tr(lang,
         "Évolution de la note de chaque collectivité mesurée depuis le début, par groupe, "
         "et effet estimé des appels",
         "Score change of each measured collectivity since the start, by group, and the "
         "estimated effect of the calls") +
      "</title>";
  for (double v = lo; v <= hi + 1e-9; v += 10) {
    out += "<line x1=\"" + F(X(v)) + "\" x2=\"" + F(X(v)) + "\" y1=\"" + F(top) + "\" y2=\"" +
           F(top + row * 3) + "\" stroke=\"" + (v == 0 ? "#58616c" : "#e3e6ea") + "\"/>";
    out += Text(X(v), h - 10, FormatDelta(v, lang), "middle");
  }
  auto group_row = [&](int i, const std::vector<double>& deltas, const char* label,
                       const std::optional<double>& mean, const char* colour) {
    double y = top + row * i + row / 2;
    out += Text(left - 8, y + 4, label, "end", " font-size=\"12\" fill=\"#1b1f24\"");
    if (mean)
      out += "<rect x=\"" + F(std::min(X(0), X(*mean))) + "\" y=\"" + F(y - 9) + "\" width=\"" +
             F(std::fabs(X(*mean) - X(0))) + "\" height=\"18\" fill=\"" + colour +
             "\" fill-opacity=\"0.25\"><title>" + Tr(lang, "écart moyen ", "mean change ") +
             FormatDelta(*mean, lang) + "</title></rect>";
    for (size_t k = 0; k < deltas.size(); ++k) {
      double jitter = static_cast<double>((k * 7) % 11) - 5;  // spread equal values a little
      out += "<circle cx=\"" + F(X(deltas[k])) + "\" cy=\"" + F(y + jitter) + "\" r=\"3\" fill=\"" +
             colour + "\" fill-opacity=\"0.8\"/>";
    }
  };
  group_row(0, called, Tr(lang, "collectivités appelées", "called collectivities"),
            r.called.mean_delta, "#0b57a4");
  group_row(1, comparison, Tr(lang, "groupe de comparaison", "comparison group"),
            r.comparison.mean_delta, "#7a4fa0");
  double y = top + row * 2 + row / 2;
  out += Text(left - 8, y + 4, Tr(lang, "effet des appels", "effect of the calls"), "end",
              " font-size=\"12\" font-weight=\"700\" fill=\"#1b1f24\"");
  if (r.interval) {
    out += "<line x1=\"" + F(X(r.interval->low)) + "\" x2=\"" + F(X(r.interval->high)) +
           "\" y1=\"" + F(y) + "\" y2=\"" + F(y) + "\" stroke=\"#1b1f24\" stroke-width=\"2\"/>";
    for (double v : {r.interval->low, r.interval->high})
      out += "<line x1=\"" + F(X(v)) + "\" x2=\"" + F(X(v)) + "\" y1=\"" + F(y - 6) + "\" y2=\"" +
             F(y + 6) + "\" stroke=\"#1b1f24\" stroke-width=\"2\"/>";
  }
  if (r.effect)
    out += "<circle cx=\"" + F(X(*r.effect)) + "\" cy=\"" + F(y) +
           "\" r=\"5\" fill=\"#d7261e\"><title>" + FormatDelta(*r.effect, lang) +
           "</title></circle>";
  else
    out += Text(left + 6, y + 4, Tr(lang, "pas assez de mesures", "not enough measurements"));
  out += "</svg>";
  return out;
}

}  // namespace posture::reports
