// `jigu info`: what a layer is: driver, CRS and the operation to the working CRS, feature
// count, extent, fields, text encoding and where it came from, geometry validity.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/common_options.hpp"
#include "jigu/error.hpp"
#include "jigu/table.hpp"

namespace jigu::cli {

namespace {

std::string crs_text(const CrsInfo& crs) {
  if (crs.source_name.empty()) return "none";
  std::string text = crs.source_name;
  if (!crs.source_id.empty()) text += " (" + crs.source_id + ")";
  if (crs.source_overridden) text += ", named with --s-crs";
  return text;
}

std::string operation_text(const CrsInfo& crs) {
  std::string text = crs.operation;
  if (!crs.operation_id.empty()) text += " [" + crs.operation_id + "]";
  if (crs.accuracy_m >= 0) text += fmt::format(", accuracy {} m", crs.accuracy_m);
  if (crs.ballpark) {
    text +=
        "; BALLPARK: no datum shift (hundreds of metres off); other commands refuse it "
        "unless --allow-ballpark";
  }
  return text;
}

std::string encoding_text(const EncodingInfo& e) {
  std::string text = e.name + " (" + to_string(e.origin) + ")";
  if (!e.note.empty()) text += ": " + e.note;
  return text;
}

class InfoCommand : public Command {
 public:
  std::string name() const override { return "info"; }
  std::string summary() const override {
    return "Describe a layer: driver, CRS, features, extent, fields, encoding, validity";
  }

  void add_options(CLI::App& app) override {
    app.add_option("source", m_source, "Any vector source GDAL reads")->required();
    add_layer_flags(app, m_flags);
  }

  int run(const GlobalOptions& global, Streams streams) override {
    ReadOptions read = read_options(m_flags, working_crs(global));
    read.require_crs = false;
    read.allow_ballpark = true;  // info describes the operation; it does not use it
    if (read.invalid == InvalidPolicy::Fail) read.invalid = InvalidPolicy::Skip;
    const FeatureSet set = read_layer(m_source, read);
    const LayerInfo& info = set.info;
    const GeometryCounts& c = set.counts;
    const bool has_extent = set.extent.min.x <= set.extent.max.x;
    const std::string extent_crs = info.crs.source_name.empty() ? "as stored" : info.crs.working;

    if (parse_output_format(global.format) == OutputFormat::Json) {
      nlohmann::ordered_json doc;
      doc["source"] = info.source;
      doc["layer"] = info.layer;
      doc["driver"] = info.driver;
      doc["geometry_type"] = info.geometry_type;
      doc["feature_count"] = info.feature_count;
      doc["crs"] = {{"name", info.crs.source_name},
                    {"id", info.crs.source_id},
                    {"overridden", info.crs.source_overridden},
                    {"working", info.crs.working},
                    {"operation", info.crs.operation},
                    {"operation_id", info.crs.operation_id},
                    {"accuracy_m", info.crs.accuracy_m},
                    {"ballpark", info.crs.ballpark}};
      if (has_extent) {
        doc["extent"] = {{"crs", extent_crs},
                         {"xmin", set.extent.min.x},
                         {"ymin", set.extent.min.y},
                         {"xmax", set.extent.max.x},
                         {"ymax", set.extent.max.y}};
      }
      doc["encoding"] = {{"name", info.encoding.name},
                         {"origin", to_string(info.encoding.origin)},
                         {"note", info.encoding.note}};
      nlohmann::ordered_json fields = nlohmann::ordered_json::array();
      for (const auto& f : info.fields)
        fields.push_back({{"name", f.name}, {"type", to_string(f.type)}});
      doc["fields"] = fields;
      doc["geometries"] = {{"read", c.read},
                           {"valid", c.valid},
                           {"repaired", c.repaired},
                           {"skipped", c.skipped},
                           {"empty", c.empty}};
      nlohmann::ordered_json problems = nlohmann::ordered_json::array();
      for (const auto& p : set.problems) {
        problems.push_back({{"feature", p.feature_id}, {"code", p.code}, {"message", p.message}});
      }
      doc["problems"] = problems;
      streams.out << doc.dump(2) << '\n';
    } else {
      Table t;
      t.columns = {{"property", 0, false}, {"value", 0, false}};
      auto add = [&t](std::string key, std::string value) {
        t.rows.push_back({Cell(std::move(key)), Cell(std::move(value))});
      };
      add("source", info.source);
      add("layer", info.layer);
      add("driver", info.driver);
      add("geometry type", info.geometry_type);
      add("features", std::to_string(info.feature_count));
      add("crs", crs_text(info.crs));
      add("to working crs", info.crs.working + " by " + operation_text(info.crs));
      if (has_extent) {
        add("extent (" + extent_crs + ")",
            fmt::format("{:.3f} {:.3f} {:.3f} {:.3f}", set.extent.min.x, set.extent.min.y,
                        set.extent.max.x, set.extent.max.y));
      }
      add("encoding", encoding_text(info.encoding));
      for (const auto& f : info.fields) add("field", f.name + " (" + to_string(f.type) + ")");
      add("geometries", fmt::format("{} read: {} valid, {} repaired, {} skipped, {} empty", c.read,
                                    c.valid, c.repaired, c.skipped, c.empty));
      write_table(streams.out, t, parse_output_format(global.format));
    }
    // info reports problems as data; they are not warnings here.
    return global.strict && !set.problems.empty() ? static_cast<int>(ExitCode::ProblemsFound) : 0;
  }

 private:
  std::string m_source;
  LayerFlags m_flags;
};

}  // namespace

std::unique_ptr<Command> make_info_command() {
  return std::make_unique<InfoCommand>();
}

}  // namespace jigu::cli
