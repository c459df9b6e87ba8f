// The rules file (TOML, docs/rules.md): loading, checking every reference, and linting.
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "io/encoding.hpp"
#include "jigu/error.hpp"
#include "jigu/rules.hpp"

namespace jigu {

std::string to_string(UseRule rule) {
  switch (rule) {
    case UseRule::Allowed:
      return "allowed";
    case UseRule::OrdinanceAllows:
      return "ordinance-allows";
    case UseRule::OrdinanceMayBan:
      return "ordinance-may-ban";
    case UseRule::Banned:
      return "banned";
    case UseRule::Conditional:
      return "conditional";
  }
  return "?";
}

// ---- names, edit distance, suggestions -------------------------------------------------------

namespace {

std::u32string code_points(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Lower-case ASCII, drop spaces, middle dots, hyphens and underscores: "제2종 근린생활시설" and
// "제2종근린생활시설" are one name, as are "Knowledge-Industry Center" and "knowledge industry
// center".
std::u32string normalise(const std::string& s) {
  std::u32string out;
  for (char32_t cp : code_points(s)) {
    if (cp == U' ' || cp == U'\t' || cp == U'\u00B7' || cp == U'\u30FB' || cp == U'\u2027' ||
        cp == U'-' || cp == U'_' || cp == U'\u2010' || cp == U'\u2013') {
      continue;
    }
    if (cp >= U'A' && cp <= U'Z') cp = cp - U'A' + U'a';
    out.push_back(cp);
  }
  return out;
}

std::size_t distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// How far `typed` is from `candidate`, or nothing when they are too far apart to suggest.
std::optional<std::size_t> closeness(const std::u32string& typed, const std::u32string& candidate) {
  if (typed.empty() || candidate.empty()) return std::nullopt;
  const std::size_t limit = std::max<std::size_t>(1, (typed.size() + 1) / 4);
  // The distance is at least the difference in length: a typed text much longer than the
  // candidate (a hostile megabyte) is ruled out without the quadratic comparison.
  if (typed.size() > candidate.size() + limit) return std::nullopt;
  const std::size_t d = distance(typed, candidate);
  if (d <= limit) return d;
  // A fragment of a longer name ("지식산업" for "지식산업센터") is worth suggesting too.
  if (typed.size() >= 2 && candidate.find(typed) != std::u32string::npos) return d;
  return std::nullopt;
}

struct Candidate {
  std::size_t distance;
  std::string shown;
};

std::vector<std::string> nearest(const std::string& typed,
                                 const std::vector<std::pair<std::string, std::string>>& names,
                                 std::size_t max) {
  // names: (text to compare, text to show); one suggestion per shown text, best first.
  const std::u32string t = normalise(typed);
  std::map<std::string, std::size_t> best;
  for (const auto& [text, shown] : names) {
    if (auto d = closeness(t, normalise(text))) {
      auto it = best.find(shown);
      if (it == best.end() || *d < it->second) best[shown] = *d;
    }
  }
  std::vector<Candidate> list;
  for (const auto& [shown, d] : best) list.push_back({d, shown});
  std::stable_sort(list.begin(), list.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
  std::vector<std::string> out;
  for (const auto& c : list) {
    if (out.size() == max) break;
    out.push_back(c.shown);
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0                  ? ""
            : i + 1 == names.size() ? " or "
                                    : ", ") +
           std::string("'") + names[i] + "'";
  }
  return out;
}

std::string use_shown(const Use& u) {
  return u.name_ko.empty() ? u.meta.id : u.name_ko + " (" + u.meta.id + ")";
}

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) {
  return distance(code_points(a), code_points(b));
}

// ---- lookups ---------------------------------------------------------------------------------

namespace {

template <typename T>
const T* by_id(const std::vector<T>& list, const std::string& id) {
  for (const auto& item : list) {
    if (item.meta.id == id) return &item;
  }
  return nullptr;
}

}  // namespace

const Use* RuleSet::use(const std::string& id) const {
  return by_id(uses, id);
}
const Zone* RuleSet::zone(const std::string& id) const {
  return by_id(zones, id);
}
const District* RuleSet::district(const std::string& id) const {
  return by_id(districts, id);
}
const Fact* RuleSet::fact(const std::string& id) const {
  return by_id(facts, id);
}
const RelaxationCap* RuleSet::cap(const std::string& id) const {
  return by_id(caps, id);
}

const Use& RuleSet::find_use(const std::string& text) const {
  const std::u32string typed = normalise(text);
  if (!typed.empty()) {
    for (const auto& u : uses) {
      if (normalise(u.meta.id) == typed || (!u.number.empty() && normalise(u.number) == typed)) {
        return u;
      }
    }
    for (const auto& u : uses) {
      if (normalise(u.name_ko) == typed || normalise(u.name_en) == typed) return u;
      for (const auto& alias : u.aliases) {
        if (normalise(alias) == typed) return u;
      }
    }
  }
  const auto near = suggest_uses(text);
  throw InputError("use '" + text + "' is not in the rules" +
                   (near.empty() ? "; 'jigu rules uses' lists the known uses"
                                 : "; did you mean " + quoted_list(near) + "?"));
}

namespace {

// A name to compare, and each of its words when it has several (split at spaces and hyphens).
void add_with_words(std::vector<std::pair<std::string, std::string>>& names,
                    const std::string& text, const std::string& shown) {
  if (text.empty()) return;
  names.emplace_back(text, shown);
  if (text.find_first_of(" -") == std::string::npos) return;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(" -", start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (code_points(word).size() >= 3) names.emplace_back(word, shown);
    start = end + 1;
  }
}

}  // namespace

std::vector<std::string> RuleSet::suggest_uses(const std::string& text, std::size_t max) const {
  std::vector<std::pair<std::string, std::string>> names;
  // Whole names, and the words of names of several words ("jewelery" finds "jewelry workshop").
  auto add = [&names](const std::string& name_text, const std::string& shown) {
    add_with_words(names, name_text, shown);
  };
  for (const auto& u : uses) {
    const std::string shown = use_shown(u);
    add(u.meta.id, shown);
    add(u.name_ko, shown);
    add(u.name_en, shown);
    for (const auto& alias : u.aliases) add(alias, shown);
  }
  return nearest(text, names, max);
}

std::vector<std::string> RuleSet::suggest_facts(const std::string& text, std::size_t max) const {
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& f : facts) add_with_words(names, f.meta.id, f.meta.id);
  return nearest(text, names, max);
}

std::vector<std::string> RuleSet::suggest_zones(const std::string& text, std::size_t max) const {
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& z : zones) {
    names.emplace_back(z.meta.id, z.meta.id);
    names.emplace_back(z.name_ko, z.meta.id);
  }
  return nearest(text, names, max);
}

