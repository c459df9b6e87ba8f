// The rules engine: use class by size, the split-parcel rule, the zone's use rule, district
// relaxations and the limits, each step leaving a reason with its rule id and source.
#include "jigu/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

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
    throw UsageError("--use: give the planned use (a 별표1 number, a name or an alias)");
  }
  auto non_negative = [](const std::optional<double>& v, const char* flag) {
    if (v && (!std::isfinite(*v) || *v < 0.0)) {
      throw UsageError(fmt::format("{}: {} is not a number ≥ 0", flag, *v));
    }
  };
  non_negative(floor_area_m2, "--floor-area");
  non_negative(footprint_m2, "--footprint");
  non_negative(height_m, "--height");
  non_negative(far_pct, "--far");
  non_negative(bcr_pct, "--bcr");
  if (encouraged_share &&
      (!std::isfinite(*encouraged_share) || *encouraged_share < 0.0 || *encouraged_share > 1.0)) {
    throw UsageError(fmt::format("--encouraged-share: {} is not a share from 0 to 1 (60% is 0.6)",
                                 *encouraged_share));
  }
}

void CheckOptions::validate() const {
  if (!std::isfinite(sliver_m2) || sliver_m2 < 0.0) {
    throw UsageError(fmt::format("check: sliver_m2 {} must be a number ≥ 0", sliver_m2));
  }
}

namespace {

constexpr double kEps = 1e-9;
const char* const kPublicOpenSpace = "public-open-space";

// 480 → "480", 370.2416 → "370.24".
std::string num(double v) {
  if (std::fabs(v - std::round(v)) < 0.005) return fmt::format("{:.0f}", std::round(v));
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}
std::string pct(double v) {
  return num(v) + "%";
}
std::string m2(double v) {
  return num(v) + " m²";
}
std::string share(double v) {
  return num(100.0 * v) + "%";
}
// "제17호", "제23호의2" (the number is "23의2").
std::string annex_item(const std::string& number) {
  const auto at = number.find("의");
  if (at == std::string::npos) return "제" + number + "호";
  return "제" + number.substr(0, at) + "호" + number.substr(at);
}

std::string range_text(const Range& r, const std::string& unit) {
  return r.single() ? num(r.low) + unit : num(r.low) + "–" + num(r.high) + unit;
}

class Engine {
 public:
  Engine(const RuleSet& rules, const LocateResult& site, const PlannedActivity& activity,
         const CheckOptions& options)
      : m_rules(rules), m_site(site), m_activity(activity), m_options(options) {}

  Verdict run() {
    m_activity.validate();
    m_options.validate();
    m_v.site_label = m_site.site.label;
    m_v.site_area_m2 = m_site.site_area_m2;
    stated_facts();
    resolve_use();
    district();
    const std::vector<Regime> regimes = split();
    std::vector<Regime> checked = regimes;
    std::vector<std::vector<Condition>> conditions(checked.size());
    for (std::size_t i = 0; i < checked.size(); ++i) {
      m_regime_conditions = &conditions[i];
      decide_use(checked[i]);
    }
    m_regime_conditions = nullptr;
    choose_relaxation();
    for (std::size_t i = 0; i < checked.size(); ++i) {
      m_regime_conditions = &conditions[i];
      limits(checked[i], checked.size() > 1);
      m_regime_conditions = nullptr;
      const Regime& regime = checked[i];
      if (regime.status == VerdictStatus::Permitted ||
          regime.status == VerdictStatus::PermittedWithConditions) {
        merge_conditions(conditions[i],
                         checked.size() > 1 ? "on the " + regime.governing_zone + " part: " : "");
      }
      m_v.regimes.push_back(regime);
    }
    capacity_check();
    // The use's class matters only where a zone rule was found through it.
    if (!m_class_route_used) {
      for (const auto& id : m_class_unconfirmed_ids) {
        m_v.unconfirmed.erase(std::remove(m_v.unconfirmed.begin(), m_v.unconfirmed.end(), id),
                              m_v.unconfirmed.end());
      }
    }
    overall();
    return std::move(m_v);
  }

 private:
  // ---- bookkeeping ----

  void reason(const std::string& step, const std::string& rule_id, const std::string& text,
              const std::string& source, bool unconfirmed) {
    m_v.reasons.push_back({step, rule_id, text, source, unconfirmed});
    if (unconfirmed && !rule_id.empty() &&
        std::find(m_v.unconfirmed.begin(), m_v.unconfirmed.end(), rule_id) ==
            m_v.unconfirmed.end()) {
      m_v.unconfirmed.push_back(rule_id);
    }
  }
  void reason(const std::string& step, const RuleMeta& meta, const std::string& text,
              bool unconfirmed = false) {
    std::string full = text;
    if (!meta.note.empty()) full += " (" + meta.note + ")";
    reason(step, meta.id, full, meta.source, meta.unconfirmed || unconfirmed);
  }
  // Conditions go to the regime being checked (kept only if it permits), else to the verdict.
  void condition(ConditionKind kind, const std::string& rule_id, const std::string& text) {
    std::vector<Condition>& sink = m_regime_conditions ? *m_regime_conditions : m_conditions;
    for (const auto& c : sink) {
      if (c.kind == kind && c.rule_id == rule_id && c.text == text) return;
    }
    sink.push_back({kind, rule_id, text});
  }
  // A condition on the whole site, whichever part is being checked.
  void global_condition(ConditionKind kind, const std::string& rule_id, const std::string& text) {
    std::vector<Condition>* saved = m_regime_conditions;
    m_regime_conditions = nullptr;
    condition(kind, rule_id, text);
    m_regime_conditions = saved;
  }
  void merge_conditions(const std::vector<Condition>& list, const std::string& prefix) {
    for (const auto& c : list) {
      const std::string text = prefix + c.text;
      const bool seen =
          std::any_of(m_conditions.begin(), m_conditions.end(), [&](const Condition& x) {
            return x.kind == c.kind && x.rule_id == c.rule_id && x.text == text;
          });
      if (!seen) m_conditions.push_back({c.kind, c.rule_id, text});
    }
  }
  void note(const std::string& text) {
    if (std::find(m_v.notes.begin(), m_v.notes.end(), text) == m_v.notes.end()) {
      m_v.notes.push_back(text);
    }
  }
  bool stated(const std::string& fact) const { return m_facts.count(fact) > 0; }

