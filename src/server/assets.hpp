// The map page's files, read into memory once at start from the assets folder, answered by exact
// path only: no request ever opens a file, so no request can reach one outside the folder.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace jigu::server {

struct Asset {
  std::string content_type;
  std::string body;
};

class AssetStore {
 public:
  AssetStore() = default;
  /// Reads every regular file under `dir` (symbolic links are not followed), at most 256 files
  /// of at most 16 MiB each. Throws InputError when `dir` is missing or has no index.html.
  explicit AssetStore(const std::filesystem::path& dir);

  /// The asset at a URL path ("/" is "/index.html"), or null.
  const Asset* find(const std::string& path) const;

  std::size_t size() const { return m_assets.size(); }

 private:
  std::map<std::string, Asset> m_assets;
};

/// The media type for a file name by its extension; application/octet-stream when unknown.
std::string content_type_for(const std::string& name);

}  // namespace jigu::server
