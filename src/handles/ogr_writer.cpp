#include "handles/ogr_writer.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "handles/geometry_convert.hpp"
#include "handles/proj_handles.hpp"
#include "handles/sqlite_handles.hpp"
#include "jigu/error.hpp"

namespace jigu::handles {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

namespace {

// The files a dataset at `path` consists of (a shapefile has siblings).
std::vector<std::filesystem::path> dataset_parts(const std::filesystem::path& path) {
  if (lower_extension(path.string()) != ".shp") return {path};
  std::vector<std::filesystem::path> parts;
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
    parts.push_back(std::filesystem::path(path).replace_extension(ext));
  }
  return parts;
}

// The features of the first layer of the dataset at `path` as read back, or -1 when it does
// not open as one.
std::int64_t count_features(const std::string& path) {
  CplMessageCollector quiet;
  GdalDataset ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) return -1;
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  return layer == nullptr ? -1 : OGR_L_GetFeatureCount(layer, TRUE);
}

OGRFieldType ogr_type(FieldType t) {
  switch (t) {
    case FieldType::Integer:
      return OFTInteger64;
    case FieldType::Real:
      return OFTReal;
    default:
      return OFTString;
  }
}

}  // namespace

}  // namespace jigu::handles

namespace jigu {

std::string driver_for_path(const std::string& path) {
  const std::string ext = handles::lower_extension(path);
  if (ext == ".gpkg") return "GPKG";
  if (ext == ".shp") return "ESRI Shapefile";
  if (ext == ".geojson" || ext == ".json") return "GeoJSON";
  if (ext == ".csv") return "CSV";
  if (ext == ".fgb") return "FlatGeobuf";
  return "";
}

struct FeatureWriter::Impl {
  Impl(const std::string& path, const std::string& layer_name, const std::vector<Field>& fields,
       const WriteOptions& options)
      : writer(path, layer_name, fields, options) {}
  handles::OgrWriter writer;
};

FeatureWriter::FeatureWriter(const std::string& path, const std::string& layer_name,
                             const std::vector<Field>& fields, const WriteOptions& options)
    : m_impl(std::make_unique<Impl>(path, layer_name, fields, options)) {}
FeatureWriter::~FeatureWriter() = default;
FeatureWriter::FeatureWriter(FeatureWriter&&) noexcept = default;
FeatureWriter& FeatureWriter::operator=(FeatureWriter&&) noexcept = default;

void FeatureWriter::write(const std::vector<AttributeValue>& values, const Geometry* geometry) {
  m_impl->writer.write(values, geometry);
}

void FeatureWriter::commit(const std::function<void(const std::string&)>& check) {
  m_impl->writer.commit(check);
}

}  // namespace jigu

namespace jigu::handles {

OgrWriter::OgrWriter(std::string path, const std::string& layer_name,
                     const std::vector<Field>& fields, const WriteOptions& options)
    : m_path(std::move(path)), m_fields(fields) {
  ensure_gdal_registered();
  // The finished file is renamed over the target: over a device, pipe or folder that would put
  // a plain file in its place (as root, even /dev/full or /dev/stdout). Every part counts:
  // out.dbf beside a new out.shp is an existing output too.
  for (const auto& part : dataset_parts(m_path)) {
    std::error_code ec;
    const auto status = std::filesystem::status(part, ec);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
      throw UsageError("'" + part.string() +
                       "': exists and is not a regular file (a device, pipe or folder); name a "
                       "file to write");
    }
    if (std::filesystem::exists(status) && !options.overwrite) {
      throw UsageError("'" + part.string() + "': exists; pass --overwrite to replace it");
    }
  }
  GDALDriverH driver = GDALGetDriverByName(options.driver.c_str());
  if (driver == nullptr) throw UsageError("unknown output format '" + options.driver + "'");
  const std::filesystem::path target(m_path);
  const std::filesystem::path folder =
      target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on a chain of operator+.
  std::string temp_name = ".";
  temp_name += target.stem().string();
  temp_name += ".jigu-tmp-";
  temp_name += std::to_string(::getpid());
  temp_name += target.extension().string();
  m_temp_path = (folder / temp_name).string();
  discard();
  try {
    create(driver, layer_name, fields, options);
  } catch (...) {
    abandon();  // no destructor runs for a constructor that throws
    throw;
  }
}

