// Strict decoding, the shapefile encoding rules and cutting UTF-8 text at a byte limit.
#include "io/encoding.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>

#include "jigu/error.hpp"

namespace jigu::io {
namespace {

// "서교동" and "똠" in CP949 (Python: '서교동'.encode('cp949')); 똠 is outside EUC-KR (KS X 1001).
const std::string kSeogyoCp949 = "\xbc\xad\xb1\xb3\xb5\xbf";
const std::string kTtomCp949 = "\x8c\x63";

TEST(Utf8, AcceptsHangulAndAscii) {
  EXPECT_TRUE(is_valid_utf8("abc"));
  EXPECT_TRUE(is_valid_utf8("서교동"));
  EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(is_valid_utf8(kSeogyoCp949));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xea\xb0"));          // truncated
}

// Cuts at a byte limit: `head` and `tail` of `text` at `max_bytes`. The text has a character of
// the size in question on each side of the limit, so that a cut inside one shows.
struct Utf8Cut {
  std::string name;
  std::string text;
  std::size_t max_bytes;
  std::string head;
  std::string tail;
};

class Utf8CutTest : public testing::TestWithParam<Utf8Cut> {};

TEST_P(Utf8CutTest, KeepsCharactersWhole) {
  const Utf8Cut& c = GetParam();
  EXPECT_EQ(utf8_head(c.text, c.max_bytes), c.head);
  EXPECT_EQ(utf8_tail(c.text, c.max_bytes), c.tail);
}

INSTANTIATE_TEST_SUITE_P(
    Limits, Utf8CutTest,
    testing::Values(Utf8Cut{"ascii", "abcdef", 3, "abc", "def"},
                    Utf8Cut{"two_byte_inside", "xééx", 2, "x", "x"},
                    Utf8Cut{"two_byte_between", "xééx", 3, "xé", "éx"},
                    Utf8Cut{"three_byte_after_first_byte", "x서서x", 2, "x", "x"},
                    Utf8Cut{"three_byte_after_second_byte", "x서서x", 3, "x", "x"},
                    Utf8Cut{"three_byte_between", "x서서x", 4, "x서", "서x"},
                    Utf8Cut{"four_byte_after_first_byte", "x😀😀x", 2, "x", "x"},
                    Utf8Cut{"four_byte_after_second_byte", "x😀😀x", 3, "x", "x"},
                    Utf8Cut{"four_byte_after_third_byte", "x😀😀x", 4, "x", "x"},
                    Utf8Cut{"four_byte_between", "x😀😀x", 5, "x😀", "😀x"},
                    Utf8Cut{"shorter_than_the_limit", "서교동", 100, "서교동", "서교동"},
                    Utf8Cut{"as_long_as_the_limit", "서교동", 9, "서교동", "서교동"},
                    Utf8Cut{"zero_limit", "서교동", 0, "", ""}, Utf8Cut{"empty", "", 4, "", ""}),
    [](const auto& p) { return p.param.name; });

TEST(Utf8Cut, EveryLimitGivesTheLongestWholeCharacters) {
  const std::string text = "a é 서교동 😀 b";
  for (std::size_t limit = 0; limit <= text.size() + 1; ++limit) {
    const std::string_view head = utf8_head(text, limit);
    const std::string_view tail = utf8_tail(text, limit);
    EXPECT_TRUE(is_valid_utf8(head)) << "head at " << limit;
    EXPECT_TRUE(is_valid_utf8(tail)) << "tail at " << limit;
    EXPECT_EQ(text.substr(0, head.size()), head) << "head at " << limit;
    EXPECT_EQ(text.substr(text.size() - tail.size()), tail) << "tail at " << limit;
    // At most the limit, and no more than three bytes (the rest of one character) short of it.
    const std::size_t want = std::min(limit, text.size());
    EXPECT_LE(head.size(), want);
    EXPECT_LE(tail.size(), want);
    EXPECT_LT(want - head.size(), 4u) << "head at " << limit;
    EXPECT_LT(want - tail.size(), 4u) << "tail at " << limit;
  }
}

TEST(TextDecoder, DecodesCp949Hangul) {
  TextDecoder d("CP949");
  EXPECT_EQ(d.decode(kSeogyoCp949).value(), "서교동");
  EXPECT_EQ(d.decode(kTtomCp949).value(), "똠");
}

TEST(TextDecoder, RefusesUndecodableBytesInsteadOfReplacingThem) {
  TextDecoder d("CP949");
  EXPECT_FALSE(d.decode("\xff\xff").has_value());
  EXPECT_FALSE(d.decode("\xbc").has_value());  // truncated double-byte character
}

TEST(TextDecoder, Utf8OnlyValidates) {
  TextDecoder d("UTF-8");
  EXPECT_EQ(d.decode("성수동").value(), "성수동");
  EXPECT_FALSE(d.decode(kSeogyoCp949).has_value());
}

TEST(TextDecoder, UnknownEncodingIsAUsageError) {
  EXPECT_THROW(TextDecoder("NO-SUCH-ENCODING"), UsageError);
}

TEST(CanonicalEncoding, PrefersCp949OverEucKrAndSaysSo) {
  std::string note;
  EXPECT_EQ(canonical_encoding("EUC-KR", &note), "CP949");
  EXPECT_NE(note.find("superset"), std::string::npos);
  EXPECT_EQ(canonical_encoding("euckr\r\n"), "CP949");
  EXPECT_EQ(canonical_encoding("949"), "CP949");
  EXPECT_EQ(canonical_encoding("UTF8"), "UTF-8");
  EXPECT_EQ(canonical_encoding("1252"), "CP1252");
}

TEST(Ldid, KoreanIdsMapToCp949AndAnsiIsLeftToDetection) {
  EXPECT_EQ(encoding_from_ldid(0x4E).value(), "CP949");
  EXPECT_FALSE(encoding_from_ldid(0x57).has_value());
  EXPECT_FALSE(encoding_from_ldid(0xF0).has_value());  // kostat2013's byte
  EXPECT_FALSE(encoding_from_ldid(0x00).has_value());
}

TEST(Detect, Utf8ThenCp949ThenNothing) {
  EXPECT_EQ(detect_encoding({"abc", "서교동"}).value(), "UTF-8");
  EXPECT_EQ(detect_encoding({"abc", kSeogyoCp949, kTtomCp949}).value(), "CP949");
  EXPECT_FALSE(detect_encoding({"\xff\xff\xff"}).has_value());
}

}  // namespace
}  // namespace jigu::io
