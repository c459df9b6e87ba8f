// The checking file system (handles/checked_files): bytes written through it land in the real
// file (read back with std::ifstream), a write that the disk refuses (Linux's /dev/full, which
// fails every write with ENOSPC) is seen and named with strerror's words, and names of objects
// that are gone or were never made open nothing.
#include "handles/checked_files.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "handles/gdal_handles.hpp"

namespace jigu::handles {
namespace {

namespace fs = std::filesystem;

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CheckedFiles, NamesTheRealFileUnderItsOwnPrefix) {
  const CheckedFiles a;
  const CheckedFiles b;
  const std::string pa = a.path("/tmp/x/out.geojson");
  EXPECT_EQ(pa.rfind("/vsijigu_checked/", 0), 0u) << pa;
  EXPECT_EQ(pa.substr(pa.size() - std::strlen("/tmp/x/out.geojson")), "/tmp/x/out.geojson");
  EXPECT_NE(pa, b.path("/tmp/x/out.geojson")) << "two objects, two names for the file";
  // A relative path is made absolute.
  EXPECT_EQ(a.path("out.csv"), a.path(fs::absolute("out.csv").string()));
}

TEST(CheckedFiles, WritesReachTheRealFileAndNothingFails) {
  const fs::path dir = test::fresh_dir("checked_files_ok");
  const fs::path real = dir / "out.txt";
  const CheckedFiles files;
  VSILFILE* f = VSIFOpenL(files.path(real.string()).c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string text = "좌표 201234.5 551234.25\n";
  EXPECT_EQ(VSIFWriteL(text.data(), 1, text.size(), f), text.size());
  EXPECT_EQ(VSIFFlushL(f), 0);
  EXPECT_EQ(VSIFCloseL(f), 0);
  EXPECT_FALSE(files.failed());
  EXPECT_EQ(files.failure(), "");
  EXPECT_EQ(contents(real), text);
  // Read back and stat through the checking name too.
  VSIStatBufL st;
  ASSERT_EQ(VSIStatL(files.path(real.string()).c_str(), &st), 0);
  EXPECT_EQ(static_cast<std::size_t>(st.st_size), text.size());
  VSILFILE* r = VSIFOpenL(files.path(real.string()).c_str(), "rb");
  ASSERT_NE(r, nullptr);
  std::string back(text.size(), '\0');
  EXPECT_EQ(VSIFReadL(back.data(), 1, back.size(), r), back.size());
  EXPECT_EQ(VSIFCloseL(r), 0);
  EXPECT_EQ(back, text);
}

TEST(CheckedFiles, AFullDiskIsSeenAndNamed) {
  ASSERT_TRUE(fs::exists("/dev/full")) << "this test needs Linux's /dev/full";
  const CheckedFiles files;
  const CheckedFiles bystander;
  VSILFILE* f = VSIFOpenL(files.path("/dev/full").c_str(), "wb");
  ASSERT_NE(f, nullptr);
  // Small writes may sit in the C library's buffer; flushing or closing then fails. Either way
  // the failure must be recorded by the time the file is closed.
  const std::string text(100, 'x');
  const std::size_t written = VSIFWriteL(text.data(), 1, text.size(), f);
  const bool closed = VSIFCloseL(f) == 0;
  EXPECT_TRUE(written < text.size() || !closed) << "the C library did not see the full disk";
  EXPECT_TRUE(files.failed());
  EXPECT_EQ(files.failure(), std::strerror(ENOSPC));
  EXPECT_FALSE(bystander.failed()) << "another object's files did not fail";
}

TEST(CheckedFiles, ALargeWriteToAFullDiskFailsAtTheWrite) {
  const CheckedFiles files;
  VSILFILE* f = VSIFOpenL(files.path("/dev/full").c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string block(1 << 20, 'x');  // larger than any stdio buffer
  EXPECT_LT(VSIFWriteL(block.data(), 1, block.size(), f), block.size());
  EXPECT_TRUE(files.failed()) << "seen before the file is closed";
  const int closed = VSIFCloseL(f);  // may fail again or not: the first failure is kept
  static_cast<void>(closed);
  EXPECT_EQ(files.failure(), std::strerror(ENOSPC));
}

TEST(CheckedFiles, NamesOfGoneOrMadeUpObjectsOpenNothing) {
  const fs::path dir = test::fresh_dir("checked_files_gone");
  const fs::path real = dir / "out.txt";
  std::string name;
  {
    const CheckedFiles files;
    name = files.path(real.string());
  }
  EXPECT_EQ(VSIFOpenL(name.c_str(), "wb"), nullptr);
  EXPECT_FALSE(fs::exists(real)) << "a file was made through a dead name";
  for (const std::string& made_up :
       {"/vsijigu_checked/" + std::string("99999999") + real.string(),
        std::string("/vsijigu_checked/abc") + real.string(), std::string("/vsijigu_checked/"),
        std::string("/vsijigu_checked/1234567890123456789012") + real.string()}) {
    EXPECT_EQ(VSIFOpenL(made_up.c_str(), "wb"), nullptr) << made_up;
    VSIStatBufL st;
    EXPECT_NE(VSIStatL(made_up.c_str(), &st), 0) << made_up;
  }
  EXPECT_FALSE(fs::exists(real));
}

}  // namespace
}  // namespace jigu::handles
