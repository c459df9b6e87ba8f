// Choosing the report's format and dispatching to its writer.
#include <algorithm>
#include <filesystem>

#include "jigu/error.hpp"
#include "jigu/report.hpp"

namespace jigu {

ReportFormat parse_report_format(const std::string& text) {
  if (text == "html" || text == "htm") return ReportFormat::Html;
  if (text == "md" || text == "markdown") return ReportFormat::Markdown;
  if (text == "csv") return ReportFormat::Csv;
  if (text == "json") return ReportFormat::Json;
  throw UsageError("--of: '" + text + "' is not one of html, md, csv, json");
}

std::optional<ReportFormat> report_format_for_path(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".html" || ext == ".htm") return ReportFormat::Html;
  if (ext == ".md" || ext == ".markdown") return ReportFormat::Markdown;
  if (ext == ".csv") return ReportFormat::Csv;
  if (ext == ".json") return ReportFormat::Json;
  return std::nullopt;
}

void write_report(std::ostream& out, const AreaReport& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::Html:
      write_report_html(out, report);
      break;
    case ReportFormat::Markdown:
      write_report_markdown(out, report);
      break;
    case ReportFormat::Csv:
      write_report_csv(out, report);
      break;
    case ReportFormat::Json:
      write_report_json(out, report);
      break;
  }
}

}  // namespace jigu
