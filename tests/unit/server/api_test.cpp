// The HTTP API without sockets: the shipped Seoul workspace loaded as `jigu serve` loads it, and
// requests answered by Api::handle. The same JSON as the library's, errors with fitting statuses.
#include "server/api.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "jigu/locate.hpp"
#include "jigu/check.hpp"
#include "report/check_json.hpp"
#include "report/locate_json.hpp"
#include "test_paths.hpp"

namespace jigu::server {
namespace {

using Json = nlohmann::json;

const char* kAnchor = "1120011500102770028";  // 성수동2가 277-28, wholly inside Seongsu

class ServerApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_data = load_server_data(test::geodata() / "seoul" / "jigu.toml", 1);
    const auto dir = test::fresh_dir("server_api_assets");
    std::ofstream(dir / "index.html") << "<!doctype html><title>t</title>";
    std::filesystem::create_directories(dir / "leaflet");
    std::ofstream(dir / "leaflet" / "leaflet.js") << "// leaflet";
    s_assets = new AssetStore(dir);
  }
  static void TearDownTestSuite() {
    delete s_assets;
    s_data.reset();
  }

  static ApiResponse get(const std::string& path, Params params = {},
                         std::size_t max_features = 5000) {
    ServerOptions options;
    options.max_features = max_features;
    const Api api(
        options, [] { return s_data; }, *s_assets);
    ApiRequest r;
    r.path = path;
    r.params = std::move(params);
    return api.handle(r);
  }

  static Json json(const ApiResponse& r) { return Json::parse(r.body); }

  static ApiResponse post(const std::string& path, const std::string& body,
                          const std::string& type = "application/json") {
    ServerOptions options;
    const Api api(options, [] { return s_data; }, *s_assets);
    ApiRequest r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    r.content_type = type;
    return api.handle(r);
  }

  static std::shared_ptr<const ServerData> s_data;
  static AssetStore* s_assets;
};

std::shared_ptr<const ServerData> ServerApi::s_data;
AssetStore* ServerApi::s_assets = nullptr;

TEST_F(ServerApi, Healthz) {
  const auto r = get("/healthz");
  ASSERT_EQ(r.status, 200);
  const Json j = json(r);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["generation"], 1);
  EXPECT_EQ(j["features"]["districts"], 3);
  EXPECT_EQ(j["features"]["parcels"], 5944);
}

TEST_F(ServerApi, LayersListTheWorkspaceLayers) {
  const auto r = get("/api/layers");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = json(r);
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_EQ(j["layers"][0]["name"], "districts");
  EXPECT_EQ(j["layers"][2]["url"], "/api/layers/parcels.geojson");
  EXPECT_EQ(j["layers"][2]["id_field"], "pnu");
  const Json bbox = j["layers"][0]["bbox"];
  EXPECT_GT(bbox[0].get<double>(), 126.8);  // Seoul, lon/lat
  EXPECT_LT(bbox[2].get<double>(), 127.2);
  EXPECT_GT(bbox[1].get<double>(), 37.4);
  EXPECT_LT(bbox[3].get<double>(), 37.7);
}

TEST_F(ServerApi, WholeSmallLayerAsGeoJson) {
  const auto r = get("/api/layers/districts.geojson");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/geo+json");
  const Json j = json(r);
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 3u);
  EXPECT_EQ(j["features"][0]["type"], "Feature");
  EXPECT_EQ(j["features"][0]["geometry"]["type"], "Polygon");
  EXPECT_FALSE(j.contains("crs"));
}

