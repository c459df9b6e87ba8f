// Reading a rules file: TOML into a RuleSet, every key known, every value of its type, every id
// well formed and unique. References between entries are checked afterwards
// (rules_file_references.cpp).
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "io/rules_file_parts.hpp"
#include "jigu/rules.hpp"
#include "model/names.hpp"

namespace jigu::io {

using model::code_points;
using model::nearest;
using model::quoted_list;

namespace {

// Nothing at all, or only white space (ASCII, no-break or ideographic).
bool blank(const std::string& s) {
  const std::u32string text = code_points(s);
  return std::all_of(text.begin(), text.end(), [](char32_t cp) {
    return cp == U' ' || (cp >= U'\t' && cp <= U'\r') || cp == U'\u00A0' || cp == U'\u3000';
  });
}
// TOML's nodes as the rules' values: each wrong type, missing key or bad id an error at its
// line and column.
class Reader {
 public:
  explicit Reader(RulesDiagnostics& out) : m_out(out) {}

  static RulesPosition pos(const toml::source_region& r) {
    return {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  static RulesPosition pos(const toml::node& n) { return pos(n.source()); }

  void error(const RulesPosition& p, const std::string& what) { m_out.error(p, what); }
  void warning(const RulesPosition& p, const std::string& what) { m_out.warning(p, what); }

  // Unknown keys are errors (a misspelt `unconfirmed` must not pass silently).
  void check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                  const std::string& what) {
    for (const auto& [key, node] : t) {
      const std::string k(key.str());
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::vector<std::pair<std::string, std::string>> names;
      for (const auto& a : allowed) names.emplace_back(a, a);
      const auto near = nearest(k, names, 2);
      error(pos(key.source()),
            "unknown key '" + k + "' in " + what +
                (near.empty() ? "" : "; did you mean " + quoted_list(near) + "?"));
    }
  }

  std::string str(const toml::table& t, const std::string& key, const std::string& what,
                  bool required = false) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) error(pos(t), what + " needs '" + key + "'");
      return {};
    }
    if (!n->is_string()) {
      error(pos(*n), "'" + key + "' of " + what + " must be a string");
      return {};
    }
    std::string v = n->as_string()->get();
    if (required && v.empty()) error(pos(*n), "'" + key + "' of " + what + " must not be empty");
    return v;
  }

