// The shapes of the Île-de-France communes and départements (built in from
// reports/data/communes-idf.map: projected to SVG pixels and simplified by
// reports/data/make_map.py; IGN Admin Express contours, Licence Ouverte),
// and the choropleth drawn from them.
//
// Thread-safety: IdfMap() parses once (static local); the rest is pure.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checks/catalogue.h"

namespace posture::reports {

struct MapShape {
  std::string code;        // INSEE code of the commune, or the département code
  std::string department;  // of a commune
  std::string path;        // SVG path data
};

struct MapShapes {
  int width = 0;
  int height = 0;
  std::vector<MapShape> communes;
  std::vector<MapShape> departements;
};

// Parses the text format of reports/data/communes-idf.map (lines that do
// not parse are skipped).
MapShapes ParseMapShapes(std::string_view text);
// The built-in map.
const MapShapes& IdfMap();
std::string_view EmbeddedMapData();  // the raw text (generated source)

// How one commune is drawn.
struct MapArea {
  std::string fill;    // colour, or "url(#hatch)"
  double opacity = 1;  // fill-opacity
  std::string title;   // plain text for the <title> (escaped when drawn)
  std::string href;    // link to the scorecard; empty: none
};

// The choropleth: every commune of `shapes` (class "commune", data-code),
// coloured from `areas` (by INSEE code; a commune missing there is drawn grey
// with `missing_title`), département borders on top, and the hatch pattern
// (id "hatch") used for opted-out communes.
std::string Choropleth(const MapShapes& shapes, const std::map<std::string, MapArea>& areas,
                       const std::string& missing_title, Lang lang);

}  // namespace posture::reports
