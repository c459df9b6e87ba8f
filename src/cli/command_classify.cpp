// `jigu classify`: every parcel (or point) of a layer with its districts and zone shares,
// written to GeoPackage, shapefile, GeoJSON or CSV.
#include <unistd.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string_view>
#include <variant>

#include "cli/common_options.hpp"
#include "jigu/classify.hpp"
#include "jigu/error.hpp"
#include "jigu/feature_writer.hpp"
#include "jigu/table.hpp"

namespace jigu::cli {

namespace {

// "id:share;id:share", shares in the shortest text that reads back exactly.
void join_districts(const Classification& c, std::string& text) {
  text.clear();
  for (const auto& d : c.districts) {
    fmt::format_to(std::back_inserter(text), "{}{}:{}", text.empty() ? "" : ";", d.id, d.share);
  }
}

// "code:share;...", with "-" for the part no zoning covers.
void join_zones(const Classification& c, std::string& text) {
  text.clear();
  for (const auto& z : c.zones) {
    fmt::format_to(std::back_inserter(text), "{}{}:{}", text.empty() ? "" : ";",
                   z.code.empty() ? "-" : z.code, z.share);
  }
}

// Sets `value` to a string, reusing the string it may hold already.
std::string& text_in(AttributeValue& value) {
  if (!std::holds_alternative<std::string>(value)) value = std::string();
  return std::get<std::string>(value);
}

/// Rewrites a progress line on a terminal, at most every 1 % of the work.
class Progress {
 public:
  Progress(bool enabled, std::int64_t total) : m_enabled(enabled), m_total(total) {}
  void operator()(std::int64_t done) {
    if (!m_enabled) return;
    const int percent = m_total > 0 ? static_cast<int>(100 * done / m_total) : -1;
    if (percent == m_last && percent >= 0) return;
    m_last = percent;
    if (percent >= 0) {
      std::fprintf(stderr, "\rclassify: %lld / %lld features (%d%%)", static_cast<long long>(done),
                   static_cast<long long>(m_total), percent);
    } else {
      std::fprintf(stderr, "\rclassify: %lld features", static_cast<long long>(done));
    }
  }
  void finish() {
    if (m_enabled) std::fputs("\n", stderr);
  }

 private:
  bool m_enabled;
  std::int64_t m_total;
  int m_last = -2;
};

class ClassifyCommand : public Command {
 public:
  std::string name() const override { return "classify"; }
  std::string summary() const override {
    return "Every parcel (or point) of a layer with its districts and zone shares, to a file";
  }

  void add_options(CLI::App& app) override {
    app.add_option("parcels", m_input,
                   "Parcels or points, any OGR source (default: the "
                   "workspace's parcels)");
    app.add_option("-o,--output", m_output, "Output file: .gpkg, .shp, .geojson or .csv")
        ->required();
    app.add_option("--of", m_driver, "GDAL output driver, overriding the extension (e.g. GPKG)");
    app.add_flag("--overwrite", m_overwrite, "Replace an existing output");
    app.add_flag("--spatial-index", m_spatial_index,
                 "Build the GeoPackage's spatial index (off by default: GDAL's R-tree over 1M "
                 "parcels takes four times as long as classifying them)");
    app.add_option("--zoning", m_zoning, "Zoning layer (default: the workspace's)");
    app.add_option("--districts", m_districts, "District layer (default: the workspace's)");
    app.add_option("--id-field", m_id_field,
                   "Field identifying input features (default: the "
                   "workspace's parcel id field, or the FID)");
    app.add_option("--min-share", m_options.min_share,
                   "A district counts as 'in' when it covers at least this share of a parcel "
                   "(NYC Zoning Tax Lot rule: 0.1)")
        ->capture_default_str();
    app.add_option("--threads", m_options.threads, "Worker threads (default: one per core)");
    add_layer_flags(app, m_flags);
  }

