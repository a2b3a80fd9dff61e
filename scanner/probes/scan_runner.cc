#include "scanner/probes/scan_runner.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "checks/check.h"

namespace posture {

ScanRunner::ScanRunner(ScanConfig config, OptOutList opt_outs, const PublicSuffixList* psl,
                       std::function<UnixSeconds()> now)
    : shared_(std::make_unique<RunShared>(std::move(config), std::move(opt_outs), psl,
                                          std::move(now))) {}

namespace {

// Hands finished targets from the workers to the writing thread.
class OutcomeQueue {
 public:
  void Push(ScanOutcome&& o) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(o));
    }
    cv_.notify_one();
  }
  void WorkerDone() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++workers_done_;
    }
    cv_.notify_one();
  }
  // False when every worker is done and nothing is left.
  bool Pop(int workers, ScanOutcome* out) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !queue_.empty() || workers_done_ == workers; });
    if (queue_.empty()) return false;
    *out = std::move(queue_.front());
    queue_.pop_front();
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ScanOutcome> queue_;
  int workers_done_ = 0;
};

// What the lanes of every worker share.
struct Lane {
  RunShared& shared;
  std::vector<ScanItem>& items;
  std::atomic<size_t>& next;
  OutcomeQueue& queue;
  std::atomic<bool>& stop;
};

// One lane: scans targets one after the other until none is left.
Task<void> RunLane(Lane* lane, WorkerContext* ctx) {
  while (!lane->stop.load()) {
    size_t index = lane->next.fetch_add(1);
    if (index >= lane->items.size()) break;
    ScanItem& item = lane->items[index];
    ScanOutcome outcome;
    outcome.target_id = item.target_id;
    outcome.observations = co_await ScanTarget(*ctx, std::move(item.subject));
    CheckContext check{outcome.observations, lane->shared.now(), {}, lane->shared.psl};
    outcome.findings = RunAllChecks(check);
    ++lane->shared.counters.targets_done;
    lane->queue.Push(std::move(outcome));
  }
}

}  // namespace

Status ScanRunner::Run(std::vector<ScanItem> items,
                       const std::function<void(ScanOutcome&&)>& sink) {
  RunShared& shared = *shared_;
  const ScanConfig& cfg = shared.config;
  int workers = cfg.workers > 0 ? cfg.workers
                                : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (static_cast<int>(items.size()) < workers) workers = std::max<int>(1, items.size());
  int lanes = std::max(1, cfg.concurrency / workers);
  auto start = Clock::now();

  // Create every worker's clients first, so that a configuration error (bad
  // resolver, unreadable CA file) is reported before anything is scanned.
  struct Worker {
    asio::io_context io{1};
    std::unique_ptr<DnsClient> dns;
    std::unique_ptr<HttpClient> http;
  };
  std::vector<std::unique_ptr<Worker>> pool;
  for (int i = 0; i < workers; ++i) {
    auto w = std::make_unique<Worker>();
    auto dns = DnsClient::Create(w->io, cfg.resolver);
    if (!dns.ok()) return dns.status();
    w->dns = std::move(dns).value();
    auto http = HttpClient::Create(w->io, cfg.http);
    if (!http.ok()) return http.status();
    w->http = std::move(http).value();
    pool.push_back(std::move(w));
  }

  std::atomic<size_t> next{0};
  OutcomeQueue queue;
  Lane lane_state{shared, items, next, queue, stop_};
  std::vector<std::thread> threads;
  for (int i = 0; i < workers; ++i) {
    Worker* w = pool[i].get();
    threads.emplace_back([&lane_state, w, lanes, &queue, &shared] {
      WorkerContext ctx{w->io, shared, *w->dns, *w->http, Connector(shared.gate)};
      for (int lane = 0; lane < lanes; ++lane) asio::co_spawn(w->io, RunLane(&lane_state, &ctx), asio::detached);
      w->io.run();
      queue.WorkerDone();
    });
  }
  ScanOutcome outcome;
  while (queue.Pop(workers, &outcome)) sink(std::move(outcome));
  for (auto& t : threads) t.join();
  // Destroy clients on this thread now that their loops have stopped.
  pool.clear();

  stats_.targets = shared.counters.targets_done.load();
  stats_.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return Status();
}

RunStats ScanRunner::stats() const {
  RunStats s = stats_;
  const RunShared& shared = *shared_;
  s.dns_questions = shared.counters.dns_questions.load();
  s.dns_cache_hits = shared.dns_cache.hits();
  s.http_requests = shared.counters.http_requests.load();
  s.tls_probes = shared.counters.tls_probes.load();
  s.tls_cache_hits = shared.tls_cache.hits();
  s.smtp_probes = shared.counters.smtp_probes.load();
  s.smtp_cache_hits = shared.smtp_cache.hits();
  GateStats g = shared.gate.stats();
  s.connections = g.granted;
  s.max_concurrent_per_ip = g.max_concurrent_per_ip;
  s.refused_opt_out = g.refused_opt_out;
  return s;
}

}  // namespace posture
