#include "handles/ogr_layer.hpp"

#include <algorithm>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <filesystem>

#include "handles/gpkg_blob.hpp"
#include "handles/sqlite_handles.hpp"
#include "jigu/error.hpp"

namespace jigu::handles {

namespace {

FieldType field_type(OGRFieldType t) {
  switch (t) {
    case OFTInteger:
    case OFTInteger64:
      return FieldType::Integer;
    case OFTReal:
      return FieldType::Real;
    case OFTString:
      return FieldType::String;
    case OFTDate:
    case OFTDateTime:
    case OFTTime:
      return FieldType::Date;
    default:
      return FieldType::Other;
  }
}

std::string layer_names(GDALDatasetH ds) {
  std::string names;
  const int count = GDALDatasetGetLayerCount(ds);
  for (int i = 0; i < count; ++i) {
    names += (i ? ", '" : "'") + std::string(OGR_L_GetName(GDALDatasetGetLayer(ds, i))) + "'";
  }
  return names;
}

}  // namespace

OgrLayer::OgrLayer(const std::string& source, const std::string& layer_name) : m_source(source) {
  CplMessageCollector messages;
  m_dataset = open_vector(source, {});
  m_driver = GDALGetDriverShortName(GDALGetDatasetDriver(m_dataset.get()));
  if (is_shapefile()) {
    m_dataset = open_vector(source, {"ENCODING="});
    // GDAL opens a .shp without its .dbf and yields no features: a silent wrong answer.
    if (file_with_extension("dbf").empty()) {
      // A .dbf GDAL could not open is there but corrupt, not missing.
      const std::string shp = file_with_extension("shp");
      VSIStatBufL st;
      const bool present =
          !shp.empty() && (VSIStatL(CPLResetExtension(shp.c_str(), "dbf"), &st) == 0 ||
                           VSIStatL(CPLResetExtension(shp.c_str(), "DBF"), &st) == 0);
      throw InputError(
          "'" + source + "': the shapefile's .dbf (its attribute table) " +
          (present ? "is corrupt: GDAL cannot read it as a dBASE table" : "is missing"));
    }
  }
  const int count = GDALDatasetGetLayerCount(m_dataset.get());
  if (count == 0) throw InputError("'" + source + "': has no vector layer");
  if (!layer_name.empty()) {
    m_layer = GDALDatasetGetLayerByName(m_dataset.get(), layer_name.c_str());
    if (m_layer == nullptr) {
      throw InputError("'" + source + "': no layer '" + layer_name +
                       "' (layers: " + layer_names(m_dataset.get()) + ")");
    }
  } else if (count > 1) {
    throw UsageError("'" + source + "': has " + std::to_string(count) + " layers (" +
                     layer_names(m_dataset.get()) + "); choose one with --layer");
  } else {
    m_layer = GDALDatasetGetLayer(m_dataset.get(), 0);
  }
  m_name = OGR_L_GetName(m_layer);
  if (is_shapefile()) check_record_counts();
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(m_layer);
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
    m_fields.push_back(Field{OGR_Fld_GetNameRef(fd), field_type(OGR_Fld_GetType(fd))});
  }
  // A GeoPackage file's table is read through SQLite when that gives what GDAL gives: its FID
  // is a column, and its fields are of types SQLite and GDAL read alike.
  std::error_code ec;
  if (m_driver == "GPKG" && std::filesystem::is_regular_file(source, ec) &&
      *OGR_L_GetFIDColumn(m_layer) != '\0' && OGR_FD_GetGeomFieldCount(defn) <= 1 &&
      GpkgTable::can_read(m_fields)) {
    m_gpkg = std::make_unique<GpkgTable>(source, m_name, OGR_L_GetFIDColumn(m_layer),
                                         OGR_L_GetGeometryColumn(m_layer), m_fields, source);
  }
}

OgrLayer::~OgrLayer() = default;
OgrLayer::OgrLayer(OgrLayer&&) noexcept = default;
OgrLayer& OgrLayer::operator=(OgrLayer&&) noexcept = default;

// GDAL reads as many features as the .dbf has records and drops the rest of the .shp with only
// a debug message: parts that disagree are an error, not a silently shorter layer.
void OgrLayer::check_record_counts() const {
  std::string shp, dbf;  // this layer's (a folder dataset holds several shapefiles)
  for (const auto& f : dataset_files(m_dataset.get())) {
    if (!EQUAL(CPLGetBasename(f.c_str()), m_name.c_str())) continue;
    if (EQUAL(CPLGetExtension(f.c_str()), "shp")) shp = f;
    if (EQUAL(CPLGetExtension(f.c_str()), "dbf")) dbf = f;
  }
  if (shp.empty() || dbf.empty()) return;
  const auto header = read_file_head(dbf, 8);
  if (!header || header->size() < 8) return;  // GDAL has refused such a .dbf already
  const auto* b = reinterpret_cast<const unsigned char*>(header->data());
  const std::uint32_t records = b[4] | (b[5] << 8) | (b[6] << 16) | (std::uint32_t{b[7]} << 24);
  const std::int64_t shapes = feature_count();
  if (shapes >= 0 && static_cast<std::uint64_t>(shapes) != records) {
    throw InputError("'" + m_source + "': the .shp has " + std::to_string(shapes) +
                     " shapes but the .dbf " + std::to_string(records) +
                     " records; the files do not belong together, or one was cut short");
  }
}

