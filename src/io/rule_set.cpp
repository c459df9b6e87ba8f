// RuleSet's lookups by id and by typed name, and the suggestions of near names for a name the
// rules do not know.
#include <algorithm>
#include <map>
#include <optional>

#include "io/rules_file.hpp"
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

namespace io {

// ---- names, edit distance, suggestions -------------------------------------------------------

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

namespace {

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

}  // namespace

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

namespace {

std::string use_shown(const Use& u) {
  return u.name_ko.empty() ? u.meta.id : u.name_ko + " (" + u.meta.id + ")";
}

}  // namespace

}  // namespace io

using io::code_points;
using io::nearest;
using io::normalise;
using io::quoted_list;
using io::use_shown;

std::size_t edit_distance(const std::string& a, const std::string& b) {
  return io::distance(code_points(a), code_points(b));
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
