// The store: posture's only code that touches SQLite. It owns one connection
// (WAL mode, foreign keys on, STRICT tables) and applies forward migrations
// when it opens a database. Every logical change is one transaction.
//
// The store's API is split by area: targets and opt-outs (store_targets.cc),
// scan runs, observations and findings (store_scans.cc), scores, models,
// explanations and cohorts (store_scores.cc).
//
// Thread-safety: a Store is used by one thread at a time. The scanner has one
// writer thread; readers open their own Store.
#pragma once

#include <string>

#include "checks/base/status.h"
#include "checks/base/time.h"
#include "scanner/store/db.h"

namespace posture {

struct StoreOptions {
  bool read_only = false;
  // Creates the database file if it does not exist (otherwise NotFound).
  bool create = true;
};

class Store {
 public:
  // Opens `path`, applies pending migrations. Fails with FailedPrecondition
  // if the database was written by a newer posture, with IoError and one
  // sentence saying why (DescribeWriteProblem) when a read-write open finds
  // the database read-only.
  static StatusOr<Store> Open(const std::string& path, StoreOptions options = {});

  Store(Store&&) = default;
  Store& operator=(Store&&) = default;

  int schema_version() const { return schema_version_; }
  Db& db() { return db_; }
  const std::string& path() const { return db_.path(); }

 private:
  Store() = default;
  Db db_;
  int schema_version_ = 0;
};

// The database path: --db if given, else $POSTURE_DB, else "posture.db".
std::string DefaultDatabasePath();

// Why the database at `path` cannot be written, as the end of a sentence
// ("it is on a read-only file system", "it is not writable by this user
// (Permission denied)", "its directory /x is not writable ..."), or "" when
// nothing visible prevents writing. SQLite needs to write the file, and
// "<db>-wal" and "<db>-shm" next to it (creating them when they are absent).
std::string DescribeWriteProblem(const std::string& path);

}  // namespace posture
