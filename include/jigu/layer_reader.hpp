// Reading a vector layer of any format GDAL/OGR reads into features in one working CRS:
// text decoded to UTF-8, coordinates reprojected with PROJ, geometries validated by GEOS.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "jigu/feature_set.hpp"

namespace jigu {

/// What to do with an invalid geometry.
enum class InvalidPolicy { Fail, Skip, Repair };

/// Parses "fail", "skip" or "repair"; throws UsageError otherwise.
InvalidPolicy parse_invalid_policy(const std::string& text);

/// How to open and convert a layer. Plain data; `validate()` checks it without I/O.
struct ReadOptions {
  std::string layer;     ///< layer name; empty = the dataset's only (or first) layer
  std::string id_field;  ///< key fields; empty = not used (id falls back to the fid)
  std::string name_field;
  std::string code_field;
  std::string encoding;    ///< override the text encoding, e.g. "CP949"; empty = detect
  std::string source_crs;  ///< override (or supply) the layer's CRS, e.g. "EPSG:5174"
  std::string working_crs = "EPSG:5186";  ///< a projected CRS in metres
  InvalidPolicy invalid = InvalidPolicy::Repair;
  bool allow_ballpark = false;  ///< accept a transformation without a datum shift
  bool load_geometry = true;    ///< false: attributes only (faster `info` of huge layers)
  bool require_crs = true;      ///< false: a layer without a CRS is read as is, unprojected
  /// Non-empty: only the features whose id (from `id_field`, which it needs) is this text, as
  /// one parcel by its PNU. The layer's own filter finds them where it can (a text id field),
  /// so the other features are neither converted nor validated.
  std::string only_id;

  /// Throws UsageError when the options cannot work together.
  void validate() const;
};

/// A feature between the two phases of reading (see LayerReader::fetch): its keys and decoded
/// attributes, and its geometry as the source stored it until a finisher has converted it.
class FetchedFeature {
 public:
  FetchedFeature();
  ~FetchedFeature();
  FetchedFeature(FetchedFeature&&) noexcept;
  FetchedFeature& operator=(FetchedFeature&&) noexcept;

  /// Keys and attributes after `fetch`; the geometry (working CRS, validated) after `finish`.
  Feature feature;

  /// After `finish`: false when `settle` will drop the feature or throw.
  bool kept() const { return m_keep; }

 private:
  friend class LayerReader;
  struct Stored;  // the geometry as read, opaque here
  struct StoredDeleter {
    void operator()(Stored* stored) const noexcept;
  };
  // Set by LayerReader::fetch.
  std::unique_ptr<Stored, StoredDeleter> m_stored;
  std::string m_blob;  // or the geometry as a GeoPackage blob (m_stored then null)
  bool m_with_geometry = false;
  // Set by a finisher, applied in source order by LayerReader::settle.
  bool m_keep = true;
  GeometryCounts m_counts;
  std::optional<Problem> m_problem;
  std::exception_ptr m_error;
};

/// Streams the features of one layer. Construction opens the dataset, decides the encoding
/// and the coordinate operation; `next()` yields features one at a time, so memory stays
/// bounded however large the layer is. Move-only; not shareable between threads.
///
/// Throws InputError (unreadable or malformed data, undecodable text), CrsError (no CRS,
/// unknown CRS, ballpark transformation refused) or GeometryError (--invalid=fail).
class LayerReader {
 public:
  LayerReader(const std::string& source, const ReadOptions& options);
  ~LayerReader();
  LayerReader(LayerReader&&) noexcept;
  LayerReader& operator=(LayerReader&&) noexcept;
  LayerReader(const LayerReader&) = delete;
  LayerReader& operator=(const LayerReader&) = delete;

  const LayerInfo& info() const;

  /// Reads the next feature into `feature`; false at the end of the layer. Features whose
  /// geometry is skipped under the invalid policy are not returned (they are counted).
  /// The same as `fetch`, `finish` and `settle` in turn, skipping features not kept.
  bool next(Feature& feature);

  /// Two-phase reading, so that the costly part of reading can run in parallel:
  ///  1. `fetch` (one thread, in source order) reads the next feature's attributes and keys
  ///     and keeps its geometry as stored; false at the end of the layer.
  ///  2. A `Finisher` (any thread; one per thread) converts, reprojects and validates the
  ///     geometry under the invalid policy. It never throws: what it finds (counts, a problem,
  ///     an error) is kept in the feature.
  ///  3. `settle` (one thread, in source order) applies that: it adds the counts and problem,
  ///     rethrows the error (GeometryError under --invalid=fail, CrsError), and says whether
  ///     the feature is kept (false: skipped under the policy, or an unsupported type).
  /// Counts, problems and the first error are then those `next` gives.
  bool fetch(FetchedFeature& feature);
  bool settle(FetchedFeature& feature);

  /// Finishes fetched features of its reader on one thread at a time (it owns a PROJ context
  /// and the coordinate operation). The reader must outlive it.
  class Finisher {
   public:
    ~Finisher();
    Finisher(Finisher&&) noexcept;
    Finisher& operator=(Finisher&&) noexcept;
    void finish(FetchedFeature& feature);

   private:
    friend class LayerReader;
    struct Impl;
    explicit Finisher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
  };
  /// A finisher for the calling thread; safe to call from several threads at once.
  Finisher finisher() const;

  const GeometryCounts& counts() const;
  const std::vector<Problem>& problems() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Reads a whole layer into memory (for small layers: districts, zoning, tests).
FeatureSet read_layer(const std::string& source, const ReadOptions& options);

}  // namespace jigu
