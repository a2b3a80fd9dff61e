// The registry in the store (scanner/store/store_targets.h): imports
// (idempotent, composable, all or nothing), look-ups, filters, opt-out,
// opt-in and purge, and what the scanner loads.
#include "scanner/store/store_targets.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "targets/annuaire.h"
#include "targets/csv_import.h"

namespace posture {
namespace {

constexpr UnixSeconds kT0 = 1764000000;  // 2025-11-24
constexpr UnixSeconds kT1 = kT0 + 86400;

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(POSTURE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A TargetRecord builder for the store tests.
class RecordBuilder {
 public:
  RecordBuilder(TargetKind kind, std::string code) {
    r_.kind = kind;
    r_.code = std::move(code);
    r_.origin = "test.csv:" + r_.code;
  }
  RecordBuilder& Name(std::string v) { r_.name = std::move(v); return *this; }
  RecordBuilder& Department(std::string v) { r_.department_code = std::move(v); return *this; }
  RecordBuilder& Population(int64_t v) { r_.population = v; return *this; }
  RecordBuilder& Epci(std::string v) { r_.epci_siren = std::move(v); return *this; }
  RecordBuilder& Domain(std::string domain, std::string web_host = "") {
    if (!r_.domains) r_.domains.emplace();
    r_.domains->push_back({domain, web_host.empty() ? domain : web_host});
    return *this;
  }
  RecordBuilder& NoDomains() { r_.domains.emplace(); return *this; }
  RecordBuilder& Email(std::string v) { r_.email = std::move(v); return *this; }
  RecordBuilder& Phone(std::string v) { r_.phone = std::move(v); return *this; }
  TargetRecord Build() const { return r_; }
  operator TargetRecord() const { return r_; }  // NOLINT: builder convenience

 private:
  TargetRecord r_;
};

class StoreTargetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "posture-targets-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto store = Store::Open(dir_ + "/posture.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_.emplace(std::move(store).value());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Store& store() { return *store_; }

  int64_t Count(const std::string& sql) {
    auto stmt = store().db().Prepare(sql);
    EXPECT_TRUE(stmt.ok()) << sql;
    if (!stmt.ok() || !stmt->Step()) return -1;
    return stmt->Int(0);
  }

  void Exec(const std::string& sql) {
    Status s = store().db().Exec(sql);
    ASSERT_TRUE(s.ok()) << s.message() << "\n" << sql;
  }

  ImportSummary Import(const std::vector<TargetRecord>& records, UnixSeconds now = kT0,
                       bool create_missing = true) {
    ImportOptions options;
    options.source = "csv:test.csv";
    options.create_missing = create_missing;
    auto s = ImportTargets(store(), records, options, now);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? *s : ImportSummary();
  }

  // A small registry: région, département, EPCI, two communes.
  void ImportSmallRegistry() {
    Import({RecordBuilder(TargetKind::kRegion, "11").Name("\xc3\x8ele-de-France").Population(12463067),
            RecordBuilder(TargetKind::kDepartement, "78").Name("Yvelines").Department("78"),
            RecordBuilder(TargetKind::kEpci, "247800584").Name("CA Versailles Grand Parc").Department("78"),
            RecordBuilder(TargetKind::kCommune, "78646").Name("Versailles").Department("78")
                .Population(84095).Epci("247800584").Domain("versailles.fr", "www.versailles.fr"),
            RecordBuilder(TargetKind::kCommune, "78297").Name("Guyancourt").Department("78")
                .Population(29778).Domain("ville-guyancourt.fr", "www.ville-guyancourt.fr")});
  }

  int64_t IdOf(const std::string& code) {
    auto t = FindTarget(store(), code);
    EXPECT_TRUE(t.ok()) << t.status().message();
    return t.ok() ? t->id : -1;
  }

  // Stored results for a target: one run, one observation, two findings, one
  // score, one explanation, one cohort membership.
  void InsertResults(int64_t target_id, int64_t run_id) {
    Exec("INSERT OR IGNORE INTO scan_runs (id, started_at, status, posture_version) VALUES (" +
         std::to_string(run_id) + ", 1, 'complete', 'test')");
    Exec("INSERT INTO observations (run_id, target_id, scanned_at, day, complete, encoding, data) "
         "VALUES (" + std::to_string(run_id) + ", " + std::to_string(target_id) +
         ", 1, 20000, 1, 'json', X'7B7D')");
    std::string obs = std::to_string(store().db().LastInsertId());
    std::string t = std::to_string(target_id);
    Exec("INSERT INTO findings (observation_id, target_id, day, code, outcome, severity, "
         "check_version) VALUES (" + obs + ", " + t + ", 20000, 'MAIL-SPF-01', 'fail', 'high', 1), (" +
         obs + ", " + t + ", 20000, 'WEB-HSTS-01', 'pass', 'info', 1)");
    Exec("INSERT OR IGNORE INTO scores (target_id, day, model_version, observation_id, overall, grade, "
         "computed_at) VALUES (" + t + ", 20000, 'm1', " + obs + ", 55.0, 'C', 1)");
    Exec("INSERT INTO explanations (target_id, code, reason, created_at, until_day) VALUES (" + t +
         ", 'MAIL-SPF-01', 'provider migration', 1, 20100)");
    Exec("INSERT OR IGNORE INTO models (version, definition, loaded_at) VALUES ('m1', '{}', 1)");
    Exec("INSERT OR IGNORE INTO cohorts (id, name, created_at, baseline_day, model_version, size, "
         "comparison_size) VALUES (1, '2026-S1', 1, 20000, 'm1', 300, 300)");
    Exec("INSERT OR IGNORE INTO cohort_members (cohort_id, target_id, grp, rank, baseline_score, "
         "baseline_grade) VALUES (1, " + t + ", 'called', 1, 55.0, 'C')");
  }

  std::string dir_;
  std::optional<Store> store_;
};

TEST_F(StoreTargetsTest, ShippedRegistryImportsThenReimportsUnchanged) {
  CsvImport csv = ParseTargetsCsv(ReadSourceFile("targets/data/idf-collectivites.csv"),
                                  "idf-collectivites.csv");
  ASSERT_TRUE(csv.problems.empty()) << csv.problems.Format();
  ImportSummary first = Import(csv.records, kT0);
  EXPECT_EQ(first.created, 1327u);
  EXPECT_EQ(first.updated + first.unchanged + first.ignored, 0u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM targets"), 1327);

  auto all = ListTargets(store());
  ASSERT_TRUE(all.ok());
  std::map<TargetKind, int> counts;
  for (const StoredTarget& t : *all) ++counts[t.target.kind];
  EXPECT_EQ(counts[TargetKind::kRegion], 1);
  EXPECT_EQ(counts[TargetKind::kDepartement], 8);
  EXPECT_EQ(counts[TargetKind::kEpci], 52);
  EXPECT_EQ(counts[TargetKind::kCommune], 1266);
  EXPECT_EQ((*all)[0].target.Key(), "region:11");  // ordered by kind, then code

  ImportSummary again = Import(csv.records, kT1);
  EXPECT_EQ(again.created, 0u);
  EXPECT_EQ(again.updated, 0u);
  EXPECT_EQ(again.unchanged, 1327u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM targets"), 1327);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM targets WHERE updated_at != " + std::to_string(kT0)), 0);
}

TEST_F(StoreTargetsTest, ContactsFileComposesWithRegistry) {
  ImportSmallRegistry();
  // A file that only adds domains and contacts: kind, code, web_domains, email.
  ImportSummary s = Import(
      {RecordBuilder(TargetKind::kCommune, "78297").Domain("guyancourt.fr").Email("contact@guyancourt.fr"),
       RecordBuilder(TargetKind::kCommune, "78646").Domain("versailles.fr", "www.versailles.fr")},
      kT1);
  EXPECT_EQ(s.updated, 1u);
  EXPECT_EQ(s.unchanged, 1u);
  auto g = FindTarget(store(), "78297");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->target.name, "Guyancourt");  // untouched
  EXPECT_EQ(g->target.population, 29778);   // untouched
  EXPECT_EQ(g->target.department_code, "78");
  ASSERT_EQ(g->target.domains.size(), 1u);  // the list is replaced
  EXPECT_EQ(g->target.domains[0].domain, "guyancourt.fr");
  EXPECT_EQ(g->target.email, "contact@guyancourt.fr");
  EXPECT_EQ(g->updated_at, kT1);
  EXPECT_EQ(g->created_at, kT0);

