// Report files: SHA-256 checksums of inputs (FIPS 180-4) and write-then-rename output.
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "jigu/error.hpp"
#include "jigu/output_file.hpp"

namespace jigu {

namespace {

// SHA-256 as specified in FIPS 180-4 §6.2, fed in blocks of 64 bytes.
class Sha256 {
 public:
  void update(const unsigned char* data, std::size_t size) {
    m_length_bytes += size;
    while (size > 0) {
      const std::size_t take = std::min(size, m_block.size() - m_fill);
      std::copy(data, data + take, m_block.begin() + static_cast<std::ptrdiff_t>(m_fill));
      m_fill += take;
      data += take;
      size -= take;
      if (m_fill == m_block.size()) {
        compress();
        m_fill = 0;
      }
    }
  }

  std::string hex() {
    const std::uint64_t bits = m_length_bytes * 8;
    const unsigned char one = 0x80;
    const std::uint64_t saved = m_length_bytes;
    update(&one, 1);
    const unsigned char zero = 0;
    while (m_fill != 56) update(&zero, 1);
    std::array<unsigned char, 8> length{};
    for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    update(length.data(), length.size());
    m_length_bytes = saved;
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::uint32_t word : m_state) {
      for (int shift = 28; shift >= 0; shift -= 4) out += digits[(word >> shift) & 0xf];
    }
    return out;
  }

 private:
  static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

  void compress() {
    static constexpr std::array<std::uint32_t, 64> k = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::array<std::uint32_t, 64> w{};
    for (int t = 0; t < 16; ++t) {
      w[t] = (std::uint32_t{m_block[4 * t]} << 24) | (std::uint32_t{m_block[4 * t + 1]} << 16) |
             (std::uint32_t{m_block[4 * t + 2]} << 8) | std::uint32_t{m_block[4 * t + 3]};
    }
    for (int t = 16; t < 64; ++t) {
      const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = m_state;
    for (int t = 0; t < 64; ++t) {
      const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const std::uint32_t ch = (e & f) ^ (~e & g);
      const std::uint32_t t1 = h + s1 + ch + k[t] + w[t];
      const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      const std::uint32_t t2 = s0 + maj;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    const std::array<std::uint32_t, 8> add = {a, b, c, d, e, f, g, h};
    for (std::size_t i = 0; i < 8; ++i) m_state[i] += add[i];
  }

  std::array<std::uint32_t, 8> m_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<unsigned char, 64> m_block{};
  std::size_t m_fill = 0;
  std::uint64_t m_length_bytes = 0;
};

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  Sha256 h;
  h.update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return h.hex();
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("'" + path + "': cannot read it to compute its checksum");
  Sha256 h;
  std::array<char, 1 << 16> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    h.update(reinterpret_cast<const unsigned char*>(buffer.data()),
             static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw InputError("'" + path + "': read error while computing its checksum");
  return h.hex();
}

void write_file_atomically(const std::string& path, const std::string& content, bool overwrite) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  // Renamed over the target: over a device, pipe or folder that would put a plain file in its
  // place (as root, even /dev/full or /dev/stdout).
  std::error_code status_ec;
  const auto status = fs::status(target, status_ec);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    throw UsageError("'" + path +
                     "': exists and is not a regular file (a device, pipe or folder); name a file "
                     "to write");
  }
  if (fs::exists(target) && !overwrite) {
    throw UsageError("'" + path + "': exists; pass --overwrite to replace it");
  }
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device rd;
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp-" +
                               std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw InputError("'" + path + "': cannot write in folder '" + dir.string() + "'");
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ignored;
      fs::remove(temp, ignored);
      throw InputError("'" + path + "': write failed (disk full?); nothing was written");
    }
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw InputError("'" + path + "': cannot put the report in place: " + ec.message());
  }
}

}  // namespace jigu
