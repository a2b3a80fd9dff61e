// `posture check DOMAIN` against the lab: the --json document (domain,
// scanned_at, findings with code, outcome, severity, subject, evidence,
// title, remediation) agrees with the ground truth of the domain's hosts and
// mail domain; the text report is grouped by category, worst first.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "checks/base/strings.h"
#include "checks/base/time.h"
#include "checks/catalogue.h"
#include "checks/check.h"
#include "checks/finding.h"
#include "tests/e2e/lab_testlib.h"

namespace posture::e2e {
namespace {

using nlohmann::json;

CommandResult Check(const std::string& domain, bool as_json) {
  std::vector<std::string> args = {"--lang", "en", "check", domain, "--resolver", LabResolver(),
                                   "--ca-file", LabCaFile(),
                                   "--contact-url", "https://posture-e2e.invalid/check"};
  if (as_json) args.push_back("--json");
  LabScanLock lock;  // no other scan of this suite meanwhile (the opt-out test reads logs)
  return RunPosture(args, 120);
}

std::string WorstOutcome(const std::vector<std::string>& outcomes) {
  const auto order = GroundTruth()["outcome_order"].get<std::vector<std::string>>();
  std::string worst;
  size_t rank = SIZE_MAX;
  for (const std::string& o : outcomes) {
    size_t r = static_cast<size_t>(std::find(order.begin(), order.end(), o) - order.begin());
    if (r < rank) rank = r, worst = o;
  }
  return worst;
}

TEST(LabCheckCommandTest, JsonListsEveryFindingWithTheContractKeys) {
  ASSERT_TRUE(LabIsUp());
  CommandResult r = Check("versailles.idf.test", true);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json doc = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out.substr(0, 500);
  EXPECT_EQ(doc["domain"], "versailles.idf.test");
  ASSERT_TRUE(doc["scanned_at"].is_string());
  EXPECT_TRUE(ParseIso8601(doc["scanned_at"].get<std::string>()).has_value()) << doc["scanned_at"];
  ASSERT_TRUE(doc["findings"].is_array());
  ASSERT_FALSE(doc["findings"].empty());
  std::set<std::string> codes;
  for (const json& f : doc["findings"]) {
    for (const char* key : {"code", "outcome", "severity", "subject", "evidence", "title", "remediation"})
      ASSERT_TRUE(f.contains(key) && f[key].is_string()) << key << " in " << f.dump();
    std::string code = f["code"];
    codes.insert(code);
    EXPECT_TRUE(ParseOutcome(f["outcome"]).has_value()) << f["outcome"];
    EXPECT_TRUE(ParseSeverity(f["severity"]).has_value()) << f["severity"];
    const CatalogueEntry* e = FindCatalogueEntry(code);
    ASSERT_NE(e, nullptr) << code;
    EXPECT_EQ(f["title"], e->title(Lang::kEn));
    EXPECT_EQ(f["remediation"], e->remediation(Lang::kEn));
    EXPECT_EQ(f["check_version"], CheckVersion(code)) << code;
  }
  std::set<std::string> all;
  for (const CheckInfo& c : AllChecks()) all.insert(c.code);
  EXPECT_EQ(codes, all);

  // The same verdicts as the ground truth for the domain's hosts and its mail.
  const json& v = GroundTruth()["collectivities"]["commune:78646"];
  auto outcomes_of = [&](const std::string& code, const std::string& first) {
    std::vector<std::string> out;
    for (const json& f : doc["findings"]) {
      std::string subject = f["subject"];
      if (f["code"] == code && subject.substr(0, subject.find(' ')) == first) out.push_back(f["outcome"]);
    }
    return out;
  };
  for (const auto& [host, w] : v["web_hosts"].items())
    for (const auto& [code, want] : w["expected_findings"].items()) {
      std::vector<std::string> got = outcomes_of(code, host);
      if (got.empty() && code == "WEB-SECTXT-01") continue;  // judged once per domain
      ASSERT_FALSE(got.empty()) << code << " " << host;
      EXPECT_EQ(WorstOutcome(got), want) << code << " " << host;
    }
  for (const auto& [code, want] : v["mail_domains"]["versailles.idf.test"]["expected_findings"].items()) {
    std::vector<std::string> got = outcomes_of(code, "versailles.idf.test");
    ASSERT_FALSE(got.empty()) << code;
    EXPECT_EQ(WorstOutcome(got), want) << code;
  }
  ASSERT_TRUE(doc.contains("observations"));
  EXPECT_FALSE(doc["observations"]["tls"].empty());
}

// One finding line of the text report: "  fail            WEB-CERT-02  title [high]".
struct Line {
  std::string category;
  std::string outcome, code, severity;  // severity only for problems
};

TEST(LabCheckCommandTest, TextReportIsGroupedByCategoryWorstFirst) {
  ASSERT_TRUE(LabIsUp());
  CommandResult r = Check("sarcelles.idf.test", false);  // many problems, of every severity
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> kCategories = {"Mail authentication", "Mail transport",
                                                "Web transport (HTTPS)", "Web hygiene", "DNS"};
  const std::map<std::string, std::string> kCategoryOf = {
      {"Mail authentication", "mail_auth"}, {"Mail transport", "mail_transport"},
      {"Web transport (HTTPS)", "web_transport"}, {"Web hygiene", "web_hygiene"}, {"DNS", "dns"}};
  std::vector<Line> lines;
  std::vector<std::string> headings;
  std::string category;
  for (auto raw : Split(r.out, '\n')) {
    std::string l(raw);
    if (std::find(kCategories.begin(), kCategories.end(), l) != kCategories.end()) {
      category = l;
      headings.push_back(l);
      continue;
    }
    if (category.empty() || l.size() < 3 || l[0] != ' ' || l[2] == ' ') continue;
    auto parts = SplitWhitespace(l);
    ASSERT_GE(parts.size(), 2u) << l;
    Line line{category, std::string(parts[0]), std::string(parts[1]), ""};
    ASSERT_TRUE(ParseOutcome(line.outcome).has_value()) << "unaligned line: " << l;
    if (l.back() == ']') line.severity = l.substr(l.rfind('[') + 1, l.size() - l.rfind('[') - 2);
    const CatalogueEntry* e = FindCatalogueEntry(line.code);
    ASSERT_NE(e, nullptr) << l;
    EXPECT_EQ(CategoryName(e->category), kCategoryOf.at(category)) << line.code << " under " << category;
    lines.push_back(line);
  }
  EXPECT_EQ(headings, kCategories) << "categories, in report order";
  ASSERT_GT(lines.size(), 30u) << r.out;
  // Worst first within each category: problems by severity (fail before partial
  // at equal severity), then error, not_tested, info, pass, not_applicable.
  auto rank = [](const Line& l) {
    std::optional<Outcome> o = ParseOutcome(l.outcome);
    bool problem = IsProblem(*o);
    int sev = problem ? SeverityRank(*ParseSeverity(l.severity)) : 9;
    static const std::vector<std::string> kRest = {"fail", "partial", "error", "not_tested",
                                                   "info", "pass", "not_applicable"};
    int rest = static_cast<int>(std::find(kRest.begin(), kRest.end(), l.outcome) - kRest.begin());
    return std::make_tuple(problem ? 0 : 1, sev, rest);
  };
  size_t problems = 0, passes = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (IsProblem(*ParseOutcome(lines[i].outcome))) {
      ++problems;
      EXPECT_FALSE(lines[i].severity.empty()) << lines[i].code << ": a problem shows its severity";
    }
    if (lines[i].outcome == "pass") ++passes;
    if (i > 0 && lines[i].category == lines[i - 1].category) {
      EXPECT_LE(rank(lines[i - 1]), rank(lines[i]))
          << lines[i - 1].outcome << " " << lines[i - 1].code << " [" << lines[i - 1].severity
          << "] is listed before " << lines[i].outcome << " " << lines[i].code << " ["
          << lines[i].severity << "] in " << lines[i].category;
    }
  }
  EXPECT_GT(problems, 20u);
  EXPECT_GT(passes, 0u);
}

}  // namespace
}  // namespace posture::e2e