  int run(const GlobalOptions& global, Streams streams) override {
    m_options.validate();
    const Workspace workspace = load_workspace(global);
    const std::string driver = m_driver.empty() ? driver_for_path(m_output) : m_driver;
    if (driver.empty()) {
      throw UsageError("'" + m_output +
                       "': unknown output type; use .gpkg, .shp, .geojson or "
                       ".csv, or name a driver with --of");
    }
    // Refuse to overwrite before reading anything.
    if (std::filesystem::exists(m_output) && !m_overwrite) {
      throw UsageError("'" + m_output + "': exists; pass --overwrite to replace it");
    }
    std::vector<std::string> inputs = workspace_inputs(workspace);
    for (const auto* extra : {&m_input, &m_zoning, &m_districts}) {
      if (!extra->empty()) inputs.push_back(*extra);
    }
    refuse_input_as_output(m_output, inputs);
    const ReadOptions base = read_options(m_flags, workspace.crs);
    std::vector<Problem> problems;
    auto reference = [&](const std::string& role, const std::string& override_source) {
      const LayerRef& ref = workspace.layer(role);
      ReadOptions o = ref.read_options(ReadOptions{});
      o.working_crs = workspace.crs;
      FeatureSet set = read_layer(override_source.empty() ? ref.source : override_source, o);
      problems.insert(problems.end(), set.problems.begin(), set.problems.end());
      return set;
    };
    const FeatureSet zoning = reference("zoning", m_zoning);
    const FeatureSet districts = reference("districts", m_districts);

    ReadOptions input_options = base;
    std::string input = m_input;
    if (input.empty()) {
      const LayerRef& parcels = workspace.layer("parcels");
      input = parcels.source;
      input_options = parcels.read_options(base);
    }
    if (!m_id_field.empty()) input_options.id_field = m_id_field;
    LayerReader reader(input, input_options);
    const bool points = reader.info().geometry_type.find("Point") != std::string::npos;
    // Points also get the parcel under them, from the workspace's parcels.
    const FeatureSet parcels =
        points && workspace.layers.count("parcels") ? reference("parcels", "") : FeatureSet{};

    std::vector<Field> fields = {{"id", FieldType::String},       {"area_m2", FieldType::Real},
                                 {"district", FieldType::String}, {"dist_share", FieldType::Real},
                                 {"dist_in", FieldType::Integer}, {"districts", FieldType::String},
                                 {"zone", FieldType::String},     {"zone_share", FieldType::Real},
                                 {"zones", FieldType::String},    {"n_zones", FieldType::Integer}};
    if (points) fields.push_back({"parcel", FieldType::String});
    WriteOptions wo;
    wo.driver = driver;
    wo.crs = workspace.crs;
    wo.overwrite = m_overwrite;
    wo.with_geometry = driver != "CSV";
    if (driver == "GeoJSON") wo.layer_options = {"RFC7946=YES", "COORDINATE_PRECISION=7"};
    if (driver == "GPKG" && !m_spatial_index) wo.layer_options = {"SPATIAL_INDEX=NO"};
    FeatureWriter writer(m_output, "classified", fields, wo);

    Progress progress(!global.quiet && ::isatty(STDERR_FILENO), reader.info().feature_count);
    // Rows are built in the serial stage, into values reused from row to row: on the worker
    // threads they cost more CPU on two cores (both are busy anyway, and the insert then reads
    // what another core made; BENCHMARKS.md).
    std::vector<AttributeValue> values(fields.size());
    const ClassifyStats stats = classify(
        reader, zoning, districts, parcels, m_options,
        [&](const Feature& f, const Classification& c) {
          text_in(values[0]) = f.id;
          values[1] = c.area_m2;
          text_in(values[2]) = c.districts.empty() ? std::string_view() : c.districts.front().id;
          values[3] = c.districts.empty() ? 0.0 : c.districts.front().share;
          values[4] = static_cast<std::int64_t>(c.in_district);
          join_districts(c, text_in(values[5]));
          text_in(values[6]) = c.zones.empty() ? std::string_view() : c.zones.front().code;
          values[7] = c.zones.empty() ? 0.0 : c.zones.front().share;
          join_zones(c, text_in(values[8]));
          values[9] = static_cast<std::int64_t>(c.zones.size());
          if (points) {
            text_in(values[10]) = c.parcel ? std::string_view(*c.parcel) : std::string_view();
          }
          writer.write(values, &f.geometry);
        },
        [&](std::int64_t done) { progress(done); });
    progress.finish();
    problems.insert(problems.end(), reader.problems().begin(), reader.problems().end());
    writer.commit();
    if (parse_output_format(global.format) == OutputFormat::Json) {
      nlohmann::ordered_json summary = {{"output", m_output},
                                        {"features", stats.features},
                                        {"crossing_zone_boundaries", stats.crossed},
                                        {"problems", problems.size()}};
      streams.out << summary.dump(2) << '\n';
    }
    return report_problems(global, streams.err, problems);
  }

 private:
  std::string m_input;
  std::string m_output;
  std::string m_driver;
  std::string m_zoning;
  std::string m_districts;
  std::string m_id_field;
  bool m_overwrite = false;
  bool m_spatial_index = false;
  ClassifyOptions m_options;
  LayerFlags m_flags;
};

}  // namespace

std::unique_ptr<Command> make_classify_command() {
  return std::make_unique<ClassifyCommand>();
}

}  // namespace jigu::cli