  // Re-importing the registry (no domain/contact columns) keeps them.
  ImportSmallRegistry();
  g = FindTarget(store(), "78297");
  ASSERT_TRUE(g.ok());
  // The registry names a domain for Guyancourt, so that list is replaced again...
  EXPECT_EQ(g->target.domains[0].domain, "ville-guyancourt.fr");
  // ...but the e-mail, which the registry does not carry, stays.
  EXPECT_EQ(g->target.email, "contact@guyancourt.fr");
}

TEST_F(StoreTargetsTest, ClearingValues) {
  ImportSmallRegistry();
  Import({RecordBuilder(TargetKind::kCommune, "78646").Email("mairie@versailles.fr").Phone("01 30 97 80 00")});
  Import({RecordBuilder(TargetKind::kCommune, "78646").NoDomains().Email("")});
  auto v = FindTarget(store(), "commune:78646");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->target.domains.empty());
  EXPECT_EQ(v->target.email, "");
  EXPECT_EQ(v->target.phone, "01 30 97 80 00");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM target_domains WHERE target_id = " + std::to_string(v->id)), 0);
}

TEST_F(StoreTargetsTest, NewCommuneGetsDepartementFromItsCode) {
  Import({RecordBuilder(TargetKind::kCommune, "91228").Name("\xc3\x89vry-Courcouronnes")});
  auto e = FindTarget(store(), "91228");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->target.department_code, "91");
  EXPECT_EQ(e->source, "csv:test.csv");
}

