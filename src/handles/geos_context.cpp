#include "handles/geos_context.hpp"

#include "jigu/error.hpp"

namespace jigu::handles {

GeosContext::GeosContext() : m_ctx(GEOS_init_r()) {
  if (m_ctx == nullptr) throw BackendError("geos: cannot create a context");
  GEOSContext_setErrorMessageHandler_r(m_ctx, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() {
  GEOS_finish_r(m_ctx);
}

void GeosContext::on_error(const char* message, void* userdata) {
  // C callback: only record.
  auto* self = static_cast<GeosContext*>(userdata);
  try {
    self->m_last_error = message ? message : "";
  } catch (...) {
  }
}

GeosGeom GeosContext::own(GEOSGeometry* g, const char* what) const {
  if (g == nullptr) throw GeometryError(std::string("geos: ") + what + ": " + m_last_error);
  return GeosGeom(g, GeosGeomDeleter{m_ctx});
}

bool GeosContext::check_predicate(char result, const char* what) const {
  if (result == 2) throw GeometryError(std::string("geos: ") + what + ": " + m_last_error);
  return result == 1;
}

GeosContext& geos() {
  thread_local GeosContext context;
  return context;
}

}  // namespace jigu::handles
