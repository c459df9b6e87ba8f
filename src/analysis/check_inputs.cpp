// What the check steps share: the facts an activity states, predicates over the activity, the
// findings each step returns, and the wording of numbers in reasons.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/check_steps.hpp"
#include "jigu/activity.hpp"
#include "jigu/error.hpp"

namespace jigu::analysis {

namespace {

const char* const kPublicOpenSpace = "public-open-space";

}  // namespace

std::string num(double v) {
  if (std::fabs(v - std::round(v)) < 0.005) return fmt::format("{:.0f}", std::round(v));
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}
std::string pct(double v) {
  return num(v) + "%";
}
std::string m2(double v) {
  return num(v) + " m²";
}
std::string share(double v) {
  return num(100.0 * v) + "%";
}
std::string annex_item(const std::string& number) {
  const auto at = number.find("의");
  if (at == std::string::npos) return "제" + number + "호";
  return "제" + number.substr(0, at) + "호" + number.substr(at);
}
std::string range_text(const Range& r, const std::string& unit) {
  return r.single() ? num(r.low) + unit : num(r.low) + "–" + num(r.high) + unit;
}

std::string flag_of(std::string_view parameter) {
  return std::string(activity_parameter(parameter).cli_flag);
}

void add_condition(std::vector<Condition>& list, Condition c) {
  const bool seen = std::any_of(list.begin(), list.end(), [&](const Condition& x) {
    return x.kind == c.kind && x.rule_id == c.rule_id && x.text == c.text;
  });
  if (!seen) list.push_back(std::move(c));
}

void Findings::reason(const std::string& step, const std::string& rule_id, const std::string& text,
                      const std::string& source, bool unconfirmed) {
  reasons.push_back({step, rule_id, text, source, unconfirmed});
}

void Findings::reason(const std::string& step, const RuleMeta& meta, const std::string& text,
                      bool unconfirmed) {
  std::string full = text;
  if (!meta.note.empty()) full += " (" + meta.note + ")";
  reason(step, meta.id, full, meta.source, meta.unconfirmed || unconfirmed);
}

void Findings::note(const std::string& text) {
  if (std::find(notes.begin(), notes.end(), text) == notes.end()) notes.push_back(text);
}

void Findings::condition(ConditionKind kind, const std::string& rule_id, const std::string& text) {
  add_condition(conditions, {kind, rule_id, text});
}

double CheckInputs::floor_area(const std::string& why) const {
  if (!activity.floor_area_m2) {
    throw ParameterUsageError("floor_area_m2", why + "; give the floor area of the use in m²");
  }
  return *activity.floor_area_m2;
}

std::set<std::string> stated_facts(const RuleSet& rules, const PlannedActivity& activity) {
  std::set<std::string> facts;
  for (const auto& f : activity.facts) {
    if (rules.fact(f) == nullptr) {
      const auto near = rules.suggest_facts(f);
      std::string hint;
      for (const auto& n : near) hint += (hint.empty() ? "" : ", ") + ("'" + n + "'");
      throw ParameterInputError("facts", "fact '" + f + "' is not in the rules" +
                                             (near.empty() ? "; 'jigu rules facts' lists them"
                                                           : "; did you mean " + hint + "?"));
    }
    facts.insert(f);
  }
  if (activity.public_open_space) {
    if (rules.fact(kPublicOpenSpace) == nullptr) {
      throw ParameterUsageError("public_open_space", "the rules '" + rules.path +
                                                         "' declare no fact 'public-open-space'");
    }
    facts.insert(kPublicOpenSpace);
  }
  return facts;
}

void assumed(const CheckInputs& in, const std::string& fact_id, Findings& out) {
  const Fact* f = in.rules.fact(fact_id);
  const std::string what = f && !f->assumed.empty() ? f->assumed : "not " + fact_id;
  out.note("assumed: " + what + " (state " + flag_of("facts") + " " + fact_id + " otherwise)");
}

bool holds(const CheckInputs& in, const Predicate& p, const std::string& rule_id,
           std::string& clauses, Findings& out) {
  std::vector<std::string> parts;
  bool ok = true;
  if (p.floor_area_below_m2) {
    const double fa = in.floor_area("rule '" + rule_id + "' depends on it");
    const bool t = fa < *p.floor_area_below_m2;
    parts.push_back("floor area " + m2(fa) + (t ? " < " : " ≥ ") + m2(*p.floor_area_below_m2));
    ok = ok && t;
  }
  if (p.floor_area_at_least_m2) {
    const double fa = in.floor_area("rule '" + rule_id + "' depends on it");
    const bool t = fa >= *p.floor_area_at_least_m2;
    parts.push_back("floor area " + m2(fa) + (t ? " ≥ " : " < ") + m2(*p.floor_area_at_least_m2));
    ok = ok && t;
  }
  for (const auto& f : p.facts) {
    if (in.stated(f)) {
      parts.push_back("stated: " + f);
    } else {
      parts.push_back("not stated: " + f);
      assumed(in, f, out);
      ok = false;
    }
  }
  for (const auto& f : p.not_facts) {
    if (in.stated(f)) {
      parts.push_back("stated: " + f);
      ok = false;
    } else {
      parts.push_back("not stated: " + f);
      assumed(in, f, out);
    }
  }
  clauses.clear();
  for (const auto& s : parts) clauses += (clauses.empty() ? "" : "; ") + s;
  return ok;
}

}  // namespace jigu::analysis