// ---- the reader ------------------------------------------------------------------------------

namespace {

using Severity = RulesDiagnostic::Severity;

std::string fmt_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// A diagnostic quotes ids and values from the file between single quotes; a quoted run longer
// than 120 bytes is cut to its head and tail, so a hostile 10 MB id still gives a short message
// that says what is wrong.
std::string shorten_quoted(const std::string& message) {
  constexpr std::size_t kLong = 120, kHead = 60, kTail = 20;
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    const std::size_t open = message.find('\'', i);
    const std::size_t close = open == std::string::npos ? open : message.find('\'', open + 1);
    if (close == std::string::npos) break;
    out.append(message, i, open + 1 - i);
    const std::string_view quoted = std::string_view(message).substr(open + 1, close - open - 1);
    if (quoted.size() > kLong) {
      const std::string_view head = io::utf8_head(quoted, kHead);
      const std::string_view tail = io::utf8_tail(quoted, kTail);
      out += head;
      out += "…[" + std::to_string(quoted.size() - head.size() - tail.size()) + " bytes]…";
      out += tail;
    } else {
      out += quoted;
    }
    out += '\'';
    i = close + 1;
  }
  out.append(message, std::min(i, message.size()));
  return out;
}

// Nothing at all, or only white space (ASCII, no-break or ideographic).
bool blank(const std::string& s) {
  const std::u32string text = code_points(s);
  return std::all_of(text.begin(), text.end(), [](char32_t cp) {
    return cp == U' ' || (cp >= U'\t' && cp <= U'\r') || cp == U'\u00A0' || cp == U'\u3000';
  });
}

