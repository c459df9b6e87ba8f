// A GeoPackage table's rows read through SQLite itself, in the order and with the values GDAL
// gives: the FID, the attributes, and the geometry blob as stored, to be parsed where features
// are finished (on the worker threads) rather than in the one thread that reads. Through
// OGR_L_GetNextFeature each row became an OGRFeature and an OGRGeometry first: 18 % of the CPU
// of classifying a million parcels, all of it in the serial reading stage.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "handles/sqlite_handles.hpp"
#include "jigu/feature_set.hpp"

namespace jigu::handles {

class GpkgTable {
 public:
  /// Opens `path` (a GeoPackage file) read-only to read the table `table`: `fid_column`, then
  /// `geometry_column` ("" for none), then `fields` (integer, real and string ones only), in
  /// rowid order as GDAL reads a table. `name` is how errors name the source. Throws
  /// BackendError.
  GpkgTable(const std::string& path, const std::string& table, const std::string& fid_column,
            const std::string& geometry_column, const std::vector<Field>& fields, std::string name);

  /// Whether a layer with these fields can be read so: only integer, real and string
  /// attributes read back from SQLite exactly as GDAL reads them (dates are GDAL's own text).
  static bool can_read(const std::vector<Field>& fields);

  /// The next row: its FID, its values (parallel to the fields; strings as stored) and, when
  /// `with_geometry`, its geometry blob (empty for NULL). False at the end. Throws InputError
  /// when SQLite fails.
  bool next(std::int64_t& fid, std::vector<AttributeValue>& values, std::string& blob,
            bool with_geometry);

  /// Back to the first row.
  void reset();

  /// From the first row again, only the rows whose field `field` (an index into the fields)
  /// equals the text `value`. Throws BackendError.
  void filter_equal(std::size_t field, const std::string& value);

 private:
  std::string m_name;
  std::vector<FieldType> m_types;
  bool m_has_geometry = false;
  std::string m_select_sql;            ///< all rows, in rowid order
  std::vector<std::string> m_columns;  ///< the fields' quoted names
  SqliteDb m_db;
  SqliteStatement m_select;
};

}  // namespace jigu::handles
