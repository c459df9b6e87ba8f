// The error types every jigu library call may throw, and the CLI's exit codes.
// Messages read "<where>: <what>[; <remedy>]" (see STYLE.md §5).
#pragma once

#include <stdexcept>
#include <string>

namespace jigu {

/// Root of every error jigu throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The caller asked for something impossible (bad flag value, unknown layer name).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// An input file or value is missing, unreadable or malformed.
class InputError : public Error {
 public:
  using Error::Error;
};

/// A coordinate reference system is missing, unknown, or cannot be transformed safely.
class CrsError : public Error {
 public:
  using Error::Error;
};

/// A geometry is unusable under the chosen policy (e.g. invalid with --invalid=fail).
class GeometryError : public Error {
 public:
  using Error::Error;
};

/// GDAL, GEOS or PROJ failed in a way that is not the input's fault.
class BackendError : public Error {
 public:
  using Error::Error;
};

/// What an error about one declared parameter carries besides its text: the parameter's id (see
/// jigu/activity.hpp), so that each front end names the parameter its own way (a CLI flag, an
/// HTTP key, a CSV column) without reading the message.
class ParameterFault {
 public:
  explicit ParameterFault(std::string parameter) : m_parameter(std::move(parameter)) {}
  virtual ~ParameterFault() = default;
  const std::string& parameter() const noexcept { return m_parameter; }

 private:
  std::string m_parameter;
};

/// A parameter's value is missing or out of range. `detail()` says what, without naming the
/// parameter; `what()` is "<id>: <detail>".
class ParameterUsageError : public UsageError, public ParameterFault {
 public:
  ParameterUsageError(const std::string& parameter, const std::string& detail)
      : UsageError(parameter + ": " + detail), ParameterFault(parameter), m_detail(detail) {}
  const std::string& detail() const noexcept { return m_detail; }

 private:
  std::string m_detail;
};

/// A parameter's value names what the rules do not hold (a use, a fact); `what()` is the whole
/// message and names the value itself ("use 'x' is not in the rules; …").
class ParameterInputError : public InputError, public ParameterFault {
 public:
  ParameterInputError(const std::string& parameter, const std::string& message)
      : InputError(message), ParameterFault(parameter) {}
};

/// Process exit codes of the `jigu` command (documented in README.md).
enum class ExitCode : int {
  Success = 0,        ///< done, nothing to report
  Failure = 1,        ///< an error during the run (bad input file, CRS, backend)
  Usage = 2,          ///< bad command line; nothing was read or written
  ProblemsFound = 3,  ///< done, but data problems were reported and --strict was given
};

}  // namespace jigu
