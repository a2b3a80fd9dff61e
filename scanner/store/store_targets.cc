#include "scanner/store/store_targets.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "checks/base/strings.h"
#include "targets/codes.h"

namespace posture {
namespace {

// Columns read by every target query, with the active opt-out if any.
constexpr const char* kTargetSelect = R"sql(
SELECT t.id, t.kind, t.code, t.name, t.department_code, t.population, t.epci_siren,
       t.source, t.created_at, t.updated_at,
       COALESCE(c.email, ''), COALESCE(c.phone, ''),
       o.id, o.requested_by, o.reason, o.opted_out_at, o.purged
FROM targets t
LEFT JOIN target_contacts c ON c.target_id = t.id
LEFT JOIN opt_outs o ON o.target_id = t.id AND o.opted_in_at IS NULL
)sql";

constexpr const char* kKindOrder =
    " ORDER BY CASE t.kind WHEN 'region' THEN 0 WHEN 'departement' THEN 1"
    " WHEN 'epci' THEN 2 ELSE 3 END, t.code";

StoredTarget ReadTarget(const Stmt& s) {
  StoredTarget st;
  st.id = s.Int(0);
  st.target.kind = ParseTargetKind(s.Text(1)).value_or(TargetKind::kCommune);
  st.target.code = s.Text(2);
  st.target.name = s.Text(3);
  st.target.department_code = s.Text(4);
  st.target.population = s.Int(5);
  st.target.epci_siren = s.Text(6);
  st.source = s.Text(7);
  st.created_at = s.Int(8);
  st.updated_at = s.Int(9);
  st.target.email = s.Text(10);
  st.target.phone = s.Text(11);
  if (!s.IsNull(12)) {
    OptOutRecord o;
    o.id = s.Int(12);
    o.requested_by = s.Text(13);
    o.reason = s.Text(14);
    o.opted_out_at = s.Int(15);
    o.purged = s.Int(16) != 0;
    st.opt_out = std::move(o);
    st.target.opted_out = true;
  }
  return st;
}

// Fills the domains of `targets` (all of them when there are many).
Status LoadDomains(Db& db, std::vector<StoredTarget>& targets) {
  if (targets.empty()) return Status();
  std::map<int64_t, StoredTarget*> by_id;
  for (StoredTarget& t : targets) by_id[t.id] = &t;
  StatusOr<Stmt> stmt = targets.size() == 1
                            ? db.Prepare("SELECT target_id, domain, web_host FROM target_domains "
                                         "WHERE target_id = ? ORDER BY target_id, position")
                            : db.Prepare("SELECT target_id, domain, web_host FROM target_domains "
                                         "ORDER BY target_id, position");
  if (!stmt.ok()) return stmt.status();
  if (targets.size() == 1) stmt->Bind(1, targets[0].id);
  while (stmt->Step()) {
    auto it = by_id.find(stmt->Int(0));
    if (it == by_id.end()) continue;
    it->second->target.domains.push_back({stmt->Text(1), stmt->Text(2)});
  }
  return stmt->status();
}

std::string Describe(const StoredTarget& t) {
  return t.target.Key() + " (" + t.target.name + ")";
}

StatusOr<StoredTarget> TargetById(Db& db, int64_t id) {
  auto stmt = db.Prepare(std::string(kTargetSelect) + " WHERE t.id = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, id);
  if (!stmt->Step()) {
    if (!stmt->status().ok()) return stmt->status();
    return NotFound("no target with id " + std::to_string(id));
  }
  std::vector<StoredTarget> one = {ReadTarget(*stmt)};
  Status s = LoadDomains(db, one);
  if (!s.ok()) return s;
  return std::move(one[0]);
}

// The statements of one import, prepared once.
struct ImportStatements {
  Stmt select_target, select_domains, select_contact, insert_target, update_target,
      delete_domains, insert_domain, upsert_contact;

  Status Prepare(Db& db) {
    struct {
      Stmt* stmt;
      const char* sql;
    } all[] = {
        {&select_target,
         "SELECT id, name, department_code, population, epci_siren FROM targets "
         "WHERE kind = ? AND code = ?"},
        {&select_domains,
         "SELECT domain, web_host FROM target_domains WHERE target_id = ? ORDER BY position"},
        {&select_contact, "SELECT email, phone FROM target_contacts WHERE target_id = ?"},
        {&insert_target,
         "INSERT INTO targets (kind, code, name, department_code, population, epci_siren, "
         "source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
        {&update_target,
         "UPDATE targets SET name = ?, department_code = ?, population = ?, epci_siren = ?, "
         "source = ?, updated_at = ? WHERE id = ?"},
        {&delete_domains, "DELETE FROM target_domains WHERE target_id = ?"},
        {&insert_domain,
         "INSERT INTO target_domains (target_id, position, domain, web_host) VALUES (?, ?, ?, ?)"},
        {&upsert_contact,
         "INSERT INTO target_contacts (target_id, email, phone, updated_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (target_id) DO UPDATE SET email = excluded.email, "
         "phone = excluded.phone, updated_at = excluded.updated_at"},
    };
    for (auto& [stmt, sql] : all) {
      auto s = db.Prepare(sql);
      if (!s.ok()) return s.status();
      *stmt = std::move(s).value();
    }
    return Status();
  }
};

Status RunOnce(Stmt& s) {
  Status st = s.Run();
  s.Reset();
  return st;
}

Status WriteDomains(ImportStatements& q, int64_t id, const std::vector<TargetDomain>& domains) {
  q.delete_domains.Bind(1, id);
  Status s = RunOnce(q.delete_domains);
  if (!s.ok()) return s;
  int position = 0;
  for (const TargetDomain& d : domains) {
    q.insert_domain.Bind(1, id).Bind(2, position++).Bind(3, d.domain).Bind(4, d.web_host);
    s = RunOnce(q.insert_domain);
    if (!s.ok()) return s;
  }
  return Status();
}

bool SameDomains(const std::vector<TargetDomain>& a, const std::vector<TargetDomain>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].domain != b[i].domain || a[i].web_host != b[i].web_host) return false;
  return true;
}

}  // namespace

