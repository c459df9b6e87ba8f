#include "report/locate_json.hpp"

namespace jigu::report {

nlohmann::ordered_json to_json(const LocateResult& r) {
  nlohmann::ordered_json doc;
  doc["site"] = {{"label", r.site.label},
                 {"kind", r.site.kind == Site::Kind::Parcel  ? "parcel"
                          : r.site.kind == Site::Kind::Point ? "point"
                                                             : "geometry"},
                 {"area_m2", r.site_area_m2}};
  doc["parcel"] = r.parcel ? nlohmann::ordered_json(*r.parcel) : nlohmann::ordered_json(nullptr);
  auto& districts = doc["districts"] = nlohmann::ordered_json::array();
  for (const auto& d : r.districts) {
    districts.push_back({{"id", d.id},
                         {"name", d.name},
                         {"status", d.status},
                         {"share", d.share},
                         {"area_m2", d.area_m2}});
  }
  auto& zones = doc["zones"] = nlohmann::ordered_json::array();
  for (const auto& z : r.zones) {
    zones.push_back({{"code", z.code.empty() ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(z.code)},
                     {"name", z.name},
                     {"area_m2", z.area_m2},
                     {"share", z.share}});
  }
  doc["notes"] = r.notes;
  return doc;
}

}  // namespace jigu::report
