// Strict decoding and the shapefile encoding rules.
#include "io/encoding.hpp"

#include <gtest/gtest.h>

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
