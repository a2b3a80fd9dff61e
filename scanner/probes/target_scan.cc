#include "scanner/probes/target_scan.h"

#include <algorithm>
#include <map>
#include <set>

#include "checks/base/strings.h"
#include "scanner/engine/task_group.h"
#include "scanner/probes/mail_questions.h"
#include "scanner/probes/url.h"

namespace posture {
namespace {

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// "10 mx.example.fr." -> (10, "mx.example.fr"); false for garbage.
bool ParseMx(const std::string& data, int* preference, std::string* host) {
  auto parts = SplitWhitespace(data);
  if (parts.size() != 2) return false;
  int p = 0;
  for (char c : parts[0]) {
    if (c < '0' || c > '9' || p > 65535) return false;
    p = p * 10 + (c - '0');
  }
  *preference = p;
  *host = CanonicalDnsName(parts[1]);
  return true;
}

bool IsStsRecord(const DnsRecord& r) {
  std::string joined;
  for (const auto& s : r.strings) joined += s;
  return StartsWithIgnoreCase(TrimWhitespace(joined), "v=STSv1");
}

// One collectivity's scan. Lives in the coroutine frame of ScanTarget.
class TargetScan {
 public:
  TargetScan(WorkerContext& w, ScanSubject subject)
      : w_(w),
        cfg_(w.shared.config),
        subject_(std::move(subject)),
        deadline_(Deadline::In(cfg_.target_deadline)) {}

  Task<TargetObservations> Run();

 private:
  Task<const DnsResult*> Ask(std::string name, uint16_t type);
  Task<void> AskAll(std::vector<DnsKey> keys);
  Task<void> AskOne(DnsKey key) { co_await Ask(key.first, key.second); }
  Task<std::vector<std::string>> Addresses(std::string host);
  Task<void> GatherDomain(std::string domain, bool is_web_domain);
  Task<void> GatherSpf(std::string domain);
  Task<void> GatherMx(std::string domain);
  Task<void> ProbeMxHost(std::string mx);
  Task<void> ProbeSmtpEndpoint(std::string mx, std::string ip);
  Task<void> GatherMtaSts(std::string domain);
  Task<void> GatherWebHost(std::string host, bool fetch_security_txt);
  Task<void> ProbeHttpsEndpoint(std::string host, std::string ip);
  Task<void> FetchHttp(std::string host);
  Task<void> FetchHttps(std::string host, bool fetch_security_txt);
  Task<HttpFetch> Fetch(std::string purpose, std::string url, bool verify_tls,
                        bool follow_redirects);
  void Note(std::string note) { obs_.notes.push_back(std::move(note)); }
  // Reads this target's answers gathered so far (nullptr: not asked yet).
  DnsLookupFn LookupFn();

