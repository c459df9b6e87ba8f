// Near names: text compared over Unicode code points, case, spaces and hyphens aside.
#include "model/names.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace jigu::model {

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

std::size_t edit_distance_u32(const std::u32string& a, const std::u32string& b) {
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

namespace {

// How far `typed` is from `candidate`, or nothing when they are too far apart to suggest.
std::optional<std::size_t> closeness(const std::u32string& typed, const std::u32string& candidate) {
  if (typed.empty() || candidate.empty()) return std::nullopt;
  const std::size_t limit = std::max<std::size_t>(1, (typed.size() + 1) / 4);
  // The distance is at least the difference in length: a typed text much longer than the
  // candidate (a hostile megabyte) is ruled out without the quadratic comparison.
  if (typed.size() > candidate.size() + limit) return std::nullopt;
  const std::size_t d = edit_distance_u32(typed, candidate);
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

}  // namespace jigu::model
