// Bulk classification: every parcel (or point) of a layer against zoning and districts, streamed
// in and out so memory stays bounded, in parallel, with results in source order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jigu/feature_set.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/locate.hpp"

namespace jigu {

struct ClassifyOptions {
  /// A district counts as "in" for a parcel when it covers at least this share of the parcel
  /// (the NYC Zoning Tax Lot rule uses 10 %); shares are always reported.
  double min_share = 0.10;
  unsigned threads = 0;           ///< worker threads; 0 = one per core
  std::size_t batch_size = 1024;  ///< features per unit of work
  std::size_t max_batches = 0;    ///< batches in flight (bounds memory); 0 = 4 per thread

  /// Throws UsageError for a share outside [0, 1] or a zero batch size.
  void validate() const;
};

/// The answer for one feature.
struct Classification {
  double area_m2 = 0.0;                ///< planar, working CRS; 0 for points
  std::vector<DistrictHit> districts;  ///< largest share first
  bool in_district = false;            ///< the first district's share >= min_share
  std::vector<ZoneHit> zones;          ///< largest area first; "" code = no zoning
  std::optional<std::string> parcel;   ///< points: the parcel under it
  bool crossed = false;                ///< needed exact intersection (crossed a boundary)
};

struct ClassifyStats {
  std::int64_t features = 0;
  std::int64_t crossed = 0;  ///< features that needed exact intersections
};

/// Called one call at a time, in source order, for each feature and its answer.
using ClassifySink = std::function<void(const Feature&, const Classification&)>;

/// Where classify's results go, in two parts: what can be made of each result on its own (text,
/// an output row) is made in parallel by `prepare`; only `write` runs one call at a time, in
/// source order. Either may throw; classify then stops and rethrows, as for the other stages.
struct ClassifyOutput {
  /// What `prepare` made of one feature, for `write`. Owned by classify, freed on any thread.
  struct Prepared {
    virtual ~Prepared() = default;
  };
  /// Called on worker threads, several at once and in no order, for each feature right after
  /// its classification (so not for one the input skips); may return null. What it made for
  /// a feature that is not then written (an error earlier in source order) is freed unwritten.
  std::function<std::unique_ptr<Prepared>(const Feature&, const Classification&)> prepare;
  /// Called one call at a time, in source order, for each feature kept, with what `prepare`
  /// made of it (null without `prepare`).
  std::function<void(const Feature&, const Classification&, Prepared*)> write;
};

/// Called one call at a time, after each batch is written, with the number of features done.
using ClassifyProgress = std::function<void(std::int64_t)>;

/// Reads every feature of `input` and classifies it against `zoning` and `districts` (and, for
/// points, `parcels`, which may be empty), all in the same working CRS. Generic zone polygons
/// are cut back under specific ones first, as in `overlay`. Exceptions from any
/// stage propagate (the output sees only whole, ordered results); the first in source order
/// when several fail.
ClassifyStats classify(LayerReader& input, const FeatureSet& zoning, const FeatureSet& districts,
                       const FeatureSet& parcels, const ClassifyOptions& options,
                       const ClassifyOutput& output, const ClassifyProgress& progress = {});

/// The same with a sink only: `output.write` without `prepare`.
ClassifyStats classify(LayerReader& input, const FeatureSet& zoning, const FeatureSet& districts,
                       const FeatureSet& parcels, const ClassifyOptions& options,
                       const ClassifySink& sink, const ClassifyProgress& progress = {});

}  // namespace jigu
