// Reading a rules file (docs/rules.md) into a RuleSet, and linting it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "jigu/rules.hpp"

namespace jigu {

/// One finding of the rules linter.
struct RulesDiagnostic {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::string message;  ///< "'<file>' line L column C: <what>[; <remedy>]"
  RulesPosition where;
};

/// Loads and checks a rules file. Throws InputError with file, line and column for the first
/// error (a TOML syntax error, a missing or mistyped key, an unknown key, a duplicate id, an
/// unknown id referenced, a reference cycle), saying how many more there are.
RuleSet load_rules(const std::filesystem::path& path);

/// The same from text; `name` stands for the file in messages.
RuleSet parse_rules(const std::string& text, const std::string& name);

/// Every error and warning in a rules file (warnings: a Seoul value outside the national band, a
/// use matrix missing a class, a relaxation above its cap, a fact nothing uses, an empty or
/// blank entry in a use's `aliases` or a district's `encouraged_industries`). Does not throw
/// for problems in the file; throws InputError when it cannot be read at all.
std::vector<RulesDiagnostic> lint_rules(const std::filesystem::path& path);

/// The same from text.
std::vector<RulesDiagnostic> lint_rules_text(const std::string& text, const std::string& name);

}  // namespace jigu
