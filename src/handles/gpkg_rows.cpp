#include "handles/gpkg_rows.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <type_traits>
#include <variant>

#include "handles/gpkg_blob.hpp"
#include "jigu/error.hpp"

namespace jigu::handles {

namespace {

// 32 rows an INSERT and 32 KiB pages: each takes about a third off SQLite's time on a million
// classified rows, and more of either gains nothing (BENCHMARKS.md).
constexpr std::size_t kRowsPerInsert = 32;
constexpr int kPageSize = 32768;

}  // namespace

std::size_t rows_per_insert(std::size_t columns, std::size_t max_values) {
  return std::clamp<std::size_t>(max_values / std::max<std::size_t>(1, columns), 1, kRowsPerInsert);
}

GpkgRows::GpkgRows(const std::string& path, const std::string& table,
                   const std::vector<Field>& fields, std::string name)
    : m_name(std::move(name)), m_table(table), m_fields(fields.size()) {
  m_db = open_sqlite(path, SQLITE_OPEN_READWRITE, m_name);
  // The file is a temporary one, renamed into place only once complete: a rollback journal in
  // memory is enough, and leaves no sidecar file behind.
  execute("PRAGMA journal_mode=MEMORY");
  // Pages of 32 KiB instead of GDAL's 4 KiB: a third less time inserting a million rows (the
  // b-tree splits and writes fewer, larger pages). VACUUM rewrites the file, still nearly empty,
  // with the new size.
  execute("PRAGMA page_size=" + std::to_string(kPageSize));
  execute("VACUUM");

  // The geometry column and its CRS, as GDAL registered them.
  {
    SqliteStatement s = prepare(
        "SELECT column_name, srs_id FROM gpkg_geometry_columns "
        "WHERE lower(table_name) = lower(?1)");
    sqlite3_bind_text(s.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    std::string geometry_column;
    if (sqlite3_step(s.get()) == SQLITE_ROW) {
      m_has_geometry = true;
      geometry_column = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
      m_srs_id = sqlite3_column_int(s.get(), 1);
    }
    // The table's own columns after the FID and the geometry must be the fields, in order.
    std::vector<std::string> columns;
    SqliteStatement info = prepare("PRAGMA table_info(" + sql_identifier(table) + ")");
    while (sqlite3_step(info.get()) == SQLITE_ROW) {
      const std::string column = reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 1));
      const bool primary_key = sqlite3_column_int(info.get(), 5) != 0;
      if (!primary_key && column != geometry_column) columns.push_back(column);
    }
    if (columns.size() != fields.size()) {
      throw BackendError("'" + m_name + "': the GeoPackage table GDAL made has " +
                         std::to_string(columns.size()) + " columns for " +
                         std::to_string(fields.size()) + " fields");
    }
    if (m_has_geometry) columns.insert(columns.begin(), geometry_column);
    m_insert_head = "INSERT INTO " + sql_identifier(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      m_insert_head += (i ? ", " : "") + sql_identifier(columns[i]);
    }
    m_insert_head += ") VALUES ";
    m_columns = columns.size();
    // The most values one statement may bind: 32,766 by SQLite's default, 250,000 in Debian's.
    const int max_values = sqlite3_limit(m_db.get(), SQLITE_LIMIT_VARIABLE_NUMBER, -1);
    m_waiting.resize(rows_per_insert(m_columns, static_cast<std::size_t>(max_values)));
    execute("BEGIN");
    drop_triggers();
    m_insert = prepare(insert_sql(m_waiting.size()));
  }
}

// The INSERT of `rows` rows at once: "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)".
std::string GpkgRows::insert_sql(std::size_t rows) const {
  std::string sql = m_insert_head;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t i = 0; i < m_columns; ++i) sql += i ? ", ?" : "?";
    sql += ')';
  }
  return sql;
}

// GDAL's triggers on the table (the feature count's) would run once a row; finish() puts them
// back as they were, and sets the count once.
void GpkgRows::drop_triggers() {
  std::vector<std::string> names;
  {
    SqliteStatement s =
        prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1");
    sqlite3_bind_text(s.get(), 1, m_table.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
      m_triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 1)));
    }
  }
  for (const auto& n : names) execute("DROP TRIGGER " + sql_identifier(n));
}

