#include "report/check_json.hpp"

namespace jigu::report {

namespace {

using Json = nlohmann::ordered_json;

Json range_json(const std::optional<Range>& r) {
  if (!r) return nullptr;
  return {{"low", r->low}, {"high", r->high}};
}

}  // namespace

nlohmann::ordered_json to_json(const Verdict& v, const LocateResult& located) {
  Json site = {{"label", v.site_label}, {"area_m2", v.site_area_m2}};
  site["zones"] = Json::array();
  for (const auto& z : located.zones) {
    site["zones"].push_back(
        {{"code", z.code}, {"name", z.name}, {"area_m2", z.area_m2}, {"share", z.share}});
  }
  site["districts"] = Json::array();
  for (const auto& d : located.districts) {
    site["districts"].push_back(
        {{"id", d.id}, {"name", d.name}, {"share", d.share}, {"status", d.status}});
  }
  Json doc = {{"site", site},
              {"use",
               {{"typed", v.use.typed},
                {"id", v.use.id},
                {"name", v.use.name},
                {"class_id", v.use.class_id},
                {"class_name", v.use.class_name},
                {"class_unconfirmed", v.use.class_unconfirmed}}},
              {"status", to_string(v.status)}};
  doc["conditions"] = Json::array();
  for (const auto& c : v.conditions) {
    doc["conditions"].push_back(
        {{"kind", to_string(c.kind)}, {"rule", c.rule_id}, {"text", c.text}});
  }
  doc["district"] = v.district ? Json(*v.district) : Json(nullptr);
  doc["regimes"] = Json::array();
  for (const auto& r : v.regimes) {
    Json regime = {{"governing_zone", r.governing_zone},
                   {"averaged", r.averaged},
                   {"rule", r.rule_id},
                   {"area_m2", r.area_m2},
                   {"status", to_string(r.status)}};
    regime["parts"] = Json::array();
    for (const auto& p : r.parts) {
      regime["parts"].push_back(
          {{"code", p.code}, {"name", p.name}, {"area_m2", p.area_m2}, {"share", p.share}});
    }
    regime["limits"] = Json::array();
    for (const auto& l : r.limits) {
      regime["limits"].push_back({{"quantity", l.quantity},
                                  {"base", range_json(l.base)},
                                  {"relaxed", range_json(l.relaxed)},
                                  {"planned", l.planned ? Json(*l.planned) : Json(nullptr)},
                                  {"planned_from", l.planned_from},
                                  {"outcome", to_string(l.outcome)},
                                  {"rules", l.rule_ids},
                                  {"unconfirmed", l.unconfirmed}});
    }
    doc["regimes"].push_back(std::move(regime));
  }
  doc["reasons"] = Json::array();
  for (const auto& r : v.reasons) {
    doc["reasons"].push_back({{"step", r.step},
                              {"rule", r.rule_id},
                              {"text", r.text},
                              {"source", r.source},
                              {"unconfirmed", r.unconfirmed}});
  }
  doc["unconfirmed"] = v.unconfirmed;
  doc["notes"] = v.notes;
  return doc;
}

}  // namespace jigu::report
