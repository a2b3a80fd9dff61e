// ScanRunner: runs a list of targets over N worker threads, each with its own
// event loop (io_context), DNS client, HTTP client and connector, sharing the
// run's gate and caches. Each worker keeps up to concurrency/N targets in
// flight as coroutines (no thread per target). When a target is done its
// findings are computed on the worker (checks are pure) and the outcome is
// handed to the calling thread, which writes it (one transaction per target).
//
// Thread-safety: Run() is called once, from one thread; the sink runs on that
// thread. RequestStop() may be called from any thread or a signal handler
// (it only sets an atomic flag): targets not yet started are skipped, those
// in flight finish.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "checks/base/status.h"
#include "checks/finding.h"
#include "checks/observations.h"
#include "scanner/probes/scan_context.h"
#include "scanner/probes/target_scan.h"

namespace posture {

struct ScanItem {
  int64_t target_id = 0;  // database id (0 for `posture check`)
  ScanSubject subject;
};

struct ScanOutcome {
  int64_t target_id = 0;
  TargetObservations observations;
  std::vector<Finding> findings;
};

struct RunStats {
  int64_t targets = 0;
  double wall_seconds = 0;
  int64_t dns_questions = 0;
  int64_t dns_cache_hits = 0;
  int64_t http_requests = 0;
  int64_t tls_probes = 0;
  int64_t tls_cache_hits = 0;
  int64_t smtp_probes = 0;
  int64_t smtp_cache_hits = 0;
  int64_t connections = 0;  // slots granted by the gate (TLS, SMTP, HTTP)
  int max_concurrent_per_ip = 0;
  int64_t refused_opt_out = 0;
};

class ScanRunner {
 public:
  ScanRunner(ScanConfig config, OptOutList opt_outs, const PublicSuffixList* psl,
             std::function<UnixSeconds()> now);

  // Scans `items`; calls `sink` on this thread for each finished target, in
  // completion order. Fails only if the workers cannot start (e.g. a bad
  // resolver address).
  Status Run(std::vector<ScanItem> items, const std::function<void(ScanOutcome&&)>& sink);

  void RequestStop() { stop_.store(true); }
  RunStats stats() const;
  RunShared& shared() { return *shared_; }

 private:
  std::unique_ptr<RunShared> shared_;
  std::atomic<bool> stop_{false};
  RunStats stats_;
};

}  // namespace posture