GpkgRows::~GpkgRows() {
  m_insert.reset();
  if (m_db && !m_finished) sqlite3_exec(m_db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

// Rows wait, copied (the caller's values change from row to row), until there are enough for
// one many-row INSERT: one statement for many rows costs SQLite less (its AUTOINCREMENT
// bookkeeping, for one, is once a statement). The copies reuse the waiting rows' memory.
void GpkgRows::insert(const std::vector<AttributeValue>& values, const Geometry* geometry) {
  PendingRow& row = m_waiting[m_pending];
  row.blob.clear();
  row.has_geometry = m_has_geometry && geometry != nullptr && !geometry->empty();
  if (row.has_geometry) expand(m_extent, append_gpkg_blob(*geometry, m_srs_id, row.blob));
  row.values.resize(m_fields);
  for (std::size_t i = 0; i < m_fields; ++i) {
    row.values[i] = i < values.size() ? values[i] : AttributeValue{};
  }
  if (++m_pending == m_waiting.size()) run_insert(m_insert.get());
}

// Binds the waiting rows to `s`, an INSERT of as many rows, and runs it.
void GpkgRows::run_insert(sqlite3_stmt* s) {
  int at = 1;
  for (std::size_t r = 0; r < m_pending; ++r) {
    const PendingRow& row = m_waiting[r];
    if (m_has_geometry) {
      if (row.has_geometry) {
        sqlite3_bind_blob(s, at, row.blob.data(), static_cast<int>(row.blob.size()), SQLITE_STATIC);
      } else {
        sqlite3_bind_null(s, at);
      }
      ++at;
    }
    for (const auto& value : row.values) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::int64_t>) {
              sqlite3_bind_int64(s, at, v);
            } else if constexpr (std::is_same_v<T, double>) {
              sqlite3_bind_double(s, at, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
              sqlite3_bind_text(s, at, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
            } else {
              sqlite3_bind_null(s, at);
            }
          },
          value);
      ++at;
    }
  }
  const int stepped = sqlite3_step(s);
  sqlite3_reset(s);
  if (stepped != SQLITE_DONE) fail("cannot write a feature");
  m_rows += static_cast<std::int64_t>(m_pending);
  m_pending = 0;
}

void GpkgRows::finish() {
  if (m_pending > 0) {  // the last rows, in an INSERT of their number
    const SqliteStatement last = prepare(insert_sql(m_pending));
    run_insert(last.get());
  }
  if (m_has_geometry && m_extent.min.x <= m_extent.max.x) {
    SqliteStatement s = prepare(
        "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4, "
        "last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE lower(table_name) = lower(?5)");
    sqlite3_bind_double(s.get(), 1, m_extent.min.x);
    sqlite3_bind_double(s.get(), 2, m_extent.min.y);
    sqlite3_bind_double(s.get(), 3, m_extent.max.x);
    sqlite3_bind_double(s.get(), 4, m_extent.max.y);
    sqlite3_bind_text(s.get(), 5, m_table.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) fail("cannot record the extent");
  }
  SqliteStatement count = prepare(
      "UPDATE gpkg_ogr_contents SET feature_count = ?1 WHERE lower(table_name) = lower(?2)");
  sqlite3_bind_int64(count.get(), 1, m_rows);
  sqlite3_bind_text(count.get(), 2, m_table.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(count.get()) != SQLITE_DONE) fail("cannot record the feature count");
  for (const auto& sql : m_triggers) execute(sql);
  execute("COMMIT");
  m_finished = true;
  m_insert.reset();
  count.reset();
  // Closing writes nothing more after COMMIT; it fails only with statements left open.
  if (sqlite3_close(m_db.get()) != SQLITE_OK) fail("cannot close the GeoPackage");
  static_cast<void>(m_db.release());
}

SqliteStatement GpkgRows::prepare(const std::string& sql) const {
  return prepare_sqlite(m_db.get(), sql, m_name);
}

void GpkgRows::execute(const std::string& sql) const {
  if (sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    fail("cannot run '" + sql + "'");
  }
}

void GpkgRows::fail(const std::string& doing) const {
  const std::string why = m_db ? sqlite3_errmsg(m_db.get()) : "out of memory";
  throw BackendError("'" + m_name + "': " + doing + ": " + why);
}

}  // namespace jigu::handles
