#include "reports/map.h"

#include <cstdio>

#include "reports/text.h"

namespace posture::reports {
namespace {

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t tab = line.find('\t', pos);
    out.push_back(
        line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos));
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
  return out;
}

bool SafePath(std::string_view p) {
  // Path data is our own generated text; still, only path characters are drawn.
  for (char c : p)
    if (!((c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '-' || c == 'M' || c == 'l' ||
          c == 'z'))
      return false;
  return !p.empty();
}

}  // namespace

MapShapes ParseMapShapes(std::string_view text) {
  MapShapes out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    std::vector<std::string_view> f = Fields(line);
    if (f.size() == 2 && f[0] == "viewbox") {
      size_t sp = f[1].find(' ');
      if (sp == std::string_view::npos) continue;
      out.width = std::stoi(std::string(f[1].substr(0, sp)));
      out.height = std::stoi(std::string(f[1].substr(sp + 1)));
    } else if (f.size() == 4 && f[0] == "commune" && SafePath(f[3])) {
      out.communes.push_back({std::string(f[1]), std::string(f[2]), std::string(f[3])});
    } else if (f.size() == 3 && f[0] == "departement" && SafePath(f[2])) {
      out.departements.push_back({std::string(f[1]), "", std::string(f[2])});
    }
  }
  return out;
}

const MapShapes& IdfMap() {
  static const MapShapes kShapes = ParseMapShapes(EmbeddedMapData());
  return kShapes;
}

std::string Choropleth(const MapShapes& shapes, const std::map<std::string, MapArea>& areas,
                       const std::string& missing_title, Lang lang) {
  std::string out = "<svg id=\"map\" class=\"map\" role=\"img\" viewBox=\"0 0 " +
                    std::to_string(shapes.width) + " " + std::to_string(shapes.height) + "\">";
  out += "<title>" +
         std::string(Tr(lang, "Carte des communes colorées selon leur note",
                        "Map of the communes coloured by grade")) +
         "</title>";
  out +=
      "<defs><pattern id=\"hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#f3f3f3\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#7d848c\" "
      "stroke-width=\"1.6\"/></pattern></defs>";
  out += "<g stroke=\"#ffffff\" stroke-width=\"0.35\" stroke-linejoin=\"round\">";
  for (const MapShape& s : shapes.communes) {
    auto it = areas.find(s.code);
    const MapArea* a = it == areas.end() ? nullptr : &it->second;
    std::string fill = a ? a->fill : "#d5d8dc";
    std::string path = "<path class=\"commune\" data-code=\"" + Html(s.code) + "\" d=\"" + s.path +
                       "\" fill=\"" + Html(fill) + "\"";
    if (a && a->opacity < 1) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%.2f", a->opacity);
      path += std::string(" fill-opacity=\"") + buf + "\"";
    }
    path += "><title>" + Html(a ? a->title : missing_title) + "</title></path>";
    if (a && !a->href.empty())
      out += "<a href=\"" + Html(a->href) + "\">" + path + "</a>";
    else
      out += path;
  }
  out +=
      "</g><g fill=\"none\" stroke=\"#2b3036\" stroke-width=\"1.1\" stroke-linejoin=\"round\" "
      "pointer-events=\"none\">";
  for (const MapShape& s : shapes.departements)
    out += "<path class=\"dep\" data-code=\"" + Html(s.code) + "\" d=\"" + s.path + "\"/>";
  out += "</g></svg>";
  return out;
}

}  // namespace posture::reports