// Creates the temporary dataset, its layer and fields; for a GeoPackage, then hands the file to
// GpkgRows.
void OgrWriter::create(GDALDriverH driver, const std::string& layer_name,
                       const std::vector<Field>& fields, const WriteOptions& options) {
  // GDAL's GeoJSON writer ignores what its writes return, and its CSV and Shapefile writers what
  // closing a file returns (when the C library writes the last buffered bytes): on a full disk
  // they finish with a short file and no error. They write through CheckedFiles, which sees
  // every failure. commit() also reads the finished file back and counts its features, except
  // for GeoJSON and CSV: for them that means parsing the whole file again (for 1M classified
  // parcels, 12 s of CPU for GeoJSON, 1 s for CSV), while GeoPackage, Shapefile and FlatGeobuf
  // store the count. GeoPackage (SQLite) checks its writes itself.
  const bool silent =
      options.driver == "GeoJSON" || options.driver == "CSV" || options.driver == "ESRI Shapefile";
  if (silent) m_checked = std::make_unique<CheckedFiles>();
  m_read_back = options.driver != "GeoJSON" && options.driver != "CSV";
  m_gdal_path = m_checked ? m_checked->path(m_temp_path) : m_temp_path;
  CplMessageCollector messages;
  m_dataset.reset(GDALCreate(driver, m_gdal_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!m_dataset) {
    throw InputError("'" + m_path + "': cannot write here: " + said(messages));
  }
  OgrSrs srs;
  if (!options.crs.empty()) {
    srs.reset(OSRNewSpatialReference(nullptr));
    OSRSetAxisMappingStrategy(static_cast<OGRSpatialReferenceH>(srs.get()),
                              OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRSetFromUserInput(static_cast<OGRSpatialReferenceH>(srs.get()), options.crs.c_str()) !=
        OGRERR_NONE) {
      throw CrsError("'" + m_path + "': unknown output CRS '" + options.crs + "'");
    }
  }
  std::vector<std::string> layer_options = options.layer_options;
  if (options.driver == "ESRI Shapefile") layer_options.push_back("ENCODING=UTF-8");
  // GeoPackage rows go in through SQLite (GpkgRows); GDAL's spatial index, when wanted, is then
  // built from the finished table by commit().
  const bool gpkg = options.driver == "GPKG";
  if (gpkg) {
    m_spatial_index = true;  // GDAL's default
    std::erase_if(layer_options, [&](const std::string& o) {
      const CPLString key = CPLString(o.substr(0, o.find('='))).toupper();
      if (key != "SPATIAL_INDEX") return false;
      m_spatial_index = CPLTestBool(o.substr(o.find('=') + 1).c_str());
      return true;
    });
    layer_options.push_back("SPATIAL_INDEX=NO");
  }
  std::vector<const char*> lco;
  for (const auto& o : layer_options) lco.push_back(o.c_str());
  lco.push_back(nullptr);
  m_layer = GDALDatasetCreateLayer(
      m_dataset.get(), layer_name.c_str(), static_cast<OGRSpatialReferenceH>(srs.get()),
      options.with_geometry ? wkbUnknown : wkbNone, const_cast<char**>(lco.data()));
  if (m_layer == nullptr) {
    throw BackendError("'" + m_path + "': cannot create layer: " + said(messages));
  }
  for (const auto& f : fields) {
    OGRFieldDefnH fd = OGR_Fld_Create(f.name.c_str(), ogr_type(f.type));
    const OGRErr err = OGR_L_CreateField(m_layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (err != OGRERR_NONE) {
      throw BackendError("'" + m_path + "': cannot create field '" + f.name +
                         "': " + said(messages));
    }
  }
  m_defn = OGR_L_GetLayerDefn(m_layer);
  m_has_geometry = OGR_FD_GetGeomFieldCount(m_defn) > 0;
  if (gpkg) {
    m_table = OGR_L_GetName(m_layer);
    m_layer = nullptr;
    m_defn = nullptr;
    GDALClose(static_cast<GDALDatasetH>(m_dataset.release()));
    if (messages.has_failure()) {
      throw BackendError("'" + m_path + "': cannot create the GeoPackage: " + said(messages));
    }
    m_rows = std::make_unique<GpkgRows>(m_temp_path, m_table, fields, m_path);
    return;
  }
  // Many features per transaction, for drivers that have them (GeoPackage has GpkgRows).
  if (GDALDatasetTestCapability(m_dataset.get(), ODsCTransactions)) {
    GDALDatasetStartTransaction(m_dataset.get(), FALSE);
  }
}

OgrWriter::~OgrWriter() {
  if (!m_committed) abandon();
}

void OgrWriter::abandon() noexcept {
  // Closing an output abandoned after an error: what GDAL says about it now (e.g. a GeoPackage
  // on a full disk) must not reach stderr beside the one error line.
  CplMessageCollector quiet;
  m_rows.reset();
  m_dataset.reset();
  discard();
}

std::string OgrWriter::said(const CplMessageCollector& messages) const {
  // GDAL's messages name the file as GDAL knows it; the user knows the real one.
  std::string text = messages.message();
  if (m_gdal_path == m_temp_path) return text;
  for (std::size_t at = 0; (at = text.find(m_gdal_path, at)) != std::string::npos;) {
    text.replace(at, m_gdal_path.size(), m_temp_path);
    at += m_temp_path.size();
  }
  return text;
}

void OgrWriter::discard() noexcept {
  std::error_code ec;
  for (const auto& part : dataset_parts(m_temp_path)) std::filesystem::remove(part, ec);
}

OgrFeature OgrWriter::make_feature(const std::vector<AttributeValue>& values) const {
  OgrFeature feature(OGR_F_Create(m_defn));
  OGRFeatureH f = static_cast<OGRFeatureH>(feature.get());
  for (std::size_t i = 0; i < values.size() && i < m_fields.size(); ++i) {
    const int fi = static_cast<int>(i);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::int64_t>) {
            OGR_F_SetFieldInteger64(f, fi, v);
          } else if constexpr (std::is_same_v<T, double>) {
            OGR_F_SetFieldDouble(f, fi, v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            OGR_F_SetFieldString(f, fi, v.c_str());
          } else {
            OGR_F_SetFieldNull(f, fi);
          }
        },
        values[i]);
  }
  return feature;
}

