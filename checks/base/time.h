// Time as data. The pure libraries never read the clock: "now" is a
// parameter. Instants are Unix seconds (UTC); days are civil days in UTC,
// counted from 1970-01-01 (day 0), so a 30-day window is a range of integers.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace posture {

using UnixSeconds = int64_t;
using DayNumber = int32_t;

// Parses "2026-12-03", "2026-12-03T10:00:00Z", "2026-12-03T10:00:00+01:00",
// "2026-12-03 10:00:00" (taken as UTC). Returns nullopt if malformed.
std::optional<UnixSeconds> ParseIso8601(std::string_view text);
// "2026-12-03T10:00:00Z".
std::string FormatIso8601(UnixSeconds t);
// "2026-12-03".
std::string FormatDate(UnixSeconds t);
std::string FormatDay(DayNumber day);
DayNumber DayOf(UnixSeconds t);
UnixSeconds StartOfDay(DayNumber day);
// Days since 1970-01-01 for a civil date (proleptic Gregorian).
DayNumber DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(DayNumber z, int* year, unsigned* month, unsigned* day);
// Parses the time formats found in HTTP and certificates is not needed here:
// RFC 3339 (security.txt Expires) is covered by ParseIso8601.

}  // namespace posture
