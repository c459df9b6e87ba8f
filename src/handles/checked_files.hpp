// Files written through a virtual file system of jigu's own that passes every call on to the
// real file and notes each write, flush, truncation or close that fails. GDAL's GeoJSON writer
// ignores what its writes return, and its CSV writer what closing returns, so on a full disk
// they would finish "successfully" with a short file; written through here, the failure is seen.
#pragma once

#include <memory>
#include <string>

namespace jigu::handles {

/// The failures of the files opened through `path()`. Thread-safe; the files may outlive it.
class CheckedFiles {
 public:
  CheckedFiles();
  ~CheckedFiles();
  CheckedFiles(const CheckedFiles&) = delete;
  CheckedFiles& operator=(const CheckedFiles&) = delete;

  /// The name under which GDAL reaches `file` (a path of the real file system) through the
  /// checking file system, while this object lives.
  std::string path(const std::string& file) const;

  /// Whether a write, flush, truncation or close failed; cheap enough to ask after every write.
  bool failed() const noexcept;

  /// The reason for the first failure, e.g. "No space left on device", or "" for none.
  std::string failure() const;

  struct State;

 private:
  std::shared_ptr<State> m_state;
};

/// Adds the checking file system to GDAL's; once, before any thread uses GDAL (GDAL's table of
/// file systems has no lock): ensure_gdal_registered() calls it.
void install_checked_files();

}  // namespace jigu::handles
