// Codes of collectivities (targets/codes.h).
#include "targets/codes.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(CodesTest, CommuneCodes) {
  EXPECT_EQ(CodeProblem(TargetKind::kCommune, "78646"), "");
  EXPECT_EQ(CodeProblem(TargetKind::kCommune, "2A004"), "");
  EXPECT_EQ(CodeProblem(TargetKind::kCommune, "2B033"), "");
  EXPECT_EQ(CodeProblem(TargetKind::kCommune, "97411"), "");
  EXPECT_NE(CodeProblem(TargetKind::kCommune, "7864"), "");
  EXPECT_NE(CodeProblem(TargetKind::kCommune, "786460"), "");
  EXPECT_NE(CodeProblem(TargetKind::kCommune, "2C004"), "");
  EXPECT_NE(CodeProblem(TargetKind::kCommune, "20004"), "");
  EXPECT_NE(CodeProblem(TargetKind::kCommune, "7864A"), "");
  EXPECT_NE(CodeProblem(TargetKind::kCommune, ""), "");
}

TEST(CodesTest, OtherKinds) {
  EXPECT_EQ(CodeProblem(TargetKind::kEpci, "200058519"), "");
  EXPECT_NE(CodeProblem(TargetKind::kEpci, "20005851"), "");
  EXPECT_NE(CodeProblem(TargetKind::kEpci, "20005851X"), "");
  EXPECT_EQ(CodeProblem(TargetKind::kDepartement, "78"), "");
  EXPECT_EQ(CodeProblem(TargetKind::kDepartement, "2A"), "");
  EXPECT_EQ(CodeProblem(TargetKind::kDepartement, "974"), "");
  EXPECT_NE(CodeProblem(TargetKind::kDepartement, "7"), "");
  EXPECT_NE(CodeProblem(TargetKind::kDepartement, "780"), "");
  EXPECT_NE(CodeProblem(TargetKind::kDepartement, "20"), "");
  EXPECT_EQ(CodeProblem(TargetKind::kRegion, "11"), "");
  EXPECT_NE(CodeProblem(TargetKind::kRegion, "1"), "");
  EXPECT_NE(CodeProblem(TargetKind::kRegion, "IDF"), "");
}

TEST(CodesTest, Canonical) {
  EXPECT_EQ(CanonicalCode(" 2a004 "), "2A004");
  EXPECT_EQ(CanonicalCode("78646"), "78646");
}

TEST(CodesTest, Geography) {
  EXPECT_EQ(DepartementOfCommune("78646"), "78");
  EXPECT_EQ(DepartementOfCommune("2A004"), "2A");
  EXPECT_EQ(DepartementOfCommune("97411"), "974");
  EXPECT_EQ(DepartementOfCommune("bad"), "");
  EXPECT_EQ(RegionOfDepartement("93").value_or(""), "11");
  EXPECT_EQ(RegionOfDepartement("2B").value_or(""), "94");
  EXPECT_EQ(RegionOfDepartement("976").value_or(""), "06");
  EXPECT_FALSE(RegionOfDepartement("99").has_value());
}

TEST(CodesTest, EveryDepartementHasOneRegion) {
  int count = 0;
  for (int d = 1; d <= 95; ++d) {
    if (d == 20) continue;
    std::string code = (d < 10 ? "0" : "") + std::to_string(d);
    EXPECT_TRUE(RegionOfDepartement(code).has_value()) << code;
    ++count;
  }
  EXPECT_EQ(count, 94);  // + 2A, 2B = 96 metropolitan départements
}

}  // namespace
}  // namespace posture
