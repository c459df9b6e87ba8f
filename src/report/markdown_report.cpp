// The area report as Markdown: the HTML report's tables without the maps.
#include <ostream>

#include "jigu/report.hpp"
#include "session/area_report_format.hpp"

namespace jigu {

namespace {

using report::TextTable;

void md_table(std::ostream& out, const TextTable& t) {
  out << '|';
  for (const auto& h : t.header) out << ' ' << report::escape_md_cell(h) << " |";
  out << "\n|";
  for (std::size_t i = 0; i < t.header.size(); ++i) out << (t.right[i] ? "---:|" : "---|");
  out << '\n';
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const bool bold = r < t.emphasis.size() && t.emphasis[r];
    out << '|';
    for (const auto& cell : t.rows[r]) {
      const std::string text = report::escape_md_cell(cell);
      out << ' ' << (bold && !text.empty() ? "**" + text + "**" : text) << " |";
    }
    out << '\n';
  }
  out << '\n';
}

void md_notes(std::ostream& out, const AreaReport& r, const std::string& district) {
  bool any = false;
  for (const auto& n : r.notes) {
    if (n.district != district) continue;
    out << "- **" << n.code << "**: " << n.text << '\n';
    any = true;
  }
  if (!any) out << "- none\n";
  out << '\n';
}

}  // namespace

void write_report_markdown(std::ostream& out, const AreaReport& r) {
  out << "# " << r.title << "\n\n";
  out << "Generated " << r.generated << " by jigu " << r.versions.jigu << " (GDAL "
      << r.versions.gdal << ", GEOS " << r.versions.geos << ", PROJ " << r.versions.proj
      << ", EPSG database " << r.versions.epsg << ") from workspace `" << r.workspace_file
      << "`.  \n";
  if (r.rules_version) {
    out << "Rules: " << *r.rules_name << ", version " << *r.rules_version << ".  \n";
  } else {
    out << "Rules: none loaded (zone limits and district relaxations left out).  \n";
  }
  out << "Working CRS: " << r.working_crs << " (" << r.working_crs_name
      << "). Areas: " << r.method.planar << "; " << r.method.geodesic << ".\n\n";

  out << "## Inputs\n\n";
  md_table(out, report::inputs_table(r));

  out << "## All districts\n\n### Areas\n\n";
  md_table(out, report::areas_table(r));
  out << "### Zoning of all districts\n\n";
  md_table(out, report::zoning_table(r.workspace.zoning, false));
  out << "### Parcels of all districts\n\n";
  out << "Of " << report::grouped(r.workspace.parcels_in_layer)
      << " parcels in the layer; a parcel is counted once even when it touches two districts. "
         "Shares are of the parcel's planar area.\n\n";
  md_table(out, report::parcels_table(r.workspace.parcels, true));

  for (const auto& d : r.districts) {
    out << "## " << d.name << " (`" << d.id << "`)\n\n";
    if (!d.encouraged_industries.empty()) {
      out << "Encouraged industries (권장업종): ";
      for (std::size_t i = 0; i < d.encouraged_industries.size(); ++i) {
        out << (i ? "; " : "") << d.encouraged_industries[i];
      }
      out << ".\n\n";
    }
    out << "### Area\n\n";
    md_table(out, report::area_table(r, d.area));
    out << "### Zoning\n\n";
    md_table(out, report::zoning_table(d.zoning, true));
    out << "### Parcels\n\n";
    md_table(out, report::parcels_table(d.parcels));
    if (!d.parcels.largest.empty()) {
      out << "### Largest parcels\n\n";
      md_table(out, report::largest_table(d.parcels));
    }
    out << "### Notes\n\n";
    md_notes(out, r, d.id);
  }
  out << "## Data-quality notes (workspace)\n\n";
  md_notes(out, r, "");
  out << "---\n\nThe maps are in the HTML report (`jigu report -o report.html`). Numbers here are "
         "rounded for reading; `--of json` and `--of csv` carry full precision.\n";
}

}  // namespace jigu