TEST_F(StoreTargetsTest, FailedImportLeavesDatabaseUnchanged) {
  ImportSmallRegistry();
  int64_t targets = Count("SELECT COUNT(*) FROM targets");
  int64_t domains = Count("SELECT COUNT(*) FROM target_domains");
  int64_t max_updated = Count("SELECT MAX(updated_at) FROM targets");
  ImportOptions options;
  options.source = "csv:bad.csv";
  auto s = ImportTargets(
      store(),
      {RecordBuilder(TargetKind::kCommune, "78646").Name("Versailles (renamed)").Domain("other.fr"),
       RecordBuilder(TargetKind::kCommune, "77188")  // new, without a name
           .Domain("ville-fontaineleport.fr")},
      options, kT1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("test.csv:77188: commune:77188 is not in the registry"),
            std::string::npos)
      << s.status().message();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM targets"), targets);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM target_domains"), domains);
  EXPECT_EQ(Count("SELECT MAX(updated_at) FROM targets"), max_updated);
  EXPECT_EQ(FindTarget(store(), "78646")->target.name, "Versailles");
  EXPECT_EQ(FindTarget(store(), "78646")->target.domains[0].domain, "versailles.fr");
}

TEST_F(StoreTargetsTest, DryRunWritesNothing) {
  ImportOptions options;
  options.dry_run = true;
  auto s = ImportTargets(store(), {RecordBuilder(TargetKind::kCommune, "78646").Name("Versailles")},
                         options, kT0);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->created, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM targets"), 0);
}

TEST_F(StoreTargetsTest, AnnuaireUpdatesOnlyKnownTargets) {
  ImportSmallRegistry();
  ImportSummary s = Import({RecordBuilder(TargetKind::kCommune, "78646").Email("accueil@versailles.fr"),
                            RecordBuilder(TargetKind::kCommune, "69123").Email("contact@lyon.fr")},
                           kT1, /*create_missing=*/false);
  EXPECT_EQ(s.updated, 1u);
  EXPECT_EQ(s.ignored, 1u);
  EXPECT_EQ(s.created, 0u);
  EXPECT_FALSE(FindTarget(store(), "69123").ok());

  // The directory fixture through the real matcher, twice: idempotent.
  auto doc = ParseAnnuaire(ReadSourceFile("tests/targets/data/annuaire-dump.json"), "dump.json");
  ASSERT_TRUE(doc.ok());
  std::vector<Target> registry;
  auto stored = ListTargets(store());
  ASSERT_TRUE(stored.ok());
  for (const StoredTarget& t : *stored) registry.push_back(t.target);
  AnnuaireMatch m = MatchAnnuaire(*doc, registry, "dump.json");
  ImportSummary first = Import(m.records, kT1, false);
  EXPECT_EQ(first.updated, 4u);  // région, département, EPCI, Versailles
  ImportSummary second = Import(m.records, kT1 + 1, false);
  EXPECT_EQ(second.unchanged, 4u);
  EXPECT_EQ(second.updated, 0u);
  auto dep = FindTarget(store(), "departement:78");
  ASSERT_TRUE(dep.ok());
  ASSERT_EQ(dep->target.domains.size(), 1u);
  EXPECT_EQ(dep->target.domains[0].domain, "yvelines.fr");
  EXPECT_EQ(dep->target.domains[0].web_host, "www.yvelines.fr");
}

