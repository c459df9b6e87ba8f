// Owners of GDAL/OGR C handles and a guard that turns CPL messages into exceptions.
// The only place besides the other handles/ files that includes GDAL headers.
#pragma once

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>
#include <vector>

namespace jigu::handles {

struct GdalDatasetCloser {
  void operator()(void* ds) const noexcept { GDALClose(static_cast<GDALDatasetH>(ds)); }
};
using GdalDataset = std::unique_ptr<void, GdalDatasetCloser>;

struct OgrFeatureDeleter {
  void operator()(void* f) const noexcept { OGR_F_Destroy(static_cast<OGRFeatureH>(f)); }
};
using OgrFeature = std::unique_ptr<void, OgrFeatureDeleter>;

struct OgrGeometryDeleter {
  void operator()(void* g) const noexcept { OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(g)); }
};
using OgrGeometry = std::unique_ptr<void, OgrGeometryDeleter>;

/// Spatial reference systems are reference counted: released, never deleted.
struct OgrSrsReleaser {
  void operator()(void* srs) const noexcept { OSRRelease(static_cast<OGRSpatialReferenceH>(srs)); }
};
using OgrSrs = std::unique_ptr<void, OgrSrsReleaser>;

struct VsiFileCloser {
  void operator()(VSILFILE* fp) const noexcept { VSIFCloseL(fp); }
};
using VsiFile = std::unique_ptr<VSILFILE, VsiFileCloser>;

/// Registers GDAL's drivers once per process (main calls it; library entry points too, so the
/// library works without the CLI).
void ensure_gdal_registered();

/// While alive, collects the CPL errors and warnings raised on this thread instead of letting
/// GDAL print them. Callers throw with `message()`.
class CplMessageCollector {
 public:
  CplMessageCollector();
  ~CplMessageCollector();
  CplMessageCollector(const CplMessageCollector&) = delete;
  CplMessageCollector& operator=(const CplMessageCollector&) = delete;

  /// The collected failures (CE_Failure/CE_Fatal) joined by "; ", or the last warning.
  std::string message() const;
  bool has_failure() const { return m_failures > 0; }
  const std::vector<std::string>& warnings() const { return m_warnings; }
  void clear();

 private:
  static void CPL_STDCALL handler(CPLErr type, CPLErrorNum num, const char* msg);
  std::vector<std::string> m_failure_messages;
  std::vector<std::string> m_warnings;
  int m_failures = 0;
};

/// Opens a vector dataset read-only. Throws InputError naming `path` and GDAL's reason.
GdalDataset open_vector(const std::string& path, const std::vector<std::string>& open_options);

/// The files that make up a dataset (e.g. .shp, .shx, .dbf, .prj, .cpg).
std::vector<std::string> dataset_files(GDALDatasetH ds);

}  // namespace jigu::handles
