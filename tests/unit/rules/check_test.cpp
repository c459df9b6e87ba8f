// The rules engine against the shipped Seoul rules: one case per legal fact, each naming the fact
// and its source (shared/reference/zoning-facts.md), with sites built in code.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "jigu/check.hpp"
#include "jigu/error.hpp"
#include "jigu/rules_file.hpp"
#include "test_paths.hpp"

namespace jigu {
namespace {

const RuleSet& seoul() {
  static const RuleSet rules = load_rules(test::geodata() / "seoul" / "rules.toml");
  return rules;
}

// A located site from its zone parts (largest first, as Locator returns them) and districts.
LocateResult site(std::vector<std::pair<std::string, double>> parts,
                  std::vector<std::pair<std::string, std::string>> districts = {}) {
  LocateResult r;
  r.site.kind = Site::Kind::Geometry;
  r.site.label = "test site";
  for (const auto& [code, area] : parts) r.site_area_m2 += area;
  std::stable_sort(parts.begin(), parts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [code, area] : parts) {
    r.zones.push_back({code, code, area, area / r.site_area_m2});
  }
  for (const auto& [id, status] : districts) {
    r.districts.push_back({id, id, status == "inside" ? r.site_area_m2 : r.site_area_m2 / 2,
                           status == "inside" ? 1.0 : 0.5, status});
  }
  return r;
}

PlannedActivity plan(std::string use, std::optional<double> floor_area = std::nullopt) {
  PlannedActivity a;
  a.use = std::move(use);
  a.floor_area_m2 = floor_area;
  return a;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool cites(const Verdict& v, const std::string& rule_id) {
  return std::any_of(v.reasons.begin(), v.reasons.end(),
                     [&](const Reason& r) { return r.rule_id == rule_id; });
}

bool has_condition(const Verdict& v, ConditionKind kind) {
  return std::any_of(v.conditions.begin(), v.conditions.end(),
                     [&](const Condition& c) { return c.kind == kind; });
}

const LimitCheck& limit(const Verdict& v, const std::string& quantity, std::size_t regime = 0) {
  for (const auto& l : v.regimes.at(regime).limits) {
    if (l.quantity == quantity) return l;
  }
  throw std::runtime_error("no limit " + quantity);
}

struct Case {
  std::string name{};
  std::string fact{};  ///< the fact checked and its source
  LocateResult site{};
  PlannedActivity activity{};
  VerdictStatus status{};
  std::string class_id{};
  std::optional<double> far_base{};
  std::optional<double> far_relaxed{};  ///< the high end of the relaxed range
  std::optional<double> bcr_base{};
  std::size_t regimes = 1;
  std::vector<std::string> unconfirmed{};   ///< must be among the verdict's
  std::vector<ConditionKind> conditions{};  ///< must be among the verdict's
  std::vector<std::string> cited{};         ///< rule ids the reasons must cite
  bool no_relaxation = false;
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
  return out << c.name;
}

PlannedActivity with(PlannedActivity a, const std::function<void(PlannedActivity&)>& f) {
  f(a);
  return a;
}

std::vector<Case> cases() {
  const auto seongsu = [](double share) {
    return with(plan("지식산업센터", 12000),
                [&](PlannedActivity& a) { a.encouraged_share = share; });
  };
  const auto seongsu_site = site({{"UQA330", 736.84}}, {{"seongsu-it", "inside"}});
  return {
      {"SeongsuKnowledgeCentreShare60_Far480",
       "zoning-facts §4.2: Seongsu 지구단위계획, ≥ 50% encouraged floor area of a new 지식산업센터 "
       "→ "
       "FAR 400% × 1.2 (bdin 5138, asiae 2021) within 시행령 제46조⑦1 [LAW]",
       seongsu_site,
       seongsu(0.6),
       VerdictStatus::Permitted,
       "17",
       400.0,
       480.0,
       60.0,
       1,
       {},
       {},
       {"seongsu-kic-far-120", "decree-46-7", "UQA330/knowledge-industry-center"}},
      {"SeongsuKnowledgeCentreShare40_Far400",
       "zoning-facts §4.2: below 50% encouraged floor area the incentive does not apply",
       seongsu_site,
       seongsu(0.4),
       VerdictStatus::Permitted,
       "17",
       400.0,
       std::nullopt,
       60.0,
       1,
       {},
       {},
       {"seongsu-kic-far-120"},
       true},
      {"SeongsuKnowledgeCentreOpenSpace_Far560Flagged",
       "zoning-facts §4.2: × 1.4 (560%) adding 공개공지 [2nd]; its article unidentified, so the "
       "rule is unconfirmed and held to 시행령 제46조⑩ (200%)",
       seongsu_site,
       with(seongsu(0.6), [](PlannedActivity& a) { a.public_open_space = true; }),
       VerdictStatus::Permitted,
       "17",
       400.0,
       560.0,
       60.0,
       1,
       {"seongsu-kic-far-140-open-space"},
       {},
       {"decree-46-10"}},
      {"SeongsuPlannedFar520NeedsUnconfirmedRelaxation",
       "a planned FAR above 480% rests on the unconfirmed 1.4× relaxation: a condition",
       seongsu_site,
       with(seongsu(0.6),
            [](PlannedActivity& a) {
              a.public_open_space = true;
              a.far_pct = 520;
            }),
       VerdictStatus::PermittedWithConditions,
       "17",
       400.0,
       560.0,
       60.0,
       1,
       {"seongsu-kic-far-140-open-space"},
       {ConditionKind::Unconfirmed}},
      {"SeongsuPlannedFar500ExceedsLimit",
       "the planned FAR against the relaxed limit 480% (zoning-facts §4.2)", seongsu_site,
       with(seongsu(0.6), [](PlannedActivity& a) { a.far_pct = 500; }), VerdictStatus::Prohibited,
       "17", 400.0, 480.0},
      {"FactoryIn2ndGeneralResidential_Prohibited",
       "zoning-facts §3.2: 공장 in 제2종일반주거 only for listed light types (별표4 제2호차목) "
       "[LAW partial; list UNCONFIRMED]",
       site({{"UQA122", 600}}),
       plan("공장"),
       VerdictStatus::Prohibited,
       "17",
       200.0,
       std::nullopt,
       60.0,
       1,
       {"UQA122/17"}},
      {"ListedLightFactoryIn2ndGeneralResidential_Ordinance",
       "zoning-facts §3.2: a listed light factory type without pollutant criteria is allowed by "
       "ordinance (O+) in 제2종일반주거",
       site({{"UQA122", 600}}),
       with(plan("factory"), [](PlannedActivity& a) { a.facts = {"listed-light-factory"}; }),
       VerdictStatus::PermittedWithConditions,
       "17",
       200.0,
       std::nullopt,
       60.0,
       1,
       {"UQA122/17"},
       {ConditionKind::Ordinance, ConditionKind::Unconfirmed}},
      {"PollutingListedFactoryIn2ndGeneralResidential_Prohibited",
       "zoning-facts §3.2: pollutant criteria (1)–(6) of 별표4 제2호차목 exclude it",
       site({{"UQA122", 600}}),
       with(plan("17"),
            [](PlannedActivity& a) {
              a.facts = {"listed-light-factory", "pollutant-criteria"};
            }),
       VerdictStatus::Prohibited, "17"},
      {"Workshop450InGeneralCommercial_Class2Permitted",
       "zoning-facts §1.2 (제조업소 < 500 m² → 2종근생 제4호너목 [2nd]) and §3.2 (2종근생 not on "
       "별표9's ban list [2nd inference])",
       site({{"UQA220", 470.92}}),
       plan("제조업소", 450),
       VerdictStatus::Permitted,
       "4",
       800.0,
       std::nullopt,
       60.0,
       1,
       {},
       {},
       {"workshop/below-500m2", "UQA220/4"}},
      {"JewelryWorkshop450InGeneralCommercial_Class2PermittedFlagged",
       "the same for a jewellery workshop, permitted as 2종근생; that a jewellery workshop is a "
       "제조업소 is [UNCONFIRMED reasoning] in zoning-facts §3.2, so the verdict carries the flag",
       site({{"UQA220", 470.92}}),
       plan("귀금속 공방", 450),
       VerdictStatus::PermittedWithConditions,
       "4",
       800.0,
       std::nullopt,
       60.0,
       1,
       {"jewelry-workshop"},
       {ConditionKind::Unconfirmed},
       {"workshop/below-500m2", "UQA220/4"}},
      {"JewelryWorkshop800InGeneralCommercial_FactoryOrdinance",
       "zoning-facts §1.2 (≥ 500 m² → 공장) and §3.2 (일반상업: non-polluting factories O−; "
       "Seoul's position UNCONFIRMED)",
       site({{"UQA220", 470.92}}),
       plan("jewelry workshop", 800),
       VerdictStatus::PermittedWithConditions,
       "17",
       800.0,
       std::nullopt,
       60.0,
       1,
       {},
       {ConditionKind::Ordinance},
       {"workshop/otherwise", "UQA220/17"}},
      {"EmittingJewelryWorkshop450IsAFactory",
       "zoning-facts §1.2: a 제조업소 that is an emission facility is not 2종근생",
       site({{"UQA220", 470.92}}),
       with(plan("귀금속 공방", 450), [](PlannedActivity& a) { a.facts = {"emission-facility"}; }),
       VerdictStatus::PermittedWithConditions,
       "17",
       std::nullopt,
       std::nullopt,
       std::nullopt,
       1,
       {},
       {ConditionKind::Ordinance},
       {"workshop/otherwise"}},
      {"PollutingFactoryInGeneralCommercial_Prohibited",
       "zoning-facts §3.2: 일반상업 bans factories meeting the pollutant criteria (zeropass [2nd])",
       site({{"UQA220", 470.92}}),
       with(plan("공장"), [](PlannedActivity& a) { a.facts = {"pollutant-criteria"}; }),
       VerdictStatus::Prohibited, "17"},
      {"ShippedStraddler_Weighted370",
       "시행령 제94조 [LAW]: 서교동 106-14, UQA122 404.89 m² + UQA230 299.99 m² → FAR "
       "(404.89·200 + 299.99·600) / 704.88 = 370.24%; uses of UQA122",
       site({{"UQA122", 404.89}, {"UQA230", 299.99}}),
       plan("1종근생"),
       VerdictStatus::Permitted,
       "3",
       (404.89 * 200 + 299.99 * 600) / 704.88,
       std::nullopt,
       60.0,
       1,
       {},
       {},
       {"split-parcel"}},
      {"Part300InSecondZone_WeightedByHand",
       "시행령 제94조 [LAW]: UQA123 600 m² (50%, 250%) + UQA220 300 m² (60%, 800%) → BCR "
       "(600·50 + 300·60)/900 = 53.33%, FAR (600·250 + 300·800)/900 = 433.33%",
       site({{"UQA123", 600}, {"UQA220", 300}}),
       plan("1종근생"),
       VerdictStatus::Permitted,
       "3",
       433.333333333,
       std::nullopt,
       53.333333333,
       1,
       {},
       {},
       {"split-parcel", "UQA123/3"}},
      {"SmallestPartOver330_EachZoneOwnRulesFlagged",
       "zoning-facts §5: statute silent above 330 m²; each zone its own rules [UNCONFIRMED "
       "interpretation] (상수동 11-6: UQA122 518.71 + UQA123 345.80)",
       site({{"UQA122", 518.71}, {"UQA123", 345.80}}),
       plan("단독주택"),
       VerdictStatus::PermittedWithConditions,
       "1",
       200.0,
       std::nullopt,
       60.0,
       2,
       {"split-parcel-each-zone"},
       {ConditionKind::Unconfirmed},
       {"split-parcel-each-zone"}},
      {"GreenPartOver330_EachPartOwnRules",
       "국토계획법 제84조③ [LAW]: across a 녹지지역 whose part is not the ≤ 330 m² part, each part "
       "keeps its own rules (UQA430 has no use matrix: undetermined there)",
       site({{"UQA430", 500}, {"UQA122", 300}}),
       plan("단독주택"),
       VerdictStatus::PermittedWithConditions,
       "1",
       50.0,
       std::nullopt,
       20.0,
       2,
       {},
       {ConditionKind::Part},
       {"split-parcel-green"}},
      {"GreenSmallestPart_Averaged",
       "국토계획법 제84조③ proviso [LAW]: the 녹지 part is the smallest and ≤ 330 m², so 제84조① "
       "averages: FAR (600·200 + 300·50)/900 = 150%",
       site({{"UQA122", 600}, {"UQA430", 300}}),
       plan("단독주택"),
       VerdictStatus::Permitted,
       "1",
       150.0,
       std::nullopt,
       (600 * 60 + 300 * 20) / 900.0,
       1,
       {},
       {},
       {"split-parcel"}},
      {"RoadsideStripCommercial660_Averaged",
       "시행령 제94조 [LAW]: 660 m² across a roadside strip commercial zone: UQA220 500 + UQA122 "
       "400 → FAR (500·800 + 400·200)/900 = 533.33%",
       site({{"UQA220", 500}, {"UQA122", 400}}),
       with(plan("1종근생"), [](PlannedActivity& a) { a.facts = {"roadside-strip-commercial"}; }),
       VerdictStatus::Permitted,
       "3",
       (500 * 800 + 400 * 200) / 900.0,
       std::nullopt,
       60.0,
       1,
       {},
       {},
       {"split-parcel"}},
      {"OfficeOver500InSemiIndustrial_UnconfirmedFlag",
       "zoning-facts §1.2 (office ≥ 500 m² → 업무시설, inference [2nd]) and §3.2 (준공업 업무시설 "
       "P [?]): the verdict carries the flag",
       site({{"UQA330", 900}}),
       plan("사무소", 600),
       VerdictStatus::PermittedWithConditions,
       "14",
       400.0,
       std::nullopt,
       60.0,
       1,
       {"UQA330/14"},
       {ConditionKind::Unconfirmed},
       {"office/otherwise"}},
      {"OrderFulfilmentIn2ndGeneralResidential_OrdinanceAllows",
       "zoning-facts §1.2: Seoul's 2024 ordinance lets 주문배송시설 locate in 제2종일반주거 "
       "(ajunews 2024-07-15 [2nd])",
       site({{"UQA122", 600}}), plan("주문배송시설"), VerdictStatus::Permitted, "4", 200.0},
      {"MapoPerformanceHallOnJandariRo_ExtraUse",
       "zoning-facts §4.3: Mapo 1단계 plan admits 공연장 below 3,000 m² on 잔다리로·와우산로 "
       "(etoday 2016 [2nd])",
       site({{"UQA122", 900}}, {{"mapo-design", "inside"}}),
       with(plan("공연장", 2000),
            [](PlannedActivity& a) { a.facts = {"fronts-jandari-wausan-ro"}; }),
       VerdictStatus::PermittedWithConditions,
       "5",
       200.0,
       std::nullopt,
       60.0,
       1,
       {},
       {ConditionKind::PlanConformity},
       {"mapo-design/performance-hall"}},
      {"MapoPerformanceHallElsewhere_Prohibited",
       "without the road fact the extra use does not apply; 문화및집회 in 제2종일반주거 is ? "
       "(banned by the may-build default)",
       site({{"UQA122", 900}}, {{"mapo-design", "inside"}}), plan("공연장", 2000),
       VerdictStatus::Prohibited, "5"},
      {"MapoPublisherShare70_RangeUpTo240",
       "zoning-facts §4.3: Mapo FAR up to 1.2× scaled by the encouraged share (scaling formula "
       "not in the sources: a range); 제2종일반 200% → 200–240%",
       site({{"UQA122", 900}}, {{"mapo-design", "inside"}}),
       with(plan("출판사", 400), [](PlannedActivity& a) { a.encouraged_share = 0.7; }),
       VerdictStatus::PermittedWithConditions,
       "4",
       200.0,
       240.0,
       60.0,
       1,
       {},
       {ConditionKind::Ordinance},
       {"mapo-encouraged-far-120", "decree-46-7"}},
      {"HistoricCentreGeneralCommercial_Far600Flagged",
       "zoning-facts §2.2: 일반상업 inside 4대문 reportedly 600% [UNCONFIRMED]",
       site({{"UQA220", 500}}),
       with(plan("1종근생"), [](PlannedActivity& a) { a.facts = {"historic-center"}; }),
       VerdictStatus::Permitted,
       "3",
       600.0,
       std::nullopt,
       60.0,
       1,
       {"UQA220-historic-far"}},
      {"SevenFloorVariantFollows2ndGeneral",
       "zoning-facts §2.1: UQA124 is legally 제2종일반주거 (시행령 제30조②)",
       site({{"UQA124", 500}}), plan("공장"), VerdictStatus::Prohibited, "17", 200.0},
      {"JongnoDistrictUnconfirmedCarried",
       "zoning-facts §4.4: Jongno's relaxations and plan are unconfirmed; the verdict carries it",
       site({{"UQA220", 470.92}}, {{"jongno-jewelry", "inside"}}),
       plan("귀금속 공방", 120),
       VerdictStatus::PermittedWithConditions,
       "4",
       800.0,
       std::nullopt,
       60.0,
       1,
       {"jongno-jewelry", "jewelry-workshop"}},
      {"SplitPartsSiteWideFarAgainstCapacity",
       "each part its own FAR: a site-wide FAR 230% against the capacity (518.71 × 200% + 345.8 "
       "× 250%) / 864.51 = 220% exceeds",
       site({{"UQA122", 518.71}, {"UQA123", 345.80}}),
       with(plan("단독주택"), [](PlannedActivity& a) { a.far_pct = 230; }),
       VerdictStatus::Prohibited, "1", 200.0, std::nullopt, 60.0, 2},
      {"SplitPartsSiteWideFarWithinCapacity",
       "a site-wide FAR 215% fits the capacity 220% if each part meets its own limit",
       site({{"UQA122", 518.71}, {"UQA123", 345.80}}),
       with(plan("단독주택"), [](PlannedActivity& a) { a.far_pct = 215; }),
       VerdictStatus::PermittedWithConditions,
       "1",
       200.0,
       std::nullopt,
       60.0,
       2,
       {},
       {ConditionKind::Limit, ConditionKind::Unconfirmed}},
      {"PartlyInsideSeongsu_NoRelaxation",
       "relaxations need the site inside the district (시행령 제46조⑦: a 지구단위계획구역)",
       site({{"UQA330", 800}}, {{"seongsu-it", "partly inside"}}),
       seongsu(0.6),
       VerdictStatus::PermittedWithConditions,
       "17",
       400.0,
       std::nullopt,
       60.0,
       1,
       {},
       {ConditionKind::PlanConformity},
       {},
       true},
  };
}

class CheckCase : public testing::TestWithParam<Case> {};

TEST_P(CheckCase, MatchesTheFact) {
  const Case& c = GetParam();
  SCOPED_TRACE(c.fact);
  const Verdict v = check(seoul(), c.site, c.activity);
  std::string chain;
  for (const auto& r : v.reasons) chain += "  [" + r.step + "] " + r.rule_id + ": " + r.text + "\n";
  SCOPED_TRACE("reasons:\n" + chain);
  EXPECT_EQ(to_string(v.status), to_string(c.status));
  if (!c.class_id.empty()) {
    EXPECT_EQ(v.use.class_id, c.class_id);
  }
  ASSERT_EQ(v.regimes.size(), c.regimes);
  const LimitCheck& far = limit(v, "far_pct");
  if (c.far_base) {
    ASSERT_TRUE(far.base);
    EXPECT_NEAR(far.base->low, *c.far_base, 1e-6);
  }
  if (c.far_relaxed) {
    ASSERT_TRUE(far.relaxed);
    EXPECT_NEAR(far.relaxed->high, *c.far_relaxed, 1e-6);
  }
  if (c.no_relaxation) {
    EXPECT_FALSE(far.relaxed);
  }
  if (c.bcr_base) {
    const LimitCheck& bcr = limit(v, "bcr_pct");
    ASSERT_TRUE(bcr.base);
    EXPECT_NEAR(bcr.base->low, *c.bcr_base, 1e-6);
  }
  for (const auto& id : c.unconfirmed) EXPECT_TRUE(has(v.unconfirmed, id)) << id;
  for (const auto kind : c.conditions) EXPECT_TRUE(has_condition(v, kind)) << to_string(kind);
  for (const auto& id : c.cited) EXPECT_TRUE(cites(v, id)) << id;
}

INSTANTIATE_TEST_SUITE_P(Seoul, CheckCase, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<Case>& tp) { return tp.param.name; });

TEST(Check, DoneCriterionCitesDecree46AndThePlan) {
  const Verdict v = check(
      seoul(), site({{"UQA330", 736.84}}, {{"seongsu-it", "inside"}}),
      with(plan("지식산업센터", 12000), [](PlannedActivity& a) { a.encouraged_share = 0.6; }));
  EXPECT_EQ(v.status, VerdictStatus::Permitted);
  EXPECT_TRUE(v.conditions.empty());
  bool decree = false, plan_cited = false;
  for (const auto& r : v.reasons) {
    decree = decree || r.source.find("시행령 제46조⑦") != std::string::npos;
    plan_cited =
        plan_cited || (r.step == "plan" && r.text.find("지구단위계획") != std::string::npos);
  }
  EXPECT_TRUE(decree);
  EXPECT_TRUE(plan_cited);
  // The class of 지식산업센터 is unconfirmed, but the zone names it directly: not a condition.
  EXPECT_TRUE(v.use.class_unconfirmed);
  EXPECT_FALSE(has(v.unconfirmed, "knowledge-industry-center/otherwise"));
}

TEST(Check, UseFoundThroughUnconfirmedClassCarriesTheFlag) {
  // 준주거 has no rule of its own for 지식산업센터: its class (공장, unconfirmed) decides.
  const Verdict v = check(seoul(), site({{"UQA130", 600}}), plan("지식산업센터"));
  EXPECT_TRUE(has(v.unconfirmed, "knowledge-industry-center/otherwise"));
}

TEST(Check, MisspelledUseSuggestsNearestNames) {
  try {
    check(seoul(), site({{"UQA330", 700}}), plan("지식산업샌터"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("지식산업센터"), std::string::npos) << e.what();
  }
  try {
    check(seoul(), site({{"UQA330", 700}}), plan("factroy"));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("공장 (17)"), std::string::npos) << e.what();
  }
}

TEST(Check, SizedUseWithoutFloorAreaIsAUsageError) {
  EXPECT_THROW(check(seoul(), site({{"UQA220", 500}}), plan("제조업소")), UsageError);
}

TEST(Check, UnknownFactSuggests) {
  try {
    check(seoul(), site({{"UQA220", 500}}),
          with(plan("공장"), [](PlannedActivity& a) { a.facts = {"polutant-criteria"}; }));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'pollutant-criteria'"), std::string::npos) << e.what();
  }
}

TEST(Check, UnknownZoneCodeIsAnInputError) {
  EXPECT_THROW(check(seoul(), site({{"UQA999", 500}}), plan("1")), InputError);
}

TEST(Check, ShareOutsideZeroToOneIsAUsageError) {
  EXPECT_THROW(check(seoul(), site({{"UQA330", 500}}),
                     with(plan("1"), [](PlannedActivity& a) { a.encouraged_share = 60; })),
               UsageError);
}

TEST(Check, FootprintGivesThePlannedBcr) {
  const Verdict v = check(seoul(), site({{"UQA122", 500}}),
                          with(plan("단독주택"), [](PlannedActivity& a) { a.footprint_m2 = 350; }));
  const LimitCheck& bcr = limit(v, "bcr_pct");
  ASSERT_TRUE(bcr.planned);
  EXPECT_NEAR(*bcr.planned, 70.0, 1e-9);
  EXPECT_EQ(bcr.outcome, LimitOutcome::Exceeds);
  EXPECT_EQ(v.status, VerdictStatus::Prohibited);
}

TEST(Check, SliversAreIgnoredWithANote) {
  const Verdict v = check(seoul(), site({{"UQA122", 600}, {"UQA123", 0.2}}), plan("단독주택"));
  EXPECT_EQ(v.regimes.size(), 1u);
  EXPECT_EQ(v.status, VerdictStatus::Permitted);
  EXPECT_FALSE(v.notes.empty());
}

}  // namespace
}  // namespace jigu
