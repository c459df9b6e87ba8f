// Request parameters of the HTTP API, validated strictly: every parameter known, none repeated
// unless it may be, numbers in plain decimal notation and in range, each failure naming the
// parameter (a 400 with a JSON body).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace jigu::server {

/// A request the API refuses: its HTTP status, a short code ("bad-parameter", "unknown-pnu"...),
/// the parameter at fault when there is one, and a message a person reads.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string parameter, const std::string& message)
      : std::runtime_error(message),
        m_status(status),
        m_code(std::move(code)),
        m_parameter(std::move(parameter)) {}
  int status() const { return m_status; }
  const std::string& code() const { return m_code; }
  const std::string& parameter() const { return m_parameter; }

 private:
  int m_status;
  std::string m_code;
  std::string m_parameter;
};

/// A 400 for `parameter`, the message prefixed with its name.
ApiError bad_parameter(const std::string& parameter, const std::string& what);

/// Query parameters as decoded from the request target, in order.
using Params = std::multimap<std::string, std::string>;

using Clock = std::chrono::steady_clock;

/// Throws a 503 once `deadline` has passed (work on one request is capped).
void check_deadline(Clock::time_point deadline);

/// A number in plain decimal notation: optional '-', digits, optional fraction and exponent; at
/// most 32 characters; finite. No hex, no "inf"/"nan", no spaces. Throws a 400 naming `parameter`.
double parse_number(const std::string& text, const std::string& parameter);

/// "yes", "no", "true", "false", "1", "0" (any case). Throws a 400 naming `parameter`.
bool parse_flag(const std::string& text, const std::string& parameter);

/// A longitude/latitude box: west, south, east, north in degrees (WGS 84).
struct LonLatBox {
  double west = 0.0;
  double south = 0.0;
  double east = 0.0;
  double north = 0.0;
};

/// "minlon,minlat,maxlon,maxlat" with lon in [-180, 180], lat in [-90, 90], min ≤ max.
LonLatBox parse_bbox(const std::string& text, const std::string& parameter = "bbox");

/// Reads the parameters of one endpoint: refuses unknown names (suggesting the nearest known one)
/// and repeated names (except `repeatable` ones), and values longer than `max_value_bytes`.
class ParamReader {
 public:
  ParamReader(const Params& params, const std::vector<std::string>& known,
              const std::vector<std::string>& repeatable = {}, std::size_t max_value_bytes = 256);

  bool has(const std::string& name) const { return m_params.count(name) > 0; }
  std::optional<std::string> text(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  std::optional<double> number(const std::string& name) const;
  /// A number within [low, high].
  std::optional<double> number(const std::string& name, double low, double high) const;
  std::optional<bool> flag(const std::string& name) const;

 private:
  const Params& m_params;
};

/// Whether a decoded URL path tries to leave the asset folder or hide what it names: a ".."
/// segment, a backslash, a NUL or control byte, an empty segment ("//", an absolute path in
/// disguise), a '%' left after decoding (double encoding), or no leading '/'.
bool is_suspicious_path(const std::string& path);

}  // namespace jigu::server

namespace jigu::server {

/// Whether a request's Host header may reach a server bound to `bound_host`. A loopback-bound
/// server answers only Host names that are loopback (localhost, 127.0.0.1, [::1]) or the bound
/// host, with any port, so a web page elsewhere cannot reach it through DNS rebinding. A server
/// bound elsewhere answers every Host. A missing Host header is allowed (HTTP/1.0 clients).
bool is_allowed_host(const std::string& host_header, const std::string& bound_host);

/// Whether `host` names the loopback interface (localhost, 127.0.0.0/8, ::1).
bool is_loopback_host(const std::string& host);

}  // namespace jigu::server
