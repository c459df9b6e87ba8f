// The area report's data (PRODUCT.md question 4): for the workspace and each district, the
// official area beside the computed planar and geodesic areas, the zoning breakdown with the
// zones' BCR/FAR limits and the district's relaxations, parcel statistics, data-quality notes and
// the inputs that make it traceable. Built from a workspace session; rendered by jigu/report.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jigu/area.hpp"
#include "jigu/feature_set.hpp"
#include "jigu/geometry.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/version.hpp"

namespace jigu {

class Session;
struct RuleSet;

// ---------------------------------------------------------------------------------------------
// What the rules file says, reduced to what the report shows. Plain data, so the report does not
// depend on the rules engine's internals; `report_rules()` (area_report_rules.cpp) fills it from
// a loaded RuleSet.
// ---------------------------------------------------------------------------------------------

/// A zone's base limits under the city ordinance.
struct ReportZoneRule {
  std::string code;  ///< e.g. "UQA330"
  std::string name;  ///< e.g. "준공업지역"
  std::optional<double> bcr_pct;
  std::optional<double> far_pct;
  std::vector<std::string> rule_ids;  ///< e.g. "UQA330/bcr", "UQA330/far"
  bool unconfirmed = false;
};

/// One relaxation a district grants (시행령 제46조 and the district's plan).
struct ReportRelaxation {
  std::string rule_id;
  std::string condition;  ///< in words: which uses, the encouraged share, required facts
  std::optional<double> bcr_factor;
  std::optional<double> far_factor;
  std::optional<double> height_factor;
  std::optional<double> bcr_cap_factor;  ///< the most the law allows, as a factor of the zone's
  std::optional<double> far_cap_factor;
  bool up_to = false;  ///< the plan scales the factor: the relaxed limit is a range up to it
  bool unconfirmed = false;
};

struct ReportDistrictRule {
  std::string id;
  std::string name;
  std::vector<std::string> encouraged_industries;
  std::vector<ReportRelaxation> relaxations;
  std::map<std::string, double>
      far_caps_pct;  ///< FAR ceilings by zone code, when the plan sets them
  std::string far_caps_rule_id;
  bool far_caps_unconfirmed = false;
  bool unconfirmed = false;
  std::string note;
};

struct ReportRules {
  std::string path;  ///< the rules file
  std::string name;
  std::string version;
  std::map<std::string, ReportZoneRule> zones;          ///< by zone code
  std::map<std::string, ReportDistrictRule> districts;  ///< by district id
};

/// What the report shows of a loaded rules file (area_report_rules.cpp).
ReportRules report_rules(const RuleSet& rules);

// ---------------------------------------------------------------------------------------------
// The report model.
// ---------------------------------------------------------------------------------------------

struct ReportFile {
  std::string name;  ///< file name only
  std::int64_t size_bytes = 0;
  std::string sha256;
};

/// One input of the report, with what makes a printed report traceable to it.
struct ReportInput {
  std::string role;    ///< "districts", "zoning", "parcels", "rules"
  std::string source;  ///< relative to the workspace file's folder when inside it
  std::string layer;
  std::string driver;
  std::string crs;        ///< the source CRS, e.g. "EPSG:5186 (Korea 2000 / Central Belt 2010)"
  std::string operation;  ///< to the working CRS, or "none"
  std::string encoding;
  std::int64_t features = -1;  ///< features read (for rules: -1)
  GeometryCounts counts;
  std::vector<ReportFile> files;  ///< the dataset's files (e.g. .shp .shx .dbf .prj .cpg), by name
  std::string sha256;  ///< of the file set: SHA-256 of its `sha256sum`-style listing (see docs)
};

/// An area beside its official figure.
struct ReportArea {
  std::optional<double> official_m2;
  double planar_m2 = 0.0;
  double geodesic_m2 = 0.0;

