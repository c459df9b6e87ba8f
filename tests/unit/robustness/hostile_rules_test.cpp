// Hostile rules files and batch CSV through the real `jigu` binary: reference cycles, duplicate
// ids, a 10 MB string; a CSV with a byte-order mark, CRLF line ends and quoted line breaks. Each
// gives the documented exit code and a short line naming the file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "child_process.hpp"
#include "expect_outcome.hpp"
#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "jigu/rules_file.hpp"

namespace jigu {
namespace {

namespace fs = std::filesystem;
using test::Outcome;
using test::run_bounded;

const std::string kPnu = "1120011500102770028";  // a shipped parcel in Seongsu (UQA330)

std::string shipped_rules() {
  return test::slurp_file(test::geodata() / "seoul" / "rules.toml");
}

// A small rules file (one fact, a class, a sub-use classed by size, one zone).
const std::string kRules = R"([rules]
name = "hostile"
version = "1"
source = "test"

[[facts]]
id = "emits"
text = "it emits"
source = "test"

[[uses]]
id = "17"
number = "17"
ko = "공장"
source = "별표1 제17호"

[[uses]]
id = "workshop"
ko = "제조업소"
source = "별표1 제4호너목"
classify = [
  { below_m2 = 500, class = "17", unless = ["emits"], source = "test" },
  { class = "17", source = "test" },
]

[[zones]]
id = "UQA330"
ko = "준공업지역"
family = "industrial"
list = "may-not-build"
source = "test"
bcr = { seoul = 60, national_max = 70, source = "test" }
far = { seoul = 400, national_min = 150, national_max = 400, source = "test" }
uses_source = "test"
uses = [
  { use = "17", rule = "allowed" },
]
)";

struct BadRules {
  std::string name;
  std::string text;
  std::string what;  // in the error line
};

void PrintTo(const BadRules& b, std::ostream* os) {
  *os << b.name;
}

class HostileRules : public testing::TestWithParam<BadRules> {};

// `check` refuses the file with one line naming it (and the line); `rules lint` lists it.
TEST_P(HostileRules, CheckRefusesWithOneLineAndLintListsIt) {
  const BadRules& b = GetParam();
  const auto dir = test::fresh_dir("hostile_rules_" + b.name);
  const auto rules = test::write_text(dir / (b.name + ".toml"), b.text);
  Outcome r = run_bounded({"check", "--rules", rules, "--pnu", kPnu, "--use", "17"});
  test::expect_error_line(r, 1, b.name + ".toml", b.what);
  EXPECT_NE(r.err.find(" line "), std::string::npos) << r.err.substr(0, 2000);
  r = run_bounded({"rules", "lint", rules});
  test::expect_no_crash(r);
  EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 2000);
  EXPECT_NE(r.out.find(b.what), std::string::npos) << r.out.substr(0, 2000);
  EXPECT_LT(r.out.size(), 100000u);
}

INSTANTIATE_TEST_SUITE_P(
    Files, HostileRules,
    testing::Values(
        BadRules{"class_cycle",
                 test::replaced(test::replaced(kRules, R"({ class = "17", source = "test" },)",
                                               R"({ class = "workshop", source = "test" },)"),
                                R"({ below_m2 = 500, class = "17",)",
                                R"({ below_m2 = 500, class = "workshop",)"),
                 "cycle"},
        BadRules{"duplicate_use",
                 kRules + "\n[[uses]]\nid = \"17\"\nko = \"again\"\nsource = \"x\"\n",
                 "duplicate id '17'"},
        BadRules{"duplicate_zone", kRules + "\n" + kRules.substr(kRules.find("[[zones]]")),
                 "duplicate id 'UQA330'"},
        BadRules{"ten_mb_unknown_use",
                 test::replaced(kRules, R"({ use = "17", rule = "allowed" },)",
                                R"({ use = ")" + std::string(10u << 20, 'x') +
                                    R"(", rule = "allowed" },)"),
                 "unknown use"},
        BadRules{"ten_mb_unterminated", kRules + "note = \"" + std::string(10u << 20, 'y') + "\n",
                 "line"},
        BadRules{"not_toml", std::string("\x00\xff\xfe[[[", 6), "line"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(HostileRulesFile, TenMegabyteNoteLoads) {
  const auto dir = test::fresh_dir("hostile_rules_big_note");
  const auto rules =
      test::write_text(dir / "rules.toml",
                       test::replaced(shipped_rules(), "[rules]\n",
                                      "[rules]\nnote = \"" + std::string(10u << 20, 'z') + "\"\n"));
  const Outcome r = run_bounded({"check", "--rules", rules, "--pnu", kPnu, "--use", "공장"});
  test::expect_no_crash(r);
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
}

// --- batch CSV ---------------------------------------------------------------------------------

// Debian 12's toml++ 3.3.0 reaches __builtin_unreachable in is_non_ascii_horizontal_whitespace
// for these code points (upstream issues #190 and #295; fixed by pull request #305, after 3.3.0),
// found by fuzzing the workspace and rules loaders. It asks that question at the start of a
// line, in keys, and after a line-ending backslash in a multi-line string. jigu links Debian's
// compiled library; this checks what it does there for every such code point: a key is a clean
// error, a string keeps the character.
TEST(HostileToml, CodePointsThatHitTomlPlusPlusUnreachable) {
  auto utf8 = [](char32_t c) {
    std::string out;
    if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (c & 0x3F));
    return out;
  };
  int checked = 0;
  for (const auto& [first, last] : std::vector<std::pair<char32_t, char32_t>>{
           {0xA1, 0x499}, {0x2C5E, 0x3057}, {0xFB26, 0xFEFE}}) {
    for (char32_t c = first; c <= last; ++c) {
      if (c == 0x3000) continue;  // whitespace to toml++
      const std::string ch = utf8(c);
      SCOPED_TRACE(testing::Message() << "U+" << std::hex << static_cast<unsigned>(c));
      EXPECT_THROW(parse_rules(kRules + "\n[z" + ch + "]\n", "key.toml"), InputError);
      EXPECT_THROW(parse_rules(kRules + "\n" + ch + "\n", "line.toml"), InputError);
      const RuleSet rules = parse_rules(
          test::replaced(kRules, "name = \"hostile\"", "name = \"\"\"\\\n  " + ch + "x\"\"\""),
          "string.toml");
      ASSERT_EQ(rules.name, ch + "x");
      ++checked;
    }
  }
  EXPECT_EQ(checked, (0x499 - 0xA1 + 1) + (0x3057 - 0x2C5E + 1 - 1) + (0xFEFE - 0xFB26 + 1));
}

