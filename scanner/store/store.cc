#include "scanner/store/store.h"

#include <sys/stat.h>

#include <cstdlib>

#include "scanner/store/schema.h"

namespace posture {
namespace {

StatusOr<int> UserVersion(Db& db) {
  auto stmt = db.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  if (!stmt->Step()) return stmt->status().ok() ? Internal("no user_version") : stmt->status();
  return static_cast<int>(stmt->Int(0));
}

Status Migrate(Db& db) {
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  // Re-read inside the transaction: another process may have migrated.
  auto current = UserVersion(db);
  if (!current.ok()) return current.status();
  for (const Migration& m : Migrations()) {
    if (m.version <= *current) continue;
    Status s = db.Exec(m.sql);
    if (!s.ok())
      return Status(s.code(), "migration to schema " + std::to_string(m.version) + " (" +
                                  m.summary + ") failed: " + s.message());
    s = db.Exec("PRAGMA user_version = " + std::to_string(m.version));
    if (!s.ok()) return s;
  }
  return tx.Commit();
}

}  // namespace

std::string DefaultDatabasePath() {
  const char* env = std::getenv("POSTURE_DB");
  if (env && *env) return env;
  return "posture.db";
}

StatusOr<Store> Store::Open(const std::string& path, StoreOptions options) {
  struct stat st;
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && (!options.create || options.read_only))
    return NotFound("database " + path +
                    " does not exist; create it with `posture targets import FILE` (or pass --db)");
  auto db = Db::Open(path, options.read_only);
  if (!db.ok()) return db.status();
  Store store;
  store.db_ = std::move(db).value();
  Db& d = store.db_;
  Status s = d.Exec("PRAGMA foreign_keys = ON");
  if (!s.ok()) return s;
  auto version = UserVersion(d);
  if (!version.ok()) {
    return FailedPrecondition(path + " is not a posture database (" + version.status().message() +
                              ")");
  }
  if (*version > LatestSchemaVersion()) {
    return FailedPrecondition("database " + path + " was written by a newer posture (schema " +
                              std::to_string(*version) + ", this posture knows up to " +
                              std::to_string(LatestSchemaVersion()) +
                              "); upgrade posture to use it");
  }
  if (!options.read_only) {
    s = d.Exec("PRAGMA journal_mode = WAL");
    if (!s.ok()) return s;
    s = d.Exec("PRAGMA synchronous = NORMAL");
    if (!s.ok()) return s;
    if (*version < LatestSchemaVersion()) {
      s = Migrate(d);
      if (!s.ok()) return s;
    }
  } else if (*version < LatestSchemaVersion()) {
    return FailedPrecondition("database " + path + " uses an older schema (" +
                              std::to_string(*version) +
                              "); open it once read-write to upgrade it");
  }
  store.schema_version_ = LatestSchemaVersion();
  return store;
}

}  // namespace posture