void OgrWriter::insert(OGRFeatureH feature, const Geometry* geometry) {
  // A layer without geometry (CSV here) would only free it again.
  if (geometry != nullptr && !geometry->empty() && m_has_geometry) {
    OgrGeometry g = to_ogr(*geometry);
    OGR_F_SetGeometryDirectly(feature, static_cast<OGRGeometryH>(g.release()));
  }
  CplMessageCollector messages;
  errno = 0;
  if (OGR_L_CreateFeature(m_layer, feature) != OGRERR_NONE) {
    // Some drivers (CSV) fail a write without a message; the system's reason is then what
    // CheckedFiles saw, or in errno.
    const int error = errno;
    const std::string why = !messages.message().empty()        ? said(messages)
                            : m_checked && m_checked->failed() ? m_checked->failure()
                            : error != 0                       ? std::string(std::strerror(error))
                                         : std::string("the driver gave no reason");
    throw BackendError("'" + m_path + "': cannot write a feature: " + why);
  }
  // A failure the driver did not see: stop now rather than at commit().
  if (m_checked && m_checked->failed()) {
    throw BackendError("'" + m_path + "': writing failed: " + m_checked->failure());
  }
  ++m_written;
}

void OgrWriter::write(const std::vector<AttributeValue>& values, const Geometry* geometry) {
  if (m_rows) {
    m_rows->insert(values, geometry);
    ++m_written;
    return;
  }
  const OgrFeature feature = make_feature(values);
  insert(static_cast<OGRFeatureH>(feature.get()), geometry);
}