TEST_F(StoreTargetsTest, FindTargetByCode) {
  ImportSmallRegistry();
  EXPECT_EQ(FindTarget(store(), "78646")->target.name, "Versailles");
  EXPECT_EQ(FindTarget(store(), "commune:78646")->target.name, "Versailles");
  EXPECT_EQ(FindTarget(store(), " Commune:78646 ")->target.name, "Versailles");
  EXPECT_EQ(FindTarget(store(), "epci:247800584")->target.name, "CA Versailles Grand Parc");

  auto unknown = FindTarget(store(), "77188");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_NE(unknown.status().message().find("77188"), std::string::npos);

  auto bad_kind = FindTarget(store(), "village:78646");
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_EQ(bad_kind.status().code(), StatusCode::kInvalidArgument);

  // Région 94 (Corse) and département 94 (Val-de-Marne) share a code.
  Import({RecordBuilder(TargetKind::kRegion, "94").Name("Corse"),
          RecordBuilder(TargetKind::kDepartement, "94").Name("Val-de-Marne")});
  auto ambiguous = FindTarget(store(), "94");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ambiguous.status().message().find("ambiguous"), std::string::npos);
  EXPECT_NE(ambiguous.status().message().find("departement:94"), std::string::npos);
  EXPECT_NE(ambiguous.status().message().find("region:94"), std::string::npos);
  EXPECT_EQ(FindTarget(store(), "departement:94")->target.name, "Val-de-Marne");
  EXPECT_EQ(FindTarget(store(), "r\xc3\xa9gion:94")->target.name, "Corse");
}

TEST_F(StoreTargetsTest, ListFilters) {
  ImportSmallRegistry();
  Import({RecordBuilder(TargetKind::kCommune, "91228").Name("\xc3\x89vry-Courcouronnes")});
  TargetFilter communes;
  communes.kind = TargetKind::kCommune;
  EXPECT_EQ(ListTargets(store(), communes)->size(), 3u);
  TargetFilter in78;
  in78.department = "78";
  EXPECT_EQ(ListTargets(store(), in78)->size(), 4u);  // département, EPCI, 2 communes
  TargetFilter communes78 = communes;
  communes78.department = "78";
  auto list = ListTargets(store(), communes78);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].target.code, "78297");
  EXPECT_EQ((*list)[1].target.code, "78646");
  EXPECT_EQ((*list)[1].target.domains.size(), 1u);
}

TEST_F(StoreTargetsTest, OptOutAndOptIn) {
  ImportSmallRegistry();
  int64_t versailles = IdOf("78646");
  OptOutRequest request{"alice", "letter from the mayor, 2025-11-20", false};
  auto r = OptOutTarget(store(), versailles, request, kT1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->already_opted_out);

  auto v = FindTarget(store(), "78646");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->target.opted_out);
  ASSERT_TRUE(v->opt_out.has_value());
  EXPECT_EQ(v->opt_out->requested_by, "alice");
  EXPECT_EQ(v->opt_out->reason, "letter from the mayor, 2025-11-20");
  EXPECT_EQ(v->opt_out->opted_out_at, kT1);
  EXPECT_FALSE(v->opt_out->purged);

  // Opting out twice without purge is refused.
  auto twice = OptOutTarget(store(), versailles, request, kT1 + 1);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(twice.status().message().find("already opted out"), std::string::npos);

  // A reason is required.
  EXPECT_FALSE(OptOutTarget(store(), IdOf("78297"), {"alice", "  ", false}, kT1).ok());

  // The scanner does not see it.
  auto scannable = LoadScannableTargets(store(), {});
  ASSERT_TRUE(scannable.ok());
  EXPECT_EQ(scannable->size(), 4u);
  for (const StoredTarget& t : *scannable) EXPECT_NE(t.target.code, "78646");
  auto explicit_request = LoadScannableTargets(store(), {"78297", "commune:78646"});
  ASSERT_FALSE(explicit_request.ok());
  EXPECT_EQ(explicit_request.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(explicit_request.status().message().find("commune:78646 (Versailles)"),
            std::string::npos)
      << explicit_request.status().message();
  auto domains = LoadOptedOutDomains(store());
  ASSERT_TRUE(domains.ok());
  EXPECT_EQ(*domains, (std::vector<std::string>{"versailles.fr", "www.versailles.fr"}));

  // Listing still shows it, marked.
  TargetFilter scannable_only;
  scannable_only.include_opted_out = false;
  EXPECT_EQ(ListTargets(store())->size(), 5u);
  EXPECT_EQ(ListTargets(store(), scannable_only)->size(), 4u);

  // Opt back in: history kept, scannable again.
  ASSERT_TRUE(OptInTarget(store(), versailles, "bob", kT1 + 100).ok());
  v = FindTarget(store(), "78646");
  EXPECT_FALSE(v->target.opted_out);
  EXPECT_FALSE(v->opt_out.has_value());
  auto history = OptOutHistory(store(), versailles);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].opted_in_at.value_or(0), kT1 + 100);
  EXPECT_EQ((*history)[0].opted_in_by, "bob");
  EXPECT_EQ(LoadScannableTargets(store(), {})->size(), 5u);
  EXPECT_TRUE(LoadOptedOutDomains(store())->empty());
  EXPECT_EQ(LoadScannableTargets(store(), {"78646", "commune:78646"})->size(), 1u);

  // Opting in a target that is not opted out is refused.
  Status again = OptInTarget(store(), versailles, "bob", kT1 + 200);
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);

  // And it can opt out again later.
  ASSERT_TRUE(OptOutTarget(store(), versailles, request, kT1 + 300).ok());
  EXPECT_EQ(OptOutHistory(store(), versailles)->size(), 2u);
}

