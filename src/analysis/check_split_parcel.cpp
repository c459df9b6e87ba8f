// Check step "split parcel": the site's zone parts into regimes, one per set of rules (a site in
// one zone, parts averaged under 영 제94조, or each part under its own zone's rules).
#include <algorithm>

#include "analysis/check_steps.hpp"
#include "jigu/error.hpp"

namespace jigu::analysis {

namespace {

Regime single(const ZonePart& p, const std::string& rule_id) {
  Regime r;
  r.parts = {p};
  r.governing_zone = p.code;
  r.area_m2 = p.area_m2;
  r.rule_id = rule_id;
  return r;
}

Regime averaged(const std::vector<ZonePart>& ps, const std::string& rule_id) {
  Regime r;
  r.parts = ps;
  r.governing_zone = ps.front().code;
  r.averaged = true;
  r.rule_id = rule_id;
  for (const auto& p : ps) r.area_m2 += p.area_m2;
  return r;
}

// The zone parts the rules apply to, largest first: slivers and parts in no zone are noted and
// left out.
std::vector<ZonePart> zone_parts(const CheckInputs& in, bool point, Findings& f) {
  const RuleSet& rules = in.rules;
  std::vector<ZonePart> parts;
  for (const auto& z : in.site.zones) {
    if (z.code.empty()) {
      f.note(m2(z.area_m2) + " (" + share(z.share) + ") of the site lies in no zone");
      continue;
    }
    if (!point && z.area_m2 < in.options.sliver_m2) {
      f.note("ignored a " + m2(z.area_m2) + " sliver of " + z.code + " (below " +
             m2(in.options.sliver_m2) + ")");
      continue;
    }
    const Zone* zone = rules.zone(z.code);
    if (zone == nullptr) {
      const auto near = rules.suggest_zones(z.code);
      std::string hint;
      for (const auto& n : near) hint += (hint.empty() ? "" : ", ") + ("'" + n + "'");
      throw InputError("check: " + in.site.site.label + ": zone '" + z.code + "' (" + z.name +
                       ") is not in the rules '" + rules.path + "'" +
                       (near.empty() ? "" : "; did you mean " + hint + "?"));
    }
    parts.push_back({z.code, zone->name_ko, z.area_m2, z.share});
  }
  if (parts.empty()) {
    throw InputError("check: " + in.site.site.label +
                     ": the site lies in no zone of the zoning layer");
  }
  std::stable_sort(parts.begin(), parts.end(),
                   [](const ZonePart& a, const ZonePart& b) { return a.area_m2 > b.area_m2; });
  return parts;
}

void unconfirmed_over_threshold(const SplitParcelRule& sp, Findings& f) {
  if (sp.over_threshold.unconfirmed) {
    f.condition(ConditionKind::Unconfirmed, sp.over_threshold.id,
                "each zone's rules on its own part rests on rule '" + sp.over_threshold.id +
                    "', which is unconfirmed");
  }
}

}  // namespace

SplitParcel split_parcel(const CheckInputs& in) {
  const RuleSet& rules = in.rules;
  SplitParcel out;
  Findings& f = out.findings;
  std::vector<Regime>& regimes = out.regimes;
  const bool point = in.site.site_area_m2 <= 0.0;
  const std::vector<ZonePart> parts = zone_parts(in, point, f);
  if (point || parts.size() == 1) {
    if (point && parts.size() > 1) {
      f.note("the point lies on a zone boundary; checked against " + parts.front().code +
             "; name the parcel by its PNU for its parts");
    }
    if (point) {
      f.note(
          "a point has no area: the split-parcel rule needs a parcel (by its PNU) or a geometry" +
          (in.site.parcel ? "; the point lies in parcel " + *in.site.parcel : std::string()));
    }
    f.reason("zone", rules.zone(parts.front().code)->meta,
             "the site lies in " + parts.front().code + " " + parts.front().name);
    regimes.push_back(single(parts.front(), ""));
    return out;
  }
  if (!rules.split_parcel) {
    throw InputError("rules '" + rules.path +
                     "' have no [split_parcel] rule, and the site straddles zones");
  }
  const SplitParcelRule& sp = *rules.split_parcel;
  auto family = [&](const ZonePart& p) { return rules.zone(p.code)->family; };
  const bool commercial = std::any_of(parts.begin(), parts.end(), [&](const ZonePart& p) {
    return family(p) == ZoneFamily::Commercial;
  });
  const bool strip =
      commercial && !sp.strip_commercial_fact.empty() && in.stated(sp.strip_commercial_fact);
  const double threshold = strip ? sp.strip_commercial_small_part_m2 : sp.small_part_m2;
  const ZonePart& smallest = parts.back();
  std::string list;
  for (const auto& p : parts) list += (list.empty() ? "" : " + ") + p.code + " " + m2(p.area_m2);
  const std::string limit_text = m2(threshold) + (strip ? " (roadside strip commercial zone)" : "");
  if (smallest.area_m2 <= threshold + kCheckEps) {
    std::vector<ZonePart> green, other;
    for (const auto& p : parts) (family(p) == ZoneFamily::Green ? green : other).push_back(p);
    if (!green.empty() && family(smallest) != ZoneFamily::Green) {
      f.reason("split", sp.green,
               list +
                   ": the site straddles a 녹지지역 whose part is not the smallest; each 녹지 "
                   "part keeps its own zone's rules");
      for (const auto& g : green) regimes.push_back(single(g, sp.green.id));
      if (other.size() == 1) {
        regimes.push_back(single(other.front(), sp.green.id));
      } else if (other.back().area_m2 <= threshold + kCheckEps) {
        f.reason("split", sp.meta,
                 "the other parts: smallest " + other.back().code + " " + m2(other.back().area_m2) +
                     " ≤ " + limit_text +
                     ": BCR and FAR are their area-weighted averages; other rules follow " +
                     other.front().code + ", the largest");
        regimes.push_back(averaged(other, sp.meta.id));
      } else {
        f.reason("split", sp.over_threshold,
                 "the other parts: smallest " + m2(other.back().area_m2) + " > " + limit_text +
                     ": each zone's rules apply to its own part");
        unconfirmed_over_threshold(sp, f);
        for (const auto& p : other) regimes.push_back(single(p, sp.over_threshold.id));
      }
      return out;
    }
    std::string text = list + ": the smallest part (" + smallest.code + " " + m2(smallest.area_m2) +
                       ") is ≤ " + limit_text +
                       ": BCR and FAR are the area-weighted averages of the parts; the other "
                       "rules (uses) follow " +
                       parts.front().code + " " + parts.front().name + ", the largest part";
    if (!green.empty()) {
      text += "; the smallest part is the 녹지 part, so 제84조③'s exception does not apply";
    }
    f.reason("split", sp.meta, text);
    regimes.push_back(averaged(parts, sp.meta.id));
    return out;
  }
  unconfirmed_over_threshold(sp, f);
  f.reason("split", sp.over_threshold,
           list + ": the smallest part (" + smallest.code + " " + m2(smallest.area_m2) + ") is > " +
               limit_text +
               ": no averaging (국토계획법 제84조, 시행령 제94조); each zone's rules apply to its "
               "own part");
  if (commercial && !strip && !sp.strip_commercial_fact.empty() &&
      smallest.area_m2 <= sp.strip_commercial_small_part_m2 + kCheckEps) {
    f.note("if the commercial zone is a roadside strip (도로변 띠 모양), the threshold is " +
           m2(sp.strip_commercial_small_part_m2) + " and the parts are averaged; state " +
           flag_of("facts") + " " + sp.strip_commercial_fact);
  }
  for (const auto& p : parts) regimes.push_back(single(p, sp.over_threshold.id));
  return out;
}

}  // namespace jigu::analysis
