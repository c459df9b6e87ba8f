// Bulk classification: every parcel (or point) of a layer against zoning and districts, streamed
// in and out so memory stays bounded, in parallel, with results in source order.
#pragma once

#include <cstdint>
#include <functional>
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

/// The answer for one feature. A point's zone and district hits carry codes and ids, not
/// names (look them up in the layers when needed).
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

/// Called one call at a time, in source order, for each feature and its answer. It may throw:
/// classify then stops and rethrows, as for the other stages.
using ClassifySink = std::function<void(const Feature&, const Classification&)>;

/// Called one call at a time, after each batch is written, with the number of features done.
using ClassifyProgress = std::function<void(std::int64_t)>;

/// Reads every feature of `input` and classifies it against `zoning` and `districts` (and, for
/// points, `parcels`, which may be empty), all in the same working CRS. Generic zone polygons
/// are cut back under specific ones first, as in `overlay`. Exceptions from any
/// stage propagate (the sink sees only whole, ordered results); the first in source order
/// when several fail.
ClassifyStats classify(LayerReader& input, const FeatureSet& zoning, const FeatureSet& districts,
                       const FeatureSet& parcels, const ClassifyOptions& options,
                       const ClassifySink& sink, const ClassifyProgress& progress = {});

}  // namespace jigu
