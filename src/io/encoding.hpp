// Text encodings of attribute data: strict decoding to UTF-8 and the shapefile encoding rules
// (.cpg, then the DBF language driver id, then detection; CP949 preferred over EUC-KR); cutting
// UTF-8 text at a byte limit.
#pragma once

#include <iconv.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jigu/feature_set.hpp"

namespace jigu::io {

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// The longest start of `text` of at most `max_bytes` bytes that ends between UTF-8 characters,
/// never inside one; `text` itself when it is no longer. A view into `text`.
std::string_view utf8_head(std::string_view text, std::size_t max_bytes);

/// The longest end of `text` of at most `max_bytes` bytes that starts between UTF-8 characters,
/// never inside one; `text` itself when it is no longer. A view into `text`.
std::string_view utf8_tail(std::string_view text, std::size_t max_bytes);

/// Decodes text from one encoding to UTF-8, refusing (not replacing) undecodable bytes.
/// Not shareable between threads.
class TextDecoder {
 public:
  /// Throws UsageError when the system cannot convert from `encoding`.
  explicit TextDecoder(const std::string& encoding);
  ~TextDecoder();
  TextDecoder(TextDecoder&& other) noexcept;
  TextDecoder& operator=(TextDecoder&&) = delete;
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  /// The UTF-8 text, or nothing when `raw` is not valid in the encoding.
  std::optional<std::string> decode(std::string_view raw) const;
  /// `text` decoded where it is (UTF-8 is only checked); false when it is not valid.
  bool decode_in_place(std::string& text) const;
  const std::string& encoding() const { return m_encoding; }

 private:
  std::string m_encoding;
  bool m_utf8 = false;
  iconv_t m_cd = reinterpret_cast<iconv_t>(-1);
};

/// The encoding to decode with for a declared name (from a .cpg or the user): Korean names
/// (EUC-KR, KS C 5601, UHC, MS949, 949) become CP949, its superset; "UTF8" becomes "UTF-8";
/// bare code page numbers get a "CP" prefix. `note` explains a substitution.
std::string canonical_encoding(const std::string& declared, std::string* note = nullptr);

/// The encoding a DBF language driver id stands for, when it is unambiguous.
std::optional<std::string> encoding_from_ldid(unsigned char ldid);

/// Chooses an encoding for raw DBF strings with no usable declaration: UTF-8 when all of
/// `samples` are valid UTF-8, else CP949 when all decode as CP949; nothing otherwise.
std::optional<std::string> detect_encoding(const std::vector<std::string>& samples);

}  // namespace jigu::io
