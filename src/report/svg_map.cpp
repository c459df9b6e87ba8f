#include "report/svg_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "geom/clip.hpp"
#include "session/area_report_format.hpp"

namespace jigu::report {

namespace {

constexpr double kMapWidthPx = 720.0;
constexpr const char* kFont = "'Noto Sans CJK KR','Noto Sans KR','Malgun Gothic',sans-serif";

bool box_empty(const Box& b) {
  return !(b.min.x <= b.max.x && b.min.y <= b.max.y);
}

bool boxes_meet(const Box& a, const Box& b) {
  return !(a.max.x < b.min.x || a.min.x > b.max.x || a.max.y < b.min.y || a.min.y > b.max.y);
}

// Grows a box so that its height is between `min_aspect` and `max_aspect` times its width,
// keeping its centre: maps keep a sensible shape without distorting the world.
Box shaped(Box b, double min_aspect, double max_aspect) {
  const double w = b.max.x - b.min.x;
  const double h = b.max.y - b.min.y;
  if (h > w * max_aspect) {
    const double grow = (h / max_aspect - w) / 2.0;
    b.min.x -= grow;
    b.max.x += grow;
  } else if (h < w * min_aspect) {
    const double grow = (w * min_aspect - h) / 2.0;
    b.min.y -= grow;
    b.max.y += grow;
  }
  return b;
}

std::string scale_label(double metres) {
  if (metres >= 1000.0) return fmt::format("{:g} km", metres / 1000.0);
  return fmt::format("{:g} m", metres);
}

// A scale bar at the lower left of the map area: four alternating segments, labelled.
std::string scale_bar(const MapFrame& frame) {
  const double length_m = scale_bar_length_m(frame.width_px * 0.28 / frame.px_per_m);
  const double length_px = length_m * frame.px_per_m;
  const double x0 = frame.left_px + 14.0;
  const double y0 = frame.top_px + frame.height_px - 16.0;
  std::string s = "<g class=\"scale-bar\">";
  s += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"30\" fill=\"#ffffff\" "
      "fill-opacity=\"0.85\"/>",
      x0 - 8.0, y0 - 20.0, length_px + 40.0);
  for (int i = 0; i < 4; ++i) {
    s += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"5\" fill=\"{}\" "
        "stroke=\"#000000\" stroke-width=\"0.8\"/>",
        x0 + i * length_px / 4.0, y0, length_px / 4.0, i % 2 ? "#ffffff" : "#000000");
  }
  s += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">0</text>", x0,
      y0 - 4.0);
  s += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
      x0 + length_px / 2.0, y0 - 4.0, scale_label(length_m / 2.0));
  s += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
      x0 + length_px, y0 - 4.0, scale_label(length_m));
  return s + "</g>";
}

// A north arrow at the upper right (grid north of the working CRS is up).
std::string north_arrow(const MapFrame& frame) {
  const double cx = frame.left_px + frame.width_px - 26.0;
  const double top = frame.top_px + 12.0;
  return fmt::format(
      "<g class=\"north-arrow\"><circle cx=\"{0:.1f}\" cy=\"{1:.1f}\" r=\"17\" fill=\"#ffffff\" "
      "fill-opacity=\"0.85\"/>"
      "<path d=\"M{0:.1f} {2:.1f} L{3:.1f} {4:.1f} L{0:.1f} {5:.1f} Z\" fill=\"#000000\"/>"
      "<path d=\"M{0:.1f} {2:.1f} L{6:.1f} {4:.1f} L{0:.1f} {5:.1f} Z\" fill=\"#ffffff\" "
      "stroke=\"#000000\" stroke-width=\"0.8\"/>"
      "<text x=\"{0:.1f}\" y=\"{7:.1f}\" font-size=\"11\" font-weight=\"bold\" "
      "text-anchor=\"middle\">N</text></g>",
      cx, top + 22.0, top + 10.0, cx + 6.0, top + 34.0, top + 29.0, cx - 6.0, top + 9.5);
}

