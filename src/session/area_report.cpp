// Builds the area report: areas with measure_areas, the zoning breakdown with overlay, parcel
// statistics from classify over the streamed parcel layer, the rules' limits, and the inputs.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "handles/dataset_files.hpp"
#include "jigu/area_report.hpp"
#include "jigu/classify.hpp"
#include "jigu/error.hpp"
#include "jigu/output_file.hpp"
#include "jigu/overlay.hpp"
#include "jigu/session.hpp"
#include "session/area_report_format.hpp"
#include "session/zone_palette.hpp"

namespace jigu {

void ReportOptions::validate() const {
  if (largest_parcels == 0) throw UsageError("report: --largest must be at least 1");
  if (!(small_part_m2 >= 0.0)) throw UsageError("report: the split threshold must be >= 0");
}

std::optional<double> ReportArea::difference_m2() const {
  if (!official_m2) return std::nullopt;
  return planar_m2 - *official_m2;
}

std::optional<double> ReportArea::difference_pct() const {
  if (!official_m2 || *official_m2 == 0.0) return std::nullopt;
  return 100.0 * (planar_m2 - *official_m2) / *official_m2;
}

namespace {

namespace fs = std::filesystem;

std::string iso_utc(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// A path as a reader of the report can find it: relative to the workspace's folder when inside.
std::string shown_path(const std::string& path, const fs::path& base) {
  std::error_code ec;
  const fs::path rel = fs::relative(fs::path(path), base, ec);
  if (ec || rel.empty() || rel.native().rfind("..", 0) == 0) return path;
  return rel.generic_string();
}

void add_checksums(ReportInput& input, const std::vector<std::string>& files) {
  std::vector<std::pair<std::string, std::string>> named;  // name, path
  for (const auto& f : files) named.emplace_back(fs::path(f).filename().string(), f);
  std::sort(named.begin(), named.end());
  std::string listing;
  for (const auto& [name, path] : named) {
    ReportFile file;
    file.name = name;
    std::error_code ec;
    file.size_bytes = static_cast<std::int64_t>(fs::file_size(path, ec));
    file.sha256 = sha256_file(path);
    listing += file.sha256 + "  " + name + "\n";  // the `sha256sum` line format
    input.files.push_back(std::move(file));
  }
  input.sha256 = sha256_hex(listing);
}

ReportInput describe_layer(const std::string& role, const std::string& source,
                           const LayerInfo& info, const GeometryCounts& counts,
                           const fs::path& base) {
  ReportInput in;
  in.role = role;
  in.source = shown_path(source, base);
  in.layer = info.layer;
  in.driver = info.driver;
  in.crs = info.crs.source_id.empty() ? info.crs.source_name
                                      : info.crs.source_id + " (" + info.crs.source_name + ")";
  if (info.crs.source_overridden) in.crs += ", named by the workspace";
  in.operation = info.crs.operation.empty() ? "none" : info.crs.operation;
  in.encoding = info.encoding.name;
  in.features = counts.read;
  in.counts = counts;
  add_checksums(in, handles::source_files(source));
  return in;
}

// Parcel statistics of one district (or of the workspace), filled by the classify sink.
struct ParcelAccumulator {
  ReportParcelStats stats;
  std::vector<ReportParcel> largest;
  std::size_t keep = 10;

  void add_largest(ReportParcel p) {
    largest.push_back(std::move(p));
    if (largest.size() >= 4 * keep) trim();
  }
  void trim() {
    auto by_area = [](const ReportParcel& a, const ReportParcel& b) {
      return a.area_m2 != b.area_m2 ? a.area_m2 > b.area_m2 : a.id < b.id;
    };
    std::sort(largest.begin(), largest.end(), by_area);
    if (largest.size() > keep) largest.resize(keep);
  }
};

void add(ReportParcelGroup& g, double area, double inside) {
  ++g.count;
  g.area_m2 += area;
  g.area_inside_m2 += inside;
}

std::string zone_shares_text(const Classification& c) {
  std::string out;
  for (const auto& z : c.zones) {
    out +=
        fmt::format("{}{} {:.2f}", out.empty() ? "" : "; ", z.code.empty() ? "-" : z.code, z.share);
  }
  return out;
}

// Relaxed limits of one zone under a district's rules.
std::vector<ReportRelaxedLimit> relaxed_limits(const ReportZoneRow& row,
                                               const ReportDistrictRule& district) {
  std::vector<ReportRelaxedLimit> out;
  for (const auto& r : district.relaxations) {
    ReportRelaxedLimit l;
    l.rule_id = r.rule_id;
    l.condition = r.condition;
    l.unconfirmed = r.unconfirmed;
    auto apply = [&](std::optional<double> base, std::optional<double> factor,
                     std::optional<double> cap, std::optional<double>& low,
                     std::optional<double>& high) {
      if (!base || !factor) return;
      const double f = cap ? std::min(*factor, *cap) : *factor;
      high = *base * f;
      low = r.up_to ? *base : *high;
    };
    apply(row.bcr_pct, r.bcr_factor, r.bcr_cap_factor, l.bcr_low_pct, l.bcr_high_pct);
    apply(row.far_pct, r.far_factor, r.far_cap_factor, l.far_low_pct, l.far_high_pct);
    if (l.bcr_high_pct || l.far_high_pct) out.push_back(std::move(l));
  }
  auto cap = district.far_caps_pct.find(row.code);
  if (cap != district.far_caps_pct.end()) {
    ReportRelaxedLimit l;
    l.rule_id = district.far_caps_rule_id;
    l.condition = "the district plan's FAR ceiling for this zone";
    l.far_low_pct = cap->second;
    l.far_high_pct = cap->second;
    l.unconfirmed = district.far_caps_unconfirmed;
    out.push_back(std::move(l));
  }
  return out;
}

void fill_rules(ReportZoneRow& row, const ReportRules* rules, const ReportDistrictRule* district) {
  row.colour = report::zone_colour(row.code);
  if (rules == nullptr || row.code.empty()) return;
  auto it = rules->zones.find(row.code);
  if (it == rules->zones.end()) return;
  const ReportZoneRule& z = it->second;
  row.in_rules = true;
  if (row.name.empty()) row.name = z.name;
  row.bcr_pct = z.bcr_pct;
  row.far_pct = z.far_pct;
  row.rule_ids = z.rule_ids;
  row.unconfirmed = z.unconfirmed;
  if (district != nullptr) row.relaxed = relaxed_limits(row, *district);
}

// Largest area first, the uncovered part last.
void sort_zone_rows(std::vector<ReportZoneRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const ReportZoneRow& a, const ReportZoneRow& b) {
    if (a.code.empty() != b.code.empty()) return b.code.empty();
    return a.area_m2 != b.area_m2 ? a.area_m2 > b.area_m2 : a.code < b.code;
  });
}

void note_counts(std::vector<ReportNote>& notes, const ReportInput& in) {
  const auto& c = in.counts;
  if (c.repaired > 0) {
    notes.push_back({"", "geometries-repaired",
                     fmt::format("'{}': {} invalid {} repaired with GEOS MakeValid", in.source,
                                 c.repaired, c.repaired == 1 ? "geometry" : "geometries")});
  }
  if (c.skipped > 0) {
    notes.push_back({"", "geometries-skipped",
                     fmt::format("'{}': {} {} skipped (invalid under the policy, or not polygons)",
                                 in.source, c.skipped, c.skipped == 1 ? "feature" : "features")});
  }
  if (c.empty > 0) {
    notes.push_back({"", "empty-geometries",
                     fmt::format("'{}': {} {} with an empty geometry", in.source, c.empty,
                                 c.empty == 1 ? "feature" : "features")});
  }
}

}  // namespace

