#include "tests/cli/report_fixture_testlib.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "checks/observations.h"
#include "scanner/store/store.h"
#include "scanner/store/store_scans.h"
#include "scanner/store/store_scores.h"
#include "scanner/store/store_targets.h"
#include "scoring/model.h"
#include "targets/csv_import.h"

namespace posture::testing {
namespace {

const DayNumber kBase = DaysFromCivil(2026, 5, 1);  // the cohort's baseline day

UnixSeconds At(DayNumber day, int hour = 6) { return StartOfDay(day) + hour * 3600; }

struct Check {
  const char* code;
  Severity severity;
  const char* pass_evidence;
  const char* fail_evidence;
};

// The checks every collectivity with a website and its own mail gets.
const std::vector<Check>& Checks() {
  static const std::vector<Check> k = {
      {"MAIL-SPF-01", Severity::kHigh, "v=spf1 mx -all", "no v=spf1 record"},
      {"MAIL-SPF-02", Severity::kHigh, "3 DNS-querying terms, 0 void lookups",
       "12 DNS-querying terms"},
      {"MAIL-SPF-03", Severity::kMedium, "v=spf1 mx -all", "v=spf1 mx ~all"},
      {"MAIL-DMARC-01", Severity::kHigh, "v=DMARC1; p=reject; rua=mailto:dmarc@DOMAIN",
       "no DMARC record"},
      {"MAIL-DMARC-02", Severity::kHigh, "v=DMARC1; p=reject", "v=DMARC1; p=none"},
      {"MAIL-DMARC-03", Severity::kLow, "rua=mailto:dmarc@DOMAIN", "no rua"},
      {"MAIL-DKIM-01", Severity::kMedium, "selector1._domainkey: k=rsa, 2048 bits",
       "no DKIM key found"},
      {"MAIL-TLS-01", Severity::kCritical, "mx.DOMAIN: STARTTLS, TLSv1.3",
       "mx.DOMAIN: no STARTTLS"},
      {"MAIL-TLS-02", Severity::kHigh, "mx.DOMAIN: TLSv1.2, TLSv1.3",
       "mx.DOMAIN: TLSv1.0 accepted"},
      {"MAIL-MTASTS-01", Severity::kLow, "v=STSv1; id=1", "no v=STSv1 record"},
      {"DNS-DNSSEC-01", Severity::kMedium, "DNSKEY DOMAIN: signed, AD", "DNSKEY DOMAIN: nodata"},
      {"DNS-CAA-01", Severity::kLow, "0 issue \"letsencrypt.org\"", "no CAA record"},
      {"WEB-HTTPS-01", Severity::kCritical, "https://www.DOMAIN/ 200", "connection refused on 443"},
      {"WEB-HTTPS-02", Severity::kHigh, "http://www.DOMAIN/ -> 301 https://www.DOMAIN/",
       "http://www.DOMAIN/ 200 (no redirect)"},
      {"WEB-HSTS-01", Severity::kMedium, "max-age=31536000", "no Strict-Transport-Security"},
      {"WEB-TLS-01", Severity::kHigh, "TLSv1.2, TLSv1.3", "TLSv1.0, TLSv1.1 accepted"},
      {"WEB-CERT-02", Severity::kCritical, "notAfter 2026-09-01", "notAfter 2026-03-01 (expired)"},
      {"WEB-HDR-01", Severity::kLow, "default-src 'self'", "no Content-Security-Policy"},
      {"WEB-HDR-02", Severity::kLow, "X-Frame-Options: DENY", "no X-Frame-Options"},
      {"WEB-SECTXT-01", Severity::kLow, "Contact: mailto:security@DOMAIN", "404 Not Found"},
  };
  return k;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

Finding MakeFinding(const std::string& code, Outcome o, Severity s, const std::string& subject,
                    const std::string& evidence) {
  Finding f;
  f.code = code;
  f.outcome = o;
  f.severity = s;
  f.subject = subject;
  f.evidence = evidence;
  return f;
}

// A collectivity's findings of one scan: every check passes except `fails`.
std::vector<Finding> Profile(const std::string& domain, const std::set<std::string>& fails,
                             const std::map<std::string, std::string>& evidence = {}) {
  std::vector<Finding> out;
  for (const Check& c : Checks()) {
    bool fail = fails.count(c.code) > 0;
    std::string ev = Replace(fail ? c.fail_evidence : c.pass_evidence, "DOMAIN", domain);
    auto it = evidence.find(c.code);
    if (it != evidence.end()) ev = it->second;
    out.push_back(
        MakeFinding(c.code, fail ? Outcome::kFail : Outcome::kPass, c.severity, domain, ev));
  }
  auto info = evidence.find("WEB-INFO-01");
  out.push_back(MakeFinding("WEB-INFO-01", Outcome::kInfo, Severity::kInfo, "www." + domain,
                            info != evidence.end() ? info->second : "Server: nginx"));
  return out;
}

// A collectivity without a website whose official address is a consumer mailbox.
std::vector<Finding> NoWebsite(const std::string& email) {
  std::vector<Finding> out;
  out.push_back(
      MakeFinding("MAIL-OWN-01", Outcome::kFail, Severity::kHigh, "gmail.com", "e-mail: " + email));
  out.push_back(MakeFinding("MAIL-SPF-01", Outcome::kInfo, Severity::kInfo, "gmail.com",
                            "v=spf1 redirect=_spf.google.com"));
  for (const Check& c : Checks())
    if (std::string(c.code).rfind("WEB-", 0) == 0)
      out.push_back(MakeFinding(c.code, Outcome::kNotApplicable, Severity::kInfo, "", ""));
  return out;
}

class Builder {
 public:
  explicit Builder(Store& store) : store_(store) {}

  Status Import(const std::vector<TargetRecord>& records, UnixSeconds now) {
    ImportOptions o;
    o.source = "test:report-fixture";
    auto r = ImportTargets(store_, records, o, now);
    return r.ok() ? Status() : r.status();
  }

  StatusOr<int64_t> Id(const std::string& key) {
    auto t = FindTarget(store_, key);
    if (!t.ok()) return t.status();
    return t->id;
  }

  // One run on `day` scanning each (target, findings).
  Status Scan(DayNumber day, const std::vector<std::pair<int64_t, std::vector<Finding>>>& scans) {
    if (scans.empty()) return Status();
    std::vector<int64_t> ids;
    for (const auto& s : scans) ids.push_back(s.first);
    auto run = BeginRun(store_, At(day), "{}", ids);
    if (!run.ok()) return run.status();
    for (const auto& [id, findings] : scans) {
      TargetObservations obs;
      obs.started_at = At(day);
      obs.finished_at = At(day) + 60;
      auto w = WriteTargetResult(store_, *run, id, obs, findings, /*complete=*/true);
      if (!w.ok()) return w.status();
    }
    return FinishRun(store_, *run, "complete", At(day) + 120);
  }

 private:
  Store& store_;
};

TargetRecord Record(TargetKind kind, const std::string& code, const std::string& name,
                    const std::string& dep, int64_t population, const std::string& domain = "",
                    const std::string& email = "", const std::string& phone = "") {
  TargetRecord r;
  r.kind = kind;
  r.code = code;
  r.name = name;
  r.department_code = dep;
  r.population = population;
  if (!domain.empty()) r.domains = std::vector<TargetDomain>{{domain, "www." + domain}};
  if (!email.empty()) r.email = email;
  if (!phone.empty()) r.phone = phone;
  r.origin = "fixture";
  return r;
}

// A deterministic pseudo-random number from a commune code.
uint32_t Hash(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace

Status BuildReportFixture(const std::string& db_path, const ReportFixtureOptions& options) {
  auto opened = Store::Open(db_path);
  if (!opened.ok()) return opened.status();
  Store store = std::move(opened).value();
  // A scratch database: no need to wait for the disk at each commit.
  if (Status s = store.db().Exec("PRAGMA synchronous = OFF"); !s.ok()) return s;
  Builder b(store);
  const std::string script = kHostileScript, formula = kHostileFormula;
  const UnixSeconds t0 = At(kBase - 20);

  std::vector<TargetRecord> records = {
      Record(TargetKind::kRegion, "11", "Île-de-France", "", 12463067, "iledefrance.example",
             "contact@iledefrance.example", "01 53 85 53 85"),
      Record(TargetKind::kDepartement, "77", "Seine-et-Marne", "77", 1450000),
      Record(TargetKind::kDepartement, "78", "Yvelines", "78", 1485086, "yvelines.example",
             "contact@yvelines.example", "01 39 07 78 78"),
      Record(TargetKind::kDepartement, "93", "Seine-Saint-Denis", "93", 1660000),
      Record(TargetKind::kDepartement, "95", "Val-d'Oise", "95", 1270000),
      Record(TargetKind::kEpci, "247800584", "CA Versailles Grand Parc (CAVGP)", "78", 268563,
             "versaillesgrandparc.example", "contact@versaillesgrandparc.example",
             "01 39 66 30 00"),
      Record(TargetKind::kCommune, "78646", "Versailles", "78", 84095, "versailles.example",
             "mairie@versailles.example", "01 30 97 80 00"),
      Record(TargetKind::kCommune, "78551", "Saint-Germain-en-Laye", "78", 45931,
             "saint-germain.example", "contact@saint-germain.example", "01 30 87 20 00"),
      Record(TargetKind::kCommune, "93066", "Saint-Denis " + script, "93", 149077,
             "saint-denis.example", "contact@saint-denis.example", "+33 1 49 33 66 66"),
      Record(TargetKind::kCommune, "93005", formula, "93", 87599, "aulnay.example",
             "=HYPERLINK(\"x\")@aulnay.example", "-1+1"),
      Record(TargetKind::kCommune, "77009", "Arville", "77", 145, "", "mairie.arville77@gmail.com",
             "01 64 29 13 48"),
      Record(TargetKind::kCommune, "78297", "Guyancourt", "78", 29778, "guyancourt.example",
             "contact@guyancourt.example", "01 30 48 33 33"),
      Record(TargetKind::kCommune, "77015", "Baby", "77", 113, "baby.example",
             "mairie@baby.example"),
      Record(TargetKind::kCommune, "78005", "Achères", "78", 21000, "acheres.example",
             "mairie@acheres.example"),
      Record(TargetKind::kCommune, "78007", "Andelu", "78", 500),
      Record(TargetKind::kCommune, "95018", "Argenteuil", "95", 106130, "argenteuil.example",
             "contact@argenteuil.example", "01 34 23 41 00"),
  };
  if (options.whole_region) {
    std::ifstream in(options.registry_csv, std::ios::binary);
    if (!in) return NotFound("cannot read " + options.registry_csv);
    std::stringstream ss;
    ss << in.rdbuf();
    CsvImport csv = ParseTargetsCsv(ss.str(), options.registry_csv);
    if (!csv.problems.empty()) return InvalidArgument(csv.problems.Format());
    std::set<std::string> mine;
    for (const TargetRecord& r : records) mine.insert(r.Key());
    for (TargetRecord& r : csv.records)
      if (!mine.count(r.Key())) records.push_back(std::move(r));
  }
  if (Status s = b.Import(records, t0); !s.ok()) return s;

  std::map<std::string, int64_t> id;
  for (const TargetRecord& r : records) {
    auto x = b.Id(r.Key());
    if (!x.ok()) return x.status();
    id[r.Key()] = *x;
  }
  const std::map<std::string, std::string> hostile = {
      {"WEB-INFO-01", "Server: " + script},
      {"MAIL-SPF-01", formula},
      {"DNS-CAA-01", "certificate subject: CN=" + script + ".saint-germain.example, O=" + formula},
  };
  // Before and after the baseline, per collectivity.
  struct Plan {
    std::string key;
    std::string domain;
    std::set<std::string> before, after;
    std::map<std::string, std::string> evidence;
    bool no_website = false;
    std::string email;
  };
  std::vector<Plan> plans = {
      {"region:11",
       "iledefrance.example",
       {"DNS-CAA-01", "WEB-HDR-02"},
       {"DNS-CAA-01"},
       {},
       false,
       ""},
      {"departement:78", "yvelines.example", {"MAIL-DKIM-01"}, {"MAIL-DKIM-01"}, {}, false, ""},
      {"epci:247800584",
       "versaillesgrandparc.example",
       {"WEB-HSTS-01"},
       {"WEB-HSTS-01"},
       {},
       false,
       ""},
      {"commune:78646", "versailles.example", {"DNS-CAA-01"}, {}, {}, false, ""},
      {"commune:78551",
       "saint-germain.example",
       {"MAIL-DMARC-02", "WEB-HSTS-01", "MAIL-SPF-01", "WEB-HDR-01", "WEB-HDR-02", "DNS-CAA-01"},
       {"MAIL-DMARC-02", "WEB-HSTS-01", "MAIL-SPF-01", "WEB-HDR-01", "DNS-CAA-01"},
       hostile,
       false,
       ""},
      {"commune:93066",
       "saint-denis.example",
       {"WEB-CERT-02", "MAIL-DMARC-01", "MAIL-TLS-02", "WEB-HSTS-01", "DNS-DNSSEC-01"},
       {"MAIL-TLS-02", "WEB-HSTS-01", "DNS-DNSSEC-01", "WEB-SECTXT-01"},
       {},
       false,
       ""},
      {"commune:93005",
       "aulnay.example",
       {"MAIL-SPF-01", "MAIL-DMARC-01", "WEB-HTTPS-02", "WEB-TLS-01", "MAIL-TLS-01"},
       {"MAIL-SPF-01", "MAIL-DMARC-01", "WEB-HTTPS-02", "WEB-TLS-01", "MAIL-TLS-01"},
       {},
       false,
       ""},
      {"commune:77009", "", {}, {}, {}, true, "mairie.arville77@gmail.com"},
      {"commune:78297",
       "guyancourt.example",
       {"MAIL-DMARC-02", "WEB-HDR-01", "DNS-DNSSEC-01", "MAIL-SPF-03"},
       {"MAIL-DMARC-02", "DNS-DNSSEC-01", "MAIL-SPF-03"},
       {},
       false,
       ""},
      {"commune:77015",
       "baby.example",
       {"MAIL-DMARC-01", "MAIL-DMARC-02", "MAIL-SPF-01", "WEB-HSTS-01", "WEB-HTTPS-02",
        "WEB-TLS-01"},
       {"MAIL-DMARC-01", "MAIL-DMARC-02", "MAIL-SPF-01", "WEB-HSTS-01", "WEB-HTTPS-02",
        "WEB-TLS-01"},
       {},
       false,
       ""},
      {"commune:95018",
       "argenteuil.example",
       {"WEB-HDR-01", "WEB-HDR-02", "MAIL-MTASTS-01", "MAIL-DKIM-01"},
       {"WEB-HDR-01", "MAIL-MTASTS-01", "MAIL-DKIM-01"},
       {},
       false,
       ""},
  };
  auto findings_of = [](const Plan& p, bool after) {
    return p.no_website ? NoWebsite(p.email)
                        : Profile(p.domain, after ? p.after : p.before, p.evidence);
  };
  // Synthetic communes of the whole region: a few failing checks drawn from
  // the code's hash; 7 % never scanned, 4 opted out.
  std::vector<std::pair<int64_t, std::vector<Finding>>> synthetic;
  std::vector<int64_t> synthetic_opt_out;
  if (options.whole_region) {
    std::set<std::string> planned;
    for (const Plan& p : plans) planned.insert(p.key);
    planned.insert("commune:78005");
    planned.insert("commune:78007");
    for (const TargetRecord& r : records) {
      if (r.kind != TargetKind::kCommune || planned.count(r.Key())) continue;
      uint32_t h = Hash(r.code);
      if (h % 100 < 7) continue;
      std::set<std::string> fails;
      int n = static_cast<int>((h >> 8) % 9);
      for (int k = 0; k < n; ++k) fails.insert(Checks()[(h >> (k + 3)) % Checks().size()].code);
      synthetic.emplace_back(id[r.Key()], Profile("commune-" + r.code + ".example", fails));
      if (h % 300 == 17 || h % 300 == 123) synthetic_opt_out.push_back(id[r.Key()]);
    }
  }

  // History before the baseline: daily, 10 days.
  for (DayNumber d = kBase - 9; d <= kBase; ++d) {
    std::vector<std::pair<int64_t, std::vector<Finding>>> scans;
    for (const Plan& p : plans) scans.emplace_back(id[p.key], findings_of(p, false));
    if (Status s = b.Scan(d, scans); !s.ok()) return s;
  }
  const scoring::ScoringModel& model = scoring::DefaultModel();
  auto cohort = CreateCohort(store, kReportFixtureCohort, model, 3, 3, At(kBase, 12));
  if (!cohort.ok()) return cohort.status();

  // After the baseline: every third day to the report day (30 June).
  const DayNumber last = DaysFromCivil(2026, 6, 30);
  for (DayNumber d = kBase + 3; d <= last; d += 3) {
    if (d == kBase + 21) {
      OptOutRequest req;
      req.by = "le maire";
      req.reason = "courrier du 22 mai";
      auto o = OptOutTarget(store, id["commune:77015"], req, At(d, 1));
      if (!o.ok()) return o.status();
      for (int64_t t : synthetic_opt_out) {
        auto x = OptOutTarget(store, t, req, At(d, 1));
        if (!x.ok()) return x.status();
      }
    }
    if (d == kBase + 30) {
      auto e =
          RecordExplanation(store, id["commune:78297"], "MAIL-DMARC-02",
                            "<img src=x onerror=alert(1)> migration vers un nouveau prestataire",
                            DaysFromCivil(2026, 12, 31), At(d, 2));
      if (!e.ok()) return e.status();
    }
    std::vector<std::pair<int64_t, std::vector<Finding>>> scans;
    for (const Plan& p : plans) {
      if (p.key == "commune:77015" && d > kBase + 21) continue;  // opted out: no probe
      scans.emplace_back(id[p.key], findings_of(p, true));
    }
    if (d >= last - 3)  // provisional: two scan days in the window
      scans.emplace_back(id["commune:78005"],
                         Profile("acheres.example", {"WEB-HSTS-01", "MAIL-DMARC-02"}));
    if (d >= last - 9)
      for (const auto& s : synthetic)
        if (std::find(synthetic_opt_out.begin(), synthetic_opt_out.end(), s.first) ==
            synthetic_opt_out.end())
          scans.push_back(s);
    if (Status s = b.Scan(d, scans); !s.ok()) return s;
  }
  return Status();
}

}  // namespace posture::testing