  std::optional<double> num(const toml::table& t, const std::string& key, const std::string& what,
                            bool required = false) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) error(pos(t), what + " needs '" + key + "'");
      return std::nullopt;
    }
    if (!n->is_number()) {
      error(pos(*n), "'" + key + "' of " + what + " must be a number");
      return std::nullopt;
    }
    const double v = n->value<double>().value_or(0.0);
    if (!std::isfinite(v) || v < 0) {
      error(pos(*n), "'" + key + "' of " + what + " must be a finite number ≥ 0");
      return std::nullopt;
    }
    return v;
  }

  bool flag(const toml::table& t, const std::string& key, const std::string& what) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return false;
    if (!n->is_boolean()) {
      error(pos(*n), "'" + key + "' of " + what + " must be true or false");
      return false;
    }
    return n->as_boolean()->get();
  }

  std::vector<std::string> strings(const toml::table& t, const std::string& key,
                                   const std::string& what) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      error(pos(*n), "'" + key + "' of " + what + " must be an array of strings");
      return out;
    }
    for (const auto& el : *a) {
      if (!el.is_string()) {
        error(pos(el), "'" + key + "' of " + what + " must hold strings only");
        continue;
      }
      out.push_back(el.as_string()->get());
    }
    return out;
  }

  // Free text shown to people (a use's aliases, a district's encouraged industries). A blank
  // entry is accepted, but it prints as nothing, or as "a; ; b", wherever the list is shown, so
  // each one gets a warning at its own line and column.
  std::vector<std::string> free_text(const toml::table& t, const std::string& key,
                                     const std::string& what) {
    std::vector<std::string> out = strings(t, key, what);
    const toml::array* a = t.get_as<toml::array>(key);
    if (a == nullptr) return out;
    std::size_t entry = 0;
    for (const auto& el : *a) {
      ++entry;
      const toml::value<std::string>* text = el.as_string();
      if (text == nullptr || !blank(text->get())) continue;
      warning(pos(el), what + ": entry " + std::to_string(entry) + " of '" + key + "' is " +
                           (text->get().empty() ? "empty" : "only white space") +
                           "; remove it or fill it in");
    }
    return out;
  }

  const toml::table* table(const toml::node& n, const std::string& what) {
    const toml::table* t = n.as_table();
    if (t == nullptr) error(pos(n), what + " must be a table");
    return t;
  }

  // Array of tables at `key` (either [[key]] or key = [ {...}, ... ]).
  std::vector<const toml::table*> tables(const toml::table& t, const std::string& key,
                                         const std::string& what) {
    std::vector<const toml::table*> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      error(pos(*n), "'" + key + "' must be an array of tables ([[" + key + "]]) in " + what);
      return out;
    }
    for (const auto& el : *a) {
      if (const toml::table* e = table(el, "each entry of '" + key + "' in " + what)) {
        out.push_back(e);
      }
    }
    return out;
  }

  // The fields every entry has. `inherited_source` stands in when the entry has none.
  RuleMeta meta(const toml::table& t, const std::string& what, std::string id,
                const std::string& inherited_source = {}) {
    RuleMeta m;
    const toml::node* id_node = t.get("id");
    m.where = id_node != nullptr ? pos(*id_node) : pos(t);  // an entry is where its id is
    m.id = std::move(id);
    m.source = str(t, "source", what);
    if (m.source.empty()) m.source = inherited_source;
    if (m.source.empty())
      error(m.where, what + " needs a 'source' (the law, article or reference)");
    m.url = str(t, "url", what);
    m.note = str(t, "note", what);
    m.unconfirmed = flag(t, "unconfirmed", what);
    return m;
  }

  // An explicit id: present, well formed, unique.
  std::string explicit_id(const toml::table& t, const std::string& what) {
    const std::string id = str(t, "id", what, true);
    if (id.empty()) return id;
    const bool well_formed =
        std::all_of(id.begin(), id.end(),
                    [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                    }) &&
        id.front() != '-' && id.front() != '.';
    if (!well_formed) {
      error(pos(*t.get("id")), "id '" + id + "' of " + what +
                                   " may hold only ASCII letters, digits, '-', '_' and '.'");
    }
    return id;
  }

  void register_id(const std::string& id, const RulesPosition& where, const std::string& what) {
    if (id.empty()) return;
    auto [it, inserted] = m_ids.emplace(id, where);
    if (!inserted) {
      error(where,
            "duplicate id '" + id + "' (" + what + "); first defined at " + m_out.at(it->second));
    }
  }

 private:
  RulesDiagnostics& m_out;
  std::map<std::string, RulesPosition> m_ids;
};

const std::vector<std::string> kMetaKeys = {"source", "url", "note", "unconfirmed"};

std::vector<std::string> with_meta(std::vector<std::string> keys) {
  keys.insert(keys.end(), kMetaKeys.begin(), kMetaKeys.end());
  return keys;
}

std::optional<UseRule> parse_use_rule(const std::string& text) {
  if (text == "allowed") return UseRule::Allowed;
  if (text == "ordinance-allows") return UseRule::OrdinanceAllows;
  if (text == "ordinance-may-ban") return UseRule::OrdinanceMayBan;
  if (text == "banned") return UseRule::Banned;
  if (text == "conditional") return UseRule::Conditional;
  return std::nullopt;
}

const char* kRuleNames =
    "'allowed', 'ordinance-allows', 'ordinance-may-ban', 'banned' or 'conditional'";

struct Parser {
  Reader& r;
  RuleSet& rules;

  Predicate predicate(const toml::node& n, const std::string& what) {
    Predicate p;
    const toml::table* t = r.table(n, "'when' of " + what);
    if (t == nullptr) return p;
    r.check_keys(*t, {"floor_area_below_m2", "floor_area_at_least_m2", "facts", "not_facts"},
                 "'when' of " + what);
    p.floor_area_below_m2 = r.num(*t, "floor_area_below_m2", "'when' of " + what);
    p.floor_area_at_least_m2 = r.num(*t, "floor_area_at_least_m2", "'when' of " + what);
    p.facts = r.strings(*t, "facts", "'when' of " + what);
    p.not_facts = r.strings(*t, "not_facts", "'when' of " + what);
    if (p.empty()) r.error(Reader::pos(n), "'when' of " + what + " states no condition");
    return p;
  }

