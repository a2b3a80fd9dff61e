// End to end against the hostile lab (tests/lab/hostile/, started with the
// rest of the lab by tests/lab/up; its expected outcomes are
// tests/lab/hostile/ground_truth.json): one `posture scan` of the hostile
// collectivities together with the whole normal lab registry, through the
// hostile DNS server (which answers hostile.test raw and relays every other
// question to the lab resolver), with short timeouts. It asserts that
//   - the scan ends within its deadlines, exits 0 (no crash) and stays under
//     its memory bound (the child's peak RSS) despite the gzip bomb, the 10 MB
//     of headers and the 1 MB banners;
//   - every hostile host gets the probe status the ground truth gives (HTTP
//     fetches, TLS endpoints, SMTP conversations, DNS answers) and every
//     hostile collectivity its expected findings;
//   - the work stays bounded (redirect hops, SPF include chain and loop);
//   - the normal lab collectivities of the same run keep their results;
//   - every report and export renders the hostile strings inert;
//   - a target's deadline cuts a tarpit even with long timeouts.
// The lab must be up; otherwise every test fails saying so.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>

#include "checks/base/strings.h"
#include "checks/finding.h"
#include "scanner/store/store.h"
#include "scanner/store/store_scans.h"
#include "tests/e2e/lab_testlib.h"

namespace posture::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Scan options of the shared hostile scan (seconds).
constexpr double kTimeout = 3;
constexpr double kDeadline = 30;
// The memory bound of a scan of the hostile lab (peak RSS of posture).
// Sanitizer builds use several times more memory for their bookkeeping.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr long kMaxRssKb = 1024 * 1024;
#else
constexpr long kMaxRssKb = 128 * 1024;
#endif

const json& HostileTruth() {
  static const json kTruth = [] {
    std::string text = ReadFile(SourcePath("tests/lab/hostile/ground_truth.json"));
    if (text.empty()) return json::object();
    return json::parse(text, nullptr, /*allow_exceptions=*/false);
  }();
  return kTruth;
}

std::vector<std::string> HostileKeys() {
  std::vector<std::string> keys;
  if (HostileTruth().contains("collectivities"))
    for (const auto& [key, value] : HostileTruth()["collectivities"].items()) keys.push_back(key);
  return keys;
}

std::string HostileResolver() {
  std::string r = ReadFile(LabRunPath("hostile/resolver"));
  while (!r.empty() && (r.back() == '\n' || r.back() == ' ')) r.pop_back();
  return r;
}

::testing::AssertionResult HostileLabIsUp() {
  ::testing::AssertionResult lab = LabIsUp();
  if (!lab) return lab;
  if (HostileResolver().empty() || ReadFile(LabRunPath("hostile/ready")).empty())
    return ::testing::AssertionFailure()
           << "the hostile lab is not up (" << LabRunPath("hostile/ready")
           << " is missing); start the lab with tests/lab/up";
  return ::testing::AssertionSuccess();
}

std::vector<std::string> HostileScanArgs() {
  return {"--resolver",    HostileResolver(),
          "--ca-file",     LabCaFile(),
          "--timeout",     std::to_string(static_cast<int>(kTimeout)),
          "--deadline",    std::to_string(static_cast<int>(kDeadline)),
          "--contact-url", "https://posture-e2e.invalid/hostile-scan"};
}

// The shared scan: the normal lab registry, then the hostile one.
const SharedScan& HostileScan() {
  static const SharedScan kScan = ScanOnce(
      "hostile", {SourcePath("tests/lab/targets.csv"), SourcePath("tests/lab/hostile/targets.csv")},
      HostileScanArgs(), 300);
  return kScan;
}

std::string HostileDb() {
  const SharedScan& s = HostileScan();
  return s.scan.exit_code == 0 ? s.db : "";
}

const HttpFetch* Fetch(const TargetObservations& obs, const std::string& purpose,
                       const std::string& host) {
  return obs.FindHttp(purpose, host);
}

const TlsEndpoint* HttpsEndpoint(const TargetObservations& obs, const std::string& host) {
  for (const TlsEndpoint& ep : obs.tls)
    if (ep.sni == host && ep.context == "https") return &ep;
  return nullptr;
}

