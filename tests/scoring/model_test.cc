#include "scoring/model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace posture::scoring {
namespace {

std::string ReadModelFile() {
  std::ifstream in(std::string(POSTURE_SOURCE_DIR) + "/scoring/model-v1.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The v1 JSON with one edit applied.
std::string Edited(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::parse(ReadModelFile());
  edit(j);
  return j.dump();
}

std::string ErrorOf(const std::string& text) {
  StatusOr<ScoringModel> m = ParseModel(text);
  EXPECT_FALSE(m.ok()) << text;
  return m.ok() ? "" : m.status().message();
}

TEST(ModelTest, BuiltInModelIsTheJsonFile) {
  std::string file = ReadModelFile();
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(DefaultModelJson(), file);
}

TEST(ModelTest, DefaultModelHasThePublishedRules) {
  const ScoringModel& m = DefaultModel();
  EXPECT_EQ(m.version, "1");
  EXPECT_EQ(m.weight(Category::kMailAuth), 25);
  EXPECT_EQ(m.weight(Category::kMailTransport), 20);
  EXPECT_EQ(m.weight(Category::kWebTransport), 30);
  EXPECT_EQ(m.weight(Category::kWebHygiene), 15);
  EXPECT_EQ(m.weight(Category::kDns), 10);
  EXPECT_EQ(m.points(Severity::kCritical), 40);
  EXPECT_EQ(m.points(Severity::kHigh), 20);
  EXPECT_EQ(m.points(Severity::kMedium), 10);
  EXPECT_EQ(m.points(Severity::kLow), 5);
  EXPECT_EQ(m.points(Severity::kInfo), 0);
  EXPECT_EQ(m.credit(Outcome::kPass), 1.0);
  EXPECT_EQ(m.credit(Outcome::kPartial), 0.5);
  EXPECT_EQ(m.credit(Outcome::kFail), 0.0);
  EXPECT_FALSE(m.credit(Outcome::kNotTested));
  EXPECT_FALSE(m.credit(Outcome::kNotApplicable));
  EXPECT_FALSE(m.credit(Outcome::kError));
  EXPECT_FALSE(m.credit(Outcome::kInfo));
  ASSERT_EQ(m.caps.size(), 2u);
  EXPECT_EQ(m.caps[0].id, "critical_fail");
  EXPECT_FALSE(m.caps[0].scope);
  EXPECT_EQ(m.caps[0].max, 54);
  EXPECT_EQ(m.caps[1].scope, Category::kMailAuth);
  EXPECT_EQ(m.caps[1].max, 50);
  EXPECT_EQ(m.caps[1].when.code, "MAIL-OWN-01");
  EXPECT_EQ(m.window_days, 30);
  EXPECT_EQ(m.min_scan_days, 4);
  // Every web check (they report their pass with severity info) has its stake.
  EXPECT_EQ(m.StakeOf("WEB-HSTS-01", Severity::kInfo), Severity::kMedium);
  EXPECT_EQ(m.StakeOf("WEB-CERT-02", Severity::kInfo), Severity::kCritical);
  EXPECT_EQ(m.StakeOf("WEB-CERT-02", Severity::kHigh), Severity::kHigh);
  EXPECT_EQ(m.StakeOf("MAIL-SPF-01", Severity::kInfo), Severity::kInfo);
  for (const char* code : {"WEB-HTTPS-01", "WEB-HTTPS-02", "WEB-HSTS-01", "WEB-TLS-01", "WEB-TLS-02",
                           "WEB-TLS-03", "WEB-CERT-01", "WEB-CERT-02", "WEB-CERT-03", "WEB-CERT-04",
                           "WEB-HDR-01", "WEB-HDR-02", "WEB-HDR-03", "WEB-HDR-04", "WEB-COOKIE-01",
                           "WEB-MIXED-01", "WEB-SECTXT-01", "WEB-EOL-01"})
    EXPECT_TRUE(m.check_severity.count(code)) << code;
}

TEST(ModelTest, CheckSeverityIsValidatedAndRoundTrips) {
  EXPECT_NE(ErrorOf(Edited([](nlohmann::json& j) { j["check_severity"]["WEB-HSTS-01"] = "grave"; }))
                .find("check_severity.WEB-HSTS-01"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](nlohmann::json& j) { j["check_severity"]["WEB-HSTS-01"] = "info"; }))
                .find("check_severity"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](nlohmann::json& j) { j["check_severity"]["bad code!"] = "low"; }))
                .find("not a finding code"),
            std::string::npos);
  auto m = ParseModel(Edited([](nlohmann::json& j) { j["check_severity"]["WEB-NEW-01"] = "high"; }));
  ASSERT_TRUE(m.ok()) << m.status().message();
  auto back = ParseModel(ModelToJson(*m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->check_severity.at("WEB-NEW-01"), Severity::kHigh);
  EXPECT_EQ(ModelToJson(*back), ModelToJson(*m));
}

