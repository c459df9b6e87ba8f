// May this planned activity be built on this site? The rules engine: a pure function over a
// located site (zone parts, districts, area), a planned activity and a rule set.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jigu/locate.hpp"
#include "jigu/rules.hpp"

namespace jigu {

/// The planned activity. Floor areas in m², height in m, shares 0..1, BCR/FAR in percent.
struct PlannedActivity {
  std::string use;                      ///< as typed: an id, a 별표1 number, a name or an alias
  std::optional<double> floor_area_m2;  ///< floor area of the use (classifies sub-uses by size)
  std::optional<double> footprint_m2;   ///< building area (건축면적); gives the planned BCR
  std::optional<double> height_m;
  std::optional<double> encouraged_share;  ///< share of the floor area in encouraged uses
  bool public_open_space = false;          ///< states the fact "public-open-space"
  std::optional<double> far_pct;           ///< planned FAR
  std::optional<double> bcr_pct;           ///< planned BCR (overrides --footprint)
  std::vector<std::string> facts;          ///< fact ids stated true

  /// Throws ParameterUsageError (jigu/error.hpp) naming the parameter's id (jigu/activity.hpp)
  /// for an empty use or a value outside its range (a negative number, a share outside 0..1).
  void validate() const;
};

/// Engine settings that are not law.
struct CheckOptions {
  /// Zone parts smaller than this are digitising slivers and are ignored (with a note).
  double sliver_m2 = 0.5;
  void validate() const;
};

enum class VerdictStatus { Permitted, PermittedWithConditions, Prohibited, Undetermined };

/// "permitted", "permitted with conditions", "prohibited", "undetermined".
std::string to_string(VerdictStatus status);

/// Why a permission is conditional.
enum class ConditionKind {
  Ordinance,       ///< depends on the city ordinance, whose position the rules do not hold
  PlanConformity,  ///< depends on conforming to the district's 지구단위계획
  Unconfirmed,     ///< rests on a rule marked unconfirmed
  Part,            ///< holds on some parts of a split site only
  Limit,           ///< a planned value may exceed a limit that varies within the district
};

/// "ordinance", "지구단위계획 conformity", "unconfirmed rule", "part of the site", "limit".
std::string to_string(ConditionKind kind);

struct Condition {
  ConditionKind kind = ConditionKind::Unconfirmed;
  std::string rule_id;
  std::string text;
};

/// One link of the chain of reasons.
struct Reason {
  std::string step;  ///< "use", "class", "site", "split", "zone", "district", "bcr", "far", …
  std::string rule_id;
  std::string text;
  std::string source;
  bool unconfirmed = false;
};

/// A limit's value: a single number (low == high) or a range over the district's blocks.
struct Range {
  double low = 0.0;
  double high = 0.0;
  bool single() const { return high - low < 1e-9; }
};

enum class LimitOutcome { NotGiven, Within, Exceeds, Depends, NoLimit };

/// "not given", "within", "exceeds", "depends", "no limit known".
std::string to_string(LimitOutcome outcome);

/// One limit (BCR %, FAR %, height m) with the planned value against it.
struct LimitCheck {
  std::string quantity;          ///< "bcr_pct", "far_pct", "height_m"
  std::optional<Range> base;     ///< the zone's (area-weighted when averaged); none = not known
  std::optional<Range> relaxed;  ///< after the district's relaxation; none = none applies
  std::optional<double> planned;
  std::string planned_from;  ///< e.g. "--far", "--footprint 400 m² / site 736.84 m²"
  LimitOutcome outcome = LimitOutcome::NotGiven;
  std::vector<std::string> rule_ids;
  bool unconfirmed = false;

  /// The limit that applies: relaxed when there is one, else base.
  std::optional<Range> applicable() const { return relaxed ? relaxed : base; }
};

/// A zone part of the site.
struct ZonePart {
  std::string code;
  std::string name;
  double area_m2 = 0.0;
  double share = 0.0;
};

/// Parts of the site under one set of rules: the whole site when one zone or averaged
/// (영 제94조), else one part per zone.
struct Regime {
  std::vector<ZonePart> parts;
  std::string governing_zone;  ///< uses (and other rules) follow this zone
  bool averaged = false;       ///< BCR/FAR are area-weighted averages of the parts
  std::string rule_id;         ///< the split rule that formed it; empty for a one-zone site
  double area_m2 = 0.0;
  VerdictStatus status = VerdictStatus::Undetermined;  ///< of the use here
  std::vector<LimitCheck> limits;                      ///< bcr_pct, far_pct, height_m
};

/// The use as resolved: what was typed, the use, and its 별표1 class.
struct ResolvedUse {
  std::string typed;
  std::string id;
  std::string name;      ///< Korean name
  std::string class_id;  ///< the 별표1 class
  std::string class_name;
  bool class_unconfirmed = false;
};

struct Verdict {
  std::string site_label;
  double site_area_m2 = 0.0;
  ResolvedUse use;
  VerdictStatus status = VerdictStatus::Undetermined;
  std::vector<Condition> conditions;
  std::vector<Regime> regimes;
  std::optional<std::string> district;   ///< the district whose rules applied
  std::vector<Reason> reasons;           ///< the chain, in the order the engine used them
  std::vector<std::string> unconfirmed;  ///< ids of unconfirmed rules among the reasons
  std::vector<std::string> notes;        ///< what the engine could not decide or assumed
};

/// Checks `activity` on the located `site` against `rules`. Pure: no I/O, no global state.
/// Throws ParameterUsageError for a bad activity (see PlannedActivity::validate, a use classed by
/// size without a floor area), ParameterInputError for a use or fact the rules do not know (with
/// the nearest names), and InputError for a site in no zone or a zone code the rules do not know.
Verdict check(const RuleSet& rules, const LocateResult& site, const PlannedActivity& activity,
              const CheckOptions& options = {});

}  // namespace jigu
