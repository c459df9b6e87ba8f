// `jigu serve`: the HTTP API and the offline map page over the workspace.
#include <mutex>
#include <ostream>

#include "cli/common_options.hpp"
#include "jigu/server.hpp"

namespace jigu::cli {

namespace {

class ServeCommand : public Command {
 public:
  std::string name() const override { return "serve"; }
  std::string summary() const override {
    return "HTTP API (layers, locate, check, report) and an offline map page on 127.0.0.1";
  }

  void add_options(CLI::App& app) override {
    app.add_option("--host", m_options.host,
                   "Address to listen on; anything but loopback exposes the API to the network")
        ->capture_default_str();
    app.add_option("-p,--port", m_options.port, "Port; 0 picks a free one (printed on stdout)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--assets", m_assets,
                   "The map page's folder (default: the one built beside jigu)");
    app.add_option("--threads", m_options.threads,
                   "Connections served at once (each holds a thread; default: max(64, 8 x cores))");
    app.add_option("--max-features", m_options.max_features,
                   "Most features in one GeoJSON response")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--max-body-bytes", m_options.max_body_bytes, "Largest POST body accepted")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--request-timeout", m_options.request_timeout_s,
                   "Seconds of work allowed on one request")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_flag("--access-log", m_options.access_log,
                 "Log every request on stderr (-v also logs loads and reloads)");
  }

  int run(const GlobalOptions& global, Streams streams) override {
    m_options.workspace = load_workspace(global).path;
    m_options.assets =
        m_assets.empty() ? default_assets_path(global.exe_dir) : std::filesystem::path(m_assets);
    // Lines from several threads: one at a time.
    std::mutex mutex;
    auto line_to = [&mutex](std::ostream& out) {
      return [&mutex, &out](const std::string& line) {
        std::lock_guard<std::mutex> lock(mutex);
        out << line << std::endl;
      };
    };
    ServerLog log;
    auto out = line_to(streams.out);
    log.ready = [out](const std::string& url) { out("jigu serve: listening on " + url); };
    if ((global.verbose || m_options.access_log) && !global.quiet) log.info = line_to(streams.err);
    log.error = line_to(streams.err);
    return run_server(m_options, log);
  }

 private:
  ServerOptions m_options;
  std::string m_assets;
};

}  // namespace

std::unique_ptr<Command> make_serve_command() {
  return std::make_unique<ServeCommand>();
}

}  // namespace jigu::cli
