// `run_server`: cpp-httplib wired to the Api, with the request caps, the signal loop (SIGHUP
// reloads, SIGINT/SIGTERM stop) and the data swap that keeps requests in flight on their data.
#include <httplib.h>
#include <pthread.h>
#include <sys/socket.h>

#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>

#include "jigu/error.hpp"
#include "jigu/server.hpp"
#include "server/api.hpp"

namespace jigu {

void ServerOptions::validate() const {
  if (host.empty()) throw UsageError("--host: empty; give an address such as 127.0.0.1");
  if (port < 0 || port > 65535) throw UsageError("--port: must lie in 0..65535 (0: any free)");
  if (threads > 1024) throw UsageError("--threads: at most 1024");
  if (max_body_bytes == 0) throw UsageError("--max-body-bytes: must be positive");
  if (max_target_bytes < 64) throw UsageError("--max-target-bytes: at least 64");
  if (max_features == 0) throw UsageError("--max-features: must be positive");
  if (!(request_timeout_s > 0)) throw UsageError("--request-timeout: must be positive");
  if (!(io_timeout_s > 0)) throw UsageError("--io-timeout: must be positive");
}

std::filesystem::path default_assets_path(const std::filesystem::path& exe_dir) {
  return exe_dir / ".." / "share" / "jigu" / "web";
}

namespace {

using server::Api;
using server::ApiRequest;
using server::ApiResponse;
using server::ServerData;

// The current data; a reload swaps the pointer, requests hold their own copy.
class DataHolder {
 public:
  explicit DataHolder(std::shared_ptr<const ServerData> data) : m_data(std::move(data)) {}
  std::shared_ptr<const ServerData> get() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_data;
  }
  void set(std::shared_ptr<const ServerData> data) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_data.swap(data);
    // the old data is released here or by the last request still holding it
  }

 private:
  mutable std::mutex m_mutex;
  std::shared_ptr<const ServerData> m_data;
};

void send(httplib::Response& res, const ApiResponse& r) {
  res.status = r.status;
  for (const auto& [name, value] : r.headers) res.set_header(name, value);
  res.set_content(r.body, r.content_type);
}

time_t whole_seconds(double s) {
  return static_cast<time_t>(s);
}
time_t micro_seconds(double s) {
  return static_cast<time_t>((s - static_cast<double>(static_cast<time_t>(s))) * 1e6);
}

std::string reason_phrase(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 408:
      return "request timeout";
    case 413:
      return "request body too large";
    case 414:
      return "request target too long";
    case 416:
      return "range not satisfiable";
    case 431:
      return "request header fields too large";
    case 500:
      return "internal error";
    case 503:
      return "service unavailable";
    default:
      return "HTTP error " + std::to_string(status);
  }
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

