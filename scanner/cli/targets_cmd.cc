// `posture targets ...`: the registry of collectivities.
//   import FILE [--format csv|annuaire] [--dry-run]
//   list [--kind K] [--department D] [--json]
//   show CODE [--json]
//   opt-out CODE --reason TEXT [--by NAME] [--purge]
//   opt-in CODE [--by NAME]
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "checks/base/strings.h"
#include "scanner/cli/commands.h"
#include "scanner/store/store.h"
#include "scanner/store/store_targets.h"
#include "targets/annuaire.h"
#include "targets/csv_import.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

constexpr int64_t kMaxCsvBytes = 64LL << 20;
constexpr int64_t kMaxAnnuaireBytes = 1LL << 30;

std::string Who(const po::variables_map& vm) {
  if (vm.count("by")) {
    std::string by(TrimWhitespace(vm["by"].as<std::string>()));
    if (!by.empty()) return by;
  }
  const char* user = std::getenv("USER");
  if (user && *user) return user;
  return "unknown";
}

StatusOr<std::string> ReadFile(const std::string& path, int64_t max_bytes) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return NotFound(path + " cannot be read (no such file)");
  if (S_ISDIR(st.st_mode)) return IoError(path + " is a directory, not a file");
  if (st.st_size > max_bytes)
    return InvalidArgument(path + " is too large (" + std::to_string(st.st_size >> 20) +
                           " MiB; at most " + std::to_string(max_bytes >> 20) + " MiB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + " cannot be read");
  std::string data;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(data.size()) > max_bytes)
      return InvalidArgument(path + " is too large");
  }
  if (in.bad()) return IoError(path + " cannot be read");
  return data;
}

StatusOr<Store> OpenExisting(const GlobalOptions& g) {
  StoreOptions options;
  options.create = false;
  return Store::Open(g.db_path, options);
}

