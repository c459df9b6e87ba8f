// Shared by the fuzz targets: the contract every jigu entry point must keep on hostile input.
// A target calls the library and lets only jigu::Error through as an expected outcome; any other
// exception, a crash, a hang or a sanitizer report is a finding. Messages must be one clear line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

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

}  // namespace jigu::fuzz
