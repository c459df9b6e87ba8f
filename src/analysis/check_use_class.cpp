// Check step "use class": the typed use, the parents it is classed like, and its 별표1 class,
// by floor area where the rules class the use by size.
#include "analysis/check_steps.hpp"
#include "jigu/error.hpp"

namespace jigu::analysis {

namespace {

// The size band of `u` that applies; records the band's reason and rule in `out`.
const Use* classify(const CheckInputs& in, const Use& u, UseClass& out) {
  const RuleSet& rules = in.rules;
  for (const auto& band : u.classify) {
    std::string why;
    if (band.below_m2) {
      const double fa =
          in.floor_area("'" + u.name_ko + "' is classed by floor area (below " +
                        m2(*band.below_m2) + " → " + rules.use(band.use_class)->name_ko + ")");
      if (fa >= *band.below_m2) continue;
      why = "floor area " + m2(fa) + " < " + m2(*band.below_m2);
    } else if (in.activity.floor_area_m2 && &band != &u.classify.front()) {
      why = "floor area " + m2(*in.activity.floor_area_m2) + " above the smaller bands";
    }
    bool excluded = false;
    for (const auto& f : band.unless_facts) {
      if (in.stated(f)) {
        out.findings.reason("class", band.meta,
                            "stated " + f + ": not " + rules.use(band.use_class)->name_ko);
        excluded = true;
      }
    }
    if (excluded) continue;
    for (const auto& f : band.unless_facts) assumed(in, f, out.findings);
    const Use* cls = rules.use(band.use_class);
    std::string text = u.name_ko + (why.empty() ? "" : " with " + why) + " → 별표1 " +
                       annex_item(cls->number) + " " + cls->name_ko;
    if (!band.item.empty()) text += " (" + band.item + ")";
    out.findings.reason("class", band.meta, text);
    out.unconfirmed = out.unconfirmed || band.meta.unconfirmed;
    if (band.meta.unconfirmed) out.unconfirmed_ids.push_back(band.meta.id);
    out.class_rule = band.meta.id;
    return cls;
  }
  throw InputError("rules '" + rules.path + "': use '" + u.meta.id +
                   "' has no size band for this floor area; end 'classify' with a band "
                   "without 'below_m2'");
}

}  // namespace

UseClass use_class(const CheckInputs& in) {
  const RuleSet& rules = in.rules;
  const std::string& typed = in.activity.use;
  UseClass out;
  const Use& use = [&]() -> const Use& {
    try {
      return rules.find_use(typed);
    } catch (const InputError& e) {
      throw ParameterInputError("use", e.what());
    }
  }();
  out.use.typed = typed;
  out.use.id = use.meta.id;
  out.use.name = use.name_ko;
  std::string what = "'" + typed + "' is " +
                     (use.is_class() ? "별표1 " + annex_item(use.number) + " " : "") + use.name_ko +
                     (use.name_en.empty() ? "" : " (" + use.name_en + ")");
  out.findings.reason("use", use.meta, what);
  if (use.meta.unconfirmed) out.unconfirmed_ids.push_back(use.meta.id);
  // The chain of uses whose rules may apply: the use, its parents, then its class.
  out.keys.push_back(use.meta.id);
  const Use* u = &use;
  out.unconfirmed = use.meta.unconfirmed;
  while (!u->is_class() && u->classify.empty() && !u->parent.empty()) {
    const Use* parent = rules.use(u->parent);
    if (parent == nullptr) break;  // the loader rejects this
    out.findings.reason("use", parent->meta, use.name_ko + " is classed like " + parent->name_ko);
    out.unconfirmed = out.unconfirmed || parent->meta.unconfirmed;
    if (parent->meta.unconfirmed) out.unconfirmed_ids.push_back(parent->meta.id);
    out.keys.push_back(parent->meta.id);
    u = parent;
  }
  const Use* cls = u->is_class() ? u : classify(in, *u, out);
  if (cls != u) out.keys.push_back(cls->meta.id);
  out.use.class_id = cls->meta.id;
  out.use.class_name = cls->name_ko;
  out.use.class_unconfirmed = out.unconfirmed;
  return out;
}

}  // namespace jigu::analysis
