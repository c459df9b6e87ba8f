// `jigu rules`: check a rules file (lint) and list what the workspace's rules know (uses, zones,
// districts, facts, one entry by id).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string_view>

#include "cli/common_options.hpp"
#include "jigu/error.hpp"
#include "jigu/rules_file.hpp"
#include "jigu/table.hpp"

namespace jigu::cli {

/// The rules file: `flag` when given, else the workspace's `[workspace] rules`. Shared with
/// `jigu check`. Throws UsageError when neither names one.
std::filesystem::path rules_file(const GlobalOptions& global, const std::string& flag) {
  if (!flag.empty()) return flag;
  const Workspace workspace = load_workspace(global);
  if (workspace.rules.empty()) {
    throw UsageError("the workspace '" + workspace.path.string() +
                     "' names no rules file ([workspace] rules = \"…\"); give --rules FILE");
  }
  return workspace.rules;
}

namespace {

// Free text from the rules file (aliases, encouraged industries) may hold empty strings, which
// lint accepts; leading ones are left out rather than shown as a leading separator.
std::string free_text_list(const std::vector<std::string>& list, std::string_view sep) {
  const auto first =
      std::find_if(list.begin(), list.end(), [](const std::string& s) { return !s.empty(); });
  return fmt::format("{}", fmt::join(first, list.end(), sep));
}

std::string num(double v) {
  return fmt::format("{}", v);
}

std::string flagged(bool unconfirmed) {
  return unconfirmed ? " (unconfirmed)" : "";
}

std::string predicate_text(const Predicate& p) {
  std::vector<std::string> parts;
  if (p.floor_area_below_m2) parts.push_back("floor area < " + num(*p.floor_area_below_m2) + " m²");
  if (p.floor_area_at_least_m2) {
    parts.push_back("floor area ≥ " + num(*p.floor_area_at_least_m2) + " m²");
  }
  for (const auto& f : p.facts) parts.push_back(f);
  for (const auto& f : p.not_facts) parts.push_back("not " + f);
  return fmt::format("{}", fmt::join(parts, " and "));
}

std::string outcome_text(const UseOutcome& o) {
  return to_string(o.rule) + flagged(o.unconfirmed);
}

std::string cell_text(const UseCell& c) {
  std::string text = to_string(c.rule);
  if (c.rule == UseRule::Conditional) {
    text = "if " + predicate_text(c.when) + ": " + outcome_text(c.then) + "; otherwise " +
           (c.otherwise ? outcome_text(*c.otherwise) : "the next rule (parent use, then class)");
  }
  if (c.ordinance == OrdinancePosition::Allows) text += "; the Seoul ordinance allows it";
  if (c.ordinance == OrdinancePosition::Bans) text += "; the Seoul ordinance bans it";
  return text + flagged(c.meta.unconfirmed);
}

std::string band_text(const RuleSet& rules, const SizeBand& b, bool first) {
  const Use* cls = rules.use(b.use_class);
  const std::string name = b.use_class + (cls ? " " + cls->name_ko : "");
  const std::string lead = b.below_m2 ? "< " + num(*b.below_m2) + " m² → " : first ? "" : "else ";
  return lead + name + flagged(b.meta.unconfirmed);
}

std::string classify_text(const RuleSet& rules, const Use& u) {
  if (u.is_class()) return "";
  if (!u.parent.empty()) return "like " + u.parent;
  std::vector<std::string> parts;
  for (const auto& b : u.classify) parts.push_back(band_text(rules, b, parts.empty()));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string caption(const RuleSet& rules, const std::string& what) {
  return what + " in the rules '" + rules.name + "' (version " + rules.version + ")";
}

std::string list_text(UseList list) {
  switch (list) {
    case UseList::MayBuild:
      return "may-build";
    case UseList::MayNotBuild:
      return "may-not-build";
    case UseList::None:
      return "";
  }
  return "";
}

std::string family_text(ZoneFamily f) {
  switch (f) {
    case ZoneFamily::Residential:
      return "residential";
    case ZoneFamily::Commercial:
      return "commercial";
    case ZoneFamily::Industrial:
      return "industrial";
    case ZoneFamily::Green:
      return "green";
    case ZoneFamily::Other:
      return "other";
  }
  return "";
}

Cell opt(const std::optional<double>& v) {
  return v ? Cell(*v) : Cell();
}

// ---- show ----

void field(Table& t, const std::string& key, const std::string& value) {
  if (!value.empty()) t.rows.push_back({key, value});
}

void meta_fields(Table& t, const RuleMeta& m) {
  field(t, "source", m.source);
  field(t, "url", m.url);
  field(t, "note", m.note);
  if (m.unconfirmed) field(t, "unconfirmed", "true");
}

Table show_use(const RuleSet& rules, const Use& u) {
  Table t;
  t.caption = caption(rules, "use '" + u.meta.id + "'");
  field(t, "id", u.meta.id);
  if (!u.number.empty()) {
    const auto at = u.number.find("의");
    field(t, "number",
          at == std::string::npos
              ? "별표1 제" + u.number + "호"
              : "별표1 제" + u.number.substr(0, at) + "호" + u.number.substr(at));
  }
  field(t, "ko", u.name_ko);
  field(t, "en", u.name_en);
  field(t, "aliases", free_text_list(u.aliases, "; "));
  field(t, "parent", u.parent);
  meta_fields(t, u.meta);
  for (const auto& b : u.classify) {
    const std::string unless =
        b.unless_facts.empty() ? "" : fmt::format(" unless {}", fmt::join(b.unless_facts, ", "));
    field(t, "class " + b.meta.id, band_text(rules, b, true) + unless + " — " + b.meta.source);
  }
  for (const auto& z : rules.zones) {
    for (const auto& c : z.uses) {
      if (c.use == u.meta.id) field(t, "in " + z.meta.id + " " + z.name_ko, cell_text(c));
    }
  }
  return t;
}

Table show_zone(const RuleSet& rules, const Zone& z) {
  Table t;
  t.caption = caption(rules, "zone '" + z.meta.id + "'");
  field(t, "id", z.meta.id);
  field(t, "ko", z.name_ko);
  field(t, "en", z.name_en);
  field(t, "family", family_text(z.family));
  field(t, "list", list_text(z.list));
  meta_fields(t, z.meta);
  field(t, "bcr",
        "Seoul " + num(z.bcr.seoul_pct) + "%" +
            (z.bcr.national_max_pct ? "; national max " + num(*z.bcr.national_max_pct) + "%" : "") +
            " — " + z.bcr.meta.source);
  field(t, "far",
        "Seoul " + num(z.far.seoul_pct) + "%" +
            (z.far.national_max_pct ? "; national " + num(z.far.national_min_pct.value_or(0)) +
                                          "–" + num(*z.far.national_max_pct) + "%"
                                    : "") +
            " — " + z.far.meta.source);
  for (const auto& v : z.variants) {
    field(t, "variant " + v.meta.id,
          "if " + predicate_text(v.when) + ":" +
              (v.bcr_pct ? " BCR " + num(*v.bcr_pct) + "%" : "") +
              (v.far_pct ? " FAR " + num(*v.far_pct) + "%" : "") + flagged(v.meta.unconfirmed));
  }
  if (z.max_floors) field(t, "max_floors", std::to_string(*z.max_floors));
  field(t, "uses_like", z.uses_like);
  for (const auto& c : z.uses) {
    const Use* u = rules.use(c.use);
    field(t, "use " + c.use + (u ? " " + u->name_ko : ""), cell_text(c));
  }
  return t;
}

Table show_district(const RuleSet& rules, const District& d) {
  Table t;
  t.caption = caption(rules, "district '" + d.meta.id + "'");
  field(t, "id", d.meta.id);
  field(t, "name", d.name);
  field(t, "kind", d.kind);
  field(t, "plan", d.plan);
  meta_fields(t, d.meta);
  field(t, "encouraged_industries", free_text_list(d.encouraged_industries, "; "));
  field(t, "encouraged_uses", fmt::format("{}", fmt::join(d.encouraged_uses, ", ")));
  for (const auto& r : d.relaxations) {
    std::vector<std::string> parts;
    if (!r.uses.empty()) parts.push_back(fmt::format("for {}", fmt::join(r.uses, ", ")));
    if (r.min_encouraged_share) {
      parts.push_back("encouraged share ≥ " + num(100 * *r.min_encouraged_share) + "%");
    }
    if (!r.requires_facts.empty())
      parts.push_back(fmt::format("requires {}", fmt::join(r.requires_facts, ", ")));
    if (r.far_factor) parts.push_back("FAR × " + num(*r.far_factor) + " (cap " + r.far_cap + ")");
    if (r.bcr_factor) parts.push_back("BCR × " + num(*r.bcr_factor) + " (cap " + r.bcr_cap + ")");
    if (r.height_factor) {
      parts.push_back("height × " + num(*r.height_factor) + " (cap " + r.height_cap + ")");
    }
    if (r.up_to) parts.push_back("up to (scaled by the plan)");
    field(t, "relaxation " + r.meta.id,
          fmt::format("{}{}", fmt::join(parts, "; "), flagged(r.meta.unconfirmed)));
  }
  for (const auto& e : d.extra_uses) {
    field(t, "extra use " + e.meta.id,
          (e.when.empty() ? "allowed" : "allowed if " + predicate_text(e.when)) +
              flagged(e.meta.unconfirmed));
  }
  if (d.far_caps) {
    std::vector<std::string> parts;
    for (const auto& [code, v] : d.far_caps->by_zone_pct)
      parts.push_back(code + " " + num(v) + "%");
    field(t, "far_caps", fmt::format("{} — {}", fmt::join(parts, ", "), d.far_caps->meta.source));
  }
  if (d.height) {
    field(t, "height",
          num(d.height->min_m) + "–" + num(d.height->max_m) + " m — " + d.height->meta.source);
  }
  return t;
}

// Any entry by id: uses (also by name), zones, districts, facts, caps, the split rule, and the
// derived ids (cells, bands, variants, relaxations, extra uses).
Table show(const RuleSet& rules, const std::string& id) {
  if (const Zone* z = rules.zone(id)) return show_zone(rules, *z);
  if (const District* d = rules.district(id)) return show_district(rules, *d);
  Table t;
  t.caption = caption(rules, "'" + id + "'");
  auto generic = [&](const std::string& kind, const RuleMeta& m, const std::string& what) {
    field(t, "id", m.id);
    field(t, "kind", kind);
    field(t, "rule", what);
    meta_fields(t, m);
    if (m.where.line > 0) field(t, "line", std::to_string(m.where.line));
    return t;
  };
  if (const Fact* f = rules.fact(id)) return generic("fact", f->meta, f->text);
  if (const RelaxationCap* c = rules.cap(id)) {
    return generic(
        "cap", c->meta,
        (c->bcr_factor ? "BCR ≤ " + num(*c->bcr_factor) + "× " : std::string()) +
            (c->far_factor ? "FAR ≤ " + num(*c->far_factor) + "× " : std::string()) +
            (c->height_factor ? "height ≤ " + num(*c->height_factor) + "×" : std::string()));
  }
  if (rules.split_parcel) {
    const SplitParcelRule& s = *rules.split_parcel;
    if (s.meta.id == id) {
      return generic("split-parcel rule", s.meta,
                     "smallest part ≤ " + num(s.small_part_m2) + " m² (" +
                         num(s.strip_commercial_small_part_m2) +
                         " m² across a roadside strip commercial zone): area-weighted BCR/FAR; "
                         "other rules follow the largest part");
    }
    if (s.green.id == id)
      return generic("split-parcel rule", s.green, "녹지 parts keep their own rules");
    if (s.over_threshold.id == id) {
      return generic("split-parcel rule", s.over_threshold, "each zone's rules on its own part");
    }
  }
  for (const auto& z : rules.zones) {
    for (const auto& c : z.uses) {
      if (c.meta.id == id) return generic("use rule", c.meta, cell_text(c));
    }
    for (const ZoneLimit* l : {&z.bcr, &z.far}) {
      if (l->meta.id == id) {
        return generic(
            "zone limit", l->meta,
            "Seoul " + num(l->seoul_pct) + "%" +
                (l->national_max_pct ? "; national max " + num(*l->national_max_pct) + "%" : ""));
      }
    }
    for (const auto& v : z.variants) {
      if (v.meta.id == id) return generic("limit variant", v.meta, "if " + predicate_text(v.when));
    }
  }
  for (const auto& u : rules.uses) {
    for (const auto& b : u.classify) {
      if (b.meta.id == id) {
        return generic("size band", b.meta,
                       (b.below_m2 ? "below " + num(*b.below_m2) + " m² → " : std::string("→ ")) +
                           b.use_class);
      }
    }
  }
  for (const auto& d : rules.districts) {
    for (const auto& r : d.relaxations) {
      if (r.meta.id == id) return show_district(rules, d);
    }
    for (const auto& e : d.extra_uses) {
      if (e.meta.id == id)
        return generic("extra use", e.meta, "allowed if " + predicate_text(e.when));
    }
  }
  return show_use(rules, rules.find_use(id));  // by id, number, name or alias; else suggestions
}

// ---- the command ----

class RulesCommand : public Command {
 public:
  std::string name() const override { return "rules"; }
  std::string summary() const override {
    return "Check a rules file (lint) and list what the rules know: uses, zones, districts, "
           "facts, one entry";
  }

  void add_options(CLI::App& app) override {
    app.require_subcommand(1);
    m_lint = app.add_subcommand("lint", "Check a rules file: syntax, ids, references, warnings");
    m_lint->add_option("file", m_file, "The rules file (TOML)")->required();
    m_uses = app.add_subcommand("uses", "List the building uses (별표1 classes and sub-uses)");
    m_zones = app.add_subcommand("zones", "List the zones with their BCR/FAR");
    m_districts = app.add_subcommand("districts", "List the districts and their relaxations");
    m_facts = app.add_subcommand("facts", "List the facts checks may state (--fact ID)");
    m_show = app.add_subcommand("show", "Show one entry by id (or a use by name or alias)");
    m_show->add_option("id", m_id, "An id, e.g. UQA330, seongsu-it, UQA122/17, 지식산업센터")
        ->required();
    for (CLI::App* sub : {m_uses, m_zones, m_districts, m_facts, m_show}) {
      sub->add_option("--rules", m_rules_flag,
                      "Rules file (default: the workspace's [workspace] rules)");
    }
  }

  int run(const GlobalOptions& global, Streams streams) override {
    const OutputFormat format = parse_output_format(global.format);
    if (m_lint->parsed()) return lint(global, streams, format);
    const RuleSet rules = load_rules(rules_file(global, m_rules_flag));
    Table t;
    if (m_uses->parsed()) t = uses(rules);
    if (m_zones->parsed()) t = zones(rules);
    if (m_districts->parsed()) t = districts(rules);
    if (m_facts->parsed()) t = facts(rules);
    if (m_show->parsed()) {
      t = show(rules, m_id);
      t.columns = {{"field", 0, false}, {"value", 0, false}};
    }
    write_table(streams.out, t, format);
    return 0;
  }

 private:
  int lint(const GlobalOptions& global, Streams streams, OutputFormat format) const {
    const auto diagnostics = lint_rules(m_file);
    std::size_t errors = 0, warnings = 0;
    for (const auto& d : diagnostics) {
      (d.severity == RulesDiagnostic::Severity::Error ? errors : warnings)++;
    }
    std::optional<RuleSet> rules;
    if (errors == 0) rules = load_rules(m_file);
    if (format == OutputFormat::Json) {
      nlohmann::ordered_json doc = {{"file", m_file},
                                    {"errors", nlohmann::ordered_json::array()},
                                    {"warnings", nlohmann::ordered_json::array()}};
      for (const auto& d : diagnostics) {
        doc[d.severity == RulesDiagnostic::Severity::Error ? "errors" : "warnings"].push_back(
            d.message);
      }
      if (rules) doc["counts"] = counts_json(*rules);
      streams.out << doc.dump(2) << '\n';
    } else {
      for (const auto& d : diagnostics) {
        streams.out << (d.severity == RulesDiagnostic::Severity::Error ? "error: " : "warning: ")
                    << d.message << '\n';
      }
      streams.out << "'" << m_file << "': " << errors << " error(s), " << warnings << " warning(s)";
      if (rules) streams.out << "; " << counts_text(*rules);
      streams.out << '\n';
    }
    if (errors > 0) return static_cast<int>(ExitCode::Failure);
    if (warnings > 0 && global.strict) return static_cast<int>(ExitCode::ProblemsFound);
    return 0;
  }

  static std::string counts_text(const RuleSet& r) {
    std::size_t classes = 0, cells = 0, unconfirmed = 0;
    count(r, classes, cells, unconfirmed);
    return fmt::format(
        "{} uses ({} 별표1 classes), {} zones ({} use rules), {} districts, {} facts; {} entries "
        "marked unconfirmed",
        r.uses.size(), classes, r.zones.size(), cells, r.districts.size(), r.facts.size(),
        unconfirmed);
  }

  static nlohmann::ordered_json counts_json(const RuleSet& r) {
    std::size_t classes = 0, cells = 0, unconfirmed = 0;
    count(r, classes, cells, unconfirmed);
    return {{"uses", r.uses.size()},           {"classes", classes},
            {"zones", r.zones.size()},         {"use_rules", cells},
            {"districts", r.districts.size()}, {"facts", r.facts.size()},
            {"unconfirmed", unconfirmed}};
  }

  static void count(const RuleSet& r, std::size_t& classes, std::size_t& cells,
                    std::size_t& unconfirmed) {
    auto mark = [&](const RuleMeta& m) { unconfirmed += m.unconfirmed ? 1 : 0; };
    for (const auto& f : r.facts) mark(f.meta);
    for (const auto& u : r.uses) {
      classes += u.is_class() ? 1 : 0;
      mark(u.meta);
      for (const auto& b : u.classify) mark(b.meta);
    }
    for (const auto& z : r.zones) {
      mark(z.meta);
      mark(z.bcr.meta);
      mark(z.far.meta);
      for (const auto& v : z.variants) mark(v.meta);
      cells += z.uses.size();
      for (const auto& c : z.uses) {
        mark(c.meta);
        if (!c.meta.unconfirmed) {
          unconfirmed += (c.then.unconfirmed || (c.otherwise && c.otherwise->unconfirmed)) ? 1 : 0;
        }
      }
    }
    for (const auto& c : r.caps) mark(c.meta);
    for (const auto& d : r.districts) {
      mark(d.meta);
      for (const auto& x : d.relaxations) mark(x.meta);
      for (const auto& e : d.extra_uses) mark(e.meta);
    }
    if (r.split_parcel) {
      mark(r.split_parcel->meta);
      mark(r.split_parcel->green);
      mark(r.split_parcel->over_threshold);
    }
  }

  static Table uses(const RuleSet& rules) {
    Table t;
    t.caption = caption(rules, "building uses");
    t.columns = {{"id", 0, false},         {"number", 0, false}, {"ko", 0, false},
                 {"en", 0, false},         {"class", 0, false},  {"aliases", 0, false},
                 {"unconfirmed", 0, false}};
    for (const auto& u : rules.uses) {
      t.rows.push_back({u.meta.id, u.number, u.name_ko, u.name_en, classify_text(rules, u),
                        free_text_list(u.aliases, "; "),
                        std::string(u.meta.unconfirmed ? "yes" : "")});
    }
    return t;
  }

  static Table zones(const RuleSet& rules) {
    Table t;
    t.caption = caption(rules, "zones") + "; BCR/FAR in %: Seoul ordinance and national band";
    t.columns = {{"id", 0, false},
                 {"ko", 0, false},
                 {"family", 0, false},
                 {"list", 0, false},
                 {"bcr_seoul", 0, true},
                 {"bcr_national_max", 0, true},
                 {"far_seoul", 0, true},
                 {"far_national_min", 0, true},
                 {"far_national_max", 0, true},
                 {"use_rules", 0, false}};
    for (const auto& z : rules.zones) {
      const std::string uses = !z.uses_like.empty() ? "like " + z.uses_like
                               : z.uses.empty()     ? "none (limits only)"
                                                    : std::to_string(z.uses.size());
      t.rows.push_back({z.meta.id, z.name_ko, family_text(z.family), list_text(z.list),
                        z.bcr.seoul_pct, opt(z.bcr.national_max_pct), z.far.seoul_pct,
                        opt(z.far.national_min_pct), opt(z.far.national_max_pct), uses});
    }
    return t;
  }

  static Table districts(const RuleSet& rules) {
    Table t;
    t.caption = caption(rules, "districts");
    t.columns = {{"id", 0, false},          {"name", 0, false},
                 {"kind", 0, false},        {"encouraged_uses", 0, false},
                 {"relaxations", 0, false}, {"plan", 0, false},
                 {"unconfirmed", 0, false}};
    for (const auto& d : rules.districts) {
      std::vector<std::string> ids;
      for (const auto& r : d.relaxations) ids.push_back(r.meta.id + flagged(r.meta.unconfirmed));
      t.rows.push_back({d.meta.id, d.name, d.kind,
                        fmt::format("{}", fmt::join(d.encouraged_uses, ", ")),
                        fmt::format("{}", fmt::join(ids, ", ")),
                        std::string(d.plan.empty() ? "none known" : "yes"),
                        std::string(d.meta.unconfirmed ? "yes" : "")});
    }
    return t;
  }

  static Table facts(const RuleSet& rules) {
    Table t;
    t.caption = caption(rules, "facts (state with --fact ID; the default is 'not stated')");
    t.columns = {{"id", 0, false}, {"text", 0, false}, {"unconfirmed", 0, false}};
    for (const auto& f : rules.facts) {
      t.rows.push_back({f.meta.id, f.text, std::string(f.meta.unconfirmed ? "yes" : "")});
    }
    return t;
  }

  CLI::App* m_lint = nullptr;
  CLI::App* m_uses = nullptr;
  CLI::App* m_zones = nullptr;
  CLI::App* m_districts = nullptr;
  CLI::App* m_facts = nullptr;
  CLI::App* m_show = nullptr;
  std::string m_file;
  std::string m_id;
  std::string m_rules_flag;
};

}  // namespace

std::unique_ptr<Command> make_rules_command() {
  return std::make_unique<RulesCommand>();
}

}  // namespace jigu::cli
