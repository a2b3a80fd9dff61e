#include "scanner/store/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

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

// The error of a read-write open that met a database it cannot write.
Status NotWritable(const std::string& path, const Status& cause) {
  std::string why = DescribeWriteProblem(path);
  if (why.empty()) return cause;
  return IoError("cannot write to the database " + path + ": " + why);
}

}  // namespace

std::string DescribeWriteProblem(const std::string& path) {
  std::filesystem::path p(path);
  std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  struct statvfs vfs {};
  if (::statvfs(dir.c_str(), &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
    return "it is on a read-only file system";
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != ENOENT) {
    return std::string("it cannot be opened for writing (") + std::strerror(errno) + ")";
  }
  // SQLite writes "<db>-wal" and "<db>-shm" next to the database, creating
  // them when they do not exist.
  for (const char* suffix : {"-wal", "-shm"}) {
    std::string side = path + suffix;
    int side_fd = ::open(side.c_str(), O_RDWR | O_CLOEXEC);
    if (side_fd >= 0) {
      ::close(side_fd);
      continue;
    }
    if (errno != ENOENT)
      return "its file " + side + " cannot be opened for writing (" + std::strerror(errno) + ")";
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
      return "its directory " + dir + " is not writable (" + std::strerror(errno) +
             "), and SQLite must create " + p.filename().string() + "-wal and -shm there";
  }
  return "";
}

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
  if (exists && !options.read_only) {
    // SQLite would open it read-only without a word, or fail on the first write.
    std::string why = DescribeWriteProblem(path);
    if (!why.empty()) return IoError("cannot write to the database " + path + ": " + why);
  }
  auto db = Db::Open(path, options.read_only);
  if (!db.ok() && db.status().code() == StatusCode::kIoError && !options.read_only)
    return NotWritable(path, db.status());
  if (!db.ok()) return db.status();
  Store store;
  store.db_ = std::move(db).value();
  Db& d = store.db_;
  Status s = d.Exec("PRAGMA foreign_keys = ON");
  if (!s.ok()) return s;
  auto version = UserVersion(d);
  if (!version.ok() && version.status().code() == StatusCode::kIoError && !options.read_only)
    return NotWritable(path, version.status());
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
    // SQLite opens a file it may not write read-only without a word.
    if (sqlite3_db_readonly(d.raw(), "main") == 1)
      return NotWritable(path, IoError("database " + path + " is read-only"));
    s = d.Exec("PRAGMA journal_mode = WAL");
    if (!s.ok()) return s.code() == StatusCode::kIoError ? NotWritable(path, s) : s;
    s = d.Exec("PRAGMA synchronous = NORMAL");
    if (!s.ok()) return s;
    if (*version < LatestSchemaVersion()) {
      s = Migrate(d);
      if (!s.ok()) return s.code() == StatusCode::kIoError ? NotWritable(path, s) : s;
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