// A label with a white box behind it, at the upper left of the map area.
std::string title_box(const MapFrame& frame, const std::string& title) {
  const double font = 14.0;
  const double width = text_width_em(title) * font + 14.0;
  return fmt::format(
      "<g class=\"map-title\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"24\" "
      "fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#333333\" stroke-width=\"0.6\"/>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" font-weight=\"bold\">{}</text></g>",
      frame.left_px + 8.0, frame.top_px + 8.0, width, frame.left_px + 15.0, frame.top_px + 25.0,
      font, escape_xml(title));
}

struct LegendEntry {
  std::string kind;  ///< "fill", "outline", "parcel", "faded"
  std::string colour;
  std::string text;
};

// The legend below the map area, in two columns; returns the SVG and its height.
std::pair<std::string, double> legend(const std::vector<LegendEntry>& entries, double top) {
  const double row_h = 19.0;
  const double col_w = kMapWidthPx / 2.0;
  const std::size_t rows = (entries.size() + 1) / 2;
  std::string s = fmt::format(
      "<g class=\"legend\"><text x=\"10\" y=\"{:.1f}\" font-size=\"11\" "
      "font-weight=\"bold\">Legend</text>",
      top + 14.0);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const double x = 10.0 + static_cast<double>(i / rows) * col_w;
    const double y = top + 22.0 + static_cast<double>(i % rows) * row_h;
    if (e.kind == "fill") {
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"22\" height=\"13\" fill=\"{}\" "
          "stroke=\"#666666\" stroke-width=\"0.6\"/>",
          x, y, e.colour);
    } else if (e.kind == "outline") {
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"22\" height=\"13\" fill=\"none\" "
          "stroke=\"#111111\" stroke-width=\"2.2\"/>",
          x + 1.0, y + 1.0);
    } else if (e.kind == "parcel") {
      s += fmt::format(
          "<path d=\"M{0:.1f} {1:.1f} H{2:.1f} V{3:.1f} H{0:.1f} Z M{4:.1f} {1:.1f} V{3:.1f}\" "
          "fill=\"#ffffff\" stroke=\"#555555\" stroke-width=\"0.6\"/>",
          x, y, x + 22.0, y + 13.0, x + 11.0);
    } else {  // faded
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"22\" height=\"13\" fill=\"{}\" "
          "fill-opacity=\"0.35\" stroke=\"#999999\" stroke-width=\"0.6\"/>",
          x, y, e.colour);
    }
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>", x + 30.0,
                     y + 11.0, escape_xml(e.text));
  }
  s += "</g>";
  return {s, 28.0 + static_cast<double>(rows) * row_h};
}

void append_ring(std::string& out, const Ring& ring, const MapFrame& frame) {
  long last_x = 0, last_y = 0;
  bool first = true;
  std::size_t written = 0;
  // The closing point repeats the first; "Z" closes the ring.
  const std::size_t n =
      ring.size() > 1 && ring.front() == ring.back() ? ring.size() - 1 : ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point p = frame.to_px(ring[i]);
    const long x = std::lround(p.x * 10.0);
    const long y = std::lround(p.y * 10.0);
    if (!first && x == last_x && y == last_y) continue;
    fmt::format_to(std::back_inserter(out), "{}{:.1f} {:.1f}", first ? "M" : "L", x / 10.0,
                   y / 10.0);
    first = false;
    last_x = x;
    last_y = y;
    ++written;
  }
  if (written > 0) out += "Z";
}

// The zoning of the frame: one path per zoning polygon, clipped to the frame.
std::string zoning_layer(const AreaReport& report, const MapFrame& frame) {
  std::string s = "<g class=\"zoning\" stroke=\"#ffffff\" stroke-width=\"0.7\">";
  for (const auto& z : report.zoning_shapes) {
    if (!boxes_meet(envelope(z.geometry), frame.world)) continue;
    const Geometry clipped = geom::clip_to_box(z.geometry, frame.world);
    if (clipped.empty()) continue;
    s += fmt::format("<path fill=\"{}\" d=\"{}\"/>", zone_colour(z.code), svg_path(clipped, frame));
  }
  return s + "</g>";
}

