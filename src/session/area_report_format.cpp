#include "session/area_report_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace jigu::report {

namespace {

std::string group_digits(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    const std::size_t left = n - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out;
}

}  // namespace

std::string grouped(double value, int decimals) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  std::string text = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const std::size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : text.substr(dot);
  // "-0.00" reads as a sign on nothing: only show a minus for a non-zero rounded value.
  const bool negative = value < 0 && text.find_first_not_of("0.") != std::string::npos;
  return (negative ? "-" : "") + group_digits(whole) + frac;
}

std::string grouped(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  return (value < 0 ? "-" : "") + group_digits(digits);
}

std::string signed_grouped(double value, int decimals) {
  const std::string text = grouped(std::fabs(value), decimals);
  if (text.find_first_not_of("0.,") == std::string::npos) return "±" + text;
  return (value < 0 ? "\u2212" : "+") + text;
}

std::string m2(std::optional<double> value, int decimals) {
  if (!value) return "\u2014";
  return grouped(*value, decimals) + " m²";
}

std::string percent_of_share(double share) {
  return grouped(100.0 * share, 2) + " %";
}

std::string limit_pct(double pct) {
  const double rounded = std::round(pct * 100.0) / 100.0;
  if (std::fabs(rounded - std::round(rounded)) < 1e-9) return fmt::format("{:.0f} %", rounded);
  return fmt::format("{} %", rounded);
}

std::string exact(double value) {
  return fmt::format("{}", value);
}

std::string escape_xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_md_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";  // a line break inside a table cell (GitHub-flavoured Markdown)
    } else if (c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string zone_label(const ReportZoneRow& row) {
  if (row.code.empty()) return "(no zoning)";
  return row.name.empty() ? row.code : row.code + " " + row.name;
}

std::string base_limits_text(const ReportZoneRow& row) {
  std::string out;
  if (row.bcr_pct) out += "BCR " + limit_pct(*row.bcr_pct);
  if (row.far_pct) out += std::string(out.empty() ? "" : ", ") + "FAR " + limit_pct(*row.far_pct);
  if (out.empty()) return "\u2014";
  if (row.unconfirmed) out += " (unconfirmed)";
  return out;
}

namespace {

std::string range_text(const char* what, std::optional<double> base, std::optional<double> low,
                       std::optional<double> high) {
  if (!high) return "";
  std::string out = std::string(what) + " ";
  if (base) out += limit_pct(*base) + " \u2192 ";
  if (low && std::fabs(*high - *low) > 1e-9) out += "up to ";
  return out + limit_pct(*high);
}

}  // namespace

std::string relaxed_limit_text(const ReportZoneRow& row, const ReportRelaxedLimit& limit) {
  std::string out = range_text("BCR", row.bcr_pct, limit.bcr_low_pct, limit.bcr_high_pct);
  const std::string far = range_text("FAR", row.far_pct, limit.far_low_pct, limit.far_high_pct);
  if (!far.empty()) out += (out.empty() ? "" : ", ") + far;
  if (out.empty()) out = "no BCR/FAR change";
  std::string why = limit.condition;
  why += std::string(why.empty() ? "" : "; ") + "rule " + limit.rule_id;
  if (limit.unconfirmed) why += ", unconfirmed";
  return out + " (" + why + ")";
}

double text_width_em(const std::string& text) {
  double width = 0.0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 1;
    if (c >= 0xf0) {
      len = 4;
    } else if (c >= 0xe0) {
      len = 3;
    } else if (c >= 0xc0) {
      len = 2;
    }
    width += len >= 3 ? 1.0 : 0.58;
    i += len;
  }
  return width;
}

const char* group_label(const std::string& key) {
  if (key == "touching") return "with a part inside";
  if (key == "inside") return "wholly inside";
  if (key == "edge") return "straddling the district edge";
  if (key == "two_zones") return "straddling two or more zones";
  if (key == "small_part") return "of which the smallest zone part is at most the split threshold";
  return "";
}

}  // namespace jigu::report
