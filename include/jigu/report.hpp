// The area report rendered (docs/report-schema.md): HTML with SVG maps, Markdown, CSV or JSON,
// from the data jigu/area_report.hpp builds. Renderers receive the report and read no file.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "jigu/area_report.hpp"

namespace jigu {

enum class ReportFormat { Html, Markdown, Csv, Json };

/// "html", "md" (or "markdown"), "csv", "json"; throws UsageError otherwise.
ReportFormat parse_report_format(const std::string& text);

/// By the extension of `path` (.html/.htm, .md, .csv, .json); none when unknown.
std::optional<ReportFormat> report_format_for_path(const std::string& path);

void write_report_html(std::ostream& out, const AreaReport& report);
void write_report_markdown(std::ostream& out, const AreaReport& report);
void write_report_csv(std::ostream& out, const AreaReport& report);
void write_report_json(std::ostream& out, const AreaReport& report);
void write_report(std::ostream& out, const AreaReport& report, ReportFormat format);

}  // namespace jigu
