#include "handles/dataset_files.hpp"

#include "handles/gdal_handles.hpp"

namespace jigu::handles {

std::vector<std::string> source_files(const std::string& source) {
  const GdalDataset ds = open_vector(source, {});
  return dataset_files(static_cast<GDALDatasetH>(ds.get()));
}

}  // namespace jigu::handles
