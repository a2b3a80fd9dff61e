// A scratch database with synthetic scan history, written with plain SQL
// (targets, scan_runs, observations, findings, opt_outs rows), for the
// scoring store and CLI tests. Header-only: tests/store and tests/cli use it.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "checks/base/time.h"
#include "checks/finding.h"
#include "checks/observations.h"
#include "scanner/store/store.h"
#include "targets/target.h"

namespace posture::testing {

inline UnixSeconds At(DayNumber day, int hour = 6) {
  return StartOfDay(day) + static_cast<UnixSeconds>(hour) * 3600;
}

inline Finding MakeFinding(const std::string& code, Outcome o, Severity s) {
  Finding f;
  f.code = code;
  f.outcome = o;
  f.severity = s;
  f.subject = "example.test";
  f.evidence = "evidence of " + code;
  return f;
}

// The observations of a scan of `key` that ended at `at` (nothing observed).
inline TargetObservations ObservedAt(const std::string& key, UnixSeconds at) {
  TargetObservations obs;
  obs.target_key = key;
  obs.started_at = at - 5;
  obs.finished_at = at;
  return obs;
}

// 50 low-severity DNS findings DNS-P-01 .. DNS-P-50 whose daily score is
// exactly `score` (an even number 0..100): the first score/2 pass, the rest
// fail. Only the dns category is present, so overall = dns score.
inline std::vector<Finding> DnsProfile(int score) {
  std::vector<Finding> out;
  int pass = score / 2;
  for (int i = 1; i <= 50; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "DNS-P-%02d", i);
    out.push_back(MakeFinding(code, i <= pass ? Outcome::kPass : Outcome::kFail, Severity::kLow));
  }
  return out;
}

class ScoreDb {
 public:
  ScoreDb() {
    char tmpl[] = "/tmp/posture-scores-XXXXXX";
    char* dir = ::mkdtemp(tmpl);
    EXPECT_NE(dir, nullptr);
    dir_ = dir ? dir : "/tmp";
    path_ = dir_ + "/posture.db";
    auto s = Store::Open(path_);
    EXPECT_TRUE(s.ok()) << s.status().message();
    store_.emplace(std::move(s).value());
  }
  ~ScoreDb() {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path_ + suffix).c_str());
    ::rmdir(dir_.c_str());
  }
  ScoreDb(const ScoreDb&) = delete;
  ScoreDb& operator=(const ScoreDb&) = delete;

  Store& store() { return *store_; }
  Db& db() { return store_->db(); }
  const std::string& path() const { return path_; }

  void Exec(const std::string& sql) {
    Status s = db().Exec(sql);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  int64_t AddTarget(const std::string& code, int64_t population = 1000,
                    TargetKind kind = TargetKind::kCommune, std::string department = "",
                    std::string name = "") {
    if (department.empty() && kind == TargetKind::kCommune) department = code.substr(0, 2);
    if (name.empty()) name = "Commune " + code;
    auto stmt = db().Prepare(
        "INSERT INTO targets (kind, code, name, department_code, population, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)");
    EXPECT_TRUE(stmt.ok());
    stmt->Bind(1, TargetKindName(kind)).Bind(2, code).Bind(3, name).Bind(4, department);
    stmt->Bind(5, population);
    EXPECT_TRUE(stmt->Run().ok());
    return db().LastInsertId();
  }

  // One scan of one target at `at`: a run, an observation and its findings.
  int64_t Scan(int64_t target_id, UnixSeconds at, const std::vector<Finding>& findings,
               bool complete = true) {
    auto run = db().Prepare(
        "INSERT INTO scan_runs (started_at, finished_at, status, posture_version) "
        "VALUES (?, ?, 'complete', 'test')");
    EXPECT_TRUE(run.ok());
    run->Bind(1, at).Bind(2, at);
    EXPECT_TRUE(run->Run().ok());
    int64_t run_id = db().LastInsertId();
    auto obs = db().Prepare(
        "INSERT INTO observations (run_id, target_id, scanned_at, day, complete, encoding, data) "
        "VALUES (?, ?, ?, ?, ?, 'json', CAST('{}' AS BLOB))");
    EXPECT_TRUE(obs.ok());
    obs->Bind(1, run_id).Bind(2, target_id).Bind(3, at).Bind(4, static_cast<int64_t>(DayOf(at)));
    obs->Bind(5, complete ? 1 : 0);
    EXPECT_TRUE(obs->Run().ok());
    int64_t obs_id = db().LastInsertId();
    auto f = db().Prepare(
        "INSERT INTO findings (observation_id, target_id, day, code, outcome, severity, subject, "
        "evidence, detail, check_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 1)");
    EXPECT_TRUE(f.ok());
    for (const Finding& x : findings) {
      f->Reset();
      f->Bind(1, obs_id).Bind(2, target_id).Bind(3, static_cast<int64_t>(DayOf(at)));
      f->Bind(4, x.code).Bind(5, OutcomeName(x.outcome)).Bind(6, SeverityName(x.severity));
      f->Bind(7, x.subject).Bind(8, x.evidence);
      EXPECT_TRUE(f->Run().ok());
    }
    return obs_id;
  }

  // Scans `target_id` on each day of [first, last] stepping `every` days.
  void ScanDays(int64_t target_id, DayNumber first, DayNumber last, int every,
                const std::vector<Finding>& findings) {
    Transaction tx(db());
    for (DayNumber d = first; d <= last; d += every) Scan(target_id, At(d), findings);
    EXPECT_TRUE(tx.Commit().ok());
  }

  void OptOut(int64_t target_id, UnixSeconds at) {
    auto stmt = db().Prepare(
        "INSERT INTO opt_outs (target_id, requested_by, reason, opted_out_at) "
        "VALUES (?, 'maire', 'test', ?)");
    EXPECT_TRUE(stmt.ok());
    stmt->Bind(1, target_id).Bind(2, at);
    EXPECT_TRUE(stmt->Run().ok());
  }
  void OptIn(int64_t target_id, UnixSeconds at) {
    auto stmt = db().Prepare(
        "UPDATE opt_outs SET opted_in_at = ?, opted_in_by = 'maire' "
        "WHERE target_id = ? AND opted_in_at IS NULL");
    EXPECT_TRUE(stmt.ok());
    stmt->Bind(1, at).Bind(2, target_id);
    EXPECT_TRUE(stmt->Run().ok());
  }

 private:
  std::string dir_;
  std::string path_;
  std::optional<Store> store_;
};

}  // namespace posture::testing
