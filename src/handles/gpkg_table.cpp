#include "handles/gpkg_table.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "jigu/error.hpp"

namespace jigu::handles {

GpkgTable::GpkgTable(const std::string& path, const std::string& table,
                     const std::string& fid_column, const std::string& geometry_column,
                     const std::vector<Field>& fields, std::string name)
    : m_name(std::move(name)), m_has_geometry(!geometry_column.empty()) {
  m_db = open_sqlite(path, SQLITE_OPEN_READONLY, m_name);
  std::string sql = "SELECT " + sql_identifier(fid_column);
  if (m_has_geometry) sql += ", " + sql_identifier(geometry_column);
  for (const auto& f : fields) {
    m_columns.push_back(sql_identifier(f.name));
    sql += ", " + m_columns.back();
    m_types.push_back(f.type);
  }
  m_select_sql = sql + " FROM " + sql_identifier(table);
  m_select = prepare_sqlite(m_db.get(), m_select_sql, m_name);
}

bool GpkgTable::can_read(const std::vector<Field>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const Field& f) {
    return f.type == FieldType::Integer || f.type == FieldType::Real || f.type == FieldType::String;
  });
}

bool GpkgTable::next(std::int64_t& fid, std::vector<AttributeValue>& values, std::string& blob,
                     bool with_geometry) {
  sqlite3_stmt* s = m_select.get();
  const int stepped = sqlite3_step(s);
  if (stepped == SQLITE_DONE) return false;
  if (stepped != SQLITE_ROW) {
    throw InputError("'" + m_name + "': reading stopped: " + sqlite3_errmsg(m_db.get()));
  }
  fid = sqlite3_column_int64(s, 0);
  int column = 1;
  blob.clear();
  if (m_has_geometry) {
    if (with_geometry && sqlite3_column_type(s, column) != SQLITE_NULL) {
      // The pointer before the size, as SQLite's documentation asks.
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(s, column));
      blob.assign(bytes, static_cast<std::size_t>(sqlite3_column_bytes(s, column)));
    }
    ++column;
  }
  // The same calls GDAL's GeoPackage driver makes for each type (OGRGeoPackageLayer's
  // TranslateFeature): SQLite's own conversions then give the same values.
  values.resize(m_types.size());
  for (std::size_t i = 0; i < m_types.size(); ++i, ++column) {
    if (sqlite3_column_type(s, column) == SQLITE_NULL) {
      values[i] = std::monostate{};
    } else if (m_types[i] == FieldType::Integer) {
      values[i] = static_cast<std::int64_t>(sqlite3_column_int64(s, column));
    } else if (m_types[i] == FieldType::Real) {
      values[i] = sqlite3_column_double(s, column);
    } else {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
      const auto size = static_cast<std::size_t>(sqlite3_column_bytes(s, column));
      if (auto* held = std::get_if<std::string>(&values[i])) {
        held->assign(text, size);
      } else {
        values[i] = std::string(text, size);
      }
    }
  }
  return true;
}

void GpkgTable::reset() {
  sqlite3_reset(m_select.get());
}

void GpkgTable::filter_equal(std::size_t field, const std::string& value) {
  // Rows in rowid order still: an index on the column would otherwise choose the order.
  m_select = prepare_sqlite(
      m_db.get(), m_select_sql + " WHERE " + m_columns.at(field) + " = ?1 ORDER BY rowid", m_name);
  if (sqlite3_bind_text(m_select.get(), 1, value.data(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    throw BackendError("'" + m_name + "': " + sqlite3_errmsg(m_db.get()));
  }
}

}  // namespace jigu::handles
