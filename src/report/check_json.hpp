// JSON shape of a check verdict, shared by `jigu check --format json` and the HTTP API.
#pragma once

#include <nlohmann/json.hpp>

#include "jigu/check.hpp"

namespace jigu::report {

/// The whole verdict: the located site (zones, districts), the use as resolved, the status and
/// conditions, each regime's limits, the chain of reasons with rule ids and sources.
nlohmann::ordered_json to_json(const Verdict& verdict, const LocateResult& located);

}  // namespace jigu::report
