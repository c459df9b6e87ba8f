// Linting a rules file: what is legal but likely a mistake, as warnings (`jigu rules lint`).
#include <algorithm>
#include <set>

#include "io/rules_file_parts.hpp"
#include "jigu/rules.hpp"

namespace jigu::io {

void lint(const RuleSet& rules, RulesDiagnostics& out) {
  for (const auto& z : rules.zones) {
    for (const ZoneLimit* l : {&z.bcr, &z.far}) {
      if (l->meta.id.empty()) continue;
      if (l->national_max_pct && l->seoul_pct > *l->national_max_pct + 1e-9) {
        out.warning(l->meta.where, "'" + l->meta.id + "': Seoul value " + fmt_number(l->seoul_pct) +
                                       "% is above the national maximum " +
                                       fmt_number(*l->national_max_pct) + "%");
      }
      if (l->national_min_pct && l->seoul_pct + 1e-9 < *l->national_min_pct) {
        out.warning(l->meta.where, "'" + l->meta.id + "': Seoul value " + fmt_number(l->seoul_pct) +
                                       "% is below the national minimum " +
                                       fmt_number(*l->national_min_pct) + "%");
      }
    }
    if (!z.uses.empty()) {
      std::vector<std::string> missing;
      for (const auto& u : rules.uses) {
        if (!u.is_class()) continue;
        const bool has = std::any_of(z.uses.begin(), z.uses.end(),
                                     [&](const UseCell& c) { return c.use == u.meta.id; });
        if (!has) missing.push_back(u.meta.id);
      }
      if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        out.warning(z.meta.where, "zone '" + z.meta.id + "' has no rule for class(es) " + list +
                                      "; checks of those uses there are undetermined");
      }
    }
  }
  for (const auto& d : rules.districts) {
    for (const auto& x : d.relaxations) {
      auto over = [&](const std::optional<double>& factor, const std::string& cap_id,
                      std::optional<double> RelaxationCap::*field, const char* what) {
        if (!factor || cap_id.empty()) return;
        const RelaxationCap* cap = rules.cap(cap_id);
        if (cap == nullptr || !(cap->*field)) return;
        if (*factor > *(cap->*field) + 1e-9) {
          out.warning(x.meta.where, "relaxation '" + x.meta.id + "': " + what + " factor " +
                                        fmt_number(*factor) + " is above its cap '" + cap_id +
                                        "' (" + fmt_number(*(cap->*field)) +
                                        "); checks apply the cap");
        }
      };
      over(x.bcr_factor, x.bcr_cap, &RelaxationCap::bcr_factor, "BCR");
      over(x.far_factor, x.far_cap, &RelaxationCap::far_factor, "FAR");
      over(x.height_factor, x.height_cap, &RelaxationCap::height_factor, "height");
      if ((x.far_factor && x.far_cap.empty()) || (x.bcr_factor && x.bcr_cap.empty()) ||
          (x.height_factor && x.height_cap.empty())) {
        out.warning(x.meta.where, "relaxation '" + x.meta.id +
                                      "' has a factor without a cap; name the legal ceiling");
      }
    }
  }
  std::set<std::string> used;
  auto use_pred = [&](const Predicate& p) {
    used.insert(p.facts.begin(), p.facts.end());
    used.insert(p.not_facts.begin(), p.not_facts.end());
  };
  for (const auto& u : rules.uses) {
    for (const auto& b : u.classify) used.insert(b.unless_facts.begin(), b.unless_facts.end());
  }
  for (const auto& z : rules.zones) {
    for (const auto& v : z.variants) use_pred(v.when);
    for (const auto& c : z.uses) use_pred(c.when);
  }
  for (const auto& d : rules.districts) {
    for (const auto& x : d.relaxations)
      used.insert(x.requires_facts.begin(), x.requires_facts.end());
    for (const auto& e : d.extra_uses) use_pred(e.when);
  }
  if (rules.split_parcel) used.insert(rules.split_parcel->strip_commercial_fact);
  for (const auto& f : rules.facts) {
    if (!used.count(f.meta.id)) {
      out.warning(f.meta.where, "fact '" + f.meta.id + "' is declared but no rule tests it");
    }
  }
}

}  // namespace jigu::io