StatusOr<ImportSummary> ImportTargets(Store& store, const std::vector<TargetRecord>& records,
                                      const ImportOptions& options, UnixSeconds now) {
  Db& db = store.db();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  ImportStatements q;
  Status s = q.Prepare(db);
  if (!s.ok()) return s;

  ImportSummary summary;
  ImportProblems problems;
  for (const TargetRecord& r : records) {
    q.select_target.Bind(1, TargetKindName(r.kind)).Bind(2, r.code);
    bool exists = q.select_target.Step();
    if (!q.select_target.status().ok()) return q.select_target.status();
    if (!exists) {
      q.select_target.Reset();
      if (!options.create_missing) {
        ++summary.ignored;
        continue;
      }
      if (!r.name || r.name->empty()) {
        problems.Add(r.origin + ": " + r.Key() +
                     " is not in the registry yet, so its name is needed");
        continue;
      }
      std::string department = r.department_code.value_or("");
      if (department.empty() && r.kind == TargetKind::kCommune)
        department = DepartementOfCommune(r.code);
      if (department.empty() && r.kind == TargetKind::kDepartement) department = r.code;
      q.insert_target.Bind(1, TargetKindName(r.kind))
          .Bind(2, r.code)
          .Bind(3, *r.name)
          .Bind(4, department)
          .Bind(5, r.population.value_or(0))
          .Bind(6, r.epci_siren.value_or(""))
          .Bind(7, options.source)
          .Bind(8, now)
          .Bind(9, now);
      s = RunOnce(q.insert_target);
      if (!s.ok()) return s;
      int64_t id = db.LastInsertId();
      if (r.domains && !r.domains->empty()) {
        s = WriteDomains(q, id, *r.domains);
        if (!s.ok()) return s;
      }
      if ((r.email && !r.email->empty()) || (r.phone && !r.phone->empty())) {
        q.upsert_contact.Bind(1, id)
            .Bind(2, r.email.value_or(""))
            .Bind(3, r.phone.value_or(""))
            .Bind(4, now);
        s = RunOnce(q.upsert_contact);
        if (!s.ok()) return s;
      }
      ++summary.created;
      continue;
    }

    // Existing target: merge what the record sets.
    int64_t id = q.select_target.Int(0);
    std::string name = q.select_target.Text(1);
    std::string department = q.select_target.Text(2);
    int64_t population = q.select_target.Int(3);
    std::string epci = q.select_target.Text(4);
    q.select_target.Reset();
    bool row_changed = (r.name && !r.name->empty() && *r.name != name) ||
                       (r.department_code && *r.department_code != department) ||
                       (r.population && *r.population != population) ||
                       (r.epci_siren && *r.epci_siren != epci);
    bool domains_changed = false;
    if (r.domains) {
      std::vector<TargetDomain> stored;
      q.select_domains.Bind(1, id);
      while (q.select_domains.Step())
        stored.push_back({q.select_domains.Text(0), q.select_domains.Text(1)});
      s = q.select_domains.status();
      q.select_domains.Reset();
      if (!s.ok()) return s;
      domains_changed = !SameDomains(stored, *r.domains);
    }
    bool contact_changed = false;
    std::string email, phone;
    if (r.email || r.phone) {
      q.select_contact.Bind(1, id);
      if (q.select_contact.Step()) {
        email = q.select_contact.Text(0);
        phone = q.select_contact.Text(1);
      }
      s = q.select_contact.status();
      q.select_contact.Reset();
      if (!s.ok()) return s;
      contact_changed = (r.email && *r.email != email) || (r.phone && *r.phone != phone);
    }
    if (!row_changed && !domains_changed && !contact_changed) {
      ++summary.unchanged;
      continue;
    }
    q.update_target.Bind(1, r.name && !r.name->empty() ? *r.name : name)
        .Bind(2, r.department_code.value_or(department))
        .Bind(3, r.population.value_or(population))
        .Bind(4, r.epci_siren.value_or(epci))
        .Bind(5, options.source)
        .Bind(6, now)
        .Bind(7, id);
    s = RunOnce(q.update_target);
    if (!s.ok()) return s;
    if (domains_changed) {
      s = WriteDomains(q, id, *r.domains);
      if (!s.ok()) return s;
    }
    if (contact_changed) {
      q.upsert_contact.Bind(1, id)
          .Bind(2, r.email.value_or(email))
          .Bind(3, r.phone.value_or(phone))
          .Bind(4, now);
      s = RunOnce(q.upsert_contact);
      if (!s.ok()) return s;
    }
    ++summary.updated;
  }
  if (!problems.empty()) {
    std::string text = problems.Format();
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return InvalidArgument(text);
  }
  if (options.dry_run) return summary;  // the transaction rolls back
  s = tx.Commit();
  if (!s.ok()) return s;
  return summary;
}

