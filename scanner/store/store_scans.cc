#include "scanner/store/store_scans.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>

#include "checks/check.h"
#include "checks/observations_json.h"
#include "posture/version.h"

namespace posture {

// ---- ScanLock ----

namespace {

// "<db>.scan-lock" next to the real database file, so that two spellings of
// one database (a relative path, a symbolic link) share one lock.
std::string LockPathFor(const std::string& db_path) {
  std::error_code ec;
  std::filesystem::path p(db_path);
  std::filesystem::path real = std::filesystem::weakly_canonical(p, ec);
  if (ec || real.empty()) real = p;
  return real.string() + ".scan-lock";
}

}  // namespace

StatusOr<ScanLock> ScanLock::Acquire(const std::string& db_path) {
  std::string path = LockPathFor(db_path);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    std::string why = DescribeWriteProblem(db_path);
    if (!why.empty()) return IoError("cannot scan into the database " + db_path + ": " + why);
    return IoError("cannot create the scan lock " + path + ": " + std::strerror(err));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {0};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return Unavailable("a scan is already running on " + db_path + " (process " + pid +
                       "); wait for it to finish or stop it, then run posture scan again");
  }
  std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t ignored = ::pwrite(fd, me.data(), me.size(), 0);
    (void)ignored;
  }
  return ScanLock(fd);
}

ScanLock::~ScanLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

// ---- Compression ----

std::string CompressObservations(const std::string& json) {
  uLongf bound = compressBound(json.size());
  std::string out(4 + bound, '\0');
  uint32_t size = static_cast<uint32_t>(json.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((size >> (8 * i)) & 0xff);
  int rc = compress2(reinterpret_cast<Bytef*>(&out[4]), &bound,
                     reinterpret_cast<const Bytef*>(json.data()), json.size(), 6);
  if (rc != Z_OK) return std::string();
  out.resize(4 + bound);
  return out;
}

StatusOr<std::string> DecompressObservations(const std::string& blob) {
  if (blob.size() < 4) return InvalidArgument("observation data is truncated");
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size |= static_cast<uint32_t>(static_cast<uint8_t>(blob[i])) << (8 * i);
  if (size > (256u << 20)) return InvalidArgument("observation data claims an absurd size");
  std::string out(size, '\0');
  uLongf out_len = size;
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &out_len,
                      reinterpret_cast<const Bytef*>(blob.data() + 4), blob.size() - 4);
  if (rc != Z_OK || out_len != size) return InvalidArgument("observation data is corrupt");
  return out;
}

// ---- Runs ----

