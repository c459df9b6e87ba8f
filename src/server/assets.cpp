#include "server/assets.hpp"

#include <fstream>
#include <sstream>

#include "jigu/error.hpp"

namespace jigu::server {

namespace fs = std::filesystem;

std::string content_type_for(const std::string& name) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".geojson", "application/geo+json"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  const auto it = types.find(fs::path(name).extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

AssetStore::AssetStore(const fs::path& dir) {
  constexpr std::size_t kMaxFiles = 256;
  constexpr std::uintmax_t kMaxBytes = 16u << 20;
  if (!fs::is_directory(dir)) {
    throw InputError("serve: the map page's folder '" + dir.string() +
                     "' does not exist; build jigu (it copies web/ there) or pass --assets");
  }
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_symlink() || !it->is_regular_file()) continue;
    if (m_assets.size() == kMaxFiles) {
      throw InputError("serve: '" + dir.string() + "' holds more than " +
                       std::to_string(kMaxFiles) + " files; is it the map page's folder?");
    }
    if (it->file_size() > kMaxBytes) {
      throw InputError("serve: '" + it->path().string() + "' is larger than 16 MiB");
    }
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) throw InputError("serve: cannot read '" + it->path().string() + "'");
    std::ostringstream body;
    body << in.rdbuf();
    const std::string url = "/" + fs::relative(it->path(), dir).generic_string();
    m_assets[url] = Asset{content_type_for(url), body.str()};
  }
  if (!m_assets.count("/index.html")) {
    throw InputError("serve: '" + dir.string() + "' has no index.html; pass the map page's folder");
  }
}

const Asset* AssetStore::find(const std::string& path) const {
  const auto it = m_assets.find(path == "/" ? "/index.html" : path);
  return it == m_assets.end() ? nullptr : &it->second;
}

}  // namespace jigu::server
