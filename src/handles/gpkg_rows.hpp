// Rows into a GeoPackage table through SQLite itself. GDAL makes the file, the table and its
// metadata; the rows then go in through prepared INSERTs of many rows, each geometry written as a
// GeoPackage blob straight from jigu's own geometry. Through OGR_L_CreateFeature each row was
// an OGRFeature, an OGRGeometry, its WKB and then the blob: 6 s of CPU for a million
// classified parcels, 41 % of the whole run.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "handles/sqlite_handles.hpp"
#include "jigu/feature_set.hpp"
#include "jigu/geometry.hpp"

namespace jigu::handles {

/// How many rows of `columns` values each one INSERT takes when a statement may bind at most
/// `max_values`: up to 32, at least 1.
std::size_t rows_per_insert(std::size_t columns, std::size_t max_values);

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
  struct PendingRow {
    std::string blob;
    bool has_geometry = false;
    std::vector<AttributeValue> values;
  };
  void drop_triggers();
  std::string insert_sql(std::size_t rows) const;
  void run_insert(sqlite3_stmt* s);
  SqliteStatement prepare(const std::string& sql) const;
  void execute(const std::string& sql) const;
  [[noreturn]] void fail(const std::string& doing) const;

  std::string m_name;
  std::string m_table;
  std::size_t m_fields;
  SqliteDb m_db;
  std::string m_insert_head;  ///< "INSERT INTO t (columns) VALUES "
  std::size_t m_columns = 0;  ///< columns an INSERT row binds (the geometry's, the fields')
  SqliteStatement m_insert;   ///< of m_waiting.size() rows
  std::vector<PendingRow> m_waiting;
  std::size_t m_pending = 0;  ///< rows of m_waiting filled
  bool m_has_geometry = false;
  std::int32_t m_srs_id = 0;
  std::vector<std::string> m_triggers;  ///< the table's triggers, dropped while inserting
  Box m_extent = empty_box();
  std::int64_t m_rows = 0;
  bool m_finished = false;
};

}  // namespace jigu::handles
