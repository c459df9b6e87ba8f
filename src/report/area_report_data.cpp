// The report as data: JSON (docs/report-schema.md) and the long-form CSV; full precision.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "jigu/report.hpp"
#include "session/area_report_format.hpp"

namespace jigu {

namespace {

using Json = nlohmann::ordered_json;

Json opt(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json area_json(const ReportArea& a) {
  return Json{{"official_m2", opt(a.official_m2)},
              {"planar_m2", a.planar_m2},
              {"geodesic_m2", a.geodesic_m2},
              {"planar_minus_official_m2", opt(a.difference_m2())},
              {"planar_minus_official_pct", opt(a.difference_pct())}};
}

Json zone_json(const ReportZoneRow& z) {
  Json relaxed = Json::array();
  for (const auto& l : z.relaxed) {
    relaxed.push_back(Json{{"rule_id", l.rule_id},
                           {"condition", l.condition},
                           {"bcr_low_pct", opt(l.bcr_low_pct)},
                           {"bcr_high_pct", opt(l.bcr_high_pct)},
                           {"far_low_pct", opt(l.far_low_pct)},
                           {"far_high_pct", opt(l.far_high_pct)},
                           {"unconfirmed", l.unconfirmed}});
  }
  return Json{{"code", z.code.empty() ? Json(nullptr) : Json(z.code)},
              {"name", z.name},
              {"colour", z.colour},
              {"area_m2", z.area_m2},
              {"share", z.share},
              {"in_rules", z.in_rules},
              {"bcr_pct", opt(z.bcr_pct)},
              {"far_pct", opt(z.far_pct)},
              {"rule_ids", z.rule_ids},
              {"unconfirmed", z.unconfirmed},
              {"relaxed", relaxed}};
}

Json group_json(const ReportParcelGroup& g) {
  return Json{{"count", g.count}, {"area_m2", g.area_m2}, {"area_inside_m2", g.area_inside_m2}};
}

Json parcels_json(const ReportParcelStats& p) {
  Json largest = Json::array();
  for (const auto& l : p.largest) {
    largest.push_back(Json{{"id", l.id},
                           {"name", l.name},
                           {"area_m2", l.area_m2},
                           {"share_inside", l.share_inside},
                           {"zones", l.zones}});
  }
  return Json{{"touching", group_json(p.touching)},
              {"inside", group_json(p.inside)},
              {"edge", group_json(p.edge)},
              {"two_zones", group_json(p.two_zones)},
              {"small_part", group_json(p.small_part)},
              {"small_part_threshold_m2", p.small_part_threshold_m2},
              {"largest", largest}};
}

// RFC 4180 field.
std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

class CsvRows {
 public:
  explicit CsvRows(std::ostream& out) : m_out(out) {
    m_out << "section,district,item,key,value\r\n";
  }
  void row(const std::string& section, const std::string& district, const std::string& item,
           const std::string& key, const std::string& value) {
    m_out << csv_field(section) << ',' << csv_field(district) << ',' << csv_field(item) << ','
          << csv_field(key) << ',' << csv_field(value) << "\r\n";
  }
  void num(const std::string& section, const std::string& district, const std::string& item,
           const std::string& key, double value) {
    row(section, district, item, key, report::exact(value));
  }
  void opt_num(const std::string& section, const std::string& district, const std::string& item,
               const std::string& key, const std::optional<double>& value) {
    row(section, district, item, key, value ? report::exact(*value) : "");
  }

 private:
  std::ostream& m_out;
};

void csv_area(CsvRows& c, const std::string& district, const ReportArea& a, const AreaReport& r) {
  c.opt_num("area", district, "", "official_m2", a.official_m2);
  c.num("area", district, "", r.planar_key, a.planar_m2);
  c.num("area", district, "", r.geodesic_key, a.geodesic_m2);
  c.opt_num("area", district, "", "planar_minus_official_m2", a.difference_m2());
  c.opt_num("area", district, "", "planar_minus_official_pct", a.difference_pct());
}

void csv_zoning(CsvRows& c, const std::string& district, const std::vector<ReportZoneRow>& rows) {
  for (const auto& z : rows) {
    const std::string item = z.code.empty() ? "-" : z.code;
    c.row("zoning", district, item, "name", z.name);
    c.num("zoning", district, item, "area_m2", z.area_m2);
    c.num("zoning", district, item, "share", z.share);
    c.row("zoning", district, item, "colour", z.colour);
    c.row("zoning", district, item, "in_rules", z.in_rules ? "1" : "0");
    c.opt_num("zoning", district, item, "bcr_pct", z.bcr_pct);
    c.opt_num("zoning", district, item, "far_pct", z.far_pct);
    c.row("zoning", district, item, "rule_ids", fmt::format("{}", fmt::join(z.rule_ids, ";")));
    c.row("zoning", district, item, "unconfirmed", z.unconfirmed ? "1" : "0");
    for (const auto& l : z.relaxed) {
      const std::string ritem = item + "/" + l.rule_id;
      c.row("relaxed", district, ritem, "condition", l.condition);
      c.opt_num("relaxed", district, ritem, "bcr_low_pct", l.bcr_low_pct);
      c.opt_num("relaxed", district, ritem, "bcr_high_pct", l.bcr_high_pct);
      c.opt_num("relaxed", district, ritem, "far_low_pct", l.far_low_pct);
      c.opt_num("relaxed", district, ritem, "far_high_pct", l.far_high_pct);
      c.row("relaxed", district, ritem, "unconfirmed", l.unconfirmed ? "1" : "0");
    }
  }
}

void csv_parcels(CsvRows& c, const std::string& district, const ReportParcelStats& p) {
  const std::pair<const char*, const ReportParcelGroup*> groups[] = {{"touching", &p.touching},
                                                                     {"inside", &p.inside},
                                                                     {"edge", &p.edge},
                                                                     {"two_zones", &p.two_zones},
                                                                     {"small_part", &p.small_part}};
  for (const auto& [name, g] : groups) {
    c.row("parcels", district, name, "count", std::to_string(g->count));
    c.num("parcels", district, name, "area_m2", g->area_m2);
    c.num("parcels", district, name, "area_inside_m2", g->area_inside_m2);
  }
  c.num("parcels", district, "small_part", "threshold_m2", p.small_part_threshold_m2);
  for (std::size_t i = 0; i < p.largest.size(); ++i) {
    const auto& l = p.largest[i];
    const std::string rank = std::to_string(i + 1);
    c.row("largest", district, rank, "id", l.id);
    c.row("largest", district, rank, "name", l.name);
    c.num("largest", district, rank, "area_m2", l.area_m2);
    c.num("largest", district, rank, "share_inside", l.share_inside);
    c.row("largest", district, rank, "zones", l.zones);
  }
}

}  // namespace

void write_report_json(std::ostream& out, const AreaReport& r) {
  Json inputs = Json::array();
  for (const auto& in : r.inputs) {
    Json files = Json::array();
    for (const auto& f : in.files) {
      files.push_back(Json{{"name", f.name}, {"size_bytes", f.size_bytes}, {"sha256", f.sha256}});
    }
    Json j{{"role", in.role},         {"source", in.source},    {"layer", in.layer},
           {"driver", in.driver},     {"crs", in.crs},          {"operation", in.operation},
           {"encoding", in.encoding}, {"features", in.features}};
    if (in.role != "rules") {
      j["geometries"] = Json{{"read", in.counts.read},
                             {"valid", in.counts.valid},
                             {"repaired", in.counts.repaired},
                             {"skipped", in.counts.skipped},
                             {"empty", in.counts.empty}};
    }
    j["files"] = files;
    j["sha256"] = in.sha256;
    inputs.push_back(std::move(j));
  }
  Json districts = Json::array();
  for (const auto& d : r.districts) {
    Json zoning = Json::array();
    for (const auto& z : d.zoning) zoning.push_back(zone_json(z));
    districts.push_back(Json{{"id", d.id},
                             {"name", d.name},
                             {"encouraged_industries", d.encouraged_industries},
                             {"area", area_json(d.area)},
                             {"zoning", zoning},
                             {"parcels", parcels_json(d.parcels)},
                             {"map", Json{{"parcels_drawn", d.map.parcels.size()},
                                          {"parcels_truncated", d.map.parcels_truncated}}}});
  }
  Json ws_zoning = Json::array();
  for (const auto& z : r.workspace.zoning) ws_zoning.push_back(zone_json(z));
  Json totals_parcels = parcels_json(r.workspace.parcels);
  totals_parcels["in_layer"] = r.workspace.parcels_in_layer;
  totals_parcels["crossing_boundaries"] = r.workspace.parcels_crossing;
  Json notes = Json::array();
  for (const auto& n : r.notes) {
    notes.push_back(Json{{"district", n.district.empty() ? Json(nullptr) : Json(n.district)},
                         {"code", n.code},
                         {"text", n.text}});
  }
  Json rules = nullptr;
  if (r.rules_version) rules = Json{{"name", *r.rules_name}, {"version", *r.rules_version}};
  const Json doc{{"schema", "jigu-area-report/1"},
                 {"title", r.title},
                 {"generated", r.generated},
                 {"software", Json{{"jigu", r.versions.jigu},
                                   {"gdal", r.versions.gdal},
                                   {"geos", r.versions.geos},
                                   {"proj", r.versions.proj},
                                   {"epsg", r.versions.epsg}}},
                 {"workspace", Json{{"name", r.workspace_name},
                                    {"file", r.workspace_file},
                                    {"crs", r.working_crs},
                                    {"crs_name", r.working_crs_name}}},
                 {"method", Json{{"planar", r.method.planar},
                                 {"geodesic", r.method.geodesic},
                                 {"planar_key", r.planar_key},
                                 {"geodesic_key", r.geodesic_key}}},
                 {"rules", rules},
                 {"classify", Json{{"min_share", r.min_share}}},
                 {"inputs", inputs},
                 {"totals", Json{{"area", area_json(r.workspace.area)},
                                 {"zoning", ws_zoning},
                                 {"parcels", totals_parcels}}},
                 {"districts", districts},
                 {"notes", notes}};
  out << doc.dump(2) << '\n';
}

void write_report_csv(std::ostream& out, const AreaReport& r) {
  CsvRows c(out);
  c.row("meta", "", "", "title", r.title);
  c.row("meta", "", "", "generated", r.generated);
  c.row("meta", "", "", "jigu_version", r.versions.jigu);
  c.row("meta", "", "", "workspace", r.workspace_file);
  c.row("meta", "", "", "working_crs", r.working_crs);
  c.row("meta", "", "", "planar_method", r.method.planar);
  c.row("meta", "", "", "geodesic_method", r.method.geodesic);
  c.row("meta", "", "", "rules_version", r.rules_version.value_or(""));
  c.num("meta", "", "", "min_share", r.min_share);
  for (const auto& in : r.inputs) {
    c.row("input", "", in.role, "source", in.source);
    c.row("input", "", in.role, "crs", in.crs);
    if (in.features >= 0) c.row("input", "", in.role, "features", std::to_string(in.features));
    if (in.role != "rules") {
      c.row("input", "", in.role, "repaired", std::to_string(in.counts.repaired));
      c.row("input", "", in.role, "skipped", std::to_string(in.counts.skipped));
    }
    for (const auto& f : in.files) c.row("input", "", in.role, "sha256:" + f.name, f.sha256);
    c.row("input", "", in.role, "sha256", in.sha256);
  }
  csv_area(c, "", r.workspace.area, r);
  csv_zoning(c, "", r.workspace.zoning);
  csv_parcels(c, "", r.workspace.parcels);
  c.row("parcels", "", "layer", "count", std::to_string(r.workspace.parcels_in_layer));
  for (const auto& d : r.districts) {
    c.row("district", d.id, "", "name", d.name);
    csv_area(c, d.id, d.area, r);
    csv_zoning(c, d.id, d.zoning);
    csv_parcels(c, d.id, d.parcels);
  }
  for (std::size_t i = 0; i < r.notes.size(); ++i) {
    c.row("note", r.notes[i].district, std::to_string(i + 1), r.notes[i].code, r.notes[i].text);
  }
}

}  // namespace jigu