  // The default of a fact was relied on: say so once.
  void assumed(const std::string& fact_id) {
    const Fact* f = m_rules.fact(fact_id);
    const std::string what = f && !f->assumed.empty() ? f->assumed : "not " + fact_id;
    note("assumed: " + what + " (state --fact " + fact_id + " otherwise)");
  }

  double floor_area(const std::string& why) const {
    if (!m_activity.floor_area_m2) {
      throw UsageError("--floor-area: " + why + "; give the floor area of the use in m²");
    }
    return *m_activity.floor_area_m2;
  }

  // Evaluates a predicate; `clauses` gets a readable account of each part.
  bool holds(const Predicate& p, const std::string& rule_id, std::string& clauses) {
    std::vector<std::string> parts;
    bool ok = true;
    if (p.floor_area_below_m2) {
      const double fa = floor_area("rule '" + rule_id + "' depends on it");
      const bool t = fa < *p.floor_area_below_m2;
      parts.push_back("floor area " + m2(fa) + (t ? " < " : " ≥ ") + m2(*p.floor_area_below_m2));
      ok = ok && t;
    }
    if (p.floor_area_at_least_m2) {
      const double fa = floor_area("rule '" + rule_id + "' depends on it");
      const bool t = fa >= *p.floor_area_at_least_m2;
      parts.push_back("floor area " + m2(fa) + (t ? " ≥ " : " < ") + m2(*p.floor_area_at_least_m2));
      ok = ok && t;
    }
    for (const auto& f : p.facts) {
      if (stated(f)) {
        parts.push_back("stated: " + f);
      } else {
        parts.push_back("not stated: " + f);
        assumed(f);
        ok = false;
      }
    }
    for (const auto& f : p.not_facts) {
      if (stated(f)) {
        parts.push_back("stated: " + f);
        ok = false;
      } else {
        parts.push_back("not stated: " + f);
        assumed(f);
      }
    }
    clauses.clear();
    for (const auto& s : parts) clauses += (clauses.empty() ? "" : "; ") + s;
    return ok;
  }

  // ---- steps ----

  void stated_facts() {
    for (const auto& f : m_activity.facts) {
      if (m_rules.fact(f) == nullptr) {
        const auto near = m_rules.suggest_facts(f);
        std::string hint;
        for (const auto& n : near) hint += (hint.empty() ? "" : ", ") + ("'" + n + "'");
        throw InputError(
            "fact '" + f + "' is not in the rules" +
            (near.empty() ? "; 'jigu rules facts' lists them" : "; did you mean " + hint + "?"));
      }
      m_facts.insert(f);
    }
    if (m_activity.public_open_space) {
      if (m_rules.fact(kPublicOpenSpace) == nullptr) {
        throw UsageError("--public-open-space: the rules '" + m_rules.path +
                         "' declare no fact 'public-open-space'");
      }
      m_facts.insert(kPublicOpenSpace);
    }
  }

  void resolve_use() {
    const Use& use = m_rules.find_use(m_activity.use);
    m_v.use.typed = m_activity.use;
    m_v.use.id = use.meta.id;
    m_v.use.name = use.name_ko;
    std::string what = "'" + m_activity.use + "' is " +
                       (use.is_class() ? "별표1 " + annex_item(use.number) + " " : "") +
                       use.name_ko + (use.name_en.empty() ? "" : " (" + use.name_en + ")");
    reason("use", use.meta, what);
    if (use.meta.unconfirmed) m_class_unconfirmed_ids.push_back(use.meta.id);
    // The chain of uses whose rules may apply: the use, its parents, then its class.
    m_keys.push_back(use.meta.id);
    const Use* u = &use;
    bool unconfirmed = use.meta.unconfirmed;
    while (!u->is_class() && u->classify.empty() && !u->parent.empty()) {
      const Use* parent = m_rules.use(u->parent);
      if (parent == nullptr) break;  // the loader rejects this
      reason("use", parent->meta, use.name_ko + " is classed like " + parent->name_ko);
      unconfirmed = unconfirmed || parent->meta.unconfirmed;
      if (parent->meta.unconfirmed) m_class_unconfirmed_ids.push_back(parent->meta.id);
      m_keys.push_back(parent->meta.id);
      u = parent;
    }
    const Use* cls = u->is_class() ? u : classify(*u, unconfirmed);
    if (cls != u) m_keys.push_back(cls->meta.id);
    m_v.use.class_id = cls->meta.id;
    m_v.use.class_name = cls->name_ko;
    m_v.use.class_unconfirmed = unconfirmed;
    m_class_unconfirmed = unconfirmed;
  }