const SmtpProbe* Smtp(const TargetObservations& obs, const std::string& mx, const std::string& ip) {
  for (const SmtpProbe& p : obs.smtp)
    if (p.mx_host == mx && p.ip == ip) return &p;
  return nullptr;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---------------------------------------------------------------------------
// The run as a whole.

// The ground truth and the registry the tests read are what hostile.py (the
// servers' own description) writes.
TEST(HostileLabTest, GroundTruthAndTargetsAreWhatHostilePyWrites) {
  for (const auto& [file, command] :
       {std::pair<std::string, std::string>{"ground_truth.json", "ground-truth"},
        {"targets.csv", "targets-csv"}}) {
    CommandResult r = RunCommand(
        {"/usr/bin/env", "python3", SourcePath("tests/lab/hostile/hostile.py"), command});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, ReadFile(SourcePath("tests/lab/hostile/" + file)))
        << "regenerate: python3 tests/lab/hostile/hostile.py " << command << " > tests/lab/hostile/"
        << file;
  }
}

TEST(HostileLabTest, ScanEndsInTimeWithoutCrashWithinItsMemoryBound) {
  ASSERT_TRUE(HostileLabIsUp());
  const SharedScan& s = HostileScan();
  ASSERT_FALSE(s.db.empty());
  EXPECT_FALSE(s.scan.killed) << "posture scan was still running after 300 s";
  EXPECT_EQ(s.scan.exit_code, 0) << "posture scan exited " << s.scan.exit_code << ": "
                                 << s.scan.err;
  // Targets run side by side: the run takes about the slowest target, which
  // every hostile server would keep forever without posture's timeouts.
  EXPECT_LT(s.scan.seconds, kDeadline + 15) << s.scan.err;
  EXPECT_GT(s.scan.max_rss_kb, 0);
  EXPECT_LT(s.scan.max_rss_kb, kMaxRssKb) << "peak RSS " << s.scan.max_rss_kb << " kB";
  std::cout << "hostile scan: " << s.scan.seconds << " s, peak RSS " << s.scan.max_rss_kb / 1024
            << " MB (bound " << kMaxRssKb / 1024 << " MB); " << s.scan.err;

  auto store = Store::Open(s.db);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto runs = ListRuns(*store, 1);
  ASSERT_TRUE(runs.ok() && runs->size() == 1);
  EXPECT_EQ(runs->front().status, "complete");
  EXPECT_EQ(runs->front().targets_total,
            static_cast<int64_t>(GroundTruthKeys().size() + HostileKeys().size()));
  EXPECT_EQ(runs->front().targets_done, runs->front().targets_total);
}

TEST(HostileLabTest, EveryHostileTargetEndsWellBeforeItsDeadline) {
  ASSERT_TRUE(HostileLabIsUp());
  std::string db = HostileDb();
  ASSERT_FALSE(db.empty());
  const double kSlackMs = 2000;  // scheduling on a busy 2-core machine
  int64_t slowest = 0;
  for (const std::string& key : HostileKeys()) {
    Scanned s;
    ASSERT_TRUE(LoadScanned(db, key, &s)) << key;
    EXPECT_FALSE(s.obs.deadline_reached) << key << ": the timeouts should end every probe first";
    // A hostile host costs a few timeouts (its probes partly wait for one
    // another: at most 2 connections per IP, one SMTP connection at a time),
    // never its whole deadline.
    int64_t took = s.obs.finished_at - s.obs.started_at;
    EXPECT_LE(took, static_cast<int64_t>(6 * kTimeout)) << key;
    slowest = std::max(slowest, took);
    // No HTTP exchange outlives its timeout, whatever the server does (the
    // hop's time starts once it has its connection slot).
    for (const HttpFetch& f : s.obs.http)
      for (const HttpHop& h : f.hops)
        EXPECT_LE(h.elapsed_ms, kTimeout * 1000 + kSlackMs) << key << " " << h.url;
  }
  std::cout << "slowest hostile collectivity: " << slowest << " s (timeout " << kTimeout
            << " s, deadline " << kDeadline << " s)\n";
}

// ---------------------------------------------------------------------------
// One hostile collectivity.

class HostileCollectivityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(HostileLabIsUp());
    ASSERT_TRUE(HostileTruth().contains("collectivities"))
        << "tests/lab/hostile/ground_truth.json unreadable";
    std::string db = HostileDb();
    ASSERT_FALSE(db.empty()) << "the hostile scan failed: " << HostileScan().scan.err;
    ASSERT_TRUE(LoadScanned(db, GetParam(), &scanned_));
    truth_ = HostileTruth()["collectivities"][GetParam()];
  }
  Scanned scanned_;
  json truth_;
};

