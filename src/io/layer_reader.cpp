#include "jigu/layer_reader.hpp"

#include <charconv>
#include <cstdio>
#include <optional>

#include "analysis/validity.hpp"
#include "handles/ogr_layer.hpp"
#include "handles/proj_handles.hpp"
#include "io/encoding.hpp"
#include "jigu/error.hpp"

namespace jigu {

InvalidPolicy parse_invalid_policy(const std::string& text) {
  if (text == "fail") return InvalidPolicy::Fail;
  if (text == "skip") return InvalidPolicy::Skip;
  if (text == "repair") return InvalidPolicy::Repair;
  throw UsageError("--invalid: '" + text + "' is not one of fail, skip, repair");
}

void ReadOptions::validate() const {
  if (working_crs.empty()) throw UsageError("read options: the working CRS is empty");
}

namespace {

// Rows read to decide an undeclared shapefile encoding.
constexpr int kEncodingSampleRows = 10000;

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

std::string hex_byte(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

std::string format_point(const Point& p) {
  char text[64];
  std::snprintf(text, sizeof text, "(%.3f %.3f)", p.x, p.y);
  return text;
}

// The shortest text that reads back as `v` (for ids stored as reals).
std::string shortest(double v) {
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, v);
  return ec == std::errc() ? std::string(text, end) : std::to_string(v);
}

}  // namespace

struct LayerReader::Impl {
  std::string source;
  ReadOptions options;
  std::optional<handles::OgrLayer> layer;
  LayerInfo info;
  int id_index = -1;
  int name_index = -1;
  int code_index = -1;
  std::optional<io::TextDecoder> decoder;
  handles::Operation operation;
  GeometryCounts counts;
  std::vector<Problem> problems;
  handles::RawFeature raw;  // reused between features
  std::vector<double> xy;   // scratch for reprojection

  std::string where() const { return quoted(source) + " layer " + quoted(info.layer); }
  std::string where(const Feature& f) const { return where() + " feature " + f.id; }