  const Use* classify(const Use& u, bool& unconfirmed) {
    for (const auto& band : u.classify) {
      std::string why;
      if (band.below_m2) {
        const double fa =
            floor_area("'" + u.name_ko + "' is classed by floor area (below " + m2(*band.below_m2) +
                       " → " + m_rules.use(band.use_class)->name_ko + ")");
        if (fa >= *band.below_m2) continue;
        why = "floor area " + m2(fa) + " < " + m2(*band.below_m2);
      } else if (m_activity.floor_area_m2 && &band != &u.classify.front()) {
        why = "floor area " + m2(*m_activity.floor_area_m2) + " above the smaller bands";
      }
      bool excluded = false;
      for (const auto& f : band.unless_facts) {
        if (stated(f)) {
          reason("class", band.meta,
                 "stated " + f + ": not " + m_rules.use(band.use_class)->name_ko);
          excluded = true;
        }
      }
      if (excluded) continue;
      for (const auto& f : band.unless_facts) assumed(f);
      const Use* cls = m_rules.use(band.use_class);
      std::string text = u.name_ko + (why.empty() ? "" : " with " + why) + " → 별표1 " +
                         annex_item(cls->number) + " " + cls->name_ko;
      if (!band.item.empty()) text += " (" + band.item + ")";
      reason("class", band.meta, text);
      unconfirmed = unconfirmed || band.meta.unconfirmed;
      if (band.meta.unconfirmed) m_class_unconfirmed_ids.push_back(band.meta.id);
      m_class_rule = band.meta.id;
      return cls;
    }
    throw InputError("rules '" + m_rules.path + "': use '" + u.meta.id +
                     "' has no size band for this floor area; end 'classify' with a band "
                     "without 'below_m2'");
  }

  void district() {
    for (const auto& hit : m_site.districts) {
      const District* d = m_rules.district(hit.id);
      const std::string name = d ? d->name : hit.name;
      if (hit.status == "inside") {
        if (d == nullptr) {
          note("the site is inside district '" + hit.id + "', which the rules do not describe");
          continue;
        }
        if (m_district != nullptr) continue;
        m_district = d;
        m_v.district = d->meta.id;
        reason("district", d->meta, "inside " + name + " (" + share(hit.share) + " of the site)");
        if (!d->plan.empty()) {
          reason("plan", d->meta.id, "지구단위계획: " + d->plan, d->meta.source, false);
        }
      } else if (hit.status == "partly inside") {
        std::string text = "partly inside " + name + " (" + share(hit.share) +
                           " of the site): its relaxations need the site inside; not applied";
        if (d != nullptr) {
          reason("district", d->meta, text);
          if (!d->plan.empty()) {
            condition(ConditionKind::PlanConformity, d->meta.id,
                      "the part inside " + d->name +
                          " must conform to its 지구단위계획 "
                          "(국토계획법 시행령 제79조①)");
          }
        } else {
          note(text);
        }
      }
    }
    if (m_district == nullptr && m_site.districts.empty()) {
      reason("district", "", "outside every district", "", false);
    }
  }

  ZonePart part_of(const ZoneHit& z) const {
    const Zone* zone = m_rules.zone(z.code);
    return {z.code, zone ? zone->name_ko : z.name, z.area_m2, z.share};
  }

