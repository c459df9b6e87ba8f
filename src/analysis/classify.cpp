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

#include "analysis/site_answer.hpp"
#include "analysis/site_parts.hpp"
#include "geom/polygon_index.hpp"
#include "geom/tsan_annotations.hpp"
#include "jigu/error.hpp"

namespace jigu {

void ClassifyOptions::validate() const {
  if (!(min_share >= 0.0 && min_share <= 1.0)) {
    throw UsageError("classify: --min-share must be between 0 and 1");
  }
  if (batch_size == 0) throw UsageError("classify: the batch size must be positive");
}

namespace {

// The point grids of the three layers, shared by the workers and built only if points come.
struct PointGrids {
  geom::SharedCellGrid zoning;
  geom::SharedCellGrid districts;
  geom::SharedCellGrid parcels;
};

// What one worker thread needs: its own indexes (GEOS prepared geometries are per thread).
struct Worker {
  Worker(const LayerReader& input, const FeatureSet& zoning, const FeatureSet& districts,
         const FeatureSet& parcels, const PointGrids& grids)
      : finisher(input.finisher()),
        zone_index(zoning, &grids.zoning, kLazy),
        district_index(districts, &grids.districts, kLazy),
        parcel_index(parcels, &grids.parcels, kLazy) {}
  // Made, used and freed while this worker's thread (and its GEOS context) lives.
  static constexpr auto kLazy = geom::PolygonIndex::GeosCopies::OnFirstUse;
  LayerReader::Finisher finisher;  // converts, reprojects and validates the input's geometries
  geom::PolygonIndex zone_index;
  geom::PolygonIndex district_index;
  geom::PolygonIndex parcel_index;
  analysis::SiteScratch scratch;
};

// Features fetched (serially), finished and classified (in parallel), then settled and
// written (serially, in source order).
struct Batch {
  std::vector<FetchedFeature> features;
  std::vector<Classification> results;
  std::exception_ptr error;  // from finishing or classifying features[error_at]
  std::size_t error_at = 0;
};

Classification classify_one(Worker& w, const Feature& f, double min_share) {
  const analysis::SiteIndexes idx{w.zone_index, w.district_index, w.parcel_index};
  analysis::SiteAnswer a;
  if (f.geometry.kind == GeometryKind::Points && f.geometry.points.size() == 1) {
    a = analysis::answer_point(idx, f.geometry.points.front(), w.scratch,
                               analysis::HitNames::Without);
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
  const PointGrids grids{geom::SharedCellGrid(flat_zoning), geom::SharedCellGrid(districts),
                         geom::SharedCellGrid(parcels)};
  tbb::enumerable_thread_specific<std::unique_ptr<Worker>> workers;
  ClassifyStats stats;
  bool done = false;

  // No stage lets an exception escape into TBB: a cancelled pipeline drops the batches in
  // flight without destroying them. Errors are kept and rethrown after the pipeline, the first
  // in source order: a feature's own (finishing, classifying, settling, the sink) before a
  // later failure to read.
  std::exception_ptr read_error;      // the read stage's
  std::exception_ptr first_error;     // the write stage's, in source order
  std::atomic<bool> stopping{false};  // first_error is set: nothing more will be written

  // TBB's hand-overs, marked for ThreadSanitizer (geom/tsan_annotations.hpp): the set-up
  // before the pipeline, each serial stage's turn to the next, each batch from stage to stage.
  struct Turn {  // a serial stage's state passes from one thread's turn to the next
    const void* state;
    Turn(const void* start, const void* s) : state(s) {
      geom::taken_over(start);
      geom::taken_over(state);
    }
    ~Turn() { geom::handed_over(state); }
  };

  // Batches go round: the last stage hands each back for the first to fill again, so that
  // features, their strings, values and geometry blobs keep their memory from batch to batch
  // (allocating and freeing them was about a tenth of classifying points).
  std::mutex spare_mutex;
  std::vector<std::shared_ptr<Batch>> spare;

  auto read = [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
    const Turn turn(&tokens, &done);
    if (done || stopping) {
      fc.stop();
      return nullptr;
    }
    std::shared_ptr<Batch> batch;
    {
      const std::lock_guard lock(spare_mutex);
      if (!spare.empty()) {
        batch = std::move(spare.back());
        spare.pop_back();
      }
    }
    if (batch) {
      batch->error = nullptr;
      batch->error_at = 0;
    } else {
      batch = std::make_shared<Batch>();
    }
    batch->features.resize(options.batch_size);
    std::size_t n = 0;
    try {
      while (n < options.batch_size && input.fetch(batch->features[n])) ++n;
      done = n < options.batch_size;
    } catch (...) {
      read_error = std::current_exception();
      done = true;  // the features fetched before it still go through
    }
    batch->features.resize(n);
    if (batch->features.empty()) {
      fc.stop();
      return nullptr;
    }
    geom::handed_over(batch.get());
    return batch;
  };

  auto work = [&](std::shared_ptr<Batch> batch) {
    geom::taken_over(&tokens);
    geom::taken_over(batch.get());
    if (stopping) return batch;
    batch->results.resize(batch->features.size());
    std::size_t i = 0;
    try {
      auto& slot = workers.local();
      if (!slot) slot = std::make_unique<Worker>(input, flat_zoning, districts, parcels, grids);
      Worker& w = *slot;
      for (; i < batch->features.size(); ++i) {
        FetchedFeature& f = batch->features[i];
        w.finisher.finish(f);
        if (f.kept()) batch->results[i] = classify_one(w, f.feature, options.min_share);
      }
      geom::handed_over(&slot);  // to the thread that destroys the workers
    } catch (...) {
      batch->error = std::current_exception();
      batch->error_at = i;
    }
    geom::handed_over(batch.get());
    return batch;
  };

  auto write = [&](std::shared_ptr<Batch> batch) {
    const Turn turn(&tokens, &stats);
    geom::taken_over(batch.get());
    struct Pass {  // on to the release stage, however this one ends
      const Batch* b;
      ~Pass() { geom::handed_over(b); }
    } pass{batch.get()};
    if (stopping) return batch;
    try {
      for (std::size_t i = 0; i < batch->features.size(); ++i) {
        if (batch->error && i == batch->error_at) std::rethrow_exception(batch->error);
        // Counts, problems and the invalid policy's errors, in source order.
        if (!input.settle(batch->features[i])) continue;
        sink(batch->features[i].feature, batch->results[i]);
        if (batch->results[i].crossed) ++stats.crossed;
        ++stats.features;
      }
      if (progress) progress(stats.features);
    } catch (...) {
      first_error = std::current_exception();
      stopping = true;
    }
    return batch;
  };

  auto release = [&](std::shared_ptr<Batch> batch) {
    geom::taken_over(batch.get());
    const std::lock_guard lock(spare_mutex);  // also orders it before its next read, for TSan
    spare.push_back(std::move(batch));
  };

  // The filters (and the stage lambdas copied into them) are made before the set-up is handed
  // over to the threads that run them.
  const auto stages =
      tbb::make_filter<void, std::shared_ptr<Batch>>(tbb::filter_mode::serial_in_order, read) &
      tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(tbb::filter_mode::parallel,
                                                                       work) &
      tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
          tbb::filter_mode::serial_in_order, write) &
      tbb::make_filter<std::shared_ptr<Batch>, void>(tbb::filter_mode::parallel, release);
  geom::handed_over(&tokens);
  tbb::parallel_pipeline(tokens, stages);
  geom::taken_over(&done);
  geom::taken_over(&stats);
  for (const auto& slot : workers) geom::taken_over(&slot);
  workers.clear();  // free GEOS objects while their threads' contexts are alive
  {
    // The batches are freed here; the lock also shows ThreadSanitizer that the last stage's
    // hand-backs are over before this frame (and the stack under it) is used again.
    const std::lock_guard lock(spare_mutex);
    spare.clear();
  }
  if (first_error) std::rethrow_exception(first_error);
  if (read_error) std::rethrow_exception(read_error);
  return stats;
}

}  // namespace jigu
