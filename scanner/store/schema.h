// The database schema as an ordered list of forward migrations. The schema
// version is SQLite's `PRAGMA user_version`; opening applies the missing
// migrations in one transaction. See SCHEMA.md for what each table holds.
//
// Thread-safety: immutable static data.
#pragma once

#include <vector>

namespace posture {

struct Migration {
  int version;          // the schema version after this migration
  const char* summary;  // one line for humans
  const char* sql;
};

const std::vector<Migration>& Migrations();
inline int LatestSchemaVersion() { return Migrations().back().version; }

}  // namespace posture
