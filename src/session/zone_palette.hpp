// The zoning palette of jigu's maps and reports: a colour per zone code.
#pragma once

#include <string>
#include <vector>

namespace jigu::report {

/// A zone code's map colour (the palette lives in zone_palette.cpp, the one place).
struct ZoneColour {
  std::string code;   ///< "UQA122"
  std::string fill;   ///< "#rrggbb"
  std::string label;  ///< Korean name, for a legend when the data has none
};

/// Every zone code the palette knows, in code order.
const std::vector<ZoneColour>& zoning_palette();

/// The fill for a zone code: its own colour, else its family's (by the code's first digit:
/// 1 residential, 2 commercial, 3 industrial, 4 green), else grey. The uncovered part ("") is
/// white.
std::string zone_colour(const std::string& code);

}  // namespace jigu::report
