// PNU (필지고유번호), the 19-digit Korean parcel id: 법정동코드 (10) + 1 ordinary / 2 산 (1)
// + 본번 (4) + 부번 (4) (shared/reference/zoning-facts.md §6).
#pragma once

#include <string>

namespace jigu {

struct Pnu {
  std::string text;       ///< the 19 ASCII digits
  std::string bjd_code;   ///< 법정동코드, 10 digits
  bool mountain = false;  ///< 산 (임야대장) when the 11th digit is 2
  int main_no = 0;        ///< 본번
  int sub_no = 0;         ///< 부번

  /// "395", "277-28", "산 12-3".
  std::string jibun() const;
};

/// Parses a PNU. Spaces and hyphens are ignored. Throws InputError saying what is wrong
/// (length, a non-ASCII-digit character and where, a land-type digit other than 1 or 2, 본번 0).
Pnu parse_pnu(const std::string& text);

}  // namespace jigu
