// Runs the real `jigu` binary for the robustness tests: with a deadline (killed when it is
// passed), an address-space limit (bounded memory), optionally a file-size limit (a full disk
// without root), and as a handle that a test can SIGKILL mid-run. Header-only: shared by the
// tests in this folder (only *_test.cpp files are compiled on their own).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "test_paths.hpp"

namespace jigu::test {

/// True in AddressSanitizer builds (the asan preset): slower, and no address-space limit.
constexpr bool kSanitized =
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

/// A deadline in seconds, stretched for sanitizer builds (about 5 to 10 times slower).
inline double deadline_s(double release_seconds) {
  return kSanitized ? release_seconds * 8 : release_seconds;
}

struct Limits {
  double seconds = 60;           ///< killed (SIGKILL) when still running after this
  std::size_t memory_mb = 3072;  ///< RLIMIT_AS; not applied under sanitizers
  std::size_t file_size_kb = 0;  ///< RLIMIT_FSIZE when not 0: writes past it fail (EFBIG)
};

struct Outcome {
  int exit_code = -1;      ///< the exit status, or 128 + signal when it died of one
  bool signalled = false;  ///< died of a signal (a crash, or our SIGKILL)
  bool timed_out = false;  ///< killed at the deadline
  double seconds = 0;      ///< wall time
  std::string out;
  std::string err;
};

inline std::string slurp_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// One run of a program; start() returns at once, wait() collects the outcome.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> args, Limits limits, std::string program = {})
      : m_args(std::move(args)),
        m_limits(limits),
        m_program(program.empty() ? jigu_binary().string() : std::move(program)) {}
  ~ChildProcess() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      int status = 0;
      ::waitpid(m_pid, &status, 0);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void start() {
    static int counter = 0;
    m_dir = fresh_dir("robustness_runs/" + std::to_string(::getpid()) + "-" +
                      std::to_string(counter++));
    const std::string out = (m_dir / "stdout").string();
    const std::string err = (m_dir / "stderr").string();
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(m_program.c_str()));
    for (auto& a : m_args) argv.push_back(a.data());
    argv.push_back(nullptr);
    m_start = std::chrono::steady_clock::now();
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
      // Child: only async-signal-safe calls until exec.
      if (!kSanitized && m_limits.memory_mb > 0) {
        const rlim_t bytes = static_cast<rlim_t>(m_limits.memory_mb) << 20;
        const rlimit as{bytes, bytes};
        ::setrlimit(RLIMIT_AS, &as);
      }
      if (m_limits.file_size_kb > 0) {
        const rlim_t bytes = static_cast<rlim_t>(m_limits.file_size_kb) << 10;
        const rlimit fs{bytes, bytes};
        ::setrlimit(RLIMIT_FSIZE, &fs);
        ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead
      }
      const int in_fd = ::open("/dev/null", O_RDONLY);
      const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(in_fd, 0);
      ::dup2(out_fd, 1);
      ::dup2(err_fd, 2);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }

  pid_t pid() const { return m_pid; }
  double elapsed_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }

  /// True (and the outcome collected) when the process has ended.
  bool poll() {
    if (m_pid <= 0) return true;
    int status = 0;
    const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
    if (r == 0) return false;
    m_outcome.seconds = elapsed_s();
    m_pid = 0;
    if (WIFEXITED(status)) {
      m_outcome.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      m_outcome.signalled = true;
      m_outcome.exit_code = 128 + WTERMSIG(status);
    }
    m_outcome.out = slurp_file(m_dir / "stdout");
    m_outcome.err = slurp_file(m_dir / "stderr");
    return true;
  }

  void kill_now() {
    if (m_pid > 0) ::kill(m_pid, SIGKILL);
  }

  /// Waits until the process ends or the deadline passes (then SIGKILL).
  Outcome wait() {
    while (!poll()) {
      if (elapsed_s() > m_limits.seconds) {
        kill_now();
        while (!poll()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        m_outcome.timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return m_outcome;
  }

 private:
  std::vector<std::string> m_args;
  Limits m_limits;
  std::string m_program;
  std::filesystem::path m_dir;
  pid_t m_pid = 0;
  std::chrono::steady_clock::time_point m_start;
  Outcome m_outcome;
};

/// Runs `jigu args` to the end (or the deadline).
inline Outcome run_bounded(const std::vector<std::string>& args, Limits limits = {}) {
  limits.seconds = deadline_s(limits.seconds);
  ChildProcess child(args, limits);
  child.start();
  return child.wait();
}

inline std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace jigu::test
