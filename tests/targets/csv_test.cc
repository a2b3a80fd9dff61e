// The CSV reader (targets/csv.h): RFC 4180 quoting, separators, encodings.
#include "targets/csv.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

using Fields = std::vector<std::string>;

TEST(CsvTest, CommaAndCrlf) {
  CsvDocument doc = ParseCsv("a,b,c\r\n1,2,3\r\n");
  EXPECT_EQ(doc.separator, ',');
  ASSERT_EQ(doc.rows.size(), 2u);
  EXPECT_EQ(doc.rows[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(doc.rows[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(doc.rows[1].line, 2);
}

TEST(CsvTest, SemicolonDetectedFromHeader) {
  CsvDocument doc = ParseCsv("kind;code;name\ncommune;78646;Versailles, ville royale\n");
  EXPECT_EQ(doc.separator, ';');
  ASSERT_EQ(doc.rows.size(), 2u);
  EXPECT_EQ(doc.rows[1].fields, (Fields{"commune", "78646", "Versailles, ville royale"}));
}

TEST(CsvTest, TabDetected) {
  CsvDocument doc = ParseCsv("kind\tcode\ncommune\t78646\n");
  EXPECT_EQ(doc.separator, '\t');
  EXPECT_EQ(doc.rows[1].fields, (Fields{"commune", "78646"}));
}

TEST(CsvTest, QuotedFields) {
  CsvDocument doc = ParseCsv(
      "a,b,c\n"
      "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
      "last,\"\",end");
  ASSERT_EQ(doc.rows.size(), 3u);
  EXPECT_EQ(doc.rows[1].fields, (Fields{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(doc.rows[1].line, 2);
  // The row after a quoted line break starts on line 4.
  EXPECT_EQ(doc.rows[2].line, 4);
  EXPECT_EQ(doc.rows[2].fields, (Fields{"last", "", "end"}));
}

TEST(CsvTest, EmptyFieldsAndBlankLines) {
  CsvDocument doc = ParseCsv("a,b\n,\n\n1,\n");
  ASSERT_EQ(doc.rows.size(), 4u);
  EXPECT_EQ(doc.rows[1].fields, (Fields{"", ""}));
  EXPECT_EQ(doc.rows[2].fields, (Fields{""}));
  EXPECT_EQ(doc.rows[3].fields, (Fields{"1", ""}));
  EXPECT_EQ(doc.rows[3].line, 4);
}

TEST(CsvTest, UnclosedQuoteIsAnError) {
  CsvDocument doc = ParseCsv("a,b\n1,\"open\n2,3\n");
  ASSERT_EQ(doc.rows.size(), 2u);
  EXPECT_FALSE(doc.rows[1].error.empty());
  EXPECT_EQ(doc.rows[1].line, 2);
}

TEST(CsvTest, TextAfterClosingQuoteIsAnError) {
  CsvDocument doc = ParseCsv("a,b\n\"x\"y,2\n3,4\n");
  ASSERT_EQ(doc.rows.size(), 3u);
  EXPECT_FALSE(doc.rows[1].error.empty());
  EXPECT_TRUE(doc.rows[2].error.empty());
  EXPECT_EQ(doc.rows[2].fields, (Fields{"3", "4"}));
}

TEST(CsvTest, DecodeStripsBom) {
  bool transcoded = true;
  auto text = DecodeSpreadsheetText("\xEF\xBB\xBFkind;code\n", &transcoded);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "kind;code\n");
  EXPECT_FALSE(transcoded);
}

TEST(CsvTest, DecodeWindows1252) {
  bool transcoded = false;
  // "Évry" and "Œuf" in Windows-1252.
  auto text = DecodeSpreadsheetText("\xC9vry;\x8C" "uf\n", &transcoded);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "\xC3\x89vry;\xC5\x92uf\n");
  EXPECT_TRUE(transcoded);
}

TEST(CsvTest, DecodeRejectsUtf16) {
  auto text = DecodeSpreadsheetText(std::string("\xFF\xFEk\0i\0", 6), nullptr);
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("UTF-16"), std::string::npos);
}

TEST(CsvTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("\xC3\x89vry"));
  EXPECT_FALSE(IsValidUtf8("\xC9vry"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
}

}  // namespace
}  // namespace posture
