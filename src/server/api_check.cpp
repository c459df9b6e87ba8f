// GET and POST /api/check: the site as /api/locate takes it, the planned activity as the CLI's
// flags (snake_case), the verdict as `jigu check --format json` prints it (the same builder).
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "jigu/check.hpp"
#include "jigu/error.hpp"
#include "report/check_json.hpp"
#include "server/api.hpp"
#include "server/site_params.hpp"

namespace jigu::server {

namespace {

using Json = nlohmann::json;

const std::vector<std::string> kParams = {"pnu",
                                          "lon",
                                          "lat",
                                          "use",
                                          "floor_area",
                                          "footprint",
                                          "height",
                                          "encouraged_share",
                                          "far",
                                          "bcr",
                                          "public_open_space",
                                          "fact"};

// The API's name for a CLI flag the engine names in its messages.
std::string parameter_for(const std::string& message, std::string* rest) {
  static const std::vector<std::pair<std::string, std::string>> flags = {
      {"--floor-area", "floor_area"},
      {"--footprint", "footprint"},
      {"--height", "height"},
      {"--far", "far"},
      {"--bcr", "bcr"},
      {"--encouraged-share", "encouraged_share"},
      {"--public-open-space", "public_open_space"},
      {"--use", "use"},
      {"--fact", "fact"}};
  for (const auto& [flag, name] : flags) {
    if (message.compare(0, flag.size() + 1, flag + ":") == 0) {
      *rest = name + message.substr(flag.size());
      return name;
    }
  }
  *rest = message;
  if (message.compare(0, 5, "use '") == 0) return "use";
  if (message.compare(0, 6, "fact '") == 0) return "fact";
  return "";
}

// One activity value from a JSON body: a number (not a string, not null).
std::optional<double> body_number(const Json& body, const std::string& name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) throw bad_parameter(name, "must be a JSON number");
  const double v = it->get<double>();
  if (!std::isfinite(v)) throw bad_parameter(name, "must be finite");
  return v;
}

std::optional<std::string> body_text(const Json& body, const std::string& name,
                                     std::size_t max_bytes = 256) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_number() && (name == "lon" || name == "lat" || name == "pnu")) {
    if (name == "pnu") throw bad_parameter(name, "give the PNU as a string of 19 digits");
    return it->dump();  // the number as JSON writes it: "127.056"
  }
  if (!it->is_string()) throw bad_parameter(name, "must be a JSON string");
  if (it->get_ref<const std::string&>().size() > max_bytes) {
    throw bad_parameter(name, "longer than " + std::to_string(max_bytes) + " bytes");
  }
  return it->get<std::string>();
}

}  // namespace

ApiResponse Api::check(const ServerData& data, const ApiRequest& request) const {
  SiteParams site;
  PlannedActivity activity;
  if (request.method == "POST") {
    ParamReader none(request.params, {});
    const std::string type = request.content_type.substr(0, request.content_type.find(';'));
    if (type != "application/json") {
      throw ApiError(415, "unsupported-media-type", "",
                     "POST /api/check takes a JSON object (Content-Type: application/json)");
    }
    Json body;
    try {
      body = Json::parse(request.body, nullptr, true, false);
    } catch (const Json::exception& e) {
      throw ApiError(400, "bad-json", "", std::string("the body is not JSON: ") + e.what());
    }
    if (!body.is_object()) throw ApiError(400, "bad-json", "", "the body must be a JSON object");
    for (const auto& [key, value] : body.items()) {
      if (std::find(kParams.begin(), kParams.end(), key) == kParams.end() && key != "facts") {
        throw bad_parameter(key.substr(0, 40),
                            "unknown key; the body takes pnu or lon/lat, use, "
                            "floor_area, footprint, height, encouraged_share, "
                            "far, bcr, public_open_space, facts");
      }
    }
    site.pnu = body_text(body, "pnu");
    site.lon = body_text(body, "lon");
    site.lat = body_text(body, "lat");
    activity.use = body_text(body, "use").value_or("");
    activity.floor_area_m2 = body_number(body, "floor_area");
    activity.footprint_m2 = body_number(body, "footprint");
    activity.height_m = body_number(body, "height");
    activity.encouraged_share = body_number(body, "encouraged_share");
    activity.far_pct = body_number(body, "far");
    activity.bcr_pct = body_number(body, "bcr");
    if (const auto it = body.find("public_open_space"); it != body.end() && !it->is_null()) {
      if (!it->is_boolean()) throw bad_parameter("public_open_space", "must be true or false");
      activity.public_open_space = it->get<bool>();
    }
    if (const auto it = body.find("facts"); it != body.end() && !it->is_null()) {
      if (!it->is_array() || it->size() > 64) {
        throw bad_parameter("facts", "must be an array of at most 64 fact ids");
      }
      for (const auto& f : *it) {
        if (!f.is_string() || f.get_ref<const std::string&>().size() > 128) {
          throw bad_parameter("facts", "must hold fact ids as strings");
        }
        activity.facts.push_back(f.get<std::string>());
      }
    }
  } else {
    ParamReader params(request.params, kParams, {"fact"});
    site.pnu = params.text("pnu");
    site.lon = params.text("lon");
    site.lat = params.text("lat");
    activity.use = params.text("use").value_or("");
    activity.floor_area_m2 = params.number("floor_area");
    activity.footprint_m2 = params.number("footprint");
    activity.height_m = params.number("height");
    activity.encouraged_share = params.number("encouraged_share");
    activity.far_pct = params.number("far");
    activity.bcr_pct = params.number("bcr");
    activity.public_open_space = params.flag("public_open_space").value_or(false);
    activity.facts = params.all("fact");
    if (activity.facts.size() > 64) throw bad_parameter("fact", "at most 64 facts");
  }
  if (activity.use.empty()) {
    throw bad_parameter("use", "missing; the planned use: a 별표1 number, a name or an alias");
  }
  if (!data.rules) {
    throw ApiError(404, "no-rules", "",
                   "the workspace '" + data.workspace.name + "' names no rules file");
  }
  try {
    activity.validate();
  } catch (const Error& e) {
    std::string message;
    const std::string parameter = parameter_for(e.what(), &message);
    throw ApiError(400, "bad-parameter", parameter, message);
  }
  const Site resolved = resolve_site(data, site);
  const LocateResult located = data.locator.locate(resolved);
  Verdict verdict;
  try {
    verdict = jigu::check(*data.rules, located, activity);
  } catch (const Error& e) {
    std::string message;
    const std::string parameter = parameter_for(e.what(), &message);
    if (!parameter.empty()) throw ApiError(400, "bad-parameter", parameter, message);
    throw ApiError(422, "cannot-check", "", message);
  }
  ApiResponse r;
  r.body = report::to_json(verdict, located).dump();
  return r;
}

}  // namespace jigu::server
