// `jigu report` through the real binary: its JSON agrees with `jigu area`, `jigu overlay` and
// `jigu classify` run on the same data (recomputed here from those commands' own outputs, not
// from the report's intermediates); the HTML is valid HTML5 (html-validate, pinned in tests/js)
// with one map per district; a broken input gives an error and no report; an existing report
// is kept unless --overwrite.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fixtures.hpp"
#include "jigu/output_file.hpp"
#include "jigu/report.hpp"
#include "jigu/rules_file.hpp"
#include "run_jigu.hpp"
#include "test_paths.hpp"

namespace jigu {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// RFC 4180 rows (GDAL's CSV writer quotes values that look like numbers).
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell);
      cell.clear();
    } else if (c == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      rows.emplace_back();
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string part;
  while (std::getline(s, part, sep)) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

void expect_rel(double got, double want, double tol, const std::string& what) {
  EXPECT_LE(std::fabs(got - want), tol * std::max(1.0, std::fabs(want)))
      << what << ": got " << got << ", want " << want;
}

class ReportCli : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One folder per process: ctest -j runs the tests of this suite in parallel processes.
    dir = new fs::path(test::fresh_dir("report_cli/" + std::to_string(::getpid())));
    const auto r = test::run_jigu(
        {"report", "-o", (*dir / "report.json").string(), "--time", "2026-01-01T00:00:00Z"});
    if (r.exit_code != 0 || !r.err.empty()) {
      setup_error =
          new std::string("jigu report: exit " + std::to_string(r.exit_code) + ": " + r.err);
      return;
    }
    report = new Json(Json::parse(slurp(*dir / "report.json")));
  }
  static void TearDownTestSuite() {
    delete report;
    delete dir;
    delete setup_error;
  }
  // A failed set-up fails every test (gtest would otherwise report them as skipped).
  void SetUp() override { ASSERT_EQ(setup_error, nullptr) << *setup_error; }
  static std::string* setup_error;
  static fs::path* dir;
  static Json* report;
};
fs::path* ReportCli::dir = nullptr;
Json* ReportCli::report = nullptr;
std::string* ReportCli::setup_error = nullptr;

