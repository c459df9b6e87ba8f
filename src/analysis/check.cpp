// The rules engine's driver: checks the activity, runs the steps of check_steps.hpp in order
// and joins their findings into the verdict; and the wording of the verdict's enums.
#include "jigu/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/check_steps.hpp"
#include "jigu/activity.hpp"
#include "jigu/error.hpp"

namespace jigu {

std::string to_string(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::Permitted:
      return "permitted";
    case VerdictStatus::PermittedWithConditions:
      return "permitted with conditions";
    case VerdictStatus::Prohibited:
      return "prohibited";
    case VerdictStatus::Undetermined:
      return "undetermined";
  }
  return "?";
}

std::string to_string(ConditionKind kind) {
  switch (kind) {
    case ConditionKind::Ordinance:
      return "ordinance";
    case ConditionKind::PlanConformity:
      return "지구단위계획 conformity";
    case ConditionKind::Unconfirmed:
      return "unconfirmed rule";
    case ConditionKind::Part:
      return "part of the site";
    case ConditionKind::Limit:
      return "limit";
  }
  return "?";
}

std::string to_string(LimitOutcome outcome) {
  switch (outcome) {
    case LimitOutcome::NotGiven:
      return "not given";
    case LimitOutcome::Within:
      return "within";
    case LimitOutcome::Exceeds:
      return "exceeds";
    case LimitOutcome::Depends:
      return "depends";
    case LimitOutcome::NoLimit:
      return "no limit known";
  }
  return "?";
}

void PlannedActivity::validate() const {
  if (use.empty()) {
    throw ParameterUsageError("use", "give the planned use (a 별표1 number, a name or an alias)");
  }
  for (const auto& p : activity_parameters()) {
    if (p.type != ParameterType::Number || !p.range) continue;
    const std::optional<double>& v = this->*p.number;
    if (v && (!std::isfinite(*v) || *v < p.range->low || *v > p.range->high)) {
      throw ParameterUsageError(std::string(p.id), fmt::format("{} is not {}", *v, p.range->text));
    }
  }
}

void CheckOptions::validate() const {
  if (!std::isfinite(sliver_m2) || sliver_m2 < 0.0) {
    throw UsageError(fmt::format("check: sliver_m2 {} must be a number ≥ 0", sliver_m2));
  }
}

namespace {

// The verdict as the steps add to it: their reasons in order (with the unconfirmed rules among
// them), their notes once each, and the conditions on the whole site.
struct Chain {
  Verdict verdict;
  std::vector<Condition> conditions;

  void add(const analysis::Findings& f) {
    for (const auto& r : f.reasons) {
      verdict.reasons.push_back(r);
      std::vector<std::string>& ids = verdict.unconfirmed;
      if (r.unconfirmed && !r.rule_id.empty() &&
          std::find(ids.begin(), ids.end(), r.rule_id) == ids.end()) {
        ids.push_back(r.rule_id);
      }
    }
    for (const auto& n : f.notes) {
      if (std::find(verdict.notes.begin(), verdict.notes.end(), n) == verdict.notes.end()) {
        verdict.notes.push_back(n);
      }
    }
    for (const auto& c : f.conditions) analysis::add_condition(conditions, c);
  }

