// The zoning palette of jigu's maps, one colour per UQA code: the conventional Korean scheme of
// urban-planning maps (도시·군관리계획 결정도) — residential in yellows turning brown towards
// 준주거, commercial in pinks and reds, industrial in purples and blues, green zones in greens.
#include <algorithm>

#include "session/zone_palette.hpp"

namespace jigu::report {

const std::vector<ZoneColour>& zoning_palette() {
  static const std::vector<ZoneColour> palette = {
      // residential (주거지역): pale yellow → ochre → brown
      {"UQA100", "#f5d94a", "주거지역"},
      {"UQA111", "#fff5a8", "제1종전용주거지역"},
      {"UQA112", "#ffee82", "제2종전용주거지역"},
      {"UQA121", "#ffe45c", "제1종일반주거지역"},
      {"UQA122", "#f5d33b", "제2종일반주거지역"},
      {"UQA123", "#e0b12c", "제3종일반주거지역"},
      {"UQA130", "#c98b4a", "준주거지역"},
      // commercial (상업지역): light pink → red → magenta
      {"UQA200", "#ef8a98", "상업지역"},
      {"UQA210", "#d92b45", "중심상업지역"},
      {"UQA220", "#ec6f82", "일반상업지역"},
      {"UQA230", "#f6b3c0", "근린상업지역"},
      {"UQA240", "#c2457e", "유통상업지역"},
      // industrial (공업지역): purple → lavender → blue
      {"UQA300", "#9b8fd1", "공업지역"},
      {"UQA310", "#6f4fa3", "전용공업지역"},
      {"UQA320", "#9a84cf", "일반공업지역"},
      {"UQA330", "#8aa4dc", "준공업지역"},
      // green (녹지지역): dark → light green
      {"UQA400", "#8cc47e", "녹지지역"},
      {"UQA410", "#3f8f46", "보전녹지지역"},
      {"UQA420", "#86bf6e", "생산녹지지역"},
      {"UQA430", "#b7dca0", "자연녹지지역"},
  };
  return palette;
}

std::string zone_colour(const std::string& code) {
  if (code.empty()) return "#ffffff";
  const auto& palette = zoning_palette();
  auto it = std::find_if(palette.begin(), palette.end(),
                         [&](const ZoneColour& c) { return c.code == code; });
  if (it != palette.end()) return it->fill;
  if (code.size() >= 4 && code.compare(0, 3, "UQA") == 0) {
    const std::string family = std::string("UQA") + code[3] + "00";
    it = std::find_if(palette.begin(), palette.end(),
                      [&](const ZoneColour& c) { return c.code == family; });
    if (it != palette.end()) return it->fill;
  }
  return "#c8c8c8";
}

}  // namespace jigu::report
