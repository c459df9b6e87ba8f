// Everything the server answers from, loaded from one workspace: the locator's indexes, the
// layers as indexed GeoJSON, the rules, the area report (built on first request). Immutable once
// built; a reload builds a new one and swaps it in, so requests in flight keep theirs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jigu/locate.hpp"
#include "jigu/rules.hpp"
#include "jigu/session.hpp"
#include "jigu/workspace.hpp"
#include "server/layer_cache.hpp"

namespace jigu::server {

struct ServerData {
  /// The workspace opened once: its layers feed the locator, the layer caches and the report.
  /// Only report_json() reads more from it, under its lock.
  mutable Session session;
  const Workspace& workspace;                ///< the session's
  const Locator& locator;                    ///< the session's, built at load
  std::map<std::string, LayerCache> layers;  ///< by role: districts, zoning, parcels
  std::optional<RuleSet> rules;   ///< the workspace's rules file; none when it names none
  std::vector<Problem> problems;  ///< met while reading the layers
  std::int64_t generation = 0;    ///< 1 for the first load, +1 per reload
  std::string loaded_at;          ///< UTC, ISO 8601
  std::int64_t loaded_unix = 0;   ///< the same, seconds since 1970; the report's time

  explicit ServerData(Session s)
      : session(std::move(s)), workspace(session.workspace()), locator(session.locator()) {}
  ServerData(const ServerData&) = delete;
  ServerData& operator=(const ServerData&) = delete;

  /// The area report as JSON (`jigu report -f json --time @loaded_unix`), built on the first
  /// call and kept; later calls wait for it. Throws what the report builder throws (and tries
  /// again on the next call).
  const std::string& report_json() const;

 private:
  mutable std::mutex m_report_mutex;
  mutable std::string m_report_json;
};

/// Loads and indexes the workspace at `path`. Throws like the readers.
std::shared_ptr<const ServerData> load_server_data(const std::filesystem::path& path,
                                                   std::int64_t generation);

}  // namespace jigu::server
