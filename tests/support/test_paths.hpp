// Where the tests find their data; the paths come from CMake as compile definitions.
#pragma once

#include <filesystem>
#include <string>

namespace jigu::test {

inline std::filesystem::path shared_data() {
  return JIGU_SHARED_DATA_DIR;
}
inline std::filesystem::path geodata() {
  return JIGU_GEODATA_DIR;
}
inline std::filesystem::path oracle_dir() {
  return JIGU_ORACLE_DIR;
}
inline std::filesystem::path jigu_binary() {
  return JIGU_BINARY;
}

/// The installed npm tools' bin folder (tests/js/node_modules/.bin).
inline std::filesystem::path node_tools() {
  return JIGU_NODE_TOOLS_DIR;
}

/// A fresh, empty folder for one test, under the build tree.
std::filesystem::path fresh_dir(const std::string& name);

}  // namespace jigu::test
