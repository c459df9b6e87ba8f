#include "jigu/classify.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "analysis/polygon_index.hpp"
#include "analysis/site_answer.hpp"
#include "analysis/site_parts.hpp"
#include "jigu/error.hpp"

namespace jigu {

void ClassifyOptions::validate() const {
  if (!(min_share >= 0.0 && min_share <= 1.0)) {
    throw UsageError("classify: --min-share must be between 0 and 1");
  }
  if (batch_size == 0) throw UsageError("classify: the batch size must be positive");
}

namespace {

// What one worker thread needs: its own indexes (GEOS prepared geometries are per thread).
struct Worker {
  Worker(const FeatureSet& zoning, const FeatureSet& districts, const FeatureSet& parcels)
      : zone_index(zoning), district_index(districts), parcel_index(parcels) {}
  analysis::PolygonIndex zone_index;
  analysis::PolygonIndex district_index;
  analysis::PolygonIndex parcel_index;
  std::vector<std::size_t> scratch;
};

struct Batch {
  std::vector<Feature> features;
  std::vector<Classification> results;
};

Classification classify_one(Worker& w, const Feature& f, double min_share) {
  const analysis::SiteIndexes idx{w.zone_index, w.district_index, w.parcel_index};
  analysis::SiteAnswer a;
  if (f.geometry.kind == GeometryKind::Points && f.geometry.points.size() == 1) {
    a = analysis::answer_point(idx, f.geometry.points.front(), w.scratch);
  } else if (f.geometry.kind == GeometryKind::Polygons) {
    a = analysis::answer_area(idx, f.geometry, 1.0 - 1e-9, w.scratch);
  }
  Classification c;
  c.area_m2 = a.area_m2;
  c.districts = std::move(a.districts);
  c.zones = std::move(a.zones);
  c.parcel = std::move(a.parcel);
  c.crossed = a.crossed;
  c.in_district = !c.districts.empty() && c.districts.front().share >= min_share;
  return c;
}

}  // namespace

ClassifyStats classify(LayerReader& input, const FeatureSet& zoning, const FeatureSet& districts,
                       const FeatureSet& parcels, const ClassifyOptions& options,
                       const ClassifySink& sink, const ClassifyProgress& progress) {
  options.validate();
  const FeatureSet flat_zoning = analysis::flatten_generic_zones(zoning);
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const std::size_t tokens = options.max_batches ? options.max_batches : 4 * threads;
  tbb::enumerable_thread_specific<std::unique_ptr<Worker>> workers;
  ClassifyStats stats;
  bool done = false;

  // An exception in a stage (a bad feature, a full disk in the sink) is caught there and stops
  // the reading: TBB would cancel the pipeline instead and leak the batches in flight. The
  // batches drain, skipped, and the first exception is rethrown once the pipeline is done.
  std::mutex failure_mutex;
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  auto fail = [&] {
    std::lock_guard<std::mutex> lock(failure_mutex);
    if (!failure) failure = std::current_exception();
    failed = true;
  };

  auto read = [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
    if (done || failed) {
      fc.stop();
      return nullptr;
    }
    auto batch = std::make_shared<Batch>();
    batch->features.reserve(options.batch_size);
    try {
      Feature f;
      while (batch->features.size() < options.batch_size) {
        if (!input.next(f)) {
          done = true;
          break;
        }
        batch->features.push_back(std::move(f));
      }
    } catch (...) {
      fail();
      fc.stop();
      return nullptr;
    }
    if (batch->features.empty()) {
      fc.stop();
      return nullptr;
    }
    return batch;
  };

  auto work = [&](std::shared_ptr<Batch> batch) {
    if (failed) return batch;
    try {
      auto& slot = workers.local();
      if (!slot) slot = std::make_unique<Worker>(flat_zoning, districts, parcels);
      Worker& w = *slot;
      batch->results.reserve(batch->features.size());
      for (const auto& f : batch->features) {
        batch->results.push_back(classify_one(w, f, options.min_share));
      }
    } catch (...) {
      fail();
    }
    return batch;
  };

  auto write = [&](std::shared_ptr<Batch> batch) {
    if (failed) return;
    try {
      for (std::size_t i = 0; i < batch->features.size(); ++i) {
        sink(batch->features[i], batch->results[i]);
        if (batch->results[i].crossed) ++stats.crossed;
      }
      stats.features += static_cast<std::int64_t>(batch->features.size());
      if (progress) progress(stats.features);
    } catch (...) {
      fail();
    }
  };

  try {
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::shared_ptr<Batch>>(tbb::filter_mode::serial_in_order, read) &
            tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                tbb::filter_mode::parallel, work) &
            tbb::make_filter<std::shared_ptr<Batch>, void>(tbb::filter_mode::serial_in_order,
                                                           write));
  } catch (...) {
    workers.clear();  // free GEOS objects while their threads' contexts are alive
    throw;
  }
  workers.clear();
  if (failure) std::rethrow_exception(failure);
  return stats;
}

}  // namespace jigu
