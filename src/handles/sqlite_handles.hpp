// SQLite handles for the GeoPackage paths that bypass OGR (gpkg_rows, gpkg_table).
#pragma once

#include <memory>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace jigu::handles {

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept;
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;

struct SqliteFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept;
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

/// Opens the database at `path` with SQLite's open `flags`, for one thread at a time (no SQLite
/// mutexes). Throws BackendError naming `name` and saying why.
SqliteDb open_sqlite(const std::string& path, int flags, const std::string& name);

/// `sql` prepared on `db`. Throws BackendError naming `name`, what was being done and why.
SqliteStatement prepare_sqlite(sqlite3* db, const std::string& sql, const std::string& name);

/// An SQL identifier in double quotes, quotes inside doubled.
std::string sql_identifier(const std::string& name);

/// A string as an SQL literal, in single quotes, quotes inside doubled.
std::string sql_literal(const std::string& text);

}  // namespace jigu::handles
