// The rules file (TOML, docs/rules.md): loading it for checks, and linting it. Reading, the
// reference check and the lint are rules_file_parse.cpp, rules_file_references.cpp and
// rules_file_lint.cpp; each reports into the RulesDiagnostics defined here.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string_view>

#include "io/encoding.hpp"
#include "io/rules_file_parts.hpp"
#include "jigu/error.hpp"
#include "jigu/rules.hpp"

namespace jigu {

namespace io {

namespace {

using Severity = RulesDiagnostic::Severity;

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

}  // namespace

std::string fmt_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string RulesDiagnostics::at(const RulesPosition& p) const {
  if (p.line == 0) return "'" + m_name + "'";
  return "'" + m_name + "' line " + std::to_string(p.line) + " column " + std::to_string(p.column);
}

void RulesDiagnostics::error(const RulesPosition& p, const std::string& what) {
  list.push_back({Severity::Error, at(p) + ": " + shorten_quoted(what), p});
}

void RulesDiagnostics::warning(const RulesPosition& p, const std::string& what) {
  list.push_back({Severity::Warning, at(p) + ": " + shorten_quoted(what), p});
}

}  // namespace io

namespace {

using Severity = RulesDiagnostic::Severity;

struct Parsed {
  RuleSet rules;
  std::vector<RulesDiagnostic> diagnostics;
};

Parsed parse(const std::string& text, const std::string& name) {
  Parsed out;
  out.rules.path = name;
  io::RulesDiagnostics diagnostics(name);
  if (io::read_rules(text, name, out.rules, diagnostics)) {
    io::check_references(out.rules, diagnostics);
    io::lint(out.rules, diagnostics);
  }
  out.diagnostics = std::move(diagnostics.list);
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