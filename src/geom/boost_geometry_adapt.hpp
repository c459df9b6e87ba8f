// Registers jigu's Point, Ring and Polygon with Boost.Geometry (clockwise, closed rings) so its
// planar kernels and R-tree run directly on them.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/register/point.hpp>
#include <boost/geometry/geometries/register/ring.hpp>

#include "jigu/geometry.hpp"

BOOST_GEOMETRY_REGISTER_POINT_2D(jigu::Point, double, boost::geometry::cs::cartesian, x, y)
BOOST_GEOMETRY_REGISTER_RING(jigu::Ring)

namespace boost::geometry::traits {

template <>
struct tag<jigu::Polygon> {
  using type = polygon_tag;
};
template <>
struct ring_const_type<jigu::Polygon> {
  using type = const jigu::Ring&;
};
template <>
struct ring_mutable_type<jigu::Polygon> {
  using type = jigu::Ring&;
};
template <>
struct interior_const_type<jigu::Polygon> {
  using type = const std::vector<jigu::Ring>&;
};
template <>
struct interior_mutable_type<jigu::Polygon> {
  using type = std::vector<jigu::Ring>&;
};
template <>
struct exterior_ring<jigu::Polygon> {
  static jigu::Ring& get(jigu::Polygon& p) { return p.outer; }
  static const jigu::Ring& get(const jigu::Polygon& p) { return p.outer; }
};
template <>
struct interior_rings<jigu::Polygon> {
  static std::vector<jigu::Ring>& get(jigu::Polygon& p) { return p.holes; }
  static const std::vector<jigu::Ring>& get(const jigu::Polygon& p) { return p.holes; }
};

}  // namespace boost::geometry::traits
