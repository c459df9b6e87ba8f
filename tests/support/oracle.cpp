#include "oracle.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "test_paths.hpp"

namespace jigu::test {

std::map<std::string, OracleArea> read_oracle_areas(const std::string& file_name) {
  std::ifstream in(oracle_dir() / file_name);
  if (!in) throw std::runtime_error("cannot read oracle " + file_name);
  std::map<std::string, OracleArea> out;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream s(line);
    std::string cell;
    while (std::getline(s, cell, ',')) cells.push_back(cell);
    if (cells.size() != 4) throw std::runtime_error("bad oracle line: " + line);
    out[cells[0]] = OracleArea{cells[1], std::stod(cells[2]), std::stod(cells[3])};
  }
  return out;
}

}  // namespace jigu::test
