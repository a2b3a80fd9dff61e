// End to end, scoring over a semester (issue 6, "Done means"): the lab is
// scanned on four simulated days, a cohort is created, one called
// collectivity (Créteil) fixes its website's security headers, and six months
// later the remediation figures are asserted.
//
// Six simulated months also move every time-dependent verdict of the lab
// (its certificates, made at `up` for 89 days, have expired by then; so has
// security.txt): those changes are real and hit everyone. To isolate the
// effect of the one configuration change, the database is copied after the
// cohort is created and the six-month scans are run twice, at the same
// simulated times: once with the lab as it is (world B, the counterfactual),
// once with Créteil reconfigured (world A). Everything but Créteil must be
// identical between the two worlds, and Créteil's difference must be the
// headers it fixed.
//
// Needs the lab (tests/lab/up); runs `posture` as a subprocess.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "checks/base/time.h"

namespace posture {
namespace {

using nlohmann::json;

const std::string kSource = POSTURE_SOURCE_DIR;
const std::string kLab = kSource + "/tests/lab";
const std::string kChangedDomain = "creteil.idf.test";
const std::string kChangedCode = "94028";  // Créteil
// The headers Créteil adds (the lab's FULL_HEADERS but Permissions-Policy).
const char kHeaders[] =
    "add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;\n"
    "add_header Content-Security-Policy \"default-src 'self'; script-src 'self'; object-src "
    "'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'\" always;\n"
    "add_header X-Frame-Options \"DENY\" always;\n"
    "add_header X-Content-Type-Options \"nosniff\" always;\n"
    "add_header Referrer-Policy \"strict-origin-when-cross-origin\" always;\n";
// What those headers fix (WEB-HSTS-01 HSTS, WEB-HDR-01 CSP, -02 framing,
// -03 nosniff, -04 Referrer-Policy).
const std::vector<std::string> kFixedByTheChange = {"WEB-HDR-01", "WEB-HDR-02", "WEB-HDR-03",
                                                    "WEB-HDR-04", "WEB-HSTS-01"};

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Result {
  int rc = -1;
  std::string out, err;
};

Result Sh(const std::string& command, const std::string& scratch) {
  Result r;
  std::string out = scratch + "/cmd.out", err = scratch + "/cmd.err";
  int status = std::system((command + " >" + Quote(out) + " 2>" + Quote(err)).c_str());
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

bool TcpOpen(const char* ip, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, ip, &a.sin_addr);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

std::string Iso(UnixSeconds t) { return FormatIso8601(t); }

class ScoringE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/posture-scoring-e2e-XXXXXX";
    char* d = ::mkdtemp(tmpl);
    ASSERT_NE(d, nullptr);
    dir_ = d;
  }
  void TearDown() override {
    if (reconfigured_) Sh(Quote(kLab + "/reconfigure") + " " + kChangedDomain + " --clear", dir_);
    if (!HasFailure()) Sh("rm -rf " + Quote(dir_), "/tmp");
  }

  // Fails with a clear sentence when the lab is not up here.
  bool LabIsUp() {
    std::string resolver = ReadFile(kLab + "/run/resolver");
    if (resolver.empty() || !TcpOpen("127.53.0.53", 53) || !TcpOpen("127.10.1.9", 443)) {
      ADD_FAILURE() << "the lab is not up in this network namespace: run tests/lab/up first "
                       "(see tests/lab/README.md)";
      return false;
    }
    return true;
  }

  Result Posture(const std::string& db, const std::string& args, std::optional<UnixSeconds> now) {
    std::string cmd = Quote(POSTURE_BINARY) + " -q --lang en --db " + Quote(db);
    if (now) cmd += " --now " + Iso(*now);
    return Sh(cmd + " " + args, dir_);
  }

  void Scan(const std::string& db, UnixSeconds at) {
    Result r = Posture(db,
                       "scan --new-run --resolver 127.53.0.53 --ca-file " +
                           Quote(kLab + "/run/ca.pem") +
                           " --per-ip 4 --per-ip-rate 200 --contact-url https://posture.test/e2e",
                       at);
    ASSERT_EQ(r.rc, 0) << "scan at " << Iso(at) << ": " << r.err;
  }

