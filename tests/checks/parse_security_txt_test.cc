#include "checks/parse/security_txt.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

UnixSeconds Now() { return *ParseIso8601("2026-12-03T12:00:00Z"); }

TEST(ParseSecurityTxtTest, MinimalValidFileWithCrlf) {
  SecurityTxt s = ParseSecurityTxt(
      "Contact: mailto:securite@ville.idf.test\r\nExpires: 2027-06-30T22:00:00Z\r\n", Now());
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(s.warnings.empty());
  ASSERT_EQ(s.contacts.size(), 1u);
  EXPECT_EQ(s.contacts[0], "mailto:securite@ville.idf.test");
  EXPECT_EQ(s.expires, ParseIso8601("2027-06-30T22:00:00Z"));
}

TEST(ParseSecurityTxtTest, FieldNamesCaseInsensitiveCommentsUnknownFields) {
  SecurityTxt s = ParseSecurityTxt(
      "# a comment\n\nCONTACT: https://ville.idf.test/contact\ncontact: tel:+33-1-23-45-67-89\n"
      "eXpIrEs: 2027-01-01T00:00:00+01:00\nX-Custom: whatever\nHiring: https://ville.idf.test/jobs\n",
      Now());
  EXPECT_TRUE(s.ok()) << (s.errors.empty() ? "" : s.errors[0]);
  EXPECT_EQ(s.contacts.size(), 2u);
  EXPECT_EQ(s.expires, ParseIso8601("2026-12-31T23:00:00Z"));
  bool saw_unknown = false;
  for (const auto& f : s.fields) saw_unknown = saw_unknown || f.name == "x-custom";
  EXPECT_TRUE(saw_unknown);
}

TEST(ParseSecurityTxtTest, PgpSignedWithDashEscapingAndCrlf) {
  std::string text =
      "-----BEGIN PGP SIGNED MESSAGE-----\r\n"
      "Hash: SHA512\r\n"
      "\r\n"
      "- # Our security contact\r\n"
      "Contact: mailto:securite@ville.idf.test\r\n"
      "Expires: 2027-06-30T22:00:00.000Z\r\n"
      "Encryption: https://ville.idf.test/pgp-key.txt\r\n"
      "-----BEGIN PGP SIGNATURE-----\r\n"
      "\r\n"
      "iHUEARYKAB0WIQQ+...\r\n"
      "=abcd\r\n"
      "-----END PGP SIGNATURE-----\r\n";
  SecurityTxt s = ParseSecurityTxt(text, Now());
  EXPECT_TRUE(s.signed_message);
  EXPECT_TRUE(s.ok()) << (s.errors.empty() ? "" : s.errors[0]);
  EXPECT_TRUE(s.warnings.empty()) << s.warnings[0];
  EXPECT_EQ(s.contacts.size(), 1u);
  // Nothing of the signature block is read as a field.
  for (const auto& f : s.fields) EXPECT_NE(f.name, "iHUEARYKAB0WIQQ+...");
}

TEST(ParseSecurityTxtTest, PgpFramingErrors) {
  SecurityTxt s = ParseSecurityTxt(
      "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@b.test\n"
      "Expires: 2027-06-30T22:00:00Z\n",
      Now());
  EXPECT_FALSE(s.ok());  // no signature block
}

TEST(ParseSecurityTxtTest, RequiredFieldsAndExpiry) {
  EXPECT_FALSE(ParseSecurityTxt("Expires: 2027-06-30T22:00:00Z\n", Now()).ok());        // no Contact
  EXPECT_FALSE(ParseSecurityTxt("Contact: mailto:a@b.test\n", Now()).ok());             // no Expires
  EXPECT_FALSE(ParseSecurityTxt("Contact: mailto:a@b.test\nExpires: 2025-01-01T00:00:00Z\n", Now())
                   .ok());  // expired
  EXPECT_FALSE(ParseSecurityTxt("Contact: mailto:a@b.test\nExpires: 2027-06-30T22:00:00Z\n"
                                "Expires: 2027-07-30T22:00:00Z\n",
                                Now())
                   .ok());  // twice
  EXPECT_FALSE(ParseSecurityTxt("Contact: mailto:a@b.test\nExpires: 30/06/2027\n", Now()).ok());
  EXPECT_FALSE(ParseSecurityTxt("Contact: mailto:a@b.test\nExpires: 2027-06-30\n", Now()).ok());
  SecurityTxt far = ParseSecurityTxt("Contact: mailto:a@b.test\nExpires: 2030-01-01T00:00:00Z\n", Now());
  EXPECT_TRUE(far.ok());
  EXPECT_FALSE(far.warnings.empty());  // more than a year ahead
}

TEST(ParseSecurityTxtTest, Rfc3339) {
  EXPECT_EQ(ParseRfc3339("2026-12-03t12:00:00z"), ParseIso8601("2026-12-03T12:00:00Z"));
  EXPECT_EQ(ParseRfc3339("2026-12-03T13:30:00+01:30"), ParseIso8601("2026-12-03T12:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-12-03T12:00:00").has_value());
  EXPECT_FALSE(ParseRfc3339("2026-02-30T12:00:00Z").has_value());
  EXPECT_FALSE(ParseRfc3339("2026-12-03T12:00:00Zjunk").has_value());
}

TEST(ParseSecurityTxtTest, HtmlSoft404IsRejected) {
  SecurityTxt s = ParseSecurityTxt("<!DOCTYPE html><html><body>Page introuvable</body></html>", Now());
  EXPECT_FALSE(s.ok());
}

TEST(ParseSecurityTxtTest, GarbageIsBounded) {
  std::string junk;
  for (int i = 0; i < 200000; ++i) junk.push_back(static_cast<char>((i * 31) % 256));
  ParseSecurityTxt(junk, Now());
  SecurityTxt s = ParseSecurityTxt(std::string(100000, '\n'), Now());
  EXPECT_FALSE(s.ok());
  ParseSecurityTxt(std::string(100000, ':'), Now());
}

}  // namespace
}  // namespace posture
