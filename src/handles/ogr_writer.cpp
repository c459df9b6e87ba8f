#include "handles/ogr_writer.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "handles/geometry_convert.hpp"
#include "handles/proj_handles.hpp"
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
  if (std::filesystem::exists(m_path) && !options.overwrite) {
    throw UsageError("'" + m_path + "': exists; pass --overwrite to replace it");
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
  CplMessageCollector messages;
  m_dataset.reset(GDALCreate(driver, m_temp_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!m_dataset) {
    throw InputError("'" + m_path + "': cannot write here: " + messages.message());
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
  std::vector<const char*> lco;
  for (const auto& o : layer_options) lco.push_back(o.c_str());
  lco.push_back(nullptr);
  m_layer = GDALDatasetCreateLayer(
      m_dataset.get(), layer_name.c_str(), static_cast<OGRSpatialReferenceH>(srs.get()),
      options.with_geometry ? wkbUnknown : wkbNone, const_cast<char**>(lco.data()));
  if (m_layer == nullptr) {
    throw BackendError("'" + m_path + "': cannot create layer: " + messages.message());
  }
  for (const auto& f : fields) {
    OGRFieldDefnH fd = OGR_Fld_Create(f.name.c_str(), ogr_type(f.type));
    const OGRErr err = OGR_L_CreateField(m_layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (err != OGRERR_NONE) {
      throw BackendError("'" + m_path + "': cannot create field '" + f.name +
                         "': " + messages.message());
    }
  }
  m_defn = OGR_L_GetLayerDefn(m_layer);
  // Many features per transaction: GeoPackage is far faster that way.
  if (GDALDatasetTestCapability(m_dataset.get(), ODsCTransactions)) {
    GDALDatasetStartTransaction(m_dataset.get(), FALSE);
  }
}

OgrWriter::~OgrWriter() {
  if (!m_committed) {
    m_dataset.reset();
    discard();
  }
}

void OgrWriter::discard() noexcept {
  std::error_code ec;
  for (const auto& part : dataset_parts(m_temp_path)) std::filesystem::remove(part, ec);
}

void OgrWriter::write(const std::vector<AttributeValue>& values, const Geometry* geometry) {
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
  if (geometry != nullptr && !geometry->empty()) {
    OgrGeometry g = to_ogr(*geometry);
    OGR_F_SetGeometryDirectly(f, static_cast<OGRGeometryH>(g.release()));
  }
  CplMessageCollector messages;
  if (OGR_L_CreateFeature(m_layer, f) != OGRERR_NONE) {
    throw BackendError("'" + m_path + "': cannot write a feature: " + messages.message());
  }
}

void OgrWriter::commit(const std::function<void(const std::string&)>& check) {
  CplMessageCollector messages;
  if (GDALDatasetTestCapability(m_dataset.get(), ODsCTransactions) &&
      GDALDatasetCommitTransaction(m_dataset.get()) != OGRERR_NONE) {
    throw BackendError("'" + m_path + "': cannot finish writing: " + messages.message());
  }
  // GDALClose flushes; a full disk shows up here as a CPL failure.
  GDALClose(static_cast<GDALDatasetH>(m_dataset.release()));
  if (messages.has_failure()) {
    discard();
    throw BackendError("'" + m_path + "': writing failed: " + messages.message());
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
