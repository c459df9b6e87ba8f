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

/// Process exit codes of the `jigu` command (documented in README.md).
enum class ExitCode : int {
  Success = 0,        ///< done, nothing to report
  Failure = 1,        ///< an error during the run (bad input file, CRS, backend)
  Usage = 2,          ///< bad command line; nothing was read or written
  ProblemsFound = 3,  ///< done, but data problems were reported and --strict was given
};

}  // namespace jigu
