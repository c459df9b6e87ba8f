// Fuzz target: the workspace file loader (TOML). Any bytes either load, with every layer having a
// source, or give an InputError/UsageError naming the file (and line when it is a syntax error).
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_support.hpp"
#include "jigu/workspace.hpp"

namespace {

// One file per process, rewritten for every input (load_workspace reads a path); removed at exit.
const std::filesystem::path g_dir =
    std::filesystem::temp_directory_path() / ("jigu-fuzz-workspace-" + std::to_string(::getpid()));
const std::filesystem::path g_file = g_dir / "jigu.toml";

struct RemoveScratch {
  RemoveScratch() { std::filesystem::create_directories(g_dir); }
  ~RemoveScratch() {
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
  }
} g_remove_scratch;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& path = g_file;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  jigu::fuzz::expect_clean([&] {
    const jigu::Workspace ws = jigu::load_workspace(path);
    for (const auto& [role, ref] : ws.layers) {
      if (ref.source.empty()) jigu::fuzz::fail("layer '" + role + "' loaded without a source");
      if (ref.role != role) jigu::fuzz::fail("layer role mismatch: " + role);
      (void)ref.read_options(jigu::ReadOptions{});
    }
    (void)ws.layer("districts");  // UsageError when absent: expected
  });
  return 0;
}
