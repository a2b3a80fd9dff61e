// Opening the store: migrations on a fresh database, on an empty file, on an
// older schema; refusal of a database written by a newer posture.
#include "scanner/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "scanner/store/schema.h"

namespace posture {
namespace {

class StoreOpenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "posture-store-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/posture.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs SQL on the file with SQLite directly (not through the store).
  void RawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  int64_t RawInt(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    int64_t v = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return v;
  }

  std::set<std::string> Tables(Store& store) {
    std::set<std::string> out;
    auto stmt = store.db().Prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    EXPECT_TRUE(stmt.ok());
    while (stmt->Step()) out.insert(stmt->Text(0));
    return out;
  }

  std::string FileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  std::string dir_;
  std::string path_;
};

const std::set<std::string> kExpectedTables = {
    "targets",  "target_domains", "target_contacts", "opt_outs",     "scan_runs",
    "run_targets", "observations", "findings",     "scores",       "explanations",
    "models",   "cohorts",        "cohort_members"};

TEST_F(StoreOpenTest, FreshDatabaseGetsLatestSchema) {
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(store->schema_version(), LatestSchemaVersion());
  std::set<std::string> tables = Tables(*store);
  for (const std::string& t : kExpectedTables) EXPECT_TRUE(tables.count(t)) << t;
  auto stmt = store->db().Prepare("PRAGMA user_version");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(stmt->Step());
  EXPECT_EQ(stmt->Int(0), LatestSchemaVersion());
  auto journal = store->db().Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(journal.ok());
  ASSERT_TRUE(journal->Step());
  EXPECT_EQ(journal->Text(0), "wal");
  auto fk = store->db().Prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.ok());
  ASSERT_TRUE(fk->Step());
  EXPECT_EQ(fk->Int(0), 1);
}

TEST_F(StoreOpenTest, ReopeningIsANoOp) {
  {
    auto store = Store::Open(path_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->db().Exec("INSERT INTO models (version, definition, loaded_at) "
                                 "VALUES ('m1', '{}', 1)").ok());
  }
  auto again = Store::Open(path_);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(RawInt("SELECT COUNT(*) FROM models"), 1);
}

TEST_F(StoreOpenTest, TablesAreStrict) {
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok());
  // A STRICT table refuses a text where an integer is declared.
  Status s = store->db().Exec(
      "INSERT INTO targets (kind, code, name, population, created_at, updated_at) "
      "VALUES ('commune', '78646', 'Versailles', 'many', 0, 0)");
  EXPECT_FALSE(s.ok());
}

TEST_F(StoreOpenTest, EmptyFileIsUpgraded) {
  { std::ofstream touch(path_); }
  ASSERT_EQ(std::filesystem::file_size(path_), 0u);
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(store->schema_version(), LatestSchemaVersion());
  EXPECT_TRUE(Tables(*store).count("targets"));
}

TEST_F(StoreOpenTest, EmptySqliteDatabaseIsUpgraded) {
  RawExec("PRAGMA user_version = 0; CREATE TABLE unrelated (x INTEGER); DROP TABLE unrelated;");
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(RawInt("PRAGMA user_version"), LatestSchemaVersion());
}

TEST_F(StoreOpenTest, OlderSchemaIsMigratedKeepingData) {
  // A database as the first posture wrote it: migration 1 only.
  const Migration& first = Migrations().front();
  ASSERT_EQ(first.version, 1);
  RawExec(std::string(first.sql) + "PRAGMA user_version = 1;");
  RawExec(
      "INSERT INTO targets (kind, code, name, created_at, updated_at) "
      "VALUES ('commune', '78646', 'Versailles', 10, 10);");
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(RawInt("PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(RawInt("SELECT COUNT(*) FROM targets WHERE code = '78646'"), 1);
}

TEST_F(StoreOpenTest, NewerDatabaseIsRefusedAndLeftUntouched) {
  int newer = LatestSchemaVersion() + 1;
  RawExec("CREATE TABLE future (x INTEGER); INSERT INTO future VALUES (42); PRAGMA user_version = " +
          std::to_string(newer) + ";");
  std::string before = FileBytes(path_);
  auto store = Store::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("newer posture"), std::string::npos)
      << store.status().message();
  EXPECT_EQ(FileBytes(path_), before);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
  EXPECT_EQ(RawInt("PRAGMA user_version"), newer);
  EXPECT_EQ(RawInt("SELECT x FROM future"), 42);
}

TEST_F(StoreOpenTest, NotADatabaseIsAClearError) {
  {
    std::ofstream out(path_);
    out << "kind,code,name\ncommune,78646,Versailles\n";
  }
  auto store = Store::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(path_), std::string::npos) << store.status().message();
}

TEST_F(StoreOpenTest, MissingDatabaseWithoutCreateIsNotFound) {
  StoreOptions options;
  options.create = false;
  auto store = Store::Open(path_, options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(path_));
}

}  // namespace
}  // namespace posture
