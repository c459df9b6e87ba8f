// The area report as one self-contained HTML5 file: inline CSS and SVG maps, no external
// requests, laid out to print on A4.
#include <ostream>

#include "jigu/report.hpp"
#include "report/svg_map.hpp"
#include "session/area_report_format.hpp"

namespace jigu {

namespace {

using report::escape_xml;
using report::TextTable;

constexpr const char* kCss = R"css(
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #c9c9c9; --band: #f3f3ef; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1000px; padding: 24px 28px 48px; color: var(--ink);
  font: 14px/1.45 "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo",
  sans-serif; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.meta { color: var(--muted); margin: 2px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 12.5px; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 3px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; vertical-align: top; text-align: left; }
td { white-space: pre-line; }
td:first-child { white-space: nowrap; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 1.5px solid var(--ink); }
td.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 10.5px; word-break: break-all; }
span.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  border: 1px solid #777; vertical-align: -1px; }
figure { margin: 8px 0 14px; }
figure svg { display: block; width: 100%; max-width: 720px; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
ul.notes li { margin: 2px 0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule);
  padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  section.district { break-before: page; }
  figure, table { break-inside: avoid; }
  figure svg { max-width: 180mm; max-height: 200mm; }
  tr { break-inside: avoid; }
}
)css";

void html_table(std::ostream& out, const TextTable& t, const std::string& caption,
                const std::string& css_class = "") {
  out << "<table" << (css_class.empty() ? "" : " class=\"" + css_class + "\"") << ">";
  if (!caption.empty()) out << "<caption>" << escape_xml(caption) << "</caption>";
  out << "<thead><tr>";
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    out << "<th scope=\"col\"" << (t.right[i] ? " class=\"num\"" : "") << ">"
        << escape_xml(t.header[i]) << "</th>";
  }
  out << "</tr></thead><tbody>";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const bool total = r < t.emphasis.size() && t.emphasis[r];
    out << (total ? "<tr class=\"total\">" : "<tr>");
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      std::string cls;
      if (t.right[c]) cls = "num";
      if (t.header[c].rfind("SHA-256", 0) == 0) cls = "hash";
      out << "<td" << (cls.empty() ? "" : " class=\"" + cls + "\"") << ">";
      if (c == 0 && r < t.swatch.size()) {
        // The swatch's colour comes from a class per colour, declared in the page's style.
        out << "<span class=\"swatch c" << t.swatch[r].substr(1) << "\"></span>";
      }
      out << escape_xml(t.rows[r][c]) << "</td>";
    }
    out << "</tr>";
  }
  out << "</tbody></table>\n";
}

void html_notes(std::ostream& out, const AreaReport& r, const std::string& district) {
  out << "<ul class=\"notes\">";
  bool any = false;
  for (const auto& n : r.notes) {
    if (n.district != district) continue;
    out << "<li><strong>" << escape_xml(n.code) << "</strong>: " << escape_xml(n.text) << "</li>";
    any = true;
  }
  if (!any) out << "<li>none</li>";
  out << "</ul>\n";
}

// One CSS class per swatch colour used, so that no element needs a style attribute.
std::string swatch_css(const AreaReport& r) {
  std::vector<std::string> colours;
  auto add = [&](const std::vector<ReportZoneRow>& rows) {
    for (const auto& z : rows) {
      if (std::find(colours.begin(), colours.end(), z.colour) == colours.end()) {
        colours.push_back(z.colour);
      }
    }
  };
  add(r.workspace.zoning);
  for (const auto& d : r.districts) add(d.zoning);
  std::string css;
  for (const auto& c : colours) css += "span.c" + c.substr(1) + " { background: " + c + "; }\n";
  return css;
}

}  // namespace