  void rules_table(const toml::table& root) {
    const toml::node* n = root.get("rules");
    if (n == nullptr) {
      r.error({1, 1}, "the file has no [rules] table (name, version, source)");
      return;
    }
    const toml::table* t = r.table(*n, "[rules]");
    if (t == nullptr) return;
    r.check_keys(*t, {"name", "version", "jurisdiction", "source", "note"}, "[rules]");
    rules.name = r.str(*t, "name", "[rules]", true);
    rules.version = r.str(*t, "version", "[rules]", true);
    rules.jurisdiction = r.str(*t, "jurisdiction", "[rules]");
    rules.source = r.str(*t, "source", "[rules]", true);
  }

  void facts(const toml::table& root) {
    for (const toml::table* t : r.tables(root, "facts", "the file")) {
      const std::string what = "a [[facts]] entry";
      r.check_keys(*t, with_meta({"id", "text", "assumed"}), what);
      Fact f;
      const std::string id = r.explicit_id(*t, what);
      f.meta = r.meta(*t, "fact '" + id + "'", id);
      f.text = r.str(*t, "text", "fact '" + id + "'", true);
      f.assumed = r.str(*t, "assumed", "fact '" + id + "'");
      r.register_id(id, f.meta.where, "fact");
      rules.facts.push_back(std::move(f));
    }
  }

  void uses(const toml::table& root) {
    for (const toml::table* t : r.tables(root, "uses", "the file")) {
      r.check_keys(*t, with_meta({"id", "number", "ko", "en", "aliases", "parent", "classify"}),
                   "a [[uses]] entry");
      Use u;
      const std::string id = r.explicit_id(*t, "a [[uses]] entry");
      const std::string what = "use '" + id + "'";
      u.meta = r.meta(*t, what, id);
      u.number = r.str(*t, "number", what);
      u.name_ko = r.str(*t, "ko", what, true);
      u.name_en = r.str(*t, "en", what);
      u.aliases = r.free_text(*t, "aliases", what);
      u.parent = r.str(*t, "parent", what);
      r.register_id(id, u.meta.where, "use");
      for (const toml::table* b : r.tables(*t, "classify", what)) {
        r.check_keys(*b, with_meta({"below_m2", "class", "item", "unless"}),
                     "'classify' of " + what);
        SizeBand band;
        band.below_m2 = r.num(*b, "below_m2", "'classify' of " + what);
        const std::string band_id =
            id + (band.below_m2 ? "/below-" + fmt_number(*band.below_m2) + "m2" : "/otherwise");
        band.meta = r.meta(*b, "'classify' of " + what, band_id);
        band.use_class = r.str(*b, "class", "'classify' of " + what, true);
        band.item = r.str(*b, "item", "'classify' of " + what);
        band.unless_facts = r.strings(*b, "unless", "'classify' of " + what);
        r.register_id(band_id, band.meta.where, "size band of use '" + id + "'");
        u.classify.push_back(std::move(band));
      }
      if (u.is_class() && (!u.parent.empty() || !u.classify.empty())) {
        r.error(u.meta.where, what +
                                  " is a 별표1 class (it has a 'number'); only sub-uses have "
                                  "'parent' or 'classify'");
      }
      if (!u.is_class() && u.parent.empty() && u.classify.empty()) {
        r.error(u.meta.where, what +
                                  " is a sub-use (no 'number'); it needs 'classify' (its "
                                  "class) or 'parent' (a use it is classified like)");
      }
      if (!u.parent.empty() && !u.classify.empty()) {
        r.error(u.meta.where, what + " has both 'parent' and 'classify'; give one");
      }
      rules.uses.push_back(std::move(u));
    }
  }

