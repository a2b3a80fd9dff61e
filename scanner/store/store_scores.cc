#include "scanner/store/store_scores.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "checks/base/strings.h"
#include "checks/catalogue.h"

namespace posture {
namespace {

using nlohmann::json;
using scoring::DailyScore;
using scoring::Explanation;
using scoring::ScoringModel;

// ---- Reading findings ---------------------------------------------------------

StatusOr<std::optional<int64_t>> LastCompleteObservation(Db& db, int64_t target_id,
                                                         DayNumber day) {
  auto stmt = db.Prepare(
      "SELECT id FROM observations WHERE target_id = ? AND day = ? AND complete = 1 "
      "ORDER BY scanned_at DESC, id DESC LIMIT 1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, target_id).Bind(2, static_cast<int64_t>(day));
  std::optional<int64_t> id;
  if (stmt->Step()) id = stmt->Int(0);
  if (!stmt->status().ok()) return stmt->status();
  return id;
}

StatusOr<std::vector<Finding>> FindingsOf(Db& db, int64_t observation_id) {
  auto stmt = db.Prepare(
      "SELECT code, outcome, severity, subject, evidence, detail FROM findings "
      "WHERE observation_id = ? ORDER BY rowid");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, observation_id);
  std::vector<Finding> out;
  while (stmt->Step()) {
    Finding f;
    f.code = stmt->Text(0);
    // A value this posture does not know counts as an error (not judged).
    f.outcome = ParseOutcome(stmt->Text(1)).value_or(Outcome::kError);
    f.severity = ParseSeverity(stmt->Text(2)).value_or(Severity::kInfo);
    f.subject = stmt->Text(3);
    f.evidence = stmt->Text(4);
    f.detail = stmt->Text(5);
    out.push_back(std::move(f));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

// ---- Explanations ---------------------------------------------------------------

constexpr const char* kExplanationColumns =
    "e.id, e.target_id, e.code, e.reason, e.created_at, e.until_day, e.revoked_at";

Explanation ReadExplanation(const Stmt& s) {
  Explanation e;
  e.id = s.Int(0);
  e.target_id = s.Int(1);
  e.code = s.Text(2);
  e.reason = s.Text(3);
  e.from_day = DayOf(s.Int(4));
  e.until_day = static_cast<DayNumber>(s.Int(5));
  if (!s.IsNull(6)) e.revoked_day = DayOf(s.Int(6));
  return e;
}

// Every explanation, by target (of one target when target_id is set).
StatusOr<std::map<int64_t, std::vector<Explanation>>> ExplanationsByTarget(
    Db& db, std::optional<int64_t> target_id) {
  std::string sql = std::string("SELECT ") + kExplanationColumns + " FROM explanations e";
  if (target_id) sql += " WHERE e.target_id = ?";
  auto stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  if (target_id) stmt->Bind(1, *target_id);
  std::map<int64_t, std::vector<Explanation>> out;
  while (stmt->Step()) {
    Explanation e = ReadExplanation(*stmt);
    out[e.target_id].push_back(std::move(e));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

// ---- Writing scores ---------------------------------------------------------------

std::string CategoriesJson(const DailyScore& s) {
  json j = json::object();
  for (const scoring::CategoryScore& c : s.categories) j[CategoryName(c.category)] = c.score;
  return j.dump();
}

std::string JoinCaps(const std::vector<std::string>& caps) {
  std::string out;
  for (const std::string& c : caps) out += (out.empty() ? "" : ",") + c;
  return out;
}

// The non-empty fields of `text` separated by `sep` (the caps, the untested keys).
std::vector<std::string> Fields(const std::string& text, char sep) {
  std::vector<std::string> out;
  for (std::string_view f : Split(text, sep))
    if (!f.empty()) out.emplace_back(f);
  return out;
}

// What the rolling score needs of a stored day; nullopt when the day measured nothing.
std::optional<scoring::DayScore> DayScoreOf(const StoredDailyScore& r) {
  if (!r.score.overall) return std::nullopt;
  scoring::DayScore d(r.day, *r.score.overall);
  d.untested = r.score.untested;
  return d;
}

// Upserts with a statement prepared once per batch.
class ScoreWriter {
 public:
  static StatusOr<ScoreWriter> Prepare(Db& db) {
    auto stmt = db.Prepare(R"sql(
INSERT INTO scores (target_id, day, model_version, observation_id, overall, grade, categories,
                    caps, computed_at, active_critical, active_high, findings_total,
                    findings_untested, web_absent, untested)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
ON CONFLICT (target_id, day, model_version) DO UPDATE SET
  observation_id = excluded.observation_id, overall = excluded.overall, grade = excluded.grade,
  categories = excluded.categories, caps = excluded.caps, computed_at = excluded.computed_at,
  active_critical = excluded.active_critical, active_high = excluded.active_high,
  findings_total = excluded.findings_total, findings_untested = excluded.findings_untested,
  web_absent = excluded.web_absent, untested = excluded.untested
)sql");
    if (!stmt.ok()) return stmt.status();
    return ScoreWriter(std::move(stmt).value());
  }

  Status Write(int64_t target_id, DayNumber day, std::optional<int64_t> observation_id,
               const DailyScore& s, UnixSeconds now) {
    stmt_.Reset();
    stmt_.Bind(1, target_id).Bind(2, static_cast<int64_t>(day)).Bind(3, s.model_version);
    stmt_.Bind(4, observation_id);
    if (s.overall)
      stmt_.Bind(5, *s.overall);
    else
      stmt_.BindNull(5);
    stmt_.Bind(6, s.grade).Bind(7, CategoriesJson(s)).Bind(8, JoinCaps(s.caps));
    stmt_.Bind(9, now).Bind(10, s.active_critical).Bind(11, s.active_high);
    stmt_.Bind(12, s.findings_total).Bind(13, s.findings_untested);
    // Codes and hosts hold no line break.
    stmt_.Bind(14, s.web_absent ? 1 : 0).Bind(15, Join(s.untested, "\n"));
    return stmt_.Run();
  }

 private:
  explicit ScoreWriter(Stmt stmt) : stmt_(std::move(stmt)) {}
  Stmt stmt_;
};

// The refresh without its transaction (for callers that hold one).
StatusOr<int64_t> RefreshLocked(Db& db, const ScoringModel& model, const RefreshOptions& o,
                                UnixSeconds now) {
  std::set<int64_t> wanted(o.target_ids.begin(), o.target_ids.end());
  bool one = wanted.size() == 1;
  // The last complete observation of each (target, day) of the range.
  std::string sql = R"sql(
SELECT o.target_id, o.day, o.id FROM observations o
WHERE o.complete = 1 AND o.day BETWEEN ?1 AND ?2
  AND NOT EXISTS (SELECT 1 FROM observations o2
                  WHERE o2.target_id = o.target_id AND o2.day = o.day AND o2.complete = 1
                    AND (o2.scanned_at > o.scanned_at
                         OR (o2.scanned_at = o.scanned_at AND o2.id > o.id)))
)sql";
  if (one) sql += " AND o.target_id = ?3";
  auto cand = db.Prepare(sql);
  if (!cand.ok()) return cand.status();
  cand->Bind(1, static_cast<int64_t>(o.first_day)).Bind(2, static_cast<int64_t>(o.last_day));
  if (one) cand->Bind(3, *wanted.begin());
  struct Todo {
    int64_t target_id;
    DayNumber day;
    int64_t observation_id;
  };
  std::vector<Todo> todo;
  while (cand->Step()) {
    Todo t{cand->Int(0), static_cast<DayNumber>(cand->Int(1)), cand->Int(2)};
    if (!wanted.empty() && !wanted.count(t.target_id)) continue;
    todo.push_back(t);
  }
  if (!cand->status().ok()) return cand->status();
  if (todo.empty()) return int64_t{0};

  // What is already scored under this model, and from which observation.
  std::map<std::pair<int64_t, DayNumber>, std::optional<int64_t>> scored;
  if (!o.force) {
    std::string q =
        "SELECT target_id, day, observation_id FROM scores "
        "WHERE model_version = ?1 AND day BETWEEN ?2 AND ?3";
    if (one) q += " AND target_id = ?4";
    auto have = db.Prepare(q);
    if (!have.ok()) return have.status();
    have->Bind(1, model.version)
        .Bind(2, static_cast<int64_t>(o.first_day))
        .Bind(3, static_cast<int64_t>(o.last_day));
    if (one) have->Bind(4, *wanted.begin());
    while (have->Step()) {
      std::optional<int64_t> obs;
      if (!have->IsNull(2)) obs = have->Int(2);
      scored[{have->Int(0), static_cast<DayNumber>(have->Int(1))}] = obs;
    }
    if (!have->status().ok()) return have->status();
  }

  auto explanations = ExplanationsByTarget(db, one ? std::optional<int64_t>(*wanted.begin())
                                                   : std::nullopt);
  if (!explanations.ok()) return explanations.status();
  auto writer = ScoreWriter::Prepare(db);
  if (!writer.ok()) return writer.status();
  static const std::vector<Explanation> kNone;
  int64_t written = 0;
  for (const Todo& t : todo) {
    auto it = scored.find({t.target_id, t.day});
    if (it != scored.end() && it->second == t.observation_id) continue;
    auto findings = FindingsOf(db, t.observation_id);
    if (!findings.ok()) return findings.status();
    auto ex = explanations->find(t.target_id);
    std::set<std::string> explained =
        scoring::ExplainedCodesOn(ex == explanations->end() ? kNone : ex->second, t.day);
    DailyScore s = scoring::ScoreFindings(*findings, explained, model);
    Status st = writer->Write(t.target_id, t.day, t.observation_id, s, now);
    if (!st.ok()) return st;
    ++written;
  }
  return written;
}

// Re-scores the stored days >= first_day of a target under every model
// version that scored them (after an explanation changed).
Status RescoreTargetFrom(Db& db, Store& store, int64_t target_id, DayNumber first_day,
                         UnixSeconds now) {
  auto stmt = db.Prepare(
      "SELECT model_version, MAX(day) FROM scores WHERE target_id = ? AND day >= ? "
      "GROUP BY model_version");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, target_id).Bind(2, static_cast<int64_t>(first_day));
  std::vector<std::pair<std::string, DayNumber>> versions;
  while (stmt->Step()) versions.emplace_back(stmt->Text(0), static_cast<DayNumber>(stmt->Int(1)));
  if (!stmt->status().ok()) return stmt->status();
  for (const auto& [version, last] : versions) {
    auto model = LoadModel(store, version);
    if (!model.ok()) return model.status();
    RefreshOptions o;
    o.first_day = first_day;
    o.last_day = last;
    o.target_ids = {target_id};
    o.force = true;
    auto n = RefreshLocked(db, *model, o, now);
    if (!n.ok()) return n.status();
  }
  return Status();
}

bool ValidFindingCode(const std::string& code) {
  // LETTERS(-LETTERS/DIGITS)+, e.g. MAIL-DMARC-02.
  if (code.empty() || code.size() > 32) return false;
  bool seen_dash = false;
  char prev = '-';
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    bool upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
    if (c == '-') {
      if (prev == '-') return false;
      seen_dash = true;
    } else if (!upper && !(digit && seen_dash)) {
      return false;
    }
    prev = c;
  }
  return seen_dash && prev != '-';
}

bool HasControl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Opt-out as of `now`.
constexpr const char* kOptedOutAt =
    "EXISTS (SELECT 1 FROM opt_outs x WHERE x.target_id = t.id AND x.opted_out_at <= ?1 "
    "AND (x.opted_in_at IS NULL OR x.opted_in_at > ?1))";

std::string FindingsJson(const std::vector<scoring::ActiveFinding>& active) {
  json j = json::array();
  for (const scoring::ActiveFinding& a : active)
    j.push_back({{"code", a.code},
                 {"severity", SeverityName(a.severity)},
                 {"outcome", OutcomeName(a.outcome)},
                 {"subject", a.subject}});
  return j.dump();
}

std::vector<scoring::BaselineFinding> ParseBaselineFindings(const std::string& text) {
  std::vector<scoring::BaselineFinding> out;
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const json& e : j) {
    if (!e.is_object() || !e.contains("code") || !e["code"].is_string()) continue;
    scoring::BaselineFinding f;
    f.code = e["code"].get<std::string>();
    if (e.contains("severity") && e["severity"].is_string())
      f.severity = ParseSeverity(e["severity"].get<std::string>()).value_or(Severity::kInfo);
    if (e.contains("outcome") && e["outcome"].is_string())
      f.outcome = ParseOutcome(e["outcome"].get<std::string>()).value_or(Outcome::kFail);
    out.push_back(std::move(f));
  }
  return out;
}

bool ValidCohortName(const std::string& name) {
  return !name.empty() && name.size() <= 100 && name[0] != '-' && !HasControl(name) &&
         Trim(name) == name;
}

}  // namespace

// ---- Models ---------------------------------------------------------------------

Status SaveModel(Store& store, const ScoringModel& model, UnixSeconds now) {
  Db& db = store.db();
  auto get = db.Prepare("SELECT definition FROM models WHERE version = ?");
  if (!get.ok()) return get.status();
  get->Bind(1, model.version);
  std::string mine = scoring::ModelToJson(model);
  if (get->Step()) {
    auto stored = scoring::ParseModel(get->Text(0));
    if (stored.ok() && scoring::ModelToJson(*stored) == mine) return Status();
    return FailedPrecondition("scoring model version " + model.version +
                              " is already stored with a different definition; give the tuned "
                              "model a new \"version\"");
  }
  if (!get->status().ok()) return get->status();
  auto put = db.Prepare("INSERT INTO models (version, definition, loaded_at) VALUES (?, ?, ?)");
  if (!put.ok()) return put.status();
  put->Bind(1, model.version).Bind(2, mine).Bind(3, now);
  return put->Run();
}

StatusOr<ScoringModel> LoadModel(Store& store, const std::string& version) {
  auto get = store.db().Prepare("SELECT definition FROM models WHERE version = ?");
  if (!get.ok()) return get.status();
  get->Bind(1, version);
  if (!get->Step()) {
    if (!get->status().ok()) return get->status();
    if (version == scoring::DefaultModel().version) return scoring::DefaultModel();
    return NotFound("scoring model version " + version + " is not in the database");
  }
  auto m = scoring::ParseModel(get->Text(0));
  if (!m.ok())
    return Internal("the stored scoring model version " + version +
                    " cannot be read: " + m.status().message());
  return m;
}

StatusOr<std::vector<StoredModelInfo>> ListModels(Store& store) {
  auto stmt = store.db().Prepare("SELECT version, definition, loaded_at FROM models ORDER BY loaded_at, version");
  if (!stmt.ok()) return stmt.status();
  std::vector<StoredModelInfo> out;
  while (stmt->Step()) {
    StoredModelInfo i;
    i.version = stmt->Text(0);
    auto m = scoring::ParseModel(stmt->Text(1));
    if (m.ok()) i.name = m->name;
    i.loaded_at = stmt->Int(2);
    out.push_back(std::move(i));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

// ---- Daily scores ------------------------------------------------------------------

StatusOr<scoring::DailyScore> UpsertDailyScore(Store& store, const ScoringModel& model,
                                               int64_t target_id, DayNumber day,
                                               std::optional<int64_t> observation_id,
                                               const std::vector<Finding>& findings,
                                               UnixSeconds now) {
  Status s = SaveModel(store, model, now);
  if (!s.ok()) return s;
  auto explanations = LoadExplanations(store, target_id);
  if (!explanations.ok()) return explanations.status();
  DailyScore score =
      scoring::ScoreFindings(findings, scoring::ExplainedCodesOn(*explanations, day), model);
  auto writer = ScoreWriter::Prepare(store.db());
  if (!writer.ok()) return writer.status();
  s = writer->Write(target_id, day, observation_id, score, now);
  if (!s.ok()) return s;
  return score;
}

StatusOr<bool> UpsertScanDailyScore(Store& store, const ScoringModel& model, int64_t target_id,
                                    DayNumber day, int64_t observation_id,
                                    const std::vector<Finding>& findings, UnixSeconds now) {
  auto last = LastCompleteObservation(store.db(), target_id, day);
  if (!last.ok()) return last.status();
  if (*last != observation_id) return false;
  auto s = UpsertDailyScore(store, model, target_id, day, observation_id, findings, now);
  if (!s.ok()) return s.status();
  return true;
}

StatusOr<int64_t> RefreshDailyScores(Store& store, const ScoringModel& model,
                                     const RefreshOptions& options, UnixSeconds now) {
  if (options.last_day < options.first_day) return int64_t{0};
  Transaction tx(store.db());
  if (!tx.status().ok()) return tx.status();
  Status s = SaveModel(store, model, now);
  if (!s.ok()) return s;
  auto n = RefreshLocked(store.db(), model, options, now);
  if (!n.ok()) return n.status();
  s = tx.Commit();
  if (!s.ok()) return s;
  return n;
}

StatusOr<std::vector<StoredDailyScore>> LoadDailyScores(Store& store,
                                                        const std::string& model_version,
                                                        DayNumber first_day, DayNumber last_day,
                                                        std::optional<int64_t> target_id) {
  std::string sql = R"sql(
SELECT target_id, day, observation_id, overall, grade, categories, caps, computed_at,
       active_critical, active_high, findings_total, findings_untested, web_absent, untested
FROM scores WHERE model_version = ?1 AND day BETWEEN ?2 AND ?3)sql";
  if (target_id) sql += " AND target_id = ?4";
  sql += " ORDER BY target_id, day";
  auto stmt = store.db().Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, model_version)
      .Bind(2, static_cast<int64_t>(first_day))
      .Bind(3, static_cast<int64_t>(last_day));
  if (target_id) stmt->Bind(4, *target_id);
  std::vector<StoredDailyScore> out;
  while (stmt->Step()) {
    StoredDailyScore r;
    r.target_id = stmt->Int(0);
    r.day = static_cast<DayNumber>(stmt->Int(1));
    if (!stmt->IsNull(2)) r.observation_id = stmt->Int(2);
    r.score.model_version = model_version;
    if (!stmt->IsNull(3)) r.score.overall = stmt->Real(3);
    r.score.grade = stmt->Text(4);
    json cats = json::parse(stmt->Text(5), nullptr, false);
    if (cats.is_object()) {
      for (Category c : scoring::AllCategories()) {
        auto it = cats.find(CategoryName(c));
        if (it != cats.end() && it->is_number())
          r.score.categories.push_back({c, it->get<double>(), 0, 0, false});
      }
    }
    r.score.caps = Fields(stmt->Text(6), ',');
    r.computed_at = stmt->Int(7);
    r.score.active_critical = static_cast<int>(stmt->Int(8));
    r.score.active_high = static_cast<int>(stmt->Int(9));
    r.score.findings_total = static_cast<int>(stmt->Int(10));
    r.score.findings_untested = static_cast<int>(stmt->Int(11));
    r.score.web_absent = stmt->Int(12) != 0;
    r.score.untested = Fields(stmt->Text(13), '\n');
    out.push_back(std::move(r));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

StatusOr<DayFindingsRecord> LoadDayFindings(Store& store, int64_t target_id, DayNumber day) {
  DayFindingsRecord rec;
  auto obs = LastCompleteObservation(store.db(), target_id, day);
  if (!obs.ok()) return obs.status();
  rec.observation_id = *obs;
  if (!*obs) return rec;
  auto findings = FindingsOf(store.db(), **obs);
  if (!findings.ok()) return findings.status();
  rec.findings = std::move(findings).value();
  return rec;
}

StatusOr<scoring::DailyScore> ScoreStoredDay(Store& store, const ScoringModel& model,
                                             int64_t target_id, DayNumber day) {
  auto rec = LoadDayFindings(store, target_id, day);
  if (!rec.ok()) return rec.status();
  if (!rec->observation_id) {
    DailyScore none;
    none.model_version = model.version;
    return none;
  }
  auto explanations = LoadExplanations(store, target_id);
  if (!explanations.ok()) return explanations.status();
  return scoring::ScoreFindings(rec->findings, scoring::ExplainedCodesOn(*explanations, day),
                                model);
}

StatusOr<scoring::RollingScore> LoadRollingScore(Store& store, const ScoringModel& model,
                                                 int64_t target_id, DayNumber day,
                                                 UnixSeconds now) {
  RefreshOptions o;
  o.first_day = scoring::WindowStart(day, model);
  o.last_day = day;
  o.target_ids = {target_id};
  auto n = RefreshDailyScores(store, model, o, now);
  if (!n.ok()) return n.status();
  auto rows = LoadDailyScores(store, model.version, o.first_day, day, target_id);
  if (!rows.ok()) return rows.status();
  std::vector<scoring::DayScore> daily;
  for (const StoredDailyScore& r : *rows)
    if (auto d = DayScoreOf(r)) daily.push_back(std::move(*d));
  return scoring::ComputeRollingScore(daily, day, model);
}

StatusOr<std::vector<RollingTrend>> LoadRollingTrends(Store& store, const ScoringModel& model,
                                                      DayNumber day, UnixSeconds now,
                                                      const std::vector<int64_t>& target_ids) {
  DayNumber before = day - model.window_days;
  RefreshOptions o;
  o.first_day = scoring::WindowStart(before, model);
  o.last_day = day;
  o.target_ids = target_ids;
  auto n = RefreshDailyScores(store, model, o, now);
  if (!n.ok()) return n.status();
  std::optional<int64_t> one;
  if (target_ids.size() == 1) one = target_ids.front();
  auto rows = LoadDailyScores(store, model.version, o.first_day, day, one);
  if (!rows.ok()) return rows.status();
  std::map<int64_t, std::vector<scoring::DayScore>> by_target;
  for (const StoredDailyScore& r : *rows)
    if (auto d = DayScoreOf(r)) by_target[r.target_id].push_back(std::move(*d));
  std::vector<int64_t> ids = target_ids;
  if (ids.empty()) {
    auto q = store.db().Prepare("SELECT id FROM targets ORDER BY id");
    if (!q.ok()) return q.status();
    while (q->Step()) ids.push_back(q->Int(0));
    if (!q->status().ok()) return q->status();
  }
  static const std::vector<scoring::DayScore> kNone;
  std::vector<RollingTrend> out;
  for (int64_t id : ids) {
    auto it = by_target.find(id);
    const std::vector<scoring::DayScore>& daily = it == by_target.end() ? kNone : it->second;
    RollingTrend t;
    t.target_id = id;
    t.now = scoring::ComputeRollingScore(daily, day, model);
    t.before = scoring::ComputeRollingScore(daily, before, model);
    if (t.now.score && t.before.score) t.delta = scoring::RoundScore(*t.now.score - *t.before.score);
    const std::vector<DayNumber>& left_out = t.now.unmeasured_days;
    for (const scoring::DayScore& d : daily)
      if (d.day >= scoring::WindowStart(day, model) &&
          std::find(left_out.begin(), left_out.end(), d.day) == left_out.end())
        t.daily.push_back(d);
    out.push_back(std::move(t));
  }
  return out;
}

StatusOr<std::vector<scoring::FindingAge>> LoadFindingAges(Store& store, const ScoringModel& model,
                                                           int64_t target_id, DayNumber day,
                                                           int history_days) {
  auto stmt = store.db().Prepare(
      "SELECT DISTINCT day FROM observations WHERE target_id = ? AND complete = 1 "
      "AND day BETWEEN ? AND ? ORDER BY day");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, target_id)
      .Bind(2, static_cast<int64_t>(day - std::max(history_days, 1) + 1))
      .Bind(3, static_cast<int64_t>(day));
  std::vector<DayNumber> days;
  while (stmt->Step()) days.push_back(static_cast<DayNumber>(stmt->Int(0)));
  if (!stmt->status().ok()) return stmt->status();
  std::vector<scoring::DayFindings> history;
  for (DayNumber d : days) {
    auto s = ScoreStoredDay(store, model, target_id, d);
    if (!s.ok()) return s.status();
    if (!s->overall) continue;  // nothing judged that day: not a scan day
    scoring::DayFindings h{d, {}};
    for (const scoring::ActiveFinding& a : s->active) h.codes.push_back(a.code);
    history.push_back(std::move(h));
  }
  return scoring::ComputeFindingAges(history, day, model.window_days);
}

// ---- Explanations ----------------------------------------------------------------------

DayNumber LatestExplanationDay(DayNumber today) {
  int y;
  unsigned m, d;
  CivilFromDays(today, &y, &m, &d);
  if (m == 2 && d == 29) d = 28;
  return DaysFromCivil(y + 1, m, d);
}

StatusOr<int64_t> RecordExplanation(Store& store, int64_t target_id, const std::string& code,
                                    const std::string& raw_reason, DayNumber until_day,
                                    UnixSeconds now) {
  Db& db = store.db();
  DayNumber today = DayOf(now);
  std::string reason = Trim(raw_reason);
  if (reason.empty()) return InvalidArgument("the reason of an explanation cannot be empty");
  if (reason.size() > kMaxExplanationReason)
    return InvalidArgument("the reason of an explanation is limited to 1000 characters");
  if (HasControl(reason))
    return InvalidArgument("the reason of an explanation must be one line of text");
  if (!ValidFindingCode(code))
    return InvalidArgument("`" + code + "` is not a finding code (e.g. MAIL-DMARC-02)");
  if (until_day < today)
    return InvalidArgument("the explanation would end on " + FormatDay(until_day) +
                           ", which is before today (" + FormatDay(today) + ")");
  if (until_day > LatestExplanationDay(today))
    return InvalidArgument("an explanation lasts at most one year: end it on " +
                           FormatDay(LatestExplanationDay(today)) + " or earlier");

  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto target = db.Prepare("SELECT kind || ':' || code FROM targets WHERE id = ?");
  if (!target.ok()) return target.status();
  target->Bind(1, target_id);
  if (!target->Step()) {
    if (!target->status().ok()) return target->status();
    return NotFound("no collectivity with id " + std::to_string(target_id));
  }
  std::string key = target->Text(0);
  if (!FindCatalogueEntry(code)) {
    auto seen = db.Prepare("SELECT 1 FROM findings WHERE target_id = ? AND code = ? LIMIT 1");
    if (!seen.ok()) return seen.status();
    seen->Bind(1, target_id).Bind(2, code);
    bool found = seen->Step();
    if (!seen->status().ok()) return seen->status();
    if (!found)
      return InvalidArgument("finding code " + code + " is not in the catalogue and was never "
                             "reported for " + key);
  }
  auto existing = LoadExplanations(store, target_id);
  if (!existing.ok()) return existing.status();
  for (const Explanation& e : *existing) {
    if (e.code == code && e.ActiveOn(today))
      return FailedPrecondition(code + " is already explained for " + key + " until " +
                                FormatDay(e.until_day) + " (explanation " +
                                std::to_string(e.id) + "); expire it first");
  }
  auto put = db.Prepare(
      "INSERT INTO explanations (target_id, code, reason, created_at, until_day) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!put.ok()) return put.status();
  put->Bind(1, target_id).Bind(2, code).Bind(3, reason).Bind(4, now).Bind(
      5, static_cast<int64_t>(until_day));
  Status s = put->Run();
  if (!s.ok()) return s;
  int64_t id = db.LastInsertId();
  s = RescoreTargetFrom(db, store, target_id, today, now);
  if (!s.ok()) return s;
  s = tx.Commit();
  if (!s.ok()) return s;
  return id;
}

StatusOr<std::vector<ExplanationRecord>> ListExplanations(Store& store,
                                                          std::optional<int64_t> target_id,
                                                          DayNumber today, bool include_inactive) {
  std::string sql = std::string("SELECT ") + kExplanationColumns +
                    ", t.kind || ':' || t.code, t.name, e.revoked_at "
                    "FROM explanations e JOIN targets t ON t.id = e.target_id";
  if (target_id) sql += " WHERE e.target_id = ?1";
  sql += " ORDER BY e.created_at DESC, e.id DESC";
  auto stmt = store.db().Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  if (target_id) stmt->Bind(1, *target_id);
  std::vector<ExplanationRecord> out;
  while (stmt->Step()) {
    ExplanationRecord r;
    r.explanation = ReadExplanation(*stmt);
    if (!include_inactive && !r.explanation.ActiveOn(today)) continue;
    r.created_at = stmt->Int(4);
    r.target_key = stmt->Text(7);
    r.target_name = stmt->Text(8);
    if (!stmt->IsNull(9)) r.revoked_at = stmt->Int(9);
    out.push_back(std::move(r));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

StatusOr<std::vector<scoring::Explanation>> LoadExplanations(Store& store, int64_t target_id) {
  auto by = ExplanationsByTarget(store.db(), target_id);
  if (!by.ok()) return by.status();
  auto it = by->find(target_id);
  if (it == by->end()) return std::vector<Explanation>{};
  return it->second;
}

Status ExpireExplanation(Store& store, int64_t explanation_id, UnixSeconds now) {
  Db& db = store.db();
  DayNumber today = DayOf(now);
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto get = db.Prepare(std::string("SELECT ") + kExplanationColumns +
                        " FROM explanations e WHERE e.id = ?");
  if (!get.ok()) return get.status();
  get->Bind(1, explanation_id);
  if (!get->Step()) {
    if (!get->status().ok()) return get->status();
    return NotFound("no explanation with id " + std::to_string(explanation_id));
  }
  Explanation e = ReadExplanation(*get);
  if (e.revoked_day || e.until_day < today)
    return FailedPrecondition("explanation " + std::to_string(explanation_id) +
                              " has already ended");
  auto put = db.Prepare("UPDATE explanations SET revoked_at = ? WHERE id = ?");
  if (!put.ok()) return put.status();
  put->Bind(1, now).Bind(2, explanation_id);
  Status s = put->Run();
  if (!s.ok()) return s;
  s = RescoreTargetFrom(db, store, e.target_id, today, now);
  if (!s.ok()) return s;
  return tx.Commit();
}

// ---- Ranking ------------------------------------------------------------------------------

StatusOr<std::vector<scoring::RankCandidate>> LoadRankCandidates(Store& store,
                                                                 const ScoringModel& model,
                                                                 UnixSeconds now) {
  DayNumber day = DayOf(now);
  RefreshOptions o;
  o.first_day = scoring::WindowStart(day, model);
  o.last_day = day;
  auto n = RefreshDailyScores(store, model, o, now);
  if (!n.ok()) return n.status();

  auto rows = LoadDailyScores(store, model.version, o.first_day, day);
  if (!rows.ok()) return rows.status();
  std::map<int64_t, std::vector<const StoredDailyScore*>> by_target;
  for (const StoredDailyScore& r : *rows)
    if (r.score.overall) by_target[r.target_id].push_back(&r);

  auto stmt = store.db().Prepare(std::string("SELECT t.id, t.kind, t.code, t.name, "
                                             "t.department_code, t.population, ") +
                                 kOptedOutAt + " FROM targets t ORDER BY t.id");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, now);
  std::vector<scoring::RankCandidate> out;
  while (stmt->Step()) {
    scoring::RankCandidate c;
    c.target_id = stmt->Int(0);
    c.kind = ParseTargetKind(stmt->Text(1)).value_or(TargetKind::kCommune);
    c.code = stmt->Text(2);
    c.key = std::string(TargetKindName(c.kind)) + ":" + c.code;
    c.name = stmt->Text(3);
    c.department = stmt->Text(4);
    c.population = stmt->Int(5);
    c.opted_out = stmt->Int(6) != 0;
    std::vector<scoring::DayScore> daily;
    auto it = by_target.find(c.target_id);
    if (it != by_target.end()) {
      for (const StoredDailyScore* r : it->second)
        if (auto d = DayScoreOf(*r)) daily.push_back(std::move(*d));
    }
    c.rolling = scoring::ComputeRollingScore(daily, day, model);
    if (it != by_target.end()) {
      // The last day the rolling score counts (not a day that could not be measured).
      const StoredDailyScore* last = it->second.back();  // ordered by day
      for (const StoredDailyScore* r : it->second)
        if (c.rolling.last_scan_day && r->day == *c.rolling.last_scan_day) last = r;
      c.critical = last->score.active_critical;
      c.high = last->score.active_high;
      c.web_absent = last->score.web_absent;
    }
    out.push_back(std::move(c));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

StatusOr<scoring::Ranking> RankAt(Store& store, const ScoringModel& model, UnixSeconds now,
                                  const scoring::RankFilter& filter) {
  auto candidates = LoadRankCandidates(store, model, now);
  if (!candidates.ok()) return candidates.status();
  return scoring::RankTargets(std::move(candidates).value(), filter);
}

// ---- Cohorts ----------------------------------------------------------------------------------

namespace {

constexpr const char* kCohortColumns =
    "c.id, c.name, c.created_at, c.baseline_day, c.model_version, c.size, c.comparison_size";

CohortInfo ReadCohort(const Stmt& s) {
  CohortInfo c;
  c.id = s.Int(0);
  c.name = s.Text(1);
  c.created_at = s.Int(2);
  c.baseline_day = static_cast<DayNumber>(s.Int(3));
  c.model_version = s.Text(4);
  c.size = static_cast<int>(s.Int(5));
  c.comparison_size = static_cast<int>(s.Int(6));
  return c;
}

// When each member left by `now`: marked left (opt-out recorded by the
// registry), or opted out after the cohort was created.
StatusOr<std::map<int64_t, UnixSeconds>> LeftAt(Db& db, const CohortInfo& cohort, UnixSeconds now) {
  auto stmt = db.Prepare(R"sql(
SELECT m.target_id,
       MIN(COALESCE(CASE WHEN m.left_at <= ?3 THEN m.left_at END, 9223372036854775807),
           COALESCE((SELECT MIN(x.opted_out_at) FROM opt_outs x
                     WHERE x.target_id = m.target_id AND x.opted_out_at > ?2
                       AND x.opted_out_at <= ?3), 9223372036854775807))
FROM cohort_members m WHERE m.cohort_id = ?1
)sql");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, cohort.id).Bind(2, cohort.created_at).Bind(3, now);
  // MIN(a, b) with two arguments is SQLite's scalar minimum, not an aggregate.
  std::map<int64_t, UnixSeconds> out;
  while (stmt->Step()) {
    int64_t when = stmt->Int(1);
    if (when != INT64_MAX) out[stmt->Int(0)] = when;
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

}  // namespace

StatusOr<CohortInfo> CreateCohort(Store& store, const std::string& name, const ScoringModel& model,
                                  int size, int comparison_size, UnixSeconds now) {
  if (!ValidCohortName(name))
    return InvalidArgument("a cohort name must be 1 to 100 characters of text, e.g. \"2027-S1\"");
  if (size < 1 || size > 100000) return InvalidArgument("the cohort size must be between 1 and 100000");
  if (comparison_size < 0 || comparison_size > 100000)
    return InvalidArgument("the comparison group size must be between 0 and 100000");
  Db& db = store.db();
  {
    auto taken = FindCohort(store, name);
    if (taken.ok()) return Status(StatusCode::kAlreadyExists, "a cohort named " + name + " already exists");
    if (taken.status().code() != StatusCode::kNotFound) return taken.status();
  }
  Status s = SaveModel(store, model, now);
  if (!s.ok()) return s;
  auto ranking = RankAt(store, model, now);
  if (!ranking.ok()) return ranking.status();
  auto selection = scoring::SelectCohort(*ranking, size, comparison_size);
  if (!selection.ok()) return selection.status();

  DayNumber day = DayOf(now);
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto put = db.Prepare(
      "INSERT INTO cohorts (name, created_at, baseline_day, model_version, size, comparison_size) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!put.ok()) return put.status();
  put->Bind(1, name).Bind(2, now).Bind(3, static_cast<int64_t>(day)).Bind(4, model.version);
  put->Bind(5, static_cast<int64_t>(selection->called.size()))
      .Bind(6, static_cast<int64_t>(selection->comparison.size()));
  s = put->Run();
  if (!s.ok()) {
    if (s.code() == StatusCode::kInvalidArgument)  // UNIQUE: created meanwhile
      return Status(StatusCode::kAlreadyExists, "a cohort named " + name + " already exists");
    return s;
  }
  int64_t cohort_id = db.LastInsertId();
  auto member = db.Prepare(R"sql(
INSERT INTO cohort_members (cohort_id, target_id, grp, rank, baseline_score, baseline_grade,
                            baseline_findings)
VALUES (?, ?, ?, ?, ?, ?, ?))sql");
  if (!member.ok()) return member.status();
  for (scoring::Group g : {scoring::Group::kCalled, scoring::Group::kComparison}) {
    const auto& entries = g == scoring::Group::kCalled ? selection->called : selection->comparison;
    for (const scoring::RankedEntry& e : entries) {
      const scoring::RankCandidate& c = e.target;
      auto base = ScoreStoredDay(store, model, c.target_id, *c.rolling.last_scan_day);
      if (!base.ok()) return base.status();
      member->Reset();
      member->Bind(1, cohort_id).Bind(2, c.target_id).Bind(3, scoring::GroupName(g));
      member->Bind(4, e.rank).Bind(5, *c.rolling.score).Bind(6, c.rolling.grade);
      member->Bind(7, FindingsJson(base->active));
      s = member->Run();
      if (!s.ok()) return s;
    }
  }
  s = tx.Commit();
  if (!s.ok()) return s;
  return FindCohort(store, name);
}

StatusOr<std::vector<CohortInfo>> ListCohorts(Store& store) {
  auto stmt = store.db().Prepare(
      std::string("SELECT ") + kCohortColumns +
      ", (SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id AND m.left_at IS NOT NULL)"
      " FROM cohorts c ORDER BY c.created_at, c.id");
  if (!stmt.ok()) return stmt.status();
  std::vector<CohortInfo> out;
  while (stmt->Step()) {
    CohortInfo c = ReadCohort(*stmt);
    c.left = static_cast<int>(stmt->Int(7));
    out.push_back(std::move(c));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

StatusOr<CohortInfo> FindCohort(Store& store, const std::string& name) {
  auto stmt = store.db().Prepare(
      std::string("SELECT ") + kCohortColumns +
      ", (SELECT COUNT(*) FROM cohort_members m WHERE m.cohort_id = c.id AND m.left_at IS NOT NULL)"
      " FROM cohorts c WHERE c.name = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, name);
  if (!stmt->Step()) {
    if (!stmt->status().ok()) return stmt->status();
    return NotFound("there is no cohort named " + name + " (see `posture cohort list`)");
  }
  CohortInfo c = ReadCohort(*stmt);
  c.left = static_cast<int>(stmt->Int(7));
  return c;
}

StatusOr<std::vector<scoring::CohortMember>> LoadCohortMembers(Store& store, int64_t cohort_id) {
  auto stmt = store.db().Prepare(R"sql(
SELECT m.target_id, t.kind, t.code, t.name, t.department_code, t.population, m.grp, m.rank,
       m.baseline_score, m.baseline_grade, m.baseline_findings
FROM cohort_members m JOIN targets t ON t.id = m.target_id
WHERE m.cohort_id = ?
ORDER BY CASE m.grp WHEN 'called' THEN 0 ELSE 1 END, m.rank)sql");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, cohort_id);
  std::vector<scoring::CohortMember> out;
  while (stmt->Step()) {
    scoring::CohortMember m;
    m.target_id = stmt->Int(0);
    m.kind = ParseTargetKind(stmt->Text(1)).value_or(TargetKind::kCommune);
    m.code = stmt->Text(2);
    m.key = std::string(TargetKindName(m.kind)) + ":" + m.code;
    m.name = stmt->Text(3);
    m.department = stmt->Text(4);
    m.population = stmt->Int(5);
    m.group = stmt->Text(6) == "called" ? scoring::Group::kCalled : scoring::Group::kComparison;
    m.rank = static_cast<int>(stmt->Int(7));
    m.baseline_score = stmt->Real(8);
    m.baseline_grade = stmt->Text(9);
    m.baseline_findings = ParseBaselineFindings(stmt->Text(10));
    out.push_back(std::move(m));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

StatusOr<scoring::RemediationReport> CohortRemediation(Store& store, const std::string& name,
                                                       UnixSeconds now,
                                                       const scoring::RemediationOptions& options) {
  auto cohort = FindCohort(store, name);
  if (!cohort.ok()) return cohort.status();
  DayNumber day = DayOf(now);
  if (day < cohort->baseline_day)
    return InvalidArgument("cohort " + name + " was created on " + FormatDay(cohort->baseline_day) +
                           "; its remediation can only be computed from that day on");
  auto model = LoadModel(store, cohort->model_version);
  if (!model.ok()) return model.status();
  auto members = LoadCohortMembers(store, cohort->id);
  if (!members.ok()) return members.status();

  RefreshOptions o;
  o.first_day = scoring::WindowStart(day, *model);
  o.last_day = day;
  for (const scoring::CohortMember& m : *members) o.target_ids.push_back(m.target_id);
  if (!o.target_ids.empty()) {
    auto n = RefreshDailyScores(store, *model, o, now);
    if (!n.ok()) return n.status();
  }
  auto rows = LoadDailyScores(store, model->version, o.first_day, day);
  if (!rows.ok()) return rows.status();
  std::map<int64_t, std::vector<const StoredDailyScore*>> by_target;
  for (const StoredDailyScore& r : *rows) by_target[r.target_id].push_back(&r);
  auto left = LeftAt(store.db(), *cohort, now);
  if (!left.ok()) return left.status();

  std::vector<std::pair<scoring::CohortMember, scoring::MemberState>> input;
  for (const scoring::CohortMember& m : *members) {
    scoring::MemberState st;
    auto l = left->find(m.target_id);
    if (l != left->end()) st.opted_out_at = l->second;
    std::vector<scoring::DayScore> daily;
    auto it = by_target.find(m.target_id);
    if (it != by_target.end()) {
      for (const StoredDailyScore* r : it->second)
        if (auto d = DayScoreOf(*r)) daily.push_back(std::move(*d));
      // The last complete scan, judged or not (a scan that measured nothing
      // makes the member unmeasured).
      st.last_scan_day = it->second.back()->day;
    }
    st.rolling = scoring::ComputeRollingScore(daily, day, *model);
    if (st.last_scan_day && !st.opted_out_at) {
      auto s = ScoreStoredDay(store, *model, m.target_id, *st.last_scan_day);
      if (!s.ok()) return s.status();
      st.active = s->active;
      st.findings_total = s->findings_total;
      st.findings_untested = s->findings_untested;
    }
    input.emplace_back(m, std::move(st));
  }
  return scoring::ComputeRemediation(input, *model, cohort->baseline_day, day, options);
}

}  // namespace posture
