// The steps of the check engine, each a function from its inputs to its part of the verdict:
// use class, district membership, split parcel, zone use rule, district use and relaxation,
// limits. check.cpp runs them in order and joins their findings into one Verdict.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "jigu/check.hpp"
#include "jigu/rules.hpp"

namespace jigu::analysis {

/// Tolerance of every comparison of areas, shares and limits.
inline constexpr double kCheckEps = 1e-9;

// Numbers as the reasons write them: 480 → "480", 370.2416 → "370.24".
std::string num(double v);
std::string pct(double v);    ///< "60%"
std::string m2(double v);     ///< "500 m²"
std::string share(double v);  ///< 0.6 → "60%"
/// A 별표1 item: "17" → "제17호", "23의2" → "제23호의2".
std::string annex_item(const std::string& number);
/// "250%" or "200–250%" (with `unit` after the number).
std::string range_text(const Range& r, const std::string& unit);

/// The CLI flag of an activity parameter, as reasons and notes name it ("--far").
std::string flag_of(std::string_view parameter);

/// Appends `c` unless an equal condition (kind, rule, text) is there already.
void add_condition(std::vector<Condition>& list, Condition c);

/// What one step adds to the explanation: its reasons in the order it used them, its notes
/// (each once), and the conditions it puts on the whole site.
struct Findings {
  std::vector<Reason> reasons;
  std::vector<std::string> notes;
  std::vector<Condition> conditions;

  void reason(const std::string& step, const std::string& rule_id, const std::string& text,
              const std::string& source, bool unconfirmed);
  /// Cites `meta` (its id, source and note); unconfirmed when it or `unconfirmed` is.
  void reason(const std::string& step, const RuleMeta& meta, const std::string& text,
              bool unconfirmed = false);
  void note(const std::string& text);
  void condition(ConditionKind kind, const std::string& rule_id, const std::string& text);
};

/// What every step reads: the rules, the located site, the activity, the engine settings and the
/// facts the activity states (checked by stated_facts).
struct CheckInputs {
  const RuleSet& rules;
  const LocateResult& site;
  const PlannedActivity& activity;
  const CheckOptions& options;
  std::set<std::string> facts;

  bool stated(const std::string& fact) const { return facts.count(fact) > 0; }
  /// The planned floor area. Throws ParameterUsageError ("floor_area_m2") with `why` when it
  /// is not given.
  double floor_area(const std::string& why) const;
};

/// The facts `activity` states (its facts, and public-open-space when set). Throws
/// ParameterInputError ("facts") for a fact the rules do not know (with the nearest ids), and
/// ParameterUsageError ("public_open_space") when the rules have no such fact.
std::set<std::string> stated_facts(const RuleSet& rules, const PlannedActivity& activity);

/// Notes once that the default of fact `fact_id` was relied on.
void assumed(const CheckInputs& in, const std::string& fact_id, Findings& out);

/// Whether `p` holds for the activity; `clauses` gets a readable account of each part, `out` a
/// note for each fact whose default was relied on.
bool holds(const CheckInputs& in, const Predicate& p, const std::string& rule_id,
           std::string& clauses, Findings& out);

// ---- use class (check_use_class.cpp) ----

/// The use as resolved, and the chain of ids whose rules may apply to it.
struct UseClass {
  ResolvedUse use;
  std::vector<std::string> keys;  ///< the use, its parents, then its 별표1 class
  bool unconfirmed = false;       ///< the route to the class rests on an unconfirmed rule
  std::string class_rule;         ///< the size band that gave the class; empty if none did
  std::vector<std::string> unconfirmed_ids;  ///< unconfirmed rules on the route to the class
  Findings findings;
};

/// Resolves the typed use, its parents and its class (by floor area where the rules class it by
/// size). Throws ParameterInputError ("use") for a use the rules do not know, and
/// ParameterUsageError ("floor_area_m2") for a use classed by size without a floor area.
UseClass use_class(const CheckInputs& in);

// ---- district membership and the district's say (check_district.cpp) ----

struct DistrictMembership {
  const District* district = nullptr;  ///< the first district the site lies wholly inside
  Findings findings;
};

DistrictMembership district_membership(const CheckInputs& in);

/// A use's status on one regime, with the conditions that hold for that regime only.
struct UseDecision {
  VerdictStatus status = VerdictStatus::Undetermined;
  std::vector<Condition> part_conditions;
  bool class_route_used = false;  ///< a rule was found through the use's class
  Findings findings;
};

/// What the district makes of `zone_status`: an extra use it admits, conformity with its plan,
/// whether the use is encouraged. With no district, `zone_status` unchanged.
UseDecision district_use(const CheckInputs& in, const UseClass& use, const District* district,
                         VerdictStatus zone_status);

struct RelaxationChoice {
  const Relaxation* relaxation = nullptr;  ///< the highest FAR factor of those that hold
  Findings findings;
};

RelaxationChoice district_relaxation(const CheckInputs& in, const UseClass& use,
                                     const District* district);

// ---- split parcel (check_split_parcel.cpp) ----

struct SplitParcel {
  std::vector<Regime> regimes;  ///< largest part first; status and limits not yet decided
  Findings findings;
};

/// The parts of the site under one set of rules (영 제94조, 국토계획법 제84조). Throws
/// InputError for a site in no zone, a zone the rules do not know, or a split site and rules
/// without a [split_parcel] rule.
SplitParcel split_parcel(const CheckInputs& in);

// ---- zone use rule (check_zone_use.cpp) ----

/// The governing zone's rule for the use on `regime`, tried for the use, its parents, then its
/// class; undetermined when the zone has none.
UseDecision zone_use_rule(const CheckInputs& in, const UseClass& use, const Regime& regime);

// ---- limits (check_limits.cpp) ----

struct RegimeLimits {
  std::vector<LimitCheck> limits;                      ///< bcr_pct, far_pct, height_m
  VerdictStatus status = VerdictStatus::Undetermined;  ///< the regime's status after its limits
  std::vector<Condition> part_conditions;
  Findings findings;
};

/// BCR, FAR and height on `regime`: the base limits (area-weighted when averaged), the
/// relaxation's, and the planned values against them. With `parts_apart` (a site under several
/// regimes) a planned BCR/FAR is for the whole site and left to site_capacity.
RegimeLimits regime_limits(const CheckInputs& in, const District* district,
                           const Relaxation* relaxation, const Regime& regime, bool parts_apart);

struct SiteCapacity {
  std::vector<Regime> regimes;
  Findings findings;
};

/// Parts under their own rules: a site-wide planned BCR/FAR is held against the site's capacity
/// (each part's limit over its area), and the building must be placed so that every part meets
/// its own limit. Fewer than two regimes come back unchanged.
SiteCapacity site_capacity(std::vector<Regime> regimes);

}  // namespace jigu::analysis
