// The national directory importer (targets/annuaire.h), on a bulk-dump
// fixture (nested JSON, annexes, mairie déléguée, EPCI, département, région,
// a record outside the registry, irrelevant services) and an Opendatasoft
// API export fixture (nested fields as JSON-encoded strings).
#include "targets/annuaire.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace posture {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(POSTURE_SOURCE_DIR) + "/tests/targets/data/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A registry builder: the collectivities the fixtures name.
class RegistryBuilder {
 public:
  RegistryBuilder& Add(TargetKind kind, const std::string& code, const std::string& name) {
    Target t;
    t.kind = kind;
    t.code = code;
    t.name = name;
    targets_.push_back(t);
    return *this;
  }
  std::vector<Target> Build() const { return targets_; }

 private:
  std::vector<Target> targets_;
};

std::vector<Target> IdfRegistry() {
  return RegistryBuilder()
      .Add(TargetKind::kRegion, "11", "\xc3\x8ele-de-France")
      .Add(TargetKind::kDepartement, "78", "Yvelines")
      .Add(TargetKind::kEpci, "247800584", "CA Versailles Grand Parc (CAVGP)")
      .Add(TargetKind::kEpci, "200054781", "M\xc3\xa9tropole du Grand Paris")
      .Add(TargetKind::kCommune, "78646", "Versailles")
      .Add(TargetKind::kCommune, "77188", "Fontaine-le-Port")
      .Add(TargetKind::kCommune, "91228", "\xc3\x89vry-Courcouronnes")
      .Add(TargetKind::kCommune, "75056", "Paris")
      .Add(TargetKind::kCommune, "78297", "Guyancourt")
      .Add(TargetKind::kCommune, "93070", "Saint-Ouen-sur-Seine")
      .Build();
}

std::map<std::string, TargetRecord> ByKey(const AnnuaireMatch& m) {
  std::map<std::string, TargetRecord> out;
  for (const TargetRecord& r : m.records) out[r.Key()] = r;
  return out;
}

std::vector<std::string> DomainsOf(const TargetRecord& r) {
  std::vector<std::string> out;
  if (r.domains)
    for (const TargetDomain& d : *r.domains) out.push_back(d.domain);
  return out;
}

