#include "jigu/pnu.hpp"

#include "jigu/error.hpp"

namespace jigu {

std::string Pnu::jibun() const {
  std::string out = mountain ? "산 " : "";
  out += std::to_string(main_no);
  if (sub_no != 0) out += "-" + std::to_string(sub_no);
  return out;
}

Pnu parse_pnu(const std::string& text) {
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') {
      throw InputError(
          "PNU '" + text + "': character " + std::to_string(i + 1) + " is not an ASCII digit" +
          (c >= 0x80 ? " (full-width or other non-ASCII digits are not accepted)" : "") +
          "; a PNU is 19 digits, e.g. 1144012000103950000");
    }
    digits += static_cast<char>(c);
  }
  if (digits.size() != 19) {
    throw InputError("PNU '" + text + "': has " + std::to_string(digits.size()) +
                     " digits, not 19 (법정동코드 10 + 산 flag 1 + 본번 4 + 부번 4)");
  }
  Pnu pnu;
  pnu.text = digits;
  pnu.bjd_code = digits.substr(0, 10);
  if (digits[10] != '1' && digits[10] != '2') {
    throw InputError("PNU '" + text + "': digit 11 is '" + digits.substr(10, 1) +
                     "'; it must be 1 (ordinary land) or 2 (산)");
  }
  pnu.mountain = digits[10] == '2';
  pnu.main_no = std::stoi(digits.substr(11, 4));
  pnu.sub_no = std::stoi(digits.substr(15, 4));
  if (pnu.main_no == 0) throw InputError("PNU '" + text + "': 본번 (digits 12-15) is 0000");
  if (digits.substr(0, 2) == "00") {
    throw InputError("PNU '" + text + "': 법정동코드 starts with 00, which is no 시도");
  }
  return pnu;
}

}  // namespace jigu