  UseOutcome outcome(const toml::node& n, const std::string& what) {
    UseOutcome o;
    if (n.is_string()) {
      const auto rule = parse_use_rule(n.as_string()->get());
      if (!rule || *rule == UseRule::Conditional) {
        r.error(Reader::pos(n), what +
                                    " must be 'allowed', 'ordinance-allows', "
                                    "'ordinance-may-ban' or 'banned'");
      } else {
        o.rule = *rule;
      }
      return o;
    }
    const toml::table* t = n.as_table();
    if (t == nullptr) {
      r.error(Reader::pos(n), what + " must be a rule name or a table {rule, unconfirmed, note}");
      return o;
    }
    r.check_keys(*t, {"rule", "unconfirmed", "note"}, what);
    if (const toml::node* rule = t->get("rule")) {
      o = outcome(*rule, what);
    } else {
      r.error(Reader::pos(*t), what + " needs 'rule'");
    }
    o.unconfirmed = r.flag(*t, "unconfirmed", what);
    o.note = r.str(*t, "note", what);
    return o;
  }

  UseCell cell(const toml::table& t, const std::string& zone_id, const std::string& zone_source) {
    const std::string base_what = "a use rule of zone '" + zone_id + "'";
    r.check_keys(
        t, with_meta({"use", "rule", "when", "then", "otherwise", "ordinance", "ordinance_source"}),
        base_what);
    UseCell c;
    c.use = r.str(t, "use", base_what, true);
    const std::string id = zone_id + "/" + c.use;
    const std::string what = "use rule '" + id + "'";
    c.meta = r.meta(t, what, id, zone_source);
    r.register_id(id, c.meta.where, "zone '" + zone_id + "' names use '" + c.use + "' twice");
    const std::string rule = r.str(t, "rule", what, true);
    if (!rule.empty()) {
      if (auto parsed = parse_use_rule(rule)) {
        c.rule = *parsed;
      } else {
        r.error(Reader::pos(*t.get("rule")),
                "'rule' of " + what + " is '" + rule + "'; it must be " + kRuleNames);
      }
    }
    const bool conditional = c.rule == UseRule::Conditional;
    if (const toml::node* w = t.get("when")) {
      if (conditional) c.when = predicate(*w, what);
    }
    if (conditional) {
      if (t.get("when") == nullptr)
        r.error(c.meta.where, what + " is conditional; it needs 'when'");
      if (const toml::node* th = t.get("then")) {
        c.then = outcome(*th, "'then' of " + what);
      } else {
        r.error(c.meta.where, what + " is conditional; it needs 'then'");
      }
      if (const toml::node* o = t.get("otherwise"))
        c.otherwise = outcome(*o, "'otherwise' of " + what);
    } else {
      for (const char* key : {"when", "then", "otherwise"}) {
        if (const toml::node* n = t.get(key)) {
          r.error(Reader::pos(*n),
                  "'" + std::string(key) + "' of " + what + " needs rule = \"conditional\"");
        }
      }
    }
    const std::string ordinance = r.str(t, "ordinance", what);
    if (ordinance == "allows") {
      c.ordinance = OrdinancePosition::Allows;
    } else if (ordinance == "bans") {
      c.ordinance = OrdinancePosition::Bans;
    } else if (!ordinance.empty()) {
      r.error(Reader::pos(*t.get("ordinance")),
              "'ordinance' of " + what + " must be 'allows' or 'bans' (omit it when unknown)");
    }
    c.ordinance_source = r.str(t, "ordinance_source", what);
    if (c.ordinance != OrdinancePosition::Unknown && c.ordinance_source.empty()) {
      r.error(c.meta.where, what + " states the ordinance's position; it needs 'ordinance_source'");
    }
    return c;
  }

  ZoneLimit limit(const toml::table& zone, const std::string& key, const std::string& zone_id) {
    ZoneLimit l;
    const std::string id = zone_id + "/" + key;
    const toml::node* n = zone.get(key);
    if (n == nullptr) {
      r.error(Reader::pos(zone), "zone '" + zone_id + "' needs '" + key +
                                     "' = { seoul = …, national_max = …, source = … }");
      return l;
    }
    const toml::table* t = r.table(*n, "'" + key + "' of zone '" + zone_id + "'");
    if (t == nullptr) return l;
    const std::string what = "'" + id + "'";
    r.check_keys(*t, with_meta({"seoul", "national_min", "national_max"}), what);
    l.meta = r.meta(*t, what, id);
    l.seoul_pct = r.num(*t, "seoul", what, true).value_or(0.0);
    l.national_min_pct = r.num(*t, "national_min", what);
    l.national_max_pct = r.num(*t, "national_max", what);
    r.register_id(id, l.meta.where, key + " of zone '" + zone_id + "'");
    return l;
  }