AreaReport build_area_report(Session& session, const ReportRules* rules,
                             const ReportOptions& options, const ReportProgressFn& progress) {
  options.validate();
  auto step = [&](const std::string& stage, std::int64_t done, std::int64_t total) {
    if (progress) progress(ReportProgress{stage, done, total});
  };
  const Workspace& workspace = session.workspace();
  const fs::path ws_dir =
      workspace.path.has_parent_path() ? workspace.path.parent_path() : fs::path(".");

  AreaReport report;
  report.workspace_name = workspace.name;
  report.workspace_file = workspace.path.filename().string();
  report.working_crs = workspace.crs;
  report.title =
      "Area report: " + (workspace.name.empty() ? report.workspace_file : workspace.name);
  report.generated = iso_utc(options.generated_unix);
  report.versions = versions();
  if (rules != nullptr) {
    report.rules_name = rules->name;
    report.rules_version = rules->version;
  }
  ClassifyOptions classify_options;
  classify_options.threads = options.threads;
  report.min_share = classify_options.min_share;
  const double small_part_m2 = options.small_part_m2;

  // Layers.
  step("reading layers", 0, 3);
  const LayerRef& district_ref = workspace.layer("districts");
  const LayerRef& zoning_ref = workspace.layer("zoning");
  const FeatureSet& districts = *session.layer("districts");
  step("reading layers", 1, 3);
  const FeatureSet& zoning = *session.layer("zoning");
  step("reading layers", 2, 3);
  report.working_crs_name = districts.info.crs.working_name;
  report.inputs.push_back(
      describe_layer("districts", district_ref.source, districts.info, districts.counts, ws_dir));
  report.inputs.push_back(
      describe_layer("zoning", zoning_ref.source, zoning.info, zoning.counts, ws_dir));

  // Areas, as `jigu area` computes them.
  step("measuring areas", 0, 1);
  AreaOptions area_options;
  area_options.official_area_field = district_ref.official_area_field;
  const AreaSummary areas = measure_areas(districts, area_options);
  report.method = areas.method;
  report.planar_key = areas.planar_key;
  report.geodesic_key = areas.geodesic_key;

  std::map<std::string, std::size_t> district_index;
  report.extent = empty_box();
  for (const auto& f : districts.features) {
    if (f.geometry.kind != GeometryKind::Polygons) continue;
    ReportDistrict d;
    d.id = f.id;
    d.name = f.name.empty() ? f.id : f.name;
    d.outline = f.geometry;
    expand(report.extent, envelope(f.geometry));
    district_index.emplace(d.id, report.districts.size());
    report.districts.push_back(std::move(d));
  }
  for (const auto& row : areas.rows) {
    auto it = district_index.find(row.key);
    if (it == district_index.end()) continue;
    ReportArea& a = report.districts[it->second].area;
    a.official_m2 = row.official_m2;
    a.planar_m2 = row.planar_m2;
    a.geodesic_m2 = row.geodesic_m2;
  }

  // Zoning breakdown, as `jigu overlay` computes it.
  step("overlaying zoning", 0, 1);
  const Locator& locator = session.locator(LocatorLayers::WithoutParcels);
  for (const auto& z : locator.zoning().features) {
    if (z.geometry.kind == GeometryKind::Polygons)
      report.zoning_shapes.push_back({z.code, z.geometry});
  }
  for (const auto& row : overlay(locator)) {
    auto it = district_index.find(row.district_id);
    if (it == district_index.end()) continue;
    ReportZoneRow z;
    z.code = row.code;
    z.name = row.code.empty() ? "" : row.zone_name;
    z.area_m2 = row.area_m2;
    z.share = row.share;
    report.districts[it->second].zoning.push_back(std::move(z));
  }

  // Parcels, streamed through classify.
  std::vector<ParcelAccumulator> per_district(report.districts.size());
  for (auto& acc : per_district) acc.keep = options.largest_parcels;
  ParcelAccumulator whole;
  whole.keep = options.largest_parcels;
  const bool have_parcels = session.has_layer("parcels");
  if (have_parcels) {
    const LayerRef& parcel_ref = workspace.layer("parcels");
    LayerReader reader = session.stream("parcels");
    const std::int64_t total = reader.info().feature_count;
    step("classifying parcels", 0, total > 0 ? total : 0);
    const ClassifyStats stats = classify(
        reader, locator.zoning(), locator.districts(), FeatureSet{}, classify_options,
        [&](const Feature& f, const Classification& c) {
          if (c.districts.empty()) return;
          int coded = 0;
          double smallest = -1.0;
          for (const auto& z : c.zones) {
            if (z.code.empty()) continue;
            ++coded;
            if (smallest < 0 || z.area_m2 < smallest) smallest = z.area_m2;
          }
          const bool two_zones = coded >= 2;
          const bool small_part = two_zones && smallest <= small_part_m2;
          bool any_inside = false;
          bool any_edge = false;
          double inside_total = 0.0;
          double best_share = 0.0;
          for (const auto& h : c.districts) {
            auto it = district_index.find(h.id);
            if (it == district_index.end() || h.share <= 0.0) continue;
            ParcelAccumulator& acc = per_district[it->second];
            add(acc.stats.touching, c.area_m2, h.area_m2);
            if (h.status == "inside") {
              add(acc.stats.inside, c.area_m2, h.area_m2);
              any_inside = true;
            } else {
              add(acc.stats.edge, c.area_m2, h.area_m2);
              any_edge = true;
            }
            if (two_zones) add(acc.stats.two_zones, c.area_m2, h.area_m2);
            if (small_part) add(acc.stats.small_part, c.area_m2, h.area_m2);
            acc.add_largest({f.id, f.name, c.area_m2, h.share, zone_shares_text(c)});
            ReportMapShapes& shapes = report.districts[it->second].map;
            if (shapes.parcels.size() < options.max_map_parcels) {
              shapes.parcels.push_back(f.geometry);
            } else {
              shapes.parcels_truncated = true;
            }
            inside_total += h.area_m2;
            best_share = std::max(best_share, h.share);
          }
          if (inside_total <= 0.0) return;
          add(whole.stats.touching, c.area_m2, inside_total);
          if (any_inside) add(whole.stats.inside, c.area_m2, inside_total);
          if (any_edge) add(whole.stats.edge, c.area_m2, inside_total);
          if (two_zones) add(whole.stats.two_zones, c.area_m2, inside_total);
          if (small_part) add(whole.stats.small_part, c.area_m2, inside_total);
          whole.add_largest({f.id, f.name, c.area_m2, best_share, zone_shares_text(c)});
        },
        [&](std::int64_t done) { step("classifying parcels", done, total > 0 ? total : 0); });
    report.workspace.parcels_in_layer = stats.features;
    report.workspace.parcels_crossing = stats.crossed;
    step("checksums", 0, 1);
    report.inputs.push_back(
        describe_layer("parcels", parcel_ref.source, reader.info(), reader.counts(), ws_dir));
  }
  for (std::size_t i = 0; i < per_district.size(); ++i) {
    per_district[i].trim();
    report.districts[i].parcels = per_district[i].stats;
    report.districts[i].parcels.largest = per_district[i].largest;
    report.districts[i].parcels.small_part_threshold_m2 = small_part_m2;
  }
  whole.trim();
  report.workspace.parcels = whole.stats;
  report.workspace.parcels.largest = whole.largest;
  report.workspace.parcels.small_part_threshold_m2 = small_part_m2;

  if (rules != nullptr && !rules->path.empty()) {
    ReportInput in;
    in.role = "rules";
    in.source = shown_path(rules->path, ws_dir);
    in.layer = rules->name;
    in.driver = "jigu rules file (TOML), version " + rules->version;
    add_checksums(in, {rules->path});
    report.inputs.push_back(std::move(in));
  }

  // Limits from the rules, and the workspace totals.
  ReportWorkspace& ws = report.workspace;
  std::map<std::string, ReportZoneRow> by_code;
  bool any_official = false;
  double official_total = 0.0;
  for (auto& d : report.districts) {
    const ReportDistrictRule* drule = nullptr;
    if (rules != nullptr) {
      auto it = rules->districts.find(d.id);
      if (it != rules->districts.end()) {
        drule = &it->second;
        d.encouraged_industries = it->second.encouraged_industries;
      }
    }
    for (auto& z : d.zoning) {
      fill_rules(z, rules, drule);
      ReportZoneRow& total = by_code[z.code];
      total.code = z.code;
      total.name = z.name;
      total.area_m2 += z.area_m2;
    }
    sort_zone_rows(d.zoning);
    ws.area.planar_m2 += d.area.planar_m2;
    ws.area.geodesic_m2 += d.area.geodesic_m2;
    if (d.area.official_m2) {
      any_official = true;
      official_total += *d.area.official_m2;
    }
  }
  if (any_official) ws.area.official_m2 = official_total;
  for (auto& [code, row] : by_code) {
    row.share = ws.area.planar_m2 > 0.0 ? row.area_m2 / ws.area.planar_m2 : 0.0;
    fill_rules(row, rules, nullptr);
    ws.zoning.push_back(row);
  }
  sort_zone_rows(ws.zoning);

  // Data-quality notes.
  for (const auto& in : report.inputs) note_counts(report.notes, in);
  if (rules == nullptr) {
    report.notes.push_back({"", "no-rules",
                            "no rules loaded: zone BCR/FAR limits, district relaxations and the "
                            "zone-code check are left out"});
  }
  if (!have_parcels) {
    report.notes.push_back(
        {"", "no-parcels", "the workspace has no parcel layer: parcel statistics are left out"});
  }
  for (const auto& d : report.districts) {
    if (!d.area.official_m2) {
      report.notes.push_back(
          {d.id, "official-area-missing",
           "no official area in the district layer ('" + district_ref.official_area_field + "')"});
    }
    std::set<std::string> unconfirmed;
    for (const auto& z : d.zoning) {
      if (z.code.empty()) {
        report.notes.push_back(
            {d.id, "uncovered-area",
             fmt::format("{} ({}) of the district is covered by no zoning polygon",
                         report::m2(z.area_m2), report::percent_of_share(z.share))});
        continue;
      }
      if (rules != nullptr && !z.in_rules) {
        report.notes.push_back({d.id, "unknown-zone-code",
                                fmt::format("zone code '{}' ({}) is not in the rules file; its "
                                            "limits are unknown",
                                            z.code, z.name)});
      }
      if (z.unconfirmed) {
        for (const auto& id : z.rule_ids) unconfirmed.insert(id);
      }
      for (const auto& l : z.relaxed) {
        if (l.unconfirmed) unconfirmed.insert(l.rule_id);
      }
    }
    if (rules != nullptr) {
      auto it = rules->districts.find(d.id);
      if (it == rules->districts.end()) {
        report.notes.push_back({d.id, "district-not-in-rules",
                                "the rules file has no entry for this district: no relaxations "
                                "shown"});
      } else if (it->second.unconfirmed) {
        unconfirmed.insert(it->second.id);
      }
    }
    if (!unconfirmed.empty()) {
      std::string ids;
      for (const auto& id : unconfirmed) ids += (ids.empty() ? "" : ", ") + id;
      report.notes.push_back({d.id, "unconfirmed-rule",
                              "rules marked unconfirmed in the rules file: " + ids +
                                  "; confirm them before relying on the limits"});
    }
    if (d.map.parcels_truncated) {
      report.notes.push_back({d.id, "parcel-outlines-left-out",
                              fmt::format("the map shows the first {} parcel outlines only",
                                          options.max_map_parcels)});
    }
  }
  step("done", 1, 1);
  return report;
}

}  // namespace jigu
