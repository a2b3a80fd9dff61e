// Builders for the scoring tests: findings and models. Scores use the
// prefix resolver, so they do not depend on the catalogue the checks fill.
#pragma once

#include <string>
#include <vector>

#include "checks/finding.h"
#include "scoring/model.h"
#include "scoring/score.h"

namespace posture::scoring::testing {

inline Finding F(const std::string& code, Outcome o, Severity s, const std::string& subject = "") {
  Finding f;
  f.code = code;
  f.outcome = o;
  f.severity = s;
  f.subject = subject;
  return f;
}
inline Finding Pass(const std::string& code, Severity s) { return F(code, Outcome::kPass, s); }
inline Finding Fail(const std::string& code, Severity s) { return F(code, Outcome::kFail, s); }
inline Finding Partial(const std::string& code, Severity s) { return F(code, Outcome::kPartial, s); }

inline DailyScore Score(const std::vector<Finding>& findings, const std::set<std::string>& explained = {},
                        const ScoringModel& model = DefaultModel()) {
  return ScoreFindings(findings, explained, model, PrefixCategory);
}

// A model identical to v1 except its version (and anything the caller edits).
inline ScoringModel ModelV(const std::string& version) {
  ScoringModel m = DefaultModel();
  m.version = version;
  return m;
}

}  // namespace posture::scoring::testing
