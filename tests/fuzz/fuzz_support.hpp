// Shared by the fuzz targets: the contract every jigu entry point must keep on hostile input.
// A target calls the library and lets only jigu::Error through as an expected outcome; any other
// exception, a crash, a hang or a sanitizer report is a finding. Messages must be one clear line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "jigu/error.hpp"

namespace jigu::fuzz {

/// Aborts (a finding) with `what`; libFuzzer and the replay driver both report the input.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "jigu fuzz: contract broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// The message of an expected error: not empty, names something, no NUL byte.
inline void check_message(const jigu::Error& e) {
  const std::string m = e.what();
  if (m.empty()) fail("a jigu::Error with an empty message");
  if (m.find('\0') != std::string::npos) fail("a message with a NUL byte: " + m);
}

/// Runs `body`; a jigu::Error is an expected outcome, anything else escapes to the caller (a
/// std::exception that is not a jigu::Error becomes an "internal error" in the CLI: a finding).
template <class Body>
void expect_clean(Body&& body) {
  try {
    body();
  } catch (const jigu::Error& e) {
    check_message(e);
  } catch (const std::exception& e) {
    fail(std::string("an exception that is not a jigu::Error: ") + e.what());
  }
}

/// The input with each code point on which Debian 12's toml++ 3.3.0 reaches
/// __builtin_unreachable (is_non_ascii_horizontal_whitespace, upstream issues #190 and #295,
/// fixed by pull request #305 after 3.3.0) replaced by a harmless one of the same UTF-8 length
/// (U+04A0 or U+AC00): U+00A1–U+0499, U+2C5E–U+3057 and U+FB26–U+FEFE, save U+3000 (the code
/// points of the three 1018-wide blocks its generated table lists without a case).
/// The fuzz build compiles toml++ from its headers under UBSan, which would stop on every such
/// input; with them replaced, fuzzing reaches jigu's own code. What Debian's compiled library
/// does with them is tested in HostileToml (tests/unit/robustness/hostile_rules_test.cpp).
inline std::string without_toml_unreachable_triggers(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto byte = [&text](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    std::uint32_t c = 0;
    std::size_t length = 0;
    if ((byte(i) & 0xE0) == 0xC0) {
      c = ((byte(i) & 0x1Fu) << 6) | (byte(i + 1) & 0x3Fu);
      length = 2;
    } else if ((byte(i) & 0xF0) == 0xE0 && i + 2 < text.size()) {
      c = ((byte(i) & 0x0Fu) << 12) | ((byte(i + 1) & 0x3Fu) << 6) | (byte(i + 2) & 0x3Fu);
      length = 3;
    } else {
      continue;
    }
    if (c == 0x3000) continue;
    if ((c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057) || (c >= 0xFB26 && c <= 0xFEFE))
      text.replace(i, length, length == 2 ? "\xD2\xA0" : "\xEA\xB0\x80");
  }
  return text;
}

/// A file the entry point under test reads by path, rewritten for every input: one per process
/// in a folder of its own under the system's temporary folder, removed at exit.
class ScratchFile {
 public:
  ScratchFile(const std::string& target, const std::string& name)
      : m_dir(std::filesystem::temp_directory_path() /
              ("jigu-fuzz-" + target + "-" + std::to_string(::getpid()))),
        m_path(m_dir / name) {
    std::filesystem::create_directories(m_dir);
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  /// Replaces the file's content with the input; returns its path.
  const std::filesystem::path& write(const std::string& content) const {
    std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return m_path;
  }
  const std::filesystem::path& write(const std::uint8_t* data, std::size_t size) const {
    return write(std::string(reinterpret_cast<const char*>(data), size));
  }

 private:
  std::filesystem::path m_dir;
  std::filesystem::path m_path;
};

}  // namespace jigu::fuzz
