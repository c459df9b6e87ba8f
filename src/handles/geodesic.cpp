#include "handles/geodesic.hpp"

#include <cmath>

#include "jigu/error.hpp"

namespace jigu::handles {

EllipsoidalRingArea::EllipsoidalRingArea(const std::string& projected_crs) {
  auto& ctx = proj();
  Pj crs = make_working_crs(projected_crs);
  Pj geographic(proj_crs_get_geodetic_crs(ctx.get(), crs.get()));
  Pj ellipsoid(proj_get_ellipsoid(ctx.get(), crs.get()));
  double a = 0, b = 0, inv_f = 0;
  int computed = 0;
  if (!geographic || !ellipsoid ||
      !proj_ellipsoid_get_parameters(ctx.get(), ellipsoid.get(), &a, &b, &computed, &inv_f)) {
    throw CrsError("geodesic area: cannot find the ellipsoid of '" + projected_crs + "'");
  }
  m_ellipsoid = proj_get_name(ellipsoid.get());
  m_crs_name = proj_get_name(crs.get());
  geod_init(&m_geod, a, inv_f > 0 ? 1.0 / inv_f : 0.0);
  m_to_lonlat = make_operation(crs.get(), geographic.get());
}

double EllipsoidalRingArea::operator()(const Ring& ring) {
  const std::size_t n = ring.size();
  m_xy.resize(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    m_xy[2 * i] = ring[i].x;
    m_xy[2 * i + 1] = ring[i].y;
  }
  transform_xy(m_to_lonlat.op.get(), m_xy.data(), n, "geodesic area");
  m_lats.resize(n);
  m_lons.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    m_lons[i] = m_xy[2 * i];
    m_lats[i] = m_xy[2 * i + 1];
  }
  double area = 0.0;
  double perimeter = 0.0;
  geod_polygonarea(&m_geod, m_lats.data(), m_lons.data(), static_cast<int>(n), &area, &perimeter);
  return std::abs(area);
}

}  // namespace jigu::handles
