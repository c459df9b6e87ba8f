// Names as people type them (model/names): code points, the forgiving comparison, near names.
#include "model/names.hpp"

#include <gtest/gtest.h>

namespace jigu::model {
namespace {

TEST(Names, CodePointsCountOneHangulSyllableAsOne) {
  EXPECT_EQ(code_points("업무시설"), std::u32string(U"업무시설"));
  EXPECT_EQ(code_points("a\xff"), (std::u32string{U'a', U'\xff'}));  // a stray byte stands alone
}

TEST(Names, NormaliseDropsSpacesDotsHyphensAndCase) {
  EXPECT_EQ(normalise("제2종 근린생활시설"), normalise("제2종근린생활시설"));
  EXPECT_EQ(normalise("Knowledge-Industry Center"), normalise("knowledge industry_center"));
  EXPECT_NE(normalise("제1종"), normalise("제2종"));
}

TEST(Names, EditDistanceByHand) {
  EXPECT_EQ(edit_distance_u32(U"업무시설", U"업무시설"), 0u);
  EXPECT_EQ(edit_distance_u32(U"업무시설", U"업부시설"), 1u);  // one syllable changed
  EXPECT_EQ(edit_distance_u32(U"kitten", U"sitting"), 3u);
  EXPECT_EQ(edit_distance_u32(U"", U"abc"), 3u);
}

TEST(Names, NearestGivesCloseNamesBestFirstAndNothingFar) {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"지식산업센터", "지식산업센터 (knowledge)"},
      {"업무시설", "업무시설 (14)"},
      {"업무 시설", "업무시설 (14)"},
      {"공장", "공장 (17)"}};
  EXPECT_EQ(nearest("업무시썰", names, 3), (std::vector<std::string>{"업무시설 (14)"}));
  EXPECT_EQ(nearest("지식산업", names, 3), (std::vector<std::string>{"지식산업센터 (knowledge)"}));
  EXPECT_TRUE(nearest("아파트", names, 3).empty());
}

TEST(Names, QuotedList) {
  EXPECT_EQ(quoted_list({}), "");
  EXPECT_EQ(quoted_list({"a"}), "'a'");
  EXPECT_EQ(quoted_list({"a", "b"}), "'a' or 'b'");
  EXPECT_EQ(quoted_list({"a", "b", "c"}), "'a', 'b' or 'c'");
}

}  // namespace
}  // namespace jigu::model
