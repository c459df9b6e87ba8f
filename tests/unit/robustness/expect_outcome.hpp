// What every hostile input must give (README "Exit codes", STYLE.md §5): no crash, no hang, and
// either success or the documented exit code with one stderr line naming the file.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "child_process.hpp"

namespace jigu::test {

/// Not killed by a signal (a crash, or the deadline), and not an "internal error".
inline void expect_no_crash(const Outcome& r) {
  EXPECT_FALSE(r.timed_out) << "still running after the deadline; stderr: "
                            << r.err.substr(0, 2000);
  EXPECT_FALSE(r.signalled && !r.timed_out)
      << "died of signal " << r.exit_code - 128 << ": " << r.err.substr(0, 2000);
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err.substr(0, 2000);
  EXPECT_EQ(r.err.find("Sanitizer"), std::string::npos) << r.err.substr(0, 4000);
}

/// Exit `code` (1 or 2) with exactly one stderr line that names `file` and says `what`; nothing
/// on stdout.
inline void expect_error_line(const Outcome& r, int code, const std::string& file,
                              const std::string& what = {}) {
  expect_no_crash(r);
  EXPECT_EQ(r.exit_code, code) << r.err.substr(0, 2000);
  EXPECT_EQ(line_count(r.err), 1u) << r.err.substr(0, 2000);
  EXPECT_LT(r.err.size(), 2000u) << "an error line of " << r.err.size() << " bytes";
  EXPECT_NE(r.err.find(file), std::string::npos) << r.err.substr(0, 2000);
  if (!what.empty()) {
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err.substr(0, 2000);
  }
  EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 2000);
}

/// Success with problems reported: exit 0, every stderr line a warning naming `file`.
inline void expect_warning_lines(const Outcome& r, const std::string& file,
                                 const std::string& what = {}) {
  expect_no_crash(r);
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
  EXPECT_GE(line_count(r.err), 1u);
  std::size_t start = 0;
  while (start < r.err.size()) {
    const std::size_t end = r.err.find('\n', start);
    const std::string line = r.err.substr(start, end - start);
    EXPECT_EQ(line.rfind("jigu: warning: ", 0), 0u) << line;
    EXPECT_NE(line.find(file), std::string::npos) << line;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (!what.empty()) {
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err.substr(0, 2000);
  }
}

/// The data rows of a CSV on stdout (lines after the header).
inline std::size_t csv_rows(const std::string& out) {
  const std::size_t lines = line_count(out);
  return lines == 0 ? 0 : lines - 1;
}

}  // namespace jigu::test
