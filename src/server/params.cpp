#include "server/params.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace jigu::server {

namespace {

// Quotes a value for a message: at most 40 bytes, control bytes escaped, so a hostile value
// cannot flood or forge the message.
std::string printable(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size() && i < 40; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (value.size() > 40) out += "...";
  return out;
}

std::string quoted(const std::string& value) {
  return "'" + printable(value) + "'";
}

}  // namespace

ApiError bad_parameter(const std::string& parameter, const std::string& what) {
  return ApiError(400, "bad-parameter", parameter, parameter + ": " + what);
}

void check_deadline(Clock::time_point deadline) {
  if (Clock::now() > deadline) {
    throw ApiError(503, "timeout", "", "the request took longer than the server allows; narrow it");
  }
}

double parse_number(const std::string& text, const std::string& parameter) {
  auto refuse = [&] { return bad_parameter(parameter, quoted(text) + " is not a decimal number"); };
  if (text.empty() || text.size() > 32) throw refuse();
  std::size_t i = 0;
  if (text[i] == '-') ++i;
  std::size_t digits = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
  }
  if (digits == 0) throw refuse();
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) throw refuse();
  }
  if (i != text.size()) throw refuse();
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    throw bad_parameter(parameter, quoted(text) + " is not a finite number");
  }
  return value;
}

bool parse_flag(const std::string& text, const std::string& parameter) {
  std::string v = text;
  std::transform(v.begin(), v.end(), v.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (v == "1" || v == "true" || v == "yes") return true;
  if (v == "0" || v == "false" || v == "no") return false;
  throw bad_parameter(parameter, quoted(text) + " is not true/false, yes/no or 1/0");
}

LonLatBox parse_bbox(const std::string& text, const std::string& parameter) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() < 5) {
    const std::size_t comma = text.find(',', start);
    parts.push_back(text.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (parts.size() != 4) {
    throw bad_parameter(parameter, quoted(text) +
                                       " is not four numbers minlon,minlat,maxlon,maxlat "
                                       "(WGS 84 degrees)");
  }
  LonLatBox b;
  b.west = parse_number(parts[0], parameter);
  b.south = parse_number(parts[1], parameter);
  b.east = parse_number(parts[2], parameter);
  b.north = parse_number(parts[3], parameter);
  if (b.west < -180 || b.east > 180 || b.south < -90 || b.north > 90) {
    throw bad_parameter(parameter, quoted(text) +
                                       " is outside the world: longitudes must lie in "
                                       "[-180, 180] and latitudes in [-90, 90]");
  }
  if (b.west > b.east || b.south > b.north) {
    throw bad_parameter(parameter,
                        quoted(text) + " has min > max; give minlon,minlat,maxlon,maxlat");
  }
  return b;
}

ParamReader::ParamReader(const Params& params, const std::vector<std::string>& known,
                         const std::vector<std::string>& repeatable, std::size_t max_value_bytes)
    : m_params(params) {
  for (const auto& [name, value] : params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const std::string takes = known.empty() ? "none" : fmt::format("{}", fmt::join(known, ", "));
      throw bad_parameter(printable(name), "unknown parameter; this endpoint takes " + takes);
    }
    if (params.count(name) > 1 &&
        std::find(repeatable.begin(), repeatable.end(), name) == repeatable.end()) {
      throw bad_parameter(name,
                          "given " + std::to_string(params.count(name)) + " times; give it once");
    }
    if (value.size() > max_value_bytes) {
      throw bad_parameter(name, "longer than " + std::to_string(max_value_bytes) + " bytes");
    }
  }
}

std::optional<std::string> ParamReader::text(const std::string& name) const {
  const auto it = m_params.find(name);
  if (it == m_params.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ParamReader::all(const std::string& name) const {
  std::vector<std::string> out;
  const auto [begin, end] = m_params.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

std::optional<double> ParamReader::number(const std::string& name) const {
  const auto t = text(name);
  if (!t) return std::nullopt;
  return parse_number(*t, name);
}

std::optional<double> ParamReader::number(const std::string& name, double low, double high) const {
  const auto v = number(name);
  if (v && (*v < low || *v > high)) {
    std::string range = "[" + std::to_string(low) + ", " + std::to_string(high) + "]";
    // "[-180.000000, 180.000000]" reads badly; trim the zeros.
    for (const std::string zeros : {".000000"}) {
      for (auto p = range.find(zeros); p != std::string::npos; p = range.find(zeros)) {
        range.erase(p, zeros.size());
      }
    }
    throw bad_parameter(name, quoted(*text(name)) + " is outside " + range);
  }
  return v;
}

std::optional<bool> ParamReader::flag(const std::string& name) const {
  const auto t = text(name);
  if (!t) return std::nullopt;
  return parse_flag(*t, name);
}

bool is_suspicious_path(const std::string& path) {
  if (path.empty() || path.front() != '/') return true;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || c == '\\' || c == '%') return true;
  }
  // Segments between slashes: none empty (except after the final slash) and none "." or "..".
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return true;
    if (segment.empty() && end != path.size()) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace jigu::server

namespace jigu::server {

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.rfind("127.", 0) != 0) return false;
  return host.find_first_not_of("0123456789.") == std::string::npos;
}

bool is_allowed_host(const std::string& host_header, const std::string& bound_host) {
  if (host_header.empty()) return true;
  if (!is_loopback_host(bound_host)) return true;
  std::string name = host_header;
  if (!name.empty() && name.front() == '[') {
    const auto close = name.find(']');
    if (close == std::string::npos) return false;
    name = name.substr(0, close + 1);
  } else if (const auto colon = name.find(':'); colon != std::string::npos) {
    name = name.substr(0, colon);
  }
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return is_loopback_host(name) || name == bound_host;
}

}  // namespace jigu::server
