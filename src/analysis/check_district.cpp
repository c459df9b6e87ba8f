// Check steps of the district: whether the site lies in one, what the district makes of the
// zone's use rule (extra uses, its plan), and which of its relaxations applies.
#include <algorithm>

#include "analysis/check_steps.hpp"

namespace jigu::analysis {

DistrictMembership district_membership(const CheckInputs& in) {
  DistrictMembership out;
  Findings& f = out.findings;
  for (const auto& hit : in.site.districts) {
    const District* d = in.rules.district(hit.id);
    const std::string name = d ? d->name : hit.name;
    if (hit.status == "inside") {
      if (d == nullptr) {
        f.note("the site is inside district '" + hit.id + "', which the rules do not describe");
        continue;
      }
      if (out.district != nullptr) continue;
      out.district = d;
      f.reason("district", d->meta, "inside " + name + " (" + share(hit.share) + " of the site)");
      if (!d->plan.empty()) {
        f.reason("plan", d->meta.id, "지구단위계획: " + d->plan, d->meta.source, false);
      }
    } else if (hit.status == "partly inside") {
      std::string text = "partly inside " + name + " (" + share(hit.share) +
                         " of the site): its relaxations need the site inside; not applied";
      if (d != nullptr) {
        f.reason("district", d->meta, text);
        if (!d->plan.empty()) {
          f.condition(ConditionKind::PlanConformity, d->meta.id,
                      "the part inside " + d->name +
                          " must conform to its 지구단위계획 "
                          "(국토계획법 시행령 제79조①)");
        }
      } else {
        f.note(text);
      }
    }
  }
  if (out.district == nullptr && in.site.districts.empty()) {
    f.reason("district", "", "outside every district", "", false);
  }
  return out;
}

namespace {

bool among(const std::vector<std::string>& keys, const std::vector<std::string>& ids) {
  return std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
    return std::find(ids.begin(), ids.end(), k) != ids.end();
  });
}

}  // namespace

UseDecision district_use(const CheckInputs& in, const UseClass& use, const District* district,
                         VerdictStatus zone_status) {
  UseDecision out;
  out.status = zone_status;
  if (district == nullptr) return out;
  Findings& f = out.findings;
  if (out.status == VerdictStatus::Prohibited || out.status == VerdictStatus::Undetermined) {
    for (const auto& extra : district->extra_uses) {
      if (std::find(use.keys.begin(), use.keys.end(), extra.use) == use.keys.end()) continue;
      std::string clauses;
      if (extra.when.empty() || holds(in, extra.when, extra.meta.id, clauses, f)) {
        out.status = VerdictStatus::PermittedWithConditions;
        f.reason("district", extra.meta,
                 district->name + " admits " + in.rules.use(extra.use)->name_ko +
                     (clauses.empty() ? "" : " (" + clauses + ")"));
        add_condition(
            out.part_conditions,
            {ConditionKind::PlanConformity, extra.meta.id,
             "admitted by " + district->name + "'s 지구단위계획: the building must conform to it"});
        if (extra.meta.unconfirmed) {
          add_condition(out.part_conditions,
                        {ConditionKind::Unconfirmed, extra.meta.id,
                         "rests on rule '" + extra.meta.id + "', which is unconfirmed"});
        }
        break;
      }
      f.reason("district", extra.meta,
               district->name + "'s extra use " + in.rules.use(extra.use)->name_ko +
                   " does not apply (" + clauses + ")");
    }
  }
  const bool encouraged = among(use.keys, district->encouraged_uses);
  if (!district->plan.empty() && !encouraged && out.status != VerdictStatus::Prohibited &&
      out.status != VerdictStatus::Undetermined) {
    out.status = VerdictStatus::PermittedWithConditions;
    // On the whole site, whichever part is being decided.
    f.condition(ConditionKind::PlanConformity, district->meta.id,
                district->name +
                    " has a 지구단위계획 the building must conform to (국토계획법 "
                    "시행령 제79조①); " +
                    use.use.name +
                    " is not among its encouraged uses and the rules do not hold the plan's "
                    "use restrictions");
  } else if (encouraged && out.status != VerdictStatus::Prohibited) {
    f.reason("district", district->meta.id,
             use.use.name + " is an encouraged use of " + district->name, district->meta.source,
             false);
  }
  return out;
}

RelaxationChoice district_relaxation(const CheckInputs& in, const UseClass& use,
                                     const District* district) {
  RelaxationChoice out;
  if (district == nullptr) return out;
  Findings& f = out.findings;
  const std::optional<double>& encouraged_share = in.activity.encouraged_share;
  std::vector<const Relaxation*> holding;
  for (const auto& r : district->relaxations) {
    std::vector<std::string> why_not;
    if (!r.uses.empty() && !among(use.keys, r.uses)) {
      std::string names;
      for (const auto& u : r.uses) names += (names.empty() ? "" : ", ") + in.rules.use(u)->name_ko;
      why_not.push_back("it is for " + names);
    }
    const double need = r.min_encouraged_share.value_or(0.0);
    if (!encouraged_share) {
      const std::string give = "give " + flag_of("encouraged_share");
      why_not.push_back(r.min_encouraged_share ? give + " (at least " + share(need) + " needed)"
                                               : give + " (the encouraged uses' share)");
    } else if (r.min_encouraged_share ? *encouraged_share + kCheckEps < need
                                      : *encouraged_share <= 0.0) {
      why_not.push_back("encouraged share " + share(*encouraged_share) +
                        (r.min_encouraged_share ? " < " + share(need) : " is 0"));
    }
    for (const auto& fact_id : r.requires_facts) {
      if (!in.stated(fact_id)) {
        const Fact* fact = in.rules.fact(fact_id);
        why_not.push_back("needs: " + (fact ? fact->text : fact_id));
      }
    }
    if (why_not.empty()) {
      holding.push_back(&r);
      continue;
    }
    std::string text;
    for (const auto& w : why_not) text += (text.empty() ? "" : "; ") + w;
    f.reason("relaxation", r.meta.id, "not applied: " + text, r.meta.source, false);
  }
  const Relaxation*& chosen = out.relaxation;
  for (const Relaxation* r : holding) {
    if (chosen == nullptr ||
        r->far_factor.value_or(1.0) > chosen->far_factor.value_or(1.0) + kCheckEps) {
      chosen = r;
    }
  }
  for (const Relaxation* r : holding) {
    if (r != chosen) {
      f.reason("relaxation", r->meta.id, "superseded by '" + chosen->meta.id + "'", r->meta.source,
               false);
    }
  }
  if (chosen != nullptr) {
    const Relaxation& r = *chosen;
    std::string text = district->name + ":";
    if (r.far_factor) text += " FAR × " + num(*r.far_factor);
    if (r.bcr_factor) text += " BCR × " + num(*r.bcr_factor);
    if (r.height_factor) text += " height × " + num(*r.height_factor);
    if (r.up_to) text += " at most (scaled by the plan)";
    if (encouraged_share) {
      text += "; encouraged share " + share(*encouraged_share);
      if (r.min_encouraged_share) text += " ≥ " + share(*r.min_encouraged_share);
    }
    for (const auto& fact_id : r.requires_facts) text += "; stated " + fact_id;
    f.reason("relaxation", r.meta, text);
  }
  return out;
}

}  // namespace jigu::analysis
