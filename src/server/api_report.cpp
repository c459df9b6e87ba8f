// GET /api/report (the area report as `jigu report -f json` writes it, built once per data on
// first request) and what the map page needs beside the layers: the zoning palette of the
// report's maps, so every map jigu draws colours a zone the same, and the rules' uses.
#include <nlohmann/json.hpp>

#include "report/svg_map.hpp"
#include "server/api.hpp"

namespace jigu::server {

ApiResponse Api::report(const ServerData& data, const ApiRequest& request) const {
  ParamReader params(request.params, {});
  ApiResponse r;
  r.body = data.report_json();
  return r;
}

void Api::add_layer_extras(const ServerData& data, nlohmann::ordered_json& doc) const {
  auto palette = nlohmann::ordered_json::array();
  for (const auto& c : report::zoning_palette()) {
    palette.push_back({{"code", c.code}, {"fill", c.fill}, {"label", c.label}});
  }
  doc["zoning_palette"] = palette;
  // The rules' uses, for the check form's suggestions.
  auto uses = nlohmann::ordered_json::array();
  if (data.rules) {
    for (const auto& u : data.rules->uses) {
      uses.push_back(
          {{"id", u.meta.id}, {"number", u.number}, {"name", u.name_ko}, {"name_en", u.name_en}});
    }
  }
  doc["uses"] = uses;
}

}  // namespace jigu::server