TEST_P(HostileCollectivityTest, WebHostsEndWithTheirExpectedStatus) {
  const TargetObservations& obs = scanned_.obs;
  for (const auto& [host, w] : truth_["web_hosts"].items()) {
    SCOPED_TRACE(host + " (" + w["profile"].get<std::string>() + ")");
    for (const char* purpose : {"http", "https"}) {
      const HttpFetch* f = Fetch(obs, purpose, host);
      ASSERT_NE(f, nullptr) << purpose << " fetch missing";
      EXPECT_EQ(ProbeStatusName(f->status), w[purpose].get<std::string>())
          << purpose << ": " << f->error;
      std::string hops = std::string(purpose) + "_hops";
      if (w.contains(hops)) {
        EXPECT_EQ(f->hops.size(), w[hops].get<size_t>()) << purpose << ": " << f->error;
      }
      if (w.value("body_truncated", false)) {
        EXPECT_TRUE(f->body_truncated) << purpose;
        EXPECT_EQ(f->body.size(), 256u * 1024) << purpose << ": the body cap";
        EXPECT_GT(static_cast<size_t>(f->body_bytes), f->body.size()) << purpose;
      }
    }
    const TlsEndpoint* ep = HttpsEndpoint(obs, host);
    ASSERT_NE(ep, nullptr) << "no TLS probe";
    EXPECT_EQ(ProbeStatusName(ep->status), w["tls"].get<std::string>()) << ep->error;
    if (ep->status != ProbeStatus::kOk) {
      // Nothing was learnt about versions from a server that never completes
      // a handshake: no version may be reported as refused.
      for (const TlsVersionResult& v : ep->versions)
        EXPECT_EQ(v.accepted, Tri::kUnknown) << v.version << ": " << v.detail;
    }
  }
}

TEST_P(HostileCollectivityTest, MxHostsEndWithTheirExpectedStatus) {
  for (const auto& [mx, m] : truth_["mx"].items()) {
    SCOPED_TRACE(mx + " (" + m["profile"].get<std::string>() + ")");
    const SmtpProbe* p = Smtp(scanned_.obs, mx, m["ip"].get<std::string>());
    ASSERT_NE(p, nullptr) << "no SMTP probe of " << mx;
    EXPECT_EQ(ProbeStatusName(p->status), m["status"].get<std::string>()) << p->error;
    EXPECT_EQ(ProbeStatusName(p->tls_status), m["tls_status"].get<std::string>()) << p->error;
    if (m.contains("starttls_offered")) {
      EXPECT_EQ(p->starttls_offered, m["starttls_offered"].get<bool>());
    }
    // Caps on what is kept of a reply.
    EXPECT_LE(p->banner.size(), 100u);
    for (const std::string& line : p->banner) EXPECT_LE(line.size(), 2048u);
  }
}

TEST_P(HostileCollectivityTest, DnsAnswersEndWithTheirExpectedStatus) {
  for (const auto& [question, want] : truth_["dns"].items()) {
    size_t sp = question.rfind(' ');
    std::optional<uint16_t> type = ParseDnsType(question.substr(sp + 1));
    ASSERT_TRUE(type.has_value()) << question;
    const DnsResult* r = scanned_.obs.FindDns(question.substr(0, sp), *type);
    ASSERT_NE(r, nullptr) << question << " not asked";
    EXPECT_EQ(ProbeStatusName(r->status), want.get<std::string>()) << question << ": " << r->error;
  }
}

TEST_P(HostileCollectivityTest, ExpectedFindings) {
  for (const auto& [code, want] : truth_["expected_findings"].items()) {
    std::vector<const Finding*> got = FindingsWithCode(scanned_.findings, code);
    ASSERT_FALSE(got.empty()) << code << ": no finding";
    EXPECT_EQ(WorstOutcome(got), want.get<std::string>()) << code << DescribeFindings(got);
  }
}

std::string KeyName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Hostile, HostileCollectivityTest, ::testing::ValuesIn(HostileKeys()),
                         KeyName);

// ---------------------------------------------------------------------------
// Bounded work.

std::string KeyOfDomain(const std::string& domain) {
  for (const auto& [key, c] : HostileTruth()["collectivities"].items())
    if (c["web_domain"] == domain) return key;
  return "";
}

