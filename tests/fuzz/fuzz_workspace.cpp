// Fuzz target: the workspace file loader (TOML). Any bytes either load, with every layer having a
// source, or give an InputError/UsageError naming the file (and line when it is a syntax error).
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "jigu/workspace.hpp"

namespace {

const jigu::fuzz::ScratchFile g_file("workspace", "jigu.toml");

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input = jigu::fuzz::without_toml_unreachable_triggers(data, size);
  const auto& path = g_file.write(input);
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