TEST_F(ReportCli, AreasAgreeWithJiguArea) {
  const auto r = test::run_jigu({"area", "-f", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json area = Json::parse(r.out);
  const Json& districts = (*report)["districts"];
  ASSERT_EQ(districts.size(), area["rows"].size());
  ASSERT_EQ(districts.size(), 3u);
  double planar_total = 0, official_total = 0;
  for (std::size_t i = 0; i < districts.size(); ++i) {
    const Json& want = area["rows"][i];
    const Json& got = districts[i];
    EXPECT_EQ(got["id"], want["id"]);
    EXPECT_EQ(got["name"], want["name"]);
    expect_rel(got["area"]["planar_m2"], want["planar_m2_epsg5186"], 1e-12, "planar");
    expect_rel(got["area"]["geodesic_m2"], want["geodesic_m2_grs1980"], 1e-12, "geodesic");
    expect_rel(got["area"]["official_m2"], want["official_m2"], 0, "official");
    expect_rel(got["area"]["planar_minus_official_m2"], want["planar_minus_official_m2"], 1e-9,
               "difference");
    planar_total += want["planar_m2_epsg5186"].get<double>();
    official_total += want["official_m2"].get<double>();
  }
  // The official figures of PRODUCT.md.
  EXPECT_EQ(districts[0]["area"]["official_m2"], 539406.0);
  EXPECT_EQ(districts[1]["area"]["official_m2"], 746994.0);
  EXPECT_EQ(districts[2]["area"]["official_m2"], 140855.0);
  expect_rel((*report)["totals"]["area"]["planar_m2"], planar_total, 1e-12, "total planar");
  expect_rel((*report)["totals"]["area"]["official_m2"], official_total, 0, "total official");
  EXPECT_EQ((*report)["method"]["planar_key"], "planar_m2_epsg5186");
}

TEST_F(ReportCli, ZoningAgreesWithJiguOverlay) {
  const auto r = test::run_jigu({"overlay", "-f", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json overlay = Json::parse(r.out);
  std::map<std::string, std::map<std::string, std::pair<double, double>>> want;  // district→code
  for (const auto& row : overlay["rows"]) {
    want[row["district"]][row["zone"]] = {row["area_m2"].get<double>(), row["share"].get<double>()};
  }
  std::map<std::string, double> by_code;
  double total = 0;
  for (const auto& d : (*report)["districts"]) {
    const auto& expected = want[d["id"]];
    ASSERT_EQ(d["zoning"].size(), expected.size()) << d["id"];
    double shares = 0;
    for (const auto& z : d["zoning"]) {
      const std::string code = z["code"].is_null() ? "" : z["code"].get<std::string>();
      ASSERT_TRUE(expected.count(code)) << d["id"] << " " << code;
      expect_rel(z["area_m2"], expected.at(code).first, 1e-12, "zone area " + code);
      expect_rel(z["share"], expected.at(code).second, 1e-12, "zone share " + code);
      EXPECT_EQ(z["colour"].get<std::string>().size(), 7u);
      shares += z["share"].get<double>();
      by_code[code] += expected.at(code).first;
      total += expected.at(code).first;
    }
    EXPECT_NEAR(shares, 1.0, 1e-9) << d["id"];
  }
  const Json& totals = (*report)["totals"]["zoning"];
  ASSERT_EQ(totals.size(), by_code.size());
  for (const auto& z : totals) {
    const std::string code = z["code"].is_null() ? "" : z["code"].get<std::string>();
    expect_rel(z["area_m2"], by_code[code], 1e-12, "total zone " + code);
    expect_rel(z["share"], by_code[code] / total, 1e-9, "total share " + code);
  }
  // Seongsu is all 준공업 (PRODUCT.md).
  EXPECT_EQ((*report)["districts"][0]["zoning"][0]["code"], "UQA330");
}

TEST_F(ReportCli, ParcelStatisticsAgreeWithJiguClassify) {
  const std::string csv = (*dir / "classified.csv").string();
  const auto r = test::run_jigu({"classify", "-o", csv, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = read_csv(slurp(csv));
  ASSERT_GT(rows.size(), 1u);
  const auto& head = rows[0];
  auto col = [&](const std::string& name) {
    const auto it = std::find(head.begin(), head.end(), name);
    EXPECT_NE(it, head.end()) << name;
    return static_cast<std::size_t>(it - head.begin());
  };
  const std::size_t c_id = col("id"), c_area = col("area_m2"), c_districts = col("districts"),
                    c_zones = col("zones");
  struct Group {
    std::int64_t count = 0;
    double area = 0, inside = 0;
  };
  struct Stats {
    Group touching, inside, edge, two_zones;
    std::vector<std::pair<double, std::string>> parcels;
  };
  std::map<std::string, Stats> want;
  Stats all;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const double area = std::stod(row[c_area]);
    int coded = 0;
    for (const auto& part : split(row[c_zones], ';')) {
      if (part.rfind("-:", 0) != 0) ++coded;
    }
    double inside_total = 0;
    bool any_inside = false, any_edge = false;
    for (const auto& part : split(row[c_districts], ';')) {
      const std::size_t colon = part.rfind(':');
      const std::string id = part.substr(0, colon);
      const double share = std::stod(part.substr(colon + 1));
      if (share <= 0) continue;
      Stats& s = want[id];
      const double inside = share * area;
      auto add = [&](Group& g) {
        ++g.count;
        g.area += area;
        g.inside += inside;
      };
      add(s.touching);
      if (share >= 1.0 - 1e-9) {
        add(s.inside);
        any_inside = true;
      } else {
        add(s.edge);
        any_edge = true;
      }
      if (coded >= 2) add(s.two_zones);
      s.parcels.emplace_back(area, row[c_id]);
      inside_total += inside;
    }
    if (inside_total > 0) {
      ++all.touching.count;
      if (any_inside) ++all.inside.count;
      if (any_edge) ++all.edge.count;
      if (coded >= 2) ++all.two_zones.count;
    }
  }
  auto expect_group = [&](const Json& got, const Group& g, const std::string& what) {
    EXPECT_EQ(got["count"].get<std::int64_t>(), g.count) << what;
    expect_rel(got["area_m2"], g.area, 1e-9, what + " area");
    expect_rel(got["area_inside_m2"], g.inside, 1e-6, what + " inside");
  };
  for (const auto& d : (*report)["districts"]) {
    const std::string id = d["id"];
    Stats& s = want[id];
    const Json& p = d["parcels"];
    expect_group(p["touching"], s.touching, id + " touching");
    expect_group(p["inside"], s.inside, id + " inside");
    expect_group(p["edge"], s.edge, id + " edge");
    expect_group(p["two_zones"], s.two_zones, id + " two zones");
    EXPECT_GT(s.touching.count, 100) << id;
    EXPECT_EQ(d["map"]["parcels_drawn"].get<std::int64_t>(), s.touching.count) << id;
    std::sort(s.parcels.begin(), s.parcels.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    ASSERT_FALSE(p["largest"].empty());
    EXPECT_EQ(p["largest"][0]["id"], s.parcels[0].second) << id;
    expect_rel(p["largest"][0]["area_m2"], s.parcels[0].first, 1e-9, id + " largest");
  }
  const Json& totals = (*report)["totals"]["parcels"];
  EXPECT_EQ(totals["touching"]["count"].get<std::int64_t>(), all.touching.count);
  EXPECT_EQ(totals["inside"]["count"].get<std::int64_t>(), all.inside.count);
  EXPECT_EQ(totals["edge"]["count"].get<std::int64_t>(), all.edge.count);
  EXPECT_EQ(totals["two_zones"]["count"].get<std::int64_t>(), all.two_zones.count);
  EXPECT_EQ(totals["in_layer"].get<std::int64_t>(), static_cast<std::int64_t>(rows.size() - 1));
}

TEST_F(ReportCli, HeaderTracesTheInputs) {
  const Json& r = *report;
  EXPECT_EQ(r["schema"], "jigu-area-report/1");
  EXPECT_EQ(r["generated"], "2026-01-01T00:00:00Z");
  EXPECT_FALSE(r["software"]["jigu"].get<std::string>().empty());
  std::set<std::string> roles;
  for (const auto& in : r["inputs"]) {
    roles.insert(in["role"]);
    EXPECT_EQ(in["sha256"].get<std::string>().size(), 64u);
    std::string listing;
    for (const auto& f : in["files"]) {
      // Each file's checksum is the file's; the set's is that of the sha256sum listing.
      const fs::path file = test::geodata() / "seoul" / f["name"].get<std::string>();
      EXPECT_EQ(f["sha256"], sha256_file(file.string())) << file;
      listing += f["sha256"].get<std::string>() + "  " + f["name"].get<std::string>() + "\n";
    }
    EXPECT_EQ(in["sha256"], sha256_hex(listing));
    if (in["role"] != "rules") {
      EXPECT_EQ(in["crs"], "EPSG:5186 (Korea 2000 / Central Belt 2010)");
    }
  }
  EXPECT_TRUE(roles.count("districts") && roles.count("zoning") && roles.count("parcels"));
}

TEST_F(ReportCli, LimitsComeFromTheRulesFile) {
  const RuleSet rules = load_rules(test::geodata() / "seoul" / "rules.toml");
  ASSERT_FALSE((*report)["rules"].is_null());
  EXPECT_EQ((*report)["rules"]["version"], rules.version);
  for (const auto& d : (*report)["districts"]) {
    for (const auto& z : d["zoning"]) {
      if (z["code"].is_null()) continue;
      const Zone* zone = rules.zone(z["code"].get<std::string>());
      ASSERT_NE(zone, nullptr) << z["code"];
      EXPECT_TRUE(z["in_rules"].get<bool>());
      EXPECT_EQ(z["bcr_pct"].get<double>(), zone->bcr.seoul_pct) << z["code"];
      EXPECT_EQ(z["far_pct"].get<double>(), zone->far.seoul_pct) << z["code"];
    }
  }
  // Seongsu: a 지식산업센터 with >= 50 % encouraged floor area gets FAR 400 % x 1.2 = 480 %
  // (PRODUCT.md), and more with public open space (unconfirmed).
  const Json& seongsu = (*report)["districts"][0]["zoning"][0];
  ASSERT_EQ(seongsu["code"], "UQA330");
  EXPECT_EQ(seongsu["far_pct"], 400.0);
  bool found = false;
  for (const auto& l : seongsu["relaxed"]) {
    if (l["rule_id"] == "seongsu-kic-far-120") {
      EXPECT_NEAR(l["far_high_pct"].get<double>(), 480.0, 1e-9);
      EXPECT_FALSE(l["unconfirmed"].get<bool>());
      found = true;
    }
    if (l["rule_id"] == "seongsu-kic-far-140-open-space") {
      EXPECT_TRUE(l["unconfirmed"].get<bool>());
    }
  }
  EXPECT_TRUE(found);
  std::set<std::string> codes;
  for (const auto& n : (*report)["notes"]) codes.insert(n["code"].get<std::string>());
  EXPECT_TRUE(codes.count("unconfirmed-rule"));
  EXPECT_FALSE(codes.count("no-rules"));
}

TEST_F(ReportCli, CsvCarriesTheSameNumbersInLongForm) {
  const auto r = test::run_jigu({"report", "--of", "csv", "--time", "@0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = read_csv(r.out);
  ASSERT_EQ(rows[0], (std::vector<std::string>{"section", "district", "item", "key", "value"}));
  std::size_t checked = 0, rule_ids = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 5u);
    if (row[0] == "area" && row[1] == "mapo-design" && row[3] == "planar_m2_epsg5186") {
      EXPECT_EQ(std::stod(row[4]), (*report)["districts"][1]["area"]["planar_m2"].get<double>());
      ++checked;
    }
    if (row[0] == "meta" && row[3] == "generated") {
      EXPECT_EQ(row[4], "1970-01-01T00:00:00Z");
      ++checked;
    }
    // A zone in the rules lists its BCR and FAR rule ids, ';' between them; others list none.
    if (row[0] == "zoning" && row[3] == "rule_ids" && !row[4].empty()) {
      EXPECT_EQ(row[4], row[2] + "/bcr;" + row[2] + "/far");
      ++rule_ids;
    }
  }
  EXPECT_EQ(checked, 2u);
  EXPECT_GT(rule_ids, 0u);
}

TEST_F(ReportCli, HtmlIsValidWithOneMapPerDistrict) {
  const fs::path html = *dir / "report.html";
  const auto r = test::run_jigu({"report", "-o", html.string(), "--time", "2026-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = slurp(html);
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count("<svg class=\"map district-map\""), (*report)["districts"].size());
  EXPECT_EQ(count("<svg class=\"map overview-map\""), 1u);
  EXPECT_EQ(count("class=\"legend\""), 4u);
  EXPECT_EQ(count("class=\"scale-bar\""), 4u);
  EXPECT_EQ(count("class=\"north-arrow\""), 4u);
  for (const auto& d : (*report)["districts"]) {
    EXPECT_NE(text.find(d["name"].get<std::string>()), std::string::npos);
  }
  for (const char* official : {"539,406 m²", "746,994 m²", "140,855 m²"}) {
    EXPECT_NE(text.find(official), std::string::npos) << official;
  }
  // Self-contained: no external resource of any kind.
  for (const char* external : {"<link", "<script", "<img", "src=", "url(http", "@import"}) {
    EXPECT_EQ(text.find(external), std::string::npos) << external;
  }
  const fs::path validator = test::node_tools() / "html-validate";
  ASSERT_TRUE(fs::exists(validator)) << validator << " missing; run tools/install-deps.sh";
  const fs::path config =
      fs::path(JIGU_GEODATA_DIR).parent_path() / "tests" / "report" / "htmlvalidate.json";
  const auto v = test::run_program(
      validator.string(), {"--config", config.string(), "--formatter", "text", html.string()});
  EXPECT_EQ(v.exit_code, 0) << v.out.substr(0, 3000) << v.err;
}

TEST_F(ReportCli, SameTimeSameReport) {
  const auto a = test::run_jigu({"report", "--time", "2026-01-01"});
  const auto b = test::run_jigu({"report", "--time", "2026-01-01"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("# Area report"), std::string::npos);  // Markdown by default
  EXPECT_NE(a.out.find("| 성수 IT 산업개발진흥지구 | 539,406 m² |"), std::string::npos);
}

TEST(ReportCliErrors, ExistingReportIsKeptWithoutOverwrite) {
  const auto dir = test::fresh_dir("report_exists");
  const std::string out = test::write_text(dir / "r.html", "keep me");
  const auto r = test::run_jigu({"report", "-o", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(out), "keep me");
  const auto bad = test::run_jigu({"report", "-o", (dir / "r.pdf").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_FALSE(fs::exists(dir / "r.pdf"));
  const auto bad_time = test::run_jigu({"report", "--time", "yesterday"});
  EXPECT_EQ(bad_time.exit_code, 2);
}

TEST(ReportCliErrors, BrokenInputLayerGivesAnErrorAndNoReport) {
  const auto dir = test::fresh_dir("report_broken");
  for (const auto& e : fs::directory_iterator(test::geodata() / "seoul")) {
    fs::copy_file(e.path(), dir / e.path().filename());
  }
  // Truncate the parcels' .shp in the middle of its records: reading fails part way, after
  // districts and zoning were read and the report was well under way.
  const fs::path shp = dir / "parcels.shp";
  fs::resize_file(shp, fs::file_size(shp) / 2 + 3);
  const fs::path out = dir / "report.html";
  const auto r = test::run_jigu({"-w", (dir / "jigu.toml").string(), "report", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("parcels"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(out));
  for (const auto& e : fs::directory_iterator(dir)) {
    EXPECT_EQ(e.path().filename().string().find("report"), std::string::npos)
        << "left behind: " << e.path();
  }
}

}  // namespace
}  // namespace jigu