TEST(HostileLabTest, OversizedAnswerIsCutAndSaysSo) {
  ASSERT_TRUE(HostileLabIsUp());
  std::string db = HostileDb();
  ASSERT_FALSE(db.empty());
  Scanned s;
  ASSERT_TRUE(LoadScanned(db, KeyOfDomain("tls-coupe.hostile.test"), &s));
  const DnsResult* txt = s.obs.FindDns("tls-coupe.hostile.test", dns_type::kTxt);
  ASSERT_NE(txt, nullptr);
  EXPECT_TRUE(txt->truncated);
  EXPECT_LT(txt->records.size(), HostileTruth()["bounds"]["oversized_txt_records"].get<size_t>());
  size_t bytes = 0;
  for (const DnsRecord& r : txt->records) {
    bytes += r.data.size();
    EXPECT_EQ(r.data.find("v=spf1"), std::string::npos)
        << "the SPF record is the last one, past the cap";
  }
  EXPECT_LE(bytes, 64u * 1024);
}

TEST(HostileLabTest, SpfIncludeLoopAndChainAreFollowedOnlyWithinTheLimits) {
  ASSERT_TRUE(HostileLabIsUp());
  std::string db = HostileDb();
  ASSERT_FALSE(db.empty());
  Scanned chain, loop;
  ASSERT_TRUE(LoadScanned(db, KeyOfDomain("chaine.hostile.test"), &chain));
  ASSERT_TRUE(LoadScanned(db, KeyOfDomain("boucle.hostile.test"), &loop));
  int depth = HostileTruth()["bounds"]["spf_chain_depth"].get<int>();
  int asked = 0;
  for (const DnsResult& r : chain.obs.dns)
    if (std::regex_match(r.name, std::regex("n[0-9]+\\.chaine\\.hostile\\.test"))) ++asked;
  // RFC 7208 §4.6.4 stops at 10 DNS-querying terms; posture asks a little
  // further to report how far over the limit a tree goes, never the whole chain.
  EXPECT_GE(asked, 11);
  EXPECT_LT(asked, depth);
  EXPECT_EQ(chain.obs.FindDns("n" + std::to_string(depth) + ".chaine.hostile.test", dns_type::kTxt),
            nullptr);
  // The loop: each name of the cycle asked once (answers are cached per run).
  int cycle = 0;
  for (const DnsResult& r : loop.obs.dns)
    if (r.name == "spf1.boucle.hostile.test" || r.name == "spf2.boucle.hostile.test") ++cycle;
  EXPECT_EQ(cycle, 2);
  std::cout << "SPF include chain of " << depth << ": " << asked
            << " levels asked; loop: " << loop.obs.dns.size()
            << " DNS questions in all for the collectivity\n";
}

// ---------------------------------------------------------------------------
// The rest of the run.

TEST(HostileLabTest, NormalLabCollectivitiesOfTheSameRunKeepTheirResults) {
  ASSERT_TRUE(HostileLabIsUp());
  std::string db = HostileDb();
  ASSERT_FALSE(db.empty());
  size_t compared = 0;
  for (const std::string& key : GroundTruthKeys()) {
    Scanned s;
    ASSERT_TRUE(LoadScanned(db, key, &s)) << key;
    EXPECT_FALSE(s.obs.deadline_reached) << key;
    for (const auto& [code, want] :
         GroundTruth()["collectivities"][key]["expected_findings"].items()) {
      std::vector<const Finding*> got = FindingsWithCode(s.findings, code);
      EXPECT_EQ(WorstOutcome(got), want.get<std::string>())
          << key << " " << code << DescribeFindings(got);
      ++compared;
    }
  }
  EXPECT_GT(compared, 500u);
}

// ---------------------------------------------------------------------------
// Reports.

// A copy of the shared database that this test may modify (cohort create).
std::string PrivateCopy(const std::string& db, const std::string& dir) {
  std::string copy = dir + "/hostile.db";
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"})
    if (fs::exists(db + suffix))
      fs::copy_file(db + suffix, copy + suffix, fs::copy_options::overwrite_existing, ec);
  return copy;
}

