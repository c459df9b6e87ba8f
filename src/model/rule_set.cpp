// RuleSet's lookups by id and by typed name, and the suggestions of near names for a name the
// rules do not know (model/names.hpp finds them).
#include <algorithm>
#include <map>
#include <optional>

#include "jigu/error.hpp"
#include "jigu/rules.hpp"
#include "model/names.hpp"

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

namespace {

std::string use_shown(const Use& u) {
  return u.name_ko.empty() ? u.meta.id : u.name_ko + " (" + u.meta.id + ")";
}

}  // namespace

using model::code_points;
using model::nearest;
using model::normalise;
using model::quoted_list;

std::size_t edit_distance(const std::string& a, const std::string& b) {
  return model::edit_distance_u32(code_points(a), code_points(b));
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

}  // namespace jigu
