// Check step "zone use rule": the governing zone's use matrix (or the one it follows), tried for
// the use, its parents and then its class, with the ordinance's position where the law leaves
// it to the city.
#include <optional>
#include <set>

#include "analysis/check_steps.hpp"

namespace jigu::analysis {

namespace {

// The zone whose use matrix applies (a Seoul sub-variant follows its parent's).
const Zone* matrix_zone(const RuleSet& rules, const Zone* zone, Findings& f) {
  std::set<std::string> seen;
  while (zone->uses.empty() && !zone->uses_like.empty() && seen.insert(zone->meta.id).second) {
    const Zone* like = rules.zone(zone->uses_like);
    if (like == nullptr) break;
    f.reason("zone", zone->meta,
             zone->meta.id + " " + zone->name_ko + " follows the use rules of " + like->meta.id +
                 " " + like->name_ko);
    zone = like;
  }
  return zone;
}

// The status one outcome of a cell gives; `class_route`: the cell was found through the class.
VerdictStatus outcome_status(const CheckInputs& in, const UseClass& use, const UseCell& cell,
                             const UseOutcome& o, const Zone& zone, const std::string& via,
                             bool class_route, UseDecision& out) {
  Findings& f = out.findings;
  if (class_route) out.class_route_used = true;
  const bool cell_unconfirmed = cell.meta.unconfirmed || o.unconfirmed;
  const bool unconfirmed = cell_unconfirmed || (class_route && use.unconfirmed);
  const std::string subject = in.rules.use(cell.use)->name_ko + " in " + zone.name_ko;
  std::string text = via;
  if (!o.note.empty()) text += (text.empty() ? "" : "; ") + o.note;
  if (!text.empty()) text = " (" + text + ")";
  // The cell's own note is in `o.note` already; cite the cell without repeating it.
  RuleMeta meta = cell.meta;
  meta.note.clear();
  VerdictStatus status = VerdictStatus::Prohibited;
  switch (o.rule) {
    case UseRule::Allowed:
      status = VerdictStatus::Permitted;
      f.reason("zone", meta, subject + ": may be built" + text, cell_unconfirmed);
      break;
    case UseRule::Banned:
      status = VerdictStatus::Prohibited;
      f.reason("zone", meta, subject + ": may not be built" + text, cell_unconfirmed);
      break;
    case UseRule::OrdinanceAllows:
    case UseRule::OrdinanceMayBan: {
      const bool allows = o.rule == UseRule::OrdinanceAllows;
      f.reason("zone", meta,
               subject +
                   (allows ? ": may be built only if the city ordinance allows it"
                           : ": may be built unless the city ordinance bans it") +
                   text,
               cell_unconfirmed);
      if (cell.ordinance == OrdinancePosition::Allows) {
        status = VerdictStatus::Permitted;
        f.reason("ordinance", cell.meta.id, "the Seoul ordinance allows it", cell.ordinance_source,
                 false);
      } else if (cell.ordinance == OrdinancePosition::Bans) {
        status = VerdictStatus::Prohibited;
        f.reason("ordinance", cell.meta.id, "the Seoul ordinance bans it", cell.ordinance_source,
                 false);
      } else {
        status = VerdictStatus::PermittedWithConditions;
        add_condition(out.part_conditions,
                      {ConditionKind::Ordinance, cell.meta.id,
                       allows ? "only if the Seoul ordinance allows " + subject +
                                    "; the rules do not hold its position"
                              : "unless the Seoul ordinance bans " + subject +
                                    "; the rules do not hold its position"});
      }
      break;
    }
    case UseRule::Conditional:
      break;  // resolved by the caller
  }
  if (unconfirmed && status != VerdictStatus::Prohibited) {
    const std::string id =
        cell.meta.unconfirmed || o.unconfirmed
            ? cell.meta.id
            : (use.unconfirmed_ids.empty() ? use.class_rule : use.unconfirmed_ids.back());
    if (status == VerdictStatus::Permitted) status = VerdictStatus::PermittedWithConditions;
    add_condition(out.part_conditions, {ConditionKind::Unconfirmed, id,
                                        "rests on rule '" + id + "', which is unconfirmed"});
  }
  return status;
}

}  // namespace

UseDecision zone_use_rule(const CheckInputs& in, const UseClass& use, const Regime& regime) {
  UseDecision out;
  Findings& f = out.findings;
  const std::vector<std::string>& keys = use.keys;
  const Zone* governing = in.rules.zone(regime.governing_zone);
  const Zone* zone = matrix_zone(in.rules, governing, f);
  std::optional<VerdictStatus> status;
  for (std::size_t k = 0; k < keys.size() && !status; ++k) {
    const bool class_route = k + 1 == keys.size() && keys.size() > 1;
    for (const auto& cell : zone->uses) {
      if (cell.use != keys[k]) continue;
      if (cell.rule != UseRule::Conditional) {
        status = outcome_status(in, use, cell, {cell.rule, false, cell.meta.note}, *zone, "",
                                class_route, out);
        break;
      }
      std::string clauses;
      const bool ok = holds(in, cell.when, cell.meta.id, clauses, f);
      if (ok) {
        UseOutcome o = cell.then;
        if (o.note.empty()) o.note = cell.meta.note;
        status = outcome_status(in, use, cell, o, *zone, clauses, class_route, out);
      } else if (cell.otherwise) {
        UseOutcome o = *cell.otherwise;
        if (o.note.empty()) o.note = cell.meta.note;
        status = outcome_status(in, use, cell, o, *zone, clauses, class_route, out);
      } else {
        f.reason("zone", cell.meta,
                 in.rules.use(cell.use)->name_ko + " in " + zone->name_ko +
                     ": this rule does not apply (" + clauses + "); the next rule decides");
      }
      break;
    }
  }
  if (!status) {
    status = VerdictStatus::Undetermined;
    f.reason("zone", governing->meta,
             "the rules have no use rule for " + use.use.name + " (" + use.use.class_name +
                 ") in " + zone->meta.id + " " + zone->name_ko,
             false);
  }
  out.status = *status;
  return out;
}

}  // namespace jigu::analysis
