// The rules file loader and linter: the shipped Seoul rules are clean; every kind of mistake is
// an error naming file, line and column.
#include <gtest/gtest.h>

#include <regex>

#include "fixtures.hpp"
#include "jigu/error.hpp"
#include "jigu/rules_file.hpp"
#include "test_paths.hpp"

namespace jigu {
namespace {

// A small valid file; tests break one thing at a time.
const std::string kValid = R"([rules]
name = "test"
version = "1"
source = "test"

[[facts]]
id = "emits"
text = "it emits"
source = "test"

[[uses]]
id = "4"
number = "4"
ko = "제2종근린생활시설"
source = "별표1 제4호"

[[uses]]
id = "17"
number = "17"
ko = "공장"
en = "factory"
source = "별표1 제17호"

[[uses]]
id = "workshop"
ko = "제조업소"
source = "별표1 제4호너목"
classify = [
  { below_m2 = 500, class = "4", unless = ["emits"], source = "2nd" },
  { class = "17", source = "2nd" },
]

[[zones]]
id = "UQA220"
ko = "일반상업지역"
family = "commercial"
list = "may-not-build"
source = "영 30"
bcr = { seoul = 60, national_max = 80, source = "조례" }
far = { seoul = 800, national_min = 200, national_max = 1300, source = "조례" }
uses_source = "별표9"
uses = [
  { use = "4", rule = "allowed" },
  { use = "17", rule = "ordinance-may-ban" },
]
)";

// The first error's message, or "" when the text loads.
std::string load_error(const std::string& text) {
  try {
    parse_rules(text, "bad.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RulesFile, ValidTextLoads) {
  const RuleSet r = parse_rules(kValid, "ok.toml");
  EXPECT_EQ(r.uses.size(), 3u);
  ASSERT_NE(r.zone("UQA220"), nullptr);
  EXPECT_EQ(r.zone("UQA220")->uses.at(1).meta.id, "UQA220/17");
  EXPECT_EQ(r.use("workshop")->classify.at(0).meta.id, "workshop/below-500m2");
  EXPECT_EQ(r.zone("UQA220")->uses.at(0).meta.source, "별표9");  // inherited
  for (const auto& d : lint_rules_text(kValid, "ok.toml")) {
    EXPECT_NE(d.severity, RulesDiagnostic::Severity::Error) << d.message;
  }
}

struct BadCase {
  std::string name;
  std::string from;
  std::string to;
  std::string message;  ///< a regex the first error must match (file, line, column, what)
};

std::ostream& operator<<(std::ostream& out, const BadCase& c) {
  return out << c.name;
}

class BadRules : public testing::TestWithParam<BadCase> {};

TEST_P(BadRules, ErrorNamesFileLineAndColumn) {
  const BadCase& c = GetParam();
  const std::string message = load_error(test::replaced(kValid, c.from, c.to));
  EXPECT_TRUE(std::regex_search(message, std::regex(c.message))) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Loader, BadRules,
    testing::Values(
        BadCase{"TomlSyntax", "version = \"1\"", "version = \"1",
                R"(^'bad\.toml' line 3 column \d+: )"},
        BadCase{
            "MisspeltKey", "id = \"17\"\nnumber", "id = \"17\"\nunconfirmd = true\nnumber",
            R"(^'bad\.toml' line 19 column 1: unknown key 'unconfirmd'.*did you mean 'unconfirmed')"},
        BadCase{
            "DuplicateId", "id = \"17\"\nnumber = \"17\"", "id = \"4\"\nnumber = \"17\"",
            R"(^'bad\.toml' line 18 column 6: duplicate id '4' \(use\); first defined at 'bad\.toml' line 12 column 6)"},
        BadCase{
            "UnknownUseInZone", "{ use = \"17\", rule", "{ use = \"18\", rule",
            R"(^'bad\.toml' line 44 column 3: use rule 'UQA220/18' names unknown use '18'; did you mean '공장 \(17\)'\?)"},
        BadCase{"MisspeltUseSuggested", "{ use = \"17\", rule", "{ use = \"wrkshop\", rule",
                R"(unknown use 'wrkshop'; did you mean '제조업소 \(workshop\)'\?)"},
        BadCase{"UnknownFact", "unless = [\"emits\"]", "unless = [\"emit\"]",
                R"(^'bad\.toml' line 29 column 3: .*unknown fact 'emit'; did you mean 'emits'\?)"},
        BadCase{"BandToSubUse", "{ class = \"17\", source", "{ class = \"workshop\", source",
                R"(^'bad\.toml' line 30 column 3: .*'workshop', which is not a 별표1 class)"},
        BadCase{"UnknownRule", "rule = \"ordinance-may-ban\"", "rule = \"maybe\"",
                R"(^'bad\.toml' line 44 column 24: 'rule' of use rule 'UQA220/17' is 'maybe')"},
        BadCase{"MissingSource", "source = \"별표1 제17호\"\n", "",
                R"(^'bad\.toml' line 18 column 6: use '17' needs a 'source')"},
        BadCase{
            "ConditionalWithoutWhen", "{ use = \"17\", rule = \"ordinance-may-ban\" }",
            "{ use = \"17\", rule = \"conditional\", then = \"banned\" }",
            R"(^'bad\.toml' line 44 column 3: use rule 'UQA220/17' is conditional; it needs 'when')"},
        BadCase{
            "ParentCycle", "ko = \"제조업소\"\nsource = \"별표1 제4호너목\"\nclassify = [",
            "ko = \"제조업소\"\nsource = \"별표1 제4호너목\"\nparent = \"workshop\"\nclassify = [",
            R"(has both 'parent' and 'classify')"}),
    [](const testing::TestParamInfo<BadCase>& tp) { return tp.param.name; });

TEST(RulesFile, ParentCycleIsAnError) {
  const std::string text = kValid + R"(
[[uses]]
id = "a"
ko = "가"
parent = "b"
source = "x"

[[uses]]
id = "b"
ko = "나"
parent = "a"
source = "x"
)";
  const std::string message = load_error(text);
  EXPECT_NE(message.find("'parent' cycle: "), std::string::npos) << message;
  EXPECT_NE(message.find("line "), std::string::npos) << message;
}

TEST(RulesFile, UsesLikeCycleIsAnError) {
  const std::string zone = R"(
[[zones]]
id = "{ID}"
ko = "{ID}"
family = "residential"
uses_like = "{OTHER}"
source = "x"
bcr = { seoul = 60, source = "x" }
far = { seoul = 200, source = "x" }
)";
  auto z = [&](const std::string& id, const std::string& other) {
    return test::replaced(
        test::replaced(test::replaced(test::replaced(zone, "{ID}", id), "{ID}", id), "{OTHER}",
                       other),
        "", "");
  };
  const std::string message = load_error(kValid + z("UQA901", "UQA902") + z("UQA902", "UQA901"));
  EXPECT_NE(message.find("'uses_like' cycle"), std::string::npos) << message;
}

TEST(RulesFile, ManyErrorsAreCountedInTheMessage) {
  std::string text = test::replaced(kValid, "{ use = \"17\", rule", "{ use = \"18\", rule");
  text = test::replaced(text, "unless = [\"emits\"]", "unless = [\"emit\"]");
  const std::string message = load_error(text);
  EXPECT_NE(message.find("1 more error(s): run 'jigu rules lint bad.toml'"), std::string::npos)
      << message;
  // Two errors, and two warnings: UQA220 lacks class 17, fact 'emits' is unused.
  EXPECT_EQ(lint_rules_text(text, "bad.toml").size(), 4u);
}

// Free text lists may hold empty or blank entries: the file still loads as written, but lint
// warns at each such entry, naming the file, the use or district and the list.
TEST(RulesFile, BlankFreeTextEntriesAreLintWarnings) {
  const std::string text = test::replaced(kValid, "en = \"factory\"\n",
                                          "en = \"factory\"\naliases = [\"plant\", \"\"]\n") +
                           R"(
[[districts]]
id = "d1"
name = "지구"
source = "test"
encouraged_industries = ["", "IT", " \u3000", "design", "\t"]
)";
  const RuleSet r = parse_rules(text, "blank.toml");
  EXPECT_EQ(r.use("17")->aliases, (std::vector<std::string>{"plant", ""}));
  EXPECT_EQ(r.district("d1")->encouraged_industries,
            (std::vector<std::string>{"", "IT", " \u3000", "design", "\t"}));
  std::vector<std::string> warnings;
  for (const auto& d : lint_rules_text(text, "blank.toml")) {
    EXPECT_EQ(d.severity, RulesDiagnostic::Severity::Warning) << d.message;
    warnings.push_back(d.message);
  }
  EXPECT_EQ(warnings,
            (std::vector<std::string>{
                "'blank.toml' line 22 column 21: use '17': entry 2 of 'aliases' is empty; "
                "remove it or fill it in",
                "'blank.toml' line 52 column 26: district 'd1': entry 1 of "
                "'encouraged_industries' is empty; remove it or fill it in",
                "'blank.toml' line 52 column 36: district 'd1': entry 3 of "
                "'encouraged_industries' is only white space; remove it or fill it in",
                "'blank.toml' line 52 column 57: district 'd1': entry 5 of "
                "'encouraged_industries' is only white space; remove it or fill it in"}));
}