std::string Basename(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Display width of UTF-8 text: one column per code point.
size_t Width(std::string_view s) {
  size_t w = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  return w;
}

std::string Fit(std::string_view s, size_t width) {
  std::string out;
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    bool lead = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (lead) {
      if (w + 1 == width && Width(s.substr(i)) > 1) {
        out += "\xE2\x80\xA6";  // …
        ++w;
        break;
      }
      if (w == width) break;
      ++w;
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  for (size_t w = Width(s); w < width; ++w) out.push_back(' ');
  return out;
}

nlohmann::json OptOutJson(const OptOutRecord& o) {
  nlohmann::json j = {{"requested_by", o.requested_by},
                      {"reason", o.reason},
                      {"opted_out_at", FormatIso8601(o.opted_out_at)},
                      {"purged", o.purged}};
  if (o.opted_in_at) {
    j["opted_in_at"] = FormatIso8601(*o.opted_in_at);
    j["opted_in_by"] = o.opted_in_by;
  }
  return j;
}

nlohmann::json TargetJson(const StoredTarget& st) {
  const Target& t = st.target;
  nlohmann::json domains = nlohmann::json::array();
  for (const TargetDomain& d : t.domains)
    domains.push_back({{"domain", d.domain}, {"web_host", d.web_host}});
  return {{"key", t.Key()},
          {"kind", TargetKindName(t.kind)},
          {"code", t.code},
          {"name", t.name},
          {"department_code", t.department_code},
          {"population", t.population},
          {"epci_siren", t.epci_siren},
          {"domains", domains},
          {"email", t.email},
          {"phone", t.phone},
          {"opted_out", t.opted_out},
          {"opt_out", st.opt_out ? OptOutJson(*st.opt_out) : nlohmann::json(nullptr)}};
}

// ---- import ---------------------------------------------------------------

int Import(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("file", po::value<std::string>()->required(), "the file to import")
      ("format", po::value<std::string>(),
       "csv (the registry format, see targets/README.md) or annuaire (the national public "
       "directory's JSON export); default: guessed from the content")
      ("dry-run", "validate and count, write nothing");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture targets import FILE [options]",
          "Imports collectivities (csv) or their websites, e-mail addresses and phones from the\n"
          "national directory (annuaire). All or nothing: a bad row is reported as FILE:LINE and\n"
          "nothing is written. Re-importing updates, never duplicates; an empty cell or a missing\n"
          "column leaves the stored value unchanged.",
          desc, pos, vm))
    return *rc;
  const std::string path = vm["file"].as<std::string>();
  std::string format;
  if (vm.count("format")) {
    format = AsciiLower(vm["format"].as<std::string>());
    if (format != "csv" && format != "annuaire")
      return Fail(kExitUsage, "--format must be csv or annuaire, not `" + format + "`");
  }
  auto data = ReadFile(path, format == "csv" ? kMaxCsvBytes : kMaxAnnuaireBytes);
  if (!data.ok()) return Fail(kExitFailure, data.status().message());
  if (format.empty()) {
    std::string_view head = TrimWhitespace(std::string_view(*data).substr(0, 4096));
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    head = TrimWhitespace(head);
    format = !head.empty() && (head.front() == '{' || head.front() == '[') ? "annuaire" : "csv";
  }
  if (format == "csv" && static_cast<int64_t>(data->size()) > kMaxCsvBytes)
    return Fail(kExitFailure, path + " is too large for a CSV registry (at most 64 MiB)");
  const bool dry_run = vm.count("dry-run") > 0;
  ImportOptions options;
  options.source = format + ":" + Basename(path);
  options.dry_run = dry_run;

  std::vector<TargetRecord> records;
  std::string detail;
  ImportProblems warnings;
  std::optional<AnnuaireMatch> match;
  if (format == "csv") {
    CsvImport csv = ParseTargetsCsv(*data, path);
    if (!csv.problems.empty()) {
      std::cerr << csv.problems.Format();
      return Fail(kExitFailure, path + " was not imported (" +
                                    std::to_string(csv.problems.total()) + " problem" +
                                    (csv.problems.total() == 1 ? "" : "s") +
                                    "); the database is unchanged");
    }
    if (csv.transcoded_from_cp1252)
      detail = " (read as Windows-1252: the file is not UTF-8)";
    records = std::move(csv.records);
  } else {
    auto doc = ParseAnnuaire(*data, path);
    if (!doc.ok()) return Fail(kExitFailure, doc.status().message());
    data->clear();
    data->shrink_to_fit();
    auto store = OpenExisting(g);
    if (!store.ok()) return Fail(kExitFailure, store.status().message());
    auto registry = ListTargets(*store);
    if (!registry.ok()) return Fail(kExitFailure, registry.status().message());
    if (registry->empty())
      return Fail(kExitFailure,
                  "the registry is empty: import the collectivities first (e.g. `posture targets "
                  "import targets/data/idf-collectivites.csv`)");
    std::vector<Target> targets;
    targets.reserve(registry->size());
    for (StoredTarget& st : *registry) targets.push_back(std::move(st.target));
    match = MatchAnnuaire(*doc, targets, path);
    records = std::move(match->records);
    options.create_missing = false;
    warnings = match->warnings;
  }

  StoreOptions store_options;
  auto store = Store::Open(g.db_path, store_options);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto summary = ImportTargets(*store, records, options, g.Now());
  if (!summary.ok()) {
    std::cerr << summary.status().message() << "\n";
    return Fail(kExitFailure, path + " was not imported; the database is unchanged");
  }
  if (!warnings.empty()) std::cerr << warnings.Format();
  std::ostringstream line;
  line << (dry_run ? "dry run, nothing written: " : "imported ") << path << ": "
       << summary->created << " created, " << summary->updated << " updated, "
       << summary->unchanged << " unchanged, " << summary->ignored + (match ? match->unknown : 0)
       << " ignored";
  if (match) {
    line << " (" << match->records_read << " directory records, " << match->relevant
         << " of collectivities, " << match->matched << " in the registry; "
         << match->skipped_values << " invalid value" << (match->skipped_values == 1 ? "" : "s")
         << " skipped)";
  }
  line << detail;
  std::cout << line.str() << std::endl;
  return kExitOk;
}

// ---- list -----------------------------------------------------------------