// GDAL's R-tree (the GeoPackage "gpkg_rtree_index" extension, with its triggers) over the
// finished table, in one pass.
void OgrWriter::create_spatial_index() {
  CplMessageCollector messages;
  bool asked = false;
  {
    const GdalDataset ds(GDALOpenEx(m_temp_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                                    nullptr, nullptr));
    OGRLayerH layer = ds ? GDALDatasetGetLayerByName(ds.get(), m_table.c_str()) : nullptr;
    if (layer != nullptr && *OGR_L_GetGeometryColumn(layer) == '\0') return;  // none to index
    if (layer != nullptr) {
      const std::string sql = "SELECT CreateSpatialIndex(" + sql_literal(m_table) + ", " +
                              sql_literal(OGR_L_GetGeometryColumn(layer)) + ")";
      OGRLayerH result = GDALDatasetExecuteSQL(ds.get(), sql.c_str(), nullptr, nullptr);
      if (result != nullptr) GDALDatasetReleaseResultSet(ds.get(), result);
      asked = true;
    }
  }  // closing writes the index
  if (!asked || messages.has_failure()) {
    throw BackendError("'" + m_path + "': cannot build the spatial index: " + said(messages));
  }
}

void OgrWriter::commit(const std::function<void(const std::string&)>& check) {
  CplMessageCollector messages;
  if (m_rows) {
    try {
      m_rows->finish();
      m_rows.reset();
      if (m_spatial_index) create_spatial_index();
    } catch (...) {
      abandon();
      throw;
    }
  } else {
    if (GDALDatasetTestCapability(m_dataset.get(), ODsCTransactions) &&
        GDALDatasetCommitTransaction(m_dataset.get()) != OGRERR_NONE) {
      throw BackendError("'" + m_path + "': cannot finish writing: " + said(messages));
    }
    // GDALClose flushes; a full disk shows up here as a CPL failure.
    GDALClose(static_cast<GDALDatasetH>(m_dataset.release()));
  }
  if (messages.has_failure()) {
    discard();
    throw BackendError("'" + m_path + "': writing failed: " + said(messages));
  }
  if (m_checked && m_checked->failed()) {
    discard();
    throw BackendError("'" + m_path + "': writing failed: " + m_checked->failure());
  }
  // The finished file must read back with every feature before it is put in place.
  const std::int64_t read_back = m_read_back ? count_features(m_temp_path) : m_written;
  if (read_back != m_written) {
    discard();
    throw BackendError("'" + m_path + "': writing failed: the finished file reads back with " +
                       (read_back < 0 ? std::string("no layer")
                                      : std::to_string(read_back) + " of " +
                                            std::to_string(m_written) + " features") +
                       "; is the disk full?");
  }
  if (check) {
    try {
      check(m_temp_path);
    } catch (...) {
      discard();
      throw;
    }
  }
  std::error_code ec;
  const auto temp_parts = dataset_parts(m_temp_path);
  const auto final_parts = dataset_parts(m_path);
  for (std::size_t i = 0; i < temp_parts.size(); ++i) {
    if (!std::filesystem::exists(temp_parts[i])) {
      std::filesystem::remove(final_parts[i], ec);  // no stale sibling from an older output
      continue;
    }
    std::filesystem::rename(temp_parts[i], final_parts[i], ec);
    if (ec) {
      discard();
      throw BackendError("'" + m_path +
                         "': cannot rename the finished output into place: " + ec.message());
    }
  }
  m_committed = true;
}

}  // namespace jigu::handles