void write_report_html(std::ostream& out, const AreaReport& r) {
  out << "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"jigu " << escape_xml(r.versions.jigu) << "\">\n"
      << "<title>" << escape_xml(r.title) << "</title>\n<style>" << kCss << swatch_css(r)
      << "</style>\n</head>\n<body>\n";

  out << "<header>\n<h1>" << escape_xml(r.title) << "</h1>\n";
  out << "<p class=\"meta\">Generated <time datetime=\"" << escape_xml(r.generated) << "\">"
      << escape_xml(r.generated) << "</time> by jigu " << escape_xml(r.versions.jigu) << " (GDAL "
      << escape_xml(r.versions.gdal) << ", GEOS " << escape_xml(r.versions.geos) << ", PROJ "
      << escape_xml(r.versions.proj) << ", EPSG database " << escape_xml(r.versions.epsg)
      << ") from workspace <code>" << escape_xml(r.workspace_file) << "</code>.</p>\n";
  out << "<p class=\"meta\">Rules: "
      << (r.rules_version ? escape_xml(*r.rules_name) + ", version " + escape_xml(*r.rules_version)
                          : std::string("none loaded (zone limits and district relaxations left "
                                        "out)"))
      << ".</p>\n";
  out << "<p class=\"meta\">Working CRS " << escape_xml(r.working_crs) << " ("
      << escape_xml(r.working_crs_name) << "). Areas: " << escape_xml(r.method.planar) << "; "
      << escape_xml(r.method.geodesic) << ".</p>\n</header>\n<main>\n";

  out << "<section id=\"inputs\">\n<h2>Inputs</h2>\n";
  html_table(
      out, report::inputs_table(r),
      "Each file set's checksum is the SHA-256 of its sha256sum listing (docs/report-schema.md)");
  out << "</section>\n";

  out << "<section id=\"all-districts\">\n<h2>All districts</h2>\n";
  out << "<h3>Areas</h3>\n";
  html_table(out, report::areas_table(r),
             "Official areas from the district layer; computed "
             "areas from the district polygons");
  out << "<figure>" << report::overview_map_svg(r)
      << "<figcaption>All districts over their zoning, in " << escape_xml(r.working_crs)
      << " (grid north up).</figcaption></figure>\n";
  out << "<h3>Zoning of all districts</h3>\n";
  html_table(out, report::zoning_table(r.workspace.zoning, false), "");
  out << "<h3>Parcels of all districts</h3>\n";
  html_table(out, report::parcels_table(r.workspace.parcels, true),
             "Of " + report::grouped(r.workspace.parcels_in_layer) +
                 " parcels in the layer; a parcel is counted once even when it touches two "
                 "districts");
  out << "</section>\n";

  for (std::size_t i = 0; i < r.districts.size(); ++i) {
    const ReportDistrict& d = r.districts[i];
    out << "<section class=\"district\" id=\"district-" << escape_xml(d.id) << "\">\n<h2>"
        << escape_xml(d.name) << " <code>" << escape_xml(d.id) << "</code></h2>\n";
    if (!d.encouraged_industries.empty()) {
      out << "<p>Encouraged industries (권장업종): ";
      for (std::size_t k = 0; k < d.encouraged_industries.size(); ++k) {
        out << (k ? "; " : "") << escape_xml(d.encouraged_industries[k]);
      }
      out << ".</p>\n";
    }
    out << "<figure>" << report::district_map_svg(r, i) << "<figcaption>" << escape_xml(d.name)
        << ": district boundary over its zoning, with the outlines of the "
        << report::grouped(static_cast<std::int64_t>(d.map.parcels.size()))
        << " parcels that touch it; " << escape_xml(r.working_crs)
        << ", grid north up.</figcaption></figure>\n";
    out << "<h3>Area</h3>\n";
    html_table(out, report::area_table(r, d.area), "");
    out << "<h3>Zoning</h3>\n";
    html_table(out, report::zoning_table(d.zoning, true),
               "BCR (건폐율) and FAR (용적률) limits from the rules file; relaxations apply only "
               "under their conditions");
    out << "<h3>Parcels</h3>\n";
    html_table(out, report::parcels_table(d.parcels), "");
    if (!d.parcels.largest.empty()) {
      out << "<h3>Largest parcels</h3>\n";
      html_table(out, report::largest_table(d.parcels), "");
    }
    out << "<h3>Notes</h3>\n";
    html_notes(out, r, d.id);
    out << "</section>\n";
  }
  out << "<section id=\"quality\">\n<h2>Data-quality notes (workspace)</h2>\n";
  html_notes(out, r, "");
  out << "</section>\n</main>\n";
  out << "<footer>jigu area report · schema jigu-area-report/1 · the same numbers in full "
         "precision: <code>jigu report --of json</code> or <code>--of csv</code>.</footer>\n";
  out << "</body>\n</html>\n";
}

}  // namespace jigu