  json Json(const std::string& db, const std::string& args, UnixSeconds now) {
    Result r = Posture(db, args + " --json", now);
    EXPECT_EQ(r.rc, 0) << args << ": " << r.err;
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << args << ": " << r.out;
    return j;
  }

  std::string dir_;
  bool reconfigured_ = false;
};

std::map<std::string, json> MembersByCode(const json& report) {
  std::map<std::string, json> out;
  for (const json& m : report["members"]) out[m["code"].get<std::string>()] = m;
  return out;
}

std::set<std::string> Codes(const json& list) {
  std::set<std::string> out;
  for (const json& c : list) out.insert(c.get<std::string>());
  return out;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// The group figures recomputed from the member lines of the report.
void ExpectGroupFiguresMatchMembers(const json& report, const std::string& group) {
  std::vector<double> deltas;
  int members = 0, measured = 0, left = 0, unmeasured = 0, improved = 0;
  for (const json& m : report["members"]) {
    if (m["group"] != group) continue;
    ++members;
    std::string status = m["status"];
    if (status == "left") ++left;
    if (status == "unmeasured") ++unmeasured;
    if (status != "measured") {
      EXPECT_TRUE(m["delta"].is_null()) << m["code"];
      continue;
    }
    ++measured;
    double d = m["delta"].get<double>();
    EXPECT_NEAR(d, m["score"].get<double>() - m["baseline"]["score"].get<double>(), 0.051)
        << m["code"];
    deltas.push_back(d);
    if (d > 0) ++improved;
  }
  const json& g = report[group];
  EXPECT_EQ(g["members"], members) << group;
  EXPECT_EQ(g["measured"], measured) << group;
  EXPECT_EQ(g["left"], left) << group;
  EXPECT_EQ(g["unmeasured"], unmeasured) << group;
  EXPECT_EQ(g["improved"], improved) << group;
  ASSERT_GT(measured, 0) << group;
  EXPECT_NEAR(g["share_improved"].get<double>(), static_cast<double>(improved) / measured, 1e-9);
  EXPECT_NEAR(g["median_delta"].get<double>(), Median(deltas), 1e-9) << group;
  EXPECT_NEAR(g["mean_delta"].get<double>(), Mean(deltas), 1e-9) << group;
}

TEST_F(ScoringE2eTest, SemesterCohortRemediationAfterALabHostIsFixed) {
  if (!LabIsUp()) return;
  const std::string a = dir_ + "/a.db", b = dir_ + "/b.db";
  const UnixSeconds day = 86400;
  // Simulated days start now (the lab's certificates are valid from `up`).
  const UnixSeconds t0 = static_cast<UnixSeconds>(std::time(nullptr)) + 60;

  Result imported = Posture(a, "targets import " + Quote(kLab + "/targets.csv"), std::nullopt);
  ASSERT_EQ(imported.rc, 0) << imported.err;
  // Four scan days: the minimum for a rolling score to be ranked.
  for (int k = 0; k < 4; ++k) {
    Scan(a, t0 + k * day);
    if (HasFatalFailure()) return;
  }
  const UnixSeconds created = t0 + 3 * day + 3600;
  json ranking = Json(a, "rank", created);
  ASSERT_EQ(ranking["entries"].size(), 26u) << ranking.dump(1);
  std::map<std::string, double> baseline_rank_score;
  int changed_rank = 0;
  for (const json& e : ranking["entries"]) {
    baseline_rank_score[e["code"]] = e["score"];
    if (e["code"] == kChangedCode) changed_rank = e["rank"];
  }
  // Créteil is among the 8 to call.
  ASSERT_GE(changed_rank, 1);
  ASSERT_LE(changed_rank, 8) << ranking.dump(1);

  Result created_cohort =
      Posture(a, "cohort create 2027-S1 --size 8 --comparison-size 8", created);
  ASSERT_EQ(created_cohort.rc, 0) << created_cohort.err;
  json list = Json(a, "cohort list", created);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["called"], 8);
  EXPECT_EQ(list[0]["comparison"], 8);
  EXPECT_EQ(list[0]["model_version"], "1");

  // World B: the same database, six months later, nothing changed but time.
  ASSERT_EQ(Sh("cp " + Quote(a) + " " + Quote(b), dir_).rc, 0);
  const UnixSeconds later = created + 182 * day;
  for (UnixSeconds at : {later - day, later}) {
    Scan(b, at);
    if (HasFatalFailure()) return;
  }
  // World A: Créteil has added the missing security headers.
  {
    std::string file = dir_ + "/creteil-headers.conf";
    std::ofstream(file) << kHeaders;
    reconfigured_ = true;
    Result r = Sh(Quote(kLab + "/reconfigure") + " " + kChangedDomain + " " + Quote(file), dir_);
    ASSERT_EQ(r.rc, 0) << r.err;
  }
  for (UnixSeconds at : {later - day, later}) {
    Scan(a, at);
    if (HasFatalFailure()) return;
  }
  Result restored = Sh(Quote(kLab + "/reconfigure") + " " + kChangedDomain + " --clear", dir_);
  ASSERT_EQ(restored.rc, 0) << restored.err;
  reconfigured_ = false;

  const UnixSeconds asked = later + 3600;
  json ra = Json(a, "cohort show 2027-S1", asked);
  json rb = Json(b, "cohort show 2027-S1", asked);
  ASSERT_EQ(ra["members"].size(), 16u);
  EXPECT_EQ(ra["cohort"]["model_version"], "1");
  EXPECT_EQ(ra["day"], FormatDay(DayOf(asked)));
  std::map<std::string, json> ma = MembersByCode(ra), mb = MembersByCode(rb);

  // Baselines are the rolling scores ranked at creation, in both worlds.
  for (const auto& [code, m] : ma) {
    EXPECT_DOUBLE_EQ(m["baseline"]["score"].get<double>(), baseline_rank_score[code]) << code;
    EXPECT_EQ(m["baseline"], mb[code]["baseline"]) << code;
  }

  // The changed collectivity: called, measured, improved by what it fixed.
  const json& ca = ma.at(kChangedCode);
  const json& cb = mb.at(kChangedCode);
  EXPECT_EQ(ca["group"], "called");
  ASSERT_EQ(ca["status"], "measured") << ca.dump(1);
  ASSERT_EQ(cb["status"], "measured") << cb.dump(1);
  std::set<std::string> fixed_a = Codes(ca["fixed"]), fixed_b = Codes(cb["fixed"]);
  std::set<std::string> still_a = Codes(ca["still_present"]), still_b = Codes(cb["still_present"]);
  for (const std::string& code : kFixedByTheChange) {
    EXPECT_TRUE(fixed_a.count(code)) << code << " should be fixed: " << ca.dump(1);
    EXPECT_FALSE(still_a.count(code)) << code;
    EXPECT_TRUE(still_b.count(code)) << code << " is still there without the change";
  }
  // Nothing else differs: the other fixed codes and the remaining ones.
  std::set<std::string> extra;
  std::set_difference(fixed_a.begin(), fixed_a.end(), fixed_b.begin(), fixed_b.end(),
                      std::inserter(extra, extra.end()));
  EXPECT_EQ(extra, std::set<std::string>(kFixedByTheChange.begin(), kFixedByTheChange.end()));
  EXPECT_EQ(Codes(ca["appeared"]), Codes(cb["appeared"]));
  const double gain = ca["delta"].get<double>() - cb["delta"].get<double>();
  EXPECT_GT(gain, 0) << "A: " << ca.dump(1) << "\nB: " << cb.dump(1);
  // Improved over the semester: the header fixes outweigh what six months of
  // certificate and security.txt expiry cost it (world B's delta).
  EXPECT_GT(ca["delta"].get<double>(), 0) << ca.dump(1);

  // Every other member: exactly the same figures in both worlds.
  for (const auto& [code, m] : ma) {
    if (code == kChangedCode) continue;
    const json& o = mb.at(code);
    EXPECT_EQ(m["status"], o["status"]) << code;
    EXPECT_EQ(m["score"], o["score"]) << code;
    EXPECT_EQ(m["delta"], o["delta"]) << code;
    EXPECT_EQ(m["fixed"], o["fixed"]) << code;
    EXPECT_EQ(m["still_present"], o["still_present"]) << code;
    EXPECT_EQ(m["appeared"], o["appeared"]) << code;
  }

  // Group figures: consistent with the member lines, in both worlds.
  for (const json* r : {&ra, &rb}) {
    ExpectGroupFiguresMatchMembers(*r, "called");
    ExpectGroupFiguresMatchMembers(*r, "comparison");
    // The effect of the calls is the difference of the mean deltas.
    ASSERT_FALSE((*r)["effect"].is_null());
    EXPECT_NEAR((*r)["effect"].get<double>(),
                (*r)["called"]["mean_delta"].get<double>() -
                    (*r)["comparison"]["mean_delta"].get<double>(),
                1e-9);
    ASSERT_FALSE((*r)["interval"].is_null());
    EXPECT_LE((*r)["interval"]["low"].get<double>(), (*r)["interval"]["high"].get<double>());
  }
  // The comparison group, not called, did the same in both worlds.
  EXPECT_EQ(ra["comparison"], rb["comparison"]);
  // The called group differs by Créteil alone.
  const int measured = ra["called"]["measured"];
  EXPECT_NEAR(ra["called"]["mean_delta"].get<double>() - rb["called"]["mean_delta"].get<double>(),
              gain / measured, 1e-6);
  EXPECT_NEAR(ra["effect"].get<double>() - rb["effect"].get<double>(), gain / measured, 1e-6);
  EXPECT_GE(ra["called"]["share_improved"].get<double>(),
            rb["called"]["share_improved"].get<double>());
  if (cb["delta"].get<double>() <= 0) {
    EXPECT_EQ(ra["called"]["improved"].get<int>(), rb["called"]["improved"].get<int>() + 1);
  }
  EXPECT_GE(ra["called"]["median_delta"].get<double>(), rb["called"]["median_delta"].get<double>());
  // Créteil's header fixes are counted among the most fixed findings.
  std::set<std::string> most_fixed;
  for (const json& f : ra["called"]["most_fixed"]) most_fixed.insert(f["code"].get<std::string>());
  for (const std::string& code : kFixedByTheChange) EXPECT_TRUE(most_fixed.count(code)) << code;

  std::printf("Créteil delta %+.1f (without the change %+.1f); called: %d measured, %.0f %% "
              "improved, median %+.1f; comparison: %d measured, %.0f %% improved, median %+.1f; "
              "effect %+.2f (without the change %+.2f)\n",
              ca["delta"].get<double>(), cb["delta"].get<double>(), measured,
              100 * ra["called"]["share_improved"].get<double>(),
              ra["called"]["median_delta"].get<double>(), ra["comparison"]["measured"].get<int>(),
              100 * ra["comparison"]["share_improved"].get<double>(),
              ra["comparison"]["median_delta"].get<double>(), ra["effect"].get<double>(),
              rb["effect"].get<double>());

  // The text report says the same (French by default).
  Result text = Sh(Quote(POSTURE_BINARY) + " -q --db " + Quote(a) + " --now " + Iso(asked) +
                       " cohort show 2027-S1",
                   dir_);
  ASSERT_EQ(text.rc, 0) << text.err;
  EXPECT_NE(text.out.find("Effet des appels"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Créteil"), std::string::npos);

  // The lab is back as the ground truth says: Créteil sends no header again.
  Result check = Sh(Quote(POSTURE_BINARY) + " -q --lang en check " + kChangedDomain +
                        " --resolver 127.53.0.53 --ca-file " + Quote(kLab + "/run/ca.pem") +
                        " --json",
                    dir_);
  json findings = json::parse(check.out, nullptr, false);
  ASSERT_FALSE(findings.is_discarded()) << check.out << check.err;
  int header_fails = 0;
  for (const json& f : findings["findings"])
    if (f["code"] == "WEB-HDR-03" && f["outcome"] == "fail") ++header_fails;
  EXPECT_GT(header_fails, 0) << "Créteil was not restored";
}

}  // namespace
}  // namespace posture