int List(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("kind", po::value<std::string>(), "only this kind: commune, epci, departement or region")
      ("department", po::value<std::string>(), "only this département (e.g. 78)")
      ("json", "a JSON array of objects instead of a table");
  po::variables_map vm;
  if (auto rc = ParseCommandLine(g, args, "posture targets list [options]",
                                 "Lists the registry's collectivities; opted-out ones are marked.",
                                 desc, {}, vm))
    return *rc;
  TargetFilter filter;
  if (vm.count("kind")) {
    filter.kind = ParseTargetKind(vm["kind"].as<std::string>());
    if (!filter.kind)
      return Fail(kExitUsage, "--kind must be commune, epci, departement or region, not `" +
                                  vm["kind"].as<std::string>() + "`");
  }
  if (vm.count("department")) filter.department = vm["department"].as<std::string>();
  auto store = OpenExisting(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto targets = ListTargets(*store, filter);
  if (!targets.ok()) return Fail(kExitFailure, targets.status().message());

  if (vm.count("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const StoredTarget& t : *targets) out.push_back(TargetJson(t));
    std::cout << out.dump(2) << std::endl;
    return kExitOk;
  }
  struct Row {
    std::string cells[7];
  };
  std::vector<Row> rows;
  rows.push_back({{"KIND", "CODE", "NAME", "DEP", "POPULATION", "DOMAIN", "STATUS"}});
  std::map<TargetKind, size_t> counts;
  size_t opted_out = 0;
  for (const StoredTarget& st : *targets) {
    const Target& t = st.target;
    ++counts[t.kind];
    if (t.opted_out) ++opted_out;
    std::string domain = t.domains.empty() ? "-" : t.domains[0].domain;
    if (t.domains.size() > 1) domain += " (+" + std::to_string(t.domains.size() - 1) + ")";
    rows.push_back({{TargetKindName(t.kind), t.code, Fit(t.name, 40),
                     t.department_code.empty() ? "-" : t.department_code,
                     std::to_string(t.population), domain, t.opted_out ? "OPTED OUT" : ""}});
  }
  size_t widths[7] = {};
  for (const Row& r : rows)
    for (int c = 0; c < 7; ++c) widths[c] = std::max(widths[c], Width(r.cells[c]));
  for (const Row& r : rows) {
    std::string line;
    for (int c = 0; c < 7; ++c) {
      bool right = c == 4;
      std::string cell = r.cells[c];
      if (right) {
        std::string pad(widths[c] - Width(cell), ' ');
        line += pad + cell;
      } else {
        line += c == 6 ? cell : Pad(cell, widths[c]);
      }
      if (c < 6) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  }
  std::cout << targets->size() << " collectivities (" << counts[TargetKind::kRegion]
            << " région, " << counts[TargetKind::kDepartement] << " départements, "
            << counts[TargetKind::kEpci] << " EPCI, " << counts[TargetKind::kCommune]
            << " communes), " << opted_out << " opted out" << std::endl;
  return kExitOk;
}

// ---- show -----------------------------------------------------------------

int Show(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("code", po::value<std::string>()->required(),
       "the collectivity: KIND:CODE (e.g. commune:78646) or a code that is unambiguous")
      ("json", "a JSON object instead of text");
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(g, args, "posture targets show CODE [options]",
                                 "Shows one collectivity: codes, domains, contacts, opt-out status "
                                 "and history.",
                                 desc, pos, vm))
    return *rc;
  auto store = OpenExisting(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto st = FindTarget(*store, vm["code"].as<std::string>());
  if (!st.ok()) return Fail(kExitFailure, st.status().message());
  auto history = OptOutHistory(*store, st->id);
  if (!history.ok()) return Fail(kExitFailure, history.status().message());
  const Target& t = st->target;
  if (vm.count("json")) {
    nlohmann::json j = TargetJson(*st);
    j["source"] = st->source;
    j["created_at"] = FormatIso8601(st->created_at);
    j["updated_at"] = FormatIso8601(st->updated_at);
    nlohmann::json h = nlohmann::json::array();
    for (const OptOutRecord& o : *history) h.push_back(OptOutJson(o));
    j["opt_out_history"] = h;
    std::cout << j.dump(2) << std::endl;
    return kExitOk;
  }
  auto field = [](const std::string& label, const std::string& value) {
    std::cout << "  " << Pad(label, 14) << value << "\n";
  };
  std::cout << t.Key() << "  " << t.name << "\n";
  if (!t.department_code.empty()) field("département", t.department_code);
  field("population", std::to_string(t.population));
  if (!t.epci_siren.empty()) {
    std::string epci = t.epci_siren;
    auto e = FindTarget(*store, "epci:" + t.epci_siren);
    if (e.ok()) epci += " (" + e->target.name + ")";
    field("EPCI", epci);
  }
  if (t.domains.empty()) field("web domains", "none known");
  for (size_t i = 0; i < t.domains.size(); ++i) {
    const TargetDomain& d = t.domains[i];
    field(i == 0 ? "web domains" : "",
          d.domain + (d.web_host != d.domain ? "  (website " + d.web_host + ")" : ""));
  }
  field("e-mail", t.email.empty() ? "none known" : t.email);
  field("phone", t.phone.empty() ? "none known" : t.phone);
  field("source", st->source.empty() ? "-" : st->source);
  field("updated", FormatIso8601(st->updated_at) + " (created " + FormatIso8601(st->created_at) +
                       ")");
  if (st->opt_out) {
    const OptOutRecord& o = *st->opt_out;
    field("status", "OPTED OUT since " + FormatIso8601(o.opted_out_at) + ", asked by " +
                        o.requested_by + (o.purged ? ", results purged" : ""));
    field("reason", o.reason);
  } else {
    field("status", "in the programme (scanned)");
  }
  for (const OptOutRecord& o : *history) {
    if (!o.opted_in_at) continue;
    field("history", "opted out " + FormatDate(o.opted_out_at) + " by " + o.requested_by + " (" +
                         o.reason + "), back in " + FormatDate(*o.opted_in_at) + " by " +
                         o.opted_in_by);
  }
  std::cout.flush();
  return kExitOk;
}

// ---- opt-out / opt-in -----------------------------------------------------

int OptOut(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("code", po::value<std::string>()->required(), "the collectivity (KIND:CODE or code)")
      ("reason", po::value<std::string>()->required(), "why (e.g. \"letter from the mayor, 2026-11-30\")")
      ("by", po::value<std::string>(), "who asked or recorded it (default: $USER)")
      ("purge", "also delete its stored observations, findings, scores and explanations");
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture targets opt-out CODE --reason TEXT [options]",
          "Withdraws a collectivity from the programme: no probe is planned or sent for it from\n"
          "now on, and it leaves rankings, reports and cohorts. Records who, when and why.",
          desc, pos, vm))
    return *rc;
  std::string reason(TrimWhitespace(vm["reason"].as<std::string>()));
  if (reason.empty()) return Fail(kExitUsage, "--reason must not be empty");
  auto store = OpenExisting(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto st = FindTarget(*store, vm["code"].as<std::string>());
  if (!st.ok()) return Fail(kExitFailure, st.status().message());
  OptOutRequest request;
  request.by = Who(vm);
  request.reason = reason;
  request.purge = vm.count("purge") > 0;
  auto result = OptOutTarget(*store, st->id, request, g.Now());
  if (!result.ok()) return Fail(kExitFailure, result.status().message());
  std::string who = st->target.Key() + " (" + st->target.name + ")";
  if (result->already_opted_out)
    std::cout << who << " was already opted out";
  else
    std::cout << who << " opted out by " << request.by << ": " << reason;
  if (request.purge) {
    const PurgeCounts& p = result->purged;
    std::cout << "; purged " << p.observations << " observations, " << p.findings
              << " findings, " << p.scores << " scores, " << p.explanations << " explanations";
  }
  if (result->cohort_memberships_left > 0)
    std::cout << "; left " << result->cohort_memberships_left << " cohort"
              << (result->cohort_memberships_left == 1 ? "" : "s");
  std::cout << std::endl;
  return kExitOk;
}

int OptIn(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("code", po::value<std::string>()->required(), "the collectivity (KIND:CODE or code)")
      ("by", po::value<std::string>(), "who asked or recorded it (default: $USER)");
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(g, args, "posture targets opt-in CODE [options]",
                                 "Brings an opted-out collectivity back into the programme; the "
                                 "opt-out stays in its history.",
                                 desc, pos, vm))
    return *rc;
  auto store = OpenExisting(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto st = FindTarget(*store, vm["code"].as<std::string>());
  if (!st.ok()) return Fail(kExitFailure, st.status().message());
  std::string by = Who(vm);
  Status s = OptInTarget(*store, st->id, by, g.Now());
  if (!s.ok()) return Fail(kExitFailure, s.message());
  std::cout << st->target.Key() << " (" << st->target.name << ") is back in the programme (by "
            << by << ")" << std::endl;
  return kExitOk;
}

}  // namespace

int TargetsCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  static const std::vector<Command> kSub = {
      {"import", "import collectivities (csv) or their contacts from the national directory",
       Import},
      {"list", "list the collectivities (table or --json)", List},
      {"show", "show one collectivity", Show},
      {"opt-out", "withdraw a collectivity from the programme (--reason, --purge)", OptOut},
      {"opt-in", "bring an opted-out collectivity back", OptIn},
  };
  return RunSubcommand(g, "targets", args, kSub);
}

}  // namespace posture::cli
