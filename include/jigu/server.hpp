// `jigu serve`: the HTTP API (layers as GeoJSON, locate, check, report) and the offline map page,
// over one workspace loaded and indexed once, reloaded on SIGHUP.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace jigu {

/// How the server listens and what it accepts. Plain data; `validate()` checks it without I/O.
struct ServerOptions {
  std::filesystem::path workspace;  ///< the workspace file to serve
  std::filesystem::path assets;     ///< the map page's folder (index.html, app.js, leaflet/...)
  std::string host = "127.0.0.1";   ///< loopback unless told otherwise
  int port = 8080;                  ///< 0: any free port (the one chosen is logged)
  unsigned threads = 0;             ///< connections served at once; 0 = max(64, 8 × cores)
  std::size_t max_body_bytes = 64 * 1024;  ///< larger POST bodies get 413
  std::size_t max_target_bytes = 2048;     ///< longer request targets (path + query) get 414
  std::size_t max_features = 5000;         ///< per GeoJSON response; more is a 400 naming bbox
  double request_timeout_s = 10.0;         ///< work on one request beyond this is a 503
  double io_timeout_s = 5.0;               ///< a read or write stalled this long drops the client
  bool access_log = false;                 ///< one line per request on the log

  /// Throws UsageError naming the option for an impossible value.
  void validate() const;
};

/// Where the server reports: `ready` once with the URL it listens on, `info` for what it loaded
/// and reloads (and the access log), `error` for failures it survives.
struct ServerLog {
  std::function<void(const std::string&)> ready;
  std::function<void(const std::string&)> info;
  std::function<void(const std::string&)> error;
};

/// Loads the workspace, builds the indexes and the layers' GeoJSON, listens and serves until
/// SIGINT or SIGTERM (then finishes the requests in flight and returns 0). SIGHUP reloads the
/// workspace: requests in flight finish on the data they started with, later ones get the new
/// data; a reload that fails keeps the old data and logs why. The calling thread blocks SIGHUP,
/// SIGINT and SIGTERM and waits for them, so call it from the main thread of a process.
/// Throws like the readers (InputError, CrsError, UsageError) when the first load fails, and
/// UsageError when the address cannot be bound.
int run_server(const ServerOptions& options, const ServerLog& log);

/// The map page's folder for a binary in `exe_dir`: `<exe_dir>/../share/jigu/web` (the same in
/// the build tree and after installation).
std::filesystem::path default_assets_path(const std::filesystem::path& exe_dir);

}  // namespace jigu
