#include "scoring/rolling.h"

#include <algorithm>
#include <map>
#include <set>

namespace posture::scoring {

RollingScore ComputeRollingScore(const std::vector<DayScore>& daily, DayNumber day,
                                 const ScoringModel& model) {
  RollingScore r;
  r.day = day;
  DayNumber first = WindowStart(day, model);
  std::map<DayNumber, const DayScore*> in_window;
  for (const DayScore& d : daily)
    if (d.day >= first && d.day <= day) in_window[d.day] = &d;
  std::map<std::string, int> untested_days;  // on how many days each was untested
  for (const auto& [d, s] : in_window)
    for (const std::string& key : std::set<std::string>(s->untested.begin(), s->untested.end()))
      ++untested_days[key];
  std::map<DayNumber, double> counted;
  for (const auto& [d, s] : in_window) {
    bool left_out = false;
    for (const std::string& key : s->untested)
      left_out = left_out || untested_days[key] * 2 <= static_cast<int>(in_window.size());
    if (left_out)
      r.unmeasured_days.push_back(d);
    else
      counted[d] = s->overall;
  }
  if (counted.empty()) {  // a passing failure every day: use them all
    for (const auto& [d, s] : in_window) counted[d] = s->overall;
    r.unmeasured_days.clear();
  }
  r.scan_days = static_cast<int>(counted.size());
  r.provisional = r.scan_days < model.min_scan_days;
  if (counted.empty()) return r;
  double sum = 0;
  for (const auto& [d, s] : counted) sum += s;
  r.score = RoundScore(sum / static_cast<double>(counted.size()));
  r.grade = model.GradeFor(*r.score);
  r.last_scan_day = counted.rbegin()->first;
  return r;
}

std::vector<FindingAge> ComputeFindingAges(const std::vector<DayFindings>& history,
                                           DayNumber day, int window_days) {
  std::map<DayNumber, std::set<std::string>> by_day;
  for (const DayFindings& h : history)
    if (h.day <= day) by_day[h.day] = std::set<std::string>(h.codes.begin(), h.codes.end());
  DayNumber first = day - window_days + 1;
  std::map<std::string, FindingAge> ages;
  // Walk the scan days in order, tracking each code's current run.
  for (const auto& [d, codes] : by_day) {
    for (const std::string& code : codes) {
      auto [it, inserted] = ages.try_emplace(code);
      FindingAge& a = it->second;
      if (inserted) {
        a.code = code;
        a.first_seen = d;
        a.present_since = d;
      } else if (!a.present_now) {
        a.present_since = d;  // back after a scan day without it
      }
      a.last_seen = d;
      a.present_now = true;
      if (d >= first) ++a.days_present;
    }
    for (auto& [code, a] : ages)
      if (!codes.count(code)) a.present_now = false;
  }
  std::vector<FindingAge> out;
  for (auto& [code, a] : ages)
    if (a.days_present > 0) out.push_back(a);
  std::sort(out.begin(), out.end(), [](const FindingAge& x, const FindingAge& y) {
    if (x.present_now != y.present_now) return x.present_now;
    if (x.present_since != y.present_since) return x.present_since < y.present_since;
    return x.code < y.code;
  });
  return out;
}

}  // namespace posture::scoring
