// Text helpers shared by the report writers: numbers for people, escaping, labels.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jigu/area_report.hpp"

namespace jigu::report {

/// "1,234,567.89": thousands separators whatever the locale, fixed decimals.
std::string grouped(double value, int decimals);
/// "1,234"
std::string grouped(std::int64_t value);
/// "+12.34" / "−0.56": an explicit sign (U+2212 minus), thousands separators.
std::string signed_grouped(double value, int decimals);

/// "539,406.00 m²"; "—" for none.
std::string m2(std::optional<double> value, int decimals = 2);
/// A share 0..1 as "12.34 %".
std::string percent_of_share(double share);
/// A percentage as "200 %" (limits: no decimals unless needed, at most 2).
std::string limit_pct(double pct);

/// The full-precision text of a number (the shortest that reads back exactly), for CSV.
std::string exact(double value);

/// Escapes &, <, >, " and ' for HTML/XML text and attributes.
std::string escape_xml(const std::string& text);
/// Escapes | for a Markdown table cell; a line break becomes <br>.
std::string escape_md_cell(const std::string& text);

/// "UQA330 준공업지역", or "(no zoning)" for the uncovered part.
std::string zone_label(const ReportZoneRow& row);

/// "BCR 60 %, FAR 200 %" style text of a zone's base limits; "—" when none.
std::string base_limits_text(const ReportZoneRow& row);
/// One line per relaxation: "FAR 400 % → 480 % (knowledge-industry-center, ≥ 50 % encouraged;
/// rule seongsu-kic-far-120)"; empty when none.
std::string relaxed_limit_text(const ReportZoneRow& row, const ReportRelaxedLimit& limit);

/// Approximate width of a text in ems (CJK = 1, narrow = 0.55), for placing SVG labels.
double text_width_em(const std::string& text);

/// The label of a parcel group: "wholly inside", "straddling the edge", …
const char* group_label(const std::string& key);

}  // namespace jigu::report

namespace jigu::report {

/// A table of display strings shared by the Markdown and HTML writers.
struct TextTable {
  std::vector<std::string> header;
  std::vector<bool> right;  ///< right-align the column (numbers)
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> swatch;  ///< per row: a colour shown before the first cell
  std::vector<bool> emphasis;       ///< per row: a total row
};

TextTable inputs_table(const AreaReport& report);
/// Every district's area beside its official figure, and the total.
TextTable areas_table(const AreaReport& report);
/// One district's (or the total's) area figures as label/value rows.
TextTable area_table(const AreaReport& report, const ReportArea& area);
/// Zoning rows with the rules' limits; `relaxations` adds the district's relaxed limits.
TextTable zoning_table(const std::vector<ReportZoneRow>& rows, bool relaxations);
/// `all`: the workspace's table (areas inside any district).
TextTable parcels_table(const ReportParcelStats& stats, bool all = false);
TextTable largest_table(const ReportParcelStats& stats);

/// "planar in EPSG:5186 (…)" → the column head "planar (EPSG:5186)".
std::string planar_head(const AreaReport& report);
std::string geodesic_head(const AreaReport& report);

}  // namespace jigu::report
