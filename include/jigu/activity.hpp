// The parameters of a planned activity, declared once: each one's id, its name in every front
// end (CLI flag, HTTP key, batch CSV column), its type, range and help. The CLI, the server and
// the batch reader build a PlannedActivity from this table; engine errors name a parameter by id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jigu/check.hpp"

namespace jigu {

enum class ParameterType {
  Text,    ///< one string
  Number,  ///< a finite number within the parameter's range
  Flag,    ///< true or false
  List,    ///< strings, given repeatedly (CLI, query) or as an array (JSON) or ';'-separated (CSV)
};

/// The values a number may take, [low, high]; `text` ends "<value> is not …".
struct ParameterRange {
  double low = 0.0;
  double high = 0.0;
  std::string_view text;
};

/// One parameter of PlannedActivity.
struct ActivityParameter {
  std::string_view id;          ///< the PlannedActivity field: "floor_area_m2"
  std::string_view cli_flag;    ///< `jigu check`: "--floor-area"
  std::string_view query_key;   ///< GET /api/check: "floor_area" (repeated for a list)
  std::string_view json_key;    ///< POST /api/check body: "floor_area" (an array for a list)
  std::string_view csv_column;  ///< `jigu check --batch` file: "floor_area"
  ParameterType type = ParameterType::Text;
  std::optional<ParameterRange> range = std::nullopt;  ///< numbers only
  std::string_view help;  ///< one line, as `jigu check --help` shows it
  // The field the value goes to; only the one of `type` is set.
  std::string PlannedActivity::*text = nullptr;
  std::optional<double> PlannedActivity::*number = nullptr;
  bool PlannedActivity::*flag = nullptr;
  std::vector<std::string> PlannedActivity::*list = nullptr;
};

/// Every parameter, in the order `jigu check --help` and the batch header list them.
const std::vector<ActivityParameter>& activity_parameters();

/// The parameter with `id`. Throws std::out_of_range for an id not in the table (a bug).
const ActivityParameter& activity_parameter(std::string_view id);

}  // namespace jigu