class Reader {
 public:
  explicit Reader(std::string name) : m_name(std::move(name)) {}

  std::vector<RulesDiagnostic> diagnostics;

  std::string at(const RulesPosition& p) const {
    if (p.line == 0) return "'" + m_name + "'";
    return "'" + m_name + "' line " + std::to_string(p.line) + " column " +
           std::to_string(p.column);
  }
  static RulesPosition pos(const toml::source_region& r) {
    return {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  static RulesPosition pos(const toml::node& n) { return pos(n.source()); }

  void error(const RulesPosition& p, const std::string& what) {
    diagnostics.push_back({Severity::Error, at(p) + ": " + shorten_quoted(what), p});
  }
  void warning(const RulesPosition& p, const std::string& what) {
    diagnostics.push_back({Severity::Warning, at(p) + ": " + shorten_quoted(what), p});
  }

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
      error(where, "duplicate id '" + id + "' (" + what + "); first defined at " + at(it->second));
    }
  }

 private:
  std::string m_name;
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

  // ---- references ----

  void need_use(const std::string& id, const RulesPosition& where, const std::string& what,
                bool must_be_class = false) {
    const Use* u = rules.use(id);
    if (u == nullptr) {
      const auto near = rules.suggest_uses(id);
      r.error(where, what + " names unknown use '" + id + "'" +
                         (near.empty() ? "" : "; did you mean " + quoted_list(near) + "?"));
    } else if (must_be_class && !u->is_class()) {
      r.error(where, what + " names '" + id + "', which is not a 별표1 class (it has no 'number')");
    }
  }
  void need_fact(const std::string& id, const RulesPosition& where, const std::string& what) {
    if (rules.fact(id) != nullptr) return;
    const auto near = rules.suggest_facts(id);
    r.error(where, what + " names unknown fact '" + id + "'" +
                       (near.empty() ? "; declare it in [[facts]]"
                                     : "; did you mean " + quoted_list(near) + "?"));
  }
  void need_zone(const std::string& id, const RulesPosition& where, const std::string& what) {
    if (rules.zone(id) != nullptr) return;
    const auto near = rules.suggest_zones(id);
    r.error(where, what + " names unknown zone '" + id + "'" +
                       (near.empty() ? "" : "; did you mean " + quoted_list(near) + "?"));
  }
  void need_cap(const std::string& id, const RulesPosition& where, const std::string& what) {
    if (id.empty() || rules.cap(id) != nullptr) return;
    r.error(where, what + " names unknown cap '" + id + "'; declare it in [[caps]]");
  }
  void need_predicate(const Predicate& p, const RulesPosition& where, const std::string& what) {
    for (const auto& f : p.facts) need_fact(f, where, what);
    for (const auto& f : p.not_facts) need_fact(f, where, what);
  }

