// Fuzz target: the CSV batch input of `jigu check --batch` (RFC 4180 with a BOM, CRLF, quoted
// line breaks; a header naming the columns). Any bytes either read as applications, each with
// exactly one site and a use, or give an InputError/UsageError naming the file and line.
//
// The reader lives in the command's source file, in an anonymous namespace; it is compiled into
// this target by including that file (nothing else of jigu_cli defines the command's symbols, so
// the archive's copy is never linked in). TODO: when the batch reader moves into src/io/, call it
// from there instead.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/command_check.cpp"  // NOLINT(bugprone-suspicious-include)
#include "fuzz_support.hpp"

namespace {

// One file per process, rewritten for every input (the reader takes a path); removed at exit.
const std::filesystem::path g_dir =
    std::filesystem::temp_directory_path() / ("jigu-fuzz-batch-" + std::to_string(::getpid()));
const std::filesystem::path g_file = g_dir / "applications.csv";

struct RemoveScratch {
  RemoveScratch() { std::filesystem::create_directories(g_dir); }
  ~RemoveScratch() {
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
  }
} g_remove_scratch;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(g_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  jigu::fuzz::expect_clean([&] {
    const auto applications = jigu::cli::read_applications(g_file.string());
    for (const auto& a : applications) {
      const int sites = !a.site.pnu.empty() + !a.site.point.empty() + !a.site.wkt.empty() +
                        !a.site.geojson.empty();
      if (sites != 1) jigu::fuzz::fail("an application with " + std::to_string(sites) + " sites");
      if (a.activity.use.empty()) jigu::fuzz::fail("an application without a use");
      if (a.line < 2) jigu::fuzz::fail("an application on line " + std::to_string(a.line));
    }
  });
  return 0;
}
