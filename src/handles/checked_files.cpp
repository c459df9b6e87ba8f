#include "handles/checked_files.hpp"

#include <cpl_vsi.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

#include "handles/gdal_handles.hpp"

namespace jigu::handles {

// "/vsijigu_checked/<id>/<absolute path without its first slash>"
constexpr const char* kPrefix = "/vsijigu_checked/";

struct CheckedFiles::State {
  std::uint64_t id = 0;
  std::atomic<bool> failed{false};
  mutable std::mutex mutex;
  std::string failure;  // the first failure's reason

  void fail(int error) {
    const std::lock_guard lock(mutex);
    if (failure.empty()) failure = error != 0 ? std::strerror(error) : "a write failed";
    failed.store(true, std::memory_order_release);
  }
};

namespace {

// The states of the CheckedFiles alive, by id. GDAL's table of file systems is the process's,
// so this one is too; a name whose id is not here (gone, or made up) opens nothing.
struct Registry {
  std::mutex mutex;
  std::map<std::uint64_t, std::weak_ptr<CheckedFiles::State>> states;
  std::uint64_t next_id = 1;
};

Registry& registry() {
  static Registry r;
  return r;
}

// The state and the real path behind a name under the prefix (as GDAL passes it: without it).
std::pair<std::shared_ptr<CheckedFiles::State>, std::string> resolve(const char* name) {
  const std::string rest(name);
  const std::size_t slash = rest.find('/');
  const std::string digits = rest.substr(0, slash);
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return {};
  }
  const std::uint64_t id = std::stoull(digits);
  std::shared_ptr<CheckedFiles::State> state;
  {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    const auto it = r.states.find(id);
    if (it != r.states.end()) state = it->second.lock();
  }
  if (!state) return {};
  return {state, "/" + (slash == std::string::npos ? std::string() : rest.substr(slash + 1))};
}

struct OpenFile {
  VSILFILE* file;
  std::shared_ptr<CheckedFiles::State> state;
};

OpenFile* open_file(void* f) {
  return static_cast<OpenFile*>(f);
}

// C callbacks: they only pass calls on and record failures; nothing throws out of them.
void* cb_open(void*, const char* name, const char* access) noexcept {
  try {
    auto [state, path] = resolve(name);
    if (!state) {
      errno = ENOENT;
      return nullptr;
    }
    VSILFILE* file = VSIFOpenL(path.c_str(), access);
    if (file == nullptr) return nullptr;  // errno says why
    return new OpenFile{file, std::move(state)};
  } catch (...) {
    errno = ENOMEM;
    return nullptr;
  }
}

int cb_stat(void*, const char* name, VSIStatBufL* buf, int flags) noexcept {
  try {
    const auto [state, path] = resolve(name);
    if (!state) {
      errno = ENOENT;
      return -1;
    }
    return VSIStatExL(path.c_str(), buf, flags);
  } catch (...) {
    errno = ENOMEM;
    return -1;
  }
}

int cb_unlink(void*, const char* name) noexcept {
  try {
    const auto [state, path] = resolve(name);
    return state ? VSIUnlink(path.c_str()) : -1;
  } catch (...) {
    return -1;
  }
}

int cb_rename(void*, const char* from, const char* to) noexcept {
  try {
    const auto [from_state, from_path] = resolve(from);
    const auto [to_state, to_path] = resolve(to);
    if (!from_state || from_state != to_state) return -1;
    return VSIRename(from_path.c_str(), to_path.c_str());
  } catch (...) {
    return -1;
  }
}

int cb_mkdir(void*, const char* name, long mode) noexcept {
  try {
    const auto [state, path] = resolve(name);
    return state ? VSIMkdir(path.c_str(), mode) : -1;
  } catch (...) {
    return -1;
  }
}

int cb_rmdir(void*, const char* name) noexcept {
  try {
    const auto [state, path] = resolve(name);
    return state ? VSIRmdir(path.c_str()) : -1;
  } catch (...) {
    return -1;
  }
}

char** cb_read_dir(void*, const char* name, int max_files) noexcept {
  try {
    const auto [state, path] = resolve(name);
    return state ? VSIReadDirEx(path.c_str(), max_files) : nullptr;
  } catch (...) {
    return nullptr;
  }
}

vsi_l_offset cb_tell(void* f) noexcept {
  return VSIFTellL(open_file(f)->file);
}

int cb_seek(void* f, vsi_l_offset offset, int whence) noexcept {
  return VSIFSeekL(open_file(f)->file, offset, whence);
}

size_t cb_read(void* f, void* buffer, size_t size, size_t count) noexcept {
  return VSIFReadL(buffer, size, count, open_file(f)->file);
}

int cb_eof(void* f) noexcept {
  return VSIFEofL(open_file(f)->file);
}

size_t cb_write(void* f, const void* buffer, size_t size, size_t count) noexcept {
  OpenFile* o = open_file(f);
  errno = 0;
  const size_t written = VSIFWriteL(buffer, size, count, o->file);
  if (written != count) {
    const int error = errno;
    o->state->fail(error);
    errno = error;  // for a driver that reports it
  }
  return written;
}

int cb_flush(void* f) noexcept {
  OpenFile* o = open_file(f);
  errno = 0;
  const int result = VSIFFlushL(o->file);
  if (result != 0) o->state->fail(errno);
  return result;
}

int cb_truncate(void* f, vsi_l_offset size) noexcept {
  OpenFile* o = open_file(f);
  errno = 0;
  const int result = VSIFTruncateL(o->file, size);
  if (result != 0) o->state->fail(errno);
  return result;
}

// Closing flushes what the C library still buffers: on a full disk the last write fails here.
int cb_close(void* f) noexcept {
  OpenFile* o = open_file(f);
  errno = 0;
  const int result = VSIFCloseL(o->file);
  if (result != 0) o->state->fail(errno);
  delete o;
  return result;
}

}  // namespace

void install_checked_files() {
  VSIFilesystemPluginCallbacksStruct* cb = VSIAllocFilesystemPluginCallbacksStruct();
  cb->open = cb_open;
  cb->stat = cb_stat;
  cb->unlink = cb_unlink;
  cb->rename = cb_rename;
  cb->mkdir = cb_mkdir;
  cb->rmdir = cb_rmdir;
  cb->read_dir = cb_read_dir;
  cb->tell = cb_tell;
  cb->seek = cb_seek;
  cb->read = cb_read;
  cb->eof = cb_eof;
  cb->write = cb_write;
  cb->flush = cb_flush;
  cb->truncate = cb_truncate;
  cb->close = cb_close;
  VSIInstallPluginHandler(kPrefix, cb);  // copies the callbacks
  VSIFreeFilesystemPluginCallbacksStruct(cb);
}

CheckedFiles::CheckedFiles() : m_state(std::make_shared<State>()) {
  ensure_gdal_registered();  // which installs the file system
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  m_state->id = r.next_id++;
  r.states.emplace(m_state->id, m_state);
}

CheckedFiles::~CheckedFiles() {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  r.states.erase(m_state->id);
}

std::string CheckedFiles::path(const std::string& file) const {
  const std::string absolute = std::filesystem::absolute(file).string();
  return kPrefix + std::to_string(m_state->id) + absolute;  // absolute starts with '/'
}

bool CheckedFiles::failed() const noexcept {
  return m_state->failed.load(std::memory_order_acquire);
}

std::string CheckedFiles::failure() const {
  const std::lock_guard lock(m_state->mutex);
  return m_state->failure;
}

}  // namespace jigu::handles