TEST_F(ServerApi, BboxFiltersParcels) {
  // Around the Seongsu anchor: a few dozen parcels, all of them touching the box.
  const auto r =
      get("/api/layers/parcels.geojson", {{"bbox", "127.0555,37.5425,127.0575,37.5440"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = json(r);
  ASSERT_GT(j["features"].size(), 0u);
  EXPECT_LT(j["features"].size(), 500u);
  bool anchor = false;
  for (const auto& f : j["features"]) anchor = anchor || f["properties"]["pnu"] == kAnchor;
  EXPECT_TRUE(anchor);
  // Nowhere near Seoul: nothing.
  const auto empty = get("/api/layers/parcels.geojson", {{"bbox", "0,0,1,1"}});
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(json(empty)["features"].size(), 0u);
}

TEST_F(ServerApi, TooManyFeaturesIsA400NamingBbox) {
  const auto r = get("/api/layers/parcels.geojson", {{"bbox", "-180,-90,180,90"}});
  ASSERT_EQ(r.status, 400);
  const Json j = json(r);
  EXPECT_EQ(j["error"], "too-many-features");
  EXPECT_EQ(j["parameter"], "bbox");
  EXPECT_NE(j["message"].get<std::string>().find("5000"), std::string::npos);
  EXPECT_EQ(get("/api/layers/parcels.geojson").status, 400);  // no bbox: the whole layer
  EXPECT_EQ(get("/api/layers/zoning.geojson", {}, 5).status, 400);
  EXPECT_EQ(get("/api/layers/zoning.geojson", {}, 13).status, 200);
}

TEST_F(ServerApi, LocateAnswersWhatTheLibraryAnswers) {
  const auto by_pnu = get("/api/locate", {{"pnu", kAnchor}});
  ASSERT_EQ(by_pnu.status, 200) << by_pnu.body;
  const Json expected = Json::parse(
      report::to_json(s_data->locator.locate(s_data->locator.parcel_site(kAnchor))).dump());
  EXPECT_EQ(json(by_pnu), expected);
  EXPECT_EQ(json(by_pnu)["districts"][0]["id"], "seongsu-it");
  EXPECT_EQ(json(by_pnu)["districts"][0]["status"], "inside");

  const auto by_point = get("/api/locate", {{"lon", "127.056"}, {"lat", "37.543"}});
  ASSERT_EQ(by_point.status, 200) << by_point.body;
  const Json expected_point =
      Json::parse(report::to_json(s_data->locator.locate(
                                      point_site("127.056,37.543", "EPSG:4326", "EPSG:5186")))
                      .dump());
  EXPECT_EQ(json(by_point), expected_point);
}

TEST_F(ServerApi, ReportIsTheAreaReportJson) {
  const auto r = get("/api/report");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  const Json j = json(r);
  EXPECT_EQ(j["schema"], "jigu-area-report/1");
  EXPECT_EQ(j["districts"].size(), 3u);
  EXPECT_EQ(get("/api/report").body, r.body);  // built once, kept
  EXPECT_EQ(get("/api/report", {{"format", "html"}}).status, 400);
}

TEST_F(ServerApi, LayersCarryTheZoningPalette) {
  const Json j = json(get("/api/layers"));
  ASSERT_TRUE(j["zoning_palette"].is_array());
  bool found = false;
  for (const auto& c : j["zoning_palette"]) found = found || c["code"] == "UQA330";
  EXPECT_TRUE(found);
}

TEST_F(ServerApi, CheckAnswersWhatTheEngineAnswers) {
  const auto r = get("/api/check", {{"pnu", kAnchor},
                                    {"use", "지식산업센터"},
                                    {"floor_area", "12000"},
                                    {"encouraged_share", "0.6"}});
  ASSERT_EQ(r.status, 200) << r.body;
  PlannedActivity activity;
  activity.use = "지식산업센터";
  activity.floor_area_m2 = 12000;
  activity.encouraged_share = 0.6;
  const LocateResult located = s_data->locator.locate(s_data->locator.parcel_site(kAnchor));
  const Json expected =
      Json::parse(report::to_json(check(*s_data->rules, located, activity), located).dump());
  EXPECT_EQ(json(r), expected);
  // POST with the same values as a JSON object: the same verdict.
  const auto p = post("/api/check", R"({"pnu": "1120011500102770028", "use": "지식산업센터",
                                        "floor_area": 12000, "encouraged_share": 0.6})");
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(json(p), expected);
}

TEST_F(ServerApi, CheckRefusalsNameTheParameter) {
  const std::vector<std::pair<Params, std::string>> cases = {
      {{{"pnu", kAnchor}}, "use"},
      {{{"pnu", kAnchor}, {"use", "지식산업샌터"}}, "use"},
      {{{"pnu", kAnchor}, {"use", "공장"}, {"floor_area", "-5"}}, "floor_area"},
      {{{"pnu", kAnchor}, {"use", "공장"}, {"floor_area", "abc"}}, "floor_area"},
      {{{"pnu", kAnchor}, {"use", "공장"}, {"encouraged_share", "1.5"}}, "encouraged_share"},
      {{{"pnu", kAnchor}, {"use", "공장"}, {"public_open_space", "maybe"}}, "public_open_space"},
      {{{"pnu", kAnchor}, {"use", "공장"}, {"fact", "no-such-fact"}}, "fact"},
      {{{"use", "공장"}}, "lon"},
  };
  for (const auto& [params, parameter] : cases) {
    const auto r = get("/api/check", params);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(json(r)["parameter"], parameter) << r.body;
  }
  EXPECT_EQ(get("/api/check", {{"pnu", "1120011500199990001"}, {"use", "공장"}}).status, 404);
  EXPECT_EQ(post("/api/check", "{not json").status, 400);
  EXPECT_EQ(post("/api/check", "[1, 2]").status, 400);
  EXPECT_EQ(post("/api/check", R"({"pnu": "1120011500102770028"})", "text/plain").status, 415);
  const auto unknown = post("/api/check", R"({"pnu": "1120011500102770028", "usage": "x"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json(unknown)["parameter"], "usage");
  const auto typed = post("/api/check", R"({"pnu": "1120011500102770028", "use": "공장",
                                            "floor_area": "12000"})");
  EXPECT_EQ(typed.status, 400);
  EXPECT_EQ(json(typed)["parameter"], "floor_area");
}

struct BadRequest {
  std::string path;
  Params params;
  int status;
  std::string parameter;  // "" = none named
};

TEST_F(ServerApi, BadRequestsGetFittingStatuses) {
  const std::vector<BadRequest> cases = {
      {"/api/locate", {}, 400, "lon"},
      {"/api/locate", {{"lon", "127"}}, 400, "lat"},
      {"/api/locate", {{"lon", "abc"}, {"lat", "37.5"}}, 400, "lon"},
      {"/api/locate", {{"lon", "127"}, {"lat", "NaN"}}, 400, "lat"},
      {"/api/locate", {{"lon", "127"}, {"lat", "1e999"}}, 400, "lat"},
      {"/api/locate", {{"lon", "127"}, {"lat", "91"}}, 400, "lat"},
      {"/api/locate", {{"lon", "181"}, {"lat", "37"}}, 400, "lon"},
      {"/api/locate", {{"lon", "127"}, {"lon", "127"}, {"lat", "37"}}, 400, "lon"},
      {"/api/locate", {{"lon", "127"}, {"lat", "37"}, {"zoom", "3"}}, 400, "zoom"},
      {"/api/locate", {{"pnu", "123"}}, 400, "pnu"},
      {"/api/locate", {{"pnu", "11200115001027700２8"}}, 400, "pnu"},
      {"/api/locate", {{"pnu", kAnchor}, {"lon", "127"}}, 400, "pnu"},
      {"/api/locate", {{"pnu", "1120011500199990001"}}, 404, "pnu"},
      {"/api/layers/nowhere.geojson", {}, 404, ""},
      {"/api/layers/parcels.geojson", {{"bbox", "1,2,3"}}, 400, "bbox"},
      {"/api/layers/parcels.geojson", {{"bbox", "0,0,1e308,1"}}, 400, "bbox"},
      {"/api/layers/parcels.geojson", {{"limit", "3"}}, 400, "limit"},
      {"/api/layers", {{"x", "1"}}, 400, "x"},
      {"/api/nothing", {}, 404, ""},
      {"/api/../etc/passwd", {}, 400, ""},
      {"/../etc/passwd", {}, 400, ""},
      {"//etc/passwd", {}, 400, ""},
      {"/etc/passwd", {}, 404, ""},
      {"/%2e%2e/x", {}, 400, ""},
  };
  for (const auto& c : cases) {
    const auto r = get(c.path, c.params);
    EXPECT_EQ(r.status, c.status) << c.path << " " << r.body;
    const Json j = json(r);
    EXPECT_EQ(j["status"], c.status) << c.path;
    EXPECT_TRUE(j["message"].is_string()) << c.path;
    if (c.parameter.empty()) {
      EXPECT_TRUE(j["parameter"].is_null()) << c.path << " " << r.body;
    } else {
      EXPECT_EQ(j["parameter"], c.parameter) << c.path << " " << r.body;
    }
  }
}

TEST_F(ServerApi, AssetsByExactPathOnly) {
  const auto index = get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(get("/leaflet/leaflet.js").status, 200);
  EXPECT_EQ(get("/leaflet/../index.html").status, 400);
  EXPECT_EQ(get("/leaflet/").status, 404);
}

TEST_F(ServerApi, MethodsOtherThanGetAreRefused) {
  ServerOptions options;
  const Api api(
      options, [] { return s_data; }, *s_assets);
  ApiRequest r;
  r.method = "POST";
  r.path = "/api/locate";
  const auto res = api.handle(r);
  EXPECT_EQ(res.status, 405);
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers[0].first, "Allow");
}

TEST_F(ServerApi, DeadlinePassedIsA503) {
  ServerOptions options;
  const Api api(
      options, [] { return s_data; }, *s_assets);
  ApiRequest r;
  r.path = "/api/layers/parcels.geojson";
  r.params = {{"bbox", "126.9,37.5,127.1,37.6"}};
  r.deadline = Clock::now() - std::chrono::seconds(1);
  EXPECT_EQ(api.handle(r).status, 503);
}

}  // namespace
}  // namespace jigu::server
