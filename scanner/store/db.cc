#include "scanner/store/db.h"

#include <utility>

namespace posture {
namespace {
// `what`: the subject ("database /x/posture.db"); `detail`: SQLite's words.
Status SqliteStatusText(int rc, std::string_view what, std::string_view detail) {
  std::string msg(what);
  msg += ": ";
  int primary = rc & 0xff;
  if (primary == SQLITE_FULL) {
    msg += "no space left on the disk holding it (";
    msg += detail;
    msg += ")";
  } else {
    msg += detail;
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Unavailable(msg);
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_READONLY ||
      primary == SQLITE_CANTOPEN || primary == SQLITE_PERM)
    return IoError(msg);
  if (primary == SQLITE_CONSTRAINT) return InvalidArgument(msg);
  return Internal(msg);
}

Status SqliteStatus(sqlite3* db, int rc, std::string_view what) {
  return SqliteStatusText(rc, what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}
}  // namespace

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    status_ = std::move(o.status_);
    o.stmt_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view v) {
  sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE && status_.ok()) {
    const char* file = sqlite3_db_filename(db_, "main");
    status_ = SqliteStatus(
        db_, rc, std::string("database") + (file && *file ? " " : "") + (file ? file : ""));
  }
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  return status_;
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = Status();
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::Real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}
std::string Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = o.db_;
    path_ = std::move(o.path_);
    o.db_ = nullptr;
  }
  return *this;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

StatusOr<Db> Db::Open(const std::string& path, bool read_only) {
  Db db;
  db.path_ = path;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(db.db_, rc, "cannot open database " + path);
    return s;
  }
  sqlite3_busy_timeout(db.db_, 10000);
  sqlite3_extended_result_codes(db.db_, 1);
  return db;
}

Status Db::Exec(std::string_view sql) {
  std::string copy(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return SqliteStatusText(rc, "database " + path_, msg);
  }
  return Status();
}

StatusOr<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db_, rc, "database " + path_);
  return Stmt(db_, stmt);
}

Status Db::Error(std::string_view what) const {
  return SqliteStatus(db_, sqlite3_extended_errcode(db_), what);
}

Transaction::Transaction(Db& db) : db_(db) { begin_status_ = db_.Exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_ && begin_status_.ok()) db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!begin_status_.ok()) return begin_status_;
  done_ = true;
  Status s = db_.Exec("COMMIT");
  if (!s.ok()) db_.Exec("ROLLBACK");
  return s;
}

}  // namespace posture
