#include "jigu/classify.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <memory>
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
  Worker(const LayerReader& input, const FeatureSet& zoning, const FeatureSet& districts,
         const FeatureSet& parcels)
      : finisher(input.finisher()),
        zone_index(zoning),
        district_index(districts),
        parcel_index(parcels) {}
  LayerReader::Finisher finisher;  // converts, reprojects and validates the input's geometries
  analysis::PolygonIndex zone_index;
  analysis::PolygonIndex district_index;
  analysis::PolygonIndex parcel_index;
  std::vector<std::size_t> scratch;
};

// Features fetched (serially), finished and classified (in parallel), then settled and
// written (serially, in source order).
struct Batch {
  std::vector<FetchedFeature> features;
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

  auto read = [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
    if (done) {
      fc.stop();
      return nullptr;
    }
    auto batch = std::make_shared<Batch>();
    batch->features.resize(options.batch_size);
    std::size_t n = 0;
    while (n < options.batch_size) {
      if (!input.fetch(batch->features[n])) {
        done = true;
        break;
      }
      ++n;
    }
    batch->features.resize(n);
    if (batch->features.empty()) {
      fc.stop();
      return nullptr;
    }
    return batch;
  };

  auto work = [&](std::shared_ptr<Batch> batch) {
    auto& slot = workers.local();
    if (!slot) slot = std::make_unique<Worker>(input, flat_zoning, districts, parcels);
    Worker& w = *slot;
    batch->results.resize(batch->features.size());
    for (std::size_t i = 0; i < batch->features.size(); ++i) {
      FetchedFeature& f = batch->features[i];
      w.finisher.finish(f);
      if (f.kept()) batch->results[i] = classify_one(w, f.feature, options.min_share);
    }
    return batch;
  };

  auto write = [&](std::shared_ptr<Batch> batch) {
    for (std::size_t i = 0; i < batch->features.size(); ++i) {
      // Counts, problems and the invalid policy's errors, in source order.
      if (!input.settle(batch->features[i])) continue;
      sink(batch->features[i].feature, batch->results[i]);
      if (batch->results[i].crossed) ++stats.crossed;
      ++stats.features;
    }
    if (progress) progress(stats.features);
    return batch;
  };

  // Freeing a batch (a thousand features' strings and rings) is left to a parallel stage, so
  // that the serial writer goes on with the next one.
  auto release = [](std::shared_ptr<Batch> batch) { batch.reset(); };

  try {
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::shared_ptr<Batch>>(tbb::filter_mode::serial_in_order, read) &
            tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                tbb::filter_mode::parallel, work) &
            tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                tbb::filter_mode::serial_in_order, write) &
            tbb::make_filter<std::shared_ptr<Batch>, void>(tbb::filter_mode::parallel, release));
  } catch (...) {
    workers.clear();  // free GEOS objects while their threads' contexts are alive
    throw;
  }
  workers.clear();
  return stats;
}

}  // namespace jigu