// Fades everything outside the outlines: the frame with the outlines cut out (even-odd).
std::string fade_outside(const std::vector<const Geometry*>& outlines, const MapFrame& frame) {
  std::string d =
      fmt::format("M{0:.1f} {1:.1f} H{2:.1f} V{3:.1f} H{0:.1f} Z", frame.left_px, frame.top_px,
                  frame.left_px + frame.width_px, frame.top_px + frame.height_px);
  for (const Geometry* g : outlines) d += svg_path(*g, frame);
  return fmt::format(
      "<path class=\"fade\" fill=\"#ffffff\" fill-opacity=\"0.65\" fill-rule=\"evenodd\" "
      "d=\"{}\"/>",
      d);
}

std::string outline(const Geometry& g, const MapFrame& frame) {
  const std::string d = svg_path(g, frame);
  return fmt::format(
      "<path fill=\"none\" stroke=\"#ffffff\" stroke-width=\"4.5\" stroke-linejoin=\"round\" "
      "d=\"{0}\"/><path class=\"district-outline\" fill=\"none\" stroke=\"#111111\" "
      "stroke-width=\"2.2\" stroke-linejoin=\"round\" d=\"{0}\"/>",
      d);
}

std::string open_svg(const std::string& css_class, const std::string& id, double height,
                     const std::string& label) {
  return fmt::format(
      "<svg class=\"{}\" id=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} "
      "{:.1f}\" width=\"{:.0f}\" height=\"{:.1f}\" role=\"img\" aria-label=\"{}\" "
      "font-family=\"{}\"><title>{}</title>",
      css_class, id, kMapWidthPx, height, kMapWidthPx, height, escape_xml(label), kFont,
      escape_xml(label));
}

std::vector<LegendEntry> zone_entries(const std::vector<ReportZoneRow>& rows) {
  std::vector<LegendEntry> entries;
  for (const auto& z : rows) {
    entries.push_back({"fill", z.code.empty() ? "#ffffff" : z.colour,
                       zone_label(z) + "  " + percent_of_share(z.share)});
  }
  return entries;
}

}  // namespace

MapFrame fit_frame(const Box& box, double width_px, double margin) {
  Box b = box;
  if (box_empty(b)) b = Box{{0, 0}, {1, 1}};
  const double pad = margin * std::max({b.max.x - b.min.x, b.max.y - b.min.y, 1.0});
  b.min.x -= pad;
  b.min.y -= pad;
  b.max.x += pad;
  b.max.y += pad;
  MapFrame f;
  f.world = b;
  f.width_px = width_px;
  f.px_per_m = width_px / (b.max.x - b.min.x);
  f.height_px = (b.max.y - b.min.y) * f.px_per_m;
  return f;
}

double scale_bar_length_m(double max_m) {
  if (!(max_m > 0.0)) return 1.0;
  const double base = std::pow(10.0, std::floor(std::log10(max_m)));
  for (double step : {5.0, 2.0, 1.0}) {
    if (step * base <= max_m) return step * base;
  }
  return base;
}

std::string svg_path(const Geometry& geometry, const MapFrame& frame) {
  std::string out;
  if (geometry.kind != GeometryKind::Polygons) return out;
  for (const auto& polygon : geometry.polygons) {
    append_ring(out, polygon.outer, frame);
    for (const auto& hole : polygon.holes) append_ring(out, hole, frame);
  }
  return out;
}

