#include "handles/sqlite_handles.hpp"

#include <sqlite3.h>

#include "jigu/error.hpp"

namespace jigu::handles {

void SqliteCloser::operator()(sqlite3* db) const noexcept {
  sqlite3_close(db);
}

void SqliteFinalizer::operator()(sqlite3_stmt* s) const noexcept {
  sqlite3_finalize(s);
}

SqliteDb open_sqlite(const std::string& path, int flags, const std::string& name) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db(raw);  // closed even when opening failed
  if (opened != SQLITE_OK) {
    throw BackendError("'" + name + "': cannot open it with SQLite: " +
                       (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(opened)));
  }
  return db;
}

SqliteStatement prepare_sqlite(sqlite3* db, const std::string& sql, const std::string& name) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK) {
    throw BackendError("'" + name + "': cannot prepare '" + sql + "': " + sqlite3_errmsg(db));
  }
  return SqliteStatement(s);
}

namespace {

std::string quoted(const std::string& text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    out += c;
    if (c == quote) out += c;
  }
  return out + quote;
}

}  // namespace

std::string sql_identifier(const std::string& name) {
  return quoted(name, '"');
}

std::string sql_literal(const std::string& text) {
  return quoted(text, '\'');
}

}  // namespace jigu::handles
