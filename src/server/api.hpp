// The HTTP API as plain functions of a request: routing, parameter checks, the library calls and
// their JSON, errors as JSON with a fitting status. No sockets here (http_server.cpp), so tests
// call it directly.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "jigu/server.hpp"
#include "server/assets.hpp"
#include "server/params.hpp"
#include "server/server_data.hpp"

namespace jigu::server {

struct ApiRequest {
  std::string method = "GET";  ///< GET, HEAD or POST
  std::string path = "/";      ///< decoded, without the query
  Params params;               ///< decoded query parameters
  std::string body;
  std::string content_type;  ///< of the body
  Clock::time_point deadline = Clock::time_point::max();
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra ones, e.g. Allow
};

/// The JSON error body: {"status", "error" (a short code), "parameter" (when one is at fault),
/// "message"}.
ApiResponse error_response(int status, const std::string& code, const std::string& parameter,
                           const std::string& message);

class Api {
 public:
  using DataSource = std::function<std::shared_ptr<const ServerData>()>;

  /// `data` is called once per request for the current data; `assets` must outlive the Api.
  Api(ServerOptions options, DataSource data, const AssetStore& assets);

  /// Answers one request. Never throws: every failure is a JSON error response.
  ApiResponse handle(const ApiRequest& request) const noexcept;

 private:
  ApiResponse route(const ApiRequest& request) const;
  ApiResponse healthz(const ServerData& data) const;
  ApiResponse layers(const ServerData& data, const ApiRequest& request) const;
  ApiResponse layer_geojson(const ServerData& data, const std::string& name,
                            const ApiRequest& request) const;
  ApiResponse locate(const ServerData& data, const ApiRequest& request) const;
  ApiResponse check(const ServerData& data, const ApiRequest& request) const;
  ApiResponse report(const ServerData& data, const ApiRequest& request) const;
  ApiResponse asset(const ApiRequest& request) const;
  /// What the map page needs beside the layer list (the zoning palette).
  void add_layer_extras(const ServerData& data, nlohmann::ordered_json& doc) const;

  ServerOptions m_options;
  DataSource m_data;
  const AssetStore& m_assets;
};

}  // namespace jigu::server