StatusOr<std::vector<StoredTarget>> ListTargets(Store& store, const TargetFilter& filter) {
  Db& db = store.db();
  std::string sql = kTargetSelect;
  std::vector<std::string> where;
  if (filter.kind) where.push_back("t.kind = ?1");
  if (!filter.department.empty()) where.push_back("t.department_code = ?2");
  if (!filter.include_opted_out) where.push_back("o.id IS NULL");
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  sql += kKindOrder;
  auto stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  if (filter.kind) stmt->Bind(1, TargetKindName(*filter.kind));
  if (!filter.department.empty()) stmt->Bind(2, CanonicalCode(filter.department));
  std::vector<StoredTarget> out;
  while (stmt->Step()) out.push_back(ReadTarget(*stmt));
  if (!stmt->status().ok()) return stmt->status();
  Status s = LoadDomains(db, out);
  if (!s.ok()) return s;
  return out;
}

StatusOr<StoredTarget> FindTarget(Store& store, std::string_view code_text) {
  Db& db = store.db();
  std::string_view text = TrimWhitespace(code_text);
  if (text.empty()) return InvalidArgument("the collectivity code is empty");
  std::optional<TargetKind> kind;
  std::string code;
  size_t colon = text.find(':');
  if (colon != std::string_view::npos) {
    kind = ParseTargetKind(std::string(text.substr(0, colon)));
    if (!kind)
      return InvalidArgument("unknown kind `" + SanitizeForDisplay(text.substr(0, colon), 40) +
                             "` in `" + SanitizeForDisplay(text, 60) +
                             "` (expected commune, epci, departement or region)");
    code = CanonicalCode(text.substr(colon + 1));
  } else {
    code = CanonicalCode(text);
  }
  std::string sql = std::string(kTargetSelect) + " WHERE t.code = ?1";
  if (kind) sql += " AND t.kind = ?2";
  sql += kKindOrder;
  auto stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, code);
  if (kind) stmt->Bind(2, TargetKindName(*kind));
  std::vector<StoredTarget> found;
  while (stmt->Step()) found.push_back(ReadTarget(*stmt));
  if (!stmt->status().ok()) return stmt->status();
  std::string shown = SanitizeForDisplay(text, 60);
  if (found.empty())
    return NotFound("no collectivity `" + shown + "` in the registry (see `posture targets list`)");
  if (found.size() > 1) {
    std::vector<std::string> keys;
    for (const StoredTarget& t : found) keys.push_back(Describe(t));
    return InvalidArgument("code `" + shown + "` is ambiguous: it may be " + Join(keys, " or ") +
                           "; write KIND:CODE");
  }
  std::vector<StoredTarget> one = {std::move(found[0])};
  Status s = LoadDomains(db, one);
  if (!s.ok()) return s;
  return std::move(one[0]);
}