  WorkerContext& w_;
  const ScanConfig& cfg_;
  ScanSubject subject_;
  Deadline deadline_;
  TargetObservations obs_;
  std::map<DnsKey, DnsResult> dns_;  // this target's answers (stable addresses)
};

Task<TargetObservations> TargetScan::Run() {
  obs_.target_key = subject_.key;
  obs_.started_at = w_.shared.now();
  obs_.email = subject_.email;
  for (const TargetDomain& d : subject_.domains) AddUnique(obs_.web_domains, d.domain);
  obs_.web_hosts = WebHostsOf(subject_);
  obs_.mail_domains = MailDomainsOf(subject_);

  auto executor = co_await asio::this_coro::executor;
  {
    TaskGroup group(executor);
    std::set<std::string> all;
    for (const std::string& d : obs_.web_domains) all.insert(d);
    for (const std::string& d : obs_.mail_domains) all.insert(d);
    for (const std::string& d : all) {
      bool web = std::find(obs_.web_domains.begin(), obs_.web_domains.end(), d) !=
                 obs_.web_domains.end();
      group.Spawn(GatherDomain(d, web));
    }
    // The first web host of each domain also gets security.txt.
    std::set<std::string> primary;
    for (const TargetDomain& d : subject_.domains)
      primary.insert(d.web_host.empty() ? d.domain : d.web_host);
    for (const std::string& h : obs_.web_hosts) group.Spawn(GatherWebHost(h, primary.count(h) > 0));
    co_await group.Wait();
  }

  for (auto& [key, result] : dns_) obs_.dns.push_back(std::move(result));
  // Deterministic order, whatever the order of completion.
  std::sort(obs_.http.begin(), obs_.http.end(), [](const HttpFetch& a, const HttpFetch& b) {
    return std::tie(a.purpose, a.start_url) < std::tie(b.purpose, b.start_url);
  });
  std::sort(obs_.tls.begin(), obs_.tls.end(), [](const TlsEndpoint& a, const TlsEndpoint& b) {
    return std::tie(a.sni, a.ip, a.port) < std::tie(b.sni, b.ip, b.port);
  });
  std::sort(obs_.smtp.begin(), obs_.smtp.end(), [](const SmtpProbe& a, const SmtpProbe& b) {
    return std::tie(a.mx_host, a.ip) < std::tie(b.mx_host, b.ip);
  });
  obs_.deadline_reached = deadline_.expired();
  if (obs_.deadline_reached) Note("the target's deadline was reached: some probes were skipped");
  obs_.finished_at = w_.shared.now();
  co_return std::move(obs_);
}

Task<const DnsResult*> TargetScan::Ask(std::string name, uint16_t type) {
  DnsKey key{CanonicalDnsName(name), type};
  if (auto it = dns_.find(key); it != dns_.end()) co_return &it->second;
  DnsResult result;
  if (key.first.empty()) {
    result.name = key.first;
    result.type = type;
    result.status = ProbeStatus::kDnsError;
  } else if (w_.shared.gate.Refuses(key.first)) {
    result.name = key.first;
    result.type = type;
    result.status = ProbeStatus::kOptedOut;
  } else if (deadline_.expired()) {
    result.name = key.first;
    result.type = type;
    result.status = ProbeStatus::kSkipped;
  } else {
    auto shared = co_await w_.shared.dns_cache.Get(key, [&]() -> Task<DnsResult> {
      ++w_.shared.counters.dns_questions;
      DnsResult r = co_await w_.dns.Query(key.first, key.second);
      r.name = key.first;
      r.type = key.second;
      co_return r;
    });
    result = *shared;
  }
  auto [it, inserted] = dns_.emplace(key, std::move(result));
  co_return &it->second;
}

Task<void> TargetScan::AskAll(std::vector<DnsKey> keys) {
  TaskGroup group(co_await asio::this_coro::executor);
  for (auto& k : keys) group.Spawn(AskOne(k));
  co_await group.Wait();
}

Task<std::vector<std::string>> TargetScan::Addresses(std::string host) {
  std::vector<DnsKey> keys;  // (g++ 12 rejects a braced list as a coroutine argument)
  keys.emplace_back(host, dns_type::kA);
  keys.emplace_back(host, dns_type::kAaaa);
  co_await AskAll(std::move(keys));
  std::vector<std::string> out;
  const DnsResult* a = co_await Ask(host, dns_type::kA);
  const DnsResult* aaaa = co_await Ask(host, dns_type::kAaaa);
  int n = 0;
  for (const DnsRecord& r : a->records)
    if (r.type == dns_type::kA && n < cfg_.max_ips_per_host) {
      AddUnique(out, r.data);
      ++n;
    }
  n = 0;
  if (cfg_.ipv6)
    for (const DnsRecord& r : aaaa->records)
      if (r.type == dns_type::kAaaa && n < cfg_.max_ips_per_host) {
        AddUnique(out, r.data);
        ++n;
      }
  co_return out;
}

Task<void> TargetScan::GatherDomain(std::string domain, bool is_web_domain) {
  std::vector<DnsKey> keys = {{domain, dns_type::kMx},
                              {domain, dns_type::kTxt},
                              {domain, dns_type::kCaa},
                              {domain, dns_type::kDnskey},
                              {"_mta-sts." + domain, dns_type::kTxt},
                              {"_smtp._tls." + domain, dns_type::kTxt},
                              {"_domainkey." + domain, dns_type::kTxt}};
  if (is_web_domain) {
    keys.push_back({domain, dns_type::kA});
    keys.push_back({domain, dns_type::kAaaa});
  }
  for (const std::string& n : DmarcQuestionNames(domain, w_.shared.psl))
    keys.push_back({n, dns_type::kTxt});
  for (const std::string& n : DkimQuestionNames(domain)) keys.push_back({n, dns_type::kTxt});
  co_await AskAll(std::move(keys));
  std::vector<DnsKey> reports;
  for (const std::string& n : DmarcReportQuestionNames(domain, w_.shared.psl, LookupFn()))
    reports.push_back({n, dns_type::kTxt});
  co_await AskAll(std::move(reports));

  TaskGroup group(co_await asio::this_coro::executor);
  group.Spawn(GatherSpf(domain));
  if (cfg_.probe_smtp) group.Spawn(GatherMx(domain));
  group.Spawn(GatherMtaSts(domain));
  co_await group.Wait();
}

DnsLookupFn TargetScan::LookupFn() {
  return [this](const std::string& name, uint16_t type) -> const DnsResult* {
    auto it = dns_.find(DnsKey{CanonicalDnsName(name), type});
    return it == dns_.end() ? nullptr : &it->second;
  };
}

Task<void> TargetScan::GatherSpf(std::string domain) {
  DnsLookupFn lookup = LookupFn();
  for (int round = 0; round < cfg_.max_spf_rounds; ++round) {
    std::vector<DnsKey> needed = SpfQuestionsNeeded(domain, lookup);
    if (needed.empty()) co_return;
    if (deadline_.expired()) break;
    co_await AskAll(std::move(needed));
  }
  Note("SPF tree of " + domain + " not fully expanded (round or deadline limit)");
}

Task<void> TargetScan::GatherMx(std::string domain) {
  const DnsResult* mx = co_await Ask(domain, dns_type::kMx);
  std::vector<std::pair<int, std::string>> hosts;
  for (const DnsRecord& r : mx->records) {
    int pref;
    std::string host;
    if (r.type != dns_type::kMx || !ParseMx(r.data, &pref, &host)) continue;
    if (host.empty()) continue;  // null MX (RFC 7505): "0 ."
    hosts.emplace_back(pref, host);
  }
  std::sort(hosts.begin(), hosts.end());
  std::vector<std::string> names;
  for (auto& [pref, host] : hosts) AddUnique(names, host);
  if (static_cast<int>(names.size()) > cfg_.max_mx_hosts) {
    Note(domain + ": " + std::to_string(names.size() - cfg_.max_mx_hosts) +
         " MX hosts beyond the first " + std::to_string(cfg_.max_mx_hosts) + " were not probed");
    names.resize(cfg_.max_mx_hosts);
  }
  TaskGroup group(co_await asio::this_coro::executor);
  for (const std::string& host : names) group.Spawn(ProbeMxHost(host));
  co_await group.Wait();
}

Task<void> TargetScan::ProbeMxHost(std::string mx) {
  co_await Ask("_25._tcp." + mx, dns_type::kTlsa);
  std::vector<std::string> ips = co_await Addresses(mx);
  TaskGroup group(co_await asio::this_coro::executor);
  for (const std::string& ip : ips) group.Spawn(ProbeSmtpEndpoint(mx, ip));
  co_await group.Wait();
}

Task<void> TargetScan::ProbeSmtpEndpoint(std::string mx, std::string ip) {
  if (w_.shared.gate.Refuses(mx)) {
    SmtpProbe p;
    p.mx_host = mx;
    p.ip = ip;
    p.status = ProbeStatus::kOptedOut;
    obs_.smtp.push_back(std::move(p));
    co_return;
  }
  auto probe = co_await w_.shared.smtp_cache.Get(SmtpKey{ip, mx}, [&]() -> Task<SmtpProbe> {
    ++w_.shared.counters.smtp_probes;
    co_return co_await ProbeSmtp(w_.connector, mx, ip, cfg_.smtp, deadline_, true);
  });
  obs_.smtp.push_back(*probe);
}

Task<void> TargetScan::GatherMtaSts(std::string domain) {
  const DnsResult* txt = co_await Ask("_mta-sts." + domain, dns_type::kTxt);
  bool has_sts = false;
  for (const DnsRecord& r : txt->records)
    if (r.type == dns_type::kTxt && IsStsRecord(r)) has_sts = true;
  if (!has_sts) co_return;
  // RFC 8461 §3.3: the policy is fetched over HTTPS with a valid certificate,
  // and redirects are not followed.
  HttpFetch f = co_await Fetch("mta-sts-policy",
                               "https://mta-sts." + domain + "/.well-known/mta-sts.txt",
                               /*verify_tls=*/true, /*follow_redirects=*/false);
  obs_.http.push_back(std::move(f));
}

Task<void> TargetScan::GatherWebHost(std::string host, bool fetch_security_txt) {
  std::vector<std::string> ips = co_await Addresses(host);
  if (ips.empty()) co_return;  // no website on this name: the DNS answers say why
  TaskGroup group(co_await asio::this_coro::executor);
  for (const std::string& ip : ips) group.Spawn(ProbeHttpsEndpoint(host, ip));
  group.Spawn(FetchHttp(host));
  group.Spawn(FetchHttps(host, fetch_security_txt));
  co_await group.Wait();
  // Some probes answered and others could not connect: an HTTP-only (or
  // HTTPS-only) site, or a server that went down meanwhile. Asking once more
  // the way it answered tells them apart (WebReach).
  if (WebReach reach = obs_.ReachOf(host); reach.Mixed()) {
    std::string url = std::string(reach.http_answered ? "http://" : "https://") + host + "/";
    obs_.http.push_back(co_await Fetch("recheck", url, false, false));
  }
}

Task<void> TargetScan::FetchHttp(std::string host) {
  obs_.http.push_back(co_await Fetch("http", "http://" + host + "/", false, true));
}

Task<void> TargetScan::FetchHttps(std::string host, bool fetch_security_txt) {
  HttpFetch https = co_await Fetch("https", "https://" + host + "/", false, true);
  std::string final_host;
  if (https.status == ProbeStatus::kOk) {
    auto parts = SplitUrl(https.final_url);
    if (parts && parts->scheme == "https") final_host = parts->host;
  }
  obs_.http.push_back(std::move(https));
  if (fetch_security_txt && !final_host.empty())
    obs_.http.push_back(co_await Fetch(
        "security.txt", "https://" + final_host + "/.well-known/security.txt", false, true));
}

Task<void> TargetScan::ProbeHttpsEndpoint(std::string host, std::string ip) {
  auto endpoint =
      co_await w_.shared.tls_cache.Get(TlsKey{ip, 443, host}, [&]() -> Task<TlsEndpoint> {
        ++w_.shared.counters.tls_probes;
        StreamOpener open = [this, host, ip]() -> Task<OpenedStream> {
          ConnectResult r = co_await w_.connector.Connect(host, ip, 443, ConnKind::kWeb,
                                                          cfg_.connect_timeout, deadline_);
          OpenedStream s;
          s.status = r.status;
          s.error = std::move(r.error);
          s.connection = std::move(r.connection);
          co_return s;
        };
        co_return co_await ProbeTlsEndpoint(std::move(open), ip, 443, host, "https", cfg_.tls,
                                            deadline_);
      });
  obs_.tls.push_back(*endpoint);
}

Task<HttpFetch> TargetScan::Fetch(std::string purpose, std::string url, bool verify_tls,
                                  bool follow_redirects) {
  HttpFetch fetch;
  fetch.purpose = std::move(purpose);
  fetch.start_url = url;
  std::set<std::string> seen;
  for (int hop = 0;; ++hop) {
    if (hop > cfg_.max_redirects) {
      fetch.status = ProbeStatus::kProtocolError;
      fetch.error = "more than " + std::to_string(cfg_.max_redirects) + " redirects";
      break;
    }
    HttpHop failed;
    failed.url = url;
    failed.status = ProbeStatus::kOk;  // until a reason not to connect is found
    auto parts = SplitUrl(url);
    if (!parts) {
      failed.status = ProbeStatus::kProtocolError;
      failed.error = "not an http(s) URL";
    } else if (w_.shared.gate.Refuses(parts->host)) {
      failed.status = ProbeStatus::kOptedOut;
      failed.error = parts->host + " belongs to an opted-out collectivity";
    } else if (deadline_.expired()) {
      failed.status = ProbeStatus::kSkipped;
      failed.error = "target deadline reached";
    }
    std::string ip;
    if (failed.status == ProbeStatus::kOk) {
      error_code ec;
      asio::ip::make_address(parts->host, ec);
      if (!ec) {
        ip = parts->host;
      } else {
        std::vector<std::string> ips = co_await Addresses(parts->host);
        if (!ips.empty()) {
          ip = ips.front();
        } else {
          const DnsResult* a = co_await Ask(parts->host, dns_type::kA);
          failed.status = a->status == ProbeStatus::kOk ? ProbeStatus::kUnreachable : a->status;
          failed.error = "no address for " + parts->host;
        }
      }
    }
    if (ip.empty()) {
      fetch.hops.push_back(failed);
      fetch.status = failed.status;
      fetch.error = failed.error;
      break;
    }
    HttpResponse response;
    {
      GateTicket ticket = co_await w_.shared.gate.Acquire(ip, ConnKind::kWeb);
      // The wait for a slot (politeness) may have used up the deadline: then
      // there is no time left for the exchange (a clamped timeout of 0 would
      // read as "the default timeout" in HttpRequest).
      Millis left = deadline_.Clamp(cfg_.http.timeout);
      if (left.count() <= 0) {
        failed.ip = ip;
        failed.status = ProbeStatus::kSkipped;
        failed.error = "target deadline reached";
        fetch.hops.push_back(failed);
        fetch.status = failed.status;
        fetch.error = failed.error;
        break;
      }
      HttpRequest request;
      request.url = url;
      request.ip = ip;
      request.port = parts->port;
      request.verify_tls = verify_tls;
      request.timeout = left;
      ++w_.shared.counters.http_requests;
      response = co_await w_.http.Get(std::move(request));
    }
    fetch.hops.push_back(response.hop);
    const HttpHop& h = fetch.hops.back();
    fetch.status = h.status;
    if (h.status != ProbeStatus::kOk) {
      fetch.error = h.error;
      break;
    }
    fetch.final_url = url;
    bool redirect = h.status_code >= 300 && h.status_code < 400 && !h.location.empty();
    if (!redirect || !follow_redirects) {
      fetch.body = std::move(response.body);
      fetch.body_truncated = response.body_truncated;
      fetch.body_bytes = response.body_bytes;
      break;
    }
    seen.insert(url);
    if (seen.count(h.location)) {
      fetch.status = ProbeStatus::kProtocolError;
      fetch.error = "redirect loop back to " + h.location;
      break;
    }
    url = h.location;
  }
  co_return fetch;
}

}  // namespace

ScanSubject SubjectFromTarget(const Target& target) {
  ScanSubject s;
  s.key = target.Key();
  s.domains = target.domains;
  s.email = target.email;
  return s;
}

std::vector<std::string> WebHostsOf(const ScanSubject& subject) {
  std::vector<std::string> hosts;
  for (const TargetDomain& d : subject.domains) {
    std::string domain = CanonicalDnsName(d.domain);
    std::string web = CanonicalDnsName(d.web_host);
    AddUnique(hosts, domain);
    if (web.empty() || web == domain) web = "www." + domain;
    AddUnique(hosts, web);
  }
  return hosts;
}

std::vector<std::string> MailDomainsOf(const ScanSubject& subject) {
  std::vector<std::string> domains;
  size_t at = subject.email.rfind('@');
  if (at != std::string::npos) AddUnique(domains, CanonicalDnsName(subject.email.substr(at + 1)));
  for (const std::string& d : subject.extra_mail_domains) AddUnique(domains, CanonicalDnsName(d));
  for (const TargetDomain& d : subject.domains) AddUnique(domains, CanonicalDnsName(d.domain));
  return domains;
}

Task<TargetObservations> ScanTarget(WorkerContext& worker, ScanSubject subject) {
  TargetScan scan(worker, std::move(subject));
  co_return co_await scan.Run();
}

}  // namespace posture