TEST(AnnuaireTest, ParsesBulkDumpAndKeepsCollectivityRecords) {
  auto doc = ParseAnnuaire(ReadFixture("annuaire-dump.json"), "dump.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->records_read, 12u);
  // The CCAS and the Paris arrondissement town hall are not collectivities.
  EXPECT_EQ(doc->records.size(), 10u);
  const AnnuaireRecord& annexe = doc->records[0];
  EXPECT_EQ(annexe.index, 1u);
  EXPECT_EQ(annexe.name, "Mairie annexe de Montreuil - Versailles");
  EXPECT_EQ(annexe.types, std::vector<std::string>{"mairie"});
  EXPECT_EQ(annexe.insee, "78646");
  EXPECT_EQ(annexe.postal_code, "78000");
  EXPECT_EQ(annexe.emails, std::vector<std::string>{"annexe.montreuil@versailles.fr"});
  EXPECT_TRUE(annexe.websites.empty());
  const AnnuaireRecord& epci = doc->records[5];
  EXPECT_EQ(epci.siren, "247800584");
}

TEST(AnnuaireTest, MatchesDumpAgainstRegistry) {
  auto doc = ParseAnnuaire(ReadFixture("annuaire-dump.json"), "dump.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  AnnuaireMatch m = MatchAnnuaire(*doc, IdfRegistry(), "dump.json");
  EXPECT_EQ(m.records_read, 12u);
  EXPECT_EQ(m.relevant, 10u);
  EXPECT_EQ(m.matched, 9u);
  EXPECT_EQ(m.unknown, 1u);  // Lyon
  // The Facebook page of Évry-Courcouronnes and the région's broken e-mail.
  EXPECT_EQ(m.skipped_values, 2u) << m.warnings.Format();
  auto by_key = ByKey(m);
  ASSERT_EQ(by_key.size(), 7u);

  // The main town hall wins over the annexe listed before it.
  const TargetRecord& versailles = by_key.at("commune:78646");
  EXPECT_EQ(DomainsOf(versailles), std::vector<std::string>{"versailles.fr"});
  EXPECT_EQ((*versailles.domains)[0].web_host, "www.versailles.fr");
  EXPECT_EQ(versailles.email.value_or(""), "Accueil.Mairie@versailles.fr");
  EXPECT_EQ(versailles.phone.value_or(""), "01 30 97 80 00");
  EXPECT_FALSE(versailles.name.has_value()) << "the directory never renames a collectivity";

  // "Mairie - Évry-Courcouronnes" wins over the mairie déléguée for the
  // website; its missing e-mail is taken from the next record.
  const TargetRecord& evry = by_key.at("commune:91228");
  EXPECT_EQ(DomainsOf(evry), std::vector<std::string>{"evry-courcouronnes.fr"});
  EXPECT_EQ(evry.email.value_or(""), "mairie.courcouronnes@evry-courcouronnes.fr");
  EXPECT_EQ(evry.phone.value_or(""), "01 60 91 63 00");

  EXPECT_EQ(DomainsOf(by_key.at("commune:77188")),
            std::vector<std::string>{"ville-fontaineleport.fr"});
  EXPECT_EQ(DomainsOf(by_key.at("epci:247800584")),
            std::vector<std::string>{"versaillesgrandparc.fr"});
  EXPECT_EQ(by_key.at("epci:247800584").email.value_or(""), "contact@agglovgp.fr");
  EXPECT_EQ(DomainsOf(by_key.at("departement:78")), std::vector<std::string>{"yvelines.fr"});
  EXPECT_FALSE(by_key.at("departement:78").email.has_value());
  const TargetRecord& region = by_key.at("region:11");
  EXPECT_EQ(DomainsOf(region), std::vector<std::string>{"iledefrance.fr"});
  EXPECT_FALSE(region.email.has_value());
  EXPECT_EQ(DomainsOf(by_key.at("commune:75056")), std::vector<std::string>{"paris.fr"});
  EXPECT_EQ(by_key.at("commune:75056").phone.value_or(""), "39 75");
}

TEST(AnnuaireTest, WarningsNameTheRecord) {
  auto doc = ParseAnnuaire(ReadFixture("annuaire-dump.json"), "dump.json");
  ASSERT_TRUE(doc.ok());
  AnnuaireMatch m = MatchAnnuaire(*doc, IdfRegistry(), "dump.json");
  std::string text = m.warnings.Format();
  EXPECT_NE(text.find("dump.json: record 5 (Mairie - \xc3\x89vry-Courcouronnes): site_internet:"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("shared platform"), std::string::npos) << text;
  EXPECT_NE(text.find("record 8 (Conseil r\xc3\xa9gional d'\xc3\x8ele-de-France): adresse_courriel"),
            std::string::npos)
      << text;
}

TEST(AnnuaireTest, ParsesApiExportWithJsonEncodedFields) {
  auto doc = ParseAnnuaire(ReadFixture("annuaire-api.json"), "api.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->records_read, 3u);
  ASSERT_EQ(doc->records.size(), 3u);
  EXPECT_EQ(doc->records[0].types, std::vector<std::string>{"mairie"});
  EXPECT_EQ(doc->records[0].websites,
            std::vector<std::string>{"http://www.Ville-Guyancourt.fr/accueil"});
  EXPECT_EQ(doc->records[0].emails, std::vector<std::string>{"Contact@Ville-Guyancourt.FR"});
  EXPECT_EQ(doc->records[0].phones, std::vector<std::string>{"01 30 48 33 33"});
  EXPECT_EQ(doc->records[0].postal_code, "78041");
  // No siren: the EPCI's SIREN is the start of its SIRET.
  EXPECT_EQ(doc->records[1].siren, "200054781");

  AnnuaireMatch m = MatchAnnuaire(*doc, IdfRegistry(), "api.json");
  EXPECT_EQ(m.matched, 3u);
  EXPECT_EQ(m.unknown, 0u);
  auto by_key = ByKey(m);
  const TargetRecord& g = by_key.at("commune:78297");
  ASSERT_TRUE(g.domains.has_value());
  EXPECT_EQ((*g.domains)[0].domain, "ville-guyancourt.fr");
  EXPECT_EQ((*g.domains)[0].web_host, "www.ville-guyancourt.fr");
  EXPECT_EQ(g.email.value_or(""), "Contact@ville-guyancourt.fr");
  EXPECT_EQ(DomainsOf(by_key.at("epci:200054781")),
            std::vector<std::string>{"metropolegrandparis.fr"});
  // Saint-Ouen: no website (null) leaves the domains unset, the e-mail is filled.
  const TargetRecord& so = by_key.at("commune:93070");
  EXPECT_FALSE(so.domains.has_value());
  EXPECT_EQ(so.email.value_or(""), "mairie@saint-ouen.fr");
}

TEST(AnnuaireTest, AcceptsResultsWrapper) {
  std::string wrapped = "{\"total_count\": 3, \"results\": " + ReadFixture("annuaire-api.json") + "}";
  auto doc = ParseAnnuaire(wrapped, "results.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->records_read, 3u);
  EXPECT_EQ(doc->records.size(), 3u);
}

TEST(AnnuaireTest, MalformedJsonGivesPosition) {
  auto doc = ParseAnnuaire("{\"service\": [\n  {\"nom\": \"Mairie - X\",}\n]}", "broken.json");
  ASSERT_FALSE(doc.ok());
  const std::string& m = doc.status().message();
  EXPECT_EQ(m.rfind("broken.json: invalid JSON", 0), 0u) << m;
  EXPECT_NE(m.find("line 2"), std::string::npos) << m;
  EXPECT_NE(m.find("column"), std::string::npos) << m;
  EXPECT_EQ(m.find("[json.exception"), std::string::npos) << m;
}

TEST(AnnuaireTest, TruncatedJsonIsAnError) {
  std::string dump = ReadFixture("annuaire-dump.json");
  auto doc = ParseAnnuaire(dump.substr(0, dump.size() / 2), "cut.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("invalid JSON"), std::string::npos);
}

TEST(AnnuaireTest, WrongShapeIsAnError) {
  for (const char* text : {"{\"foo\": 1}", "\"service\"", "42", "{\"service\": 3}"}) {
    auto doc = ParseAnnuaire(text, "shape.json");
    ASSERT_FALSE(doc.ok()) << text;
    EXPECT_NE(doc.status().message().find("shape.json: "), std::string::npos) << text;
  }
}

TEST(AnnuaireTest, ToleratesOddValues) {
  // Numbers for codes, a single object instead of a list, missing fields,
  // several e-mails in one string, non-object entries.
  auto doc = ParseAnnuaire(
      R"([
        {"nom": "Mairie - Versailles", "pivot": {"type_service_local": "mairie"},
         "code_insee_commune": 78646, "site_internet": {"valeur": "versailles.fr"},
         "adresse_courriel": "a@versailles.fr; b@versailles.fr", "telephone": [1, null]},
        {"nom": "Mairie sans pivot"},
        42,
        {"pivot": "not json", "nom": "x"}
      ])",
      "odd.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->records_read, 3u);  // 42 is not a record
  ASSERT_EQ(doc->records.size(), 1u);
  EXPECT_EQ(doc->records[0].insee, "78646");
  EXPECT_EQ(doc->records[0].emails, (std::vector<std::string>{"a@versailles.fr", "b@versailles.fr"}));
  AnnuaireMatch m = MatchAnnuaire(*doc, IdfRegistry(), "odd.json");
  auto by_key = ByKey(m);
  EXPECT_EQ(DomainsOf(by_key.at("commune:78646")), std::vector<std::string>{"versailles.fr"});
  EXPECT_EQ(by_key.at("commune:78646").email.value_or(""), "a@versailles.fr");
}

}  // namespace
}  // namespace posture
