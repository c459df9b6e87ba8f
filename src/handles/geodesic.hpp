// Geodesic ring areas on the ellipsoid of a projected CRS, with PROJ's geodesic routines.
#pragma once

#include <string>
#include <vector>

#include <geodesic.h>

#include "handles/proj_handles.hpp"
#include "jigu/geometry.hpp"

namespace jigu::handles {

class EllipsoidalRingArea {
 public:
  /// Throws CrsError when `projected_crs` is unknown or not projected.
  explicit EllipsoidalRingArea(const std::string& projected_crs);

  /// |area| in m² of a ring given in the projected CRS, edges taken as geodesics.
  double operator()(const Ring& ring);

  const std::string& ellipsoid_name() const { return m_ellipsoid; }
  const std::string& crs_name() const { return m_crs_name; }

 private:
  Operation m_to_lonlat;  // projected CRS -> its own geographic CRS, lon/lat order
  geod_geodesic m_geod{};
  std::string m_ellipsoid;
  std::string m_crs_name;
  std::vector<double> m_xy, m_lats, m_lons;  // scratch, reused between calls
};

}  // namespace jigu::handles
