// The GEOS context (one per thread) and owners of GEOS geometries made through it.
#pragma once

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include <memory>
#include <string>

namespace jigu::handles {

/// Frees a geometry through the context that made it.
struct GeosGeomDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(ctx, g); }
};
using GeosGeom = std::unique_ptr<GEOSGeometry, GeosGeomDeleter>;

struct GeosPreparedDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const noexcept {
    GEOSPreparedGeom_destroy_r(ctx, g);
  }
};
using GeosPrepared = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

struct GeosMakeValidParamsDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSMakeValidParams* p) const noexcept { GEOSMakeValidParams_destroy_r(ctx, p); }
};
using GeosMakeValidParams = std::unique_ptr<GEOSMakeValidParams, GeosMakeValidParamsDeleter>;

/// Owns a GEOS context handle and remembers the last message GEOS reported through it.
/// Move-only. Use `geos()` for the calling thread's context.
class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return m_ctx; }
  const std::string& last_error() const { return m_last_error; }

  /// Takes ownership of `g`; throws GeometryError with GEOS's message when `g` is null.
  GeosGeom own(GEOSGeometry* g, const char* what) const;

  /// Throws GeometryError with GEOS's message when a predicate returned 2 (exception).
  bool check_predicate(char result, const char* what) const;

 private:
  static void on_error(const char* message, void* userdata);
  GEOSContextHandle_t m_ctx = nullptr;
  std::string m_last_error;
};

/// The calling thread's GEOS context, created on first use.
GeosContext& geos();

}  // namespace jigu::handles
