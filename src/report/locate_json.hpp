// JSON shapes of locate results, shared by `jigu locate --format json` and the HTTP API.
#pragma once

#include <nlohmann/json.hpp>

#include "jigu/locate.hpp"

namespace jigu::report {

nlohmann::ordered_json to_json(const LocateResult& result);

}  // namespace jigu::report
