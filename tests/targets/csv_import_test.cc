// The registry CSV importer (targets/csv_import.h).
#include "targets/csv_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace posture {
namespace {

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(POSTURE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// True when some problem message contains `needle`.
bool HasProblem(const CsvImport& r, const std::string& needle) {
  for (const std::string& m : r.problems.messages())
    if (m.find(needle) != std::string::npos) return true;
  return false;
}

std::string AllProblems(const CsvImport& r) { return r.problems.Format(1000); }

TEST(CsvImportTest, ShippedRegistryImportsAsIs) {
  std::string content = ReadSourceFile("targets/data/idf-collectivites.csv");
  ASSERT_FALSE(content.empty());
  CsvImport r = ParseTargetsCsv(content, "idf-collectivites.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  ASSERT_EQ(r.records.size(), 1327u);
  std::map<TargetKind, int> counts;
  for (const TargetRecord& rec : r.records) ++counts[rec.kind];
  EXPECT_EQ(counts[TargetKind::kRegion], 1);
  EXPECT_EQ(counts[TargetKind::kDepartement], 8);
  EXPECT_EQ(counts[TargetKind::kEpci], 52);
  EXPECT_EQ(counts[TargetKind::kCommune], 1266);
  // The file has only the first six columns: contacts and domains stay unset.
  for (const TargetRecord& rec : r.records) {
    EXPECT_FALSE(rec.domains.has_value());
    EXPECT_FALSE(rec.email.has_value());
    EXPECT_FALSE(rec.phone.has_value());
  }
  const TargetRecord& region = r.records[0];
  EXPECT_EQ(region.Key(), "region:11");
  EXPECT_EQ(region.name.value_or(""), "\xc3\x8ele-de-France");
  EXPECT_FALSE(region.department_code.has_value());  // empty cell
  EXPECT_EQ(region.population.value_or(0), 12463067);
}

TEST(CsvImportTest, FullFormatWithSemicolonsBomAndQuotes) {
  std::string content =
      "\xEF\xBB\xBF"
      "Kind;Code;Name;Department_Code;Population;EPCI_SIREN;Web_Domains;Email;Phone\r\n"
      "commune;78646;Versailles;78;83 583;200058519;\"http://www.Versailles.fr/ "
      "https://www.chateauversailles.fr\";Mairie@Versailles.FR;01 30 97 80 00\r\n"
      "epci;200058519;\"CA Versailles Grand Parc; VGP\";78;270000;;versailles-grand-parc.fr;;\r\n";
  CsvImport r = ParseTargetsCsv(content, "teams.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  EXPECT_EQ(r.separator, ';');
  ASSERT_EQ(r.records.size(), 2u);
  const TargetRecord& v = r.records[0];
  EXPECT_EQ(v.Key(), "commune:78646");
  EXPECT_EQ(v.origin, "teams.csv:2");
  EXPECT_EQ(v.population.value_or(0), 83583);
  EXPECT_EQ(v.epci_siren.value_or(""), "200058519");
  ASSERT_TRUE(v.domains.has_value());
  ASSERT_EQ(v.domains->size(), 2u);
  EXPECT_EQ((*v.domains)[0].domain, "versailles.fr");
  EXPECT_EQ((*v.domains)[0].web_host, "www.versailles.fr");
  EXPECT_EQ((*v.domains)[1].domain, "chateauversailles.fr");
  EXPECT_EQ(v.email.value_or(""), "Mairie@versailles.fr");
  EXPECT_EQ(v.phone.value_or(""), "01 30 97 80 00");
  const TargetRecord& e = r.records[1];
  EXPECT_EQ(e.name.value_or(""), "CA Versailles Grand Parc; VGP");
  EXPECT_FALSE(e.epci_siren.has_value());
  EXPECT_FALSE(e.email.has_value());
  ASSERT_TRUE(e.domains.has_value());
  EXPECT_EQ((*e.domains)[0].domain, "versailles-grand-parc.fr");
}

TEST(CsvImportTest, ColumnsInAnyOrderAndOnlyTheNeededOnes) {
  CsvImport r = ParseTargetsCsv(
      "email,code,kind\n"
      "contact@mairie-x.fr,77188,commune\n",
      "contacts.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].Key(), "commune:77188");
  EXPECT_EQ(r.records[0].email.value_or(""), "contact@mairie-x.fr");
  EXPECT_FALSE(r.records[0].name.has_value());
  EXPECT_FALSE(r.records[0].population.has_value());
}

TEST(CsvImportTest, PipeSeparatedDomainsAndDuplicatesCollapsed) {
  CsvImport r = ParseTargetsCsv(
      "kind,code,web_domains\n"
      "commune,77188,www.ville-x.fr|ville-x.fr | https://mairie-\xc3\xa9vry.fr\n",
      "d.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  const auto& domains = *r.records[0].domains;
  ASSERT_EQ(domains.size(), 2u);
  EXPECT_EQ(domains[0].domain, "ville-x.fr");
  EXPECT_EQ(domains[0].web_host, "www.ville-x.fr");
  EXPECT_EQ(domains[1].domain, "xn--mairie-vry-h7a.fr");
}

TEST(CsvImportTest, DashClearsContactFields) {
  CsvImport r = ParseTargetsCsv("kind,code,web_domains,email,phone\ncommune,77188,-,-,-\n", "c.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  const TargetRecord& rec = r.records[0];
  ASSERT_TRUE(rec.domains.has_value());
  EXPECT_TRUE(rec.domains->empty());
  EXPECT_EQ(rec.email.value_or("unset"), "");
  EXPECT_EQ(rec.phone.value_or("unset"), "");
}

TEST(CsvImportTest, CodesAreCanonicalAndKindsAcceptFrenchSpellings) {
  CsvImport r = ParseTargetsCsv(
      "kind,code,name\n"
      "commune,2a004,Ajaccio\n"
      "D\xc3\xa9partement,2b,Haute-Corse\n",
      "k.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  EXPECT_EQ(r.records[0].Key(), "commune:2A004");
  EXPECT_EQ(r.records[1].Key(), "departement:2B");
}

TEST(CsvImportTest, EveryMalformedRowIsReportedWithItsLine) {
  std::string content =
      "kind,code,name,department_code,population,epci_siren,web_domains,email,phone\n"
      "commune,78646,Versailles,78,83583,200058519,versailles.fr,mairie@versailles.fr,0130978000\n"
      "village,12345,Nowhere,78,10,,,,\n"                     // line 3: unknown kind
      "commune,7864,Short,78,10,,,,\n"                        // line 4: malformed code
      "epci,12345678,Short SIREN,78,10,,,,\n"                 // line 5: malformed SIREN
      "departement,780,Bad,,10,,,,\n"                         // line 6: malformed département
      "region,IDF,Bad,,10,,,,\n"                              // line 7: malformed région
      "commune,78000,Neg,78,-5,,,,\n"                         // line 8: negative population
      "commune,78001,NaN,78,many,,,,\n"                       // line 9: non-numeric population
      "commune,78002,BadDomain,78,1,,http://10.0.0.1/,,\n"    // line 10: IP literal
      "commune,78003,BadMail,78,1,,,mairie.at.x.fr,\n"        // line 11: e-mail without @
      "commune,78004,Short row,78\n"                          // line 12: column count
      "commune,78646,Versailles again,78,1,,,,\n"             // line 13: duplicate key
      "commune,92050,Wrong dep,78,1,,,,\n"                    // line 14: département mismatch
      "commune,78005,BadPhone,78,1,,,,call us\n";             // line 15: phone
  CsvImport r = ParseTargetsCsv(content, "bad.csv");
  EXPECT_TRUE(r.records.empty()) << "all or nothing: no record when any row is bad";
  EXPECT_EQ(r.problems.total(), 13u) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:3: unknown kind `village`")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:4: code `7864` is malformed")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:5: code `12345678` is malformed")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:6: code `780` is malformed")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:7: code `IDF` is malformed")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:8: population must not be negative")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:9: population `many` is not a whole number"))
      << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:10: web_domains:")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "IP address")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:11: email:")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:12: 4 fields, but the header has 9")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:13: duplicate commune:78646 (first at line 2)"))
      << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:14: department_code 78 does not match")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "bad.csv:15: phone:")) << AllProblems(r);
}

TEST(CsvImportTest, LineNumbersCountQuotedLineBreaks) {
  CsvImport r = ParseTargetsCsv(
      "kind,code,name\n"
      "commune,78646,\"Versailles\n(ville royale)\"\n"
      "commune,bad,X\n",
      "q.csv");
  // The multi-line name is refused (control character) at line 2, the bad code at line 4.
  EXPECT_TRUE(HasProblem(r, "q.csv:2: name contains a line break")) << AllProblems(r);
  EXPECT_TRUE(HasProblem(r, "q.csv:4: code `BAD` is malformed")) << AllProblems(r);
}

TEST(CsvImportTest, HeaderProblems) {
  CsvImport missing = ParseTargetsCsv("name,population\nVersailles,1\n", "h.csv");
  EXPECT_TRUE(HasProblem(missing, "h.csv:1: the header has no `kind` column")) << AllProblems(missing);
  EXPECT_TRUE(HasProblem(missing, "h.csv:1: the header has no `code` column"));

  CsvImport unknown = ParseTargetsCsv("kind,code,web_domain_s\ncommune,78646,x.fr\n", "h.csv");
  EXPECT_TRUE(HasProblem(unknown, "h.csv:1: unknown column `web_domain_s`")) << AllProblems(unknown);

  CsvImport twice = ParseTargetsCsv("kind,code,nom,name\ncommune,78646,a,b\n", "h.csv");
  EXPECT_TRUE(HasProblem(twice, "column name appears twice")) << AllProblems(twice);

  CsvImport empty = ParseTargetsCsv("", "h.csv");
  EXPECT_TRUE(HasProblem(empty, "h.csv: the file is empty"));

  CsvImport utf16 = ParseTargetsCsv(std::string("\xFF\xFEk\0", 4), "h.csv");
  EXPECT_TRUE(HasProblem(utf16, "UTF-16"));
}

TEST(CsvImportTest, CommentColumnsAndBlankRowsAreIgnored) {
  CsvImport r = ParseTargetsCsv(
      "kind;code;notes;\n"
      "commune;78646;called 2026-11-02;\n"
      ";;;\n"
      "\n",
      "n.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  EXPECT_EQ(r.records.size(), 1u);
}

TEST(CsvImportTest, Windows1252IsTranscoded) {
  CsvImport r = ParseTargetsCsv("kind;code;name\ncommune;91228;\xC9vry-Courcouronnes\n", "w.csv");
  ASSERT_TRUE(r.problems.empty()) << AllProblems(r);
  EXPECT_TRUE(r.transcoded_from_cp1252);
  EXPECT_EQ(r.records[0].name.value_or(""), "\xC3\x89vry-Courcouronnes");
}

TEST(CsvImportTest, ProblemsAreCappedInTheReport) {
  std::string content = "kind,code\n";
  for (int i = 0; i < 50; ++i) content += "commune,bad" + std::to_string(i) + "\n";
  CsvImport r = ParseTargetsCsv(content, "many.csv");
  EXPECT_EQ(r.problems.total(), 50u);
  std::string report = r.problems.Format(20);
  EXPECT_NE(report.find("many.csv:2:"), std::string::npos);
  EXPECT_NE(report.find("and 30 more problems"), std::string::npos);
  EXPECT_EQ(report.find("many.csv:22:"), std::string::npos);
}

}  // namespace
}  // namespace posture
