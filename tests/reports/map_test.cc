#include "reports/map.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "targets/csv_import.h"

namespace posture::reports {
namespace {

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(MapTest, EveryCommuneOfTheRegistryHasOneShape) {
  const MapShapes& m = IdfMap();
  EXPECT_EQ(m.width, 1000);
  EXPECT_GT(m.height, 700);
  ASSERT_EQ(m.communes.size(), 1266u);
  EXPECT_EQ(m.departements.size(), 8u);
  std::set<std::string> codes;
  for (const MapShape& s : m.communes) {
    codes.insert(s.code);
    EXPECT_EQ(s.code.substr(0, 2), s.department) << s.code;
    EXPECT_EQ(s.path[0], 'M');
  }
  EXPECT_EQ(codes.size(), 1266u);
  std::ifstream in(std::string(POSTURE_SOURCE_DIR) + "/targets/data/idf-collectivites.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  CsvImport csv = ParseTargetsCsv(ss.str(), "idf-collectivites.csv");
  ASSERT_TRUE(csv.problems.empty());
  std::set<std::string> registry;
  for (const TargetRecord& r : csv.records)
    if (r.kind == TargetKind::kCommune) registry.insert(r.code);
  EXPECT_EQ(codes, registry);
}

TEST(MapTest, ParserSkipsLinesThatAreNotShapes) {
  MapShapes m = ParseMapShapes(
      "viewbox\t10 20\ncommune\t1\t01\tM1 2l3 4z\ncommune\t2\t01\tM1 2<script>\njunk\n"
      "departement\t01\tM0 0l1 1z\n");
  EXPECT_EQ(m.width, 10);
  EXPECT_EQ(m.height, 20);
  ASSERT_EQ(m.communes.size(), 1u);  // the one with markup in its path is dropped
  EXPECT_EQ(m.departements.size(), 1u);
}

TEST(MapTest, ChoroplethColoursLinksAndEscapes) {
  MapShapes m = ParseMapShapes(
      "viewbox\t10 10\ncommune\t1\t01\tM1 1l1 1z\ncommune\t2\t01\tM2 2l1 1z\n"
      "commune\t3\t01\tM3 3l1 1z\n");
  std::map<std::string, MapArea> areas;
  areas["1"] = {"#1a7f3c", 1, "Bourg <script>x</script> — A (90,0)", "fiches/commune-1.html"};
  areas["2"] = {"url(#hatch)", 1, "Opposée", ""};
  std::string svg = Choropleth(m, areas, "absente", Lang::kFr);
  EXPECT_EQ(Count(svg, "class=\"commune\""), 3u);
  EXPECT_EQ(Count(svg, "<title>"), 4u);  // the map's own and one per commune
  EXPECT_NE(svg.find("<a href=\"fiches/commune-1.html\"><path class=\"commune\" data-code=\"1\""),
            std::string::npos);
  EXPECT_NE(svg.find("Bourg &lt;script&gt;x&lt;/script&gt; — A (90,0)"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"url(#hatch)\"><title>Opposée"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#d5d8dc\"><title>absente"), std::string::npos);
  EXPECT_NE(svg.find("<pattern id=\"hatch\""), std::string::npos);
}

}  // namespace
}  // namespace posture::reports
