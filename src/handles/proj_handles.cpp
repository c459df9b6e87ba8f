#include "handles/proj_handles.hpp"

#include <algorithm>
#include <cmath>

#include "jigu/error.hpp"

namespace jigu::handles {

ProjContext::ProjContext() : m_ctx(proj_context_create()) {
  if (m_ctx == nullptr) throw BackendError("proj: cannot create a context");
  proj_log_func(m_ctx, this, &ProjContext::on_log);
  // Never reach for network grids; results must not depend on connectivity.
  proj_context_set_enable_network(m_ctx, 0);
}

ProjContext::~ProjContext() {
  proj_context_destroy(m_ctx);
}

void ProjContext::on_log(void* userdata, int level, const char* message) {
  // C callback: only record.
  auto* self = static_cast<ProjContext*>(userdata);
  if (level > PJ_LOG_ERROR) return;
  try {
    self->m_last = message ? message : "";
  } catch (...) {
  }
}

ProjContext& proj() {
  thread_local ProjContext context;
  return context;
}

Pj clone_in(const ProjContext& context, const PJ* obj) {
  return Pj(proj_clone(context.get(), obj));
}

Pj make_crs(const std::string& definition, const std::string& what) {
  auto& ctx = proj();
  Pj crs(proj_create(ctx.get(), definition.c_str()));
  if (!crs) {
    throw CrsError(what + ": unknown CRS '" + definition + "'" +
                   (ctx.last_message().empty() ? "" : ": " + ctx.last_message()) +
                   "; use e.g. EPSG:5186, WKT or PROJJSON");
  }
  if (!proj_is_crs(crs.get())) {
    throw CrsError(what + ": '" + definition + "' is not a coordinate reference system");
  }
  return crs;
}

std::string object_id(const PJ* obj) {
  const char* auth = proj_get_id_auth_name(obj, 0);
  const char* code = proj_get_id_code(obj, 0);
  if (auth == nullptr || code == nullptr) return "";
  return std::string(auth) + ":" + code;
}

namespace {

struct FactoryContextDeleter {
  void operator()(PJ_OPERATION_FACTORY_CONTEXT* f) const noexcept {
    proj_operation_factory_context_destroy(f);
  }
};

}  // namespace

Operation make_operation(const PJ* source, const PJ* target) {
  auto& ctx = proj();
  Operation result;
  if (proj_is_equivalent_to_with_ctx(ctx.get(), source, target,
                                     PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS)) {
    result.name = "none (same CRS)";
    result.accuracy_m = 0.0;
    return result;
  }
  std::unique_ptr<PJ_OPERATION_FACTORY_CONTEXT, FactoryContextDeleter> factory(
      proj_create_operation_factory_context(ctx.get(), nullptr));
  proj_operation_factory_context_set_spatial_criterion(ctx.get(), factory.get(),
                                                       PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
  proj_operation_factory_context_set_grid_availability_use(
      ctx.get(), factory.get(), PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
  double west = 0, south = 0, east = 0, north = 0;
  if (proj_get_area_of_use(ctx.get(), target, &west, &south, &east, &north, nullptr) &&
      west > -1000) {
    proj_operation_factory_context_set_area_of_interest(ctx.get(), factory.get(), west, south, east,
                                                        north);
  }
  PjList ops(proj_create_operations(ctx.get(), source, target, factory.get()));
  const int count = ops ? proj_list_get_count(ops.get()) : 0;
  for (int i = 0; i < count; ++i) {
    Pj candidate(proj_list_get(ctx.get(), ops.get(), i));
    if (!candidate || !proj_coordoperation_is_instantiable(ctx.get(), candidate.get())) continue;
    Pj normalized(proj_normalize_for_visualization(ctx.get(), candidate.get()));
    if (!normalized) continue;
    const char* name = proj_get_name(candidate.get());
    result.name = name ? name : "(unnamed operation)";
    result.id = object_id(candidate.get());
    result.accuracy_m = proj_coordoperation_get_accuracy(ctx.get(), candidate.get());
    result.ballpark = proj_coordoperation_has_ballpark_transformation(ctx.get(), candidate.get());
    result.op = std::move(normalized);
    return result;
  }
  throw CrsError(std::string("proj: no coordinate operation from '") + proj_get_name(source) +
                 "' to '" + proj_get_name(target) + "'");
}

std::optional<std::size_t> try_transform_xy(const PJ* op, double* xy, std::size_t count) {
  if (op == nullptr || count == 0) return std::nullopt;
  PJ* mutable_op = const_cast<PJ*>(op);  // proj_trans_generic takes a non-const PJ*
  proj_errno_reset(mutable_op);
  const std::size_t stride = 2 * sizeof(double);
  proj_trans_generic(mutable_op, PJ_FWD, xy, stride, count, xy + 1, stride, count, nullptr, 0, 0,
                     nullptr, 0, 0);
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(xy[2 * i]) || !std::isfinite(xy[2 * i + 1])) return i;
  }
  return std::nullopt;
}

std::string untransformable(const std::string& where, std::size_t index) {
  return where + ": a coordinate cannot be transformed (point " + std::to_string(index + 1) +
         "); check the layer's CRS";
}

void transform_xy(const PJ* op, double* xy, std::size_t count, const std::string& where) {
  if (const auto bad = try_transform_xy(op, xy, count)) {
    throw CrsError(untransformable(where, *bad));
  }
}

namespace {

// Operations transform_points built on this thread, most recently used first. Building one
// asks proj.db for candidates (milliseconds of SQLite per call), far more than transforming a
// point, and `jigu serve` transforms one point per request.
class OperationCache {
 public:
  const Operation& get(const std::string& from, const std::string& to, const std::string& what) {
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
      if (m_entries[i].from == from && m_entries[i].to == to) {
        if (i > 0) std::rotate(m_entries.begin(), m_entries.begin() + i, m_entries.begin() + i + 1);
        return m_entries.front().operation;
      }
    }
    Pj source = make_crs(from, what);
    Pj target = make_crs(to, what);
    Operation op = make_operation(source.get(), target.get());
    if (m_entries.size() >= kCapacity) m_entries.pop_back();
    m_entries.insert(m_entries.begin(), Entry{from, to, std::move(op)});
    return m_entries.front().operation;
  }

