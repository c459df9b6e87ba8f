// The GEOS context (handles/geos_context): one per thread, GEOS's own error messages kept and
// carried by the errors thrown for a null result or a predicate's exception value, and the owners
// freeing through the context that made them.
#include "handles/geos_context.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

TEST(GeosContext, OneContextPerThread) {
  GEOSContextHandle_t mine = geos().get();
  EXPECT_EQ(geos().get(), mine) << "the same thread, the same context";
  GEOSContextHandle_t other = nullptr;
  std::thread([&] { other = geos().get(); }).join();
  EXPECT_NE(other, nullptr);
  EXPECT_NE(other, mine);
}

TEST(GeosContext, ANullResultThrowsWithGeosOwnMessage) {
  GeosContext ctx;
  // A linear ring of three points, unclosed: GEOS refuses it and says why through the handler.
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.get(), 3, 2);
  for (unsigned i = 0; i < 3; ++i) GEOSCoordSeq_setXY_r(ctx.get(), seq, i, i, i * i);
  GEOSGeometry* ring = GEOSGeom_createLinearRing_r(ctx.get(), seq);
  ASSERT_EQ(ring, nullptr);
  EXPECT_FALSE(ctx.last_error().empty());
  EXPECT_EQ(test::thrown<GeometryError>([&] { ctx.own(ring, "ring"); }),
            "geos: ring: " + ctx.last_error());
}

TEST(GeosContext, PredicatesThrowOnlyForTheExceptionValue) {
  GeosContext ctx;
  EXPECT_TRUE(ctx.check_predicate(1, "contains"));
  EXPECT_FALSE(ctx.check_predicate(0, "contains"));
  EXPECT_THROW(ctx.check_predicate(2, "contains"), GeometryError);
  // The error carries the message of GEOS's last failure on this context: here, the WKT
  // reader's reason for refusing a two-point polygon.
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.get());
  GEOSGeometry* bad = GEOSWKTReader_read_r(ctx.get(), reader, "POLYGON ((0 0, 1 1))");
  GEOSWKTReader_destroy_r(ctx.get(), reader);
  EXPECT_EQ(bad, nullptr);
  const std::string reason = ctx.last_error();
  EXPECT_FALSE(reason.empty());
  EXPECT_EQ(test::thrown<GeometryError>([&] { ctx.check_predicate(2, "covers"); }),
            "geos: covers: " + reason);
}

TEST(GeosContext, ContextsKeepTheirOwnMessages) {
  GeosContext quiet;
  GeosContext noisy;
  GEOSWKTReader* reader = GEOSWKTReader_create_r(noisy.get());
  EXPECT_EQ(GEOSWKTReader_read_r(noisy.get(), reader, "NOT WKT"), nullptr);
  GEOSWKTReader_destroy_r(noisy.get(), reader);
  EXPECT_FALSE(noisy.last_error().empty());
  EXPECT_TRUE(quiet.last_error().empty());
}

TEST(GeosContext, OwnersWorkThroughTheirContext) {
  GeosContext ctx;
  GeosGeom point = ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), 201234.5, 551234.25), "point");
  EXPECT_EQ(point.get_deleter().ctx, ctx.get());
  double x = 0;
  ASSERT_EQ(GEOSGeomGetX_r(ctx.get(), point.get(), &x), 1);
  EXPECT_EQ(x, 201234.5);
  const GeosGeom square = ctx.own(GEOSGeom_createRectangle_r(ctx.get(), 0, 0, 2, 3), "rectangle");
  const GeosPrepared prepared(GEOSPrepare_r(ctx.get(), square.get()),
                              GeosPreparedDeleter{ctx.get()});
  const GeosGeom inside = ctx.own(GEOSGeom_createPointFromXY_r(ctx.get(), 1, 1), "point");
  EXPECT_TRUE(ctx.check_predicate(GEOSPreparedContains_r(ctx.get(), prepared.get(), inside.get()),
                                  "contains"));
  EXPECT_FALSE(ctx.check_predicate(GEOSPreparedContains_r(ctx.get(), prepared.get(), point.get()),
                                   "contains"));
  const GeosMakeValidParams params(GEOSMakeValidParams_create_r(ctx.get()),
                                   GeosMakeValidParamsDeleter{ctx.get()});
  EXPECT_NE(params, nullptr);
  point.reset();  // freed through ctx, before it finishes
  EXPECT_EQ(point, nullptr);
}

}  // namespace
}  // namespace jigu::handles
