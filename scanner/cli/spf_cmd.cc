// `posture spf DOMAIN --ip IP`: RFC 7208 check_host() over live DNS, for an IT
// provider checking that its sending server passes. Prints the result (one of
// pass fail softfail neutral none permerror temperror) on the first line,
// then the explanation (exp=, for a fail), what decided and the counts.
//
// Every DNS question is bounded: --timeout seconds per question, retries
// included (default 5): c-ares makes `kTries` rounds over the servers, the
// per-try timeout doubling each round, so the per-try timeout is
// timeout / ((2^kTries - 1) * servers). A resolver that never answers gives
// temperror (RFC 7208 §4.4) after at most that long per question.
#include <iostream>
#include <map>
#include <memory>

#include "checks/base/strings.h"
#include "checks/parse/dns_address.h"
#include "checks/parse/spf_eval.h"
#include "posture/version.h"
#include "scanner/cli/commands.h"
#include "scanner/dns/dns_client.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

constexpr int kTries = 2;  // rounds over the servers: 1 + 2 = 3 per-try timeouts

// check_host()'s DNS: the blocking resolver, each question asked once.
class ResolverSpfDns : public SpfDns {
 public:
  explicit ResolverSpfDns(BlockingResolver& resolver) : resolver_(resolver) {}

  const DnsResult* Lookup(const std::string& name, uint16_t type) override {
    auto key = std::make_pair(name, type);
    auto it = answers_.find(key);
    if (it == answers_.end()) it = answers_.emplace(key, resolver_.Resolve(name, type)).first;
    return &it->second;
  }
  size_t questions() const { return answers_.size(); }

 private:
  BlockingResolver& resolver_;
  std::map<std::pair<std::string, uint16_t>, DnsResult> answers_;  // stable addresses
};

}  // namespace

int SpfCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("domain", po::value<std::string>(), "the domain whose SPF policy is evaluated")
      ("ip", po::value<std::string>(), "the sending server's IP address (IPv4 or IPv6)")
      ("sender", po::value<std::string>(),
       "the MAIL FROM address (default: postmaster@ the HELO name)")
      ("helo", po::value<std::string>(), "the HELO/EHLO name of the sending server (default: DOMAIN)")
      ("resolver", po::value<std::string>(),
       "DNS resolver ADDR[:PORT], several separated by commas (default: the system resolver)")
      ("timeout", po::value<double>()->default_value(5),
       "seconds allowed for each DNS question, retries included");
  po::positional_options_description positional;
  positional.add("domain", 1);
  po::variables_map vm;
  if (auto exit = ParseCommandLine(
          g, args, "posture spf DOMAIN --ip IP [options]",
          "Evaluates DOMAIN's SPF policy for a message sent from IP (RFC 7208 check_host(), live\n"
          "DNS, every mechanism, modifier and macro, the limits of §4.6.4). Prints one of pass,\n"
          "fail, softfail, neutral, none, permerror, temperror on the first line, then the\n"
          "explanation (exp=) and what decided. A DNS server that does not answer gives\n"
          "temperror after at most --timeout seconds per question.",
          desc, positional, vm))
    return *exit;
  if (!vm.count("domain")) return Fail(kExitUsage, "which domain? (posture spf DOMAIN --ip IP)");
  if (!vm.count("ip")) return Fail(kExitUsage, "which sending IP? (posture spf DOMAIN --ip IP)");
  std::string domain = CanonicalDnsName(vm["domain"].as<std::string>());
  if (domain.empty()) return Fail(kExitUsage, "the domain is empty");
  std::string ip(TrimWhitespace(vm["ip"].as<std::string>()));
  if (!ParseIpAddress(ip)) return Fail(kExitUsage, "--ip " + ip + " is not an IPv4 or IPv6 address");
  std::string sender = vm.count("sender") ? vm["sender"].as<std::string>() : "";
  std::string helo = vm.count("helo") ? CanonicalDnsName(vm["helo"].as<std::string>()) : domain;
  double timeout = vm["timeout"].as<double>();
  if (timeout < 0.1 || timeout > 600) return Fail(kExitUsage, "--timeout must be 0.1 to 600 seconds");

  ResolverConfig rc;
  if (vm.count("resolver")) {
    for (auto part : Split(vm["resolver"].as<std::string>(), ',')) {
      std::string text(TrimWhitespace(part));
      if (text.empty()) continue;
      auto server = NormalizeResolverAddress(text);
      if (!server.ok()) return Fail(kExitUsage, "--resolver: " + server.status().message());
      rc.servers.push_back(*server);
    }
  }
  size_t servers = rc.servers.empty() ? 1 : rc.servers.size();
  int64_t per_try_ms =
      static_cast<int64_t>(timeout * 1000 / (((1 << kTries) - 1) * static_cast<double>(servers)));
  rc.timeout = Millis(std::max<int64_t>(per_try_ms, 1));
  rc.tries = kTries;
  auto resolver = BlockingResolver::Create(rc);
  if (!resolver.ok()) return Fail(kExitFailure, "cannot set up the resolver: " + resolver.status().message());

  ResolverSpfDns dns(**resolver);
  SpfCheckOptions options;
  options.receiver = "posture";
  options.timestamp = g.Now();
  SpfResult r = CheckHost(ip, domain, sender, helo, dns, options);

  std::cout << SpfResultName(r.code) << "\n";
  if (r.code == SpfResultCode::kFail)
    std::cout << "explanation: "
              << (r.explanation.empty() ? "(the domain publishes no exp= explanation)"
                                        : SanitizeForDisplay(r.explanation, 500))
              << "\n";
  if (!r.matched.empty()) std::cout << "matched: " << SanitizeForDisplay(r.matched, 500) << "\n";
  if (!r.problem.empty()) std::cout << "reason: " << SanitizeForDisplay(r.problem, 500) << "\n";
  std::cout << "checked: ip " << ip << ", domain " << domain << ", sender "
            << (sender.empty() ? "postmaster@" + helo : sender) << ", helo " << helo << "\n";
  std::cout << "DNS-querying terms: " << r.dns_terms << " (limit " << kSpfMaxDnsTerms
            << "), void lookups: " << r.void_lookups << " (limit " << kSpfMaxVoidLookups
            << "), DNS questions asked: " << dns.questions() << "\n";
  return kExitOk;
}

}  // namespace posture::cli