  void zones(const toml::table& root) {
    for (const toml::table* t : r.tables(root, "zones", "the file")) {
      r.check_keys(*t,
                   with_meta({"id", "ko", "en", "family", "list", "uses_like", "bcr", "far",
                              "variants", "max_floors", "uses_source", "uses"}),
                   "a [[zones]] entry");
      Zone z;
      const std::string id = r.explicit_id(*t, "a [[zones]] entry");
      const std::string what = "zone '" + id + "'";
      z.meta = r.meta(*t, what, id);
      r.register_id(id, z.meta.where, "zone");
      z.name_ko = r.str(*t, "ko", what, true);
      z.name_en = r.str(*t, "en", what);
      const std::string family = r.str(*t, "family", what, true);
      static const std::map<std::string, ZoneFamily> families = {
          {"residential", ZoneFamily::Residential},
          {"commercial", ZoneFamily::Commercial},
          {"industrial", ZoneFamily::Industrial},
          {"green", ZoneFamily::Green},
          {"other", ZoneFamily::Other}};
      if (auto it = families.find(family); it != families.end()) {
        z.family = it->second;
      } else if (!family.empty()) {
        r.error(Reader::pos(*t->get("family")),
                "'family' of " + what +
                    " must be 'residential', 'commercial', 'industrial', 'green' or 'other'");
      }
      const std::string list = r.str(*t, "list", what);
      if (list == "may-build") {
        z.list = UseList::MayBuild;
      } else if (list == "may-not-build") {
        z.list = UseList::MayNotBuild;
      } else if (!list.empty()) {
        r.error(Reader::pos(*t->get("list")),
                "'list' of " + what + " must be 'may-build' or 'may-not-build'");
      }
      z.uses_like = r.str(*t, "uses_like", what);
      z.bcr = limit(*t, "bcr", id);
      z.far = limit(*t, "far", id);
      for (const toml::table* v : r.tables(*t, "variants", what)) {
        r.check_keys(*v, with_meta({"id", "when", "bcr", "far"}), "a variant of " + what);
        LimitVariant lv;
        const std::string vid = r.explicit_id(*v, "a variant of " + what);
        lv.meta = r.meta(*v, "variant '" + vid + "'", vid);
        r.register_id(vid, lv.meta.where, "limit variant");
        if (const toml::node* w = v->get("when")) {
          lv.when = predicate(*w, "variant '" + vid + "'");
        } else {
          r.error(lv.meta.where, "variant '" + vid + "' needs 'when'");
        }
        lv.bcr_pct = r.num(*v, "bcr", "variant '" + vid + "'");
        lv.far_pct = r.num(*v, "far", "variant '" + vid + "'");
        if (!lv.bcr_pct && !lv.far_pct) {
          r.error(lv.meta.where, "variant '" + vid + "' changes neither 'bcr' nor 'far'");
        }
        z.variants.push_back(std::move(lv));
      }
      if (auto floors = r.num(*t, "max_floors", what)) z.max_floors = static_cast<int>(*floors);
      const std::string uses_source = r.str(*t, "uses_source", what);
      if (const toml::node* n = t->get("uses")) {
        const toml::array* a = n->as_array();
        if (a == nullptr) {
          r.error(Reader::pos(*n), "'uses' of " + what + " must be an array of tables");
        } else {
          for (const auto& el : *a) {
            if (const toml::table* ct = r.table(el, "each entry of 'uses' of " + what)) {
              z.uses.push_back(cell(*ct, id, uses_source));
            }
          }
        }
      }
      if (!z.uses.empty() && !z.uses_like.empty()) {
        r.error(z.meta.where, what + " has both 'uses' and 'uses_like'; give one");
      }
      if (!z.uses.empty() && z.list == UseList::None) {
        r.error(z.meta.where, what +
                                  " has a use matrix; say whether its annex lists what may "
                                  "be built: list = \"may-build\" or \"may-not-build\"");
      }
      rules.zones.push_back(std::move(z));
    }
  }