 private:
  static constexpr std::size_t kCapacity = 8;
  struct Entry {
    std::string from;
    std::string to;
    Operation operation;
  };
  std::vector<Entry> m_entries;
};

OperationCache& operation_cache() {
  // The context is created first, so this thread's cache (and its PJ objects) is destroyed
  // before the context they belong to.
  (void)proj();
  thread_local OperationCache cache;
  return cache;
}

}  // namespace

void transform_points(const std::string& from, const std::string& to, std::vector<Point>& points,
                      const std::string& what) {
  const Operation& op = operation_cache().get(from, to, what);
  if (op.ballpark) {
    throw CrsError(what + ": only a ballpark transformation (no datum shift) exists from " + from +
                   " to " + to);
  }
  std::vector<double> xy;
  xy.reserve(2 * points.size());
  for (const auto& p : points) {
    xy.push_back(p.x);
    xy.push_back(p.y);
  }
  transform_xy(op.op.get(), xy.data(), points.size(), what);
  for (std::size_t i = 0; i < points.size(); ++i) points[i] = Point{xy[2 * i], xy[2 * i + 1]};
}

Pj make_working_crs(const std::string& definition) {
  Pj crs = make_crs(definition, "working CRS");
  if (proj_get_type(crs.get()) != PJ_TYPE_PROJECTED_CRS) {
    throw CrsError("working CRS '" + definition +
                   "' is not a projected CRS; areas need metres (e.g. EPSG:5186)");
  }
  return crs;
}

namespace {

// The EPSG code a CRS without an identifier (e.g. from a .prj) matches with high confidence.
std::string identify(const PJ* crs) {
  auto& ctx = proj();
  int* confidence = nullptr;
  PjList matches(proj_identify(ctx.get(), crs, "EPSG", nullptr, &confidence));
  std::string id;
  if (matches && proj_list_get_count(matches.get()) > 0 && confidence != nullptr &&
      confidence[0] >= 90) {
    Pj best(proj_list_get(ctx.get(), matches.get(), 0));
    id = object_id(best.get());
  }
  proj_int_list_destroy(confidence);
  return id;
}

}  // namespace

CrsResolution resolve_crs(const std::string& source_definition, bool overridden,
                          const std::string& working_definition, const std::string& where) {
  CrsResolution r;
  Pj working = make_working_crs(working_definition);
  Pj source = make_crs(source_definition, overridden ? where + ": --s-crs" : where);
  r.info.working = working_definition;
  r.info.working_name = proj_get_name(working.get());
  r.info.source_overridden = overridden;
  r.info.source_name = proj_get_name(source.get());
  r.info.source_id = object_id(source.get());
  if (r.info.source_id.empty()) r.info.source_id = identify(source.get());
  r.operation = make_operation(source.get(), working.get());
  r.info.operation = r.operation.name;
  r.info.operation_id = r.operation.id;
  r.info.accuracy_m = r.operation.accuracy_m;
  r.info.ballpark = r.operation.ballpark;
  return r;
}

}  // namespace jigu::handles