  void describe();
  int find_field(const std::string& name, const char* role) const;
  void decide_encoding();
  void decide_shapefile_encoding();
  void resolve_crs();
  std::string key(const Feature& f, int index) const;
  void decode_attributes(Feature& f);
  void reproject(Geometry& g, const std::string& what);
  bool accept_geometry(Feature& f);
  void add_problem(const Feature& f, std::string code, std::string message,
                   std::optional<Point> location) {
    problems.push_back(Problem{where(), f.id, std::move(code), std::move(message), location});
  }
};

void LayerReader::Impl::describe() {
  info.source = source;
  info.layer = layer->name();
  info.driver = layer->driver();
  info.geometry_type = layer->geometry_type();
  info.feature_count = layer->feature_count();
  info.fields = layer->fields();
  id_index = find_field(options.id_field, "id");
  name_index = find_field(options.name_field, "name");
  code_index = find_field(options.code_field, "code");
}

int LayerReader::Impl::find_field(const std::string& name, const char* role) const {
  if (name.empty()) return -1;
  for (std::size_t i = 0; i < info.fields.size(); ++i) {
    if (info.fields[i].name == name) return static_cast<int>(i);
  }
  std::string names;
  for (const auto& f : info.fields) names += (names.empty() ? "" : ", ") + f.name;
  throw InputError(where() + ": no " + role + " field " + quoted(name) + " (fields: " + names +
                   ")");
}

void LayerReader::Impl::decide_encoding() {
  EncodingInfo& enc = info.encoding;
  if (!options.encoding.empty()) {
    enc.name = io::canonical_encoding(options.encoding, &enc.note);
    enc.origin = EncodingOrigin::Override;
  } else if (layer->is_shapefile()) {
    decide_shapefile_encoding();
  } else {
    // GeoJSON, GeoPackage, FlatGeobuf, ... store UTF-8 by definition; jigu still checks it.
    enc.name = "UTF-8";
    enc.origin = EncodingOrigin::Format;
  }
  decoder.emplace(enc.name);
}

// A .cpg first, then the DBF's language driver id, then the text itself (UTF-8, else CP949).
void LayerReader::Impl::decide_shapefile_encoding() {
  EncodingInfo& enc = info.encoding;
  const std::string cpg = layer->file_with_extension("cpg");
  const std::string dbf = layer->file_with_extension("dbf");
  if (!cpg.empty()) {
    if (auto text = handles::read_file_head(cpg, 64)) {
      std::string name = io::canonical_encoding(*text, &enc.note);
      if (!name.empty()) {
        enc.name = name;
        enc.origin = EncodingOrigin::Cpg;
        return;
      }
    }
  }
  std::optional<unsigned char> ldid;
  if (!dbf.empty()) {
    auto header = handles::read_file_head(dbf, 32);
    if (header && header->size() >= 30) ldid = static_cast<unsigned char>((*header)[29]);
  }
  if (ldid) {
    if (auto name = io::encoding_from_ldid(*ldid)) {
      enc.name = *name;
      enc.origin = EncodingOrigin::Ldid;
      enc.note = "language driver id " + hex_byte(*ldid);
      return;
    }
  }
  std::vector<std::string> samples;
  layer->reset();
  for (int row = 0; row < kEncodingSampleRows && layer->next(raw, false); ++row) {
    for (const auto& v : raw.values) {
      if (const auto* s = std::get_if<std::string>(&v)) samples.push_back(*s);
    }
  }
  layer->reset();
  const auto detected = io::detect_encoding(samples);
  if (!detected) {
    throw InputError(quoted(dbf) +
                     ": text is neither UTF-8 nor CP949 and no .cpg says what it is; name the "
                     "encoding with --encoding");
  }
  enc.name = *detected;
  enc.origin = EncodingOrigin::Detected;
  enc.note = "no .cpg; language driver id " + hex_byte(ldid.value_or(0)) +
             " names no code page; text " +
             (enc.name == "UTF-8" ? "is valid UTF-8" : "is not UTF-8 and decodes as CP949");
}

void LayerReader::Impl::resolve_crs() {
  std::string definition = options.source_crs;
  if (definition.empty()) {
    auto wkt = layer->crs_wkt();
    if (!wkt && !options.require_crs) {
      info.crs.working = options.working_crs;
      info.crs.operation = "none (the layer has no CRS; coordinates kept as stored)";
      return;
    }
    if (!wkt) {
      throw CrsError(where() +
                     ": the layer has no CRS (no .prj?); name it with --s-crs, e.g. "
                     "--s-crs EPSG:5186");
    }
    definition = *wkt;
  }
  handles::CrsResolution r =
      handles::resolve_crs(definition, !options.source_crs.empty(), options.working_crs, where());
  info.crs = r.info;
  operation = std::move(r.operation);
  if (operation.ballpark && !options.allow_ballpark) {
    throw CrsError(where() + ": no datum transformation from " + quoted(info.crs.source_name) +
                   " to " + options.working_crs +
                   " is known, only a ballpark one (no datum shift: about 360 m off in Seoul for "
                   "Bessel data); for Korean 1985 data name the CRS, e.g. --s-crs EPSG:5174, or "
                   "accept the error with --allow-ballpark");
  }
}

std::string LayerReader::Impl::key(const Feature& f, int index) const {
  if (index < 0) return {};
  const AttributeValue& v = f.attributes[static_cast<std::size_t>(index)];
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return shortest(*d);
  return {};
}

void LayerReader::Impl::decode_attributes(Feature& f) {
  f.attributes = std::move(raw.values);
  for (std::size_t i = 0; i < f.attributes.size(); ++i) {
    auto* s = std::get_if<std::string>(&f.attributes[i]);
    if (s == nullptr) continue;
    std::optional<std::string> decoded = decoder->decode(*s);
    if (!decoded) {
      throw InputError(where() + " feature " + std::to_string(f.fid) + " field " +
                       quoted(info.fields[i].name) + ": text is not valid " + decoder->encoding() +
                       "; name the right encoding with --encoding");
    }
    *s = std::move(*decoded);
  }
}

void LayerReader::Impl::reproject(Geometry& g, const std::string& what) {
  if (!operation.op) return;
  auto run = [&](std::vector<Point>& points) {
    xy.resize(2 * points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      xy[2 * i] = points[i].x;
      xy[2 * i + 1] = points[i].y;
    }
    handles::transform_xy(operation.op.get(), xy.data(), points.size(), what);
    for (std::size_t i = 0; i < points.size(); ++i) points[i] = Point{xy[2 * i], xy[2 * i + 1]};
  };
  run(g.points);
  for (auto& poly : g.polygons) {
    run(poly.outer);
    for (auto& h : poly.holes) run(h);
  }
}

// Applies the invalid-geometry policy; false when the feature is to be skipped.
bool LayerReader::Impl::accept_geometry(Feature& f) {
  Geometry& g = f.geometry;
  if (const auto reason = analysis::coordinate_problem(g)) {
    if (options.invalid == InvalidPolicy::Fail) throw GeometryError(where(f) + ": " + *reason);
    ++counts.skipped;
    add_problem(f, "invalid-coordinate", *reason + "; skipped", std::nullopt);
    return false;
  }
  reproject(g, where(f));
  const analysis::Validity v = analysis::check_validity(g);
  if (v.valid) {
    ++counts.valid;
    analysis::normalize_orientation(g);
    return true;
  }
  const std::string reason = v.reason + (v.location ? " at " + format_point(*v.location) : "");
  switch (options.invalid) {
    case InvalidPolicy::Fail:
      throw GeometryError(where(f) + ": invalid geometry: " + reason +
                          "; rerun with --invalid=repair or --invalid=skip");
    case InvalidPolicy::Skip:
      ++counts.skipped;
      add_problem(f, "invalid-geometry-skipped", reason + "; skipped", v.location);
      return false;
    case InvalidPolicy::Repair:
      break;
  }
  g = analysis::repair(g);
  ++counts.repaired;
  if (g.empty()) {
    ++counts.empty;
    add_problem(f, "invalid-geometry-collapsed", reason + "; repair left no area", v.location);
  } else {
    add_problem(f, "invalid-geometry-repaired", reason + "; repaired with GEOS MakeValid",
                v.location);
  }
  analysis::normalize_orientation(g);
  return true;
}

LayerReader::LayerReader(const std::string& source, const ReadOptions& options)
    : m_impl(std::make_unique<Impl>()) {
  options.validate();
  Impl& m = *m_impl;
  m.source = source;
  m.options = options;
  m.layer.emplace(source, options.layer);
  m.describe();
  m.decide_encoding();
  m.resolve_crs();
  m.layer->reset();
}

LayerReader::~LayerReader() = default;
LayerReader::LayerReader(LayerReader&&) noexcept = default;
LayerReader& LayerReader::operator=(LayerReader&&) noexcept = default;

const LayerInfo& LayerReader::info() const {
  return m_impl->info;
}
const GeometryCounts& LayerReader::counts() const {
  return m_impl->counts;
}
const std::vector<Problem>& LayerReader::problems() const {
  return m_impl->problems;
}

bool LayerReader::next(Feature& feature) {
  Impl& m = *m_impl;
  while (m.layer->next(m.raw, m.options.load_geometry)) {
    ++m.counts.read;
    feature = Feature{};
    feature.fid = m.raw.fid;
    m.decode_attributes(feature);
    feature.id = m.key(feature, m.id_index);
    if (feature.id.empty()) feature.id = std::to_string(feature.fid);
    feature.name = m.key(feature, m.name_index);
    feature.code = m.key(feature, m.code_index);
    if (!m.options.load_geometry) return true;
    feature.geometry = std::move(m.raw.geometry);
    switch (m.raw.status) {
      case handles::OgrConversion::Empty:
        ++m.counts.empty;
        m.add_problem(feature, "empty-geometry", "null or empty geometry", std::nullopt);
        return true;
      case handles::OgrConversion::Unsupported:
        ++m.counts.skipped;
        m.add_problem(feature, "unsupported-geometry",
                      "geometry type " + m.raw.geometry_type +
                          " is not analysed (points and polygons only); skipped",
                      std::nullopt);
        continue;
      case handles::OgrConversion::Ok:
        break;
    }
    if (m.accept_geometry(feature)) return true;
  }
  return false;
}

FeatureSet read_layer(const std::string& source, const ReadOptions& options) {
  LayerReader reader(source, options);
  FeatureSet set;
  set.info = reader.info();
  set.extent = empty_box();
  Feature f;
  while (reader.next(f)) {
    expand(set.extent, envelope(f.geometry));
    set.features.push_back(std::move(f));
  }
  set.counts = reader.counts();
  set.problems = reader.problems();
  return set;
}

}  // namespace jigu
