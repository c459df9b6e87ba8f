// Loading workspace files: paths relative to the file, typed keys, errors with line and column.
#include "jigu/workspace.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "jigu/error.hpp"

namespace jigu {
namespace {

TEST(Workspace, ResolvesLayerPathsAgainstTheFile) {
  const auto dir = test::fresh_dir("workspace_paths");
  const auto path = test::write_text(dir / "ws.toml", R"(
[workspace]
name = "t"
crs = "EPSG:5179"
[layers.districts]
source = "data/d.shp"
id_field = "id"
official_area_field = "area"
)");
  const Workspace ws = load_workspace(path);
  EXPECT_EQ(ws.crs, "EPSG:5179");
  const LayerRef& d = ws.layer("districts");
  EXPECT_EQ(d.source, (dir / "data" / "d.shp").lexically_normal().string());
  EXPECT_EQ(d.id_field, "id");
  EXPECT_EQ(d.official_area_field, "area");
  EXPECT_THROW(ws.layer("zoning"), UsageError);
}

TEST(Workspace, SyntaxErrorNamesFileLineAndColumn) {
  const auto dir = test::fresh_dir("workspace_syntax");
  const auto path = test::write_text(dir / "bad.toml", "[workspace]\nname = \"unterminated\n");
  try {
    load_workspace(path);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("bad.toml' line 2 column"), std::string::npos) << m;
  }
}

TEST(Workspace, WrongTypeIsAnError) {
  const auto dir = test::fresh_dir("workspace_type");
  const auto path = test::write_text(dir / "ws.toml", "[layers.zoning]\nsource = 5\n");
  try {
    load_workspace(path);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("line 2 column 10: 'source' must be a string"),
              std::string::npos)
        << e.what();
  }
}

TEST(Workspace, LayerWithoutSourceIsAnError) {
  const auto dir = test::fresh_dir("workspace_nosource");
  const auto path = test::write_text(dir / "ws.toml", "[layers.zoning]\ncode_field = \"c\"\n");
  EXPECT_THROW(load_workspace(path), InputError);
}

TEST(Workspace, MissingFileIsAnInputError) {
  EXPECT_THROW(load_workspace("no/such/workspace.toml"), InputError);
}

TEST(Workspace, DefaultPathIsBesideTheBinaryNotTheWorkingDirectory) {
  EXPECT_EQ(default_workspace_path("/opt/jigu/bin"),
            std::filesystem::path("/opt/jigu/share/jigu/geodata/seoul/jigu.toml"));
}

}  // namespace
}  // namespace jigu