StatusOr<std::vector<OptOutRecord>> OptOutHistory(Store& store, int64_t target_id) {
  auto stmt = store.db().Prepare(
      "SELECT id, requested_by, reason, opted_out_at, purged, opted_in_at, opted_in_by "
      "FROM opt_outs WHERE target_id = ? ORDER BY opted_out_at, id");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, target_id);
  std::vector<OptOutRecord> out;
  while (stmt->Step()) {
    OptOutRecord o;
    o.id = stmt->Int(0);
    o.requested_by = stmt->Text(1);
    o.reason = stmt->Text(2);
    o.opted_out_at = stmt->Int(3);
    o.purged = stmt->Int(4) != 0;
    if (!stmt->IsNull(5)) o.opted_in_at = stmt->Int(5);
    o.opted_in_by = stmt->Text(6);
    out.push_back(std::move(o));
  }
  if (!stmt->status().ok()) return stmt->status();
  return out;
}

StatusOr<OptOutResult> OptOutTarget(Store& store, int64_t target_id, const OptOutRequest& request,
                                    UnixSeconds now) {
  if (TrimWhitespace(request.reason).empty())
    return InvalidArgument("an opt-out needs a reason");
  if (TrimWhitespace(request.by).empty())
    return InvalidArgument("an opt-out needs the name of who asked for it");
  Db& db = store.db();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto target = TargetById(db, target_id);
  if (!target.ok()) return target.status();
  OptOutResult result;
  if (target->opt_out) {
    if (!request.purge)
      return FailedPrecondition(Describe(*target) + " is already opted out (since " +
                                FormatIso8601(target->opt_out->opted_out_at) + ", asked by " +
                                target->opt_out->requested_by + ")");
    result.already_opted_out = true;
  } else {
    auto insert = db.Prepare(
        "INSERT INTO opt_outs (target_id, requested_by, reason, opted_out_at, purged) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!insert.ok()) return insert.status();
    insert->Bind(1, target_id)
        .Bind(2, std::string(TrimWhitespace(request.by)))
        .Bind(3, std::string(TrimWhitespace(request.reason)))
        .Bind(4, now)
        .Bind(5, request.purge ? 1 : 0);
    Status s = insert->Run();
    if (!s.ok()) return s;
  }
  auto run = [&](const char* sql, bool bind_now, int64_t* changes) -> Status {
    auto stmt = db.Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    if (bind_now) {
      stmt->Bind(1, now).Bind(2, target_id);
    } else {
      stmt->Bind(1, target_id);
    }
    Status s = stmt->Run();
    if (s.ok() && changes) *changes = db.Changes();
    return s;
  };
  Status s = run(
      "UPDATE cohort_members SET left_at = ?, left_reason = 'opted out' "
      "WHERE target_id = ? AND left_at IS NULL",
      true, &result.cohort_memberships_left);
  if (!s.ok()) return s;
  if (request.purge) {
    // Scores before observations (scores.observation_id would be set to NULL).
    const struct {
      const char* sql;
      int64_t* count;
    } deletes[] = {
        {"DELETE FROM findings WHERE target_id = ?", &result.purged.findings},
        {"DELETE FROM scores WHERE target_id = ?", &result.purged.scores},
        {"DELETE FROM explanations WHERE target_id = ?", &result.purged.explanations},
        {"DELETE FROM observations WHERE target_id = ?", &result.purged.observations},
    };
    for (const auto& d : deletes) {
      s = run(d.sql, false, d.count);
      if (!s.ok()) return s;
    }
    s = run("UPDATE opt_outs SET purged = 1 WHERE target_id = ? AND opted_in_at IS NULL", false,
            nullptr);
    if (!s.ok()) return s;
  }
  s = tx.Commit();
  if (!s.ok()) return s;
  return result;
}

Status OptInTarget(Store& store, int64_t target_id, const std::string& by, UnixSeconds now) {
  Db& db = store.db();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto target = TargetById(db, target_id);
  if (!target.ok()) return target.status();
  if (!target->opt_out) return FailedPrecondition(Describe(*target) + " is not opted out");
  auto stmt = db.Prepare(
      "UPDATE opt_outs SET opted_in_at = ?, opted_in_by = ? "
      "WHERE target_id = ? AND opted_in_at IS NULL");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, now).Bind(2, by.empty() ? std::string("unknown") : by).Bind(3, target_id);
  Status s = stmt->Run();
  if (!s.ok()) return s;
  return tx.Commit();
}

