// The server's configuration: where it listens, how many threads, and every limit and timeout
// of a connection, each with its documented default (docs/http.md lists them all).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "service/auth.h"

namespace spdlog {
class logger;
}

namespace bimtek::http {

// How accepted connections reach the worker threads.
enum class AcceptMode {
  kReusePort,   // one SO_REUSEPORT acceptor per worker; the kernel spreads connections
  kRoundRobin,  // one acceptor on worker 0 hands sockets to the workers in turn
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (Server::port() tells which)
  int threads = 0;       // worker threads, each with its own io_context; 0: one per core
  AcceptMode accept_mode = AcceptMode::kReusePort;
  int backlog = 4096;  // listen(2) backlog (the kernel caps it at net.core.somaxconn)

  size_t max_body_bytes = 1 << 20;                  // larger body -> 413
  size_t max_upload_bytes = 32 << 20;               // the same for upload routes (imports)
  int64_t max_export_rows = 200'000;  // web exports are built in memory; larger -> use the CLI
  // Where /impor keeps an upload between its dry run and its commit ("": DefaultUploadDir(),
  // $TMPDIR/bimtek-uploads-UID), and for how long.
  std::string upload_dir;
  std::chrono::seconds upload_ttl{30 * 60};
  size_t max_header_bytes = 16 << 10;               // request line + headers; larger -> 431
  std::chrono::milliseconds read_timeout{15'000};   // to receive a request's header, then its body
  std::chrono::milliseconds idle_timeout{60'000};   // kept-alive connection waiting for a request
  std::chrono::milliseconds write_timeout{30'000};  // to send a response
  int max_connections = 20'000;  // open connections over all workers; beyond -> 503 and close
  std::chrono::milliseconds drain_timeout{10'000};  // shutdown: in-flight requests get this long

  // Region summaries are cached per worker this long (0 disables); see docs/http.md.
  std::chrono::milliseconds summary_cache_ttl{1'000};
  // People-search answers (GET /api/v1/people) are cached per worker this long (0 disables),
  // keyed by the canonical search and this process's registry write count: a write made by
  // this process shows at once, one made by another process within this time (docs/http.md).
  std::chrono::milliseconds search_cache_ttl{2'000};
  // Validated sessions are cached per worker this long (0 disables): the longest a logout on
  // another worker or process, or a deactivated account, can go unseen (docs/http.md).
  std::chrono::milliseconds session_cache_ttl{2'000};

  // HTTPS: both set -> the server speaks TLS itself (PEM files: the certificate chain, leaf
  // first, and its private key); both empty -> plain HTTP (docs/operations.md).
  std::string tls_cert_file;
  std::string tls_key_file;
  // Addresses of reverse proxies (nginx) whose X-Forwarded-For header is believed: the client
  // address (rate limits, access log) is then the rightmost address in it that is not one of
  // these. Empty: the header is ignored and the peer's address is the client's.
  std::vector<std::string> trusted_proxies;

  // Accounts and login (docs/accounts.md): limits, lock-outs, session length.
  service::AuthConfig auth;
  // The session cookie: Secure when the server is reached over TLS (directly or behind a proxy);
  // SameSite=Strict instead of Lax (Strict drops the session when a link from another site opens
  // Bimtek, such as a link in a chat message).
  bool secure_cookies = false;
  bool same_site_strict = false;

  // One line per request (method, path, status, bytes, µs); null: no access log.
  std::shared_ptr<spdlog::logger> access_log;
};

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:0", "0.0.0.0:80") into config.host and
// config.port. InvalidArgument naming the text when it is not of that form.
Status ParseListen(std::string_view text, ServerConfig& config);

}  // namespace bimtek::http