  // Follows `next` from every start; a chain that comes back is a cycle.
  void cycles(
      const std::vector<std::string>& starts,
      const std::function<std::optional<std::pair<std::string, RulesPosition>>(const std::string&)>&
          next,
      const std::string& relation) {
    std::set<std::string> reported;
    for (const auto& start : starts) {
      std::vector<std::string> chain = {start};
      std::string at = start;
      RulesPosition where;
      while (auto step = next(at)) {
        where = step->second;
        at = step->first;
        auto seen = std::find(chain.begin(), chain.end(), at);
        if (seen != chain.end()) {
          std::vector<std::string> loop(seen, chain.end());
          std::vector<std::string> key = loop;
          std::sort(key.begin(), key.end());
          std::string k;
          for (const auto& s : key) k += s + "\n";
          if (reported.insert(k).second) {
            std::string text;
            for (const auto& s : loop) text += "'" + s + "' → ";
            r.error(where, relation + " cycle: " + text + "'" + at + "'");
          }
          break;
        }
        chain.push_back(at);
      }
    }
  }

  void references() {
    std::vector<std::string> use_ids;
    for (const auto& u : rules.uses) {
      use_ids.push_back(u.meta.id);
      if (!u.parent.empty()) need_use(u.parent, u.meta.where, "use '" + u.meta.id + "' (parent)");
      for (const auto& b : u.classify) {
        need_use(b.use_class, b.meta.where, "size band '" + b.meta.id + "'", true);
        for (const auto& f : b.unless_facts)
          need_fact(f, b.meta.where, "size band '" + b.meta.id + "'");
      }
    }
    cycles(
        use_ids,
        [&](const std::string& id) -> std::optional<std::pair<std::string, RulesPosition>> {
          const Use* u = rules.use(id);
          if (u == nullptr || u->parent.empty() || rules.use(u->parent) == nullptr) {
            return std::nullopt;
          }
          return std::make_pair(u->parent, u->meta.where);
        },
        "'parent'");
    std::vector<std::string> zone_ids;
    for (const auto& z : rules.zones) {
      zone_ids.push_back(z.meta.id);
      if (!z.uses_like.empty())
        need_zone(z.uses_like, z.meta.where, "zone '" + z.meta.id + "' (uses_like)");
      for (const auto& v : z.variants)
        need_predicate(v.when, v.meta.where, "variant '" + v.meta.id + "'");
      for (const auto& c : z.uses) {
        if (!c.use.empty()) need_use(c.use, c.meta.where, "use rule '" + c.meta.id + "'");
        need_predicate(c.when, c.meta.where, "use rule '" + c.meta.id + "'");
      }
    }
    cycles(
        zone_ids,
        [&](const std::string& id) -> std::optional<std::pair<std::string, RulesPosition>> {
          const Zone* z = rules.zone(id);
          if (z == nullptr || z->uses_like.empty() || rules.zone(z->uses_like) == nullptr) {
            return std::nullopt;
          }
          return std::make_pair(z->uses_like, z->meta.where);
        },
        "'uses_like'");
    for (const auto& d : rules.districts) {
      const std::string what = "district '" + d.meta.id + "'";
      for (const auto& u : d.encouraged_uses)
        need_use(u, d.meta.where, what + " (encouraged_uses)");
      for (const auto& x : d.relaxations) {
        const std::string rwhat = "relaxation '" + x.meta.id + "'";
        for (const auto& u : x.uses) need_use(u, x.meta.where, rwhat);
        for (const auto& f : x.requires_facts) need_fact(f, x.meta.where, rwhat);
        need_cap(x.bcr_cap, x.meta.where, rwhat);
        need_cap(x.far_cap, x.meta.where, rwhat);
        need_cap(x.height_cap, x.meta.where, rwhat);
      }
      for (const auto& e : d.extra_uses) {
        need_use(e.use, e.meta.where, "extra use '" + e.meta.id + "'");
        need_predicate(e.when, e.meta.where, "extra use '" + e.meta.id + "'");
      }
      if (d.far_caps) {
        for (const auto& [code, value] : d.far_caps->by_zone_pct) {
          need_zone(code, d.far_caps->meta.where, "'far_caps' of " + what);
        }
      }
    }
    if (rules.split_parcel && !rules.split_parcel->strip_commercial_fact.empty()) {
      need_fact(rules.split_parcel->strip_commercial_fact, rules.split_parcel->meta.where,
                "[split_parcel]");
    }
  }

