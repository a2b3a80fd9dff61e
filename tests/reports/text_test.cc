#include "reports/text.h"

#include <gtest/gtest.h>

namespace posture::reports {
namespace {

TEST(HtmlTest, EscapesMarkup) {
  EXPECT_EQ(Html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(Html("a & b \"c\" 'd'"), "a &amp; b &quot;c&quot; &#39;d&#39;");
  EXPECT_EQ(Html("\"><svg onload=alert(1)>"), "&quot;&gt;&lt;svg onload=alert(1)&gt;");
}

TEST(HtmlTest, KeepsUtf8NewlinesAndTabs) {
  EXPECT_EQ(Html("Île-de-France\nÉvry\tcourrier"), "Île-de-France\nÉvry\tcourrier");
  EXPECT_EQ(Html("€ 😀"), "€ 😀");
}

TEST(HtmlTest, ReplacesInvalidUtf8ControlsAndBidiOverrides) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Html("a\xFF"
                 "b"),
            "a" + fffd + "b");
  EXPECT_EQ(Html("a\xC3"), "a" + fffd);                 // truncated sequence
  EXPECT_EQ(Html("\xC0\xAF"), fffd + fffd);             // overlong '/'
  EXPECT_EQ(Html("\xED\xA0\x80"), fffd + fffd + fffd);  // surrogate
  EXPECT_EQ(Html(std::string("a\0b\x1b[31m", 8)), "a" + fffd + "b" + fffd + "[31m");
  EXPECT_EQ(Html("evil\xE2\x80\xAEgpj.exe"), "evil" + fffd + "gpj.exe");  // U+202E
  EXPECT_EQ(Html("\xC2\x85"), fffd);                                      // C1 control
}

TEST(HtmlTest, ClipsOnACharacterBoundary) {
  EXPECT_EQ(HtmlClipped("abcdef", 3), "abc…");
  EXPECT_EQ(HtmlClipped("ééé", 3), "é…");  // 2 bytes each: not half a character
  EXPECT_EQ(HtmlClipped("<<", 10), "&lt;&lt;");
}

TEST(HtmlTest, CatalogueBackquotesBecomeCode) {
  EXPECT_EQ(CatalogueHtml("set `max-age=1` <now>"), "set <code>max-age=1</code> &lt;now&gt;");
  EXPECT_EQ(CatalogueHtml("odd ` quote"), "odd ` quote");
}

TEST(CsvTest, NeutralisesFormulas) {
  for (CsvDialect d : {CsvDialect::kExcelFr, CsvDialect::kRfc4180}) {
    EXPECT_EQ(CsvCell("=cmd|' /C calc'!A0", d), "'=cmd|' /C calc'!A0");
    EXPECT_EQ(CsvCell("+33 1 23", d), "'+33 1 23");
    EXPECT_EQ(CsvCell("-1+1", d), "'-1+1");
    EXPECT_EQ(CsvCell("@SUM(A1)", d), "'@SUM(A1)");
    EXPECT_EQ(CsvCell("\t=1", d), "'\t=1");
    EXPECT_EQ(CsvCell("plain", d), "plain");
  }
  // A number we wrote is never prefixed.
  EXPECT_EQ(CsvCell("-1,5", CsvDialect::kExcelFr, /*text=*/false), "-1,5");
  EXPECT_EQ(CsvCell("-1.5", CsvDialect::kRfc4180, /*text=*/false), "-1.5");
  EXPECT_EQ(CsvCell("\r=1", CsvDialect::kRfc4180), "\"'\r=1\"");
}

TEST(CsvTest, QuotesPerDialect) {
  EXPECT_EQ(CsvCell("a;b", CsvDialect::kExcelFr), "\"a;b\"");
  EXPECT_EQ(CsvCell("a;b", CsvDialect::kRfc4180), "a;b");
  EXPECT_EQ(CsvCell("a,b", CsvDialect::kRfc4180), "\"a,b\"");
  EXPECT_EQ(CsvCell("a,b", CsvDialect::kExcelFr), "a,b");
  EXPECT_EQ(CsvCell("say \"hi\"\nbye", CsvDialect::kRfc4180), "\"say \"\"hi\"\"\nbye\"");
  EXPECT_EQ(CsvPreamble(CsvDialect::kExcelFr), "\xEF\xBB\xBF");
  EXPECT_EQ(CsvPreamble(CsvDialect::kRfc4180), "");
  EXPECT_EQ(CsvNumber(62.45, 1, CsvDialect::kExcelFr), "62,5");
  EXPECT_EQ(CsvNumber(62.44, 1, CsvDialect::kRfc4180), "62.4");
  EXPECT_EQ(CsvNumber(-0.01, 1, CsvDialect::kRfc4180), "0.0");
}

TEST(FormatTest, NumbersAndDates) {
  EXPECT_EQ(FormatScore(62.45, Lang::kFr), "62,5");
  EXPECT_EQ(FormatScore(62.45, Lang::kEn), "62.5");
  EXPECT_EQ(FormatDelta(2.5, Lang::kFr), "+2,5");
  EXPECT_EQ(FormatDelta(-1, Lang::kEn),
            "\xE2\x88\x92"
            "1.0");
  EXPECT_EQ(FormatDelta(0.01, Lang::kEn), "0.0");
  EXPECT_EQ(FormatInt(12463067, Lang::kFr),
            "12\xE2\x80\xAF"
            "463\xE2\x80\xAF"
            "067");
  EXPECT_EQ(FormatInt(12463067, Lang::kEn), "12,463,067");
  EXPECT_EQ(FormatInt(999, Lang::kEn), "999");
  EXPECT_EQ(FormatPercent(0.424, Lang::kFr), "42\xC2\xA0%");
  EXPECT_EQ(FormatLongDate(DaysFromCivil(2026, 3, 1), Lang::kFr), "1er mars 2026");
  EXPECT_EQ(FormatLongDate(DaysFromCivil(2026, 12, 14), Lang::kFr), "14 décembre 2026");
  EXPECT_EQ(FormatLongDate(DaysFromCivil(2026, 12, 14), Lang::kEn), "14 December 2026");
  EXPECT_EQ(FormatShortDate(DaysFromCivil(2026, 2, 3), Lang::kFr), "3 févr.");
}

}  // namespace
}  // namespace posture::reports
