// `posture explain`: comply-or-explain, a justified exception for a finding.
//   explain CODE FINDING-CODE --reason TEXT --until DATE   record one (one year at most)
//   explain --list [CODE] [--all] [--json]                 list them
//   explain --expire ID                                    end one today
#include <iostream>

#include <nlohmann/json.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/scoring_cli.h"
#include "scanner/store/store_scores.h"
#include "scanner/store/store_targets.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

int ExitFor(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

int ListExplanationsCommand(const GlobalOptions& g, const po::variables_map& vm) {
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  std::optional<int64_t> target_id;
  if (vm.count("target")) {
    auto t = FindTarget(*store, vm["target"].as<std::string>());
    if (!t.ok()) return Fail(kExitFailure, t.status().message());
    target_id = t->id;
  }
  DayNumber today = DayOf(g.Now());
  auto list = ListExplanations(*store, target_id, today, vm.count("all") > 0);
  if (!list.ok()) return Fail(kExitFailure, list.status().message());
  if (vm.count("json")) {
    nlohmann::json j = nlohmann::json::array();
    for (const ExplanationRecord& r : *list) {
      const scoring::Explanation& e = r.explanation;
      j.push_back({{"id", e.id},
                   {"target", r.target_key},
                   {"name", r.target_name},
                   {"code", e.code},
                   {"reason", e.reason},
                   {"created_at", FormatIso8601(r.created_at)},
                   {"until", FormatDay(e.until_day)},
                   {"ended_at", r.revoked_at ? nlohmann::json(FormatIso8601(*r.revoked_at))
                                             : nlohmann::json(nullptr)},
                   {"active", e.ActiveOn(today)}});
    }
    std::cout << j.dump(2) << std::endl;
    return kExitOk;
  }
  TextTable t({"id", Tr(g, "collectivité", "collectivity"), Tr(g, "constatation", "finding"),
               Tr(g, "depuis", "since"), Tr(g, "jusqu'au", "until"), Tr(g, "état", "state"),
               Tr(g, "raison", "reason")},
              {true, false, false, false, false, false, false});
  for (const ExplanationRecord& r : *list) {
    const scoring::Explanation& e = r.explanation;
    std::string state = e.ActiveOn(today) ? Tr(g, "en cours", "active")
                        : r.revoked_at    ? Tr(g, "arrêtée", "ended")
                        : e.until_day < today ? Tr(g, "expirée", "expired")
                                              : Tr(g, "à venir", "future");
    t.Add({std::to_string(e.id), r.target_key + " " + r.target_name, e.code,
           FormatDate(r.created_at), FormatDay(e.until_day), state, e.reason});
  }
  std::cout << t.Render();
  return kExitOk;
}

}  // namespace

int ExplainCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("target", po::value<std::string>(), "the collectivity (code or kind:code)")
      ("finding", po::value<std::string>(), "the finding code, e.g. MAIL-DMARC-02")
      ("reason", po::value<std::string>(), "why the finding is accepted for now (one line)")
      ("until", po::value<std::string>(), "last day the explanation holds (YYYY-MM-DD, one year at most)")
      ("list", "list the explanations in force (of CODE if given)")
      ("all", "with --list: also the ended and expired ones")
      ("json", "with --list: print JSON")
      ("expire", po::value<int64_t>(), "end explanation ID today");
  po::positional_options_description pos;
  pos.add("target", 1).add("finding", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture explain CODE FINDING-CODE --reason TEXT --until DATE",
          "Comply or explain: records a justified exception, e.g. \"DMARC p=none during the\n"
          "migration to a new provider\". The finding stays visible, marked explained, and does\n"
          "not count in the score from today to --until (one year at most); it counts again the\n"
          "day after. Also: `posture explain --list [CODE] [--all]`, `posture explain --expire ID`.",
          desc, pos, vm))
    return *rc;
  if (vm.count("list")) {
    if (vm.count("finding") || vm.count("reason") || vm.count("until") || vm.count("expire"))
      return Fail(kExitUsage, "--list takes at most a collectivity code");
    return ListExplanationsCommand(g, vm);
  }
  if (vm.count("expire")) {
    if (vm.count("target") || vm.count("reason") || vm.count("until"))
      return Fail(kExitUsage, "--expire takes only the explanation id");
    auto store = OpenScoringStore(g);
    if (!store.ok()) return Fail(kExitFailure, store.status().message());
    int64_t id = vm["expire"].as<int64_t>();
    Status s = ExpireExplanation(*store, id, g.Now());
    if (!s.ok()) return Fail(ExitFor(s), s.message());
    std::cout << Tr(g, "Explication ", "Explanation ") << id
              << Tr(g, " arrêtée : la constatation compte à nouveau dès aujourd'hui.",
                    " ended: the finding counts again from today.")
              << "\n";
    return kExitOk;
  }
  if (!vm.count("target") || !vm.count("finding"))
    return Fail(kExitUsage, "give the collectivity and the finding code, e.g. `posture explain "
                            "78646 MAIL-DMARC-02 --reason \"...\" --until 2027-06-30`");
  if (!vm.count("reason")) return Fail(kExitUsage, "--reason is required: say why the finding is accepted");
  if (!vm.count("until")) return Fail(kExitUsage, "--until is required: the last day the explanation holds");
  auto until = ParseIso8601(vm["until"].as<std::string>());
  if (!until) return Fail(kExitUsage, "--until must be a date such as 2027-06-30");
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto target = FindTarget(*store, vm["target"].as<std::string>());
  if (!target.ok()) return Fail(kExitFailure, target.status().message());
  std::string code = vm["finding"].as<std::string>();
  auto id = RecordExplanation(*store, target->id, code, vm["reason"].as<std::string>(),
                              DayOf(*until), g.Now());
  if (!id.ok()) return Fail(ExitFor(id.status()), id.status().message());
  std::cout << Tr(g, "Explication ", "Explanation ") << *id << Tr(g, " enregistrée : ", " recorded: ")
            << code << Tr(g, " ne compte pas pour ", " does not count for ") << target->target.Key()
            << " (" << target->target.name << Tr(g, ") jusqu'au ", ") until ")
            << FormatDay(DayOf(*until)) << Tr(g, " inclus.", " inclusive.") << "\n";
  return kExitOk;
}

}  // namespace posture::cli