TEST_F(StoreTargetsTest, PurgeDeletesResultsOfThatTargetOnly) {
  ImportSmallRegistry();
  int64_t versailles = IdOf("78646");
  int64_t guyancourt = IdOf("78297");
  InsertResults(versailles, 1);
  InsertResults(guyancourt, 1);
  InsertResults(versailles, 2);
  auto count_for = [&](const std::string& table, int64_t id) {
    return Count("SELECT COUNT(*) FROM " + table + " WHERE target_id = " + std::to_string(id));
  };
  ASSERT_EQ(count_for("observations", versailles), 2);
  ASSERT_EQ(count_for("findings", versailles), 4);

  auto r = OptOutTarget(store(), versailles, {"alice", "mayor's request", true}, kT1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->purged.observations, 2);
  EXPECT_EQ(r->purged.findings, 4);
  EXPECT_EQ(r->purged.scores, 1);  // same (target, day, model): one score row
  EXPECT_EQ(r->purged.explanations, 2);
  EXPECT_EQ(r->cohort_memberships_left, 1);

  for (const char* table : {"observations", "findings", "scores", "explanations"}) {
    EXPECT_EQ(count_for(table, versailles), 0) << table;
    EXPECT_GT(count_for(table, guyancourt), 0) << table;
  }
  // Cohort membership kept, marked left.
  EXPECT_EQ(count_for("cohort_members", versailles), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cohort_members WHERE target_id = " +
                  std::to_string(versailles) + " AND left_at = " + std::to_string(kT1) +
                  " AND left_reason = 'opted out'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cohort_members WHERE target_id = " +
                  std::to_string(guyancourt) + " AND left_at IS NULL"),
            1);
  EXPECT_EQ(Count("SELECT purged FROM opt_outs WHERE target_id = " + std::to_string(versailles)), 1);
  // The target itself stays in the registry.
  EXPECT_TRUE(FindTarget(store(), "78646").ok());
}

TEST_F(StoreTargetsTest, PurgeOfAnAlreadyOptedOutTarget) {
  ImportSmallRegistry();
  int64_t versailles = IdOf("78646");
  ASSERT_TRUE(OptOutTarget(store(), versailles, {"alice", "mayor's request", false}, kT0).ok());
  InsertResults(versailles, 1);  // results from before the opt-out reached the store
  auto r = OptOutTarget(store(), versailles, {"bob", "confirmed by letter", true}, kT1);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->already_opted_out);
  EXPECT_EQ(r->purged.observations, 1);
  // The original opt-out (who, when, why) is kept, now marked purged.
  auto v = FindTarget(store(), "78646");
  EXPECT_EQ(v->opt_out->requested_by, "alice");
  EXPECT_EQ(v->opt_out->opted_out_at, kT0);
  EXPECT_TRUE(v->opt_out->purged);
  EXPECT_EQ(OptOutHistory(store(), versailles)->size(), 1u);
}

}  // namespace
}  // namespace posture
