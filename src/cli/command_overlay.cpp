// `jigu overlay`: each district's area broken down by zoning.
#include "cli/common_options.hpp"
#include "jigu/area.hpp"
#include "jigu/overlay.hpp"
#include "jigu/table.hpp"

namespace jigu::cli {

namespace {

class OverlayCommand : public Command {
 public:
  std::string name() const override { return "overlay"; }
  std::string summary() const override {
    return "Each district's area by zoning: zone code, name, area and share";
  }

  void add_options(CLI::App&) override {}

  int run(const GlobalOptions& global, Streams streams) override {
    const Workspace workspace = load_workspace(global);
    std::vector<Problem> problems;
    const Locator locator = open_locator(workspace, ReadOptions{}, &problems);
    Table t;
    t.caption = "zoning of each district: areas " + GeodesicArea(workspace.crs).method().planar +
                "; specific zones win over generic ones; the part no zoning covers has no code";
    t.columns = {{"district", 0, false},  {"district_area_m2", 2, true}, {"zone", 0, false},
                 {"zone_name", 0, false}, {"area_m2", 2, true},          {"share", 6, true}};
    for (const auto& row : overlay(locator)) {
      t.rows.push_back(
          {row.district_id, row.district_area_m2, row.code, row.zone_name, row.area_m2, row.share});
    }
    write_table(streams.out, t, parse_output_format(global.format));
    return report_problems(global, streams.err, problems);
  }
};

}  // namespace

std::unique_ptr<Command> make_overlay_command() {
  return std::make_unique<OverlayCommand>();
}

}  // namespace jigu::cli
