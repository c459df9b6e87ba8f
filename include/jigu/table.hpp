// A small result table that renders as an aligned text table, CSV or JSON.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

namespace jigu {

enum class OutputFormat { Table, Csv, Json };

/// Parses "table", "csv" or "json"; throws UsageError otherwise.
OutputFormat parse_output_format(const std::string& text);

using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Column {
  std::string name;    ///< the CSV/JSON key
  int decimals = 2;    ///< for doubles in the text table (CSV/JSON keep full precision)
  bool right = false;  ///< right-align in the text table
};

struct Table {
  std::string caption;  ///< printed above the text table; a "caption" member in JSON
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

/// Writes `table` in `format`. Text tables use thousands separators; CSV follows RFC 4180 and
/// writes doubles with full (round-trip) precision; JSON is an object {caption, rows:[{...}]}.
void write_table(std::ostream& out, const Table& table, OutputFormat format);

}  // namespace jigu
