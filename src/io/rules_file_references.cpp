// Checking a rules file's references: every id an entry names exists (with the nearest ids when
// not), is of the kind it must be, and no chain of `parent` or `uses_like` comes back on itself.
#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "io/rules_file_parts.hpp"
#include "jigu/rules.hpp"
#include "model/names.hpp"

namespace jigu::io {

using model::code_points;
using model::nearest;
using model::quoted_list;

namespace {

struct References {
  const RuleSet& rules;
  RulesDiagnostics& out;

  void need_use(const std::string& id, const RulesPosition& where, const std::string& what,
                bool must_be_class = false) {
    const Use* u = rules.use(id);
    if (u == nullptr) {
      const auto near = rules.suggest_uses(id);
      out.error(where, what + " names unknown use '" + id + "'" +
                           (near.empty() ? "" : "; did you mean " + quoted_list(near) + "?"));
    } else if (must_be_class && !u->is_class()) {
      out.error(where,
                what + " names '" + id + "', which is not a 별표1 class (it has no 'number')");
    }
  }
  void need_fact(const std::string& id, const RulesPosition& where, const std::string& what) {
    if (rules.fact(id) != nullptr) return;
    const auto near = rules.suggest_facts(id);
    out.error(where, what + " names unknown fact '" + id + "'" +
                         (near.empty() ? "; declare it in [[facts]]"
                                       : "; did you mean " + quoted_list(near) + "?"));
  }
  void need_zone(const std::string& id, const RulesPosition& where, const std::string& what) {
    if (rules.zone(id) != nullptr) return;
    const auto near = rules.suggest_zones(id);
    out.error(where, what + " names unknown zone '" + id + "'" +
                         (near.empty() ? "" : "; did you mean " + quoted_list(near) + "?"));
  }
  void need_cap(const std::string& id, const RulesPosition& where, const std::string& what) {
    if (id.empty() || rules.cap(id) != nullptr) return;
    out.error(where, what + " names unknown cap '" + id + "'; declare it in [[caps]]");
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
            out.error(where, relation + " cycle: " + text + "'" + at + "'");
          }
          break;
        }
        chain.push_back(at);
      }
    }
  }

  void check() {
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
};

}  // namespace

void check_references(const RuleSet& rules, RulesDiagnostics& out) {
  References{rules, out}.check();
}

}  // namespace jigu::io
