// The parts of the rules file reader (docs/rules.md): reading the TOML into a RuleSet, checking
// every reference between its entries, and linting; each reports into one RulesDiagnostics.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "jigu/rules_file.hpp"

namespace jigu::io {

/// The diagnostics of one rules file, each located as "'<name>' line L column C: ".
class RulesDiagnostics {
 public:
  explicit RulesDiagnostics(std::string name) : m_name(std::move(name)) {}

  /// "'<name>'" for position 0, else "'<name>' line L column C".
  std::string at(const RulesPosition& p) const;
  /// Quoted runs longer than 120 bytes in `what` are cut to their head and tail.
  void error(const RulesPosition& p, const std::string& what);
  void warning(const RulesPosition& p, const std::string& what);

  std::vector<RulesDiagnostic> list;

 private:
  std::string m_name;
};

/// Reads `text` (TOML) into `rules`, reporting syntax, type, key and id errors. Returns false
/// when the text is not TOML at all (then nothing else is worth checking).
bool read_rules(const std::string& text, const std::string& name, RuleSet& rules,
                RulesDiagnostics& out);

/// Errors for every reference to an entry that does not exist (with the nearest ids), a use
/// named where a 별표1 class must be, and cycles of `parent` and `uses_like`.
void check_references(const RuleSet& rules, RulesDiagnostics& out);

/// Warnings for what is legal but likely wrong: limits outside the national band, zones without
/// a rule for some class, factors above their caps or without one, facts no rule tests.
void lint(const RuleSet& rules, RulesDiagnostics& out);

/// A number as diagnostics and generated ids write it (the stream's default: "330", "1.2").
std::string fmt_number(double v);

}  // namespace jigu::io
