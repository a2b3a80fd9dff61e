#include "tests/e2e/crash_testlib.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "checks/base/time.h"
#include "scanner/store/store.h"
#include "scanner/store/store_scans.h"

namespace posture::e2e {
namespace {

namespace fs = std::filesystem;

const char kRegistry[] = "targets/data/idf-collectivites.csv";
const char kLabTargets[] = "tests/lab/targets.csv";

int64_t MtimeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// What the shared databases depend on: the build, the lab instance, the registry.
std::string CacheKey() {
  std::string material = std::to_string(MtimeOf(PostureBinary())) + "|" +
                         std::to_string(MtimeOf(LabCaFile())) + "|" +
                         ReadFile(SourcePath(kRegistry)) + ReadFile(SourcePath(kLabTargets));
  return std::to_string(std::hash<std::string>{}(material));
}

// The shared database `name` of this key, made by `make` (under the lab scan
// lock, once); older keys' files are removed.
std::string Shared(const std::string& name, const std::function<bool(const std::string&)>& make) {
  std::string dir = WorkDir();
  std::string key = CacheKey();
  std::string db = dir + "/crash-" + key + "-" + name + ".db";
  LabScanLock lock;
  if (fs::exists(db + ".done")) return db;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = entry.path().filename().string();
    if (file.rfind("crash-", 0) == 0 && file.find(key) == std::string::npos)
      fs::remove(entry.path(), ec);
  }
  for (const char* suffix : {"", "-wal", "-shm", ".scan-lock"}) fs::remove(db + suffix, ec);
  if (!make(db)) return "";
  std::ofstream(db + ".done") << "ok\n";
  return db;
}

// Runs one statement returning one integer.
int64_t IntOf(Db& db, const std::string& sql) {
  auto q = db.Prepare(sql);
  if (!q.ok() || !q->Step()) {
    ADD_FAILURE() << sql << ": " << (q.ok() ? q->status().message() : q.status().message());
    return -1;
  }
  return q->Int(0);
}

std::string TypeName(uint16_t type) { return DnsTypeName(type); }

void AddStatuses(const TargetObservations& obs, std::set<std::string>& out) {
  for (const DnsResult& r : obs.dns)
    out.insert("dns " + r.name + " " + TypeName(r.type) + " " + ProbeStatusName(r.status));
  for (const HttpFetch& f : obs.http) {
    std::string s = "http " + f.purpose + " " + f.start_url + " " + ProbeStatusName(f.status);
    for (const HttpHop& h : f.hops)
      s += " " + (h.status_code > 0 ? std::to_string(h.status_code) : ProbeStatusName(h.status));
    out.insert(s);
  }
  auto tls = [](const TlsEndpoint& t) {
    std::string s = t.ip + ":" + std::to_string(t.port) + " " + t.sni + " " + t.context + " " +
                    ProbeStatusName(t.status);
    for (const TlsVersionResult& v : t.versions) s += " " + v.version + "=" + TriName(v.accepted);
    for (const CipherClassResult& c : t.cipher_classes)
      s += " " + c.cipher_class + "=" + TriName(c.accepted);
    return s;
  };
  for (const TlsEndpoint& t : obs.tls) out.insert("tls " + tls(t));
  for (const SmtpProbe& p : obs.smtp) {
    out.insert("smtp " + p.mx_host + " " + p.ip + " " + ProbeStatusName(p.status) +
               " starttls=" + (p.starttls_offered ? "yes " : "no ") +
               ProbeStatusName(p.tls_status) + (p.tls ? " " + tls(*p.tls) : ""));
  }
}

}  // namespace

std::string FixedNow() { return FixedNowPlusDays(0); }

std::string FixedNowPlusDays(int days) {
  return FormatIso8601(LabUpTime() + 3600 + static_cast<UnixSeconds>(days) * 86400);
}

