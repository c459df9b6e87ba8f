// `jigu check`: may a planned activity be built on a site? One site from the site flags, or many
// from --batch CSV; the verdict as a report (table), one row (csv) or the whole chain (json).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "cli/check_batch.hpp"
#include "cli/common_options.hpp"
#include "cli/site_options.hpp"
#include "jigu/activity.hpp"
#include "jigu/check.hpp"
#include "jigu/error.hpp"
#include "jigu/rules_file.hpp"
#include "jigu/session.hpp"
#include "jigu/table.hpp"
#include "report/check_json.hpp"

namespace jigu::cli {

std::filesystem::path rules_file(const GlobalOptions& global, const std::string& flag);

namespace {

using Json = nlohmann::ordered_json;

std::string num(double v) {
  if (std::fabs(v - std::round(v)) < 0.005) return fmt::format("{:.0f}", std::round(v));
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}

std::string range_text(const std::optional<Range>& r) {
  if (!r) return "";
  return r->single() ? num(r->low) : num(r->low) + "–" + num(r->high);
}

// ---- one row per verdict (csv, batch table) ----

std::string zones_text(const LocateResult& located) {
  std::vector<std::string> parts;
  for (const auto& z : located.zones) {
    parts.push_back((z.code.empty() ? "(none)" : z.code) +
                    (located.site_area_m2 > 0 ? " " + num(z.area_m2) : ""));
  }
  return fmt::format("{}", fmt::join(parts, " + "));
}

// Limits and planned values to 1e-4 %, so that rows do not carry floating-point noise.
double rounded(double v) {
  return std::round(v * 1e4) / 1e4;
}

// A limit's cell: a number for one regime, "ZONE value | …" text for several.
Cell limit_cell(const Verdict& v, std::size_t index, bool relaxed) {
  if (v.regimes.size() == 1) {
    const LimitCheck& l = v.regimes.front().limits.at(index);
    const auto& r = relaxed ? l.relaxed : l.base;
    if (!r) return {};
    if (r->single()) return rounded(r->low);
    return range_text(r);
  }
  std::vector<std::string> parts;
  for (const auto& g : v.regimes) {
    const LimitCheck& l = g.limits.at(index);
    const auto& r = relaxed ? l.relaxed : l.base;
    if (r) parts.push_back(g.governing_zone + (g.averaged ? " (averaged) " : " ") + range_text(r));
  }
  return fmt::format("{}", fmt::join(parts, " | "));
}

Cell planned_cell(const Verdict& v, std::size_t index) {
  for (const auto& g : v.regimes) {
    const LimitCheck& l = g.limits.at(index);
    if (l.planned) return rounded(*l.planned);
  }
  return {};
}

std::string outcome_cell(const Verdict& v, std::size_t index) {
  std::vector<std::string> parts;
  for (const auto& g : v.regimes) {
    const LimitCheck& l = g.limits.at(index);
    if (l.outcome == LimitOutcome::NotGiven) continue;
    parts.push_back((v.regimes.size() > 1 ? g.governing_zone + " " : std::string()) +
                    to_string(l.outcome));
  }
  return fmt::format("{}", fmt::join(parts, " | "));
}

std::vector<Column> row_columns(bool batch) {
  std::vector<Column> c;
  if (batch) {
    c.push_back({"line", 0, true});
    c.push_back({"id", 0, false});
  }
  for (const char* name : {"site", "zones", "district", "use", "class", "status", "conditions"}) {
    c.push_back({name, 0, false});
  }
  for (const char* name :
       {"bcr_limit_pct", "far_limit_pct", "far_relaxed_pct", "height_limit_m", "height_relaxed_m",
        "planned_bcr_pct", "planned_far_pct", "planned_height_m"}) {
    c.push_back({name, 2, true});
  }
  for (const char* name :
       {"bcr_outcome", "far_outcome", "height_outcome", "unconfirmed", "rules"}) {
    c.push_back({name, 0, false});
  }
  return c;
}

std::vector<Cell> row(const Verdict& v, const LocateResult& located) {
  std::vector<std::string> conditions;
  for (const auto& c : v.conditions) conditions.push_back(to_string(c.kind) + ": " + c.text);
  std::vector<std::string> rules;
  for (const auto& r : v.reasons) {
    if (!r.rule_id.empty() && std::find(rules.begin(), rules.end(), r.rule_id) == rules.end()) {
      rules.push_back(r.rule_id);
    }
  }
  return {v.site_label,
          zones_text(located),
          v.district.value_or(""),
          v.use.name + " (" + v.use.id + ")",
          v.use.class_id + " " + v.use.class_name,
          to_string(v.status),
          fmt::format("{}", fmt::join(conditions, "; ")),
          limit_cell(v, 0, false),
          limit_cell(v, 1, false),
          limit_cell(v, 1, true),
          limit_cell(v, 2, false),
          limit_cell(v, 2, true),
          planned_cell(v, 0),
          planned_cell(v, 1),
          planned_cell(v, 2),
          outcome_cell(v, 0),
          outcome_cell(v, 1),
          outcome_cell(v, 2),
          fmt::format("{}", fmt::join(v.unconfirmed, ", ")),
          fmt::format("{}", fmt::join(rules, " > "))};
}

// ---- the text report ----

void write_report(std::ostream& out, const Verdict& v, const LocateResult& located) {
  out << "check: " << v.use.name << " (" << v.use.id << "; 별표1 class " << v.use.class_id << " "
      << v.use.class_name << (v.use.class_unconfirmed ? ", unconfirmed" : "") << ") on "
      << v.site_label << '\n';
  out << "verdict: " << to_string(v.status) << '\n';
  for (const auto& c : v.conditions) {
    out << "  condition (" << to_string(c.kind) << (c.rule_id.empty() ? "" : ", " + c.rule_id)
        << "): " << c.text << '\n';
  }
  std::string site = v.site_area_m2 > 0 ? num(v.site_area_m2) + " m²" : "a point";
  std::vector<std::string> zones;
  for (const auto& z : located.zones) {
    zones.push_back(
        (z.code.empty() ? "(no zone)" : z.code + " " + z.name) +
        (v.site_area_m2 > 0 ? " " + num(z.area_m2) + " m² (" + num(100 * z.share) + "%)" : ""));
  }
  std::vector<std::string> districts;
  for (const auto& d : located.districts) {
    districts.push_back(d.status + " " + d.id + " " + d.name +
                        (v.site_area_m2 > 0 ? " (" + num(100 * d.share) + "%)" : ""));
  }
  if (districts.empty()) districts.push_back("outside every district");
  out << fmt::format("site: {}; {}; {}\n", site, fmt::join(zones, ", "),
                     fmt::join(districts, ", "));
  out << '\n';
  Table t;
  t.columns = {{"part", 0, false},   {"limit", 0, false},  {"base", 0, true},
               {"relaxed", 0, true}, {"planned", 0, true}, {"outcome", 0, false},
               {"rules", 0, false}};
  for (const auto& g : v.regimes) {
    std::string part = v.regimes.size() == 1 && !g.averaged ? "site" : g.governing_zone;
    if (g.averaged) part = "site (averaged, uses of " + g.governing_zone + ")";
    if (v.regimes.size() > 1) part += " [" + to_string(g.status) + "]";
    for (const auto& l : g.limits) {
      const std::string label = l.quantity == "bcr_pct"   ? "BCR %"
                                : l.quantity == "far_pct" ? "FAR %"
                                                          : "height m";
      t.rows.push_back({part, label + (l.unconfirmed ? " (unconfirmed)" : ""),
                        l.base ? Cell(range_text(l.base)) : Cell(std::string("none known")),
                        range_text(l.relaxed), l.planned ? Cell(num(*l.planned)) : Cell(),
                        l.planned ? to_string(l.outcome) : std::string(),
                        fmt::format("{}", fmt::join(l.rule_ids, ", "))});
    }
  }
  write_table(out, t, OutputFormat::Table);
  out << "\nreasons:\n";
  int n = 0;
  for (const auto& r : v.reasons) {
    out << fmt::format("{:3}. {}: {}\n", ++n, r.step, r.text);
    std::string cite;
    if (!r.rule_id.empty())
      cite = "rule '" + r.rule_id + "'" + (r.unconfirmed ? " (UNCONFIRMED)" : "");
    if (!r.source.empty()) cite += (cite.empty() ? "" : "; ") + std::string("source: ") + r.source;
    if (!cite.empty()) out << "     " << cite << '\n';
  }
  if (!v.unconfirmed.empty())
    out << fmt::format("\nunconfirmed rules used: {}\n", fmt::join(v.unconfirmed, ", "));
  if (!v.notes.empty()) {
    out << "\nnotes:\n";
    for (const auto& note : v.notes) out << "  - " << note << '\n';
  }
}

// ---- the command ----

// The engine names a parameter by its id; the command line names it by its flag.
template <class F>
auto naming_flags(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const ParameterUsageError& e) {
    throw UsageError(std::string(activity_parameter(e.parameter()).cli_flag) + ": " + e.detail());
  }
}

std::string batch_help() {
  std::string columns = "id, pnu|point|wkt|geojson, crs";
  for (const auto& p : activity_parameters()) columns += ", " + std::string(p.csv_column);
  return "Check every application of a CSV file (header: " + columns + "); one verdict row each";
}

class CheckCommand : public Command {
 public:
  std::string name() const override { return "check"; }
  std::string summary() const override {
    return "May a planned activity be built on a site? The verdict, the BCR/FAR/height limits "
           "(base and relaxed) and the reasons with their legal sources";
  }

