// Text for documents: HTML escaping, CSV cells that spreadsheets cannot run,
// and the numbers and dates of the reports in French (default) or English.
//
// Everything a report shows that came from the network or from an import
// (Server headers, TXT records, certificate subjects, evidence, collectivity
// names, explanation reasons) goes through Html() or CsvCell(): Html()
// escapes the five markup characters and replaces invalid UTF-8, control
// characters and bidirectional overrides, so the text is inert and reads as
// it was received.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "checks/base/time.h"
#include "checks/catalogue.h"

namespace posture::reports {

// ---- HTML ---------------------------------------------------------------------

// Escapes & < > " ' (safe in element content and in quoted attributes),
// replaces invalid UTF-8 and control characters (except newline and tab) by
// U+FFFD, and bidirectional embedding/override/isolate characters by U+FFFD.
std::string Html(std::string_view text);
// Html() of at most `max_bytes` bytes of `text` (cut on a character
// boundary, "…" appended when cut).
std::string HtmlClipped(std::string_view text, size_t max_bytes);

// Catalogue text (ours, trusted but escaped all the same): Html(), with
// `backquoted` spans shown as <code>.
std::string CatalogueHtml(std::string_view text);

// ---- CSV ----------------------------------------------------------------------

// kExcelFr: what Excel opens correctly for French users (UTF-8 with a byte
// order mark, `;` separator, decimal comma, CRLF). kRfc4180: plain CSV (`,`,
// decimal point, CRLF, no BOM).
enum class CsvDialect { kExcelFr, kRfc4180 };

char CsvSeparator(CsvDialect d);
// The byte order mark for kExcelFr, empty for kRfc4180.
std::string CsvPreamble(CsvDialect d);
// One cell. A text cell that a spreadsheet would take for a formula (it
// starts with = + - @, a tab or a carriage return) is prefixed with ' ; a
// cell holding the separator, a quote, CR or LF is quoted (quotes doubled).
// `text` false: a number we wrote ourselves, never prefixed.
std::string CsvCell(std::string_view value, CsvDialect d, bool text = true);
// A decimal number with `decimals` digits, comma or point per dialect.
std::string CsvNumber(double value, int decimals, CsvDialect d);

// ---- Words, numbers and dates ---------------------------------------------------

inline const char* Tr(Lang lang, const char* fr, const char* en) {
  return lang == Lang::kFr ? fr : en;
}
// "fr" or "en" (the <html lang> attribute).
const char* LangCode(Lang lang);

// A score with one decimal: "62,4" (fr), "62.4" (en).
std::string FormatScore(double v, Lang lang);
// A signed delta: "+2,5", "−1,0" (U+2212), "0,0".
std::string FormatDelta(double v, Lang lang);
// An integer with thousands separators: "12 463 067" (narrow no-break
// space) in French, "12,463,067" in English.
std::string FormatInt(int64_t v, Lang lang);
// A share in [0, 1] as a whole percentage: "42 %" / "42%".
std::string FormatPercent(double share, Lang lang);
// "14 décembre 2026" / "14 December 2026".
std::string FormatLongDate(DayNumber day, Lang lang);
// "14 déc." / "14 Dec".
std::string FormatShortDate(DayNumber day, Lang lang);

}  // namespace posture::reports
