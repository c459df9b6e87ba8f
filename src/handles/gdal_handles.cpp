#include "handles/gdal_handles.hpp"

#include <cpl_string.h>

#include <mutex>

#include "handles/checked_files.hpp"
#include "jigu/error.hpp"

namespace jigu::handles {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    install_checked_files();
  });
}

CplMessageCollector::CplMessageCollector() {
  CPLPushErrorHandlerEx(&handler, this);
}

CplMessageCollector::~CplMessageCollector() {
  CPLPopErrorHandler();
}

void CPL_STDCALL CplMessageCollector::handler(CPLErr type, CPLErrorNum, const char* msg) {
  // C callback: only record, never throw.
  auto* self = static_cast<CplMessageCollector*>(CPLGetErrorHandlerUserData());
  if (self == nullptr) return;
  try {
    if (type == CE_Failure || type == CE_Fatal) {
      ++self->m_failures;
      self->m_failure_messages.emplace_back(msg ? msg : "");
    } else if (type == CE_Warning) {
      self->m_warnings.emplace_back(msg ? msg : "");
    }
  } catch (...) {
    // Out of memory while recording a message: drop it rather than unwind through C.
  }
}

std::string CplMessageCollector::message() const {
  std::string out;
  for (const auto& m : m_failure_messages) {
    if (!out.empty()) out += "; ";
    out += m;
  }
  if (out.empty() && !m_warnings.empty()) out = m_warnings.back();
  return out;
}

void CplMessageCollector::clear() {
  m_failure_messages.clear();
  m_warnings.clear();
  m_failures = 0;
}

GdalDataset open_vector(const std::string& path, const std::vector<std::string>& open_options) {
  ensure_gdal_registered();
  std::vector<const char*> opts;
  for (const auto& o : open_options) opts.push_back(o.c_str());
  opts.push_back(nullptr);
  CplMessageCollector messages;
  GdalDataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                            nullptr, opts.data(), nullptr));
  if (!ds) {
    std::string why = messages.message();
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) {
      why = "no such file";
    } else if (VSI_ISDIR(st.st_mode)) {
      why = "a folder with no vector layer GDAL can read";
    } else if (st.st_size == 0) {
      why = "the file is empty";
    } else if (why.empty() || why.find("not recognized as") != std::string::npos) {
      why = "not a vector format GDAL can read";
    }
    throw InputError("'" + path + "': cannot open: " + why);
  }
  return ds;
}

std::vector<std::string> dataset_files(GDALDatasetH ds) {
  std::vector<std::string> out;
  char** files = GDALGetFileList(ds);
  for (int i = 0; files != nullptr && files[i] != nullptr; ++i) out.emplace_back(files[i]);
  CSLDestroy(files);
  return out;
}

}  // namespace jigu::handles
