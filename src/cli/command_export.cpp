// `jigu export`: any layer (a file, or a workspace layer by name) as RFC 7946 GeoJSON for web
// maps, through GDAL's GeoJSON writer, then checked by jigu before it is put in place.
#include <filesystem>
#include <sstream>

#include "cli/common_options.hpp"
#include "jigu/error.hpp"
#include "jigu/feature_writer.hpp"
#include "jigu/geojson_check.hpp"

namespace jigu::cli {

namespace {

class ExportCommand : public Command {
 public:
  std::string name() const override { return "export"; }
  std::string summary() const override {
    return "A layer (file or workspace layer name) as RFC 7946 GeoJSON for web maps";
  }

  void add_options(CLI::App& app) override {
    app.add_option("source", m_source,
                   "A vector file, or a workspace layer name (districts, zoning, parcels)")
        ->required();
    app.add_option("-o,--output", m_output, "Output .geojson file")->required();
    app.add_option("--precision", m_precision, "Decimals of the lon/lat coordinates")
        ->check(CLI::Range(1, 15))
        ->capture_default_str();
    app.add_flag("--bbox", m_bbox, "Write a bbox member for each feature and the collection");
    app.add_flag("--overwrite", m_overwrite, "Replace an existing output");
    add_layer_flags(app, m_flags);
  }

  int run(const GlobalOptions& global, Streams streams) override {
    if (std::filesystem::exists(m_output) && !m_overwrite) {
      throw UsageError("'" + m_output + "': exists; pass --overwrite to replace it");
    }
    const std::string working = working_crs(global);
    ReadOptions options = read_options(m_flags, working);
    std::string source = m_source;
    if (!std::filesystem::exists(source) && source.find(':') == std::string::npos) {
      const Workspace workspace = load_workspace(global);
      if (workspace.layers.count(source)) {
        const LayerRef& ref = workspace.layer(source);
        source = ref.source;
        options = ref.read_options(options);
      }
    }
    refuse_input_as_output(m_output, {source});
    LayerReader reader(source, options);
    WriteOptions wo;
    wo.driver = "GeoJSON";
    wo.crs = working;
    wo.overwrite = m_overwrite;
    // RFC 7946 mode: GDAL reprojects to WGS 84, winds rings counter-clockwise, omits `crs`.
    wo.layer_options = {"RFC7946=YES", "COORDINATE_PRECISION=" + std::to_string(m_precision),
                        std::string("WRITE_BBOX=") + (m_bbox ? "YES" : "NO")};
    FeatureWriter writer(m_output, reader.info().layer, reader.info().fields, wo);
    Feature f;
    while (reader.next(f)) writer.write(f.attributes, &f.geometry);
    GeoJsonCheckOptions check;
    check.max_decimals = m_precision;
    writer.commit([&](const std::string& path) {
      const auto problems = check_geojson(path, check, m_output);
      if (!problems.empty()) {
        throw BackendError("the GeoJSON written fails jigu's RFC 7946 check: " + problems.front() +
                           " (" + std::to_string(problems.size()) + " problems)");
      }
    });
    return report_problems(global, streams.err, reader.problems());
  }

 private:
  std::string m_source;
  std::string m_output;
  int m_precision = 7;
  bool m_bbox = false;
  bool m_overwrite = false;
  LayerFlags m_flags;
};

}  // namespace

std::unique_ptr<Command> make_export_command() {
  return std::make_unique<ExportCommand>();
}

}  // namespace jigu::cli