std::string district_map_svg(const AreaReport& report, std::size_t index) {
  const ReportDistrict& d = report.districts.at(index);
  const Box world = shaped(envelope(d.outline), 0.55, 1.0);
  const MapFrame frame = fit_frame(world, kMapWidthPx, 0.07);
  const std::string id = fmt::format("map-{}", index);

  std::vector<LegendEntry> entries = zone_entries(d.zoning);
  entries.push_back({"outline", "", "district boundary"});
  if (!d.map.parcels.empty()) {
    entries.push_back(
        {"parcel", "", d.map.parcels_truncated ? "parcels (some left out)" : "parcel"});
  }
  entries.push_back({"faded", "#bbbbbb", "outside the district (faded)"});
  const auto [legend_svg, legend_h] = legend(entries, frame.height_px + 4.0);

  std::string s = open_svg("map district-map", id, frame.height_px + 4.0 + legend_h,
                           "map of " + d.name + " (" + d.id + ")");
  s += fmt::format(
      "<defs><clipPath id=\"{0}-frame\"><rect x=\"0\" y=\"0\" width=\"{1:.1f}\" "
      "height=\"{2:.1f}\"/></clipPath></defs>",
      id, frame.width_px, frame.height_px);
  s += fmt::format("<g clip-path=\"url(#{}-frame)\">", id);
  s += fmt::format("<rect width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#f4f4f1\"/>", frame.width_px,
                   frame.height_px);
  s += zoning_layer(report, frame);
  if (!d.map.parcels.empty()) {
    std::string parcels;
    for (const auto& p : d.map.parcels) parcels += svg_path(p, frame);
    s += "<path class=\"parcels\" fill=\"none\" stroke=\"#4d4d4d\" stroke-width=\"0.4\" "
         "stroke-opacity=\"0.75\" d=\"" +
         parcels + "\"/>";
  }
  s += fade_outside({&d.outline}, frame);
  s += outline(d.outline, frame);
  s += "</g>";
  s += fmt::format(
      "<rect x=\"0.5\" y=\"0.5\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#333333\" stroke-width=\"1\"/>",
      frame.width_px - 1.0, frame.height_px - 1.0);
  s += title_box(frame, d.name);
  s += north_arrow(frame);
  s += scale_bar(frame);
  s += legend_svg;
  return s + "</svg>";
}

std::string overview_map_svg(const AreaReport& report) {
  const Box world = shaped(report.extent, 0.42, 1.0);
  const MapFrame frame = fit_frame(world, kMapWidthPx, 0.06);
  std::vector<LegendEntry> entries = zone_entries(report.workspace.zoning);
  for (auto& e : entries) {
    // Workspace shares are of all districts together: say so.
    e.text += " of the districts";
  }
  entries.push_back({"outline", "", "district boundary"});
  entries.push_back({"faded", "#bbbbbb", "outside the districts (faded)"});
  const auto [legend_svg, legend_h] = legend(entries, frame.height_px + 4.0);

  std::string s = open_svg("map overview-map", "map-overview", frame.height_px + 4.0 + legend_h,
                           "overview map of the districts of " + report.workspace_name);
  s += fmt::format(
      "<defs><clipPath id=\"map-overview-frame\"><rect x=\"0\" y=\"0\" width=\"{:.1f}\" "
      "height=\"{:.1f}\"/></clipPath></defs><g clip-path=\"url(#map-overview-frame)\">",
      frame.width_px, frame.height_px);
  s += fmt::format("<rect width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#f4f4f1\"/>", frame.width_px,
                   frame.height_px);
  s += zoning_layer(report, frame);
  std::vector<const Geometry*> outlines;
  for (const auto& d : report.districts) outlines.push_back(&d.outline);
  s += fade_outside(outlines, frame);
  for (const auto& d : report.districts) s += outline(d.outline, frame);
  // Labels above each district, with a white halo.
  for (const auto& d : report.districts) {
    const Box e = envelope(d.outline);
    if (box_empty(e)) continue;
    const Point top = frame.to_px({(e.min.x + e.max.x) / 2.0, e.max.y});
    const Point bottom = frame.to_px({(e.min.x + e.max.x) / 2.0, e.min.y});
    const double half = text_width_em(d.name) * 12.0 / 2.0 + 4.0;
    const double x = std::clamp(top.x, half, frame.width_px - half - 50.0);
    // Above the district, or below it when there is no room above.
    const double y = top.y - 8.0 >= 16.0 ? top.y - 8.0 : bottom.y + 18.0;
    s += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" font-weight=\"bold\" "
        "text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"3.5\" paint-order=\"stroke\" "
        "stroke-linejoin=\"round\">{}</text>",
        x, y, escape_xml(d.name));
  }
  s += "</g>";
  s += fmt::format(
      "<rect x=\"0.5\" y=\"0.5\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#333333\" stroke-width=\"1\"/>",
      frame.width_px - 1.0, frame.height_px - 1.0);
  s += north_arrow(frame);
  s += scale_bar(frame);
  s += legend_svg;
  return s + "</svg>";
}

}  // namespace jigu::report
