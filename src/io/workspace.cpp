#include "jigu/workspace.hpp"

#include <toml++/toml.h>

#include "jigu/error.hpp"

namespace jigu {

ReadOptions LayerRef::read_options(const ReadOptions& base) const {
  ReadOptions o = base;
  o.layer = layer;
  o.id_field = id_field;
  o.name_field = name_field;
  o.code_field = code_field;
  if (o.encoding.empty()) o.encoding = encoding;
  if (o.source_crs.empty()) o.source_crs = crs;
  return o;
}

const LayerRef& Workspace::layer(const std::string& role) const {
  auto it = layers.find(role);
  if (it == layers.end()) {
    throw UsageError("'" + path.string() + "': the workspace has no [layers." + role + "]");
  }
  return it->second;
}

namespace {

std::string at(const std::filesystem::path& file, const toml::source_region& where) {
  return "'" + file.string() + "' line " + std::to_string(where.begin.line) + " column " +
         std::to_string(where.begin.column);
}

// A string value at `key` of `table`, or `fallback` when absent; a wrong type is an error.
std::string get_string(const std::filesystem::path& file, const toml::table& table,
                       const std::string& key, const std::string& fallback = {}) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return fallback;
  if (!node->is_string()) {
    throw InputError(at(file, node->source()) + ": '" + key + "' must be a string");
  }
  return node->value<std::string>().value_or(fallback);
}

}  // namespace

Workspace load_workspace(const std::filesystem::path& path) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    if (src.begin.line == 0) {
      throw InputError("'" + path.string() +
                       "': cannot read the workspace: " + std::string(e.description()));
    }
    throw InputError(at(path, src) + ": " + std::string(e.description()));
  }
  Workspace ws;
  ws.path = path;
  const std::filesystem::path base = path.parent_path();
  auto resolve = [&base](const std::string& p) -> std::string {
    if (p.empty()) return p;
    std::filesystem::path candidate(p);
    if (candidate.is_absolute() || p.rfind("PG:", 0) == 0 || p.rfind("/vsi", 0) == 0) return p;
    return (base / candidate).lexically_normal().string();
  };
  if (const toml::table* w = root["workspace"].as_table()) {
    ws.name = get_string(path, *w, "name");
    ws.crs = get_string(path, *w, "crs", ws.crs);
    ws.rules = resolve(get_string(path, *w, "rules"));
  }
  const toml::node* layers = root.get("layers");
  if (layers == nullptr) return ws;
  if (!layers->is_table())
    throw InputError(at(path, layers->source()) + ": 'layers' must be a table");
  for (const auto& [key, node] : *layers->as_table()) {
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      throw InputError(at(path, node.source()) + ": [layers." + std::string(key.str()) +
                       "] must be a table");
    }
    LayerRef ref;
    ref.role = std::string(key.str());
    ref.source = get_string(path, *t, "source");
    if (ref.source.empty()) {
      throw InputError(at(path, t->source()) + ": [layers." + ref.role + "] needs a 'source'");
    }
    ref.source = resolve(ref.source);
    ref.layer = get_string(path, *t, "layer");
    ref.id_field = get_string(path, *t, "id_field");
    ref.name_field = get_string(path, *t, "name_field");
    ref.code_field = get_string(path, *t, "code_field");
    ref.official_area_field = get_string(path, *t, "official_area_field");
    ref.encoding = get_string(path, *t, "encoding");
    ref.crs = get_string(path, *t, "crs");
    ws.layers.emplace(ref.role, std::move(ref));
  }
  return ws;
}

std::filesystem::path default_workspace_path(const std::filesystem::path& exe_dir) {
  return (exe_dir / ".." / "share" / "jigu" / "geodata" / "seoul" / "jigu.toml").lexically_normal();
}

}  // namespace jigu