StatusOr<int64_t> BeginRun(Store& store, UnixSeconds now, const std::string& options_json,
                           const std::vector<int64_t>& target_ids) {
  Db& db = store.db();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto run = db.Prepare(
      "INSERT INTO scan_runs(started_at, status, posture_version, options, targets_total) "
      "VALUES (?, 'running', ?, ?, ?)");
  if (!run.ok()) return run.status();
  run->Bind(1, static_cast<int64_t>(now)).Bind(2, kVersion).Bind(3, options_json);
  run->Bind(4, static_cast<int64_t>(target_ids.size()));
  if (Status s = run->Run(); !s.ok()) return s;
  int64_t run_id = db.LastInsertId();
  auto plan = db.Prepare("INSERT OR IGNORE INTO run_targets(run_id, target_id, state) VALUES (?, ?, 'pending')");
  if (!plan.ok()) return plan.status();
  for (int64_t id : target_ids) {
    plan->Reset();
    plan->Bind(1, run_id).Bind(2, id);
    if (Status s = plan->Run(); !s.ok()) return s;
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return run_id;
}

StatusOr<std::optional<ScanRun>> FindUnfinishedRun(Store& store) {
  // A run over the whole registry has no target list in its options.
  auto q = store.db().Prepare(
      "SELECT r.id, r.started_at, r.status, r.targets_total, "
      "  (SELECT COUNT(*) FROM run_targets t WHERE t.run_id = r.id AND t.state = 'done') "
      "FROM scan_runs r "
      "WHERE CASE WHEN json_valid(r.options) "
      "           THEN COALESCE(json_array_length(r.options, '$.targets'), 0) ELSE 0 END = 0 "
      "ORDER BY r.id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  if (!q->Step()) {
    if (!q->status().ok()) return q->status();
    return std::optional<ScanRun>();
  }
  ScanRun run;
  run.id = q->Int(0);
  run.started_at = q->Int(1);
  run.status = q->Text(2);
  run.targets_total = q->Int(3);
  run.targets_done = q->Int(4);
  if (run.status == "complete") return std::optional<ScanRun>();
  return std::optional<ScanRun>(run);
}

StatusOr<int64_t> MarkCrashedRunsInterrupted(Store& store) {
  Status s =
      store.db().Exec("UPDATE scan_runs SET status = 'interrupted' WHERE status = 'running'");
  if (!s.ok()) return s;
  return static_cast<int64_t>(store.db().Changes());
}

Status DropPendingTargets(Store& store, int64_t run_id, const std::vector<int64_t>& target_ids) {
  if (target_ids.empty()) return Status();
  Db& db = store.db();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto del = db.Prepare(
      "DELETE FROM run_targets WHERE run_id = ? AND target_id = ? AND state = 'pending'");
  if (!del.ok()) return del.status();
  for (int64_t id : target_ids) {
    del->Reset();
    del->Bind(1, run_id).Bind(2, id);
    if (Status s = del->Run(); !s.ok()) return s;
  }
  return tx.Commit();
}

StatusOr<std::vector<int64_t>> PendingTargets(Store& store, int64_t run_id) {
  auto q = store.db().Prepare(
      "SELECT target_id FROM run_targets WHERE run_id = ? AND state = 'pending' ORDER BY target_id");
  if (!q.ok()) return q.status();
  q->Bind(1, run_id);
  std::vector<int64_t> ids;
  while (q->Step()) ids.push_back(q->Int(0));
  if (!q->status().ok()) return q->status();
  return ids;
}

Status FinishRun(Store& store, int64_t run_id, const std::string& status, UnixSeconds now) {
  auto q = store.db().Prepare("UPDATE scan_runs SET status = ?, finished_at = ? WHERE id = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, status).Bind(2, static_cast<int64_t>(now)).Bind(3, run_id);
  return q->Run();
}

StatusOr<std::vector<ScanRun>> ListRuns(Store& store, int limit) {
  auto q = store.db().Prepare(
      "SELECT r.id, r.started_at, r.finished_at, r.status, r.targets_total, "
      "  (SELECT COUNT(*) FROM run_targets t WHERE t.run_id = r.id AND t.state = 'done') "
      "FROM scan_runs r ORDER BY r.id DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->Bind(1, static_cast<int64_t>(limit));
  std::vector<ScanRun> runs;
  while (q->Step()) {
    ScanRun r;
    r.id = q->Int(0);
    r.started_at = q->Int(1);
    if (!q->IsNull(2)) r.finished_at = q->Int(2);
    r.status = q->Text(3);
    r.targets_total = q->Int(4);
    r.targets_done = q->Int(5);
    runs.push_back(r);
  }
  if (!q->status().ok()) return q->status();
  return runs;
}

// ---- Results ----

namespace {
Status InsertFindings(Db& db, int64_t observation_id, int64_t target_id, DayNumber day,
                      const std::vector<Finding>& findings) {
  auto ins = db.Prepare(
      "INSERT INTO findings(observation_id, target_id, day, code, outcome, severity, subject, "
      "evidence, detail, check_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  for (const Finding& f : findings) {
    ins->Reset();
    ins->Bind(1, observation_id).Bind(2, target_id).Bind(3, static_cast<int64_t>(day));
    ins->Bind(4, f.code).Bind(5, OutcomeName(f.outcome)).Bind(6, SeverityName(f.severity));
    ins->Bind(7, f.subject).Bind(8, f.evidence).Bind(9, f.detail);
    ins->Bind(10, static_cast<int64_t>(CheckVersion(f.code)));
    if (Status s = ins->Run(); !s.ok()) return s;
  }
  return Status();
}
}  // namespace

StatusOr<int64_t> WriteTargetResult(Store& store, int64_t run_id, int64_t target_id,
                                    const TargetObservations& obs,
                                    const std::vector<Finding>& findings, bool complete,
                                    const InTransaction& also) {
  Db& db = store.db();
  std::string blob = CompressObservations(SerializeObservations(obs));
  if (blob.empty()) return Internal("cannot compress the observations of target " + obs.target_key);
  DayNumber day = DayOf(obs.finished_at);
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto ins = db.Prepare(
      "INSERT INTO observations(run_id, target_id, scanned_at, day, complete, encoding, data) "
      "VALUES (?, ?, ?, ?, ?, 'json+zlib', ?) "
      "ON CONFLICT(run_id, target_id) DO UPDATE SET scanned_at = excluded.scanned_at, "
      "  day = excluded.day, complete = excluded.complete, data = excluded.data "
      "RETURNING id");
  if (!ins.ok()) return ins.status();
  ins->Bind(1, run_id).Bind(2, target_id).Bind(3, static_cast<int64_t>(obs.finished_at));
  ins->Bind(4, static_cast<int64_t>(day)).Bind(5, static_cast<int64_t>(complete ? 1 : 0));
  ins->BindBlob(6, blob);
  if (!ins->Step()) return ins->status().ok() ? Internal("no observation id") : ins->status();
  int64_t observation_id = ins->Int(0);
  ins->Run();
  auto del = db.Prepare("DELETE FROM findings WHERE observation_id = ?");
  if (!del.ok()) return del.status();
  del->Bind(1, observation_id);
  if (Status s = del->Run(); !s.ok()) return s;
  if (Status s = InsertFindings(db, observation_id, target_id, day, findings); !s.ok()) return s;
  auto done = db.Prepare("UPDATE run_targets SET state = 'done' WHERE run_id = ? AND target_id = ?");
  if (!done.ok()) return done.status();
  done->Bind(1, run_id).Bind(2, target_id);
  if (Status s = done->Run(); !s.ok()) return s;
  if (also) {
    if (Status s = also(observation_id, day); !s.ok()) return s;
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return observation_id;
}

StatusOr<std::vector<StoredObservation>> ListObservations(Store& store, int64_t target_id) {
  auto q = store.db().Prepare(
      "SELECT id, run_id, target_id, scanned_at, day, complete FROM observations "
      "WHERE ?1 = 0 OR target_id = ?1 ORDER BY scanned_at, id");
  if (!q.ok()) return q.status();
  q->Bind(1, target_id);
  std::vector<StoredObservation> out;
  while (q->Step()) {
    StoredObservation o;
    o.id = q->Int(0);
    o.run_id = q->Int(1);
    o.target_id = q->Int(2);
    o.scanned_at = q->Int(3);
    o.day = static_cast<DayNumber>(q->Int(4));
    o.complete = q->Int(5) != 0;
    out.push_back(o);
  }
  if (!q->status().ok()) return q->status();
  return out;
}

StatusOr<TargetObservations> LoadObservations(Store& store, int64_t observation_id) {
  auto q = store.db().Prepare("SELECT encoding, data FROM observations WHERE id = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, observation_id);
  if (!q->Step()) {
    if (!q->status().ok()) return q->status();
    return NotFound("no observation " + std::to_string(observation_id));
  }
  std::string encoding = q->Text(0);
  std::string data = q->Blob(1);
  if (encoding == "json+zlib") {
    auto json = DecompressObservations(data);
    if (!json.ok()) return json.status();
    data = std::move(json).value();
  }
  return ParseObservations(data);
}

Status ReplaceFindings(Store& store, int64_t observation_id, const std::vector<Finding>& findings) {
  Transaction tx(store.db());
  if (!tx.status().ok()) return tx.status();
  if (Status s = ReplaceFindingsLocked(store, observation_id, findings); !s.ok()) return s;
  return tx.Commit();
}

Status ReplaceFindingsLocked(Store& store, int64_t observation_id,
                             const std::vector<Finding>& findings) {
  Db& db = store.db();
  auto q = db.Prepare("SELECT target_id, day FROM observations WHERE id = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, observation_id);
  if (!q->Step()) return q->status().ok() ? NotFound("no observation") : q->status();
  int64_t target_id = q->Int(0);
  auto day = static_cast<DayNumber>(q->Int(1));
  auto del = db.Prepare("DELETE FROM findings WHERE observation_id = ?");
  if (!del.ok()) return del.status();
  del->Bind(1, observation_id);
  if (Status s = del->Run(); !s.ok()) return s;
  return InsertFindings(db, observation_id, target_id, day, findings);
}

StatusOr<std::vector<Finding>> LoadFindings(Store& store, int64_t observation_id) {
  auto q = store.db().Prepare(
      "SELECT code, outcome, severity, subject, evidence, detail FROM findings "
      "WHERE observation_id = ? ORDER BY rowid");
  if (!q.ok()) return q.status();
  q->Bind(1, observation_id);
  std::vector<Finding> out;
  while (q->Step()) {
    Finding f;
    f.code = q->Text(0);
    f.outcome = ParseOutcome(q->Text(1)).value_or(Outcome::kError);
    f.severity = ParseSeverity(q->Text(2)).value_or(Severity::kInfo);
    f.subject = q->Text(3);
    f.evidence = q->Text(4);
    f.detail = q->Text(5);
    out.push_back(std::move(f));
  }
  if (!q->status().ok()) return q->status();
  return out;
}

}  // namespace posture
