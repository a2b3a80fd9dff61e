// posture report and posture export, end to end on the fixture database
// (tests/cli/report_fixture_testlib.h): golden files for every document,
// regenerated only with POSTURE_UPDATE_GOLDEN=1, and the safety properties
// that must hold whatever the golden files say: no external fetch, hostile
// strings inert in HTML and neutralised in CSV, clear errors.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/cli/cli.h"
#include "tests/cli/report_fixture_testlib.h"

namespace posture {
namespace {

using testing::kHostileFormula;
using testing::kHostileScript;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

struct RunResult {
  int code;
  std::string out, err;
};

// Runs `posture --db DB --now NOW ARGS...` in process.
RunResult Posture(const std::string& db, std::vector<std::string> args,
                  const std::string& lang = "fr") {
  std::vector<std::string> all = {
      "posture", "--db", db,         "--now",    testing::kReportFixtureNow,
      "--lang",  lang,   "--config", "/dev/null"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  std::stringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  int code = cli::Run(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

// The map's path data is the built-in shapes (tested in tests/reports);
// golden files keep the structure, not 300 KB of coordinates.
std::string WithoutShapes(std::string html) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t p = html.find(" d=\"M", pos);
    if (p == std::string::npos) break;
    size_t end = html.find('"', p + 4);
    out.append(html, pos, p - pos);
    out += " d=\"…\"";
    pos = end + 1;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(POSTURE_SOURCE_DIR) + "/tests/cli/golden/" + name;
  const char* update = ::getenv("POSTURE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(Exists(path)) << path << " is missing; run with POSTURE_UPDATE_GOLDEN=1 to create it";
  std::string expected = Read(path);
  if (expected == actual) return;
  // Name the first differing line.
  std::istringstream a(actual), e(expected);
  std::string la, le;
  int line = 1;
  while (std::getline(e, le)) {
    if (!std::getline(a, la) || la != le) break;
    ++line;
  }
  ADD_FAILURE() << name << " differs from the golden file at line " << line
                << "\n  expected: " << le.substr(0, 300) << "\n  actual:   " << la.substr(0, 300)
                << "\n(if the change is intended: POSTURE_UPDATE_GOLDEN=1)";
}

class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/posture-report-test-XXXXXX";
    dir_ = new std::string(::mkdtemp(tmpl));
    db_ = new std::string(*dir_ + "/posture.db");
    Status s = testing::BuildReportFixture(*db_);
    ASSERT_TRUE(s.ok()) << s.message();
    // A page left by an earlier run, for a collectivity that has no page any more.
    ASSERT_EQ(::system(("mkdir -p " + *dir_ + "/region/fiches && touch " + *dir_ +
                        "/region/fiches/commune-77015.html")
                           .c_str()),
              0);
    for (const auto& [lang, sub] :
         {std::pair<std::string, std::string>{"fr", "region"}, {"en", "region-en"}}) {
      RunResult r = Posture(*db_,
                            {"report", "region", "--out", *dir_ + "/" + sub, "--contact-url",
                             "https://csirt.example.fr/posture"},
                            lang);
      ASSERT_EQ(r.code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() {
    if (!::getenv("POSTURE_KEEP_REPORTS")) {
      ASSERT_EQ(::system(("rm -rf " + *dir_).c_str()), 0);
    }
    delete dir_;
    delete db_;
  }
  static std::string Path(const std::string& rel) { return *dir_ + "/" + rel; }
  static std::string* dir_;
  static std::string* db_;
};
std::string* ReportTest::dir_ = nullptr;
std::string* ReportTest::db_ = nullptr;

// Every HTML file the region command wrote (French and English).
std::vector<std::string> HtmlFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::string cmd = "find " + dir + " -name '*.html' | sort";
  FILE* p = ::popen(cmd.c_str(), "r");
  char line[4096];
  while (p && std::fgets(line, sizeof line, p)) {
    std::string s = line;
    if (!s.empty() && s.back() == '\n') s.pop_back();
    out.push_back(s);
  }
  if (p) ::pclose(p);
  return out;
}

TEST_F(ReportTest, RegionWritesTheDashboardScorecardsMethodAndRemediation) {
  for (const char* f : {"region/index.html", "region/methode.html", "region/remediation.html",
                        "region/fiches/commune-78646.html", "region/fiches/commune-77009.html",
                        "region/remediation/commune-93066.html", "region-en/index.html"})
    EXPECT_TRUE(Exists(Path(f))) << f;
  // No page for the opted-out collectivity (the stale one was removed), nor
  // for the one never scanned.
  EXPECT_FALSE(Exists(Path("region/fiches/commune-77015.html")));
  EXPECT_FALSE(Exists(Path("region/fiches/commune-78007.html")));
  // Member pages only for the called group.
  EXPECT_FALSE(Exists(Path("region/remediation/commune-78551.html")));
}

TEST_F(ReportTest, GoldenRegion) {
  ExpectGolden("index.fr.html", WithoutShapes(Read(Path("region/index.html"))));
  ExpectGolden("index.en.html", WithoutShapes(Read(Path("region-en/index.html"))));
  ExpectGolden("methode.fr.html", Read(Path("region/methode.html")));
  ExpectGolden("fiche-78551.fr.html", Read(Path("region/fiches/commune-78551.html")));
  ExpectGolden("fiche-77009.fr.html", Read(Path("region/fiches/commune-77009.html")));
  ExpectGolden("fiche-78297.fr.html", Read(Path("region/fiches/commune-78297.html")));
  ExpectGolden("fiche-78005.en.html", Read(Path("region-en/fiches/commune-78005.html")));
  ExpectGolden("remediation.fr.html", Read(Path("region/remediation.html")));
  ExpectGolden("remediation-93066.fr.html", Read(Path("region/remediation/commune-93066.html")));
  ExpectGolden("remediation-93066.en.html", Read(Path("region-en/remediation/commune-93066.html")));
}

TEST_F(ReportTest, GoldenStandaloneScorecardAndRemediation) {
  RunResult r = Posture(*db_, {"report", "scorecard", "93066", "--out", Path("sd.html")}, "en");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string html = Read(Path("sd.html"));
  ExpectGolden("scorecard-93066.en.html", html);
  // Standalone: the method is in the page, and the link points to it.
  EXPECT_NE(html.find("id=\"methode\""), std::string::npos);
  EXPECT_NE(html.find("href=\"#methode\""), std::string::npos);

  r = Posture(
      *db_, {"report", "remediation", testing::kReportFixtureCohort, "--out", Path("rem/s1.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Exists(Path("rem/s1/commune-93066.html")));
  std::string rem = Read(Path("rem/s1.html"));
  EXPECT_NE(rem.find("href=\"s1/commune-93066.html\""), std::string::npos);
}

TEST_F(ReportTest, GoldenExports) {
  struct Case {
    std::vector<std::string> args;
    const char* golden;
  };
  std::vector<Case> cases = {
      {{"export", "outreach", testing::kReportFixtureCohort, "--csv"}, "outreach.csv"},
      {{"export", "outreach", testing::kReportFixtureCohort, "--csv", "--dialect", "rfc4180"},
       "outreach-rfc4180.csv"},
      {{"export", "findings", "--format", "csv"}, "findings.csv"},
      {{"export", "findings", "--format", "json"}, "findings.json"},
      {{"export", "scores"}, "scores.csv"},
      {{"export", "scores", "--format", "json"}, "scores.json"},
  };
  for (const Case& c : cases) {
    RunResult r = Posture(*db_, c.args);
    ASSERT_EQ(r.code, 0) << c.golden << ": " << r.err;
    ExpectGolden(c.golden, r.out);
  }
}

// ---- Safety -----------------------------------------------------------------------

TEST_F(ReportTest, HtmlFetchesNothingFromOutside) {
  std::vector<std::string> files = HtmlFiles(*dir_);
  ASSERT_GT(files.size(), 20u);
  const std::regex href("<([a-zA-Z]+)[^>]*\\shref=\"([^\"]*)\"");
  const std::regex tag("<[a-zA-Z][^>]*>");
  for (const std::string& f : files) {
    std::string html = Read(f);
    SCOPED_TRACE(f);
    // Only markup can fetch: look at the tags and the style sheets, not at
    // the (escaped) text, which may well say "src=" or "url(".
    std::string markup;
    for (std::sregex_iterator it(html.begin(), html.end(), tag), end; it != end; ++it)
      markup += it->str() + "\n";
    for (size_t p = html.find("<style>"); p != std::string::npos; p = html.find("<style>", p + 1))
      markup += html.substr(p, html.find("</style>", p) - p);
    EXPECT_FALSE(std::regex_search(markup, std::regex("\\ssrc\\s*=", std::regex::icase))) << f;
    for (const char* t : {"<link", "<img", "<iframe", "<object", "<embed", "<base", "@import",
                          "<meta http-equiv=\"refresh"})
      EXPECT_EQ(markup.find(t), std::string::npos) << t;
    // url() only for in-page references (the hatch pattern).
    for (size_t p = markup.find("url("); p != std::string::npos; p = markup.find("url(", p + 1))
      EXPECT_EQ(markup.compare(p, 5, "url(#"), 0) << markup.substr(p, 40);
    // Links: plain <a> only; relative, in-page, or https/mailto for people to click.
    for (std::sregex_iterator it(html.begin(), html.end(), href), end; it != end; ++it) {
      EXPECT_EQ((*it)[1].str(), "a") << (*it)[0].str();
      std::string target = (*it)[2].str();
      EXPECT_EQ(target.find("//"), target.rfind("https://", 0) == 0 ? 6u : std::string::npos)
          << target;
      EXPECT_EQ(target.find("javascript:"), std::string::npos) << target;
    }
    // The page forbids any fetch even if something slipped through.
    EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"),
              std::string::npos);
  }
}

TEST_F(ReportTest, HostileStringsAreInertInHtml) {
  std::vector<std::string> files = HtmlFiles(*dir_);
  int escaped_seen = 0;
  for (const std::string& f : files) {
    std::string html = Read(f);
    SCOPED_TRACE(f);
    EXPECT_EQ(html.find(kHostileScript), std::string::npos);
    EXPECT_EQ(html.find("<img src=x"), std::string::npos);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    // Our own script is the only one, on the dashboard.
    size_t scripts = 0;
    for (size_t p = html.find("<script"); p != std::string::npos; p = html.find("<script", p + 1))
      ++scripts;
    EXPECT_EQ(scripts, f.size() >= 10 && f.compare(f.size() - 10, 10, "index.html") == 0 ? 1u : 0u);
    if (html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos) ++escaped_seen;
  }
  EXPECT_GT(escaped_seen, 5);  // the name of 93066 and the evidence of 78551, shown as text
  std::string sg = Read(Path("region/fiches/commune-78551.html"));
  EXPECT_NE(sg.find("Server: &lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);  // Server header
  EXPECT_NE(sg.find("CN=&lt;script&gt;alert(1)&lt;/script&gt;.saint-germain.example"),
            std::string::npos);
  EXPECT_NE(sg.find("=cmd|&#39; /C calc&#39;!A0"), std::string::npos);  // the TXT record
  std::string gu = Read(Path("region/fiches/commune-78297.html"));
  EXPECT_NE(gu.find("&lt;img src=x onerror=alert(1)&gt; migration"),
            std::string::npos);  // explanation
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text, char sep) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        cell += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      rows.back().push_back(cell), cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(cell), cell.clear();
      rows.emplace_back();
      ++i;
    } else {
      cell += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// A cell a spreadsheet would run: starts with = + @ tab CR, or - unless it
// is a number we wrote.
bool Dangerous(const std::string& cell) {
  static const std::regex number("-?[0-9]+([.,][0-9]+)?");
  if (cell.empty()) return false;
  char c = cell[0];
  if (c == '=' || c == '+' || c == '@' || c == '\t' || c == '\r') return true;
  return c == '-' && !std::regex_match(cell, number);
}

TEST_F(ReportTest, CsvCellsCannotRunAsFormulas) {
  for (const auto& [args, sep] : std::vector<std::pair<std::vector<std::string>, char>>{
           {{"export", "outreach", testing::kReportFixtureCohort}, ';'},
           {{"export", "outreach", testing::kReportFixtureCohort, "--dialect", "rfc4180"}, ','},
           {{"export", "findings"}, ','},
           {{"export", "scores", "--dialect", "excel"}, ';'}}) {
    RunResult r = Posture(*db_, args);
    ASSERT_EQ(r.code, 0) << r.err;
    auto rows = ParseCsv(r.out, sep);
    ASSERT_GT(rows.size(), 2u);
    size_t width = rows[0].size();
    bool saw_formula_name = false;
    for (const auto& row : rows) {
      EXPECT_EQ(row.size(), width);
      for (const std::string& cell : row) {
        EXPECT_FALSE(Dangerous(cell)) << "cell `" << cell << "` of " << args[1];
        if (cell == std::string("'") + kHostileFormula) saw_formula_name = true;
      }
    }
    EXPECT_TRUE(saw_formula_name) << args[1];
  }
}

TEST_F(ReportTest, OutreachIsExcelFriendlyByDefault) {
  RunResult excel = Posture(*db_, {"export", "outreach", testing::kReportFixtureCohort, "--csv"});
  ASSERT_EQ(excel.code, 0) << excel.err;
  EXPECT_EQ(excel.out.compare(0, 3, "\xEF\xBB\xBF"), 0);  // BOM
  auto rows = ParseCsv(excel.out, ';');
  ASSERT_EQ(rows.size(), 4u);  // header + the 3 called members
  EXPECT_EQ(rows[0][0], "rang");
  EXPECT_EQ(rows[2][1], std::string("'") + kHostileFormula);
  EXPECT_EQ(rows[2][5], "54,0");                       // decimal comma
  EXPECT_EQ(rows[2][9], "'-1+1");                      // phone
  EXPECT_EQ(rows[2][10].rfind("'=HYPERLINK", 0), 0u);  // e-mail
  EXPECT_FALSE(rows[2][6].empty());                    // a problem in plain words
  RunResult plain =
      Posture(*db_, {"export", "outreach", testing::kReportFixtureCohort, "--dialect", "rfc4180"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_NE(plain.out.compare(0, 3, "\xEF\xBB\xBF"), 0);
  auto prow = ParseCsv(plain.out, ',');
  EXPECT_EQ(prow[2][5], "54.0");
}

TEST_F(ReportTest, JsonExportsFollowTheDocumentedSchema) {
  RunResult f = Posture(*db_, {"export", "findings", "--format", "json"});
  ASSERT_EQ(f.code, 0) << f.err;
  auto j = nlohmann::json::parse(f.out);
  EXPECT_EQ(j["format"], "posture-findings/1");
  EXPECT_EQ(j["day"], "2026-06-30");
  bool seen = false;
  for (const auto& c : j["collectivities"]) {
    for (const char* k : {"key", "kind", "code", "name", "department", "population", "domains",
                          "scan_day", "findings"})
      EXPECT_TRUE(c.contains(k)) << k;
    EXPECT_NE(c["key"], "commune:77015");  // opted out
    for (const auto& x : c["findings"])
      if (x["evidence"] == std::string("Server: ") + kHostileScript)
        seen = true;  // verbatim, as data
  }
  EXPECT_TRUE(seen);
  RunResult s = Posture(*db_, {"export", "scores", "--format", "json"});
  ASSERT_EQ(s.code, 0) << s.err;
  auto k = nlohmann::json::parse(s.out);
  EXPECT_EQ(k["format"], "posture-scores/1");
  int ranked = 0;
  for (const auto& c : k["collectivities"]) {
    if (c["key"] == "commune:77015") {
      EXPECT_TRUE(c["opted_out"].get<bool>());
      EXPECT_TRUE(c["score"].is_null());
    }
    if (c["key"] == "commune:78005") {
      EXPECT_TRUE(c["provisional"].get<bool>());
    }
    if (!c["rank"].is_null()) ++ranked;
  }
  EXPECT_EQ(ranked, 10);
}

TEST_F(ReportTest, ErrorsSayWhatIsWrongAndWhatToDo) {
  RunResult r = Posture(*db_, {"report", "scorecard", "99999", "--out", Path("x.html")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no collectivity `99999`"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("posture targets list"), std::string::npos) << r.err;
  r = Posture(*db_, {"report", "scorecard", "77015", "--out", Path("x.html")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("opted out"), std::string::npos) << r.err;
  r = Posture(*db_, {"report", "scorecard", "78007", "--out", Path("x.html")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("posture scan --target commune:78007"), std::string::npos) << r.err;
  EXPECT_FALSE(Exists(Path("x.html")));
  r = Posture(*db_, {"report", "remediation", "2030-S9"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no cohort named 2030-S9"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("posture cohort list"), std::string::npos) << r.err;
  r = Posture(*db_, {"export", "outreach", "2030-S9"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("posture cohort list"), std::string::npos) << r.err;
  r = Posture(*db_, {"export", "scores", "--format", "xml"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--format must be csv or json"), std::string::npos) << r.err;
  r = Posture(*db_, {"report", "region"});
  EXPECT_EQ(r.code, 2);
}

TEST_F(ReportTest, HelpListsTheCommands) {
  RunResult r = Posture(*db_, {"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("\n  report "), std::string::npos);
  EXPECT_NE(r.out.find("\n  export "), std::string::npos);
}

}  // namespace
}  // namespace posture