TEST(ModelTest, GradeBoundsAreInclusive) {
  const ScoringModel& m = DefaultModel();
  EXPECT_EQ(m.GradeFor(100), "A");
  EXPECT_EQ(m.GradeFor(85), "A");
  EXPECT_EQ(m.GradeFor(84.9), "B");
  EXPECT_EQ(m.GradeFor(70), "B");
  EXPECT_EQ(m.GradeFor(69.9), "C");
  EXPECT_EQ(m.GradeFor(55), "C");
  EXPECT_EQ(m.GradeFor(54.9), "D");
  EXPECT_EQ(m.GradeFor(40), "D");
  EXPECT_EQ(m.GradeFor(39.9), "E");
  EXPECT_EQ(m.GradeFor(0), "E");
  EXPECT_EQ(m.BestGradeUnder(54), "D");
}

TEST(ModelTest, CanonicalJsonRoundTrips) {
  const ScoringModel& m = DefaultModel();
  std::string canon = ModelToJson(m);
  StatusOr<ScoringModel> again = ParseModel(canon);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(ModelToJson(*again), canon);
  // Whitespace and key order do not change the canonical form.
  StatusOr<ScoringModel> spaced = ParseModel(Edited([](nlohmann::json&) {}));
  ASSERT_TRUE(spaced.ok());
  EXPECT_EQ(ModelToJson(*spaced), canon);
  // A real change does.
  StatusOr<ScoringModel> tuned =
      ParseModel(Edited([](nlohmann::json& j) { j["severity_points"]["low"] = 6; }));
  ASSERT_TRUE(tuned.ok());
  EXPECT_NE(ModelToJson(*tuned), canon);
}

TEST(ModelTest, RejectsInvalidDefinitionsWithTheFieldNamed) {
  EXPECT_NE(ErrorOf("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(ErrorOf("[]").find("object"), std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j.erase("version"); })).find("version"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["version"] = "1 with spaces"; })).find("version"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["categores"] = 1; })).find("categores"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["categories"].erase("dns"); }))
                .find("categories.dns"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["categories"]["dns"] = 11; })).find("add up to 100"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["categories"]["dns"] = "10"; })).find("categories.dns"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["severity_points"]["high"] = -1; }))
                .find("severity_points.high"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["outcome_credit"]["partial"] = 2; }))
                .find("outcome_credit.partial"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["outside_denominator"] = {"not_tested", "error", "info"}; }))
                .find("not_applicable"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["outside_denominator"].push_back("fail"); }))
                .find("twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["caps"][0]["scope"] = "web"; })).find("caps[0].scope"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["caps"][1]["when"] = nlohmann::json::object(); }))
                .find("caps[1].when"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["caps"][1]["id"] = "critical_fail"; })).find("two caps"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { std::swap(j["grades"][0], j["grades"][1]); }))
                .find("decreasing"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["grades"][4]["min"] = 10; })).find("min 0"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["window"]["days"] = 0; })).find("window.days"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Edited([](auto& j) { j["window"]["min_scan_days"] = 31; }))
                .find("window.min_scan_days"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(2 << 20, ' ')).find("1 MiB"), std::string::npos);
}

TEST(ModelTest, CapsAreDescribedInBothLanguages) {
  const ScoringModel& m = DefaultModel();
  EXPECT_EQ(DescribeCap(m.caps[0], Lang::kEn),
            "any finding of severity critical with outcome fail caps the overall score at 54");
  std::string fr = DescribeCap(m.caps[1], Lang::kFr);
  EXPECT_NE(fr.find("MAIL-OWN-01"), std::string::npos);
  EXPECT_NE(fr.find("mail_auth"), std::string::npos);
  EXPECT_NE(fr.find("50"), std::string::npos);
}

}  // namespace
}  // namespace posture::scoring
