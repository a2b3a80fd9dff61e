// The database the report tests are drawn from, built through the store API
// (import, scan runs, opt-out, explanation, cohort): a dozen collectivities
// over 70 days with a cohort created on 1 May 2026 and the report day
// 30 June 2026, including hostile strings where the network or an import
// could put them (a Server header, a TXT record, a certificate subject, a
// finding subject, collectivity names, an explanation reason).
// With whole_region, every commune of targets/data/idf-collectivites.csv is
// added with a deterministic synthetic profile (for the map).
#pragma once

#include <string>

#include "checks/base/status.h"
#include "checks/base/time.h"

namespace posture::testing {

// --now of the reports drawn from the fixture.
inline constexpr const char* kReportFixtureNow = "2026-06-30T12:00:00Z";
inline constexpr const char* kReportFixtureCohort = "2026-S1";

// The strings that must come out inert.
inline constexpr const char* kHostileScript = "<script>alert(1)</script>";
inline constexpr const char* kHostileFormula = "=cmd|' /C calc'!A0";

struct ReportFixtureOptions {
  bool whole_region = false;
  std::string registry_csv;  // targets/data/idf-collectivites.csv, for whole_region
};

// Creates the database at `db_path` (which must not exist).
Status BuildReportFixture(const std::string& db_path, const ReportFixtureOptions& options = {});

}  // namespace posture::testing
