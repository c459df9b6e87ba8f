#include "jigu/layer_reader.hpp"

#include <charconv>
#include <cstdio>
#include <mutex>
#include <optional>

#include "geom/validity.hpp"
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
  if (!only_id.empty() && id_field.empty()) {
    throw UsageError("read options: reading one id needs the layer's id field");
  }
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
  handles::RawFeature raw;                  // reused between features
  mutable std::mutex finisher_mutex;        // finishers clone `operation` one at a time
  std::unique_ptr<Finisher> next_finisher;  // next()'s, made on first use

  std::string where() const { return quoted(source) + " layer " + quoted(info.layer); }
  std::string where(const Feature& f) const { return where() + " feature " + f.id; }

  void describe();
  int find_field(const std::string& name, const char* role) const;
  void decide_encoding();
  void decide_shapefile_encoding();
  void resolve_crs();
  std::string key(const Feature& f, int index) const;
  void decode_attributes(Feature& f);
};

// Finishing a fetched feature: only reads the reader's settled state (options, names), and
// owns what it mutates (the coordinate operation, scratch), so finishers run in parallel.
struct LayerReader::Finisher::Impl {
  const LayerReader::Impl* reader = nullptr;
  std::unique_ptr<handles::ProjContext> context;  // owns `clone`; null when `op` is the reader's
  handles::Pj clone;
  const PJ* op = nullptr;
  std::vector<double> xy;  // scratch for reprojection
  handles::RawFeature converted;