std::vector<std::string> ScanArgs(const std::string& db, const std::string& now,
                                  const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      "--db",      db,          "--quiet",       "--now",
      now,         "scan",      "--resolver",    LabResolver(),
      "--ca-file", LabCaFile(), "--contact-url", "https://posture-e2e.invalid/crash-recovery"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string RegistryTemplate() {
  return Shared("registry", [](const std::string& db) {
    for (const char* file : {kRegistry, kLabTargets}) {
      std::vector<std::string> args = {"--db", db, "targets", "import", SourcePath(file)};
      CommandResult r = RunPosture(args);
      if (r.exit_code != 0) {
        ADD_FAILURE() << Describe(args) << " failed (" << r.exit_code << "): " << r.err;
        return false;
      }
    }
    return true;
  });
}

std::string ReferenceScan() {
  std::string registry = RegistryTemplate();
  if (registry.empty()) return "";
  return Shared("reference", [&registry](const std::string& db) {
    if (!CopyDatabase(registry, db)) return false;
    std::vector<std::string> args = ScanArgs(db, FixedNow());
    CommandResult r = RunPosture(args, 300);
    if (r.exit_code != 0) {
      ADD_FAILURE() << Describe(args) << " failed (" << r.exit_code << "): " << r.err;
      return false;
    }
    std::ofstream(db + ".seconds") << r.seconds << "\n";
    return true;
  });
}

double ReferenceScanSeconds() {
  std::string db = ReferenceScan();
  double seconds = db.empty() ? 0 : std::atof(ReadFile(db + ".seconds").c_str());
  return seconds > 0 ? seconds : 5;
}

bool CopyDatabase(const std::string& from, const std::string& to) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to + suffix, ec);
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) ADD_FAILURE() << "cannot copy " << from << " to " << to << ": " << ec.message();
  return !ec;
}

ScanResults LoadResults(const std::string& db, int64_t run_id) {
  ScanResults out;
  auto store = Store::Open(db, StoreOptions{.read_only = false, .create = false});
  if (!store.ok()) {
    ADD_FAILURE() << store.status().message();
    return out;
  }
  auto q = store->db().Prepare(
      "SELECT o.id, t.kind || ':' || t.code FROM observations o JOIN targets t ON t.id = "
      "o.target_id "
      "WHERE o.run_id = ? ORDER BY o.id");
  if (!q.ok()) {
    ADD_FAILURE() << q.status().message();
    return out;
  }
  q->Bind(1, run_id);
  std::vector<std::pair<int64_t, std::string>> rows;
  while (q->Step()) rows.emplace_back(q->Int(0), q->Text(1));
  for (const auto& [id, key] : rows) {
    TargetResult& r = out[key];
    auto findings = LoadFindings(*store, id);
    auto obs = LoadObservations(*store, id);
    if (!findings.ok() || !obs.ok()) {
      ADD_FAILURE() << "cannot read the results of " << key << " in " << db;
      continue;
    }
    for (const Finding& f : *findings)
      r.findings.insert(f.code + "|" + OutcomeName(f.outcome) + "|" + SeverityName(f.severity) +
                        "|" + f.subject);
    AddStatuses(*obs, r.statuses);
  }
  return out;
}

std::string DiffResults(const ScanResults& expected, const ScanResults& actual) {
  std::ostringstream d;
  int shown = 0;
  auto show = [&](const std::string& line) {
    if (++shown <= 12) d << "  " << line << "\n";
  };
  for (const auto& [key, e] : expected) {
    auto it = actual.find(key);
    if (it == actual.end()) {
      show(key + ": missing");
      continue;
    }
    const TargetResult& a = it->second;
    for (const std::string& f : e.findings)
      if (!a.findings.count(f)) show(key + ": lost finding " + f);
    for (const std::string& f : a.findings)
      if (!e.findings.count(f)) show(key + ": new finding " + f);
    for (const std::string& s : e.statuses)
      if (!a.statuses.count(s)) show(key + ": lost status " + s);
    for (const std::string& s : a.statuses)
      if (!e.statuses.count(s)) show(key + ": new status " + s);
  }
  for (const auto& [key, a] : actual)
    if (!expected.count(key)) show(key + ": not in the reference");
  if (shown > 12) d << "  (" << shown - 12 << " more differences)\n";
  return d.str();
}

