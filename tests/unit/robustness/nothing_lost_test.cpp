// Nothing lost (PRODUCT.md "Bad input"): every file jigu writes goes to a temporary file beside
// the target and is renamed into place when complete; an existing output is replaced only with
// --overwrite; an input is never opened for writing. A `jigu classify` killed with SIGKILL mid-run
// leaves the target as it was (nothing, or the complete previous file); a full disk is a clear
// error with exit code 1 and no partial output.
#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "child_process.hpp"
#include "expect_outcome.hpp"
#include "fixtures.hpp"
#include "jigu/layer_reader.hpp"
#include "raw_shapefile.hpp"

namespace jigu {
namespace {

namespace fs = std::filesystem;
using test::Outcome;
using test::run_bounded;

// --- helpers ---------------------------------------------------------------------------------

/// Watches folders with inotify and lists what happened in them, by file name.
class FolderWatch {
 public:
  explicit FolderWatch(const std::vector<fs::path>& folders) {
    m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0) throw std::runtime_error("inotify_init1 failed");
    for (const auto& f : folders) {
      const int wd = inotify_add_watch(m_fd, f.c_str(),
                                       IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE |
                                           IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_OPEN);
      if (wd < 0) throw std::runtime_error("inotify_add_watch failed on " + f.string());
      m_folders[wd] = f;
    }
  }
  ~FolderWatch() { ::close(m_fd); }

  struct Event {
    fs::path path;
    std::uint32_t mask;
  };

  std::vector<Event> drain() {
    std::vector<Event> events;
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
      const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
      if (n <= 0) break;
      for (char* p = buffer; p < buffer + n;) {
        const auto* e = reinterpret_cast<const inotify_event*>(p);
        events.push_back({m_folders[e->wd] / (e->len ? e->name : ""), e->mask});
        p += sizeof(inotify_event) + e->len;
      }
    }
    return events;
  }

 private:
  int m_fd = -1;
  std::map<int, fs::path> m_folders;
};

std::string describe(std::uint32_t mask) {
  std::string s;
  const std::pair<std::uint32_t, const char*> names[] = {
      {IN_CREATE, "create"},           {IN_MODIFY, "modify"},
      {IN_CLOSE_WRITE, "close-write"}, {IN_DELETE, "delete"},
      {IN_MOVED_FROM, "moved-from"},   {IN_MOVED_TO, "moved-to"},
      {IN_ATTRIB, "attrib"},           {IN_OPEN, "open"}};
  for (const auto& [bit, name] : names) {
    if (mask & bit) s += std::string(s.empty() ? "" : "|") + name;
  }
  return s;
}

/// A copy of the shipped workspace in `dir`: its data and a jigu.toml pointing to it.
fs::path copy_workspace(const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(test::geodata() / "seoul")) {
    fs::copy_file(e.path(), dir / e.path().filename());
  }
  return dir / "jigu.toml";
}

/// `n` parcels (10 m squares on a grid) around the first shipped district's first vertex.
std::string many_parcels(const fs::path& dir, int n) {
  const FeatureSet districts =
      read_layer((test::geodata() / "seoul" / "districts.shp").string(), {});
  const Point c = districts.features.front().geometry.polygons.front().outer.front();
  test::RawShapefile spec;
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  spec.shapes.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double x = c.x - 5.0 * side + 10.0 * (i % side);
    const double y = c.y - 5.0 * side + 10.0 * (i / side);
    spec.shapes.push_back({test::RawShape::Type::Polygon, {test::square(x, y, 10)}});
  }
  return test::write_raw_shapefile(dir, "many", spec);
}

/// Names in `dir` other than the ones given.
std::vector<std::string> others_in(const fs::path& dir, const std::vector<std::string>& known) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (std::find(known.begin(), known.end(), name) == known.end()) out.push_back(name);
  }
  return out;
}

// --- killed mid-run --------------------------------------------------------------------------

struct KillCase {
  std::string name;
  std::string output;  // file name of the target
  bool previous;       // a complete previous output is there (and --overwrite is given)
};

void PrintTo(const KillCase& k, std::ostream* os) {
  *os << k.name;
}