  void caps(const toml::table& root) {
    for (const toml::table* t : r.tables(root, "caps", "the file")) {
      r.check_keys(*t, with_meta({"id", "bcr_factor", "far_factor", "height_factor"}),
                   "a [[caps]] entry");
      RelaxationCap c;
      const std::string id = r.explicit_id(*t, "a [[caps]] entry");
      const std::string what = "cap '" + id + "'";
      c.meta = r.meta(*t, what, id);
      r.register_id(id, c.meta.where, "cap");
      c.bcr_factor = r.num(*t, "bcr_factor", what);
      c.far_factor = r.num(*t, "far_factor", what);
      c.height_factor = r.num(*t, "height_factor", what);
      if (!c.bcr_factor && !c.far_factor && !c.height_factor) {
        r.error(c.meta.where, what + " caps nothing; give bcr_factor, far_factor or height_factor");
      }
      rules.caps.push_back(std::move(c));
    }
  }

  void districts(const toml::table& root) {
    for (const toml::table* t : r.tables(root, "districts", "the file")) {
      r.check_keys(
          *t,
          with_meta({"id", "name", "kind", "plan", "encouraged_industries", "encouraged_uses",
                     "relaxations", "extra_uses", "far_caps", "height"}),
          "a [[districts]] entry");
      District d;
      const std::string id = r.explicit_id(*t, "a [[districts]] entry");
      const std::string what = "district '" + id + "'";
      d.meta = r.meta(*t, what, id);
      r.register_id(id, d.meta.where, "district");
      d.name = r.str(*t, "name", what, true);
      d.kind = r.str(*t, "kind", what);
      d.plan = r.str(*t, "plan", what);
      d.encouraged_industries = r.free_text(*t, "encouraged_industries", what);
      d.encouraged_uses = r.strings(*t, "encouraged_uses", what);
      for (const toml::table* x : r.tables(*t, "relaxations", what)) {
        r.check_keys(
            *x,
            with_meta({"id", "uses", "min_encouraged_share", "requires", "bcr_factor", "far_factor",
                       "height_factor", "up_to", "bcr_cap", "far_cap", "height_cap"}),
            "a relaxation of " + what);
        Relaxation rx;
        const std::string rid = r.explicit_id(*x, "a relaxation of " + what);
        const std::string rwhat = "relaxation '" + rid + "'";
        rx.meta = r.meta(*x, rwhat, rid);
        r.register_id(rid, rx.meta.where, "relaxation");
        rx.uses = r.strings(*x, "uses", rwhat);
        rx.min_encouraged_share = r.num(*x, "min_encouraged_share", rwhat);
        if (rx.min_encouraged_share && *rx.min_encouraged_share > 1.0) {
          r.error(Reader::pos(*x->get("min_encouraged_share")),
                  "'min_encouraged_share' of " + rwhat + " is a share, 0 to 1");
        }
        rx.requires_facts = r.strings(*x, "requires", rwhat);
        rx.bcr_factor = r.num(*x, "bcr_factor", rwhat);
        rx.far_factor = r.num(*x, "far_factor", rwhat);
        rx.height_factor = r.num(*x, "height_factor", rwhat);
        rx.up_to = r.flag(*x, "up_to", rwhat);
        rx.bcr_cap = r.str(*x, "bcr_cap", rwhat);
        rx.far_cap = r.str(*x, "far_cap", rwhat);
        rx.height_cap = r.str(*x, "height_cap", rwhat);
        if (!rx.bcr_factor && !rx.far_factor && !rx.height_factor) {
          r.error(rx.meta.where, rwhat +
                                     " relaxes nothing; give far_factor, bcr_factor or "
                                     "height_factor");
        }
        d.relaxations.push_back(std::move(rx));
      }
      for (const toml::table* x : r.tables(*t, "extra_uses", what)) {
        r.check_keys(*x, with_meta({"use", "when"}), "an extra use of " + what);
        ExtraUse e;
        e.use = r.str(*x, "use", "an extra use of " + what, true);
        const std::string eid = id + "/" + e.use;
        e.meta = r.meta(*x, "extra use '" + eid + "'", eid);
        r.register_id(eid, e.meta.where, "extra use");
        if (const toml::node* w = x->get("when")) e.when = predicate(*w, "extra use '" + eid + "'");
        d.extra_uses.push_back(std::move(e));
      }
      if (const toml::node* n = t->get("far_caps")) {
        if (const toml::table* c = r.table(*n, "'far_caps' of " + what)) {
          r.check_keys(*c, with_meta({"by_zone"}), "'far_caps' of " + what);
          DistrictFarCaps caps;
          caps.meta = r.meta(*c, "'far_caps' of " + what, id + "/far-caps");
          r.register_id(caps.meta.id, caps.meta.where, "FAR caps");
          if (const toml::node* bz = c->get("by_zone")) {
            if (const toml::table* z = r.table(*bz, "'by_zone' of " + what)) {
              for (const auto& [code, value] : *z) {
                if (!value.is_number()) {
                  r.error(Reader::pos(value), "FAR cap of zone '" + std::string(code.str()) +
                                                  "' in " + what + " must be a number");
                  continue;
                }
                caps.by_zone_pct[std::string(code.str())] = value.value<double>().value_or(0.0);
              }
            }
          } else {
            r.error(caps.meta.where, "'far_caps' of " + what + " needs 'by_zone'");
          }
          d.far_caps = std::move(caps);
        }
      }
      if (const toml::node* n = t->get("height")) {
        if (const toml::table* h = r.table(*n, "'height' of " + what)) {
          r.check_keys(*h, with_meta({"min_m", "max_m"}), "'height' of " + what);
          DistrictHeight height;
          height.meta = r.meta(*h, "'height' of " + what, id + "/height");
          r.register_id(height.meta.id, height.meta.where, "height");
          height.min_m = r.num(*h, "min_m", "'height' of " + what, true).value_or(0.0);
          height.max_m = r.num(*h, "max_m", "'height' of " + what, true).value_or(0.0);
          if (height.max_m < height.min_m) {
            r.error(height.meta.where, "'height' of " + what + ": max_m is below min_m");
          }
          d.height = height;
        }
      }
      rules.districts.push_back(std::move(d));
    }
  }

