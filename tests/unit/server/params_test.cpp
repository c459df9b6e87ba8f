// The API's parameter checks: strict numbers, boxes, known and unrepeated parameters, paths that
// try to leave the asset folder, Host headers for a loopback server.
#include "server/params.hpp"

#include <gtest/gtest.h>

namespace jigu::server {
namespace {

int status_of(const std::function<void()>& f, std::string* parameter = nullptr) {
  try {
    f();
  } catch (const ApiError& e) {
    if (parameter) *parameter = e.parameter();
    return e.status();
  }
  return 200;
}

TEST(ServerParams, NumbersArePlainDecimals) {
  EXPECT_DOUBLE_EQ(parse_number("127.056", "lon"), 127.056);
  EXPECT_DOUBLE_EQ(parse_number("-0.5", "x"), -0.5);
  EXPECT_DOUBLE_EQ(parse_number("3.75e1", "x"), 37.5);
  EXPECT_DOUBLE_EQ(parse_number("37.", "x"), 37.0);
  EXPECT_DOUBLE_EQ(parse_number(".5", "x"), 0.5);
  for (const char* bad :
       {"",      "abc",    "nan",  "NaN", "inf", "-inf",  "infinity",
        "1e999", "-1e400", "0x10", "+1",  "1,2", " 1",    "1 ",
        "--1",   "1e",     "1e+",  ".",   "-",   "1.2.3", "12345678901234567890123456789012345",
        "1\n",   "١٢"}) {
    std::string parameter;
    EXPECT_EQ(status_of([&] { parse_number(bad, "lat"); }, &parameter), 400) << bad;
    EXPECT_EQ(parameter, "lat") << bad;
  }
}

TEST(ServerParams, BoxesAreFourNumbersInTheWorld) {
  const LonLatBox b = parse_bbox("127.05,37.54,127.06,37.55");
  EXPECT_DOUBLE_EQ(b.west, 127.05);
  EXPECT_DOUBLE_EQ(b.north, 37.55);
  EXPECT_EQ(status_of([] { parse_bbox("-180,-90,180,90"); }), 200);
  for (const char* bad : {"", "1,2,3", "1,2,3,4,5", "127,37,126,38", "127,38,128,37", "-181,0,0,1",
                          "0,-91,1,0", "0,0,1e308,1", "a,b,c,d", "1,,2,3", "nan,0,1,1"}) {
    std::string parameter;
    EXPECT_EQ(status_of([&] { parse_bbox(bad); }, &parameter), 400) << bad;
    EXPECT_EQ(parameter, "bbox") << bad;
  }
}

TEST(ServerParams, UnknownAndRepeatedParametersAreRefused) {
  Params p{{"lon", "127"}, {"lat", "37"}};
  EXPECT_EQ(status_of([&] { ParamReader r(p, {"lon", "lat", "pnu"}); }), 200);
  std::string parameter;
  Params unknown{{"lon", "127"}, {"lng", "37"}};
  EXPECT_EQ(status_of([&] { ParamReader r(unknown, {"lon", "lat"}); }, &parameter), 400);
  EXPECT_EQ(parameter, "lng");
  Params twice{{"lon", "127"}, {"lon", "128"}};
  EXPECT_EQ(status_of([&] { ParamReader r(twice, {"lon", "lat"}); }, &parameter), 400);
  EXPECT_EQ(parameter, "lon");
  Params facts{{"fact", "a"}, {"fact", "b"}};
  EXPECT_EQ(status_of([&] { ParamReader r(facts, {"fact"}, {"fact"}); }), 200);
  Params long_value{{"use", std::string(300, 'x')}};
  EXPECT_EQ(status_of([&] { ParamReader r(long_value, {"use"}); }, &parameter), 400);
  EXPECT_EQ(parameter, "use");
}

TEST(ServerParams, RangesAndFlags) {
  Params p{{"lat", "91"}, {"open", "yes"}, {"bad", "maybe"}};
  ParamReader r(p, {"lat", "open", "bad"});
  EXPECT_EQ(status_of([&] { r.number("lat", -90, 90); }), 400);
  EXPECT_EQ(r.flag("open"), true);
  EXPECT_EQ(status_of([&] { r.flag("bad"); }), 400);
  EXPECT_FALSE(r.number("missing").has_value());
}

TEST(ServerParams, SuspiciousPaths) {
  for (const char* ok : {"/", "/index.html", "/leaflet/leaflet.js", "/api/layers/zoning.geojson",
                         "/a.b/c", "/..a", "/a..b/"}) {
    EXPECT_FALSE(is_suspicious_path(ok)) << ok;
  }
  for (const char* bad :
       {"", "index.html", "/..", "/../etc/passwd", "/a/../../etc/passwd", "/a/..", "/./index.html",
        "//etc/passwd", "/a//b", "/%2e%2e/x", "/..\\..\\x", "/a\\b", "/a\nb", "/etc/passwd\x01"}) {
    EXPECT_TRUE(is_suspicious_path(bad)) << bad;
  }
  EXPECT_TRUE(is_suspicious_path(std::string("/a\0b", 4)));
}

TEST(ServerParams, HostHeadersOfALoopbackServer) {
  for (const char* ok : {"", "127.0.0.1", "127.0.0.1:8080", "localhost:8080", "LOCALHOST",
                         "[::1]:8080", "127.1.2.3:1"}) {
    EXPECT_TRUE(is_allowed_host(ok, "127.0.0.1")) << ok;
  }
  for (const char* bad : {"evil.example", "evil.example:8080", "127.0.0.1.evil.example",
                          "localhost.evil.example", "[::1", "10.0.0.1:8080"}) {
    EXPECT_FALSE(is_allowed_host(bad, "127.0.0.1")) << bad;
  }
  EXPECT_TRUE(is_allowed_host("anything.example", "0.0.0.0"));
  EXPECT_TRUE(is_allowed_host("192.168.1.5:8080", "192.168.1.5"));
}

}  // namespace
}  // namespace jigu::server
