// `jigu overlay`: each district's area broken down by zoning.
#include <filesystem>
#include "cli/common_options.hpp"

#include "jigu/area.hpp"
#include "jigu/error.hpp"
#include "jigu/feature_writer.hpp"
#include "jigu/overlay.hpp"
#include "jigu/session.hpp"
#include "jigu/table.hpp"

namespace jigu::cli {

namespace {

class OverlayCommand : public Command {
 public:
  std::string name() const override { return "overlay"; }
  std::string summary() const override {
    return "Each district's area by zoning: zone code, name, area and share";
  }

  void add_options(CLI::App& app) override {
    app.add_option("-o,--output", m_output,
                   "Also write the pieces (district x zone) with their geometry: .gpkg, .shp, "
                   ".geojson (RFC 7946) or .csv");
    app.add_flag("--overwrite", m_overwrite, "Replace an existing output");
  }

  int run(const GlobalOptions& global, Streams streams) override {
    Session session(load_workspace(global));
    const Workspace& workspace = session.workspace();
    const Locator& locator = session.locator(LocatorLayers::WithoutParcels);
    Table t;
    t.caption = "zoning of each district: areas " + GeodesicArea(workspace.crs).method().planar +
                "; specific zones win over generic ones; the part no zoning covers has no code";
    t.columns = {{"district", 0, false},  {"district_area_m2", 2, true}, {"zone", 0, false},
                 {"zone_name", 0, false}, {"area_m2", 2, true},          {"share", 6, true}};
    if (!m_output.empty() && std::filesystem::exists(m_output) && !m_overwrite) {
      throw UsageError("'" + m_output + "': exists; pass --overwrite to replace it");
    }
    if (!m_output.empty()) refuse_input_as_output(m_output, workspace_inputs(workspace));
    const auto rows = overlay(locator, OverlayOptions{!m_output.empty()});
    for (const auto& row : rows) {
      t.rows.push_back(
          {row.district_id, row.district_area_m2, row.code, row.zone_name, row.area_m2, row.share});
    }
    if (!m_output.empty()) write_pieces(rows, workspace.crs);
    write_table(streams.out, t, parse_output_format(global.format));
    return report_problems(global, streams.err, session.problems());
  }

 private:
  void write_pieces(const std::vector<OverlayRow>& rows, const std::string& crs) const {
    WriteOptions wo;
    wo.driver = driver_for_path(m_output);
    if (wo.driver.empty()) throw UsageError("'" + m_output + "': unknown output type");
    wo.crs = crs;
    wo.overwrite = m_overwrite;
    wo.with_geometry = wo.driver != "CSV";
    if (wo.driver == "GeoJSON") wo.layer_options = {"RFC7946=YES", "COORDINATE_PRECISION=7"};
    const std::vector<Field> fields = {
        {"district", FieldType::String},  {"dist_m2", FieldType::Real}, {"zone", FieldType::String},
        {"zone_name", FieldType::String}, {"area_m2", FieldType::Real}, {"share", FieldType::Real}};
    FeatureWriter writer(m_output, "overlay", fields, wo);
    for (const auto& r : rows) {
      writer.write({r.district_id, r.district_area_m2, r.code, r.zone_name, r.area_m2, r.share},
                   &r.geometry);
    }
    writer.commit();
  }

  std::string m_output;
  bool m_overwrite = false;
};

}  // namespace

std::unique_ptr<Command> make_overlay_command() {
  return std::make_unique<OverlayCommand>();
}

}  // namespace jigu::cli
