// What the report shows of a rules file: the zones' BCR/FAR and the districts' relaxations, from
// the rules engine's model (include/jigu/rules.hpp).
#include <fmt/format.h>

#include "jigu/area_report.hpp"
#include "jigu/rules.hpp"

namespace jigu {

namespace {

std::string use_names(const RuleSet& rules, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    const Use* use = rules.use(id);
    out +=
        (out.empty() ? "" : ", ") + (use != nullptr && !use->name_ko.empty() ? use->name_ko : id);
  }
  return out;
}

std::string condition(const RuleSet& rules, const Relaxation& r) {
  std::string out = r.uses.empty() ? "any use" : use_names(rules, r.uses);
  if (r.min_encouraged_share) {
    out += fmt::format(", encouraged uses ≥ {:g} % of the floor area",
                       100.0 * *r.min_encouraged_share);
  } else {
    out += ", with encouraged uses";
  }
  for (const auto& fact : r.requires_facts) out += ", " + fact;
  if (r.up_to) out += ", scaled by the encouraged share";
  return out;
}

std::optional<double> cap_factor(const RuleSet& rules, const std::string& id, bool far) {
  if (id.empty()) return std::nullopt;
  const RelaxationCap* cap = rules.cap(id);
  if (cap == nullptr) return std::nullopt;
  return far ? cap->far_factor : cap->bcr_factor;
}

}  // namespace

ReportRules report_rules(const RuleSet& rules) {
  ReportRules out;
  out.path = rules.path;
  out.name = rules.name;
  out.version = rules.version;
  for (const Zone& z : rules.zones) {
    ReportZoneRule r;
    r.code = z.meta.id;
    r.name = z.name_ko;
    r.bcr_pct = z.bcr.seoul_pct;
    r.far_pct = z.far.seoul_pct;
    r.rule_ids = {z.bcr.meta.id, z.far.meta.id};
    r.unconfirmed = z.bcr.meta.unconfirmed || z.far.meta.unconfirmed;
    out.zones[r.code] = std::move(r);
  }
  for (const District& d : rules.districts) {
    ReportDistrictRule dr;
    dr.id = d.meta.id;
    dr.name = d.name;
    dr.encouraged_industries = d.encouraged_industries;
    dr.unconfirmed = d.meta.unconfirmed;
    dr.note = d.meta.note;
    for (const Relaxation& r : d.relaxations) {
      ReportRelaxation x;
      x.rule_id = r.meta.id;
      x.condition = condition(rules, r);
      x.bcr_factor = r.bcr_factor;
      x.far_factor = r.far_factor;
      x.height_factor = r.height_factor;
      x.bcr_cap_factor = cap_factor(rules, r.bcr_cap, false);
      x.far_cap_factor = cap_factor(rules, r.far_cap, true);
      x.up_to = r.up_to;
      x.unconfirmed = r.meta.unconfirmed;
      dr.relaxations.push_back(std::move(x));
    }
    if (d.far_caps) {
      dr.far_caps_pct = d.far_caps->by_zone_pct;
      dr.far_caps_rule_id = d.far_caps->meta.id;
      dr.far_caps_unconfirmed = d.far_caps->meta.unconfirmed;
    }
    out.districts[dr.id] = std::move(dr);
  }
  return out;
}

}  // namespace jigu