int run_server(const ServerOptions& options, const ServerLog& log) {
  options.validate();
  auto info = [&](const std::string& m) {
    if (log.info) log.info(m);
  };
  auto error = [&](const std::string& m) {
    if (log.error) log.error(m);
  };

  // Signals go to the thread that waits for them below, never to a worker: block them first,
  // so every thread started from here on inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const auto started = std::chrono::steady_clock::now();
  DataHolder holder(server::load_server_data(options.workspace, 1));
  const server::AssetStore assets(options.assets);
  const Api api(
      options, [&holder] { return holder.get(); }, assets);

  httplib::Server svr;
  const unsigned threads =
      options.threads ? options.threads : std::max(64u, 8 * std::thread::hardware_concurrency());
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_read_timeout(whole_seconds(options.io_timeout_s), micro_seconds(options.io_timeout_s));
  svr.set_write_timeout(whole_seconds(options.io_timeout_s), micro_seconds(options.io_timeout_s));
  svr.set_keep_alive_timeout(5);
  svr.set_keep_alive_max_count(100);  // then the connection closes, so waiting ones get a turn
  svr.set_payload_max_length(options.max_body_bytes);
  svr.set_tcp_nodelay(true);
  // SO_REUSEADDR only: a second server on the same port must fail, not share it (SO_REUSEPORT).
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  svr.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-cache"},
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
  });

  // Refusals that need no data, before the body is read.
  svr.set_pre_routing_handler([&options](const httplib::Request& req, httplib::Response& res) {
    auto refuse = [&](int status, const std::string& code, const std::string& message) {
      send(res, server::error_response(status, code, "", message));
      return httplib::Server::HandlerResponse::Handled;
    };
    if (req.target.size() > options.max_target_bytes) {
      return refuse(414, "uri-too-long",
                    "the request target is longer than " +
                        std::to_string(options.max_target_bytes) + " bytes");
    }
    if (!server::is_allowed_host(req.get_header_value("Host"), options.host)) {
      return refuse(403, "bad-host",
                    "this server answers requests for its own loopback address only");
    }
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
      res.set_header("Allow", "GET, HEAD, POST");
      return refuse(405, "method-not-allowed", "this server answers GET, HEAD and POST");
    }
    if (req.method == "POST") {
      if (req.has_header("Transfer-Encoding")) {
        return refuse(411, "length-required", "send the body with a Content-Length, not chunked");
      }
      if (!req.has_header("Content-Length")) {
        return refuse(411, "length-required", "send the body with a Content-Length");
      }
      const std::string length = req.get_header_value("Content-Length");
      if (length.empty() || length.size() > 18 ||
          length.find_first_not_of("0123456789") != std::string::npos) {
        return refuse(400, "bad-request", "Content-Length is not a number");
      }
      if (!length.empty() && std::stoull(length) > options.max_body_bytes) {
        return refuse(
            413, "body-too-large",
            "the body is larger than " + std::to_string(options.max_body_bytes) + " bytes");
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto handler = [&api, &options](const httplib::Request& req, httplib::Response& res) {
    ApiRequest r;
    r.method = req.method;
    r.path = req.path;
    r.params.insert(req.params.begin(), req.params.end());
    r.body = req.body;
    r.content_type = req.get_header_value("Content-Type");
    r.deadline =
        server::Clock::now() + std::chrono::duration_cast<server::Clock::duration>(
                                   std::chrono::duration<double>(options.request_timeout_s));
    send(res, api.handle(r));
  };
  svr.Get(".*", handler);
  svr.Post(".*", handler);

  // Statuses httplib sets itself (a malformed request line, 413 on reading, 414): a JSON body.
  svr.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        send(res, server::error_response(res.status, "http-" + std::to_string(res.status), "",
                                         reason_phrase(res.status)));
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, server::error_response(500, "internal-error", "", "internal error"));
      });
  if (options.access_log) {
    svr.set_logger([&info](const httplib::Request& req, const httplib::Response& res) {
      info(req.remote_addr + " " + req.method + " " + req.target.substr(0, 200) + " " +
           std::to_string(res.status) + " " + std::to_string(res.body.size()));
    });
  }

  int port = options.port;
  if (port == 0) {
    port = svr.bind_to_any_port(options.host);
    if (port < 0) port = 0;
  } else if (!svr.bind_to_port(options.host, port)) {
    port = 0;
  }
  if (port == 0) {
    throw UsageError("serve: cannot listen on " + options.host + ":" +
                     std::to_string(options.port) + " (" + std::strerror(errno) +
                     "); is another server there? try --port 0 for any free port");
  }

  std::atomic<bool> stopping{false};
  std::atomic<bool> failed{false};
  std::thread listener([&] {
    svr.listen_after_bind();
    if (!stopping) {
      failed = true;
      kill(getpid(), SIGTERM);  // ended on its own: wake the signal loop
    }
  });
  // stop() does nothing before the accept loop runs; wait for it.
  for (int i = 0; i < 500 && !svr.is_running() && !failed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto data = holder.get();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  const std::string url = "http://" + url_host(options.host) + ":" + std::to_string(port) + "/";
  info("jigu serve: workspace '" + data->workspace.name + "' (" +
       std::to_string(data->layers.at("parcels").size()) + " parcels) loaded in " +
       std::to_string(ms) + " ms; " + std::to_string(threads) +
       " connections at once; SIGHUP reloads, Ctrl-C stops");
  if (log.ready) log.ready(url);

  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      const auto t0 = std::chrono::steady_clock::now();
      try {
        holder.set(server::load_server_data(options.workspace, holder.get()->generation + 1));
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - t0)
                              .count();
        info("jigu serve: reloaded the workspace '" + options.workspace.string() +
             "' (generation " + std::to_string(holder.get()->generation) + ", " +
             std::to_string(took) + " ms)");
      } catch (const std::exception& e) {
        error("jigu serve: reload failed, still serving generation " +
              std::to_string(holder.get()->generation) + ": " + e.what());
      }
      continue;
    }
    break;
  }
  stopping = true;
  svr.stop();
  listener.join();
  if (failed) {
    error("jigu serve: the listening socket failed");
    return 1;
  }
  info("jigu serve: stopped");
  return 0;
}

}  // namespace jigu