std::string OgrLayer::geometry_type() const {
  return OGRGeometryTypeToName(OGR_L_GetGeomType(m_layer));
}

std::int64_t OgrLayer::feature_count() const {
  return OGR_L_GetFeatureCount(m_layer, FALSE);
}

std::string OgrLayer::file_with_extension(const char* ext) const {
  for (const auto& f : dataset_files(m_dataset.get())) {
    if (EQUAL(CPLGetExtension(f.c_str()), ext)) return f;
  }
  return {};
}

std::optional<std::string> OgrLayer::crs_wkt() const {
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(m_layer);
  if (srs == nullptr) return std::nullopt;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  CplMessageCollector messages;
  if (OSRExportToWktEx(srs, &wkt, options) != OGRERR_NONE || wkt == nullptr) {
    CPLFree(wkt);
    return std::nullopt;
  }
  std::string text = wkt;
  CPLFree(wkt);
  return text;
}

void OgrLayer::reset() {
  OGR_L_ResetReading(m_layer);
  if (m_gpkg) m_gpkg->reset();
}

bool OgrLayer::filter_equal(std::size_t field, const std::string& value) {
  if (field >= m_fields.size() || m_fields[field].type != FieldType::String) return false;
  const bool ascii =
      std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (!ascii) return false;
  if (m_gpkg) {
    m_gpkg->filter_equal(field, value);
    return true;
  }
  // OGR SQL quotes names and strings as SQLite does.
  const std::string where = sql_identifier(m_fields[field].name) + " = " + sql_literal(value);
  CplMessageCollector messages;
  if (OGR_L_SetAttributeFilter(m_layer, where.c_str()) != OGRERR_NONE) {
    OGR_L_SetAttributeFilter(m_layer, nullptr);
    return false;
  }
  OGR_L_ResetReading(m_layer);
  return true;
}

void convert_stored(const OgrGeometry& stored, const std::string& blob, RawFeature& out) {
  if (!blob.empty()) {
    out.status = read_gpkg_blob(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(),
                                out.geometry, out.geometry_type);
    return;
  }
  auto g = static_cast<OGRGeometryH>(stored.get());
  out.geometry_type = g ? OGRGeometryTypeToName(OGR_G_GetGeometryType(g)) : "None";
  out.status = from_ogr(g, out.geometry);
}

bool OgrLayer::next_gpkg(RawFeature& out, GeometryRead geometry) {
  out.stored.reset();
  if (!m_gpkg->next(out.fid, out.values, out.blob, geometry != GeometryRead::Skip)) return false;
  out.geometry = Geometry{};
  out.status = OgrConversion::Empty;
  if (geometry == GeometryRead::Convert) {
    convert_stored(out.stored, out.blob, out);
    out.blob.clear();
  }
  return true;
}

bool OgrLayer::next(RawFeature& out, GeometryRead geometry) {
  if (m_gpkg) return next_gpkg(out, geometry);
  CplMessageCollector messages;
  OgrFeature f(OGR_L_GetNextFeature(m_layer));
  if (!f) {
    if (messages.has_failure()) {
      throw InputError(where() + ": reading stopped: " + messages.message());
    }
    return false;
  }
  OGRFeatureH h = f.get();
  out.fid = OGR_F_GetFID(h);
  if (messages.has_failure()) {
    // e.g. a truncated .shp: GDAL hands back the feature without its geometry.
    throw InputError(where() + " feature " + std::to_string(out.fid) + ": " + messages.message());
  }
  out.values.assign(m_fields.size(), std::monostate{});
  for (std::size_t i = 0; i < m_fields.size(); ++i) {
    const int fi = static_cast<int>(i);
    if (!OGR_F_IsFieldSetAndNotNull(h, fi)) continue;
    switch (m_fields[i].type) {
      case FieldType::Integer:
        out.values[i] = static_cast<std::int64_t>(OGR_F_GetFieldAsInteger64(h, fi));
        break;
      case FieldType::Real:
        out.values[i] = OGR_F_GetFieldAsDouble(h, fi);
        break;
      default:
        out.values[i] = std::string(OGR_F_GetFieldAsString(h, fi));
        break;
    }
  }
  out.stored.reset();
  out.blob.clear();
  switch (geometry) {
    case GeometryRead::Convert: {
      OGRGeometryH g = OGR_F_GetGeometryRef(h);
      out.geometry_type = g ? OGRGeometryTypeToName(OGR_G_GetGeometryType(g)) : "None";
      out.status = from_ogr(g, out.geometry);
      break;
    }
    case GeometryRead::Keep:
      // Taken over from the feature: no copy, and converted by whoever finishes the feature.
      out.stored.reset(OGR_F_StealGeometry(h));
      out.geometry = Geometry{};
      out.status = OgrConversion::Empty;
      break;
    case GeometryRead::Skip:
      out.geometry = Geometry{};
      out.status = OgrConversion::Empty;
      break;
  }
  return true;
}

std::optional<std::string> read_file_head(const std::string& path, std::size_t max_bytes) {
  VsiFile fp(VSIFOpenL(path.c_str(), "rb"));
  if (!fp) return std::nullopt;
  std::string text(max_bytes, '\0');
  text.resize(VSIFReadL(text.data(), 1, text.size(), fp.get()));
  return text;
}

}  // namespace jigu::handles
