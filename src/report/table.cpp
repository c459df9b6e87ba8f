#include "jigu/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <locale>
#include <nlohmann/json.hpp>
#include <ostream>

#include "jigu/error.hpp"

namespace jigu {

OutputFormat parse_output_format(const std::string& text) {
  if (text == "table") return OutputFormat::Table;
  if (text == "csv") return OutputFormat::Csv;
  if (text == "json") return OutputFormat::Json;
  throw UsageError("--format: '" + text + "' is not one of table, csv, json");
}

namespace {

// Groups thousands with commas whatever the user's locale is.
struct ThousandsFacet : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};

const std::locale& grouping_locale() {
  static const std::locale locale(std::locale::classic(), new ThousandsFacet);
  return locale;
}

std::string text_cell(const Cell& cell, const Column& column) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return fmt::format(grouping_locale(), "{:L}", v);
        } else {
          return fmt::format(grouping_locale(), "{:.{}Lf}", v, column.decimals);
        }
      },
      cell);
}

std::string csv_cell(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
          std::string quoted = "\"";
          for (char c : v) {
            if (c == '"') quoted += '"';
            quoted += c;
          }
          return quoted + "\"";
        } else {
          return fmt::format("{}", v);  // shortest text that reads back exactly
        }
      },
      cell);
}

nlohmann::ordered_json json_cell(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else {
          return v;
        }
      },
      cell);
}

// Display width: Hangul syllables and other wide characters take two columns.
std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned cp = 0;
    if (len == 3 && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

void write_text(std::ostream& out, const Table& table) {
  const std::size_t n = table.columns.size();
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> widths(n);
  for (std::size_t c = 0; c < n; ++c) widths[c] = display_width(table.columns[c].name);
  for (const auto& row : table.rows) {
    auto& texts = cells.emplace_back();
    for (std::size_t c = 0; c < n; ++c) {
      texts.push_back(c < row.size() ? text_cell(row[c], table.columns[c]) : "");
      widths[c] = std::max(widths[c], display_width(texts.back()));
    }
  }
  auto line = [&](const std::vector<std::string>& texts) {
    std::string text;
    for (std::size_t c = 0; c < n; ++c) {
      const std::string pad(widths[c] - display_width(texts[c]), ' ');
      if (c > 0) text += "  ";
      text += table.columns[c].right ? pad + texts[c] : texts[c] + (c + 1 < n ? pad : "");
    }
    out << text << '\n';
  };
  if (!table.caption.empty()) out << table.caption << '\n';
  std::vector<std::string> header;
  for (const auto& col : table.columns) header.push_back(col.name);
  line(header);
  std::vector<std::string> rule;
  for (std::size_t c = 0; c < n; ++c) rule.emplace_back(widths[c], '-');
  line(rule);
  for (const auto& texts : cells) line(texts);
}

}  // namespace

void write_table(std::ostream& out, const Table& table, OutputFormat format) {
  switch (format) {
    case OutputFormat::Table:
      write_text(out, table);
      return;
    case OutputFormat::Csv: {
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        out << (c ? "," : "") << csv_cell(table.columns[c].name);
      }
      out << "\r\n";
      for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
          out << (c ? "," : "") << (c < row.size() ? csv_cell(row[c]) : "");
        }
        out << "\r\n";
      }
      return;
    }
    case OutputFormat::Json: {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const auto& row : table.rows) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
          object[table.columns[c].name] = c < row.size() ? json_cell(row[c]) : nullptr;
        }
        rows.push_back(std::move(object));
      }
      nlohmann::ordered_json doc = {{"caption", table.caption}, {"rows", std::move(rows)}};
      out << doc.dump(2) << '\n';
      return;
    }
  }
}

}  // namespace jigu
