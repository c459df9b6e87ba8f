// The one table of a planned activity's parameters: names unique in every front end, each entry
// bound to a field of its type, and engine errors carrying the parameter's id rather than a
// front end's name for it.
#include "jigu/activity.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cli/check_batch.hpp"
#include "fixtures.hpp"
#include "jigu/check.hpp"
#include "jigu/error.hpp"
#include "jigu/rules_file.hpp"
#include "test_paths.hpp"

namespace jigu {
namespace {

TEST(ActivityParameters, NamesAreUniqueInEveryFrontEnd) {
  std::set<std::string_view> ids, flags, query, json, csv;
  for (const auto& p : activity_parameters()) {
    EXPECT_TRUE(ids.insert(p.id).second) << p.id;
    EXPECT_TRUE(flags.insert(p.cli_flag).second) << p.cli_flag;
    EXPECT_TRUE(query.insert(p.query_key).second) << p.query_key;
    EXPECT_TRUE(json.insert(p.json_key).second) << p.json_key;
    EXPECT_TRUE(csv.insert(p.csv_column).second) << p.csv_column;
    EXPECT_EQ(p.cli_flag.substr(0, 2), "--") << p.id;
    EXPECT_FALSE(p.help.empty()) << p.id;
  }
}

TEST(ActivityParameters, EachIsBoundToAFieldOfItsType) {
  for (const auto& p : activity_parameters()) {
    SCOPED_TRACE(std::string(p.id));
    EXPECT_EQ(p.text != nullptr, p.type == ParameterType::Text);
    EXPECT_EQ(p.number != nullptr, p.type == ParameterType::Number);
    EXPECT_EQ(p.flag != nullptr, p.type == ParameterType::Flag);
    EXPECT_EQ(p.list != nullptr, p.type == ParameterType::List);
    EXPECT_EQ(p.range.has_value(), p.type == ParameterType::Number);
  }
  EXPECT_EQ(activity_parameter("floor_area_m2").number, &PlannedActivity::floor_area_m2);
  EXPECT_THROW(activity_parameter("no-such-parameter"), std::out_of_range);
}

// The error a call throws, as a ParameterFault: its parameter id, or "" for none.
template <class F>
std::string parameter_of(F&& f) {
  try {
    f();
  } catch (const ParameterFault& e) {
    return e.parameter();
  } catch (const Error&) {
    return "";
  }
  return "(no error)";
}

TEST(ActivityParameters, ValidationNamesTheParameterById) {
  PlannedActivity a;
  a.use = "17";
  a.far_pct = -1;
  try {
    a.validate();
    FAIL() << "no error";
  } catch (const ParameterUsageError& e) {
    EXPECT_EQ(e.parameter(), "far_pct");
    EXPECT_EQ(e.detail(), "-1 is not a number ≥ 0");
  }
  a.far_pct.reset();
  a.encouraged_share = 1.5;
  EXPECT_EQ(parameter_of([&] { a.validate(); }), "encouraged_share");
  a.encouraged_share.reset();
  a.use.clear();
  EXPECT_EQ(parameter_of([&] { a.validate(); }), "use");
}

TEST(ActivityParameters, EngineErrorsNameTheParameterById) {
  const RuleSet rules = load_rules(test::geodata() / "seoul" / "rules.toml");
  LocateResult site;
  site.site.kind = Site::Kind::Geometry;
  site.site.label = "test site";
  site.site_area_m2 = 500;
  site.zones.push_back({"UQA220", "UQA220", 500, 1.0});
  PlannedActivity a;
  a.use = "제조업소";
  EXPECT_EQ(parameter_of([&] { check(rules, site, a); }), "floor_area_m2");
  a.use = "지식산업샌터";
  EXPECT_EQ(parameter_of([&] { check(rules, site, a); }), "use");
  a.use = "17";
  a.facts = {"no-such-fact"};
  EXPECT_EQ(parameter_of([&] { check(rules, site, a); }), "facts");
  a.facts.clear();
  site.zones.front().code = "UQA999";
  EXPECT_EQ(parameter_of([&] { check(rules, site, a); }), "");
}

TEST(ActivityParameters, BatchNamesTheColumn) {
  const auto dir = test::fresh_dir("activity_batch");
  const auto csv = test::write_text(dir / "apps.csv",
                                    "id,pnu,use,far\n"
                                    "a,1120011500102770028,17,-3\n");
  try {
    cli::read_applications(csv);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "'" + csv + "' line 2: column 'far': -3 is not a number ≥ 0");
  }
}

}  // namespace
}  // namespace jigu
