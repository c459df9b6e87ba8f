// Every command in the registry answers --help, and --version names the libraries.
#include <gtest/gtest.h>

#include "cli/command.hpp"
#include "run_jigu.hpp"

namespace jigu {
namespace {

TEST(Help, EveryRegisteredCommandAnswersHelp) {
  const auto commands = cli::make_commands();
  ASSERT_FALSE(commands.empty());
  for (const auto& c : commands) {
    const auto r = test::run_jigu({c->name(), "--help"});
    EXPECT_EQ(r.exit_code, 0) << c->name();
    EXPECT_NE(r.out.find(c->summary().substr(0, 20)), std::string::npos) << c->name() << r.out;
    EXPECT_TRUE(r.err.empty()) << r.err;
  }
}

TEST(Help, TopLevelHelpListsEveryCommand) {
  const auto r = test::run_jigu({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const auto& c : cli::make_commands()) EXPECT_NE(r.out.find(c->name()), std::string::npos);
}

TEST(Version, NamesGdalGeosProjAndEpsg) {
  const auto r = test::run_jigu({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"jigu 0.", "GDAL 3.", "GEOS 3.", "PROJ 9.", "EPSG database v"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << " in " << r.out;
  }
}

}  // namespace
}  // namespace jigu
