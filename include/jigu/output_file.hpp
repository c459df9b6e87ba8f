// Files written whole or not at all, and their checksums.
#pragma once

#include <string>

namespace jigu {

/// Writes `content` to `path` through a temporary file beside it, renamed into place only when
/// complete. Throws UsageError when `path` exists and `overwrite` is off, InputError when it
/// cannot be written (the temporary file is removed).
void write_file_atomically(const std::string& path, const std::string& content, bool overwrite);

/// SHA-256 of a byte string and of a file, as 64 lowercase hex digits (FIPS 180-4). The file
/// version throws InputError when it cannot be read.
std::string sha256_hex(const std::string& bytes);
std::string sha256_file(const std::string& path);

}  // namespace jigu
