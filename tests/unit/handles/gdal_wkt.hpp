// GDAL's own reading of a WKT string: the oracle the handles tests hold jigu's conversions to.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "handles/gdal_handles.hpp"

namespace jigu::test {

/// The geometry GDAL's WKT reader (OGR_G_CreateFromWkt) makes of `text`; a parse failure is a
/// test failure and a null geometry.
inline handles::OgrGeometry gdal_wkt(const std::string& text) {
  OGRGeometryH g = nullptr;
  char* cursor = const_cast<char*>(text.c_str());
  EXPECT_EQ(OGR_G_CreateFromWkt(&cursor, nullptr, &g), OGRERR_NONE) << text;
  return handles::OgrGeometry(g);
}

}  // namespace jigu::test
