// The table of a planned activity's parameters (jigu/activity.hpp).
#include "jigu/activity.hpp"

#include <limits>
#include <stdexcept>

namespace jigu {

namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();
constexpr ParameterRange kNonNegative{0.0, kUnbounded, "a number ≥ 0"};
constexpr ParameterRange kShare{0.0, 1.0, "a share from 0 to 1 (60% is 0.6)"};

// A parameter whose HTTP keys and CSV column are one name.
ActivityParameter entry(std::string_view id, std::string_view flag, std::string_view key,
                        ParameterType type, std::string_view help) {
  return {.id = id,
          .cli_flag = flag,
          .query_key = key,
          .json_key = key,
          .csv_column = key,
          .type = type,
          .help = help};
}

ActivityParameter text(std::string_view id, std::string_view flag, std::string_view key,
                       std::string PlannedActivity::*field, std::string_view help) {
  ActivityParameter p = entry(id, flag, key, ParameterType::Text, help);
  p.text = field;
  return p;
}

ActivityParameter number(std::string_view id, std::string_view flag, std::string_view key,
                         std::optional<double> PlannedActivity::*field, ParameterRange range,
                         std::string_view help) {
  ActivityParameter p = entry(id, flag, key, ParameterType::Number, help);
  p.range = range;
  p.number = field;
  return p;
}

ActivityParameter flag(std::string_view id, std::string_view cli_flag, std::string_view key,
                       bool PlannedActivity::*field, std::string_view help) {
  ActivityParameter p = entry(id, cli_flag, key, ParameterType::Flag, help);
  p.flag = field;
  return p;
}

std::vector<ActivityParameter> table() {
  std::vector<ActivityParameter> t = {
      text("use", "--use", "use", &PlannedActivity::use,
           "Planned use: a 별표1 number (17), a name (지식산업센터) or an alias (factory)"),
      number("floor_area_m2", "--floor-area", "floor_area", &PlannedActivity::floor_area_m2,
             kNonNegative,
             "Floor area of the use in m² (classes sub-uses by size, e.g. 제조업소 < 500 m²)"),
      number("footprint_m2", "--footprint", "footprint", &PlannedActivity::footprint_m2,
             kNonNegative,
             "Building area (건축면적) in m²; gives the planned BCR over the site area"),
      number("height_m", "--height", "height", &PlannedActivity::height_m, kNonNegative,
             "Planned height in m"),
      number("encouraged_share", "--encouraged-share", "encouraged_share",
             &PlannedActivity::encouraged_share, kShare,
             "Share of the floor area in the district's encouraged industries, 0 to 1"),
      flag("public_open_space", "--public-open-space", "public_open_space",
           &PlannedActivity::public_open_space,
           "The building provides public open space (공개공지)"),
      number("far_pct", "--far", "far", &PlannedActivity::far_pct, kNonNegative,
             "Planned FAR (용적률) in %"),
      number("bcr_pct", "--bcr", "bcr", &PlannedActivity::bcr_pct, kNonNegative,
             "Planned BCR (건폐율) in %, instead of --footprint"),
  };
  // The one list: repeated as --fact and fact= (one fact each), an array "facts" in JSON.
  t.push_back({.id = "facts",
               .cli_flag = "--fact",
               .query_key = "fact",
               .json_key = "facts",
               .csv_column = "facts",
               .type = ParameterType::List,
               .help = "State a fact the rules test (repeatable); 'jigu rules facts' lists them",
               .list = &PlannedActivity::facts});
  return t;
}

}  // namespace

const std::vector<ActivityParameter>& activity_parameters() {
  static const std::vector<ActivityParameter> parameters = table();
  return parameters;
}

const ActivityParameter& activity_parameter(std::string_view id) {
  for (const auto& p : activity_parameters()) {
    if (p.id == id) return p;
  }
  throw std::out_of_range("activity_parameter: no parameter '" + std::string(id) + "'");
}

}  // namespace jigu
