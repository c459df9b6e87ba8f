// GET and POST /api/check: the site as /api/locate takes it, the planned activity by the keys of
// jigu/activity.hpp, the verdict as `jigu check --format json` prints it (the same builder).
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "jigu/activity.hpp"
#include "jigu/check.hpp"
#include "jigu/error.hpp"
#include "report/check_json.hpp"
#include "server/api.hpp"
#include "server/site_params.hpp"

namespace jigu::server {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxFacts = 64;

const std::vector<std::string> kSiteParams = {"pnu", "lon", "lat"};

// The query parameters of GET /api/check: the site's, then the activity's.
std::vector<std::string> query_params() {
  std::vector<std::string> out = kSiteParams;
  for (const auto& p : activity_parameters()) out.emplace_back(p.query_key);
  return out;
}

std::vector<std::string> repeatable_params() {
  std::vector<std::string> out;
  for (const auto& p : activity_parameters()) {
    if (p.type == ParameterType::List) out.emplace_back(p.query_key);
  }
  return out;
}

// The API's name for the parameter an engine error is about.
std::string key_of(const ParameterFault& fault) {
  return std::string(activity_parameter(fault.parameter()).query_key);
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

void read_body_value(const Json& body, const ActivityParameter& p, PlannedActivity& activity) {
  const std::string key(p.json_key);
  switch (p.type) {
    case ParameterType::Text:
      activity.*p.text = body_text(body, key).value_or("");
      return;
    case ParameterType::Number:
      activity.*p.number = body_number(body, key);
      return;
    case ParameterType::Flag:
      if (const auto it = body.find(key); it != body.end() && !it->is_null()) {
        if (!it->is_boolean()) throw bad_parameter(key, "must be true or false");
        activity.*p.flag = it->get<bool>();
      }
      return;
    case ParameterType::List:
      if (const auto it = body.find(key); it != body.end() && !it->is_null()) {
        if (!it->is_array() || it->size() > kMaxFacts) {
          throw bad_parameter(key, "must be an array of at most 64 fact ids");
        }
        for (const auto& f : *it) {
          if (!f.is_string() || f.get_ref<const std::string&>().size() > 128) {
            throw bad_parameter(key, "must hold fact ids as strings");
          }
          (activity.*p.list).push_back(f.get<std::string>());
        }
      }
      return;
  }
}

void read_query_value(const ParamReader& params, const ActivityParameter& p,
                      PlannedActivity& activity) {
  const std::string key(p.query_key);
  switch (p.type) {
    case ParameterType::Text:
      activity.*p.text = params.text(key).value_or("");
      return;
    case ParameterType::Number:
      activity.*p.number = params.number(key);
      return;
    case ParameterType::Flag:
      activity.*p.flag = params.flag(key).value_or(false);
      return;
    case ParameterType::List:
      activity.*p.list = params.all(key);
      if ((activity.*p.list).size() > kMaxFacts) throw bad_parameter(key, "at most 64 facts");
      return;
  }
}

// A POST body: an object of the site's keys and the activity's JSON keys.
void read_body(const ApiRequest& request, SiteParams& site, PlannedActivity& activity) {
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
  std::vector<std::string> known = query_params();
  std::string listed = "pnu or lon/lat";
  for (const auto& p : activity_parameters()) {
    known.emplace_back(p.json_key);
    listed += ", " + std::string(p.json_key);
  }
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      throw bad_parameter(key.substr(0, 40), "unknown key; the body takes " + listed);
    }
  }
  site.pnu = body_text(body, "pnu");
  site.lon = body_text(body, "lon");
  site.lat = body_text(body, "lat");
  for (const auto& p : activity_parameters()) read_body_value(body, p, activity);
}

}  // namespace

ApiResponse Api::check(const ServerData& data, const ApiRequest& request) const {
  SiteParams site;
  PlannedActivity activity;
  if (request.method == "POST") {
    read_body(request, site, activity);
  } else {
    ParamReader params(request.params, query_params(), repeatable_params());
    site.pnu = params.text("pnu");
    site.lon = params.text("lon");
    site.lat = params.text("lat");
    for (const auto& p : activity_parameters()) read_query_value(params, p, activity);
  }
  if (activity.use.empty()) {
    throw bad_parameter(std::string(activity_parameter("use").query_key),
                        "missing; the planned use: a 별표1 number, a name or an alias");
  }
  if (!data.rules) {
    throw ApiError(404, "no-rules", "",
                   "the workspace '" + data.workspace.name + "' names no rules file");
  }
  try {
    activity.validate();
  } catch (const ParameterUsageError& e) {
    throw bad_parameter(key_of(e), e.detail());
  }
  const Site resolved = resolve_site(data, site);
  const LocateResult located = data.locator.locate(resolved);
  Verdict verdict;
  try {
    verdict = jigu::check(*data.rules, located, activity);
  } catch (const ParameterUsageError& e) {
    throw bad_parameter(key_of(e), e.detail());
  } catch (const ParameterInputError& e) {
    throw ApiError(400, "bad-parameter", key_of(e), e.what());
  } catch (const Error& e) {
    throw ApiError(422, "cannot-check", "", e.what());
  }
  ApiResponse r;
  r.body = report::to_json(verdict, located).dump();
  return r;
}

}  // namespace jigu::server
