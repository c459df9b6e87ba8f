// Check step "limits": BCR, FAR and height of each regime, base and relaxed (held to their caps),
// the planned values against them, and a site-wide planned value against the site's capacity.
#include <algorithm>
#include <optional>

#include "analysis/check_steps.hpp"

namespace jigu::analysis {

namespace {

// A factor held to its cap; the cap's reason is given once per quantity.
double capped(const RuleSet& rules, double factor, const std::string& cap_id,
              std::optional<double> RelaxationCap::*field, const std::string& quantity,
              std::vector<std::string>& ids, Findings& f) {
  if (cap_id.empty()) return factor;
  const RelaxationCap* cap = rules.cap(cap_id);
  if (cap == nullptr || !(cap->*field)) return factor;
  ids.push_back(cap->meta.id);
  const double limit = *(cap->*field);
  const double used = std::min(factor, limit);
  f.reason("cap", cap->meta,
           quantity + " relaxation at most " + num(limit) + "× the base limit" +
               (factor > limit + kCheckEps ? ": × " + num(factor) + " held to × " + num(limit)
                                           : ": × " + num(factor) + " is within it"));
  return used;
}

struct PartLimits {
  double bcr = 0.0;
  double far = 0.0;
};

PartLimits part_limits(const CheckInputs& in, const ZonePart& p, std::vector<std::string>& bcr_ids,
                       std::vector<std::string>& far_ids, bool& unconfirmed, Findings& f) {
  const Zone* z = in.rules.zone(p.code);
  PartLimits l{z->bcr.seoul_pct, z->far.seoul_pct};
  bcr_ids.push_back(z->bcr.meta.id);
  far_ids.push_back(z->far.meta.id);
  unconfirmed = unconfirmed || z->bcr.meta.unconfirmed || z->far.meta.unconfirmed;
  f.reason("limits", z->bcr.meta,
           p.code + " " + z->name_ko + ": BCR " + pct(l.bcr) + " (Seoul ordinance" +
               (z->bcr.national_max_pct ? "; national maximum " + pct(*z->bcr.national_max_pct)
                                        : std::string()) +
               ")");
  f.reason("limits", z->far.meta,
           p.code + " " + z->name_ko + ": FAR " + pct(l.far) + " (Seoul ordinance" +
               (z->far.national_max_pct
                    ? "; national band " + pct(z->far.national_min_pct.value_or(0.0)) + "–" +
                          pct(*z->far.national_max_pct)
                    : std::string()) +
               ")");
  for (const auto& variant : z->variants) {
    std::string clauses;
    if (!holds(in, variant.when, variant.meta.id, clauses, f)) continue;
    if (variant.bcr_pct) {
      l.bcr = *variant.bcr_pct;
      bcr_ids.push_back(variant.meta.id);
    }
    if (variant.far_pct) {
      l.far = *variant.far_pct;
      far_ids.push_back(variant.meta.id);
    }
    unconfirmed = unconfirmed || variant.meta.unconfirmed;
    f.reason("limits", variant.meta,
             p.code + ": " + clauses + " → " +
                 (variant.bcr_pct ? "BCR " + pct(*variant.bcr_pct) + " " : std::string()) +
                 (variant.far_pct ? "FAR " + pct(*variant.far_pct) : std::string()));
  }
  return l;
}

LimitOutcome compare(double planned, const Range& limit) {
  if (planned <= limit.low + kCheckEps) return LimitOutcome::Within;
  if (planned > limit.high + kCheckEps) return LimitOutcome::Exceeds;
  return LimitOutcome::Depends;
}

}  // namespace

RegimeLimits regime_limits(const CheckInputs& in, const District* district,
                           const Relaxation* relaxation, const Regime& regime, bool parts_apart) {
  RegimeLimits out;
  Findings& f = out.findings;
  LimitCheck bcr, far, height;
  bcr.quantity = "bcr_pct";
  far.quantity = "far_pct";
  height.quantity = "height_m";
  bool unconfirmed = false;
  double total = 0.0, bcr_sum = 0.0, far_sum = 0.0, bcr_rel_sum = 0.0, far_rel_sum = 0.0;
  std::optional<double> bcr_factor, far_factor;
  std::vector<std::string> bcr_rel_ids, far_rel_ids;
  if (relaxation != nullptr) {
    if (relaxation->bcr_factor) {
      bcr_factor = capped(in.rules, *relaxation->bcr_factor, relaxation->bcr_cap,
                          &RelaxationCap::bcr_factor, "BCR", bcr_rel_ids, f);
    }
    if (relaxation->far_factor) {
      far_factor = capped(in.rules, *relaxation->far_factor, relaxation->far_cap,
                          &RelaxationCap::far_factor, "FAR", far_rel_ids, f);
    }
  }
  for (const auto& p : regime.parts) {
    const PartLimits l = part_limits(in, p, bcr.rule_ids, far.rule_ids, unconfirmed, f);
    const double w = regime.parts.size() == 1 ? 1.0 : p.area_m2;
    total += w;
    bcr_sum += w * l.bcr;
    far_sum += w * l.far;
    double bcr_rel = l.bcr * bcr_factor.value_or(1.0);
    double far_rel = l.far * far_factor.value_or(1.0);
    if (far_factor && district->far_caps) {
      auto it = district->far_caps->by_zone_pct.find(p.code);
      if (it != district->far_caps->by_zone_pct.end()) {
        far_rel_ids.push_back(district->far_caps->meta.id);
        if (far_rel > it->second + kCheckEps) {
          f.reason("cap", district->far_caps->meta,
                   p.code + ": relaxed FAR " + pct(far_rel) + " held to the district's " +
                       pct(it->second));
          far_rel = it->second;
        } else {
          f.reason("cap", district->far_caps->meta,
                   p.code + ": relaxed FAR " + pct(far_rel) + " is within the district's cap " +
                       pct(it->second));
        }
      }
    }
    bcr_rel_sum += w * bcr_rel;
    far_rel_sum += w * far_rel;
  }
  const double base_bcr = bcr_sum / total;
  const double base_far = far_sum / total;
  bcr.base = Range{base_bcr, base_bcr};
  far.base = Range{base_far, base_far};
  if (regime.averaged) {
    std::string terms_bcr, terms_far;
    for (const auto& p : regime.parts) {
      const Zone* z = in.rules.zone(p.code);
      terms_bcr +=
          (terms_bcr.empty() ? "" : " + ") + num(p.area_m2) + " × " + pct(z->bcr.seoul_pct);
      terms_far +=
          (terms_far.empty() ? "" : " + ") + num(p.area_m2) + " × " + pct(z->far.seoul_pct);
    }
    f.reason("limits", in.rules.split_parcel->meta.id,
             "area-weighted: BCR (" + terms_bcr + ") / " + num(total) + " = " + pct(base_bcr) +
                 "; FAR (" + terms_far + ") / " + num(total) + " = " + pct(base_far),
             in.rules.split_parcel->meta.source, in.rules.split_parcel->meta.unconfirmed);
  }
  const bool relaxed_unconfirmed = relaxation && relaxation->meta.unconfirmed;
  auto relaxed_range = [&](double base, double top) {
    return relaxation->up_to ? Range{base, top} : Range{top, top};
  };
  if (bcr_factor) {
    bcr.relaxed = relaxed_range(base_bcr, bcr_rel_sum / total);
    bcr.rule_ids.push_back(relaxation->meta.id);
    bcr.rule_ids.insert(bcr.rule_ids.end(), bcr_rel_ids.begin(), bcr_rel_ids.end());
  }
  if (far_factor) {
    far.relaxed = relaxed_range(base_far, far_rel_sum / total);
    far.rule_ids.push_back(relaxation->meta.id);
    far.rule_ids.insert(far.rule_ids.end(), far_rel_ids.begin(), far_rel_ids.end());
    f.reason(
        "far", relaxation->meta.id,
        "FAR limit " + range_text(*far.base, "%") + " → relaxed " + range_text(*far.relaxed, "%"),
        relaxation->meta.source, relaxed_unconfirmed);
  }
  bcr.unconfirmed = unconfirmed || (bcr.relaxed && relaxed_unconfirmed);
  far.unconfirmed = unconfirmed || (far.relaxed && relaxed_unconfirmed);
  // Height: only districts with known block limits give one.
  if (district != nullptr && district->height) {
    const DistrictHeight& h = *district->height;
    height.base = Range{h.min_m, h.max_m};
    height.rule_ids.push_back(h.meta.id);
    height.unconfirmed = h.meta.unconfirmed;
    f.reason("height", h.meta,
             district->name + ": height limit " + range_text(*height.base, " m") + " by block");
    if (relaxation != nullptr && relaxation->height_factor) {
      std::vector<std::string> ids;
      const double factor = capped(in.rules, *relaxation->height_factor, relaxation->height_cap,
                                   &RelaxationCap::height_factor, "height", ids, f);
      const Range top{h.min_m * factor, h.max_m * factor};
      height.relaxed = relaxation->up_to ? Range{h.min_m, h.max_m * factor} : top;
      height.rule_ids.push_back(relaxation->meta.id);
      height.rule_ids.insert(height.rule_ids.end(), ids.begin(), ids.end());
      height.unconfirmed = height.unconfirmed || relaxed_unconfirmed;
    }
  }
  for (const auto& p : regime.parts) {
    const Zone* z = in.rules.zone(p.code);
    if (z->max_floors) {
      f.note(p.code + " " + z->name_ko + ": at most " + std::to_string(*z->max_floors) + " floors");
    }
  }
  // Planned values.
  if (in.activity.bcr_pct) {
    bcr.planned = in.activity.bcr_pct;
    bcr.planned_from = flag_of("bcr_pct");
  } else if (in.activity.footprint_m2 && in.site.site_area_m2 > 0.0) {
    bcr.planned = 100.0 * *in.activity.footprint_m2 / in.site.site_area_m2;
    bcr.planned_from = flag_of("footprint_m2") + " " + m2(*in.activity.footprint_m2) + " / site " +
                       m2(in.site.site_area_m2);
  }
  if (in.activity.far_pct) {
    far.planned = in.activity.far_pct;
    far.planned_from = flag_of("far_pct");
  }
  if (in.activity.height_m) {
    height.planned = in.activity.height_m;
    height.planned_from = flag_of("height_m");
  }
  VerdictStatus status = regime.status;
  const std::string where = parts_apart ? " on the " + regime.governing_zone + " part" : "";
  for (LimitCheck* l : {&bcr, &far, &height}) {
    const std::string unit = l == &height ? " m" : "%";
    const std::string label = l == &bcr ? "BCR" : l == &far ? "FAR" : "height";
    if (!l->planned) continue;
    if (parts_apart && l != &height) continue;  // site-wide values: see site_capacity()
    const auto limit = l->applicable();
    if (!limit) {
      l->outcome = LimitOutcome::NoLimit;
      f.note("planned " + label + " " + num(*l->planned) + unit +
             ": the rules hold no such limit here");
      continue;
    }
    l->outcome = compare(*l->planned, *limit);
    const std::string rule = l->rule_ids.empty() ? "" : l->rule_ids.back();
    const std::string text = "planned " + label + " " + num(*l->planned) + unit + " (" +
                             l->planned_from + ") " + to_string(l->outcome) + " the limit " +
                             range_text(*limit, unit) + where;
    f.reason(l == &bcr ? "bcr" : l == &far ? "far" : "height", rule, text, "", l->unconfirmed);
    if (l->outcome == LimitOutcome::Exceeds) {
      status = VerdictStatus::Prohibited;
    } else if (l->outcome == LimitOutcome::Depends) {
      if (status == VerdictStatus::Permitted) status = VerdictStatus::PermittedWithConditions;
      add_condition(out.part_conditions, {ConditionKind::Limit, rule,
                                          "planned " + label + " " + num(*l->planned) + unit +
                                              " lies within the range " + range_text(*limit, unit) +
                                              ": it depends on the plan" + where});
    } else if (l->relaxed && l->base && *l->planned > l->base->high + kCheckEps &&
               status != VerdictStatus::Prohibited) {
      f.reason(l == &bcr   ? "bcr"
               : l == &far ? "far"
                           : "height",
               rule,
               "above the base limit " + range_text(*l->base, unit) +
                   ": needs the relaxation's conditions to hold",
               "", false);
    }
    if (l->outcome != LimitOutcome::Exceeds && l->relaxed && l->unconfirmed &&
        *l->planned > l->base->high + kCheckEps && status != VerdictStatus::Prohibited) {
      if (status == VerdictStatus::Permitted) status = VerdictStatus::PermittedWithConditions;
      add_condition(out.part_conditions, {ConditionKind::Unconfirmed, relaxation->meta.id,
                                          "the planned " + label + " needs relaxation '" +
                                              relaxation->meta.id + "', which is unconfirmed"});
    }
  }
  out.status = status;
  out.limits = {bcr, far, height};
  return out;
}

// Parts under their own rules: a site-wide planned BCR/FAR is held against the site's
// capacity (each part's limit over its area), and the building must be placed so that every
// part meets its own limit.
SiteCapacity site_capacity(std::vector<Regime> regimes) {
  SiteCapacity out;
  Findings& f = out.findings;
  if (regimes.size() < 2) {
    out.regimes = std::move(regimes);
    return out;
  }
  for (std::size_t q : {std::size_t{0}, std::size_t{1}}) {
    const LimitCheck& first = regimes.front().limits.at(q);
    if (!first.planned) continue;
    const std::string label = q == 0 ? "BCR" : "FAR";
    double total = 0.0, low = 0.0, high = 0.0;
    std::string terms, each;
    bool known = true;
    for (const auto& g : regimes) {
      const auto limit = g.limits.at(q).applicable();
      if (!limit) {
        known = false;
        break;
      }
      total += g.area_m2;
      low += g.area_m2 * limit->low;
      high += g.area_m2 * limit->high;
      terms += (terms.empty() ? "" : " + ") + num(g.area_m2) + " × " + range_text(*limit, "%");
      each += (each.empty() ? "" : ", ") + g.governing_zone + " " + range_text(*limit, "%");
    }
    if (!known || total <= 0.0) continue;
    const Range capacity{low / total, high / total};
    const LimitOutcome outcome = compare(*first.planned, capacity);
    for (auto& g : regimes) g.limits.at(q).outcome = outcome;
    f.reason(q == 0 ? "bcr" : "far", "",
             "planned " + label + " " + num(*first.planned) + "% (" + first.planned_from +
                 ", site-wide) " + to_string(outcome) + " the site's capacity " +
                 range_text(capacity, "%") + " = (" + terms + ") / " + num(total),
             "", false);
    if (outcome == LimitOutcome::Exceeds) {
      for (auto& g : regimes) g.status = VerdictStatus::Prohibited;
    } else {
      f.condition(ConditionKind::Limit, "",
                  "the building must be placed so that each part meets its own " + label +
                      " limit (" + each + ")");
    }
  }
  out.regimes = std::move(regimes);
  return out;
}

}  // namespace jigu::analysis