  std::vector<Regime> split() {
    std::vector<ZonePart> parts;
    const bool point = m_site.site_area_m2 <= 0.0;
    for (const auto& z : m_site.zones) {
      if (z.code.empty()) {
        note(m2(z.area_m2) + " (" + share(z.share) + ") of the site lies in no zone");
        continue;
      }
      if (!point && z.area_m2 < m_options.sliver_m2) {
        note("ignored a " + m2(z.area_m2) + " sliver of " + z.code + " (below " +
             m2(m_options.sliver_m2) + ")");
        continue;
      }
      if (m_rules.zone(z.code) == nullptr) {
        const auto near = m_rules.suggest_zones(z.code);
        std::string hint;
        for (const auto& n : near) hint += (hint.empty() ? "" : ", ") + ("'" + n + "'");
        throw InputError("check: " + m_site.site.label + ": zone '" + z.code + "' (" + z.name +
                         ") is not in the rules '" + m_rules.path + "'" +
                         (near.empty() ? "" : "; did you mean " + hint + "?"));
      }
      parts.push_back(part_of(z));
    }
    if (parts.empty()) {
      throw InputError("check: " + m_site.site.label +
                       ": the site lies in no zone of the zoning layer");
    }
    std::stable_sort(parts.begin(), parts.end(),
                     [](const ZonePart& a, const ZonePart& b) { return a.area_m2 > b.area_m2; });
    auto single = [](const ZonePart& p, const std::string& rule_id) {
      Regime r;
      r.parts = {p};
      r.governing_zone = p.code;
      r.area_m2 = p.area_m2;
      r.rule_id = rule_id;
      return r;
    };
    if (point || parts.size() == 1) {
      if (point && parts.size() > 1) {
        note("the point lies on a zone boundary; checked against " + parts.front().code +
             "; give --pnu for the parcel's parts");
      }
      if (point) {
        note("a point has no area: the split-parcel rule needs a parcel (--pnu) or a geometry" +
             (m_site.parcel ? "; the point lies in parcel " + *m_site.parcel : std::string()));
      }
      reason("zone", m_rules.zone(parts.front().code)->meta,
             "the site lies in " + parts.front().code + " " + parts.front().name);
      return {single(parts.front(), "")};
    }
    if (!m_rules.split_parcel) {
      throw InputError("rules '" + m_rules.path +
                       "' have no [split_parcel] rule, and the site straddles zones");
    }
    const SplitParcelRule& sp = *m_rules.split_parcel;
    auto family = [&](const ZonePart& p) { return m_rules.zone(p.code)->family; };
    const bool commercial = std::any_of(parts.begin(), parts.end(), [&](const ZonePart& p) {
      return family(p) == ZoneFamily::Commercial;
    });
    const bool strip =
        commercial && !sp.strip_commercial_fact.empty() && stated(sp.strip_commercial_fact);
    const double threshold = strip ? sp.strip_commercial_small_part_m2 : sp.small_part_m2;
    const ZonePart& smallest = parts.back();
    std::string list;
    for (const auto& p : parts) list += (list.empty() ? "" : " + ") + p.code + " " + m2(p.area_m2);
    auto averaged = [&](const std::vector<ZonePart>& ps, const std::string& rule_id) {
      Regime r;
      r.parts = ps;
      r.governing_zone = ps.front().code;
      r.averaged = true;
      r.rule_id = rule_id;
      for (const auto& p : ps) r.area_m2 += p.area_m2;
      return r;
    };
    std::vector<Regime> out;
    const std::string limit_text =
        m2(threshold) + (strip ? " (roadside strip commercial zone)" : "");
    if (smallest.area_m2 <= threshold + kEps) {
      std::vector<ZonePart> green, other;
      for (const auto& p : parts) (family(p) == ZoneFamily::Green ? green : other).push_back(p);
      if (!green.empty() && family(smallest) != ZoneFamily::Green) {
        reason("split", sp.green,
               list +
                   ": the site straddles a 녹지지역 whose part is not the smallest; each 녹지 "
                   "part keeps its own zone's rules");
        for (const auto& g : green) out.push_back(single(g, sp.green.id));
        if (other.size() == 1) {
          out.push_back(single(other.front(), sp.green.id));
        } else if (other.back().area_m2 <= threshold + kEps) {
          reason("split", sp.meta,
                 "the other parts: smallest " + other.back().code + " " + m2(other.back().area_m2) +
                     " ≤ " + limit_text +
                     ": BCR and FAR are their area-weighted averages; other rules follow " +
                     other.front().code + ", the largest");
          out.push_back(averaged(other, sp.meta.id));
        } else {
          reason("split", sp.over_threshold,
                 "the other parts: smallest " + m2(other.back().area_m2) + " > " + limit_text +
                     ": each zone's rules apply to its own part");
          if (sp.over_threshold.unconfirmed) {
            condition(ConditionKind::Unconfirmed, sp.over_threshold.id,
                      "each zone's rules on its own part rests on rule '" + sp.over_threshold.id +
                          "', which is unconfirmed");
          }
          for (const auto& p : other) out.push_back(single(p, sp.over_threshold.id));
        }
        return out;
      }
      std::string text = list + ": the smallest part (" + smallest.code + " " +
                         m2(smallest.area_m2) + ") is ≤ " + limit_text +
                         ": BCR and FAR are the area-weighted averages of the parts; the other "
                         "rules (uses) follow " +
                         parts.front().code + " " + parts.front().name + ", the largest part";
      if (!green.empty()) {
        text += "; the smallest part is the 녹지 part, so 제84조③'s exception does not apply";
      }
      reason("split", sp.meta, text);
      out.push_back(averaged(parts, sp.meta.id));
      return out;
    }
    if (sp.over_threshold.unconfirmed) {
      condition(ConditionKind::Unconfirmed, sp.over_threshold.id,
                "each zone's rules on its own part rests on rule '" + sp.over_threshold.id +
                    "', which is unconfirmed");
    }
    reason("split", sp.over_threshold,
           list + ": the smallest part (" + smallest.code + " " + m2(smallest.area_m2) + ") is > " +
               limit_text +
               ": no averaging (국토계획법 제84조, 시행령 제94조); each zone's rules apply to its "
               "own part");
    if (commercial && !strip && !sp.strip_commercial_fact.empty() &&
        smallest.area_m2 <= sp.strip_commercial_small_part_m2 + kEps) {
      note("if the commercial zone is a roadside strip (도로변 띠 모양), the threshold is " +
           m2(sp.strip_commercial_small_part_m2) + " and the parts are averaged; state --fact " +
           sp.strip_commercial_fact);
    }
    for (const auto& p : parts) out.push_back(single(p, sp.over_threshold.id));
    return out;
  }

  // The zone whose use matrix applies (a Seoul sub-variant follows its parent's).
  const Zone* matrix_zone(const Zone* zone) {
    std::set<std::string> seen;
    while (zone->uses.empty() && !zone->uses_like.empty() && seen.insert(zone->meta.id).second) {
      const Zone* like = m_rules.zone(zone->uses_like);
      if (like == nullptr) break;
      reason("zone", zone->meta,
             zone->meta.id + " " + zone->name_ko + " follows the use rules of " + like->meta.id +
                 " " + like->name_ko);
      zone = like;
    }
    return zone;
  }

  const Use& key_use(const std::string& id) const { return *m_rules.use(id); }

