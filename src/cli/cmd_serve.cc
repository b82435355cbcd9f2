// bimtek serve [--listen HOST:PORT] [--threads N] [--access-log -|off|FILE]: runs the HTTP
// server on the store named by --db until SIGTERM or SIGINT, then drains and exits.
#include <csignal>
#include <iostream>

#include "base/strings.h"
#include "cli/common.h"
#include "fmt/format.h"
#include "http/routes.h"
#include "http/server.h"
#include "store/sqlite/sqlite_planning.h"
#include "spdlog/async.h"
#include "spdlog/sinks/basic_file_sink.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace bimtek::cli {

namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::string access_log = "-";
  int drain_seconds = 10;
  std::string accept = "reuseport";
  bool secure_cookies = false;
  std::string tls_cert, tls_key;
  std::vector<std::string> trusted_proxies;
  int session_cache_ms = 2'000;
  int search_cache_ms = 2'000;
  int group_commit_us = -1;  // -1: the backend's default
  size_t max_upload_mib = 32;
};

// An asynchronous logger: the request path hands a line to a queue and returns; when the queue
// is full the oldest lines go, so a slow disk never slows the server.
StatusOr<std::shared_ptr<spdlog::logger>> AccessLogger(const std::string& where) {
  if (where == "off") return std::shared_ptr<spdlog::logger>();
  spdlog::init_thread_pool(64 * 1024, 1);
  try {
    std::shared_ptr<spdlog::logger> log;
    if (where == "-") {
      log = spdlog::create_async_nb<spdlog::sinks::stderr_sink_mt>("access");
    } else {
      log = spdlog::create_async_nb<spdlog::sinks::basic_file_sink_mt>("access", where);
    }
    log->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z access %v");
    return log;
  } catch (const spdlog::spdlog_ex& e) {
    return absl::UnavailableError(StrCat("access log ", where, ": ", e.what()));
  }
}

int RunServe(GlobalOptions& g, const ServeOptions& opts) {
  http::ServerConfig config;
  if (auto s = http::ParseListen(opts.listen, config); !s.ok()) return Fail(s);
  config.threads = opts.threads;
  config.drain_timeout = std::chrono::seconds(opts.drain_seconds);
  config.accept_mode =
      opts.accept == "roundrobin" ? http::AcceptMode::kRoundRobin : http::AcceptMode::kReusePort;
  config.secure_cookies = opts.secure_cookies || !opts.tls_cert.empty();
  config.tls_cert_file = opts.tls_cert;
  config.tls_key_file = opts.tls_key;
  config.trusted_proxies = opts.trusted_proxies;
  config.session_cache_ttl = std::chrono::milliseconds(opts.session_cache_ms);
  config.search_cache_ttl = std::chrono::milliseconds(opts.search_cache_ms);
  config.max_upload_bytes = opts.max_upload_mib << 20;
  auto log = AccessLogger(opts.access_log);
  if (!log.ok()) return Fail(log.status());
  config.access_log = *log;

  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  // Each worker thread gets its own connection; the first reuses the one Open() checked.
  auto first = std::make_shared<std::unique_ptr<store::Store>>(std::move(o->store));
  http::AppDeps deps;
  deps.vault = o->vault.get();
  deps.ref = o->ref;
  deps.open_store = [first, db = o->db, ref = o->ref]() -> StatusOr<std::unique_ptr<store::Store>> {
    if (*first) return std::move(*first);
    return OpenStoreAt(db, *ref);
  };
  deps.open_accounts = [db = o->db] { return OpenAccountsAt(db); };
  // The simulator's practice store (docs/counting-exercise.md), on the registry's backend.
  deps.open_results = [db = o->db] { return OpenResultsAt(db); };
  // Planning (issue 4; docs/planning.md), on the registry's backend.
  deps.open_planning = [db = o->db] { return OpenPlanningAt(db); };
  // Attendance (issue 4; docs/attendance.md), on the registry's backend.
  deps.open_attendance = [db = o->db] { return OpenAttendanceAt(db); };
  // Tests (issue 5), on the registry's backend; one group-commit writer for the whole server.
  std::shared_ptr<store::AttemptWriter> attempt_writer;
  {
    auto w = OpenAttemptWriterAt(
        o->db, opts.group_commit_us < 0
                   ? std::nullopt
                   : std::optional(std::chrono::microseconds(opts.group_commit_us)));
    if (!w.ok()) return Fail(w.status());
    attempt_writer = std::move(*w);
    deps.open_tests = [db = o->db, vault = o->vault.get(), writer = attempt_writer](
                          store::Store& registry) -> StatusOr<std::unique_ptr<service::TestsOwner>> {
      auto owner = std::make_unique<service::TestsOwner>();
      ASSIGN_OR_RETURN(owner->tests, OpenTestsAt(db));
      ASSIGN_OR_RETURN(owner->bank, OpenQuestionsAt(db));
      owner->service = std::make_unique<service::Tests>(*owner->tests, *owner->bank, registry,
                                                        vault, writer.get());
      return owner;
    };
  }

  // Block the signals before the worker threads start (they inherit the mask), so that only
  // this thread receives them, in sigwait below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = http::Server::Start(std::move(config), deps, http::AppRoutes());
  if (!server.ok()) return Fail(server.status());
  std::cout << fmt::format("Bimtek listening on {}", (*server)->url()) << std::endl;
  spdlog::info("{} worker threads; store {}", (*server)->threads(), o->db);

  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("{}: draining (at most {} s)", signal == SIGTERM ? "SIGTERM" : "SIGINT",
               opts.drain_seconds);
  (*server)->Shutdown();
  (*server)->Wait();
  spdlog::info("stopped");
  spdlog::shutdown();
  return kExitOk;
}

}  // namespace