// What every HTML document must hold to: the hostile strings appear only
// escaped (text, attributes), nothing from the network became markup.
void ExpectInertHtml(const std::string& what, const std::string& html) {
  std::string lower = Lower(html);
  EXPECT_EQ(lower.find("<script>alert"), std::string::npos) << what;
  EXPECT_EQ(lower.find("<script>alert\\("), std::string::npos) << what;
  EXPECT_EQ(html.find("\"posture-xss"), std::string::npos)
      << what << ": a raw quote before the marker";
  EXPECT_EQ(html.find("\\\"posture-xss"), std::string::npos) << what;
  EXPECT_EQ(html.find('\x1b'), std::string::npos) << what << ": a terminal escape";
  EXPECT_TRUE(ValidUtf8(html)) << what << ": not valid UTF-8";
}

// RFC 4180 cells (quotes doubled, separators inside quotes), BOM dropped.
std::vector<std::vector<std::string>> ParseCsv(std::string text, char sep) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == sep) {
      rows.back().push_back(cell);
      cell.clear();
      was_quoted = false;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      was_quoted = false;
      rows.emplace_back();
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// No cell a spreadsheet would run as a formula; returns how many cells were
// neutralised (start with ' followed by a formula character).
size_t ExpectInertCsv(const std::string& what, const std::string& text, char sep) {
  EXPECT_TRUE(ValidUtf8(text)) << what;
  size_t neutralised = 0;
  for (const auto& row : ParseCsv(text, sep))
    for (const std::string& cell : row) {
      if (cell.empty()) continue;
      EXPECT_EQ(std::string("=+-@\t\r").find(cell[0]), std::string::npos)
          << what << ": a cell starts with a formula character: " << cell.substr(0, 80);
      if (cell.size() > 1 && cell[0] == '\'' &&
          std::string("=+-@").find(cell[1]) != std::string::npos)
        ++neutralised;
    }
  return neutralised;
}

TEST(HostileLabTest, ReportsAndExportsRenderHostileStringsInert) {
  ASSERT_TRUE(HostileLabIsUp());
  std::string shared = HostileDb();
  ASSERT_FALSE(shared.empty());
  std::string dir = FreshDir("hostile-reports");
  std::string db = PrivateCopy(shared, dir);
  auto run = [&](const std::vector<std::string>& args) {
    std::vector<std::string> full = {"--db", db};
    full.insert(full.end(), args.begin(), args.end());
    CommandResult r = RunPosture(full);
    EXPECT_EQ(r.exit_code, 0) << Describe(full) << ": " << r.err;
    return r;
  };

  // The mayor's scorecard of every hostile collectivity.
  size_t escaped = 0;
  for (const std::string& key : HostileKeys()) {
    std::string out = dir + "/" + key.substr(key.find(':') + 1) + ".html";
    run({"report", "scorecard", key, "--out", out});
    std::string html = ReadFile(out);
    ASSERT_FALSE(html.empty()) << key;
    ExpectInertHtml("scorecard " + key, html);
    EXPECT_EQ(Lower(html).find("<script"), std::string::npos)
        << key << ": a scorecard has no script at all";
    for (size_t at = html.find("&lt;script&gt;"); at != std::string::npos;
         at = html.find("&lt;script&gt;", at + 1))
      ++escaped;
  }
  // The hostile strings did reach the scorecards (escaped): the test is not vacuous.
  EXPECT_GT(escaped, 5u);

  // The regional dashboard, every scorecard of the folder, the method page.
  run({"report", "region", "--out", dir + "/region"});
  size_t pages = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir + "/region")) {
    if (entry.path().extension() != ".html") continue;
    ++pages;
    ExpectInertHtml(entry.path().string(), ReadFile(entry.path().string()));
  }
  EXPECT_GT(pages, GroundTruthKeys().size());
  std::string index = ReadFile(dir + "/region/index.html");
  EXPECT_NE(index.find("=cmd|"), std::string::npos)
      << "the hostile name is in the ranking (as text)";

  // Exports: CSV in both dialects, JSON.
  CommandResult findings_csv = run({"export", "findings", "--format", "csv"});
  EXPECT_NE(findings_csv.out.find("posture-xss"), std::string::npos);
  size_t neutralised = ExpectInertCsv("export findings --format csv", findings_csv.out, ',');
  EXPECT_GT(neutralised, 0u) << "no cell needed neutralising: the hostile name is missing";
  CommandResult excel = run({"export", "findings", "--format", "csv", "--dialect", "excel"});
  EXPECT_GT(ExpectInertCsv("export findings (excel)", excel.out, ';'), 0u);
  ExpectInertCsv("export scores --format csv", run({"export", "scores", "--format", "csv"}).out,
                 ',');
  for (const char* what : {"findings", "scores"}) {
    CommandResult j = run({"export", what, "--format", "json"});
    EXPECT_TRUE(ValidUtf8(j.out)) << what;
    EXPECT_FALSE(json::parse(j.out, nullptr, false).is_discarded())
        << "export " << what << " --format json";
  }
  json findings = json::parse(run({"export", "findings", "--format", "json"}).out, nullptr, false);
  EXPECT_NE(findings.dump().find("posture-xss"), std::string::npos)
      << "the hostile strings are exported as data";
  // The phone list of a cohort: a name that is a formula and a phone number
  // starting with + are neutralised. The run is a single day: a tuned copy of
  // the model ranks on one scan day (v1 needs 4).
  json model = json::parse(ReadFile(SourcePath("scoring/model-v1.json")), nullptr, false);
  ASSERT_TRUE(model.is_object());
  model["version"] = "e2e-hostile-1";
  model["window"]["min_scan_days"] = 1;
  std::string model_file = dir + "/model.json";
  std::ofstream(model_file) << model.dump();
  run({"cohort", "create", "hostile-e2e", "--size", "20", "--comparison-size", "10", "--model",
       model_file});
  CommandResult outreach = run({"export", "outreach", "hostile-e2e", "--csv"});
  EXPECT_GE(ExpectInertCsv("export outreach --csv", outreach.out, ';'), 2u);
}