  // The conditions of a regime that permits, prefixed with its part when the site has several.
  void add_part(const std::vector<Condition>& list, const std::string& prefix) {
    for (const auto& c : list)
      analysis::add_condition(conditions, {c.kind, c.rule_id, prefix + c.text});
  }
};

// The site's status from its regimes', and the conditions that qualify a permission.
void overall(Chain& chain) {
  Verdict& v = chain.verdict;
  bool any_ok = false, any_no = false, any_undetermined = false, any_conditional = false;
  std::string ok_parts, no_parts;
  for (const auto& r : v.regimes) {
    const std::string name = r.governing_zone + (r.averaged ? " (averaged)" : "");
    switch (r.status) {
      case VerdictStatus::Permitted:
        any_ok = true;
        ok_parts += (ok_parts.empty() ? "" : ", ") + name;
        break;
      case VerdictStatus::PermittedWithConditions:
        any_ok = true;
        any_conditional = true;
        ok_parts += (ok_parts.empty() ? "" : ", ") + name;
        break;
      case VerdictStatus::Prohibited:
        any_no = true;
        no_parts += (no_parts.empty() ? "" : ", ") + name;
        break;
      case VerdictStatus::Undetermined:
        any_undetermined = true;
        no_parts += (no_parts.empty() ? "" : ", ") + name + " (undetermined)";
        break;
    }
  }
  if (any_ok && (any_no || any_undetermined)) {
    v.status = VerdictStatus::PermittedWithConditions;
    analysis::add_condition(
        chain.conditions,
        {ConditionKind::Part, "", "only on the part(s) in " + ok_parts + "; not on " + no_parts});
  } else if (any_ok) {
    v.status = any_conditional ? VerdictStatus::PermittedWithConditions : VerdictStatus::Permitted;
  } else if (any_undetermined) {
    v.status = VerdictStatus::Undetermined;
  } else {
    v.status = VerdictStatus::Prohibited;
  }
  // Conditions outside any regime (a district the site is partly in) also qualify a permission.
  if (v.status == VerdictStatus::Permitted && !chain.conditions.empty()) {
    v.status = VerdictStatus::PermittedWithConditions;
  }
  if (v.status == VerdictStatus::PermittedWithConditions) v.conditions = chain.conditions;
}

}  // namespace

Verdict check(const RuleSet& rules, const LocateResult& site, const PlannedActivity& activity,
              const CheckOptions& options) {
  activity.validate();
  options.validate();
  const analysis::CheckInputs in{rules, site, activity, options,
                                 analysis::stated_facts(rules, activity)};
  Chain chain;
  chain.verdict.site_label = site.site.label;
  chain.verdict.site_area_m2 = site.site_area_m2;

  analysis::UseClass use = analysis::use_class(in);
  chain.add(use.findings);
  chain.verdict.use = use.use;

  const analysis::DistrictMembership membership = analysis::district_membership(in);
  chain.add(membership.findings);
  const District* district = membership.district;
  if (district != nullptr) chain.verdict.district = district->meta.id;

  const analysis::SplitParcel split = analysis::split_parcel(in);
  chain.add(split.findings);
  std::vector<Regime> regimes = split.regimes;

  // The use on each regime: the zone's rule, then the district's say.
  bool class_route_used = false;
  std::vector<std::vector<Condition>> part_conditions(regimes.size());
  for (std::size_t i = 0; i < regimes.size(); ++i) {
    const analysis::UseDecision zone = analysis::zone_use_rule(in, use, regimes[i]);
    chain.add(zone.findings);
    const analysis::UseDecision by_district =
        analysis::district_use(in, use, district, zone.status);
    chain.add(by_district.findings);
    class_route_used = class_route_used || zone.class_route_used;
    for (const auto& c : zone.part_conditions) analysis::add_condition(part_conditions[i], c);
    for (const auto& c : by_district.part_conditions) {
      analysis::add_condition(part_conditions[i], c);
    }
    regimes[i].status = by_district.status;
  }

  const analysis::RelaxationChoice relaxation = analysis::district_relaxation(in, use, district);
  chain.add(relaxation.findings);

  const bool parts_apart = regimes.size() > 1;
  std::vector<Regime> checked;
  for (std::size_t i = 0; i < regimes.size(); ++i) {
    Regime regime = regimes[i];
    const analysis::RegimeLimits limits =
        analysis::regime_limits(in, district, relaxation.relaxation, regime, parts_apart);
    chain.add(limits.findings);
    for (const auto& c : limits.part_conditions) analysis::add_condition(part_conditions[i], c);
    regime.status = limits.status;
    regime.limits = limits.limits;
    if (regime.status == VerdictStatus::Permitted ||
        regime.status == VerdictStatus::PermittedWithConditions) {
      chain.add_part(part_conditions[i],
                     parts_apart ? "on the " + regime.governing_zone + " part: " : "");
    }
    checked.push_back(std::move(regime));
  }

  analysis::SiteCapacity capacity = analysis::site_capacity(std::move(checked));
  chain.add(capacity.findings);
  chain.verdict.regimes = std::move(capacity.regimes);

  // The use's class matters only where a zone rule was found through it.
  if (!class_route_used) {
    std::vector<std::string>& ids = chain.verdict.unconfirmed;
    for (const auto& id : use.unconfirmed_ids) {
      ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    }
  }
  overall(chain);
  return std::move(chain.verdict);
}

}  // namespace jigu
