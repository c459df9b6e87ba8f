// PROJ contexts (one per thread) and owners of PROJ objects.
#pragma once

#include <proj.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jigu/feature_set.hpp"

namespace jigu::handles {

struct PjDeleter {
  void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using Pj = std::unique_ptr<PJ, PjDeleter>;

struct PjListDeleter {
  void operator()(PJ_OBJ_LIST* l) const noexcept { proj_list_destroy(l); }
};
using PjList = std::unique_ptr<PJ_OBJ_LIST, PjListDeleter>;

/// Owns a PROJ context; PROJ's log goes to `last_message()` instead of stderr.
class ProjContext {
 public:
  ProjContext();
  ~ProjContext();
  ProjContext(const ProjContext&) = delete;
  ProjContext& operator=(const ProjContext&) = delete;

  PJ_CONTEXT* get() const { return m_ctx; }
  const std::string& last_message() const { return m_last; }

 private:
  static void on_log(void* userdata, int level, const char* message);
  PJ_CONTEXT* m_ctx = nullptr;
  std::string m_last;
};

/// The calling thread's PROJ context.
ProjContext& proj();

/// A copy of `obj` in `context`, for another thread (PJ objects are not shareable); null when
/// PROJ cannot copy it (its reason is then in context.last_message()).
Pj clone_in(const ProjContext& context, const PJ* obj);

/// A CRS from user input ("EPSG:5186", WKT, PROJJSON); throws CrsError naming `what`.
Pj make_crs(const std::string& definition, const std::string& what);

/// "AUTH:CODE" of a PROJ object, or "" when it has no identifier.
std::string object_id(const PJ* obj);

/// A coordinate operation from `source` to `target` with traditional GIS axis order on both
/// ends (x = easting/longitude), and what PROJ says about it.
struct Operation {
  Pj op;             ///< null when the two CRSs are equivalent (nothing to do)
  std::string name;  ///< "none" when op is null
  std::string id;
  double accuracy_m = -1.0;
  bool ballpark = false;
};

/// Picks the operation PROJ ranks first among those usable here, considering the area of use of
/// `target`. Throws CrsError when none exists.
Operation make_operation(const PJ* source, const PJ* target);

/// Transforms `count` points in place (x/y interleaved with the given stride in doubles).
/// Returns the index of the first point that cannot be transformed, or nothing.
std::optional<std::size_t> try_transform_xy(const PJ* op, double* xy, std::size_t count);

/// The same, throwing CrsError naming `where` when a point cannot be transformed.
void transform_xy(const PJ* op, double* xy, std::size_t count, const std::string& where);

/// What CrsError says of point `index` (0-based) that cannot be transformed, after `where`.
std::string untransformable(const std::string& where, std::size_t index);

/// Transforms points from one CRS (user input: "EPSG:4326", WKT...) to another, in place, in
/// easting/longitude-first order. Refuses ballpark operations. Throws CrsError naming `what`.
void transform_points(const std::string& from, const std::string& to, std::vector<Point>& points,
                      const std::string& what);

/// The working CRS checked to be projected (areas need metres); throws CrsError.
Pj make_working_crs(const std::string& definition);

/// How a layer reaches the working CRS: `info` for people, `operation` to run.
struct CrsResolution {
  CrsInfo info;
  Operation operation;
};

/// Resolves the operation from a layer's CRS (`source_definition`: WKT, or the user's --s-crs
/// when `overridden`) to the working CRS. Ballpark operations are returned, flagged; the caller
/// decides. `where` names the layer in messages.
CrsResolution resolve_crs(const std::string& source_definition, bool overridden,
                          const std::string& working_definition, const std::string& where);

}  // namespace jigu::handles