StatusOr<std::vector<StoredTarget>> LoadScannableTargets(Store& store,
                                                         const std::vector<std::string>& codes) {
  if (codes.empty()) {
    TargetFilter filter;
    filter.include_opted_out = false;
    return ListTargets(store, filter);
  }
  std::vector<StoredTarget> out;
  std::set<int64_t> seen;
  for (const std::string& code : codes) {
    auto t = FindTarget(store, code);
    if (!t.ok()) return t.status();
    if (t->opt_out)
      return FailedPrecondition(Describe(*t) + " opted out on " +
                                FormatDate(t->opt_out->opted_out_at) +
                                ": no probe may be planned for it");
    if (seen.insert(t->id).second) out.push_back(std::move(t).value());
  }
  return out;
}

StatusOr<std::vector<std::string>> LoadOptedOutDomains(Store& store) {
  auto stmt = store.db().Prepare(
      "SELECT d.domain, d.web_host FROM target_domains d "
      "JOIN opt_outs o ON o.target_id = d.target_id AND o.opted_in_at IS NULL");
  if (!stmt.ok()) return stmt.status();
  std::set<std::string> domains;
  while (stmt->Step()) {
    domains.insert(stmt->Text(0));
    domains.insert(stmt->Text(1));
  }
  if (!stmt->status().ok()) return stmt->status();
  domains.erase("");
  return std::vector<std::string>(domains.begin(), domains.end());
}

}  // namespace posture
