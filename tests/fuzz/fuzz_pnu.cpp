// Fuzz target: the PNU parser (jigu locate --pnu, check --batch). Any text either parses into a
// well-formed PNU that reads back the same, or is an InputError saying what is wrong.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "jigu/pnu.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  jigu::fuzz::expect_clean([&] {
    const jigu::Pnu pnu = jigu::parse_pnu(text);
    if (pnu.text.size() != 19) jigu::fuzz::fail("a PNU of " + std::to_string(pnu.text.size()));
    for (const char c : pnu.text) {
      if (c < '0' || c > '9') jigu::fuzz::fail("a PNU with a non-digit: " + pnu.text);
    }
    if (pnu.bjd_code != pnu.text.substr(0, 10)) jigu::fuzz::fail("법정동코드 mismatch");
    if (pnu.main_no < 1 || pnu.main_no > 9999 || pnu.sub_no < 0 || pnu.sub_no > 9999) {
      jigu::fuzz::fail("본번/부번 out of range: " + pnu.text);
    }
    if (pnu.jibun().empty()) jigu::fuzz::fail("an empty 지번 for " + pnu.text);
    const jigu::Pnu again = jigu::parse_pnu(pnu.text);
    if (again.text != pnu.text || again.jibun() != pnu.jibun()) {
      jigu::fuzz::fail("a PNU that does not read back: " + pnu.text);
    }
  });
  return 0;
}
