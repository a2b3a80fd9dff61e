// The scoring commands (model, rank, cohort, rescore) run in-process over a
// scratch database with synthetic history and a simulated clock (--now).
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scanner/cli/cli.h"
#include "scoring/model.h"
#include "tests/store/scores_fixture.h"

namespace posture {
namespace {

using nlohmann::json;
using testing::At;
using testing::DnsProfile;
using testing::ScoreDb;

struct Output {
  int rc = -1;
  std::string out, err;
};

Output Cli(std::vector<std::string> args) {
  args.insert(args.begin(), "posture");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  Output o;
  o.rc = cli::Run(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  o.out = out.str();
  o.err = err.str();
  return o;
}

std::string Day(DayNumber d) { return FormatIso8601(At(d, 12)); }

TEST(ModelShowTest, PrintsEveryRuleOfTheModel) {
  Output en = Cli({"--lang", "en", "model", "show"});
  ASSERT_EQ(en.rc, 0) << en.err;
  for (const char* part :
       {"mail_auth         25 %", "mail_transport    20 %", "web_transport     30 %",
        "web_hygiene       15 %", "dns               10 %", "critical      40", "high          20",
        "medium        10", "low            5", "info           0", "partial                                       50 %",
        "WEB-HSTS-01    medium                 10",
        "any finding of severity critical with outcome fail caps the overall score at 54 (grade D "
        "at best)",
        "finding MAIL-OWN-01 with outcome fail caps category mail_auth at 50", "A        85",
        "B        70", "C        55", "D        40", "E         0", "30 days ending at D",
        "fewer than 4 scan days", "then larger\n    population", "95 % bootstrap interval",
        "without a\n    website the score covers mail and DNS alone"})
    EXPECT_NE(en.out.find(part), std::string::npos) << part << "\n" << en.out;
  Output fr = Cli({"model", "show"});
  ASSERT_EQ(fr.rc, 0);
  EXPECT_NE(fr.out.find("plafonne la note globale à 54 (note D au mieux)"), std::string::npos)
      << fr.out;
  Output js = Cli({"model", "show", "--json"});
  ASSERT_EQ(js.rc, 0);
  json j = json::parse(js.out);
  EXPECT_EQ(j["version"], "1");
  EXPECT_EQ(j["check_severity"]["WEB-HSTS-01"], "medium");
}

class CohortCliTest : public ::testing::Test {
 protected:
  // Eight communes scanned every 5 days for 30 days; commune i scores 20 + 4i.
  void SetUp() override {
    for (int i = 0; i < 8; ++i) {
      ids_.push_back(db_.AddTarget(std::to_string(78100 + i), 1000 + i));
      db_.ScanDays(ids_.back(), created_ - 29, created_, 5, DnsProfile(20 + 4 * i));
    }
  }
  std::vector<std::string> Base(DayNumber d) { return {"--db", db_.path(), "--now", Day(d)}; }
  Output Run(DayNumber d, std::vector<std::string> args, const char* lang = "en") {
    std::vector<std::string> all = Base(d);
    all.insert(all.begin(), {"--lang", lang});
    all.insert(all.end(), args.begin(), args.end());
    return Cli(all);
  }

  ScoreDb db_;
  std::vector<int64_t> ids_;
  DayNumber created_ = DaysFromCivil(2027, 1, 31);
  DayNumber later_ = DaysFromCivil(2027, 7, 31);
};

TEST_F(CohortCliTest, AMemberThatOptsOutMidSemesterLeavesAndTheReportSaysSo) {
  Output c = Run(created_, {"cohort", "create", "2027-S1", "--size", "3", "--comparison-size", "3"});
  ASSERT_EQ(c.rc, 0) << c.err;
  // Mid-semester, the second lowest withdraws from the programme.
  Output o = Run(created_ + 60, {"targets", "opt-out", "78101", "--reason", "letter from the mayor"});
  ASSERT_EQ(o.rc, 0) << o.err;
  for (int i = 0; i < 8; ++i)
    if (i != 1) db_.ScanDays(ids_[i], later_ - 20, later_, 5, DnsProfile(24 + 4 * i));

  Output text = Run(later_, {"cohort", "show", "2027-S1"});
  ASSERT_EQ(text.rc, 0) << text.err;
  EXPECT_NE(text.out.find("left (opted out on " + FormatDay(created_ + 60) + ")"),
            std::string::npos)
      << text.out;
  Output fr = Run(later_, {"cohort", "show", "2027-S1"}, "fr");
  EXPECT_NE(fr.out.find("partie (opt-out le " + FormatDay(created_ + 60) + ")"), std::string::npos)
      << fr.out;
  Output js = Run(later_, {"cohort", "show", "2027-S1", "--json"});
  ASSERT_EQ(js.rc, 0);
  json r = json::parse(js.out);
  EXPECT_EQ(r["called"]["left"], 1);
  EXPECT_EQ(r["called"]["measured"], 2);
  for (const json& m : r["members"]) {
    if (m["code"] == "78101") {
      EXPECT_EQ(m["status"], "left");
      EXPECT_TRUE(m["delta"].is_null());
    } else {
      EXPECT_EQ(m["status"], "measured") << m.dump();
      EXPECT_DOUBLE_EQ(m["delta"].get<double>(), 4) << m.dump();
    }
  }
  EXPECT_DOUBLE_EQ(r["effect"].get<double>(), 0);  // everyone gained 4
  Output list = Run(later_, {"cohort", "list", "--json"});
  EXPECT_EQ(json::parse(list.out)[0]["left"], 1);
  // Not ranked any more either.
  Output rank = Run(later_, {"rank", "--json"});
  json rk = json::parse(rank.out);
  EXPECT_EQ(rk["excluded"]["opted_out"], 1);
  for (const json& e : rk["entries"]) EXPECT_NE(e["code"], "78101");
}

TEST_F(CohortCliTest, ACohortKeepsTheModelVersionItWasCreatedWith) {
  // A regional copy of v1 where a fail still earns a quarter of the points.
  json tuned = json::parse(scoring::DefaultModelJson());
  tuned["version"] = "1-idf";
  tuned["outcome_credit"]["fail"] = 0.25;
  std::string path = db_.path() + ".model.json";
  std::ofstream(path) << tuned.dump();
  Output c = Run(created_, {"cohort", "create", "S", "--size", "2", "--comparison-size", "2",
                            "--model", path});
  ASSERT_EQ(c.rc, 0) << c.err;
  for (int i = 0; i < 8; ++i) db_.ScanDays(ids_[i], later_ - 20, later_, 5, DnsProfile(24 + 4 * i));
  // Ranking and daily scores now use the built-in v1: the cohort does not move.
  Output rank = Run(later_, {"rank", "--json"});
  ASSERT_EQ(rank.rc, 0);
  EXPECT_EQ(json::parse(rank.out)["entries"][0]["score"], 24);
  json r = json::parse(Run(later_, {"cohort", "show", "S", "--json"}).out);
  EXPECT_EQ(r["cohort"]["model_version"], "1-idf");
  const json& first = r["members"][0];
  EXPECT_EQ(first["code"], "78100");
  // Under 1-idf: 20 -> 20 + 80 * 0.25 = 40 at baseline, 24 -> 24 + 76 * 0.25 = 43 now.
  EXPECT_DOUBLE_EQ(first["baseline"]["score"].get<double>(), 40);
  EXPECT_DOUBLE_EQ(first["score"].get<double>(), 43);
  EXPECT_DOUBLE_EQ(first["delta"].get<double>(), 3);
  // The same version with another definition is refused.
  tuned["outcome_credit"]["fail"] = 0.3;
  std::ofstream(path) << tuned.dump();
  Output clash = Run(later_, {"rank", "--model", path});
  EXPECT_EQ(clash.rc, 1);
  EXPECT_NE(clash.err.find("already stored with a different definition"), std::string::npos);
}

TEST_F(CohortCliTest, RescoreReportsWhatItRecomputed) {
  Output r = Run(created_, {"rescore", "--from", FormatDay(created_ - 9), "--to", FormatDay(created_)});
  ASSERT_EQ(r.rc, 0) << r.err;
  // The scans every 5 days from created-29 fall on created-9 and created-4: 2 x 8 communes.
  EXPECT_NE(r.out.find("16 observations re-checked"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(model 1)"), std::string::npos) << r.out;
  Output bad = Run(created_, {"rescore", "--from", "2027-02-01", "--to", "2027-01-01"});
  EXPECT_EQ(bad.rc, 2);
  Output none = Run(created_, {"rescore", "--from", "2030-01-01"});
  EXPECT_EQ(none.rc, 0);
  EXPECT_NE(none.out.find("nothing to recompute"), std::string::npos);
}

}  // namespace
}  // namespace posture
