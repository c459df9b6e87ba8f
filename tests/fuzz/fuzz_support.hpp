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
  const std::filesystem::path& write(const std::uint8_t* data, std::size_t size) const {
    std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return m_path;
  }

 private:
  std::filesystem::path m_dir;
  std::filesystem::path m_path;
};

}  // namespace jigu::fuzz
