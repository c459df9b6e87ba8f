// The report's tables as display text, shared by the Markdown and HTML writers.
#include <fmt/format.h>

#include "session/area_report_format.hpp"

namespace jigu::report {

namespace {

std::string diff_m2(const ReportArea& a) {
  const auto d = a.difference_m2();
  return d ? signed_grouped(*d, 2) + " m²" : "\u2014";
}

std::string diff_pct(const ReportArea& a) {
  const auto p = a.difference_pct();
  return p ? signed_grouped(*p, 2) + " %" : "\u2014";
}

std::string ellipsoid(const AreaReport& r) {
  // "geodesic_m2_grs1980" → "GRS1980"
  const std::string key = r.geodesic_key;
  const std::size_t at = key.rfind('_');
  std::string e = at == std::string::npos ? key : key.substr(at + 1);
  for (auto& c : e) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return e;
}

}  // namespace

std::string planar_head(const AreaReport& r) {
  return "planar (" + r.working_crs + ")";
}

std::string geodesic_head(const AreaReport& r) {
  return "geodesic (" + ellipsoid(r) + ")";
}

TextTable inputs_table(const AreaReport& r) {
  TextTable t;
  t.header = {"role", "source", "CRS", "features", "repaired / skipped", "SHA-256 of the file set"};
  t.right = {false, false, false, true, true, false};
  for (const auto& in : r.inputs) {
    std::string files;
    for (const auto& f : in.files) files += (files.empty() ? "" : " ") + f.name;
    const bool layer = in.role != "rules";
    t.rows.push_back(
        {in.role, in.source + (files.empty() ? "" : " (" + files + ")"), layer ? in.crs : "\u2014",
         layer ? grouped(in.features) : "\u2014",
         layer ? fmt::format("{} / {}", in.counts.repaired, in.counts.skipped) : "\u2014",
         in.sha256});
  }
  return t;
}

TextTable areas_table(const AreaReport& r) {
  TextTable t;
  t.header = {"district", "official", planar_head(r), geodesic_head(r), "planar − official", "%"};
  t.right = {false, true, true, true, true, true};
  auto row = [&](const std::string& name, const ReportArea& a, bool total) {
    t.rows.push_back(
        {name, m2(a.official_m2, 0), m2(a.planar_m2), m2(a.geodesic_m2), diff_m2(a), diff_pct(a)});
    t.emphasis.push_back(total);
  };
  for (const auto& d : r.districts) row(d.name, d.area, false);
  row("all districts", r.workspace.area, true);
  return t;
}

TextTable area_table(const AreaReport& r, const ReportArea& a) {
  TextTable t;
  t.header = {"area", "m²"};
  t.right = {false, true};
  t.rows.push_back({"official (district layer)", m2(a.official_m2, 0)});
  t.rows.push_back({r.method.planar, m2(a.planar_m2)});
  t.rows.push_back({r.method.geodesic, m2(a.geodesic_m2)});
  t.rows.push_back({"planar − official", diff_m2(a) + " (" + diff_pct(a) + ")"});
  t.rows.push_back({"geodesic − planar", signed_grouped(a.geodesic_m2 - a.planar_m2, 2) + " m²"});
  return t;
}

TextTable zoning_table(const std::vector<ReportZoneRow>& rows, bool relaxations) {
  TextTable t;
  t.header = {"zone", "name", "area", "share", "BCR / FAR (rules)"};
  t.right = {false, false, true, true, false};
  if (relaxations) {
    t.header.push_back("relaxed in the district");
    t.right.push_back(false);
  }
  for (const auto& z : rows) {
    std::vector<std::string> cells = {z.code.empty() ? "\u2014" : z.code,
                                      z.code.empty() ? "(no zoning)" : z.name, m2(z.area_m2),
                                      percent_of_share(z.share), base_limits_text(z)};
    if (relaxations) {
      std::string text;
      // One relaxation per line.
      for (const auto& l : z.relaxed) text += (text.empty() ? "" : "\n") + relaxed_limit_text(z, l);
      cells.push_back(text.empty() ? "\u2014" : text);
    }
    t.rows.push_back(std::move(cells));
    t.swatch.push_back(z.colour);
  }
  return t;
}

TextTable parcels_table(const ReportParcelStats& p, bool all) {
  TextTable t;
  t.header = {"parcels", "count", "area of the parcels",
              all ? "area inside the districts" : "area inside the district"};
  t.right = {false, true, true, true};
  const std::pair<const char*, const ReportParcelGroup*> groups[] = {{"touching", &p.touching},
                                                                     {"inside", &p.inside},
                                                                     {"edge", &p.edge},
                                                                     {"two_zones", &p.two_zones},
                                                                     {"small_part", &p.small_part}};
  for (const auto& [key, g] : groups) {
    std::string label = group_label(key);
    if (std::string(key) == "small_part") {
      label = "of those, smallest zone part ≤ " + grouped(p.small_part_threshold_m2, 0) +
              " m² (area-weighted BCR/FAR, 시행령 제94조)";
    }
    t.rows.push_back({label, grouped(g->count), m2(g->area_m2), m2(g->area_inside_m2)});
  }
  return t;
}

TextTable largest_table(const ReportParcelStats& p) {
  TextTable t;
  t.header = {"#", "PNU", "jibun", "area", "share inside", "zones (share of the parcel)"};
  t.right = {true, false, false, true, true, false};
  for (std::size_t i = 0; i < p.largest.size(); ++i) {
    const auto& l = p.largest[i];
    t.rows.push_back({std::to_string(i + 1), l.id, l.name, m2(l.area_m2),
                      percent_of_share(l.share_inside), l.zones});
  }
  return t;
}

}  // namespace jigu::report
