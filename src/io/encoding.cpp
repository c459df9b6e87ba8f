#include "io/encoding.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "jigu/error.hpp"

namespace jigu::io {

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    unsigned int cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

namespace {

bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string_view utf8_head(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && continuation_byte(text[end])) --end;
  return text.substr(0, end);
}

std::string_view utf8_tail(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t start = text.size() - max_bytes;
  while (start < text.size() && continuation_byte(text[start])) ++start;
  return text.substr(start);
}

TextDecoder::TextDecoder(const std::string& encoding) : m_encoding(encoding) {
  std::string upper = encoding;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  m_utf8 = upper == "UTF-8" || upper == "UTF8";
  if (m_utf8) return;
  m_cd = iconv_open("UTF-8", encoding.c_str());
  if (m_cd == reinterpret_cast<iconv_t>(-1)) {
    throw UsageError("encoding: unknown encoding '" + encoding + "'; try CP949 or UTF-8");
  }
}

TextDecoder::TextDecoder(TextDecoder&& other) noexcept
    : m_encoding(std::move(other.m_encoding)), m_utf8(other.m_utf8), m_cd(other.m_cd) {
  other.m_cd = reinterpret_cast<iconv_t>(-1);
}

TextDecoder::~TextDecoder() {
  if (m_cd != reinterpret_cast<iconv_t>(-1)) iconv_close(m_cd);
}

bool TextDecoder::decode_in_place(std::string& text) const {
  if (m_utf8) return is_valid_utf8(text);
  std::optional<std::string> decoded = decode(text);
  if (!decoded) return false;
  text = std::move(*decoded);
  return true;
}

std::optional<std::string> TextDecoder::decode(std::string_view raw) const {
  if (m_utf8) {
    if (!is_valid_utf8(raw)) return std::nullopt;
    return std::string(raw);
  }
  iconv(m_cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
  std::string out(raw.size() * 3 + 4, '\0');
  char* in_ptr = const_cast<char*>(raw.data());
  std::size_t in_left = raw.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(m_cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        const std::size_t used = static_cast<std::size_t>(out_ptr - out.data());
        out.resize(out.size() * 2);
        out_ptr = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      return std::nullopt;  // EILSEQ or EINVAL: an undecodable or truncated sequence
    }
  }
  out.resize(static_cast<std::size_t>(out_ptr - out.data()));
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::string canonical_encoding(const std::string& declared, std::string* note) {
  std::string key;
  for (unsigned char c : declared) {
    if (std::isalnum(c)) key += static_cast<char>(std::toupper(c));
  }
  if (key == "UTF8") return "UTF-8";
  if (key == "CP949" || key == "949" || key == "MS949" || key == "WINDOWS949" || key == "UHC" ||
      key == "ANSI949") {
    return "CP949";
  }
  if (key == "EUCKR" || key == "KSC5601" || key == "KSC56011987" || key == "KSX1001" ||
      key == "KOREAN") {
    if (note != nullptr) *note = "declared " + declared + "; decoded as its superset CP949";
    return "CP949";
  }
  if (!key.empty() && std::all_of(key.begin(), key.end(), ::isdigit)) return "CP" + key;
  std::string trimmed = declared;
  trimmed.erase(std::remove_if(trimmed.begin(), trimmed.end(), ::isspace), trimmed.end());
  return trimmed;
}

std::optional<std::string> encoding_from_ldid(unsigned char ldid) {
  // The unambiguous entries of the dBASE language driver table. 0x57 ("ANSI") means the writing
  // system's code page, which says nothing about Korean data, so it is left to detection.
  switch (ldid) {
    case 0x01:
      return "CP437";
    case 0x02:
      return "CP850";
    case 0x03:
      return "CP1252";
    case 0x13:
      return "CP932";
    case 0x4D:
      return "CP936";
    case 0x4E:
      return "CP949";
    case 0x4F:
      return "CP950";
    case 0x79:
      return "CP949";
    case 0x7A:
      return "CP936";
    case 0x7B:
      return "CP932";
    case 0x7C:
      return "CP874";
    case 0xC8:
      return "CP1250";
    case 0xC9:
      return "CP1251";
    default:
      return std::nullopt;
  }
}

std::optional<std::string> detect_encoding(const std::vector<std::string>& samples) {
  if (std::all_of(samples.begin(), samples.end(),
                  [](const std::string& s) { return is_valid_utf8(s); })) {
    return "UTF-8";
  }
  TextDecoder cp949("CP949");
  if (std::all_of(samples.begin(), samples.end(),
                  [&](const std::string& s) { return cp949.decode(s).has_value(); })) {
    return "CP949";
  }
  return std::nullopt;
}

}  // namespace jigu::io
