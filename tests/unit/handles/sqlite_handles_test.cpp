// SQLite's owners (handles/sqlite_handles): opening and preparing fail with messages naming the
// database and SQLite's reason, and quoted identifiers and literals round-trip through SQLite
// itself, whatever quotes, spaces or Hangul they hold.
#include "handles/sqlite_handles.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "thrown.hpp"

namespace jigu::handles {
namespace {

template <class F>
std::string backend_error(F&& f) {
  return test::thrown<BackendError>(f);
}

TEST(SqliteHandles, OpeningAMissingDatabaseReadOnlySaysWhy) {
  const std::string path = (test::fresh_dir("sqlite_handles_open") / "missing.gpkg").string();
  const std::string message =
      backend_error([&] { open_sqlite(path, SQLITE_OPEN_READONLY, "missing.gpkg"); });
  // SQLite's own words for SQLITE_CANTOPEN.
  EXPECT_EQ(message, "'missing.gpkg': cannot open it with SQLite: unable to open database file");
}

TEST(SqliteHandles, PreparingBadSqlNamesTheStatementAndSqlitesReason) {
  const SqliteDb db = open_sqlite(":memory:", SQLITE_OPEN_READWRITE, "memory");
  const std::string message =
      backend_error([&] { prepare_sqlite(db.get(), "SELECT name FROM nowhere", "memory"); });
  EXPECT_EQ(message, "'memory': cannot prepare 'SELECT name FROM nowhere': no such table: nowhere");
}

// Creates a table named `name` with a column named `name`, inserts `value` as a literal, and
// reads back both names (from sqlite_master and the column list) and the value.
void round_trip(const std::string& name, const std::string& value) {
  SCOPED_TRACE(name + " / " + value);
  const SqliteDb db = open_sqlite(":memory:", SQLITE_OPEN_READWRITE, "memory");
  const std::string table = sql_identifier(name);
  ASSERT_EQ(sqlite3_exec(db.get(), ("CREATE TABLE " + table + " (" + table + " TEXT)").c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db.get());
  ASSERT_EQ(sqlite3_exec(db.get(),
                         ("INSERT INTO " + table + " VALUES (" + sql_literal(value) + ")").c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db.get());
  const SqliteStatement names =
      prepare_sqlite(db.get(), "SELECT name FROM sqlite_master WHERE type = 'table'", "memory");
  ASSERT_EQ(sqlite3_step(names.get()), SQLITE_ROW);
  EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(names.get(), 0)), name);
  const SqliteStatement rows = prepare_sqlite(db.get(), "SELECT * FROM " + table, "memory");
  EXPECT_EQ(sqlite3_column_name(rows.get(), 0), name);
  ASSERT_EQ(sqlite3_step(rows.get()), SQLITE_ROW);
  EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(rows.get(), 0)), value);
  EXPECT_EQ(sqlite3_step(rows.get()), SQLITE_DONE);
}

TEST(SqliteHandles, QuotedNamesAndLiteralsRoundTrip) {
  EXPECT_EQ(sql_identifier("parcels"), "\"parcels\"");
  EXPECT_EQ(sql_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(sql_literal("it's"), "'it''s'");
  EXPECT_EQ(sql_literal(""), "''");
  round_trip("parcels", "plain");
  round_trip("select", "keyword as a name");
  round_trip("a \"quoted\" name", "it's 'quoted' too");
  round_trip("\"", "'");
  round_trip("용도지역", "제2종일반주거지역");
  round_trip("x'); DROP TABLE t; --", "'); DROP TABLE t; --");
}

TEST(SqliteHandles, StatementsAndDatabasesCloseThemselves) {
  // Every statement finalised before its database closes: sqlite3_close would otherwise
  // return SQLITE_BUSY and keep the file open. Here the owners' order does it.
  SqliteDb db = open_sqlite(":memory:", SQLITE_OPEN_READWRITE, "memory");
  {
    const SqliteStatement s = prepare_sqlite(db.get(), "SELECT 1", "memory");
    ASSERT_EQ(sqlite3_step(s.get()), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(s.get(), 0), 1);
    EXPECT_NE(sqlite3_next_stmt(db.get(), nullptr), nullptr);
  }
  EXPECT_EQ(sqlite3_next_stmt(db.get(), nullptr), nullptr) << "the statement was not finalised";
  EXPECT_EQ(sqlite3_close(db.release()), SQLITE_OK);
}

}  // namespace
}  // namespace jigu::handles
