// `jigu area`: planar and geodesic areas of a layer's features, or of the workspace's districts
// beside their official figures.
#include <cmath>
#include <filesystem>
#include <optional>

#include "cli/common_options.hpp"
#include "jigu/area.hpp"
#include "jigu/table.hpp"

namespace jigu::cli {

namespace {

class AreaCommand : public Command {
 public:
  std::string name() const override { return "area"; }
  std::string summary() const override {
    return "Planar and geodesic area of each feature (default: the workspace's districts, with "
           "their official areas)";
  }

  void add_options(CLI::App& app) override {
    app.add_option("source", m_source, "Any vector source GDAL reads (default: the districts)");
    app.add_option("--by", m_options.by_field, "Sum the areas by this field's value");
    app.add_option("--id-field", m_id_field, "Field identifying features (default: the FID)");
    app.add_option("--name-field", m_name_field, "Field naming features");
    add_layer_flags(app, m_flags);
  }

  int run(const GlobalOptions& global, Streams streams) override {
    ReadOptions read = read_options(m_flags, working_crs(global));
    std::string source = m_source;
    std::string label = "'" + m_source + "'";
    if (source.empty()) {
      const Workspace workspace = load_workspace(global);
      const LayerRef& districts = workspace.layer("districts");
      source = districts.source;
      read = districts.read_options(read);
      m_options.official_area_field = districts.official_area_field;
      label =
          "the workspace's districts ('" + std::filesystem::path(source).filename().string() + "')";
    } else {
      read.id_field = m_id_field;
      read.name_field = m_name_field;
    }
    const FeatureSet features = read_layer(source, read);
    const AreaSummary summary = measure_areas(features, m_options);
    write_table(streams.out, to_table(label, summary), parse_output_format(global.format));
    return report_problems(global, streams.err, features.problems);
  }

 private:
  Table to_table(const std::string& label, const AreaSummary& summary) const {
    const bool official = !m_options.official_area_field.empty();
    const bool grouped = !m_options.by_field.empty();
    Table t;
    t.caption = "areas of " + label + ": " + summary.method.planar + "; " + summary.method.geodesic;
    t.columns.push_back({grouped ? m_options.by_field : "id", 0, false});
    t.columns.push_back({grouped ? "count" : "name", 0, grouped});
    if (official) t.columns.push_back({"official_m2", 0, true});
    t.columns.push_back({summary.planar_key, 2, true});
    t.columns.push_back({summary.geodesic_key, 2, true});
    if (official) {
      t.columns.push_back({"planar_minus_official_m2", 2, true});
      t.columns.push_back({"planar_minus_official_pct", 4, true});
    }
    for (const auto& row : summary.rows) {
      std::vector<Cell> cells;
      cells.emplace_back(row.key);
      if (grouped) {
        cells.emplace_back(row.count);
      } else {
        cells.emplace_back(row.name);
      }
      if (official) {
        cells.push_back(row.official_m2 ? Cell(*row.official_m2) : Cell());
      }
      cells.emplace_back(row.planar_m2);
      cells.emplace_back(row.geodesic_m2);
      if (official) {
        if (row.official_m2 && *row.official_m2 != 0.0) {
          const double diff = row.planar_m2 - *row.official_m2;
          cells.emplace_back(diff);
          cells.emplace_back(100.0 * diff / *row.official_m2);
        } else {
          cells.emplace_back();
          cells.emplace_back();
        }
      }
      t.rows.push_back(std::move(cells));
    }
    return t;
  }

  std::string m_source;
  std::string m_id_field;
  std::string m_name_field;
  AreaOptions m_options;
  LayerFlags m_flags;
};

}  // namespace

std::unique_ptr<Command> make_area_command() {
  return std::make_unique<AreaCommand>();
}

}  // namespace jigu::cli
