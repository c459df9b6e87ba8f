#include "fixtures.hpp"

#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <fstream>
#include <stdexcept>

namespace jigu::test {

std::filesystem::path fresh_dir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(JIGU_TEST_TMP_DIR) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return path.string();
}

std::string write_gpkg(const std::filesystem::path& path, const std::string& layer_name,
                       const GpkgSpec& spec) {
  GDALAllRegister();
  std::filesystem::remove(path);
  GDALDatasetH ds =
      GDALCreate(GDALGetDriverByName("GPKG"), path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (ds == nullptr) throw std::runtime_error("cannot create " + path.string());
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 5186);
  OGRLayerH layer = GDALDatasetCreateLayer(ds, layer_name.c_str(), srs, wkbUnknown, nullptr);
  OSRRelease(srs);
  for (const auto& f : spec.fields) {
    OGRFieldDefnH fd = OGR_Fld_Create(f.name.c_str(), static_cast<OGRFieldType>(f.ogr_type));
    OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
  }
  GDALDatasetStartTransaction(ds, FALSE);
  for (const auto& row : spec.rows) {
    OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    for (std::size_t i = 0; i < row.values.size(); ++i) {
      if (row.values[i]) {
        OGR_F_SetFieldString(feature, static_cast<int>(i), row.values[i]->c_str());
      } else {
        OGR_F_SetFieldNull(feature, static_cast<int>(i));
      }
    }
    OGRGeometryH g = nullptr;
    char* wkt = const_cast<char*>(row.wkt.c_str());
    if (!row.wkt.empty() && OGR_G_CreateFromWkt(&wkt, nullptr, &g) != OGRERR_NONE) {
      throw std::runtime_error("bad test WKT: " + row.wkt);
    }
    if (g != nullptr) OGR_F_SetGeometryDirectly(feature, g);
    if (OGR_L_CreateFeature(layer, feature) != OGRERR_NONE) {
      throw std::runtime_error("cannot write a feature");
    }
    OGR_F_Destroy(feature);
  }
  GDALDatasetCommitTransaction(ds);
  GDALClose(ds);
  return path.string();
}

std::string write_shapefile(const std::filesystem::path& dir, const std::string& name,
                            const ShapefileSpec& spec) {
  GDALAllRegister();
  const std::string shp = (dir / (name + ".shp")).string();
  GDALDriverH driver = GDALGetDriverByName("ESRI Shapefile");
  GDALDatasetH ds = GDALCreate(driver, shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (ds == nullptr) throw std::runtime_error("cannot create " + shp);
  const char* layer_options[] = {"ENCODING=", nullptr};  // store the bytes as given
  OGRLayerH layer = GDALDatasetCreateLayer(ds, name.c_str(), nullptr, wkbPolygon,
                                           const_cast<char**>(layer_options));
  for (const auto& f : spec.fields) {
    OGRFieldDefnH fd = OGR_Fld_Create(f.c_str(), OFTString);
    OGR_Fld_SetWidth(fd, 80);
    OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
  }
  for (const auto& row : spec.rows) {
    OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    for (std::size_t i = 0; i < row.values.size(); ++i) {
      OGR_F_SetFieldString(feature, static_cast<int>(i), row.values[i].c_str());
    }
    OGRGeometryH g = nullptr;
    char* wkt = const_cast<char*>(row.wkt.c_str());
    if (!row.wkt.empty() && OGR_G_CreateFromWkt(&wkt, nullptr, &g) != OGRERR_NONE) {
      throw std::runtime_error("bad test WKT: " + row.wkt);
    }
    if (g != nullptr) OGR_F_SetGeometryDirectly(feature, g);
    if (OGR_L_CreateFeature(layer, feature) != OGRERR_NONE)
      throw std::runtime_error("cannot write a feature");
    OGR_F_Destroy(feature);
  }
  GDALClose(ds);
  const std::filesystem::path stem = dir / name;
  if (spec.prj_crs) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRSetFromUserInput(srs, spec.prj_crs->c_str());
    OSRMorphToESRI(srs);
    char* wkt = nullptr;
    OSRExportToWkt(srs, &wkt);
    write_text(stem.string() + ".prj", wkt);
    CPLFree(wkt);
    OSRRelease(srs);
  } else {
    std::filesystem::remove(stem.string() + ".prj");
  }
  std::filesystem::remove(stem.string() + ".cpg");
  if (spec.cpg) write_text(stem.string() + ".cpg", *spec.cpg);
  std::fstream dbf(stem.string() + ".dbf", std::ios::in | std::ios::out | std::ios::binary);
  dbf.seekp(29);
  dbf.put(static_cast<char>(spec.ldid));
  return shp;
}

std::string copy_shapefile(const std::string& shp, const std::filesystem::path& dir) {
  const std::filesystem::path source(shp);
  for (const auto& entry : std::filesystem::directory_iterator(source.parent_path())) {
    if (entry.path().stem() == source.stem()) {
      std::filesystem::copy_file(entry.path(), dir / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }
  return (dir / source.filename()).string();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace jigu::test