TEST(HostileBatchCsv, BomCrlfAndQuotedLineBreaksRead) {
  const auto dir = test::fresh_dir("hostile_batch_ok");
  const auto csv = test::write_text(dir / "apps.csv",
                                    "\xEF\xBB\xBF"
                                    "id,pnu,use,floor_area,facts\r\n"
                                    "\"first\r\nsecond line\"," +
                                        kPnu +
                                        ",공장,1000,\"emits;\r\n\"\r\n"
                                        "plain," +
                                        kPnu +
                                        ",\"공장\",\"2,000\",\r\n"
                                        "quoted \"\"x\"\"," +
                                        kPnu + ",17,,\r\n");
  const Outcome r = run_bounded({"check", "--batch", csv, "-f", "csv"});
  test::expect_no_crash(r);
  // "2,000" is not a number: an error naming the file and the line its record starts on (line
  // 5: record 1 spans lines 2 to 4 with its two quoted line breaks).
  test::expect_error_line(r, 1, "apps.csv", "line 5");
}

TEST(HostileBatchCsv, GoodFileWithBomCrlfAndQuotedLineBreaks) {
  const auto dir = test::fresh_dir("hostile_batch_good");
  const auto csv = test::write_text(dir / "apps.csv",
                                    "\xEF\xBB\xBF"
                                    "id,pnu,use,floor_area\r\n"
                                    "\"two\r\nlines\"," +
                                        kPnu +
                                        ",공장,1000\r\n"
                                        "plain," +
                                        kPnu + ",\"지식산업센터\",12000\r\n");
  const Outcome r = run_bounded({"check", "--batch", csv, "-f", "csv"});
  test::expect_no_crash(r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  // Rows start with the line of their record: 2 and 4.
  EXPECT_NE(r.out.find("\n2,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n4,plain"), std::string::npos) << r.out;
}

TEST(HostileBatchCsv, BrokenFilesAreOneLineErrors) {
  const auto dir = test::fresh_dir("hostile_batch_bad");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"unclosed", "id,pnu,use\na,\"" + kPnu + ",17\n"},
      {"nul_bytes", std::string("id,pnu,use\n\0\0\0,", 15) + kPnu + ",17\n"},
      {"cp949", "id,pnu,use\n\xB0\xA1," + kPnu + ",17\n"},
      {"huge_field", "id,pnu,use\n" + std::string(10u << 20, 'q') + "," + kPnu + ",17\n"},
      {"huge_use", "id,pnu,use\na," + kPnu + "," + std::string(1u << 20, 'u') + "\n"},
      {"no_header", ""},
      {"two_sites", "id,pnu,point,use\na," + kPnu + ",\"127,37.5\",17\n"},
      {"nan_number", "id,pnu,use,floor_area\na," + kPnu + ",17,nan\n"},
      {"deep_geojson", "id,geojson,use\na,\"" + std::string(100000, '[') + "\",17\n"},
  };
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    const auto csv = test::write_text(dir / (name + ".csv"), text);
    const Outcome r = run_bounded({"check", "--batch", csv});
    test::expect_error_line(r, 1, name + ".csv");
  }
}

}  // namespace
}  // namespace jigu
