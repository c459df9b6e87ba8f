// Fuzz target: the CSV batch input of `jigu check --batch` (RFC 4180 with a BOM, CRLF, quoted
// line breaks; a header naming the columns). Any bytes either read as applications, each with
// exactly one site and a use, or give an InputError/UsageError naming the file and line.
#include <cstdint>
#include <string>

#include "cli/check_batch.hpp"
#include "fuzz_support.hpp"

namespace {

const jigu::fuzz::ScratchFile g_file("batch", "applications.csv");

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& path = g_file.write(data, size);
  jigu::fuzz::expect_clean([&] {
    const auto applications = jigu::cli::read_applications(path.string());
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
