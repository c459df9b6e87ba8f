// Reads the independent oracle tables in tests/data/oracle (made by tools/oracle/).
#pragma once

#include <map>
#include <string>

namespace jigu::test {

struct OracleArea {
  std::string name;
  double planar_m2 = 0;
  double geodesic_m2 = 0;
};

/// id -> areas, from a CSV `id,name,planar_m2_5186,geodesic_m2_grs80` with '#' comment lines.
std::map<std::string, OracleArea> read_oracle_areas(const std::string& file_name);

}  // namespace jigu::test
