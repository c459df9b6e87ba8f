// The rules data model: building uses (건축법 시행령 별표1), zones (용도지역) with their BCR/FAR
// and use matrix, development promotion districts (개발진흥지구) as overlays, and the split-parcel
// rule (국토계획법 제84조, 시행령 제94조). Plain data; jigu/rules_file.hpp reads it from a TOML
// rules file (docs/rules.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jigu {

/// Where an entry starts in its rules file (1-based; 0 when built in code).
struct RulesPosition {
  int line = 0;
  int column = 0;
};

/// What every rules entry carries: an id (unique in the file), its source, and whether the fact
/// is unconfirmed. Some ids are derived (a use cell is "<zone>/<use>"); docs/rules.md lists them.
struct RuleMeta {
  std::string id;
  std::string source;  ///< the law (article, annex) or secondary source, as written in the file
  std::string url;     ///< optional
  std::string note;    ///< optional explanation shown with the rule
  bool unconfirmed = false;
  RulesPosition where;
};

/// A predicate over the planned activity; every part given must hold (an empty one holds).
struct Predicate {
  std::optional<double> floor_area_below_m2;     ///< floor area < this
  std::optional<double> floor_area_at_least_m2;  ///< floor area ≥ this
  std::vector<std::string> facts;                ///< each of these facts is stated
  std::vector<std::string> not_facts;            ///< none of these facts is stated

  bool empty() const {
    return !floor_area_below_m2 && !floor_area_at_least_m2 && facts.empty() && not_facts.empty();
  }
};

/// What a zone says about a use (국토계획법 시행령 제71조 and its annexes).
enum class UseRule {
  Allowed,          ///< may be built (by decree)
  OrdinanceAllows,  ///< may be built only if the city ordinance allows it
  OrdinanceMayBan,  ///< may be built unless the city ordinance bans it
  Banned,           ///< may not be built (by decree)
  Conditional,      ///< depends on a predicate: `then` when it holds, else `otherwise`
};

/// "allowed", "ordinance-allows", "ordinance-may-ban", "banned", "conditional".
std::string to_string(UseRule rule);

/// What the city ordinance says where the decree leaves it to the ordinance.
enum class OrdinancePosition { Unknown, Allows, Bans };

/// One outcome of a conditional cell.
struct UseOutcome {
  UseRule rule = UseRule::Banned;
  bool unconfirmed = false;
  std::string note;
};

/// One cell of a zone's use matrix. Its id is "<zone>/<use>".
struct UseCell {
  RuleMeta meta;
  std::string use;  ///< a use id (a class or a sub-use)
  UseRule rule = UseRule::Banned;
  Predicate when;                       ///< Conditional only
  UseOutcome then;                      ///< Conditional: when `when` holds
  std::optional<UseOutcome> otherwise;  ///< Conditional: else; none = fall through to the next
                                        ///< cell (the parent use's, then the class's)
  OrdinancePosition ordinance = OrdinancePosition::Unknown;  ///< for the Ordinance* rules
  std::string ordinance_source;
};

/// A sub-use's class by floor area: below `below_m2` (any size when absent) and none of
/// `unless_facts` stated, the use belongs to `use_class`. Its id is "<use>/below-<n>m2" or
/// "<use>/otherwise".
struct SizeBand {
  RuleMeta meta;
  std::optional<double> below_m2;
  std::vector<std::string> unless_facts;
  std::string use_class;  ///< id of a class use
  std::string item;       ///< the annex item, e.g. "제4호너목"
};

/// A building use: one of the numbered classes of 별표1, or a sub-use (지식산업센터, 제조업소, …)
/// whose class follows from its size (`classify`) or from its `parent`'s classification.
struct Use {
  RuleMeta meta;
  std::string number;  ///< 별표1 number of a class ("17", "23의2"); empty for a sub-use
  std::string name_ko;
  std::string name_en;
  std::vector<std::string> aliases;
  std::string parent;              ///< a sub-use classified like this use
  std::vector<SizeBand> classify;  ///< a sub-use's class by floor area, first match wins

  bool is_class() const { return !number.empty(); }
};

/// A zone's BCR or FAR: the Seoul ordinance value and the national band. Id "<zone>/bcr|far".
struct ZoneLimit {
  RuleMeta meta;
  double seoul_pct = 0.0;
  std::optional<double> national_min_pct;
  std::optional<double> national_max_pct;
};

/// A different BCR/FAR where a predicate holds (e.g. inside the historic centre).
struct LimitVariant {
  RuleMeta meta;
  Predicate when;
  std::optional<double> bcr_pct;
  std::optional<double> far_pct;
};

enum class ZoneFamily { Residential, Commercial, Industrial, Green, Other };

/// Whether the zone's annex lists what may be built or what may not (시행령 제71조①).
enum class UseList { MayBuild, MayNotBuild, None };

