// `posture rescore [--model FILE] [--from DATE] [--to DATE] [--target CODE]...`:
// runs this posture's checks again over the stored observations and
// recomputes the daily scores, without rescanning anyone (see
// scanner/store/store_rescore.h: finding sets are rewritten in place, raw
// observations are never modified, cohort baselines stay frozen).
#include <iostream>

#include "scanner/cli/commands.h"
#include "scanner/cli/scan_options.h"
#include "scanner/cli/scoring_cli.h"
#include "scanner/store/store_rescore.h"
#include "scanner/store/store_scans.h"
#include "scanner/store/store_targets.h"

namespace po = boost::program_options;

namespace posture::cli {

int RescoreCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("from", po::value<std::string>(), "first day to re-check (YYYY-MM-DD; default: the oldest)")
      ("to", po::value<std::string>(), "last day to re-check (YYYY-MM-DD; default: the newest)")
      ("target", po::value<std::vector<std::string>>()->composing(),
       "re-check only this collectivity (code or kind:code); repeatable");
  AddModelOption(desc);
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture rescore [options]",
          "Runs the checks of this version of posture again over the stored observations (the raw\n"
          "evidence of every scan) and recomputes the daily scores under --model (default: the\n"
          "built-in model), and under every other stored model version for the days whose\n"
          "findings changed. Nobody is rescanned. Finding sets that changed are rewritten in place,\n"
          "each finding stamped with the version of its check; observations are never modified;\n"
          "cohort baselines stay as they were frozen.",
          desc, pos, vm))
    return *rc;
  RescoreOptions options;
  for (const char* key : {"from", "to"}) {
    if (!vm.count(key)) continue;
    auto t = ParseIso8601(vm[key].as<std::string>());
    if (!t) return Fail(kExitUsage, std::string("--") + key + " must be a date such as 2027-01-31");
    (std::string(key) == "from" ? options.first_day : options.last_day) = DayOf(*t);
  }
  if (options.first_day && options.last_day && *options.last_day < *options.first_day)
    return Fail(kExitUsage, "--to is before --from");
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());

  // Rescore rewrites findings: no scan may write at the same time.
  auto lock = ScanLock::Acquire(g.db_path);
  if (!lock.ok()) return Fail(kExitFailure, lock.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  if (vm.count("target")) {
    for (const std::string& code : vm["target"].as<std::vector<std::string>>()) {
      auto t = FindTarget(*store, code);
      if (!t.ok()) return Fail(kExitFailure, t.status().message());
      options.target_ids.push_back(t->id);
    }
  }
  options.psl = SystemPublicSuffixList();
  auto r = Rescore(*store, *model, options, g.Now());
  if (!r.ok()) return Fail(kExitFailure, r.status().message());
  if (r->observations == 0) {
    std::cout << Tr(g, "Aucune observation enregistrée dans cette période : rien à recalculer.\n",
                    "No stored observation in that range: nothing to recompute.\n");
    return kExitOk;
  }
  std::string versions;
  for (const std::string& v : r->model_versions) versions += (versions.empty() ? "" : ", ") + v;
  std::cout << r->observations << Tr(g, " observations revérifiées (du ", " observations re-checked (")
            << FormatDay(*r->first_day) << Tr(g, " au ", " to ") << FormatDay(*r->last_day)
            << Tr(g, ") : ", "): ") << r->changed
            << Tr(g, " ensembles de constatations modifiés (", " finding sets changed (")
            << r->targets_changed << Tr(g, " collectivités), ", " collectivities), ")
            << r->scores_written << Tr(g, " notes du jour recalculées (modèle ", " daily scores recomputed (model ")
            << versions << ").\n";
  if (r->unreadable > 0)
    std::cerr << "posture: " << r->unreadable
              << Tr(g, " observations illisibles laissées telles quelles\n",
                    " unreadable observations were left as they were\n");
  return kExitOk;
}

}  // namespace posture::cli
