#include "server/server_data.hpp"

#include <cstdlib>
#include <ctime>

#include <sstream>

#include "jigu/error.hpp"
#include "jigu/report.hpp"
#include "jigu/rules_file.hpp"

namespace jigu::server {

namespace {

// A private temporary folder, removed with everything in it when this goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "jigu-serve-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw InputError("serve: cannot create a temporary folder in '" +
                       std::filesystem::temp_directory_path().string() + "'");
    }
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

std::string iso_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

std::shared_ptr<const ServerData> load_server_data(const std::filesystem::path& path,
                                                   std::int64_t generation) {
  auto data = std::make_shared<ServerData>(Session(load_workspace(path)));
  data->problems = data->session.problems();
  if (!data->workspace.rules.empty()) data->rules = load_rules(data->workspace.rules);
  data->generation = generation;
  data->loaded_unix = static_cast<std::int64_t>(std::time(nullptr));
  data->loaded_at = iso_utc(static_cast<std::time_t>(data->loaded_unix));
  const TempDir tmp;
  const std::string& crs = data->workspace.crs;
  data->layers.emplace("districts",
                       LayerCache(data->locator.districts(), "districts", crs, tmp.path()));
  data->layers.emplace("zoning", LayerCache(data->locator.zoning(), "zoning", crs, tmp.path()));
  data->layers.emplace("parcels", LayerCache(data->locator.parcels(), "parcels", crs, tmp.path()));
  return data;
}

const std::string& ServerData::report_json() const {
  std::lock_guard<std::mutex> lock(m_report_mutex);
  if (m_report_json.empty()) {
    // As `jigu report` builds it: default read options (the workspace's CRS), the limits from
    // the workspace's rules file when it names one, the split-parcel threshold from the rules.
    ReportOptions options;
    options.generated_unix = loaded_unix;
    std::optional<ReportRules> model;
    if (rules) {
      model = report_rules(*rules);
      if (rules->split_parcel) options.small_part_m2 = rules->split_parcel->small_part_m2;
    }
    const AreaReport report = build_area_report(session, model ? &*model : nullptr, options);
    std::ostringstream text;
    write_report_json(text, report);
    m_report_json = text.str();
  }
  return m_report_json;
}

}  // namespace jigu::server
