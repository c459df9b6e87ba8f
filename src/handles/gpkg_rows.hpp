// Rows into a GeoPackage table through SQLite itself. GDAL makes the file, the table and its
// metadata; the rows then go in through one prepared INSERT, with each geometry written as a
// GeoPackage blob straight from jigu's own geometry. Through OGR_L_CreateFeature each row was
// an OGRFeature, an OGRGeometry, its WKB and then the blob: 6 s of CPU for a million
// classified parcels, 41 % of the whole run.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "jigu/feature_set.hpp"
#include "jigu/geometry.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace jigu::handles {

/// Appends to `out` the GeoPackage geometry blob of a non-empty `geometry` (GeoPackage 1.3,
/// clause 2.1.3: "GP", version 0, flags, srs_id, envelope, then ISO WKB), in this machine's
/// byte order, which the flags and the WKB record. One point is a Point, several a MultiPoint;
/// one polygon is a Polygon, several a MultiPolygon, as GDAL writes them; rings go as they are.
/// A single point has no envelope (it is its own), the others an x/y one.
void append_gpkg_blob(const Geometry& geometry, std::int32_t srs_id, std::string& out);

class GpkgRows {
 public:
  /// Opens the GeoPackage at `path`, which GDAL made and closed with the empty table `table`
  /// holding `fields` (after its FID and, if any, its geometry column), and starts one
  /// transaction. `name` is how errors name the output. Throws BackendError.
  GpkgRows(const std::string& path, const std::string& table, const std::vector<Field>& fields,
           std::string name);
  ~GpkgRows();  ///< without finish(): rolls back and closes
  GpkgRows(const GpkgRows&) = delete;
  GpkgRows& operator=(const GpkgRows&) = delete;

  /// Inserts one row: `values` parallel to the fields; `geometry` null or empty for none.
  /// Throws BackendError (e.g. a full disk).
  void insert(const std::vector<AttributeValue>& values, const Geometry* geometry);

  /// Records the table's extent and feature count where GDAL keeps them, commits and closes.
  /// Throws BackendError.
  void finish();

 private:
  struct CloseDb {
    void operator()(sqlite3* db) const noexcept;
  };
  struct FinalizeStatement {
    void operator()(sqlite3_stmt* s) const noexcept;
  };
  using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

  void drop_triggers();
  Statement prepare(const std::string& sql) const;
  void execute(const std::string& sql) const;
  [[noreturn]] void fail(const std::string& doing) const;

  std::string m_name;
  std::string m_table;
  std::size_t m_fields;
  std::unique_ptr<sqlite3, CloseDb> m_db;
  Statement m_insert;
  bool m_has_geometry = false;
  std::int32_t m_srs_id = 0;
  std::vector<std::string> m_triggers;  ///< the table's triggers, dropped while inserting
  std::string m_blob;                   ///< reused from row to row
  Box m_extent = empty_box();
  std::int64_t m_rows = 0;
  bool m_finished = false;
};

}  // namespace jigu::handles