  void finish(FetchedFeature& f);
  void reproject(Geometry& g, const Feature& f);
  bool accept_geometry(FetchedFeature& f);
  void problem(FetchedFeature& f, std::string code, std::string message,
               std::optional<Point> location) const {
    f.m_problem =
        Problem{reader->where(), f.feature.id, std::move(code), std::move(message), location};
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
  // Swapped, not moved: the layer reads the next row into the values this feature held.
  f.attributes.swap(raw.values);
  for (std::size_t i = 0; i < f.attributes.size(); ++i) {
    auto* s = std::get_if<std::string>(&f.attributes[i]);
    if (s == nullptr) continue;
    if (!decoder->decode_in_place(*s)) {
      throw InputError(where() + " feature " + std::to_string(f.fid) + " field " +
                       quoted(info.fields[i].name) + ": text is not valid " + decoder->encoding() +
                       "; name the right encoding with --encoding");
    }
  }
}

void FetchedFeature::StoredDeleter::operator()(Stored* stored) const noexcept {
  handles::OgrGeometryDeleter{}(stored);
}

FetchedFeature::FetchedFeature() = default;
FetchedFeature::~FetchedFeature() = default;
FetchedFeature::FetchedFeature(FetchedFeature&&) noexcept = default;
FetchedFeature& FetchedFeature::operator=(FetchedFeature&&) noexcept = default;

// The feature is named only when a point fails: naming it costs more than a point's transform.
void LayerReader::Finisher::Impl::reproject(Geometry& g, const Feature& f) {
  if (op == nullptr) return;
  auto run = [&](std::vector<Point>& points) {
    xy.resize(2 * points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      xy[2 * i] = points[i].x;
      xy[2 * i + 1] = points[i].y;
    }
    if (const auto bad = handles::try_transform_xy(op, xy.data(), points.size())) {
      throw CrsError(handles::untransformable(reader->where(f), *bad));
    }
    for (std::size_t i = 0; i < points.size(); ++i) points[i] = Point{xy[2 * i], xy[2 * i + 1]};
  };
  run(g.points);
  for (auto& poly : g.polygons) {
    run(poly.outer);
    for (auto& h : poly.holes) run(h);
  }
}

// Applies the invalid-geometry policy; false when the feature is to be skipped.
bool LayerReader::Finisher::Impl::accept_geometry(FetchedFeature& fetched) {
  const Feature& f = fetched.feature;
  GeometryCounts& counts = fetched.m_counts;
  const InvalidPolicy policy = reader->options.invalid;
  Geometry& g = fetched.feature.geometry;
  if (const auto reason = geom::coordinate_problem(g)) {
    if (policy == InvalidPolicy::Fail) throw GeometryError(reader->where(f) + ": " + *reason);
    ++counts.skipped;
    problem(fetched, "invalid-coordinate", *reason + "; skipped", std::nullopt);
    return false;
  }
  reproject(g, f);
  const geom::Validity v = geom::check_validity(g);
  if (v.valid) {
    ++counts.valid;
    geom::normalize_orientation(g);
    return true;
  }
  const std::string reason = v.reason + (v.location ? " at " + format_point(*v.location) : "");
  switch (policy) {
    case InvalidPolicy::Fail:
      throw GeometryError(reader->where(f) + ": invalid geometry: " + reason +
                          "; rerun with --invalid=repair or --invalid=skip");
    case InvalidPolicy::Skip:
      ++counts.skipped;
      problem(fetched, "invalid-geometry-skipped", reason + "; skipped", v.location);
      return false;
    case InvalidPolicy::Repair:
      break;
  }
  g = geom::repair(g);
  ++counts.repaired;
  if (g.empty()) {
    ++counts.empty;
    problem(fetched, "invalid-geometry-collapsed", reason + "; repair left no area", v.location);
  } else {
    problem(fetched, "invalid-geometry-repaired", reason + "; repaired with GEOS MakeValid",
            v.location);
  }
  geom::normalize_orientation(g);
  return true;
}

void LayerReader::Finisher::Impl::finish(FetchedFeature& f) {
  f.m_keep = true;
  f.m_counts = GeometryCounts{};
  f.m_problem.reset();
  f.m_error = nullptr;
  if (!f.m_with_geometry) return;
  try {
    handles::OgrGeometry stored(f.m_stored.release());
    handles::convert_stored(stored, f.m_blob, converted);
    f.m_blob.clear();  // its memory goes back to the layer with the next fetch into f
    stored.reset();
    std::swap(f.feature.geometry, converted.geometry);  // the next conversion reuses f's
    switch (converted.status) {
      case handles::OgrConversion::Empty:
        ++f.m_counts.empty;
        problem(f, "empty-geometry", "null or empty geometry", std::nullopt);
        return;
      case handles::OgrConversion::Unsupported:
        ++f.m_counts.skipped;
        problem(f, "unsupported-geometry",
                "geometry type " + converted.geometry_type +
                    " is not analysed (points and polygons only); skipped",
                std::nullopt);
        f.m_keep = false;
        return;
      case handles::OgrConversion::Ok:
        break;
    }
    f.m_keep = accept_geometry(f);
  } catch (...) {
    f.m_error = std::current_exception();
    f.m_keep = false;
  }
}

LayerReader::Finisher::Finisher(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LayerReader::Finisher::~Finisher() = default;
LayerReader::Finisher::Finisher(Finisher&&) noexcept = default;
LayerReader::Finisher& LayerReader::Finisher::operator=(Finisher&&) noexcept = default;

void LayerReader::Finisher::finish(FetchedFeature& feature) {
  m_impl->finish(feature);
}

LayerReader::Finisher LayerReader::finisher() const {
  const Impl& m = *m_impl;
  auto f = std::make_unique<Finisher::Impl>();
  f->reader = &m;
  if (m.operation.op) {
    // PJ objects are not shareable between threads: each finisher transforms with its own copy,
    // in its own PROJ context.
    f->context = std::make_unique<handles::ProjContext>();
    {
      std::lock_guard<std::mutex> lock(m.finisher_mutex);
      f->clone = handles::clone_in(*f->context, m.operation.op.get());
    }
    if (!f->clone) {
      throw CrsError(m.where() + ": cannot copy the coordinate operation for another thread" +
                     (f->context->last_message().empty() ? "" : ": " + f->context->last_message()));
    }
    f->op = f->clone.get();
  }
  return Finisher(std::move(f));
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
  if (!m.options.only_id.empty()) {
    m.layer->filter_equal(static_cast<std::size_t>(m.id_index), m.options.only_id);
  }
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

bool LayerReader::fetch(FetchedFeature& fetched) {
  Impl& m = *m_impl;
  const auto mode =
      m.options.load_geometry ? handles::GeometryRead::Keep : handles::GeometryRead::Skip;
  // Field by field, so that a fetched feature used again (classify's batches) keeps the
  // memory of its strings and vectors.
  Feature& feature = fetched.feature;
  do {
    if (!m.layer->next(m.raw, mode)) return false;
    feature.fid = m.raw.fid;
    m.decode_attributes(feature);
    feature.id = m.key(feature, m.id_index);
    if (feature.id.empty()) feature.id = std::to_string(feature.fid);
    // The layer's filter compares stored values; this compares the id as jigu reads it (a
    // numeric field, or a filter the layer could not apply).
  } while (!m.options.only_id.empty() && feature.id != m.options.only_id);
  ++m.counts.read;
  feature.geometry.clear();
  feature.name = m.key(feature, m.name_index);
  feature.code = m.key(feature, m.code_index);
  fetched.m_with_geometry = m.options.load_geometry;
  fetched.m_stored.reset(static_cast<FetchedFeature::Stored*>(m.raw.stored.release()));
  fetched.m_blob.swap(m.raw.blob);
  fetched.m_keep = true;
  fetched.m_counts = GeometryCounts{};
  fetched.m_problem.reset();
  fetched.m_error = nullptr;
  return true;
}

bool LayerReader::settle(FetchedFeature& fetched) {
  Impl& m = *m_impl;
  if (fetched.m_error) std::rethrow_exception(fetched.m_error);
  const GeometryCounts& c = fetched.m_counts;
  m.counts.valid += c.valid;
  m.counts.repaired += c.repaired;
  m.counts.skipped += c.skipped;
  m.counts.empty += c.empty;
  if (fetched.m_problem) {
    m.problems.push_back(std::move(*fetched.m_problem));
    fetched.m_problem.reset();
  }
  return fetched.m_keep;
}

bool LayerReader::next(Feature& feature) {
  Impl& m = *m_impl;
  if (!m.next_finisher) {
    // On the reader's own thread: transform with the reader's operation, no copy.
    auto f = std::make_unique<Finisher::Impl>();
    f->reader = &m;
    f->op = m.operation.op.get();
    m.next_finisher = std::make_unique<Finisher>(Finisher(std::move(f)));
  }
  FetchedFeature fetched;
  while (fetch(fetched)) {
    m.next_finisher->finish(fetched);
    if (settle(fetched)) {
      feature = std::move(fetched.feature);
      return true;
    }
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