class NothingLostKill : public testing::TestWithParam<KillCase> {
 protected:
  static void SetUpTestSuite() {
    // One folder per process: ctest runs the cases of this suite in parallel processes.
    s_dir = test::fresh_dir("nothing_lost_kill_input_" + std::to_string(::getpid()));
    s_parcels = many_parcels(s_dir, 200000);
  }
  static inline fs::path s_dir;
  static inline std::string s_parcels;
};

// SIGKILL once the temporary output holds data: the target holds what it held before.
TEST_P(NothingLostKill, TargetHoldsNothingOrTheCompletePreviousFile) {
  const KillCase& k = GetParam();
  const auto dir = test::fresh_dir("nothing_lost_kill_" + k.name);
  const fs::path target = dir / k.output;
  std::string previous;
  if (k.previous) {
    // A complete previous output of the same kind, made by jigu from a few parcels.
    const auto small_dir = dir / "small";
    fs::create_directories(small_dir);
    test::RawShapefile spec;
    spec.shapes.push_back({test::RawShape::Type::Polygon, {test::square(204000, 551000, 10)}});
    const auto small = test::write_raw_shapefile(small_dir, "small", spec);
    const Outcome r = run_bounded({"classify", small, "-o", target.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    previous = test::slurp_file(target);
    ASSERT_FALSE(previous.empty());
    fs::remove_all(small_dir);
  }
  std::vector<std::string> args = {"classify", s_parcels, "-o", target.string(), "--threads", "2"};
  if (k.previous) args.push_back("--overwrite");
  test::ChildProcess child(args, {.seconds = test::deadline_s(120)});
  child.start();
  const std::string temp_prefix = "." + target.stem().string() + ".jigu-tmp-";
  bool killed_mid_run = false;
  while (!child.poll()) {
    for (const auto& e : fs::directory_iterator(dir)) {
      std::error_code ec;
      const std::string name = e.path().filename().string();
      if (name.rfind(temp_prefix, 0) == 0 && fs::file_size(e.path(), ec) > 64 * 1024) {
        killed_mid_run = true;
      }
    }
    if (killed_mid_run) {
      child.kill_now();
      break;
    }
    ASSERT_LT(child.elapsed_s(), test::deadline_s(120)) << "no temporary output appeared";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  while (!child.poll()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(killed_mid_run) << "classify finished before it could be killed; use more parcels";
  if (k.previous) {
    ASSERT_TRUE(fs::exists(target));
    EXPECT_EQ(test::slurp_file(target), previous) << "the previous output was changed";
  } else {
    EXPECT_FALSE(fs::exists(target)) << "a partial output is in place";
    if (target.extension() == ".shp") {
      for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) {
        EXPECT_FALSE(fs::exists(fs::path(target).replace_extension(ext))) << ext;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Outputs, NothingLostKill,
                         testing::Values(KillCase{"csv_new", "out.csv", false},
                                         KillCase{"csv_previous", "out.csv", true},
                                         KillCase{"gpkg_previous", "out.gpkg", true},
                                         KillCase{"shp_new", "out.shp", false},
                                         KillCase{"geojson_previous", "out.geojson", true}),
                         [](const auto& p) { return std::string(p.param.name); });

// --- a full disk -----------------------------------------------------------------------------

/// A small tmpfs mounted on a fresh folder for one test, unmounted after; empty path when this
/// process may not mount (not root, no CAP_SYS_ADMIN).
class SmallTmpfs {
 public:
  SmallTmpfs(const std::string& name, std::size_t bytes) : m_dir(test::fresh_dir(name)) {
    const std::string options = "size=" + std::to_string(bytes);
    if (::mount("tmpfs", m_dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
      m_mounted = true;
    } else {
      m_error = std::strerror(errno);
    }
  }
  ~SmallTmpfs() {
    if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
  }
  bool mounted() const { return m_mounted; }
  const fs::path& dir() const { return m_dir; }
  const std::string& error() const { return m_error; }

 private:
  fs::path m_dir;
  bool m_mounted = false;
  std::string m_error;
};

void expect_full_disk_error(const Outcome& r, const fs::path& target) {
  test::expect_error_line(r, 1, target.filename().string());
}

// The shipped parcels classified (about 1 MB as CSV) onto a 256 KiB tmpfs.
TEST(NothingLostFullDisk, SmallTmpfsGivesOneErrorLineAndNoPartialOutput) {
  SmallTmpfs disk("nothing_lost_tmpfs", 256 * 1024);
  if (!disk.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.error()
                 << "); the RLIMIT_FSIZE test covers a full disk without root";
  }
  for (const auto& name :
       std::vector<std::string>{"out.csv", "out.gpkg", "out.geojson", "out.shp"}) {
    SCOPED_TRACE(name);
    const fs::path target = disk.dir() / name;
    const Outcome r = run_bounded({"classify", "-o", target.string()});
    expect_full_disk_error(r, target);
    EXPECT_TRUE(others_in(disk.dir(), {}).empty())
        << "left behind: " << testing::PrintToString(others_in(disk.dir(), {}));
  }
  // With a previous output and --overwrite: the previous file stays whole.
  SmallTmpfs disk2("nothing_lost_tmpfs_previous", 256 * 1024);
  ASSERT_TRUE(disk2.mounted()) << disk2.error();
  const fs::path target = disk2.dir() / "keep.csv";
  test::write_text(target, "id,area_m2\nprevious,1\n");
  ASSERT_EQ(test::slurp_file(target), "id,area_m2\nprevious,1\n");
  const Outcome r = run_bounded({"classify", "-o", target.string(), "--overwrite"});
  expect_full_disk_error(r, target);
  EXPECT_EQ(test::slurp_file(target), "id,area_m2\nprevious,1\n");
  EXPECT_TRUE(others_in(disk2.dir(), {"keep.csv"}).empty())
      << testing::PrintToString(others_in(disk2.dir(), {}));
}

// The same without root: a file-size limit makes writes past 200 KiB fail (EFBIG), as a disk
// that fills up does.
TEST(NothingLostFullDisk, FileSizeLimitGivesOneErrorLineAndNoPartialOutput) {
  const auto dir = test::fresh_dir("nothing_lost_fsize");
  for (const auto& name :
       std::vector<std::string>{"out.csv", "out.gpkg", "out.geojson", "out.shp"}) {
    SCOPED_TRACE(name);
    const fs::path target = dir / name;
    const Outcome r =
        run_bounded({"classify", "-o", target.string()}, {.seconds = 60, .file_size_kb = 200});
    expect_full_disk_error(r, target);
    EXPECT_TRUE(others_in(dir, {}).empty())
        << "left behind: " << testing::PrintToString(others_in(dir, {}));
  }
}

// A disk that fills up within the last kilobyte of the output: those last bytes may still sit in
// the C library's buffer when the file is closed, and GDAL's GeoJSON, CSV and Shapefile writers
// do not look at what closing returns (the GeoJSON writer at no write at all).
TEST(NothingLostFullDisk, AFailureInTheLastKilobyteIsAnErrorToo) {
  const auto dir = test::fresh_dir("nothing_lost_last_kb");
  const auto whole_dir = test::fresh_dir("nothing_lost_last_kb_whole");
  for (const auto& name : std::vector<std::string>{"out.csv", "out.geojson", "out.shp"}) {
    SCOPED_TRACE(name);
    const Outcome whole = run_bounded({"classify", "-o", (whole_dir / name).string()});
    ASSERT_EQ(whole.exit_code, 0) << whole.err;
    std::uintmax_t largest = 0;  // of the files it consists of
    for (const auto& e : fs::directory_iterator(whole_dir)) {
      if (e.path().stem() == fs::path(name).stem()) largest = std::max(largest, e.file_size());
    }
    ASSERT_GT(largest, 1024u);
    const fs::path target = dir / name;
    const std::size_t limit_kb = static_cast<std::size_t>((largest - 1) / 1024);
    const Outcome r =
        run_bounded({"classify", "-o", target.string()}, {.seconds = 60, .file_size_kb = limit_kb});
    expect_full_disk_error(r, target);
    EXPECT_TRUE(others_in(dir, {}).empty())
        << "left behind: " << testing::PrintToString(others_in(dir, {}));
  }
}

// --- outputs that are not plain files ----------------------------------------------------------

// jigu writes a temporary file and renames it over the target; over a device or a pipe that
// would replace the device node itself (as root, /dev/full or /dev/stdout). Refused instead.
TEST(NothingLostTargets, DevicesAndPipesAreNeverReplaced) {
  const auto dir = test::fresh_dir("nothing_lost_devices");
  const fs::path fifo = dir / "pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  std::vector<fs::path> targets = {fifo};
  const fs::path full = dir / "full.csv";
  if (::mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0) targets.push_back(full);
  for (const auto& target : targets) {
    SCOPED_TRACE(target.string());
    for (const bool overwrite : {false, true}) {
      std::vector<std::string> args = {"classify", "-o", target.string(), "--of", "CSV"};
      if (overwrite) args.push_back("--overwrite");
      const Outcome r = run_bounded(args);
      test::expect_error_line(r, 2, target.filename().string());
      struct stat st {};
      ASSERT_EQ(::lstat(target.c_str(), &st), 0);
      EXPECT_FALSE(S_ISREG(st.st_mode)) << "the special file was replaced by a regular one";
    }
  }
  EXPECT_EQ(others_in(dir, {"pipe.csv", "full.csv"}).size(), 0u);
}

TEST(NothingLostTargets, ShapefileSiblingsAreExistingOutputsToo) {
  const auto dir = test::fresh_dir("nothing_lost_siblings");
  const auto dbf = test::write_text(dir / "out.dbf", "someone else's table");
  const Outcome r = run_bounded({"classify", "-o", (dir / "out.shp").string()});
  test::expect_error_line(r, 2, "out.", "--overwrite");
  EXPECT_EQ(test::slurp_file(dbf), "someone else's table");
}

// --- writers write through a temporary file; inputs are never written -----------------------

// Every writer seen through inotify: the target names only ever arrive by rename (IN_MOVED_TO),
// never created or written in place; and no input file is opened for writing, created or changed.
TEST(NothingLostTargets, EveryWriterRenamesIntoPlaceAndNoInputIsWritten) {
  const auto root = test::fresh_dir("nothing_lost_writers");
  const fs::path ws = copy_workspace(root / "ws");
  const fs::path out = root / "out";
  fs::create_directories(out);
  // A GeoPackage input too (SQLite may create -wal/-shm files beside a database it opens).
  const fs::path gpkg_input = root / "gpkg" / "parcels.gpkg";
  fs::create_directories(gpkg_input.parent_path());
  ASSERT_EQ(
      run_bounded({"--workspace", ws.string(), "classify", "-o", gpkg_input.string()}).exit_code,
      0);

  struct Run {
    std::vector<std::string> args;
    std::vector<std::string> outputs;  // names in `out`
  };
  const std::string w = ws.string();
  const std::vector<Run> runs = {
      {{"--workspace", w, "classify", "-o", (out / "c.csv").string()}, {"c.csv"}},
      {{"--workspace", w, "classify", "-o", (out / "c.gpkg").string()}, {"c.gpkg"}},
      {{"--workspace", w, "classify", "-o", (out / "c.geojson").string()}, {"c.geojson"}},
      {{"--workspace", w, "classify", "-o", (out / "c.shp").string()},
       {"c.shp", "c.shx", "c.dbf", "c.prj", "c.cpg"}},
      {{"--workspace", w, "classify", gpkg_input.string(), "-o", (out / "g.csv").string()},
       {"g.csv"}},
      {{"--workspace", w, "export", "districts", "-o", (out / "d.geojson").string()},
       {"d.geojson"}},
      {{"--workspace", w, "export", gpkg_input.string(), "-o", (out / "p.geojson").string()},
       {"p.geojson"}},
      {{"--workspace", w, "overlay", "-o", (out / "o.gpkg").string()}, {"o.gpkg"}},
      {{"--workspace", w, "report", "-o", (out / "r.html").string()}, {"r.html"}},
      {{"--workspace", w, "info", gpkg_input.string()}, {}},
      {{"--workspace", w, "area", "--format", "json"}, {}},
      {{"--workspace", w, "overlay", "--format", "json"}, {}},
      {{"--workspace", w, "locate", "--pnu", "1144012000101060014"}, {}},
  };
  // Rewriting c.csv with --overwrite: still by rename.
  std::vector<Run> all = runs;
  all.push_back(
      {{"--workspace", w, "classify", "-o", (out / "c.csv").string(), "--overwrite"}, {"c.csv"}});
  for (const auto& run : all) {
    SCOPED_TRACE(testing::PrintToString(run.args));
    FolderWatch watch({ws.parent_path(), gpkg_input.parent_path(), out});
    const Outcome r = run_bounded(run.args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& e : watch.drain()) {
      const std::string name = e.path.filename().string();
      if (e.path.parent_path() == out) {
        const bool is_target =
            std::find(run.outputs.begin(), run.outputs.end(), name) != run.outputs.end();
        if (name.empty()) {
          // The folder itself: SQLite opens it to sync its entries after deleting a journal.
          EXPECT_EQ(e.mask & ~(IN_OPEN | IN_ISDIR), 0u) << "the folder: " << describe(e.mask);
        } else if (is_target) {
          // Reading the target back (export's check) opens it; anything but a rename is not.
          EXPECT_EQ(e.mask & ~(IN_MOVED_TO | IN_OPEN | IN_ATTRIB | IN_DELETE | IN_MOVED_FROM), 0u)
              << name << ": " << describe(e.mask);
        } else {
          EXPECT_EQ(name.rfind('.', 0), 0u)
              << "not a hidden temporary file: " << name << " " << describe(e.mask);
        }
      } else if (!(e.mask == IN_OPEN)) {
        ADD_FAILURE() << "an input was touched: " << e.path << " " << describe(e.mask);
      }
    }
    for (const auto& name : run.outputs) EXPECT_TRUE(fs::exists(out / name)) << name;
    EXPECT_TRUE(others_in(out, {"c.csv", "c.gpkg", "c.geojson", "c.shp", "c.shx", "c.dbf", "c.prj",
                                "c.cpg", "g.csv", "d.geojson", "p.geojson", "o.gpkg", "r.html"})
                    .empty())
        << testing::PrintToString(others_in(out, {}));
  }
}

// An output that is one of the inputs would be an input overwritten, even with --overwrite.
TEST(NothingLostTargets, AnInputIsNeverTheOutput) {
  const auto root = test::fresh_dir("nothing_lost_input_as_output");
  const fs::path ws = copy_workspace(root / "ws");
  const std::string parcels = (root / "ws" / "parcels.shp").string();
  const std::string zoning = (root / "ws" / "zoning.shp").string();
  const std::string before_parcels = test::slurp_file(parcels);
  const std::string before_zoning_dbf = test::slurp_file(root / "ws" / "zoning.dbf");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--workspace", ws.string(), "classify", parcels, "-o", parcels, "--overwrite"},
           {"--workspace", ws.string(), "classify", "-o", parcels, "--overwrite"},
           {"--workspace", ws.string(), "classify", "-o", zoning, "--overwrite"},
           {"--workspace", ws.string(), "classify", "-o",
            (root / "ws" / "." / "zoning.shp").string(), "--overwrite"},
       }) {
    SCOPED_TRACE(testing::PrintToString(args));
    const Outcome r = run_bounded(args);
    test::expect_error_line(r, 2, ".shp", "input");
  }
  const auto geojson = root / "in.geojson";
  ASSERT_EQ(run_bounded({"export", parcels, "-o", geojson.string()}).exit_code, 0);
  const std::string before_geojson = test::slurp_file(geojson);
  const Outcome r =
      run_bounded({"export", geojson.string(), "-o", geojson.string(), "--overwrite"});
  test::expect_error_line(r, 2, "in.geojson", "input");
  EXPECT_EQ(test::slurp_file(geojson), before_geojson);
  EXPECT_EQ(test::slurp_file(parcels), before_parcels);
  EXPECT_EQ(test::slurp_file(root / "ws" / "zoning.dbf"), before_zoning_dbf);
}

}  // namespace
}  // namespace jigu
