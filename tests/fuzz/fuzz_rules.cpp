// Fuzz target: the rules file loader and linter (jigu rules lint, every check), and the rules
// engine run on whatever loads. Any text either loads, and then a check of each use in each zone
// (one zone, and split across two) gives a verdict or a jigu::Error, or is an InputError naming
// the file; the linter never throws for problems in the file.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "jigu/check.hpp"
#include "jigu/rules_file.hpp"

namespace {

constexpr std::size_t kMaxChecks = 40;  // bounded work per input

jigu::LocateResult site_in(const std::vector<std::pair<std::string, double>>& zones,
                           const jigu::RuleSet& rules) {
  jigu::LocateResult site;
  site.site.kind = jigu::Site::Kind::Geometry;
  site.site.label = "fuzz site";
  site.site_area_m2 = 1000.0;
  for (const auto& [code, share] : zones) {
    site.zones.push_back({code, code, 1000.0 * share, share});
  }
  if (!rules.districts.empty()) {
    jigu::DistrictHit hit;
    hit.id = rules.districts.front().meta.id;
    hit.name = hit.id;
    hit.area_m2 = 1000.0;
    hit.share = 1.0;
    hit.status = "inside";
    site.districts.push_back(hit);
  }
  return site;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = jigu::fuzz::without_toml_unreachable_triggers(data, size);
  jigu::fuzz::expect_clean([&] {
    for (const auto& d : jigu::lint_rules_text(text, "fuzz.toml")) {
      if (d.message.empty()) jigu::fuzz::fail("a lint diagnostic without a message");
    }
  });
  jigu::fuzz::expect_clean([&] {
    const jigu::RuleSet rules = jigu::parse_rules(text, "fuzz.toml");
    std::size_t checks = 0;
    for (std::size_t z = 0; z < rules.zones.size() && checks < kMaxChecks; ++z) {
      std::vector<std::vector<std::pair<std::string, double>>> sites = {
          {{rules.zones[z].meta.id, 1.0}}};
      if (z + 1 < rules.zones.size()) {
        sites.push_back({{rules.zones[z].meta.id, 0.7}, {rules.zones[z + 1].meta.id, 0.3}});
      }
      for (const auto& zones : sites) {
        for (std::size_t u = 0; u < rules.uses.size() && checks < kMaxChecks; ++u, ++checks) {
          jigu::PlannedActivity a;
          a.use = rules.uses[u].meta.id;
          a.floor_area_m2 = 450.0;
          a.footprint_m2 = 400.0;
          a.height_m = 20.0;
          a.encouraged_share = 0.6;
          a.far_pct = 300.0;
          for (const auto& f : rules.facts) a.facts.push_back(f.meta.id);
          jigu::fuzz::expect_clean([&] { (void)jigu::check(rules, site_in(zones, rules), a); });
        }
      }
    }
    for (const auto& typed :
         std::vector<std::string>{"17", "공장", "factory", "지식산업센터", ""}) {
      jigu::fuzz::expect_clean([&] { (void)rules.find_use(typed); });
      (void)rules.suggest_uses(typed);
      (void)rules.suggest_zones(typed);
      (void)rules.suggest_facts(typed);
    }
  });
  return 0;
}