  /// planar − official, in m² and in percent of the official figure; none without one.
  std::optional<double> difference_m2() const;
  std::optional<double> difference_pct() const;
};

/// A relaxed limit of one zone under one district rule.
struct ReportRelaxedLimit {
  std::string rule_id;
  std::string condition;
  std::optional<double> bcr_low_pct, bcr_high_pct;  ///< low == high unless the rule is "up to"
  std::optional<double> far_low_pct, far_high_pct;
  bool unconfirmed = false;
};

/// One zone of a district (or of the workspace). The part no zoning covers has an empty code.
struct ReportZoneRow {
  std::string code;
  std::string name;
  std::string colour;  ///< the map fill (svg_map_palette.cpp), "#rrggbb"
  double area_m2 = 0.0;
  double share = 0.0;     ///< of the district's planar area
  bool in_rules = false;  ///< the rules file knows the code (false when no rules were loaded)
  std::optional<double> bcr_pct;  ///< base, from the rules file
  std::optional<double> far_pct;
  std::vector<std::string> rule_ids;
  bool unconfirmed = false;
  std::vector<ReportRelaxedLimit> relaxed;  ///< the district's relaxations applied to this zone
};

/// A count of parcels and their areas.
struct ReportParcelGroup {
  std::int64_t count = 0;
  double area_m2 = 0.0;         ///< of the whole parcels
  double area_inside_m2 = 0.0;  ///< of their parts inside the district
};

struct ReportParcel {
  std::string id;    ///< PNU
  std::string name;  ///< jibun
  double area_m2 = 0.0;
  double share_inside = 0.0;  ///< of the parcel inside the district
  std::string zones;          ///< "UQA122 0.87; UQA230 0.13"
};

struct ReportParcelStats {
  ReportParcelGroup touching;    ///< every parcel with a part inside
  ReportParcelGroup inside;      ///< wholly inside
  ReportParcelGroup edge;        ///< straddling the district's edge
  ReportParcelGroup two_zones;   ///< touching, in two or more zones
  ReportParcelGroup small_part;  ///< of those, the smallest zone part ≤ the split threshold
  double small_part_threshold_m2 = 330.0;
  std::vector<ReportParcel> largest;  ///< largest parcels touching the district, by area
};

/// A data-quality note.
struct ReportNote {
  std::string district;  ///< empty: the workspace
  std::string code;      ///< e.g. "uncovered-area", "geometries-repaired", "unknown-zone-code"
  std::string text;
};

/// The geometry a district's map is drawn from (the same the numbers come from).
struct ReportMapShapes {
  std::vector<Geometry> parcels;   ///< outlines of the parcels touching the district
  bool parcels_truncated = false;  ///< more parcels touched than ReportOptions::max_map_parcels
};

struct ReportDistrict {
  std::string id;
  std::string name;
  ReportArea area;
  std::vector<ReportZoneRow> zoning;  ///< largest first, the uncovered part last
  ReportParcelStats parcels;
  std::vector<std::string> encouraged_industries;  ///< from the rules file
  Geometry outline;
  ReportMapShapes map;
};

/// A zoning polygon as drawn on the maps (generic zones already cut back under specific ones).
struct ReportZoneShape {
  std::string code;
  Geometry geometry;
};

struct ReportWorkspace {
  ReportArea area;                    ///< sums over the districts
  std::vector<ReportZoneRow> zoning;  ///< over all districts
  ReportParcelStats parcels;          ///< distinct parcels over all districts
  std::int64_t parcels_in_layer = 0;
  std::int64_t parcels_crossing = 0;  ///< parcels that needed exact intersection
};

struct AreaReport {
  std::string title;
  std::string workspace_name;
  std::string workspace_file;  ///< file name of the workspace
  std::string working_crs;     ///< e.g. "EPSG:5186"
  std::string working_crs_name;
  AreaMethod method;
  std::string planar_key;    ///< e.g. "planar_m2_epsg5186"
  std::string geodesic_key;  ///< e.g. "geodesic_m2_grs1980"
  std::string generated;     ///< UTC, ISO 8601, e.g. "2026-01-01T00:00:00Z"
  Versions versions;
  std::optional<std::string> rules_name;  ///< none: no rules file was loaded
  std::optional<std::string> rules_version;
  double min_share = 0.10;  ///< classify's "in" threshold
  std::vector<ReportInput> inputs;
  ReportWorkspace workspace;
  std::vector<ReportDistrict> districts;
  std::vector<ReportNote> notes;
  std::vector<ReportZoneShape> zoning_shapes;
  Box extent;  ///< of the districts
};

// ---------------------------------------------------------------------------------------------
// Building.
// ---------------------------------------------------------------------------------------------

struct ReportOptions {
  std::size_t largest_parcels = 10;     ///< per district
  std::size_t max_map_parcels = 20000;  ///< per district map; beyond, outlines are left out
  double small_part_m2 = 330.0;  ///< split-parcel threshold (영 제94조); the rules file's if loaded
  std::int64_t generated_unix = 0;  ///< the report's time, seconds since 1970 (UTC)
  unsigned threads = 0;             ///< classify's worker threads; 0 = one per core

  /// Throws UsageError for a zero count or a negative threshold.
  void validate() const;
};

/// Where the builder is, for a progress bar.
struct ReportProgress {
  std::string stage;  ///< "reading", "measuring", "overlaying", "classifying parcels", "checksums"
  std::int64_t done = 0;
  std::int64_t total = 0;  ///< 0 when unknown
};
using ReportProgressFn = std::function<void(const ReportProgress&)>;

/// Builds the report over the session's districts, zoning and parcels: areas with
/// `measure_areas`, the zoning breakdown with `overlay`, parcels streamed through `classify`.
/// `rules` may be null (the limit columns stay empty and a note says so). Throws like the readers
/// (InputError, CrsError, GeometryError) on a broken input; nothing is written.
AreaReport build_area_report(Session& session, const ReportRules* rules,
                             const ReportOptions& options, const ReportProgressFn& progress = {});

}  // namespace jigu