  // ---- warnings (lint) ----

  void warnings() {
    for (const auto& z : rules.zones) {
      for (const ZoneLimit* l : {&z.bcr, &z.far}) {
        if (l->meta.id.empty()) continue;
        if (l->national_max_pct && l->seoul_pct > *l->national_max_pct + 1e-9) {
          r.warning(l->meta.where, "'" + l->meta.id + "': Seoul value " + fmt_number(l->seoul_pct) +
                                       "% is above the national maximum " +
                                       fmt_number(*l->national_max_pct) + "%");
        }
        if (l->national_min_pct && l->seoul_pct + 1e-9 < *l->national_min_pct) {
          r.warning(l->meta.where, "'" + l->meta.id + "': Seoul value " + fmt_number(l->seoul_pct) +
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
          r.warning(z.meta.where, "zone '" + z.meta.id + "' has no rule for class(es) " + list +
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
            r.warning(x.meta.where, "relaxation '" + x.meta.id + "': " + what + " factor " +
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
          r.warning(x.meta.where, "relaxation '" + x.meta.id +
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
        r.warning(f.meta.where, "fact '" + f.meta.id + "' is declared but no rule tests it");
      }
    }
  }
};

struct Parsed {
  RuleSet rules;
  std::vector<RulesDiagnostic> diagnostics;
};

Parsed parse(const std::string& text, const std::string& name) {
  Parsed out;
  out.rules.path = name;
  Reader reader(name);
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    reader.error(Reader::pos(e.source()), std::string(e.description()));
    out.diagnostics = std::move(reader.diagnostics);
    return out;
  }
  Parser p{reader, out.rules};
  reader.check_keys(root, {"rules", "facts", "uses", "zones", "caps", "districts", "split_parcel"},
                    "the file");
  p.rules_table(root);
  p.facts(root);
  p.uses(root);
  p.zones(root);
  p.caps(root);
  p.districts(root);
  p.split_parcel(root);
  p.references();
  p.warnings();
  out.diagnostics = std::move(reader.diagnostics);
  // Errors first, each group in file order.
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(),
                   [](const RulesDiagnostic& a, const RulesDiagnostic& b) {
                     const bool ea = a.severity == Severity::Error;
                     const bool eb = b.severity == Severity::Error;
                     if (ea != eb) return ea;
                     return std::pair(a.where.line, a.where.column) <
                            std::pair(b.where.line, b.where.column);
                   });
  return out;
}

std::string read_text(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw InputError("'" + path.string() + "': no such rules file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("'" + path.string() + "': cannot read the rules file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

RuleSet checked(Parsed parsed) {
  std::size_t errors = 0;
  const RulesDiagnostic* first = nullptr;
  for (const auto& d : parsed.diagnostics) {
    if (d.severity != Severity::Error) continue;
    if (first == nullptr) first = &d;
    ++errors;
  }
  if (first != nullptr) {
    throw InputError(first->message + (errors > 1 ? "; " + std::to_string(errors - 1) +
                                                        " more error(s): run 'jigu rules lint " +
                                                        parsed.rules.path + "'"
                                                  : ""));
  }
  return std::move(parsed.rules);
}

}  // namespace

RuleSet parse_rules(const std::string& text, const std::string& name) {
  return checked(parse(text, name));
}

RuleSet load_rules(const std::filesystem::path& path) {
  return checked(parse(read_text(path), path.string()));
}

std::vector<RulesDiagnostic> lint_rules_text(const std::string& text, const std::string& name) {
  return parse(text, name).diagnostics;
}

std::vector<RulesDiagnostic> lint_rules(const std::filesystem::path& path) {
  return parse(read_text(path), path.string()).diagnostics;
}

}  // namespace jigu
