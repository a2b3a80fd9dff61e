// The state of one scan run: what all workers share (the gate, the per-run
// caches of DNS answers, TLS endpoints and SMTP probes, the configuration,
// counters) and what each worker owns (its io_context, DNS and HTTP clients,
// connector).
//
// Thread-safety: RunShared is shared by all workers (its members are
// thread-safe or immutable); a WorkerContext belongs to one worker thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <tuple>

#include "checks/base/time.h"
#include "checks/observations.h"
#include "scanner/dns/dns_client.h"
#include "scanner/engine/asio.h"
#include "scanner/engine/connector.h"
#include "scanner/engine/gate.h"
#include "scanner/engine/shared_cache.h"
#include "scanner/http/http_client.h"
#include "scanner/smtp/smtp_probe.h"
#include "scanner/tls/tls_probe.h"

namespace posture {

class PublicSuffixList;

struct ScanConfig {
  ResolverConfig resolver;
  HttpClientConfig http;
  TlsProbeOptions tls;
  SmtpProbeOptions smtp;
  GateConfig gate;
  int workers = 0;          // 0: one per core
  int concurrency = 500;    // targets in flight, all workers together
  Millis target_deadline{90000};
  Millis connect_timeout{5000};
  int max_mx_hosts = 5;
  int max_ips_per_host = 2;  // per address family
  int max_redirects = 10;
  int max_spf_rounds = 40;
  bool ipv6 = true;          // probe IPv6 addresses too
  bool probe_smtp = true;    // probe MX hosts over SMTP
};

struct RunCounters {
  std::atomic<int64_t> targets_done{0};
  std::atomic<int64_t> targets_with_errors{0};
  std::atomic<int64_t> dns_questions{0};  // asked on the wire (cache misses)
  std::atomic<int64_t> http_requests{0};
  std::atomic<int64_t> tls_probes{0};
  std::atomic<int64_t> smtp_probes{0};
};

using DnsKey = std::pair<std::string, uint16_t>;
using TlsKey = std::tuple<std::string, int, std::string>;  // ip, port, sni
using SmtpKey = std::pair<std::string, std::string>;       // ip, mx host

class RunShared {
 public:
  RunShared(ScanConfig config, OptOutList opt_outs, const PublicSuffixList* psl,
            std::function<UnixSeconds()> now)
      : config(std::move(config)), gate(this->config.gate, std::move(opt_outs)), psl(psl),
        now(std::move(now)) {}

  const ScanConfig config;
  ConnectGate gate;
  const PublicSuffixList* psl;
  std::function<UnixSeconds()> now;  // the clock that stamps results
  SharedCache<DnsKey, DnsResult> dns_cache;
  SharedCache<TlsKey, TlsEndpoint> tls_cache;
  SharedCache<SmtpKey, SmtpProbe> smtp_cache;
  RunCounters counters;
};

struct WorkerContext {
  asio::io_context& io;
  RunShared& shared;
  DnsClient& dns;
  HttpClient& http;
  Connector connector;
};

}  // namespace posture
