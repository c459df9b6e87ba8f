// `jigu locate`: which districts and zones a parcel, point or drawn geometry lies in.
#include <ostream>

#include "cli/common_options.hpp"
#include "cli/site_options.hpp"
#include "jigu/session.hpp"
#include "jigu/table.hpp"
#include "report/locate_json.hpp"

namespace jigu::cli {

namespace {

class LocateCommand : public Command {
 public:
  std::string name() const override { return "locate"; }
  std::string summary() const override {
    return "Which districts (inside / partly inside / outside, with shares) and zones a site "
           "lies in";
  }

  void add_options(CLI::App& app) override { add_site_flags(app, m_site); }

  int run(const GlobalOptions& global, Streams streams) override {
    Session session(load_workspace(global));
    const Workspace& workspace = session.workspace();
    const Locator& locator = session.locator(site_layers(m_site));
    const Site site = resolve_site(m_site, session);
    const LocateResult r = locator.locate(site);
    const OutputFormat format = parse_output_format(global.format);
    if (format == OutputFormat::Json) {
      streams.out << report::to_json(r).dump(2) << '\n';
    } else {
      write_tables(streams.out, r, format, workspace.crs);
    }
    return report_problems(global, streams.err, session.problems());
  }

 private:
  static void write_tables(std::ostream& out, const LocateResult& r, OutputFormat format,
                           const std::string& crs) {
    const bool point = r.site.kind == Site::Kind::Point;
    Table districts;
    districts.caption =
        r.site.label + (point
                            ? ""
                            : ": " + std::to_string(static_cast<long long>(r.site_area_m2 + 0.5)) +
                                  " m² (planar, " + crs + ")");
    if (r.parcel && r.site.kind != Site::Kind::Parcel) districts.caption += "; parcel " + *r.parcel;
    districts.columns = {{"district", 0, false},
                         {"name", 0, false},
                         {"status", 0, false},
                         {"share", 4, true},
                         {"area_m2", 2, true}};
    for (const auto& d : r.districts) {
      districts.rows.push_back({d.id, d.name, d.status, d.share, d.area_m2});
    }
    if (r.districts.empty()) districts.rows.push_back({"", "(no district)", "outside", 0.0, 0.0});
    write_table(out, districts, format);
    out << '\n';
    Table zones;
    zones.columns = {
        {"zone", 0, false}, {"name", 0, false}, {"share", 4, true}, {"area_m2", 2, true}};
    for (const auto& z : r.zones) zones.rows.push_back({z.code, z.name, z.share, z.area_m2});
    write_table(out, zones, format);
    for (const auto& note : r.notes) out << "note: " << note << '\n';
  }

  SiteFlags m_site;
};

}  // namespace

std::unique_ptr<Command> make_locate_command() {
  return std::make_unique<LocateCommand>();
}

}  // namespace jigu::cli
