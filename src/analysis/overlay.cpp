#include "jigu/overlay.hpp"

#include "geom/polygon_index.hpp"
#include "geom/validity.hpp"
#include "handles/geometry_convert.hpp"
#include "handles/geos_ops.hpp"

namespace jigu {

namespace {

// The pieces of `district` in each zone code, and the part no zone covers, as geometries.
void add_geometries(const geom::PolygonIndex& zones, const Feature& district,
                    std::vector<OverlayRow>& rows, std::size_t first) {
  const auto& ctx = handles::geos();
  handles::GeosGeom d = handles::to_geos(ctx, district.geometry);
  handles::GeosGeom rest = handles::to_geos(ctx, district.geometry);
  std::vector<std::size_t> candidates;
  zones.query(envelope(district.geometry), candidates);
  for (std::size_t r = first; r < rows.size(); ++r) {
    if (rows[r].code.empty()) continue;
    handles::GeosGeom piece;
    for (std::size_t i : candidates) {
      if (zones.feature(i).code != rows[r].code) continue;
      handles::GeosGeom part = handles::geos_intersection(d.get(), zones.geos(i));
      piece = piece ? handles::geos_union(piece.get(), part.get()) : std::move(part);
      rest = handles::geos_difference(rest.get(), zones.geos(i));
    }
    if (piece) rows[r].geometry = handles::from_geos(ctx, piece.get());
  }
  for (std::size_t r = first; r < rows.size(); ++r) {
    if (rows[r].code.empty()) rows[r].geometry = handles::from_geos(ctx, rest.get());
  }
  for (std::size_t r = first; r < rows.size(); ++r) geom::normalize_orientation(rows[r].geometry);
}

}  // namespace

std::vector<OverlayRow> overlay(const Locator& locator, const OverlayOptions& options) {
  std::vector<OverlayRow> rows;
  std::unique_ptr<geom::PolygonIndex> zones;
  if (options.with_geometry) zones = std::make_unique<geom::PolygonIndex>(locator.zoning());
  for (const auto& d : locator.districts().features) {
    if (d.geometry.kind != GeometryKind::Polygons) continue;
    const LocateResult r =
        locator.locate(Site{Site::Kind::Geometry, "district " + d.id, "", d.geometry});
    const std::size_t first = rows.size();
    for (const auto& z : r.zones) {
      rows.push_back(
          OverlayRow{d.id, d.name, r.site_area_m2, z.code, z.name, z.area_m2, z.share, {}});
    }
    if (zones) add_geometries(*zones, d, rows, first);
  }
  return rows;
}

}  // namespace jigu