  void add_options(CLI::App& app) override {
    add_site_flags(app, m_site);
    for (const auto& p : activity_parameters()) add_parameter(app, p);
    app.add_option("--rules", m_rules_flag, "Rules file (default: the workspace's)");
    app.add_option("--batch", m_batch, batch_help());
  }

  int run(const GlobalOptions& global, Streams streams) override {
    const OutputFormat format = parse_output_format(global.format);
    const bool site_given = !m_site.pnu.empty() || !m_site.point.empty() || !m_site.wkt.empty() ||
                            !m_site.geojson.empty();
    if (!m_batch.empty() && (site_given || !m_activity.use.empty())) {
      throw UsageError("--batch: give the sites and uses in the file, not as flags");
    }
    if (m_batch.empty()) {
      if (!site_given) throw UsageError("name a site with --pnu, --point, --wkt or --geojson");
      naming_flags([&] { m_activity.validate(); });  // before reading anything
    }
    Session session(load_workspace(global));
    const RuleSet rules = load_rules(rules_file(global, m_rules_flag));
    std::vector<Application> applications;
    if (!m_batch.empty()) applications = read_applications(m_batch);
    const std::vector<Problem>& problems = session.problems();
    if (m_batch.empty()) {
      const Locator& locator = session.locator(site_layers(m_site));
      const Site site = resolve_site(m_site, session);
      const LocateResult located = locator.locate(site);
      const Verdict verdict = naming_flags([&] { return check(rules, located, m_activity); });
      if (format == OutputFormat::Json) {
        streams.out << report::to_json(verdict, located).dump(2) << '\n';
      } else if (format == OutputFormat::Csv) {
        Table t;
        t.columns = row_columns(false);
        t.rows.push_back(row(verdict, located));
        write_table(streams.out, t, format);
      } else {
        write_report(streams.out, verdict, located);
      }
      return report_problems(global, streams.err, problems);
    }
    // All verdicts first: a bad row stops the run before anything is written. Parcels are
    // read once, whole, when any row needs them.
    const bool parcels = std::any_of(applications.begin(), applications.end(), [](const auto& a) {
      return !a.site.pnu.empty() || !a.site.point.empty();
    });
    const Locator& locator =
        session.locator(parcels ? LocatorLayers::All : LocatorLayers::WithoutParcels);
    std::vector<std::pair<Verdict, LocateResult>> results;
    for (const auto& a : applications) {
      try {
        const Site site = resolve_site(a.site, session);
        LocateResult located = locator.locate(site);
        Verdict verdict = check(rules, located, a.activity);
        results.emplace_back(std::move(verdict), std::move(located));
      } catch (const Error& e) {
        throw InputError(application_error("'" + m_batch + "' line " + std::to_string(a.line), e));
      }
    }
    if (format == OutputFormat::Json) {
      Json doc = {{"caption", "verdicts for '" + m_batch + "'"}, {"rows", Json::array()}};
      for (std::size_t i = 0; i < results.size(); ++i) {
        Json item = {{"line", applications[i].line}, {"id", applications[i].id}};
        item.update(report::to_json(results[i].first, results[i].second));
        doc["rows"].push_back(std::move(item));
      }
      streams.out << doc.dump(2) << '\n';
    } else {
      Table t;
      t.caption =
          "verdicts for '" + m_batch + "' (" + std::to_string(results.size()) + " applications)";
      t.columns = row_columns(true);
      for (std::size_t i = 0; i < results.size(); ++i) {
        std::vector<Cell> cells = {static_cast<std::int64_t>(applications[i].line),
                                   applications[i].id};
        for (auto& c : row(results[i].first, results[i].second)) cells.push_back(std::move(c));
        t.rows.push_back(std::move(cells));
      }
      write_table(streams.out, t, format);
    }
    return report_problems(global, streams.err, problems);
  }

 private:
  void add_parameter(CLI::App& app, const ActivityParameter& p) {
    const std::string flag(p.cli_flag);
    const std::string help(p.help);
    switch (p.type) {
      case ParameterType::Text:
        app.add_option(flag, m_activity.*p.text, help);
        return;
      case ParameterType::Number:
        add_number(app, flag, m_activity.*p.number, help);
        return;
      case ParameterType::Flag:
        app.add_flag(flag, m_activity.*p.flag, help);
        return;
      case ParameterType::List:
        app.add_option(flag, m_activity.*p.list, help);
        return;
    }
  }

  static void add_number(CLI::App& app, const std::string& flag, std::optional<double>& target,
                         const std::string& help) {
    app.add_option_function<double>(
        flag, [&target](const double& v) { target = v; }, help);
  }

  SiteFlags m_site;
  PlannedActivity m_activity;
  std::string m_rules_flag;
  std::string m_batch;
};

}  // namespace

std::unique_ptr<Command> make_check_command() {
  return std::make_unique<CheckCommand>();
}

}  // namespace jigu::cli
