#include "server/api.hpp"

#include <nlohmann/json.hpp>

#include "jigu/error.hpp"
#include "jigu/pnu.hpp"
#include "report/locate_json.hpp"
#include "server/site_params.hpp"

namespace jigu::server {

namespace {

using Json = nlohmann::ordered_json;

ApiResponse json_response(const Json& doc, int status = 200) {
  ApiResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = doc.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

ApiResponse method_not_allowed(const std::string& allow) {
  ApiResponse r =
      error_response(405, "method-not-allowed", "", "this endpoint answers " + allow + " only");
  r.headers.emplace_back("Allow", allow);
  return r;
}

Json bbox_json(const LonLatBox& b) {
  return Json::array({b.west, b.south, b.east, b.north});
}

}  // namespace

ApiResponse error_response(int status, const std::string& code, const std::string& parameter,
                           const std::string& message) {
  Json doc = {{"status", status}, {"error", code}};
  doc["parameter"] = parameter.empty() ? Json(nullptr) : Json(parameter);
  doc["message"] = message;
  return json_response(doc, status);
}

Api::Api(ServerOptions options, DataSource data, const AssetStore& assets)
    : m_options(std::move(options)), m_data(std::move(data)), m_assets(assets) {}

ApiResponse Api::handle(const ApiRequest& request) const noexcept {
  try {
    try {
      return route(request);
    } catch (const ApiError& e) {
      return error_response(e.status(), e.code(), e.parameter(), e.what());
    } catch (const UsageError& e) {
      return error_response(400, "bad-request", "", e.what());
    } catch (const InputError& e) {
      return error_response(400, "bad-request", "", e.what());
    } catch (const CrsError& e) {
      return error_response(400, "bad-request", "", e.what());
    } catch (const std::bad_alloc&) {
      return error_response(503, "out-of-memory", "", "the server ran out of memory");
    } catch (const std::exception& e) {
      return error_response(500, "internal-error", "", e.what());
    }
  } catch (...) {
    ApiResponse r;
    r.status = 500;
    r.body = R"({"status":500,"error":"internal-error","parameter":null,"message":""})";
    return r;
  }
}

ApiResponse Api::route(const ApiRequest& request) const {
  const std::string& path = request.path;
  const bool get = request.method == "GET" || request.method == "HEAD";
  if (path == "/healthz" || starts_with(path, "/api/")) {
    if (is_suspicious_path(path)) {
      throw ApiError(400, "bad-path", "", "the path is not a plain one ('..', '//', '%', '\\')");
    }
    const std::shared_ptr<const ServerData> data = m_data();
    if (path == "/api/check") {
      if (!get && request.method != "POST") return method_not_allowed("GET, HEAD, POST");
      return check(*data, request);
    }
    if (!get) return method_not_allowed("GET, HEAD");
    if (path == "/healthz") return healthz(*data);
    if (path == "/api/layers") return layers(*data, request);
    if (path == "/api/locate") return locate(*data, request);
    if (path == "/api/report") return report(*data, request);
    const std::string prefix = "/api/layers/", suffix = ".geojson";
    if (starts_with(path, prefix) && path.size() > prefix.size() + suffix.size() &&
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return layer_geojson(
          *data, path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()), request);
    }
    throw ApiError(404, "unknown-endpoint", "",
                   "no such endpoint; the API has /api/layers, /api/layers/{name}.geojson, "
                   "/api/locate, /api/check, /api/report and /healthz");
  }
  if (!get) return method_not_allowed("GET, HEAD");
  return asset(request);
}

ApiResponse Api::healthz(const ServerData& data) const {
  Json doc = {{"status", "ok"},
              {"workspace", data.workspace.name},
              {"generation", data.generation},
              {"loaded_at", data.loaded_at}};
  Json counts = Json::object();
  for (const auto& [name, layer] : data.layers) counts[name] = layer.size();
  doc["features"] = counts;
  return json_response(doc);
}

ApiResponse Api::layers(const ServerData& data, const ApiRequest& request) const {
  ParamReader params(request.params, {});
  Json list = Json::array();
  for (const char* role : {"districts", "zoning", "parcels"}) {
    const auto it = data.layers.find(role);
    if (it == data.layers.end()) continue;
    const LayerRef& ref = data.workspace.layer(role);
    Json entry = {{"name", role},
                  {"url", std::string("/api/layers/") + role + ".geojson"},
                  {"features", it->second.size()},
                  {"id_field", ref.id_field},
                  {"name_field", ref.name_field},
                  {"code_field", ref.code_field}};
    entry["bbox"] = it->second.size() ? bbox_json(it->second.extent()) : Json(nullptr);
    list.push_back(std::move(entry));
  }
  Json doc = {{"workspace", {{"name", data.workspace.name}, {"crs", data.workspace.crs}}},
              {"max_features", m_options.max_features},
              {"layers", list}};
  add_layer_extras(data, doc);
  return json_response(doc);
}

ApiResponse Api::layer_geojson(const ServerData& data, const std::string& name,
                               const ApiRequest& request) const {
  const auto it = data.layers.find(name);
  if (it == data.layers.end()) {
    std::string known;
    for (const auto& [n, layer] : data.layers) known += (known.empty() ? "" : ", ") + n;
    throw ApiError(404, "unknown-layer", "",
                   "no layer named '" + (name.size() > 40 ? name.substr(0, 40) + "..." : name) +
                       "'; the layers are " + known);
  }
  ParamReader params(request.params, {"bbox"});
  std::optional<LonLatBox> box;
  if (const auto text = params.text("bbox")) box = parse_bbox(*text);
  const auto hits = it->second.query(box, m_options.max_features, request.deadline);
  ApiResponse r;
  r.content_type = "application/geo+json";
  r.body = it->second.collection(hits);
  return r;
}

ApiResponse Api::locate(const ServerData& data, const ApiRequest& request) const {
  ParamReader params(request.params, {"lon", "lat", "pnu"});
  SiteParams site;
  site.pnu = params.text("pnu");
  site.lon = params.text("lon");
  site.lat = params.text("lat");
  const LocateResult result = data.locator.locate(resolve_site(data, site));
  return json_response(report::to_json(result));
}

ApiResponse Api::asset(const ApiRequest& request) const {
  if (is_suspicious_path(request.path)) {
    throw ApiError(400, "bad-path", "", "the path is not a plain one ('..', '//', '%', '\\')");
  }
  const Asset* a = m_assets.find(request.path);
  if (a == nullptr) throw ApiError(404, "not-found", "", "no such page or file");
  ApiResponse r;
  r.content_type = a->content_type;
  r.body = a->body;
  return r;
}

}  // namespace jigu::server
