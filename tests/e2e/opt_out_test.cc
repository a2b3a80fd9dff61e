// The opt-out gate end to end: three lab collectivities opt out, the lab
// registry is scanned, and the lab servers' own logs (nginx access log,
// postfix maillog) show that none of their hosts got a request or an SMTP
// connection, while the shared platforms (the web host 127.10.1.100, the
// MTA-STS host 127.10.1.250, the shared MX mx.hebergeur.idf.test) were still
// scanned for the others.
//   - Guyancourt (commune:78297): its site is on the shared web platform.
//   - Île-de-France (region:11): own web server 127.10.1.2, mail on the
//     shared MX, MTA-STS policy on the shared policy host.
//   - Sarcelles (commune:95585): own web server 127.10.1.24, own MX
//     mx.sarcelles.idf.test (127.10.25.7).
// nginx lines are attributed by the User-Agent (a contact URL unique to this
// run); the maillog by the window of this scan, under the lock that every
// scan of this suite takes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "checks/base/strings.h"
#include "scanner/store/store.h"
#include "scanner/store/store_scans.h"
#include "tests/e2e/lab_testlib.h"

namespace posture::e2e {
namespace {

// The bytes appended to `path` after `offset`, once the file stopped growing.
std::string AppendedSince(const std::string& path, size_t offset) {
  std::string text = ReadFile(path);
  for (int i = 0; i < 20; ++i) {  // postfix logs through postlogd, asynchronously
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string again = ReadFile(path);
    if (again.size() == text.size() && i >= 2) break;
    text = std::move(again);
  }
  return text.size() > offset ? text.substr(offset) : "";
}

std::vector<std::string> LinesWith(const std::string& text, const std::vector<std::string>& needles) {
  std::vector<std::string> out;
  for (auto line : Split(text, '\n')) {
    bool all = !line.empty();
    for (const std::string& n : needles) all = all && line.find(n) != std::string_view::npos;
    if (all) out.emplace_back(line);
  }
  return out;
}

std::vector<std::string> LinesWith(const std::vector<std::string>& lines,
                                   const std::vector<std::string>& needles) {
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    bool all = true;
    for (const std::string& n : needles) all = all && line.find(n) != std::string::npos;
    if (all) out.push_back(line);
  }
  return out;
}

std::string First(const std::vector<std::string>& lines) { return lines.empty() ? "" : lines.front(); }

TEST(LabOptOutTest, OptedOutCollectivitiesGetNoConnectionWhileSharedPlatformsAreScanned) {
  ASSERT_TRUE(LabIsUp());
  ASSERT_FALSE(ScannedLabDatabase().empty());  // the shared scan first, so it cannot overlap ours
  std::string dir = FreshDir("opt-out");
  std::string db = dir + "/opt-out.db";
  std::vector<std::string> import = {"--db", db, "targets", "import", SourcePath("tests/lab/targets.csv")};
  CommandResult r = RunPosture(import);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> kOptedOut = {"commune:78297", "region:11", "commune:95585"};
  for (const std::string& key : kOptedOut) {
    std::vector<std::string> args = {"--db", db, "targets", "opt-out", key,
                                     "--reason", "e2e: lettre du maire", "--by", "e2e"};
    r = RunPosture(args);
    ASSERT_EQ(r.exit_code, 0) << Describe(args) << ": " << r.err;
  }

  std::string token = "opt-out-" + std::to_string(::getpid()) + "-" +
                      std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  std::string access_log = LabRunPath("nginx/logs/access.log");
  std::string maillog = LabRunPath("postfix/maillog");
  std::vector<std::string> scan = {"--db", db, "--quiet", "scan", "--resolver", LabResolver(),
                                   "--ca-file", LabCaFile(),
                                   "--contact-url", "https://posture-e2e.invalid/" + token};
  std::string nginx, postfix;
  {
    LabScanLock lock;
    size_t access_at = ReadFile(access_log).size(), mail_at = ReadFile(maillog).size();
    r = RunPosture(scan, 300);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nginx = AppendedSince(access_log, access_at);
    postfix = AppendedSince(maillog, mail_at);
  }
  std::vector<std::string> ours = LinesWith(nginx, {token});
  ASSERT_FALSE(ours.empty()) << "no request of this scan in " << access_log;

  // Nothing reached the opted-out collectivities' own hosts.
  for (const char* host : {"guyancourt.idf.test", "www.guyancourt.idf.test", "iledefrance.idf.test",
                           "www.iledefrance.idf.test", "mta-sts.iledefrance.idf.test",
                           "sarcelles.idf.test", "www.sarcelles.idf.test"})
    EXPECT_TRUE(LinesWith(nginx, {std::string(" host=") + host + " "}).empty())
        << host << " was requested: " << First(LinesWith(nginx, {std::string(" host=") + host + " "}));
  for (const char* addr : {" 127.10.1.2:", " 127.10.1.24:"})
    EXPECT_TRUE(LinesWith(nginx, {addr}).empty()) << "a request reached" << addr << ": "
                                                  << First(LinesWith(nginx, {addr}));
  EXPECT_TRUE(LinesWith(postfix, {"postfix/mx.sarcelles.idf.test/"}).empty())
      << "Sarcelles' MX got a connection: " << First(LinesWith(postfix, {"postfix/mx.sarcelles.idf.test/"}));

  // The shared platforms were still scanned for the others.
  std::vector<std::string> platform = LinesWith(ours, {" 127.10.1.100:443 host=versaillesgrandparc.idf.test "});
  EXPECT_FALSE(platform.empty()) << "the shared web platform was not scanned for CA Versailles Grand Parc";
  EXPECT_FALSE(LinesWith(ours, {" 127.10.1.100:443 host=hauts-de-seine.idf.test "}).empty());
  EXPECT_FALSE(LinesWith(ours, {" 127.10.1.250:443 host=mta-sts.versailles.idf.test "}).empty())
      << "the shared MTA-STS policy host was not asked for Versailles' policy";
  std::vector<std::string> shared_mx = LinesWith(postfix, {"postfix/mx.hebergeur.idf.test/smtpd", "]: connect from"});
  EXPECT_FALSE(shared_mx.empty()) << "the shared MX was not probed for the others";
  EXPECT_FALSE(LinesWith(postfix, {"postfix/mx.versailles.idf.test/smtpd", "]: connect from"}).empty());

  std::cout << "opt-out scan: " << ours.size() << " requests of this scan in the nginx log ("
            << LinesWith(ours, {" 127.10.1.100:"}).size() << " to the shared platform 127.10.1.100), "
            << LinesWith(postfix, {"]: connect from"}).size() << " SMTP connections in the maillog ("
            << shared_mx.size() << " to the shared MX), none for the 3 opted-out collectivities\n";

  // The database agrees: the run planned the others only, nothing stored for the three.
  auto store = Store::Open(db);
  ASSERT_TRUE(store.ok());
  auto runs = ListRuns(*store, 1);
  ASSERT_TRUE(runs.ok() && runs->size() == 1);
  EXPECT_EQ(runs->front().targets_total, static_cast<int64_t>(GroundTruthKeys().size() - kOptedOut.size()));
  EXPECT_EQ(runs->front().status, "complete");
  auto stmt = store->db().Prepare(
      "SELECT t.kind || ':' || t.code FROM observations o JOIN targets t ON t.id = o.target_id");
  ASSERT_TRUE(stmt.ok());
  size_t observed = 0;
  while (stmt->Step()) {
    ++observed;
    std::string key = stmt->Text(0);
    EXPECT_EQ(std::find(kOptedOut.begin(), kOptedOut.end(), key), kOptedOut.end()) << key << " was observed";
  }
  EXPECT_EQ(observed, GroundTruthKeys().size() - kOptedOut.size());
}

}  // namespace
}  // namespace posture::e2e
