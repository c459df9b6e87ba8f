#include "cli/check_batch.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "io/encoding.hpp"
#include "jigu/activity.hpp"
#include "jigu/error.hpp"
#include "jigu/rules.hpp"

namespace jigu::cli {

namespace {

// The site's columns, then the activity's.
std::vector<std::string> batch_columns() {
  std::vector<std::string> out = {"id", "pnu", "point", "wkt", "geojson", "crs"};
  for (const auto& p : activity_parameters()) out.emplace_back(p.csv_column);
  return out;
}

}  // namespace

const std::vector<std::string> kBatchColumns = batch_columns();

std::string application_error(const std::string& where, const Error& e) {
  if (const auto* bad = dynamic_cast<const ParameterUsageError*>(&e)) {
    return where + ": column '" + std::string(activity_parameter(bad->parameter()).csv_column) +
           "': " + bad->detail();
  }
  return where + ": " + e.what();
}

namespace {

// RFC 4180 records; each with the line it starts on.
struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

std::vector<Record> read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("'" + path + "': cannot read the applications file");
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 BOM from spreadsheets
  // The file must be UTF-8 text: a NUL byte or an undecodable sequence (a CP949 export, a binary
  // file) is named by its line rather than passed on into ids and use names.
  auto line_of = [&text](std::size_t at) {
    return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  };
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    throw InputError("'" + path + "' line " + std::to_string(line_of(nul)) +
                     ": a NUL byte; the applications file must be UTF-8 text");
  }
  if (!io::is_valid_utf8(text)) {
    std::size_t start = 0;  // the first line that is not UTF-8
    while (start < text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      if (!io::is_valid_utf8(std::string_view(text).substr(start, end - start))) break;
      start = end + 1;
    }
    throw InputError("'" + path + "' line " + std::to_string(line_of(start)) +
                     ": not UTF-8 text (save the file as UTF-8, e.g. not as CP949)");
  }
  std::vector<Record> records;
  Record current{1, {}};
  std::string field;
  bool quoted = false, field_started = false;
  int line = 1;
  auto end_field = [&] {
    // No application needs a field this long (a GeoJSON site of a large parcel is a few kB).
    constexpr std::size_t kMaxField = 1u << 20;
    if (field.size() > kMaxField) {
      throw InputError("'" + path + "' line " + std::to_string(current.line) + ": field " +
                       std::to_string(current.fields.size() + 1) + " is " +
                       std::to_string(field.size()) + " bytes long; at most 1 MiB is read");
    }
    current.fields.push_back(field);
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    const bool blank = current.fields.size() == 1 && current.fields.front().empty();
    if (!blank) records.push_back(std::move(current));
    current = Record{line, {}};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      ++line;
      end_record();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    throw InputError("'" + path + "' line " + std::to_string(current.line) +
                     ": a quoted field is not closed");
  }
  if (!field.empty() || !current.fields.empty()) end_record();
  return records;
}

}  // namespace

std::vector<Application> read_applications(const std::string& path) {
  const std::vector<Record> records = read_csv(path);
  if (records.empty()) throw InputError("'" + path + "': no header row; see jigu check --help");
  std::map<std::string, std::size_t> column;
  const Record& header = records.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = header.fields[i];
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(kBatchColumns.begin(), kBatchColumns.end(), name) == kBatchColumns.end()) {
      std::string best;
      std::size_t best_d = 3;
      for (const auto& known : kBatchColumns) {
        if (name.size() >= known.size() + best_d) continue;  // too long to be a typo of it
        const std::size_t d = edit_distance(name, known);
        if (d < best_d) {
          best_d = d;
          best = known;
        }
      }
      throw InputError(
          "'" + path + "' line " + std::to_string(header.line) + ": unknown column '" +
          header.fields[i] + "'" +
          (best.empty() ? "; the columns are " + fmt::format("{}", fmt::join(kBatchColumns, ", "))
                        : "; did you mean '" + best + "'?"));
    }
    if (!column.emplace(name, i).second) {
      throw InputError("'" + path + "' line " + std::to_string(header.line) + ": column '" + name +
                       "' appears twice");
    }
  }
  if (!column.count("use")) {
    throw InputError("'" + path + "' line " + std::to_string(header.line) +
                     ": no 'use' column; the columns are " +
                     fmt::format("{}", fmt::join(kBatchColumns, ", ")));
  }
  std::vector<Application> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    const std::string where = "'" + path + "' line " + std::to_string(rec.line);
    if (rec.fields.size() != header.fields.size()) {
      throw InputError(where + ": " + std::to_string(rec.fields.size()) +
                       " fields, the header has " + std::to_string(header.fields.size()));
    }
    auto get = [&](const std::string& name) -> std::string {
      auto it = column.find(name);
      if (it == column.end()) return {};
      std::string v = rec.fields[it->second];
      v.erase(0, v.find_first_not_of(" \t"));
      v.erase(v.find_last_not_of(" \t") + 1);
      return v;
    };
    auto number = [&](const std::string& name) -> std::optional<double> {
      const std::string v = get(name);
      if (v.empty()) return std::nullopt;
      std::size_t used = 0;
      double d = 0;
      try {
        d = std::stod(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != v.size() || !std::isfinite(d)) {
        throw InputError(where + ": column '" + name + "': '" + v + "' is not a number");
      }
      return d;
    };
    Application a;
    a.line = rec.line;
    a.id = get("id");
    a.site.pnu = get("pnu");
    a.site.point = get("point");
    a.site.wkt = get("wkt");
    a.site.geojson = get("geojson");
    if (!get("crs").empty()) a.site.crs = get("crs");
    const int sites =
        !a.site.pnu.empty() + !a.site.point.empty() + !a.site.wkt.empty() + !a.site.geojson.empty();
    if (sites != 1) {
      throw InputError(where + ": give exactly one of pnu, point, wkt, geojson (" +
                       std::to_string(sites) + " given)");
    }
    const std::string use_column(activity_parameter("use").csv_column);
    if (get(use_column).empty()) throw InputError(where + ": column '" + use_column + "' is empty");
    for (const auto& p : activity_parameters()) {
      const std::string name(p.csv_column);
      switch (p.type) {
        case ParameterType::Text:
          a.activity.*p.text = get(name);
          break;
        case ParameterType::Number:
          a.activity.*p.number = number(name);
          break;
        case ParameterType::Flag: {
          const std::string v = get(name);
          if (v == "1" || v == "true" || v == "yes" || v == "y") {
            a.activity.*p.flag = true;
          } else if (!(v.empty() || v == "0" || v == "false" || v == "no" || v == "n")) {
            throw InputError(where + ": column '" + name + "': '" + v +
                             "' is not yes/no, true/false or 1/0");
          }
          break;
        }
        case ParameterType::List: {
          std::string list = get(name);
          std::replace(list.begin(), list.end(), ';', ' ');
          std::istringstream words(list);
          for (std::string w; words >> w;) (a.activity.*p.list).push_back(w);
          break;
        }
      }
    }
    try {
      a.activity.validate();
    } catch (const Error& e) {
      throw InputError(application_error(where, e));
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace jigu::cli