TEST(RulesFile, MissingFileIsAnInputError) {
  EXPECT_THROW(load_rules(test::geodata() / "seoul" / "no-such-rules.toml"), InputError);
}

TEST(RulesFile, ShippedSeoulRulesAreLintClean) {
  const auto diagnostics = lint_rules(test::geodata() / "seoul" / "rules.toml");
  for (const auto& d : diagnostics) ADD_FAILURE() << d.message;
}

TEST(RulesFile, ShippedSeoulRulesCoverWhatTheIssueAsks) {
  const RuleSet r = load_rules(test::geodata() / "seoul" / "rules.toml");
  std::size_t classes = 0;
  for (const auto& u : r.uses) classes += u.is_class() ? 1 : 0;
  EXPECT_EQ(classes, 30u);  // 1–29 with 23의2 (zoning-facts §1.1)
  for (const char* code :
       {"UQA111", "UQA112", "UQA121", "UQA122", "UQA123", "UQA130", "UQA210", "UQA220", "UQA230",
        "UQA240", "UQA310", "UQA320", "UQA330", "UQA410", "UQA420", "UQA430"}) {
    EXPECT_NE(r.zone(code), nullptr) << code;
  }
  for (const char* code : {"UQA122", "UQA123", "UQA130", "UQA220", "UQA230", "UQA330"}) {
    const Zone* z = r.zone(code);
    ASSERT_NE(z, nullptr);
    for (const auto& u : r.uses) {
      if (!u.is_class()) continue;
      const bool has = std::any_of(z->uses.begin(), z->uses.end(),
                                   [&](const UseCell& c) { return c.use == u.meta.id; });
      EXPECT_TRUE(has) << code << " has no rule for class " << u.meta.id;
    }
  }
  for (const char* id : {"seongsu-it", "mapo-design", "jongno-jewelry"}) {
    EXPECT_NE(r.district(id), nullptr) << id;
  }
  // Seoul values from zoning-facts §2.2.
  EXPECT_EQ(r.zone("UQA330")->far.seoul_pct, 400);
  EXPECT_EQ(r.zone("UQA112")->bcr.seoul_pct, 40);
  EXPECT_EQ(r.zone("UQA220")->far.national_max_pct.value_or(0), 1300);
}

TEST(RulesFile, FindUseByNumberNameAliasAndSpacing) {
  const RuleSet r = load_rules(test::geodata() / "seoul" / "rules.toml");
  EXPECT_EQ(r.find_use("17").meta.id, "17");
  EXPECT_EQ(r.find_use("23의2").meta.id, "23-2");
  EXPECT_EQ(r.find_use("23-2").meta.id, "23-2");
  EXPECT_EQ(r.find_use("Factory").meta.id, "17");
  EXPECT_EQ(r.find_use("제2종 근린생활시설").meta.id, "4");
  EXPECT_EQ(r.find_use("아파트형공장").meta.id, "knowledge-industry-center");
  EXPECT_EQ(r.find_use("Knowledge Industry Center").meta.id, "knowledge-industry-center");
}

TEST(EditDistance, CountsHangulSyllablesAsOneEach) {
  EXPECT_EQ(edit_distance("지식산업센터", "지식산업샌터"), 1u);
  EXPECT_EQ(edit_distance("공장", "공장"), 0u);
  EXPECT_EQ(edit_distance("factory", "factroy"), 2u);
  EXPECT_EQ(edit_distance("", "공장"), 2u);
}

}  // namespace
}  // namespace jigu
