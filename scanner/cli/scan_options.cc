#include "scanner/cli/scan_options.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "checks/base/strings.h"
#include "checks/parse/psl.h"
#include "posture/version.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {
constexpr const char* kDefaultContact = "https://posture.invalid/contact";

std::string DefaultEhloName() {
  char buf[256] = {0};
  if (::gethostname(buf, sizeof buf - 1) == 0) {
    std::string h = CanonicalDnsName(buf);
    if (h.find('.') != std::string::npos) return h;
  }
  return "posture-scanner.invalid";
}
}  // namespace

void AddNetworkOptions(po::options_description& desc) {
  desc.add_options()
      ("resolver", po::value<std::string>(),
       "DNS resolver ADDR[:PORT] (default: the system resolver from /etc/resolv.conf)")
      ("ca-file", po::value<std::string>(),
       "extra trusted CA certificates (PEM), added to the system trust store")
      ("workers", po::value<int>()->default_value(0),
       "worker threads, one event loop each (0: one per core)")
      ("concurrency", po::value<int>()->default_value(500), "collectivities in flight at once")
      ("per-ip", po::value<int>()->default_value(2),
       "at most this many concurrent connections to one IP address")
      ("per-ip-rate", po::value<double>()->default_value(20),
       "at most this many new connections per second to one IP address")
      ("timeout", po::value<double>()->default_value(10),
       "seconds allowed for each connection, handshake, HTTP exchange or SMTP reply")
      ("deadline", po::value<double>()->default_value(90),
       "seconds allowed for all the probes of one collectivity")
      ("contact-url", po::value<std::string>(),
       "URL shown in the User-Agent so that server owners can reach you")
      ("ehlo-name", po::value<std::string>(), "name sent in SMTP EHLO (default: this host's name)")
      ("no-smtp", "do not connect to MX servers (DNS checks of mail still run)")
      ("no-ipv6", "do not probe IPv6 addresses");
}

bool ContactUrlIsDefault(const po::variables_map& vm) { return vm.count("contact-url") == 0; }

StatusOr<ScanConfig> ScanConfigFromOptions(const po::variables_map& vm) {
  ScanConfig cfg;
  if (vm.count("resolver")) {
    for (auto part : Split(vm["resolver"].as<std::string>(), ',')) {
      std::string text(TrimWhitespace(part));
      if (text.empty()) continue;
      auto server = NormalizeResolverAddress(text);
      if (!server.ok()) return InvalidArgument("--resolver: " + server.status().message());
      cfg.resolver.servers.push_back(*server);
    }
  }
  if (vm.count("ca-file")) {
    std::string path = vm["ca-file"].as<std::string>();
    std::ifstream in(path);
    if (!in) return InvalidArgument("--ca-file " + path + " cannot be read");
    cfg.tls.ca_file = path;
    cfg.http.ca_file = path;
    cfg.smtp.tls.ca_file = path;
  }
  cfg.workers = vm["workers"].as<int>();
  if (cfg.workers < 0 || cfg.workers > 256) return InvalidArgument("--workers must be 0 to 256");
  cfg.concurrency = vm["concurrency"].as<int>();
  if (cfg.concurrency < 1 || cfg.concurrency > 100000)
    return InvalidArgument("--concurrency must be 1 to 100000");
  cfg.gate.per_ip = vm["per-ip"].as<int>();
  if (cfg.gate.per_ip < 1 || cfg.gate.per_ip > 64) return InvalidArgument("--per-ip must be 1 to 64");
  cfg.gate.per_ip_rate = vm["per-ip-rate"].as<double>();
  if (cfg.gate.per_ip_rate < 0) return InvalidArgument("--per-ip-rate must be positive (0: unlimited)");
  double timeout = vm["timeout"].as<double>();
  if (timeout < 0.1 || timeout > 600) return InvalidArgument("--timeout must be 0.1 to 600 seconds");
  double deadline = vm["deadline"].as<double>();
  if (deadline < 1 || deadline > 3600) return InvalidArgument("--deadline must be 1 to 3600 seconds");
  Millis t(static_cast<int64_t>(timeout * 1000));
  cfg.connect_timeout = t;
  cfg.http.connect_timeout = t;
  cfg.http.timeout = t;
  cfg.tls.handshake_timeout = t;
  cfg.smtp.connect_timeout = t;
  cfg.smtp.line_timeout = t;
  cfg.smtp.tls.handshake_timeout = t;
  cfg.resolver.timeout = std::min(t, Millis(2500));
  cfg.target_deadline = Millis(static_cast<int64_t>(deadline * 1000));
  std::string contact = vm.count("contact-url") ? vm["contact-url"].as<std::string>() : kDefaultContact;
  cfg.http.user_agent = std::string("posture/") + kVersion + " (+" + contact + ")";
  cfg.smtp.ehlo_name = vm.count("ehlo-name") ? vm["ehlo-name"].as<std::string>() : DefaultEhloName();
  cfg.probe_smtp = vm.count("no-smtp") == 0;
  cfg.ipv6 = vm.count("no-ipv6") == 0;
  return cfg;
}

}  // namespace posture::cli

namespace posture::cli {

// Debian's publicsuffix package. Without it the organisational domain falls
// back to the last two labels (right for .fr), said once on stderr.
const PublicSuffixList* SystemPublicSuffixList() {
  static const PublicSuffixList* kList = []() -> const PublicSuffixList* {
    const char* kPath = "/usr/share/publicsuffix/public_suffix_list.dat";
    std::ifstream in(kPath);
    std::stringstream text;
    if (in) text << in.rdbuf();
    if (!in || text.str().empty()) {
      std::cerr << "posture: " << kPath
                << " not found (install the publicsuffix package); organisational domains "
                   "fall back to the last two labels\n";
      return nullptr;
    }
    return new PublicSuffixList(PublicSuffixList::Parse(text.str()));
  }();
  return kList;
}

}  // namespace posture::cli
