// `posture check DOMAIN`: scans one domain without any database and prints
// what it observed and the findings. What a collectivity's IT provider runs
// after a fix.
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "checks/base/strings.h"
#include "checks/catalogue.h"
#include "checks/check.h"
#include "checks/observations_json.h"
#include "posture/version.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/scan_options.h"
#include "scanner/probes/scan_runner.h"
#include "targets/domain.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

// Worst first: problems (fail, partial) by severity, a fail before a partial
// of the same severity; then what could not be judged (error, not_tested),
// then info, pass and not_applicable.
int OutcomeRank(Outcome o) {
  switch (o) {
    case Outcome::kFail: return 0;
    case Outcome::kPartial: return 1;
    case Outcome::kError: return 2;
    case Outcome::kNotTested: return 3;
    case Outcome::kInfo: return 4;
    case Outcome::kPass: return 5;
    case Outcome::kNotApplicable: return 6;
  }
  return 7;
}

bool WorseFirst(const Finding& a, const Finding& b) {
  bool pa = IsProblem(a.outcome), pb = IsProblem(b.outcome);
  if (pa != pb) return pa;
  if (pa && SeverityRank(a.severity) != SeverityRank(b.severity))
    return SeverityRank(a.severity) < SeverityRank(b.severity);
  return OutcomeRank(a.outcome) < OutcomeRank(b.outcome);
}

// Each line of `text` (sanitised, bounded) indented under its finding.
void PrintIndented(const std::string& text, size_t max_bytes) {
  for (auto line : Split(text, '\n')) {
    std::string l = SanitizeForDisplay(std::string(line), max_bytes);
    if (!l.empty()) std::cout << "                  " << l << "\n";
  }
}

const char* CategoryTitle(Category c, Lang lang) {
  bool fr = lang == Lang::kFr;
  switch (c) {
    case Category::kMailAuth: return fr ? "Authentification de la messagerie" : "Mail authentication";
    case Category::kMailTransport: return fr ? "Transport de la messagerie" : "Mail transport";
    case Category::kWebTransport: return fr ? "Transport du site web (HTTPS)" : "Web transport (HTTPS)";
    case Category::kWebHygiene: return fr ? "Hygiène du site web" : "Web hygiene";
    case Category::kDns: return fr ? "DNS" : "DNS";
  }
  return "";
}

void PrintObservationSummary(const TargetObservations& obs) {
  std::cout << "Observed:\n";
  int dns_ok = 0;
  for (const DnsResult& r : obs.dns)
    if (r.status == ProbeStatus::kOk) ++dns_ok;
  std::cout << "  DNS: " << obs.dns.size() << " questions, " << dns_ok << " with records\n";
  for (const HttpFetch& f : obs.http) {
    std::cout << "  " << f.purpose << " " << f.start_url << ": " << ProbeStatusName(f.status);
    for (const HttpHop& h : f.hops)
      if (h.status_code) std::cout << " -> " << h.status_code << (h.location.empty() ? "" : " " + h.location);
    if (!f.error.empty()) std::cout << " (" << SanitizeForDisplay(f.error, 200) << ")";
    std::cout << "\n";
  }
  for (const TlsEndpoint& t : obs.tls) {
    std::cout << "  TLS " << t.sni << " " << t.ip << ":" << t.port << ": " << ProbeStatusName(t.status);
    if (t.status == ProbeStatus::kOk) {
      std::cout << " " << t.negotiated_version << " " << t.negotiated_cipher << "; accepts";
      for (const TlsVersionResult& v : t.versions)
        if (v.accepted == Tri::kYes) std::cout << " " << v.version;
      std::cout << "; certificate " << (t.chain_verified ? "trusted" : "untrusted (" + t.verify_error + ")");
    }
    std::cout << "\n";
  }
  for (const SmtpProbe& s : obs.smtp) {
    std::cout << "  SMTP " << s.mx_host << " " << s.ip << ": " << ProbeStatusName(s.status)
              << (s.starttls_offered ? ", STARTTLS offered" : ", no STARTTLS");
    if (s.tls) std::cout << ", " << s.tls->negotiated_version;
    std::cout << "\n";
  }
  for (const std::string& n : obs.notes) std::cout << "  note: " << n << "\n";
}

}  // namespace

int CheckCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()
      ("domain", po::value<std::string>(), "the domain (or website address) to check")
      ("mail-domain", po::value<std::vector<std::string>>()->composing(),
       "also judge the mail of this domain (e.g. the domain of the official address); repeatable")
      ("json", "print JSON (findings and raw observations)");
  AddNetworkOptions(desc);
  po::positional_options_description positional;
  positional.add("domain", 1);
  po::variables_map vm;
  if (auto exit = ParseCommandLine(
          g, args, "posture check DOMAIN [options]",
          "Scans one domain now, without any database, and prints what it observed and the\n"
          "findings. Run it after a fix to see the result at once.",
          desc, positional, vm))
    return *exit;
  if (!vm.count("domain")) return Fail(kExitUsage, "which domain? (posture check DOMAIN)");
  auto domain = NormalizeWebAddress(vm["domain"].as<std::string>());
  if (!domain.ok()) return Fail(kExitUsage, domain.status().message());
  auto config = ScanConfigFromOptions(vm);
  if (!config.ok()) return Fail(kExitUsage, config.status().message());

  ScanSubject subject;
  subject.key = "check:" + domain->domain;
  subject.domains.push_back(*domain);
  if (vm.count("mail-domain")) {
    for (const std::string& m : vm["mail-domain"].as<std::vector<std::string>>()) {
      auto host = NormalizeHostName(m);
      if (!host.ok()) return Fail(kExitUsage, "--mail-domain: " + host.status().message());
      subject.extra_mail_domains.push_back(*host);
    }
  }
  config->workers = 1;
  ScanRunner runner(*config, OptOutList(), SystemPublicSuffixList(), [&g] { return g.Now(); });
  std::vector<ScanItem> items;
  items.push_back(ScanItem{0, subject});
  ScanOutcome result;
  bool got = false;
  Status st = runner.Run(std::move(items), [&](ScanOutcome&& o) {
    result = std::move(o);
    got = true;
  });
  if (!st.ok()) return Fail(kExitFailure, st.message());
  if (!got) return Fail(kExitFailure, "the scan did not finish");

  Lang lang = g.lang == "en" ? Lang::kEn : Lang::kFr;
  std::stable_sort(result.findings.begin(), result.findings.end(), WorseFirst);
  if (vm.count("json")) {
    nlohmann::json out;
    out["domain"] = domain->domain;
    out["scanned_at"] = FormatIso8601(result.observations.finished_at);
    out["posture_version"] = kVersion;
    nlohmann::json findings = nlohmann::json::array();
    for (const Finding& f : result.findings) {
      const CatalogueEntry* e = FindCatalogueEntry(f.code);
      findings.push_back({{"code", f.code},
                          {"outcome", OutcomeName(f.outcome)},
                          {"severity", SeverityName(f.severity)},
                          {"subject", f.subject},
                          {"evidence", f.evidence},
                          {"detail", f.detail},
                          {"check_version", CheckVersion(f.code)},
                          {"title", e ? e->title(lang) : ""},
                          {"remediation", e ? e->remediation(lang) : ""}});
    }
    out["findings"] = std::move(findings);
    out["observations"] = ToJson(result.observations);
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    return kExitOk;
  }

  std::cout << "posture check " << domain->domain << " — " << FormatIso8601(result.observations.finished_at)
            << "\n\n";
  PrintObservationSummary(result.observations);
  for (Category c : {Category::kMailAuth, Category::kMailTransport, Category::kWebTransport,
                     Category::kWebHygiene, Category::kDns}) {
    bool header = false;
    for (const Finding& f : result.findings) {
      const CatalogueEntry* e = FindCatalogueEntry(f.code);
      if (!e || e->category != c) continue;
      if (!header) {
        std::cout << "\n" << CategoryTitle(c, lang) << "\n";
        header = true;
      }
      std::string tag = OutcomeName(f.outcome);
      tag.resize(16, ' ');
      std::cout << "  " << tag << f.code << "  " << e->title(lang);
      if (IsProblem(f.outcome)) std::cout << " [" << SeverityName(f.severity) << "]";
      std::cout << "\n";
      if (!f.subject.empty()) PrintIndented(f.subject, 200);
      if (!f.evidence.empty()) PrintIndented(f.evidence, 300);
    }
  }
  return kExitOk;
}

}  // namespace posture::cli
