// Where is a site? Districts it touches (with the share of the site inside), zoning parts, and
// for a point the zone, district and parcel under it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jigu/error.hpp"
#include "jigu/feature_set.hpp"
#include "jigu/geometry.hpp"
#include "jigu/layer_reader.hpp"
#include "jigu/pnu.hpp"
#include "jigu/site.hpp"

namespace jigu {

/// One district a site touches.
struct DistrictHit {
  std::string id;
  std::string name;
  double area_m2 = 0.0;  ///< of the site inside the district (0 for points)
  double share = 0.0;    ///< of the site inside, 0..1 (points: 1 inside, 0 outside)
  std::string status;    ///< "inside", "partly inside" or "outside"
};

/// One zone a site lies in. The part of a site no zoning covers has an empty code.
struct ZoneHit {
  std::string code;  ///< e.g. "UQA122"; "" for the uncovered part
  std::string name;  ///< e.g. "제2종일반주거지역"
  double area_m2 = 0.0;
  double share = 0.0;  ///< of the site, 0..1
};

struct LocateResult {
  Site site;
  double site_area_m2 = 0.0;           ///< planar, working CRS; 0 for points
  std::vector<DistrictHit> districts;  ///< touched districts, largest share first, then by id
  std::vector<ZoneHit> zones;          ///< largest area first, then by code
  std::optional<std::string> parcel;   ///< for a point: the id (PNU) of the parcel under it
  std::vector<std::string> notes;      ///< e.g. "point lies on a zone boundary; ..."
};

/// Threshold and tie rules of `Locator`.
struct LocateOptions {
  /// A district counts as "inside" when at least this share of the site lies in it, "partly
  /// inside" when more than 0 and less, "outside" otherwise.
  double inside_share = 1.0 - 1e-9;
  void validate() const;
};

/// Spatial indexes over a workspace's districts, zoning and parcels (all in the same working
/// CRS), built once; `locate` is then cheap. Calls are serialised internally (GEOS prepared
/// geometries are not thread-safe), so one Locator may serve several threads.
class Locator {
 public:
  Locator(FeatureSet districts, FeatureSet zoning, FeatureSet parcels, LocateOptions options = {});
  /// The same over layers shared with their owner (a Session), which are not copied.
  Locator(std::shared_ptr<const FeatureSet> districts, std::shared_ptr<const FeatureSet> zoning,
          std::shared_ptr<const FeatureSet> parcels, LocateOptions options = {});
  ~Locator();
  Locator(Locator&&) noexcept;
  Locator& operator=(Locator&&) noexcept;

  LocateResult locate(const Site& site) const;

  /// The parcel with this id (PNU); throws InputError naming the PNU when there is none.
  const Feature& parcel(const std::string& pnu) const;

  /// A site for a parcel by PNU (validated with parse_pnu first).
  Site parcel_site(const std::string& pnu) const;

  const FeatureSet& districts() const;
  const FeatureSet& zoning() const;
  const FeatureSet& parcels() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Which of a workspace's layers a Locator reads: a command that never looks at parcels (overlay)
/// does not pay for reading a million of them (see Session::locator).
enum class LocatorLayers { All, WithoutParcels };

/// The error for a PNU that no parcel of `source` has.
InputError no_such_parcel(const Pnu& pnu, const std::string& source);

/// A parcel as a site to locate.
Site parcel_site(const Feature& parcel);

}  // namespace jigu