TEST(HostileLabTest, CheckCommandPrintsNoTerminalEscapes) {
  ASSERT_TRUE(HostileLabIsUp());
  for (const char* domain : {"octets.hostile.test", "injection.hostile.test"}) {
    std::vector<std::string> args = {"check",         domain,
                                     "--resolver",    HostileResolver(),
                                     "--ca-file",     LabCaFile(),
                                     "--timeout",     "3",
                                     "--contact-url", "https://posture-e2e.invalid/hostile-check"};
    CommandResult r = RunPosture(args, 60);
    EXPECT_FALSE(r.killed) << Describe(args);
    EXPECT_GE(r.exit_code, 0) << Describe(args) << ": " << r.err;
    EXPECT_NE(r.out.find(domain), std::string::npos) << r.out.substr(0, 300);
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos)
        << Describe(args) << " printed a terminal escape";
    EXPECT_TRUE(ValidUtf8(r.out)) << Describe(args);
  }
}

// With the default 10 s timeouts, a target deadline shorter than them still
// ends the tarpit and the slowloris site at the deadline.
TEST(HostileLabTest, TargetDeadlineCutsTarpitAndSlowloris) {
  ASSERT_TRUE(HostileLabIsUp());
  std::string dir = FreshDir("hostile-deadline");
  std::string db = dir + "/deadline.db";
  CommandResult r =
      RunPosture({"--db", db, "targets", "import", SourcePath("tests/lab/hostile/targets.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string key = KeyOfDomain("lent.hostile.test");
  const int kShortDeadline = 3;
  std::vector<std::string> scan = {"--db",          db,
                                   "--quiet",       "scan",
                                   "--target",      key,
                                   "--resolver",    HostileResolver(),
                                   "--ca-file",     LabCaFile(),
                                   "--deadline",    std::to_string(kShortDeadline),
                                   "--contact-url", "https://posture-e2e.invalid/hostile-deadline"};
  r = RunPosture(scan, 60);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(r.seconds, kShortDeadline + 5.0) << r.err;
  Scanned s;
  ASSERT_TRUE(LoadScanned(db, key, &s, /*require_complete=*/false));
  EXPECT_TRUE(s.obs.deadline_reached);
  EXPECT_FALSE(s.complete) << "a target cut by its deadline is not scored as complete";
  EXPECT_LE(s.obs.finished_at - s.obs.started_at, kShortDeadline + 1);
  ASSERT_EQ(s.obs.smtp.size(), 1u);
  EXPECT_EQ(s.obs.smtp[0].status, ProbeStatus::kTimeout) << s.obs.smtp[0].error;
  // The reply was cut by the deadline, not by the 10 s line timeout, and says so.
  EXPECT_NE(s.obs.smtp[0].error.find("deadline"), std::string::npos) << s.obs.smtp[0].error;
}

}  // namespace
}  // namespace posture::e2e
