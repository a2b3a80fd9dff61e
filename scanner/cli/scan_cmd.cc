// `posture scan`: scans the registry (every collectivity not opted out, or the
// named ones) into the database, resuming an unfinished run unless
// --new-run is given.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "checks/base/strings.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/progress.h"
#include "scanner/cli/scoring_cli.h"
#include "scanner/cli/scan_options.h"
#include "scanner/probes/scan_runner.h"
#include "scanner/store/store_retention.h"
#include "scanner/store/store_scans.h"
#include "scanner/store/store_scores.h"
#include "scanner/store/store_targets.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

std::atomic<ScanRunner*> g_runner{nullptr};
std::atomic<int> g_interrupts{0};

void OnInterrupt(int) {
  if (g_interrupts.fetch_add(1) >= 1) _exit(130);  // second Ctrl-C: leave now (the run resumes later)
  static const char kMsg[] =
      "\nposture: stopping after the collectivities in flight (Ctrl-C again to quit at once)\n";
  ssize_t ignored = ::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  (void)ignored;
  if (ScanRunner* r = g_runner.load()) r->RequestStop();
}

bool HasErrors(const ScanOutcome& o) {
  if (o.observations.deadline_reached) return true;
  for (const Finding& f : o.findings)
    if (f.outcome == Outcome::kError) return true;
  return false;
}

}  // namespace

int ScanCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("target", po::value<std::vector<std::string>>()->composing(),
       "scan only this collectivity (code or kind:code); repeatable")
      ("new-run", "start a new run even if the previous one was interrupted")
      ("retention-days", po::value<int>()->default_value(400),
       "after a complete run, delete raw observations older than this many days (their daily "
       "scores stay; 0: keep everything)");
  AddNetworkOptions(desc);
  AddModelOption(desc);
  po::positional_options_description positional;
  po::variables_map vm;
  if (auto exit = ParseCommandLine(
          g, args, "posture scan [options]",
          "Scans every collectivity of the registry that has not opted out (or those given with\n"
          "--target): public DNS records, the websites over HTTP and HTTPS, TLS on port 443 and\n"
          "SMTP STARTTLS on the MX servers. Nothing intrusive: see README. Results are stored in\n"
          "the database, one collectivity at a time, with its daily score (under --model, default\n"
          "the built-in model); an interrupted scan resumes where it stopped.",
          desc, positional, vm))
    return *exit;
  auto config = ScanConfigFromOptions(vm);
  if (!config.ok()) return Fail(kExitUsage, config.status().message());
  int retention_days = vm["retention-days"].as<int>();
  if (retention_days < 0 || (retention_days > 0 && retention_days < 31))
    return Fail(kExitUsage,
                "--retention-days must be 0 (keep everything) or at least 31 (the rolling "
                "score needs the last 30 days)");
  // The daily score is computed with each target's results (same transaction).
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());

  auto lock = ScanLock::Acquire(g.db_path);
  if (!lock.ok()) return Fail(kExitFailure, lock.status().message());
  auto store = Store::Open(g.db_path);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  // Holding the lock, a run still marked running was left by a crash.
  if (auto crashed = MarkCrashedRunsInterrupted(*store); !crashed.ok())
    return Fail(kExitFailure, crashed.status().message());

  std::vector<std::string> codes;
  if (vm.count("target")) codes = vm["target"].as<std::vector<std::string>>();
  auto targets = LoadScannableTargets(*store, codes);
  if (!targets.ok()) return Fail(kExitFailure, targets.status().message());
  if (targets->empty())
    return Fail(kExitFailure, "the registry has no collectivity to scan in " + g.db_path +
                                  "; import one with `posture targets import FILE`");
  auto opted_out = LoadOptedOutDomains(*store);
  if (!opted_out.ok()) return Fail(kExitFailure, opted_out.status().message());
  OptOutList opt_outs;
  for (const std::string& d : *opted_out) opt_outs.Add(d);

  std::map<int64_t, const StoredTarget*> by_id;
  for (const StoredTarget& t : *targets) by_id[t.id] = &t;

  // Resume the unfinished run, or start a new one.
  int64_t run_id = 0;
  std::vector<int64_t> plan;
  if (!vm.count("new-run") && codes.empty()) {
    auto unfinished = FindUnfinishedRun(*store);
    if (!unfinished.ok()) return Fail(kExitFailure, unfinished.status().message());
    if (unfinished->has_value()) {
      run_id = (*unfinished)->id;
      auto pending = PendingTargets(*store, run_id);
      if (!pending.ok()) return Fail(kExitFailure, pending.status().message());
      // Collectivities that opted out (or left the registry) since the run
      // began are never probed: out of the plan, so that the run can end.
      std::vector<int64_t> gone;
      for (int64_t id : *pending) (by_id.count(id) ? plan : gone).push_back(id);
      if (Status s = DropPendingTargets(*store, run_id, gone); !s.ok())
        return Fail(kExitFailure, s.message());
      std::cerr << "posture: resuming run " << run_id << " (" << (*unfinished)->targets_done
                << " of " << (*unfinished)->targets_total
                << " collectivities already done; use --new-run to start over)\n";
    }
  }
  if (run_id == 0) {
    for (const StoredTarget& t : *targets) plan.push_back(t.id);
    nlohmann::json options = {{"targets", codes}};
    auto begun = BeginRun(*store, g.Now(), options.dump(), plan);
    if (!begun.ok()) return Fail(kExitFailure, begun.status().message());
    run_id = *begun;
  }
  std::vector<ScanItem> items;
  for (int64_t id : plan) items.push_back(ScanItem{id, SubjectFromTarget(by_id[id]->target)});
  if (ContactUrlIsDefault(vm))
    std::cerr << "posture: no contact-url configured; servers will see a placeholder in the "
                 "User-Agent (set contact-url in posture.conf)\n";

  ScanRunner runner(*config, std::move(opt_outs), SystemPublicSuffixList(),
                    [&g] { return g.Now(); });
  g_runner.store(&runner);
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  Progress progress(items.size(), g.quiet);
  int64_t written = 0, with_errors = 0;
  Status write_error;
  Status run_status = runner.Run(std::move(items), [&](ScanOutcome&& outcome) {
    if (!write_error.ok()) return;
    bool complete = !outcome.observations.deadline_reached;
    InTransaction score;
    if (complete)
      score = [&](int64_t observation_id, DayNumber day) {
        auto w = UpsertScanDailyScore(*store, *model, outcome.target_id, day, observation_id,
                                      outcome.findings, g.Now());
        return w.ok() ? Status() : w.status();
      };
    auto id = WriteTargetResult(*store, run_id, outcome.target_id, outcome.observations,
                                outcome.findings, complete, score);
    if (!id.ok()) {
      write_error = id.status();
      runner.RequestStop();
      return;
    }
    ++written;
    if (HasErrors(outcome)) ++with_errors;
    progress.Update(written, with_errors);
  });
  g_runner.store(nullptr);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  progress.Finish();

  if (!run_status.ok()) {
    FinishRun(*store, run_id, "interrupted", g.Now());
    return Fail(kExitFailure, run_status.message());
  }
  auto pending = PendingTargets(*store, run_id);
  bool finished = pending.ok() && pending->empty();
  FinishRun(*store, run_id, finished ? "complete" : "interrupted", g.Now());
  RunStats st = runner.stats();
  std::fprintf(stderr,
               "posture: run %lld %s: %lld collectivities scanned in %.1f s (%.1f/s), %lld with "
               "errors; %lld DNS questions (%lld answered from cache), %lld TLS probes, %lld SMTP "
               "probes, %lld connections, at most %d at once per IP\n",
               static_cast<long long>(run_id), finished ? "complete" : "interrupted",
               static_cast<long long>(written), st.wall_seconds,
               st.wall_seconds > 0 ? written / st.wall_seconds : 0.0,
               static_cast<long long>(with_errors), static_cast<long long>(st.dns_questions),
               static_cast<long long>(st.dns_cache_hits), static_cast<long long>(st.tls_probes),
               static_cast<long long>(st.smtp_probes), static_cast<long long>(st.connections),
               st.max_concurrent_per_ip);
  if (!write_error.ok())
    return Fail(kExitFailure, "cannot write results: " + write_error.message() +
                                  "; the collectivities written so far are kept, and posture "
                                  "scan resumes the run once the cause is fixed");
  if (!finished)
    return Fail(kExitFailure, "the scan was interrupted; run posture scan again to resume it");
  if (retention_days > 0) {
    auto pruned = PruneObservations(*store, DayOf(g.Now()) - retention_days);
    if (!pruned.ok())
      return Fail(kExitFailure, "the scan completed, but deleting observations older than " +
                                    std::to_string(retention_days) +
                                    " days failed: " + pruned.status().message());
    if (pruned->observations > 0 && !g.quiet)
      std::fprintf(stderr,
                   "posture: retention: %lld observations older than %d days deleted (with "
                   "%lld findings); their daily scores are kept\n",
                   static_cast<long long>(pruned->observations), retention_days,
                   static_cast<long long>(pruned->findings));
  }
  return kExitOk;
}

}  // namespace posture::cli