DatabaseState InspectDatabase(const std::string& db_path) {
  DatabaseState st;
  auto db = Db::Open(db_path);
  if (!db.ok()) {
    st.integrity = db.status().message();
    return st;
  }
  auto check = db->Prepare("PRAGMA integrity_check");
  if (check.ok()) {
    while (check->Step()) st.integrity += (st.integrity.empty() ? "" : "; ") + check->Text(0);
    if (!check->status().ok()) st.integrity = check->status().message();
  } else {
    st.integrity = check.status().message();
  }
  auto fk = db->Prepare("PRAGMA foreign_key_check");
  if (fk.ok())
    while (fk->Step()) ++st.foreign_key_violations;
  st.runs = static_cast<int>(IntOf(*db, "SELECT COUNT(*) FROM scan_runs"));
  st.done = IntOf(*db, "SELECT COUNT(*) FROM run_targets WHERE state = 'done'");
  st.pending = IntOf(*db, "SELECT COUNT(*) FROM run_targets WHERE state = 'pending'");
  // Each query lists collectivities whose results are only partly there.
  const std::vector<std::pair<const char*, const char*>> kHalf = {
      {"marked done without its observation",
       "SELECT rt.target_id FROM run_targets rt WHERE rt.state = 'done' AND NOT EXISTS "
       "(SELECT 1 FROM observations o WHERE o.run_id = rt.run_id AND o.target_id = rt.target_id)"},
      {"an observation but not marked done",
       "SELECT o.target_id FROM observations o WHERE NOT EXISTS (SELECT 1 FROM run_targets rt "
       "WHERE rt.run_id = o.run_id AND rt.target_id = o.target_id AND rt.state = 'done')"},
      {"an observation without findings",
       "SELECT o.target_id FROM observations o WHERE NOT EXISTS "
       "(SELECT 1 FROM findings f WHERE f.observation_id = o.id)"},
      {"a complete observation without its daily score",
       "SELECT o.target_id FROM observations o WHERE o.complete = 1 AND NOT EXISTS "
       "(SELECT 1 FROM scores s WHERE s.target_id = o.target_id AND s.day = o.day)"},
      {"a daily score without a complete observation",
       "SELECT s.target_id FROM scores s WHERE NOT EXISTS (SELECT 1 FROM observations o "
       "WHERE o.target_id = s.target_id AND o.day = s.day AND o.complete = 1)"},
      {"findings of another day than their observation's",
       "SELECT f.target_id FROM findings f JOIN observations o ON o.id = f.observation_id "
       "WHERE f.day != o.day OR f.target_id != o.target_id"},
  };
  for (const auto& [what, sql] : kHalf) {
    auto q = db->Prepare(sql);
    if (!q.ok()) {
      st.half_written.push_back(std::string(what) + ": " + q.status().message());
      continue;
    }
    while (q->Step())
      st.half_written.push_back("target " + std::to_string(q->Int(0)) + ": " + what);
  }
  return st;
}

std::string TablesDigest(const std::string& db_path,
                         const std::vector<std::pair<std::string, std::string>>& tables) {
  auto db = Db::Open(db_path);
  if (!db.ok()) return "cannot open: " + db.status().message();
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  auto mix = [&h](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  int64_t rows = 0;
  for (const auto& [table, where] : tables) {
    std::string sql =
        "SELECT * FROM " + table + (where.empty() ? "" : " WHERE " + where) + " ORDER BY rowid";
    auto q = db->Prepare(sql);
    if (!q.ok()) return sql + ": " + q.status().message();
    mix(table);
    while (q->Step()) {
      ++rows;
      for (int c = 0; c < q->ColumnCount(); ++c)
        mix(q->IsNull(c) ? std::string("\x01null") : q->Blob(c));
    }
    if (!q->status().ok()) return sql + ": " + q->status().message();
  }
  return std::to_string(rows) + " rows, digest " + std::to_string(h);
}

}  // namespace posture::e2e
