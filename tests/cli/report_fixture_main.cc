// report_fixture DB [--whole-region REGISTRY.csv]: writes the report tests'
// fixture database (see report_fixture_testlib.h), for the browser test.
#include <iostream>
#include <string>

#include "tests/cli/report_fixture_testlib.h"

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--whole-region")) {
    std::cerr << "usage: report_fixture DB [--whole-region REGISTRY.csv]\n";
    return 2;
  }
  posture::testing::ReportFixtureOptions o;
  if (argc == 4) {
    o.whole_region = true;
    o.registry_csv = argv[3];
  }
  posture::Status s = posture::testing::BuildReportFixture(argv[1], o);
  if (!s.ok()) {
    std::cerr << "report_fixture: " << s.message() << "\n";
    return 1;
  }
  std::cout << posture::testing::kReportFixtureNow << "\n";
  return 0;
}