/// A zone (용도지역). Its id is the GIS code, e.g. "UQA122".
struct Zone {
  RuleMeta meta;
  std::string name_ko;
  std::string name_en;
  ZoneFamily family = ZoneFamily::Other;
  UseList list = UseList::None;
  std::string uses_like;  ///< a zone whose use matrix applies (a Seoul sub-variant)
  ZoneLimit bcr;
  ZoneLimit far;
  std::vector<LimitVariant> variants;
  std::optional<int> max_floors;
  std::vector<UseCell> uses;
};

/// The most a relaxation may raise a limit, as factors of the zone's value (시행령 제46조).
struct RelaxationCap {
  RuleMeta meta;
  std::optional<double> bcr_factor;
  std::optional<double> far_factor;
  std::optional<double> height_factor;
};

/// A district relaxation: the factors apply when the planned use is one of `uses` (or any use
/// when empty), the encouraged uses take at least `min_encouraged_share` of the floor area (any
/// share above 0 when absent), and every fact of `requires_facts` is stated.
struct Relaxation {
  RuleMeta meta;
  std::vector<std::string> uses;
  std::optional<double> min_encouraged_share;
  std::vector<std::string> requires_facts;
  std::optional<double> bcr_factor;
  std::optional<double> far_factor;
  std::optional<double> height_factor;
  bool up_to = false;  ///< the plan scales the factor: the relaxed limit is a range up to it
  std::string bcr_cap;
  std::string far_cap;
  std::string height_cap;
};

/// A use a district admits beyond its zones' rules when `when` holds. Id "<district>/<use>".
struct ExtraUse {
  RuleMeta meta;
  std::string use;
  Predicate when;
};

/// A district's FAR ceilings by zone code. Id "<district>/far-caps".
struct DistrictFarCaps {
  RuleMeta meta;
  std::map<std::string, double> by_zone_pct;
};

/// A district's base height limits (metres, a range over its blocks). Id "<district>/height".
struct DistrictHeight {
  RuleMeta meta;
  double min_m = 0.0;
  double max_m = 0.0;
};

/// A development promotion district (개발진흥지구); its id matches the districts layer's id.
struct District {
  RuleMeta meta;
  std::string name;
  std::string kind;
  std::string plan;  ///< its 지구단위계획, when one is known; empty = none known
  std::vector<std::string> encouraged_industries;
  std::vector<std::string> encouraged_uses;  ///< use ids the plan promotes
  std::vector<Relaxation> relaxations;
  std::vector<ExtraUse> extra_uses;
  std::optional<DistrictFarCaps> far_caps;
  std::optional<DistrictHeight> height;
};

/// A fact about the planned activity or the site that rules may test (default: not stated).
struct Fact {
  RuleMeta meta;
  std::string text;     ///< what stating it means
  std::string assumed;  ///< how the verdict words the default, e.g. "not an emission facility"
};

/// 국토계획법 제84조 / 시행령 제94조: a site across zones.
struct SplitParcelRule {
  RuleMeta meta;                 ///< the averaging rule (제84조①, 영 제94조)
  double small_part_m2 = 330.0;  ///< the smallest part at most this → averaging
  double strip_commercial_small_part_m2 = 660.0;
  std::string strip_commercial_fact;  ///< stated: a roadside strip commercial zone
  RuleMeta green;                     ///< 제84조③: 녹지 parts keep their own rules
  RuleMeta over_threshold;            ///< the smallest part above the threshold
};

/// A whole rules file. Lookups return nullptr when the id is unknown.
struct RuleSet {
  std::string path;  ///< as given to the loader, for messages
  std::string name;
  std::string version;
  std::string jurisdiction;
  std::string source;
  std::vector<Fact> facts;
  std::vector<Use> uses;
  std::vector<Zone> zones;
  std::vector<RelaxationCap> caps;
  std::vector<District> districts;
  std::optional<SplitParcelRule> split_parcel;

  const Use* use(const std::string& id) const;
  const Zone* zone(const std::string& id) const;
  const District* district(const std::string& id) const;
  const Fact* fact(const std::string& id) const;
  const RelaxationCap* cap(const std::string& id) const;

  /// The use a person means by `text`: an id, a 별표1 number ("17", "23의2"), a Korean or English
  /// name or an alias, compared without case, spaces or middle dots. Throws InputError naming
  /// the nearest known names when there is none.
  const Use& find_use(const std::string& text) const;

  /// Known names (ids, names, aliases) nearest to `text` by edit distance over Unicode code
  /// points, best first; at most `max` of them, only reasonably close ones.
  std::vector<std::string> suggest_uses(const std::string& text, std::size_t max = 3) const;

  /// Known fact ids nearest to `text`.
  std::vector<std::string> suggest_facts(const std::string& text, std::size_t max = 3) const;

  /// Known zone codes nearest to `text`.
  std::vector<std::string> suggest_zones(const std::string& text, std::size_t max = 3) const;
};

/// Levenshtein distance between two UTF-8 strings, counted in Unicode code points (so one
/// Hangul syllable is one edit).
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace jigu
