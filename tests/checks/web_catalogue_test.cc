// Every web code has a catalogue entry with French and English texts, and
// every code the web checks emit is in the catalogue.
#include <gtest/gtest.h>

#include <set>

#include "checks/base/strings.h"
#include "checks/catalogue.h"
#include "checks/web/web_checks.h"
#include "tests/checks/web_builder_testlib.h"

namespace posture {
namespace {

using namespace webtest;

bool NonEmpty(const char* s) { return s != nullptr && std::string(s).size() > 10; }

TEST(WebCatalogueTest, EveryCheckHasACompleteEntry) {
  std::set<std::string> codes;
  for (const CheckInfo& c : WebChecks()) {
    EXPECT_TRUE(codes.insert(c.code).second) << "duplicate " << c.code;
    EXPECT_GE(c.version, 1);
    const CatalogueEntry* e = FindCatalogueEntry(c.code);
    ASSERT_NE(e, nullptr) << c.code;
    for (const char* text : {e->title_fr, e->title_en, e->explain_fr, e->explain_en,
                             e->remediation_fr, e->remediation_en, e->reference}) {
      EXPECT_TRUE(NonEmpty(text)) << c.code;
      EXPECT_EQ(SanitizeForDisplay(text, 1 << 20), std::string(text)) << c.code << ": not clean UTF-8";
    }
    EXPECT_NE(std::string(e->explain_fr), std::string(e->explain_en)) << c.code;
    std::string code = c.code;
    bool transport = code.rfind("WEB-HTTPS", 0) == 0 || code.rfind("WEB-HSTS", 0) == 0 ||
                     code.rfind("WEB-TLS", 0) == 0 || code.rfind("WEB-CERT", 0) == 0;
    EXPECT_EQ(e->category, transport ? Category::kWebTransport : Category::kWebHygiene) << code;
  }
  EXPECT_EQ(codes.size(), 19u);
  EXPECT_EQ(WebCatalogue().size(), WebChecks().size());
}

TEST(WebCatalogueTest, FrenchTextsAreFrench) {
  // Accented letters are expected in natural French prose.
  size_t with_accents = 0;
  for (const CatalogueEntry& e : WebCatalogue()) {
    std::string fr = std::string(e.explain_fr) + e.remediation_fr;
    if (fr.find("\xC3\xA9") != std::string::npos || fr.find("\xC3\xA8") != std::string::npos ||
        fr.find("\xC3\xA0") != std::string::npos)
      ++with_accents;
  }
  EXPECT_EQ(with_accents, WebCatalogue().size());
}

TEST(WebCatalogueTest, EveryEmittedCodeIsCatalogued) {
  // Run every check on a healthy site and on a broken one.
  TargetObservations broken = GoodSite();
  broken.tls.clear();
  broken.http.clear();
  for (const TargetObservations& obs : {GoodSite(), broken, TargetObservations{}}) {
    for (const CheckInfo& c : WebChecks())
      for (const Finding& f : RunCheck(c.code, obs)) {
        const CatalogueEntry* e = FindCatalogueEntry(f.code);
        ASSERT_NE(e, nullptr) << f.code;
        EXPECT_TRUE(NonEmpty(e->title(Lang::kFr)));
        EXPECT_TRUE(NonEmpty(e->remediation(Lang::kEn)));
        EXPECT_GT(CheckVersion(f.code), 0) << f.code;
      }
  }
}

}  // namespace
}  // namespace posture
