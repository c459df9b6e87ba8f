// Names as people type them: Unicode code points, a forgiving comparison, and the known names
// nearest to a typed one, for the rules' lookups and the rules file's messages.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jigu::model {

/// The code points of UTF-8 text (an invalid byte stands for itself).
std::u32string code_points(const std::string& s);

/// The text as names are compared: ASCII lower-cased; spaces, middle dots, hyphens and
/// underscores dropped.
std::u32string normalise(const std::string& s);

/// Levenshtein distance between two code-point strings.
std::size_t edit_distance_u32(const std::u32string& a, const std::u32string& b);

/// Up to `max` shown texts whose compared text is near `typed`, nearest first. `names`: (text to
/// compare, text to show); one suggestion per shown text.
std::vector<std::string> nearest(const std::string& typed,
                                 const std::vector<std::pair<std::string, std::string>>& names,
                                 std::size_t max);

/// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string quoted_list(const std::vector<std::string>& names);

}  // namespace jigu::model
