// `jigu report`: the area report of the workspace's districts, as HTML (with maps), Markdown,
// CSV or JSON.
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "cli/common_options.hpp"
#include "jigu/error.hpp"
#include "jigu/output_file.hpp"
#include "jigu/report.hpp"
#include "jigu/rules_file.hpp"
#include "jigu/session.hpp"

namespace jigu::cli {

namespace {

// "2026-01-31T12:00:00Z", "2026-01-31" or "@1767225600" → seconds since 1970 (UTC).
std::int64_t parse_time(const std::string& text) {
  if (!text.empty() && text[0] == '@') {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str() + 1, &end, 10);
    if (end != nullptr && *end == '\0' && text.size() > 1) return v;
  } else {
    std::tm tm{};
    int n = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon,
                    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6 &&
        static_cast<std::size_t>(n) == text.size()) {
    } else if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                           &n) == 3 &&
               static_cast<std::size_t>(n) == text.size()) {
      tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    } else {
      n = -1;
    }
    if (n > 0 && tm.tm_mon >= 1 && tm.tm_mon <= 12 && tm.tm_mday >= 1 && tm.tm_mday <= 31) {
      tm.tm_year -= 1900;
      tm.tm_mon -= 1;
      return static_cast<std::int64_t>(timegm(&tm));
    }
  }
  throw UsageError("--time: '" + text +
                   "' is not a UTC time like 2026-01-31T12:00:00Z, 2026-01-31 or @1767225600");
}

/// A one-line progress bar on a terminal, redrawn when the stage or the percentage changes.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : m_enabled(enabled) {}
  void operator()(const ReportProgress& p) {
    if (!m_enabled) return;
    const int percent = p.total > 0 ? static_cast<int>(100 * p.done / p.total) : -1;
    if (p.stage == m_stage && percent == m_percent) return;
    m_stage = p.stage;
    m_percent = percent;
    std::string line = "report: " + p.stage;
    if (percent >= 0) {
      const int filled = percent * 24 / 100;
      line += fmt::format(" [{}{}] {:3}%", std::string(static_cast<std::size_t>(filled), '#'),
                          std::string(static_cast<std::size_t>(24 - filled), '-'), percent);
      if (p.total > 3) line += fmt::format(" ({}/{})", p.done, p.total);
    }
    std::fprintf(stderr, "\r%-78s", line.c_str());
    std::fflush(stderr);
    m_drawn = true;
  }
  /// Clears the line, so a finished run leaves the terminal as it was.
  void finish() {
    if (m_enabled && m_drawn) std::fprintf(stderr, "\r%78s\r", "");
  }

 private:
  bool m_enabled;
  bool m_drawn = false;
  std::string m_stage;
  int m_percent = -2;
};

class ReportCommand : public Command {
 public:
  std::string name() const override { return "report"; }
  std::string summary() const override {
    return "Area report of the districts: areas vs. official, zoning, parcels, maps (HTML, "
           "Markdown, CSV, JSON)";
  }

  void add_options(CLI::App& app) override {
    app.add_option("-o,--output", m_output,
                   "Report file: .html (with maps), .md, .csv or .json (default: Markdown, or "
                   "--format csv/json, to stdout)");
    app.add_option("--of", m_format, "Report format, overriding the extension")
        ->check(CLI::IsMember({"html", "md", "markdown", "csv", "json"}));
    app.add_flag("--overwrite", m_overwrite, "Replace an existing report file");
    app.add_option("--time", m_time,
                   "The report's time, UTC (2026-01-31T12:00:00Z, 2026-01-31 or @EPOCH); default: "
                   "$SOURCE_DATE_EPOCH, else now");
    app.add_option("--largest", m_options.largest_parcels, "Largest parcels listed per district")
        ->capture_default_str();
    app.add_option("--invalid", m_invalid, "What to do with invalid geometries")
        ->check(CLI::IsMember({"fail", "skip", "repair"}))
        ->capture_default_str();
    app.add_option("--threads", m_options.threads, "Worker threads (default: one per core)");
    app.add_option("--rules", m_rules, "Rules file (default: the workspace's)");
  }

  int run(const GlobalOptions& global, Streams streams) override {
    m_options.validate();
    ReportFormat format = ReportFormat::Markdown;
    if (!m_format.empty()) {
      format = parse_report_format(m_format);
    } else if (!m_output.empty()) {
      const auto by_ext = report_format_for_path(m_output);
      if (!by_ext) {
        throw UsageError("'" + m_output +
                         "': unknown report type; use .html, .md, .csv or .json, or --of");
      }
      format = *by_ext;
    } else if (global.format == "csv") {
      format = ReportFormat::Csv;
    } else if (global.format == "json") {
      format = ReportFormat::Json;
    }
    // Refuse to overwrite before reading anything.
    if (!m_output.empty() && std::filesystem::exists(m_output) && !m_overwrite) {
      throw UsageError("'" + m_output + "': exists; pass --overwrite to replace it");
    }
    m_options.generated_unix = report_time();

    const Workspace workspace = load_workspace(global);
    if (!m_output.empty()) refuse_input_as_output(m_output, workspace_inputs(workspace));
    ReadOptions base;
    base.invalid = parse_invalid_policy(m_invalid);
    // Zone limits and district relaxations come from the workspace's rules file, when it names
    // one (--rules for another); a broken rules file is an error, like a broken layer.
    const std::string rules_path = m_rules.empty() ? workspace.rules : m_rules;
    std::optional<ReportRules> rules_model;
    if (!rules_path.empty()) {
      const RuleSet rule_set = load_rules(rules_path);
      rules_model = report_rules(rule_set);
      if (rule_set.split_parcel) m_options.small_part_m2 = rule_set.split_parcel->small_part_m2;
    }
    const ReportRules* rules = rules_model ? &*rules_model : nullptr;

    ProgressBar bar(!global.quiet && ::isatty(STDERR_FILENO));
    AreaReport report;
    try {
      Session session(workspace, base);
      report =
          build_area_report(session, rules, m_options, [&](const ReportProgress& p) { bar(p); });
    } catch (...) {
      bar.finish();
      throw;
    }
    bar(ReportProgress{"writing", 0, 0});
    std::ostringstream text;
    write_report(text, report, format);
    bar.finish();
    if (m_output.empty()) {
      streams.out << text.str();
    } else {
      write_file_atomically(m_output, text.str(), m_overwrite);
    }
    std::vector<Problem> problems;
    for (const auto& in : report.inputs) {
      if (in.counts.repaired + in.counts.skipped + in.counts.empty > 0) {
        problems.push_back({in.source, "", "data-problems",
                            fmt::format("{} repaired, {} skipped, {} empty geometries",
                                        in.counts.repaired, in.counts.skipped, in.counts.empty),
                            std::nullopt});
      }
    }
    return report_problems(global, streams.err, problems);
  }

 private:
  std::int64_t report_time() const {
    if (!m_time.empty()) return parse_time(m_time);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch) {
      char* end = nullptr;
      const long long v = std::strtoll(epoch, &end, 10);
      if (end == nullptr || *end != '\0') {
        throw UsageError("SOURCE_DATE_EPOCH: '" + std::string(epoch) +
                         "' is not a whole number of seconds");
      }
      return v;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  std::string m_output;
  std::string m_format;
  std::string m_time;
  std::string m_invalid = "repair";
  std::string m_rules;
  bool m_overwrite = false;
  ReportOptions m_options;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
  return std::make_unique<ReportCommand>();
}

}  // namespace jigu::cli