void RegisterServe(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("serve", "Run the HTTP server");
  auto opts = std::make_shared<ServeOptions>();
  cmd->add_option("--listen", opts->listen, "HOST:PORT to listen on (port 0: any free port)");
  cmd->add_option("--threads", opts->threads, "Worker threads (default: one per core)");
  cmd->add_option("--access-log", opts->access_log,
                  "Access log: - (stderr, default), off, or a file");
  cmd->add_option("--drain-seconds", opts->drain_seconds,
                  "On SIGTERM/SIGINT, how long in-flight requests may take to finish");
  cmd->add_option("--accept", opts->accept,
                  "How connections reach the threads: reuseport (default) or roundrobin")
      ->check(CLI::IsMember({"reuseport", "roundrobin"}));
  cmd->add_flag("--secure-cookies", opts->secure_cookies,
                "Mark the session cookie Secure (when clients reach the server over HTTPS)");
  cmd->add_option("--max-upload-mib", opts->max_upload_mib,
                  "Largest import upload in MiB (default 32; other bodies: 1 MiB)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--tls-cert", opts->tls_cert,
                  "Serve HTTPS with this PEM certificate chain (needs --tls-key)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", opts->tls_key, "The PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  cmd->add_option("--session-cache-ms", opts->session_cache_ms,
                  "How long a worker reuses a validated session (default 2000; 0: never)")
      ->check(CLI::Range(0, 60'000));
  cmd->add_option("--group-commit-us", opts->group_commit_us,
                  "Least time between the starts of two test-submit commits while submits keep "
                  "coming (default: SQLite 2000, PostgreSQL 0)")
      ->check(CLI::Range(0, 100'000));
  cmd->add_option("--search-cache-ms", opts->search_cache_ms,
                  "How long a worker reuses a people-search answer (default 2000; 0: never)")
      ->check(CLI::Range(0, 60'000));
  cmd->add_option("--trusted-proxy", opts->trusted_proxies,
                  "Address of a reverse proxy whose X-Forwarded-For is believed (repeatable)");
  cmd->callback([&g, opts] { g.exit_code = RunServe(g, *opts); });
}

}  // namespace bimtek::cli