  void split_parcel(const toml::table& root) {
    const toml::node* n = root.get("split_parcel");
    if (n == nullptr) return;
    const toml::table* t = r.table(*n, "[split_parcel]");
    if (t == nullptr) return;
    r.check_keys(*t,
                 with_meta({"id", "small_part_m2", "strip_commercial_small_part_m2",
                            "strip_commercial_fact", "green", "over_threshold"}),
                 "[split_parcel]");
    SplitParcelRule s;
    const std::string id = r.explicit_id(*t, "[split_parcel]");
    s.meta = r.meta(*t, "[split_parcel]", id);
    r.register_id(id, s.meta.where, "split-parcel rule");
    s.small_part_m2 = r.num(*t, "small_part_m2", "[split_parcel]", true).value_or(330.0);
    s.strip_commercial_small_part_m2 =
        r.num(*t, "strip_commercial_small_part_m2", "[split_parcel]").value_or(s.small_part_m2);
    s.strip_commercial_fact = r.str(*t, "strip_commercial_fact", "[split_parcel]");
    auto sub = [&](const char* key, RuleMeta& meta) {
      const toml::node* sn = t->get(key);
      if (sn == nullptr) {
        r.error(s.meta.where, std::string("[split_parcel] needs [split_parcel.") + key + "]");
        return;
      }
      const std::string what = std::string("[split_parcel.") + key + "]";
      if (const toml::table* st = r.table(*sn, what)) {
        r.check_keys(*st, with_meta({"id"}), what);
        const std::string sid = r.explicit_id(*st, what);
        meta = r.meta(*st, what, sid);
        r.register_id(sid, meta.where, what);
      }
    };
    sub("green", s.green);
    sub("over_threshold", s.over_threshold);
    rules.split_parcel = std::move(s);
  }
};

}  // namespace

bool read_rules(const std::string& text, const std::string& name, RuleSet& rules,
                RulesDiagnostics& out) {
  Reader reader(out);
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    reader.error(Reader::pos(e.source()), std::string(e.description()));
    return false;
  }
  Parser p{reader, rules};
  reader.check_keys(root, {"rules", "facts", "uses", "zones", "caps", "districts", "split_parcel"},
                    "the file");
  p.rules_table(root);
  p.facts(root);
  p.uses(root);
  p.zones(root);
  p.caps(root);
  p.districts(root);
  p.split_parcel(root);
  return true;
}

}  // namespace jigu::io