  VerdictStatus outcome_status(const UseCell& cell, const UseOutcome& o, const Zone& zone,
                               const std::string& via, bool class_route) {
    if (class_route) m_class_route_used = true;
    const bool cell_unconfirmed = cell.meta.unconfirmed || o.unconfirmed;
    const bool unconfirmed = cell_unconfirmed || (class_route && m_class_unconfirmed);
    const std::string subject = key_use(cell.use).name_ko + " in " + zone.name_ko;
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
        reason("zone", meta, subject + ": may be built" + text, cell_unconfirmed);
        break;
      case UseRule::Banned:
        status = VerdictStatus::Prohibited;
        reason("zone", meta, subject + ": may not be built" + text, cell_unconfirmed);
        break;
      case UseRule::OrdinanceAllows:
      case UseRule::OrdinanceMayBan: {
        const bool allows = o.rule == UseRule::OrdinanceAllows;
        reason("zone", meta,
               subject +
                   (allows ? ": may be built only if the city ordinance allows it"
                           : ": may be built unless the city ordinance bans it") +
                   text,
               cell_unconfirmed);
        if (cell.ordinance == OrdinancePosition::Allows) {
          status = VerdictStatus::Permitted;
          reason("ordinance", cell.meta.id, "the Seoul ordinance allows it", cell.ordinance_source,
                 false);
        } else if (cell.ordinance == OrdinancePosition::Bans) {
          status = VerdictStatus::Prohibited;
          reason("ordinance", cell.meta.id, "the Seoul ordinance bans it", cell.ordinance_source,
                 false);
        } else {
          status = VerdictStatus::PermittedWithConditions;
          condition(ConditionKind::Ordinance, cell.meta.id,
                    allows ? "only if the Seoul ordinance allows " + subject +
                                 "; the rules do not hold its position"
                           : "unless the Seoul ordinance bans " + subject +
                                 "; the rules do not hold its position");
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
              : (m_class_unconfirmed_ids.empty() ? m_class_rule : m_class_unconfirmed_ids.back());
      if (status == VerdictStatus::Permitted) status = VerdictStatus::PermittedWithConditions;
      condition(ConditionKind::Unconfirmed, id, "rests on rule '" + id + "', which is unconfirmed");
    }
    return status;
  }

  void decide_use(Regime& regime) {
    const Zone* governing = m_rules.zone(regime.governing_zone);
    const Zone* zone = matrix_zone(governing);
    std::optional<VerdictStatus> status;
    for (std::size_t k = 0; k < m_keys.size() && !status; ++k) {
      const bool class_route = k + 1 == m_keys.size() && m_keys.size() > 1;
      for (const auto& cell : zone->uses) {
        if (cell.use != m_keys[k]) continue;
        if (cell.rule != UseRule::Conditional) {
          status = outcome_status(cell, {cell.rule, false, cell.meta.note}, *zone, "", class_route);
          break;
        }
        std::string clauses;
        const bool ok = holds(cell.when, cell.meta.id, clauses);
        if (ok) {
          UseOutcome o = cell.then;
          if (o.note.empty()) o.note = cell.meta.note;
          status = outcome_status(cell, o, *zone, clauses, class_route);
        } else if (cell.otherwise) {
          UseOutcome o = *cell.otherwise;
          if (o.note.empty()) o.note = cell.meta.note;
          status = outcome_status(cell, o, *zone, clauses, class_route);
        } else {
          reason("zone", cell.meta,
                 key_use(cell.use).name_ko + " in " + zone->name_ko +
                     ": this rule does not apply (" + clauses + "); the next rule decides");
        }
        break;
      }
    }
    if (!status) {
      status = VerdictStatus::Undetermined;
      reason("zone", governing->meta,
             "the rules have no use rule for " + m_v.use.name + " (" + m_v.use.class_name +
                 ") in " + zone->meta.id + " " + zone->name_ko,
             false);
    }
    // The district: extra uses, and conformity with its plan.
    if (m_district != nullptr) {
      if (*status == VerdictStatus::Prohibited || *status == VerdictStatus::Undetermined) {
        for (const auto& extra : m_district->extra_uses) {
          if (std::find(m_keys.begin(), m_keys.end(), extra.use) == m_keys.end()) continue;
          std::string clauses;
          if (extra.when.empty() || holds(extra.when, extra.meta.id, clauses)) {
            status = VerdictStatus::PermittedWithConditions;
            reason("district", extra.meta,
                   m_district->name + " admits " + key_use(extra.use).name_ko +
                       (clauses.empty() ? "" : " (" + clauses + ")"));
            condition(ConditionKind::PlanConformity, extra.meta.id,
                      "admitted by " + m_district->name +
                          "'s 지구단위계획: the building must conform to it");
            if (extra.meta.unconfirmed) {
              condition(ConditionKind::Unconfirmed, extra.meta.id,
                        "rests on rule '" + extra.meta.id + "', which is unconfirmed");
            }
            break;
          }
          reason("district", extra.meta,
                 m_district->name + "'s extra use " + key_use(extra.use).name_ko +
                     " does not apply (" + clauses + ")");
        }
      }
      const bool encouraged = std::any_of(m_keys.begin(), m_keys.end(), [&](const std::string& k) {
        return std::find(m_district->encouraged_uses.begin(), m_district->encouraged_uses.end(),
                         k) != m_district->encouraged_uses.end();
      });
      if (!m_district->plan.empty() && !encouraged && *status != VerdictStatus::Prohibited &&
          *status != VerdictStatus::Undetermined) {
        status = VerdictStatus::PermittedWithConditions;
        global_condition(
            ConditionKind::PlanConformity, m_district->meta.id,
            m_district->name +
                " has a 지구단위계획 the building must conform to (국토계획법 "
                "시행령 제79조①); " +
                m_v.use.name +
                " is not among its encouraged uses and the rules do not hold the plan's "
                "use restrictions");
      } else if (encouraged && *status != VerdictStatus::Prohibited) {
        reason("district", m_district->meta.id,
               m_v.use.name + " is an encouraged use of " + m_district->name,
               m_district->meta.source, false);
      }
    }
    regime.status = *status;
  }

  // The district relaxation that applies, if any (the highest FAR factor of those that hold).
  void choose_relaxation() {
    if (m_district == nullptr) return;
    std::vector<const Relaxation*> holding;
    for (const auto& r : m_district->relaxations) {
      std::vector<std::string> why_not;
      if (!r.uses.empty()) {
        const bool match = std::any_of(m_keys.begin(), m_keys.end(), [&](const std::string& k) {
          return std::find(r.uses.begin(), r.uses.end(), k) != r.uses.end();
        });
        if (!match) {
          std::string names;
          for (const auto& u : r.uses) names += (names.empty() ? "" : ", ") + key_use(u).name_ko;
          why_not.push_back("it is for " + names);
        }
      }
      const double need = r.min_encouraged_share.value_or(0.0);
      if (!m_activity.encouraged_share) {
        why_not.push_back(r.min_encouraged_share
                              ? "give --encouraged-share (at least " + share(need) + " needed)"
                              : "give --encouraged-share (the encouraged uses' share)");
      } else if (r.min_encouraged_share ? *m_activity.encouraged_share + kEps < need
                                        : *m_activity.encouraged_share <= 0.0) {
        why_not.push_back("encouraged share " + share(*m_activity.encouraged_share) +
                          (r.min_encouraged_share ? " < " + share(need) : " is 0"));
      }
      for (const auto& f : r.requires_facts) {
        if (!stated(f)) {
          const Fact* fact = m_rules.fact(f);
          why_not.push_back("needs: " + (fact ? fact->text : f));
        }
      }
      if (why_not.empty()) {
        holding.push_back(&r);
        continue;
      }
      std::string text;
      for (const auto& w : why_not) text += (text.empty() ? "" : "; ") + w;
      reason("relaxation", r.meta.id, "not applied: " + text, r.meta.source, false);
    }
    for (const Relaxation* r : holding) {
      if (m_relaxation == nullptr ||
          r->far_factor.value_or(1.0) > m_relaxation->far_factor.value_or(1.0) + kEps) {
        m_relaxation = r;
      }
    }
    for (const Relaxation* r : holding) {
      if (r != m_relaxation) {
        reason("relaxation", r->meta.id, "superseded by '" + m_relaxation->meta.id + "'",
               r->meta.source, false);
      }
    }
    if (m_relaxation != nullptr) {
      const Relaxation& r = *m_relaxation;
      std::string text = m_district->name + ":";
      if (r.far_factor) text += " FAR × " + num(*r.far_factor);
      if (r.bcr_factor) text += " BCR × " + num(*r.bcr_factor);
      if (r.height_factor) text += " height × " + num(*r.height_factor);
      if (r.up_to) text += " at most (scaled by the plan)";
      if (m_activity.encouraged_share) {
        text += "; encouraged share " + share(*m_activity.encouraged_share);
        if (r.min_encouraged_share) text += " ≥ " + share(*r.min_encouraged_share);
      }
      for (const auto& f : r.requires_facts) text += "; stated " + f;
      reason("relaxation", r.meta, text);
    }
  }

  // A factor held to its cap; the cap's reason is given once per quantity.
  double capped(double factor, const std::string& cap_id,
                std::optional<double> RelaxationCap::*field, const std::string& quantity,
                std::vector<std::string>& ids) {
    if (cap_id.empty()) return factor;
    const RelaxationCap* cap = m_rules.cap(cap_id);
    if (cap == nullptr || !(cap->*field)) return factor;
    ids.push_back(cap->meta.id);
    const double limit = *(cap->*field);
    const double used = std::min(factor, limit);
    reason("cap", cap->meta,
           quantity + " relaxation at most " + num(limit) + "× the base limit" +
               (factor > limit + kEps ? ": × " + num(factor) + " held to × " + num(limit)
                                      : ": × " + num(factor) + " is within it"));
    return used;
  }

  struct PartLimits {
    double bcr = 0.0;
    double far = 0.0;
  };

  PartLimits part_limits(const ZonePart& p, std::vector<std::string>& bcr_ids,
                         std::vector<std::string>& far_ids, bool& unconfirmed) {
    const Zone* z = m_rules.zone(p.code);
    PartLimits l{z->bcr.seoul_pct, z->far.seoul_pct};
    bcr_ids.push_back(z->bcr.meta.id);
    far_ids.push_back(z->far.meta.id);
    unconfirmed = unconfirmed || z->bcr.meta.unconfirmed || z->far.meta.unconfirmed;
    reason("limits", z->bcr.meta,
           p.code + " " + z->name_ko + ": BCR " + pct(l.bcr) + " (Seoul ordinance" +
               (z->bcr.national_max_pct ? "; national maximum " + pct(*z->bcr.national_max_pct)
                                        : std::string()) +
               ")");
    reason("limits", z->far.meta,
           p.code + " " + z->name_ko + ": FAR " + pct(l.far) + " (Seoul ordinance" +
               (z->far.national_max_pct
                    ? "; national band " + pct(z->far.national_min_pct.value_or(0.0)) + "–" +
                          pct(*z->far.national_max_pct)
                    : std::string()) +
               ")");
    for (const auto& variant : z->variants) {
      std::string clauses;
      if (!holds(variant.when, variant.meta.id, clauses)) continue;
      if (variant.bcr_pct) {
        l.bcr = *variant.bcr_pct;
        bcr_ids.push_back(variant.meta.id);
      }
      if (variant.far_pct) {
        l.far = *variant.far_pct;
        far_ids.push_back(variant.meta.id);
      }
      unconfirmed = unconfirmed || variant.meta.unconfirmed;
      reason("limits", variant.meta,
             p.code + ": " + clauses + " → " +
                 (variant.bcr_pct ? "BCR " + pct(*variant.bcr_pct) + " " : std::string()) +
                 (variant.far_pct ? "FAR " + pct(*variant.far_pct) : std::string()));
    }
    return l;
  }

  static LimitOutcome compare(double planned, const Range& limit) {
    if (planned <= limit.low + kEps) return LimitOutcome::Within;
    if (planned > limit.high + kEps) return LimitOutcome::Exceeds;
    return LimitOutcome::Depends;
  }

  void limits(Regime& regime, bool parts_apart) {
    LimitCheck bcr, far, height;
    bcr.quantity = "bcr_pct";
    far.quantity = "far_pct";
    height.quantity = "height_m";
    bool unconfirmed = false;
    double total = 0.0, bcr_sum = 0.0, far_sum = 0.0, bcr_rel_sum = 0.0, far_rel_sum = 0.0;
    std::optional<double> bcr_factor, far_factor;
    std::vector<std::string> bcr_rel_ids, far_rel_ids;
    if (m_relaxation != nullptr) {
      if (m_relaxation->bcr_factor) {
        bcr_factor = capped(*m_relaxation->bcr_factor, m_relaxation->bcr_cap,
                            &RelaxationCap::bcr_factor, "BCR", bcr_rel_ids);
      }
      if (m_relaxation->far_factor) {
        far_factor = capped(*m_relaxation->far_factor, m_relaxation->far_cap,
                            &RelaxationCap::far_factor, "FAR", far_rel_ids);
      }
    }
    for (const auto& p : regime.parts) {
      const PartLimits l = part_limits(p, bcr.rule_ids, far.rule_ids, unconfirmed);
      const double w = regime.parts.size() == 1 ? 1.0 : p.area_m2;
      total += w;
      bcr_sum += w * l.bcr;
      far_sum += w * l.far;
      double bcr_rel = l.bcr * bcr_factor.value_or(1.0);
      double far_rel = l.far * far_factor.value_or(1.0);
      if (far_factor && m_district->far_caps) {
        auto it = m_district->far_caps->by_zone_pct.find(p.code);
        if (it != m_district->far_caps->by_zone_pct.end()) {
          far_rel_ids.push_back(m_district->far_caps->meta.id);
          if (far_rel > it->second + kEps) {
            reason("cap", m_district->far_caps->meta,
                   p.code + ": relaxed FAR " + pct(far_rel) + " held to the district's " +
                       pct(it->second));
            far_rel = it->second;
          } else {
            reason("cap", m_district->far_caps->meta,
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
        const Zone* z = m_rules.zone(p.code);
        terms_bcr +=
            (terms_bcr.empty() ? "" : " + ") + num(p.area_m2) + " × " + pct(z->bcr.seoul_pct);
        terms_far +=
            (terms_far.empty() ? "" : " + ") + num(p.area_m2) + " × " + pct(z->far.seoul_pct);
      }
      reason("limits", m_rules.split_parcel->meta.id,
             "area-weighted: BCR (" + terms_bcr + ") / " + num(total) + " = " + pct(base_bcr) +
                 "; FAR (" + terms_far + ") / " + num(total) + " = " + pct(base_far),
             m_rules.split_parcel->meta.source, m_rules.split_parcel->meta.unconfirmed);
    }
    const bool relaxed_unconfirmed = m_relaxation && m_relaxation->meta.unconfirmed;
    auto relaxed_range = [&](double base, double top) {
      return m_relaxation->up_to ? Range{base, top} : Range{top, top};
    };
    if (bcr_factor) {
      bcr.relaxed = relaxed_range(base_bcr, bcr_rel_sum / total);
      bcr.rule_ids.push_back(m_relaxation->meta.id);
      bcr.rule_ids.insert(bcr.rule_ids.end(), bcr_rel_ids.begin(), bcr_rel_ids.end());
    }
    if (far_factor) {
      far.relaxed = relaxed_range(base_far, far_rel_sum / total);
      far.rule_ids.push_back(m_relaxation->meta.id);
      far.rule_ids.insert(far.rule_ids.end(), far_rel_ids.begin(), far_rel_ids.end());
      reason(
          "far", m_relaxation->meta.id,
          "FAR limit " + range_text(*far.base, "%") + " → relaxed " + range_text(*far.relaxed, "%"),
          m_relaxation->meta.source, relaxed_unconfirmed);
    }
    bcr.unconfirmed = unconfirmed || (bcr.relaxed && relaxed_unconfirmed);
    far.unconfirmed = unconfirmed || (far.relaxed && relaxed_unconfirmed);
    // Height: only districts with known block limits give one.
    if (m_district != nullptr && m_district->height) {
      const DistrictHeight& h = *m_district->height;
      height.base = Range{h.min_m, h.max_m};
      height.rule_ids.push_back(h.meta.id);
      height.unconfirmed = h.meta.unconfirmed;
      reason("height", h.meta,
             m_district->name + ": height limit " + range_text(*height.base, " m") + " by block");
      if (m_relaxation != nullptr && m_relaxation->height_factor) {
        std::vector<std::string> ids;
        const double f = capped(*m_relaxation->height_factor, m_relaxation->height_cap,
                                &RelaxationCap::height_factor, "height", ids);
        const Range top{h.min_m * f, h.max_m * f};
        height.relaxed = m_relaxation->up_to ? Range{h.min_m, h.max_m * f} : top;
        height.rule_ids.push_back(m_relaxation->meta.id);
        height.rule_ids.insert(height.rule_ids.end(), ids.begin(), ids.end());
        height.unconfirmed = height.unconfirmed || relaxed_unconfirmed;
      }
    }
    for (const auto& p : regime.parts) {
      const Zone* z = m_rules.zone(p.code);
      if (z->max_floors) {
        note(p.code + " " + z->name_ko + ": at most " + std::to_string(*z->max_floors) + " floors");
      }
    }
    // Planned values.
    if (m_activity.bcr_pct) {
      bcr.planned = m_activity.bcr_pct;
      bcr.planned_from = "--bcr";
    } else if (m_activity.footprint_m2 && m_site.site_area_m2 > 0.0) {
      bcr.planned = 100.0 * *m_activity.footprint_m2 / m_site.site_area_m2;
      bcr.planned_from =
          "--footprint " + m2(*m_activity.footprint_m2) + " / site " + m2(m_site.site_area_m2);
    }
    if (m_activity.far_pct) {
      far.planned = m_activity.far_pct;
      far.planned_from = "--far";
    }
    if (m_activity.height_m) {
      height.planned = m_activity.height_m;
      height.planned_from = "--height";
    }
    VerdictStatus status = regime.status;
    const std::string where = parts_apart ? " on the " + regime.governing_zone + " part" : "";
    for (LimitCheck* l : {&bcr, &far, &height}) {
      const std::string unit = l == &height ? " m" : "%";
      const std::string label = l == &bcr ? "BCR" : l == &far ? "FAR" : "height";
      if (!l->planned) continue;
      if (parts_apart && l != &height) continue;  // site-wide values: see capacity_check()
      const auto limit = l->applicable();
      if (!limit) {
        l->outcome = LimitOutcome::NoLimit;
        note("planned " + label + " " + num(*l->planned) + unit +
             ": the rules hold no such limit here");
        continue;
      }
      l->outcome = compare(*l->planned, *limit);
      const std::string rule = l->rule_ids.empty() ? "" : l->rule_ids.back();
      const std::string text = "planned " + label + " " + num(*l->planned) + unit + " (" +
                               l->planned_from + ") " + to_string(l->outcome) + " the limit " +
                               range_text(*limit, unit) + where;
      reason(l == &bcr ? "bcr" : l == &far ? "far" : "height", rule, text, "", l->unconfirmed);
      if (l->outcome == LimitOutcome::Exceeds) {
        status = VerdictStatus::Prohibited;
      } else if (l->outcome == LimitOutcome::Depends) {
        if (status == VerdictStatus::Permitted) status = VerdictStatus::PermittedWithConditions;
        condition(ConditionKind::Limit, rule,
                  "planned " + label + " " + num(*l->planned) + unit + " lies within the range " +
                      range_text(*limit, unit) + ": it depends on the plan" + where);
      } else if (l->relaxed && l->base && *l->planned > l->base->high + kEps &&
                 status != VerdictStatus::Prohibited) {
        reason(l == &bcr   ? "bcr"
               : l == &far ? "far"
                           : "height",
               rule,
               "above the base limit " + range_text(*l->base, unit) +
                   ": needs the relaxation's conditions to hold",
               "", false);
      }
      if (l->outcome != LimitOutcome::Exceeds && l->relaxed && l->unconfirmed &&
          *l->planned > l->base->high + kEps && status != VerdictStatus::Prohibited) {
        if (status == VerdictStatus::Permitted) status = VerdictStatus::PermittedWithConditions;
        condition(ConditionKind::Unconfirmed, m_relaxation->meta.id,
                  "the planned " + label + " needs relaxation '" + m_relaxation->meta.id +
                      "', which is unconfirmed");
      }
    }
    if (status != VerdictStatus::Undetermined) regime.status = status;
    regime.limits = {bcr, far, height};
  }

  // Parts under their own rules: a site-wide planned BCR/FAR is held against the site's
  // capacity (each part's limit over its area), and the building must be placed so that every
  // part meets its own limit.
  void capacity_check() {
    if (m_v.regimes.size() < 2) return;
    for (std::size_t q : {std::size_t{0}, std::size_t{1}}) {
      const LimitCheck& first = m_v.regimes.front().limits.at(q);
      if (!first.planned) continue;
      const std::string label = q == 0 ? "BCR" : "FAR";
      double total = 0.0, low = 0.0, high = 0.0;
      std::string terms, each;
      bool known = true;
      for (const auto& g : m_v.regimes) {
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
      for (auto& g : m_v.regimes) g.limits.at(q).outcome = outcome;
      reason(q == 0 ? "bcr" : "far", "",
             "planned " + label + " " + num(*first.planned) + "% (" + first.planned_from +
                 ", site-wide) " + to_string(outcome) + " the site's capacity " +
                 range_text(capacity, "%") + " = (" + terms + ") / " + num(total),
             "", false);
      if (outcome == LimitOutcome::Exceeds) {
        for (auto& g : m_v.regimes) g.status = VerdictStatus::Prohibited;
      } else {
        condition(ConditionKind::Limit, "",
                  "the building must be placed so that each part meets its own " + label +
                      " limit (" + each + ")");
      }
    }
  }

  void overall() {
    bool any_ok = false, any_no = false, any_undetermined = false, any_conditional = false;
    std::string ok_parts, no_parts;
    for (const auto& r : m_v.regimes) {
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
      m_v.status = VerdictStatus::PermittedWithConditions;
      condition(ConditionKind::Part, "",
                "only on the part(s) in " + ok_parts + "; not on " + no_parts);
    } else if (any_ok) {
      m_v.status =
          any_conditional ? VerdictStatus::PermittedWithConditions : VerdictStatus::Permitted;
    } else if (any_undetermined) {
      m_v.status = VerdictStatus::Undetermined;
    } else {
      m_v.status = VerdictStatus::Prohibited;
    }
    (void)any_no;
    // Conditions outside any regime (a district the site is partly in) also qualify a permission.
    if (m_v.status == VerdictStatus::Permitted && !m_conditions.empty()) {
      m_v.status = VerdictStatus::PermittedWithConditions;
    }
    if (m_v.status == VerdictStatus::PermittedWithConditions) m_v.conditions = m_conditions;
  }

  const RuleSet& m_rules;
  const LocateResult& m_site;
  const PlannedActivity& m_activity;
  const CheckOptions& m_options;
  Verdict m_v;
  std::set<std::string> m_facts;
  std::vector<std::string> m_keys;  // use, parents, class: the ids whose rules may apply
  bool m_class_unconfirmed = false;
  std::string m_class_rule;
  std::vector<std::string> m_class_unconfirmed_ids;
  bool m_class_route_used = false;
  const District* m_district = nullptr;
  const Relaxation* m_relaxation = nullptr;
  std::vector<Condition> m_conditions;
  std::vector<Condition>* m_regime_conditions = nullptr;
};

}  // namespace

Verdict check(const RuleSet& rules, const LocateResult& site, const PlannedActivity& activity,
              const CheckOptions& options) {
  return Engine(rules, site, activity, options).run();
}

}  // namespace jigu
