// Threads, acceptors and shutdown. Each worker thread runs its own io_context (measured here:
// about 50% more throughput than one io_context shared by the threads); connections reach the
// workers through SO_REUSEPORT acceptors or one round-robin acceptor (config.accept_mode).
#include "http/server.h"

#include <sys/socket.h>

#include <algorithm>
#include <mutex>

#include "base/strings.h"
#include "boost/asio/co_spawn.hpp"
#include "boost/asio/detached.hpp"
#include "boost/asio/redirect_error.hpp"
#include "boost/asio/use_awaitable.hpp"
#include "http/server_internal.h"
#include "spdlog/spdlog.h"

namespace bimtek::http {

using internal::ServerShared;
using internal::Worker;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

struct Server::Impl {
  ServerShared shared;
  std::vector<std::unique_ptr<Worker>> workers;
  uint16_t port = 0;
  std::once_flag joined;
};

namespace {

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

StatusOr<tcp::endpoint> Resolve(asio::io_context& ioc, const std::string& host, uint16_t port) {
  error_code ec;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port),
                                  tcp::resolver::numeric_service | tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return absl::InvalidArgumentError(
        StrCat("cannot resolve listen host ", host, ": ", ec.message()));
  }
  return results.begin()->endpoint();
}

StatusOr<tcp::acceptor> OpenAcceptor(asio::io_context& ioc, const tcp::endpoint& ep,
                                     bool reuse_port, int backlog) {
  tcp::acceptor a(ioc);
  error_code ec;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec && reuse_port) a.set_option(ReusePort(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(backlog, ec);
  if (ec) {
    return absl::UnavailableError(
        StrCat("cannot listen on ", ep.address().to_string(), ":", ep.port(), ": ", ec.message()));
  }
  return a;
}

// Over the connection cap: a short 503 written without waiting (a full socket buffer just
// drops it), then close.
void Refuse(tcp::socket& s) {
  static constexpr std::string_view k503 =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
      "Content-Length: 83\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
      R"({"error":{"code":"UNAVAILABLE","message":"too many connections; try again shortly"}})";
  error_code ec;
  s.non_blocking(true, ec);
  s.write_some(asio::buffer(k503.data(), k503.size()), ec);
  s.close(ec);
}

asio::awaitable<void> AcceptLoop(ServerShared& shared,
                                 std::vector<std::unique_ptr<Worker>>& workers, Worker& self) {
  const bool round_robin = shared.config.accept_mode == AcceptMode::kRoundRobin;
  size_t next = 0;
  for (;;) {
    Worker& target = round_robin ? *workers[next++ % workers.size()] : self;
    error_code ec;
    tcp::socket socket = co_await self.acceptor->async_accept(
        target.ioc, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !self.acceptor->is_open()) co_return;
      spdlog::warn("accept: {}", ec.message());
      // Out of file descriptors: back off instead of spinning on the same error.
      asio::steady_timer pause(self.ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (shared.connections.fetch_add(1, std::memory_order_relaxed) >=
        shared.config.max_connections) {
      shared.connections.fetch_sub(1, std::memory_order_relaxed);
      Refuse(socket);
      continue;
    }
    if (&target == &self) {
      internal::StartSession(shared, self, std::move(socket));
    } else {
      asio::post(target.ioc, [&shared, &target, s = std::move(socket)]() mutable {
        internal::StartSession(shared, target, std::move(s));
      });
    }
  }
}

// A TLS server context over the PEM files of config (TLS 1.2 and later). InvalidArgument naming
// the file that cannot be used.
StatusOr<std::unique_ptr<asio::ssl::context>> TlsContext(const ServerConfig& cfg) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  error_code ec;
  ctx->use_certificate_chain_file(cfg.tls_cert_file, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        StrCat("TLS certificate ", cfg.tls_cert_file, ": ", ec.message()));
  }
  ctx->use_private_key_file(cfg.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) {
    return absl::InvalidArgumentError(StrCat("TLS key ", cfg.tls_key_file, ": ", ec.message(),
                                             "; it must be the unencrypted PEM private key of ",
                                             cfg.tls_cert_file));
  }
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    return absl::InvalidArgumentError(StrCat("TLS key ", cfg.tls_key_file,
                                             " does not belong to the certificate ",
                                             cfg.tls_cert_file));
  }
  return ctx;
}

// On w's thread: stop accepting, close idle connections, bound the wait for the others.
void BeginDrain(ServerShared& shared, Worker& w) {
  if (w.acceptor) {
    error_code ec;
    w.acceptor->close(ec);
  }
  internal::CloseIdleSessions(w);
  if (w.sessions.empty()) return;
  w.drain_timer.emplace(w.ioc, shared.config.drain_timeout);
  w.drain_timer->async_wait([&w](const error_code& ec) {
    if (!ec) internal::CloseAllSessions(w);
  });
}

void RunWorker(Worker& w) {
  for (;;) {
    try {
      w.ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("worker thread: {}", e.what());
    }
  }
}

}  // namespace

namespace internal {

std::string ClientAddress(const ServerShared& shared, const asio::ip::address& peer,
                          std::string_view forwarded_for) {
  auto trusted = [&](const asio::ip::address& a) {
    return std::find(shared.trusted_proxies.begin(), shared.trusted_proxies.end(), a) !=
           shared.trusted_proxies.end();
  };
  asio::ip::address client = peer;
  if (!trusted(peer)) return client.to_string();
  // "client, proxy1, proxy2": walk from the right while the hops are our own proxies.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const size_t comma = rest.rfind(',');
    const std::string_view hop =
        Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    error_code ec;
    const auto a = asio::ip::make_address(std::string(hop), ec);
    if (ec) break;  // malformed: keep the last address we could believe
    client = a;
    if (!trusted(a)) break;
  }
  return client.to_string();
}

}  // namespace internal

StatusOr<std::unique_ptr<Server>> Server::Start(ServerConfig config, const AppDeps& deps,
                                                std::vector<Route> routes) {
  auto impl = std::make_unique<Impl>();
  ServerShared& shared = impl->shared;
  shared.config = std::move(config);
  const ServerConfig& cfg = shared.config;
  for (const Route& r : routes) shared.route_labels.push_back(StrCat(r.method, " ", r.pattern));
  shared.route_labels.push_back("unmatched");
  ASSIGN_OR_RETURN(shared.router, Router::Build(std::move(routes)));
  if (cfg.tls_cert_file.empty() != cfg.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs both a certificate file and a key file (--tls-cert and --tls-key)");
  }
  for (const std::string& p : cfg.trusted_proxies) {
    error_code ec;
    const auto a = asio::ip::make_address(p, ec);
    if (ec) {
      return absl::InvalidArgumentError(
          StrCat("trusted proxy ", p, ": not an IP address like 127.0.0.1 or ::1"));
    }
    shared.trusted_proxies.push_back(a);
  }
  const size_t route_count = shared.router.routes().size();

  int threads = cfg.threads;
  if (threads <= 0) threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<const Metrics*> all_metrics;
  for (int i = 0; i < threads; ++i) {
    auto w = std::make_unique<Worker>();
    ASSIGN_OR_RETURN(auto store, deps.open_store());
    std::unique_ptr<store::AccountStore> accounts;
    if (deps.open_accounts) {
      ASSIGN_OR_RETURN(accounts, deps.open_accounts());
    }
    w->ctx = std::make_unique<WorkerContext>(i, std::move(store), deps, cfg, route_count,
                                             std::move(accounts));
    all_metrics.push_back(&w->ctx->metrics());
    if (!cfg.tls_cert_file.empty()) {
      ASSIGN_OR_RETURN(w->tls, TlsContext(cfg));  // one per worker: no locks shared across threads
    }
    impl->workers.push_back(std::move(w));
  }
  for (auto& w : impl->workers) {
    w->ctx->render_metrics = [&shared, all_metrics] {
      return RenderMetrics(all_metrics, shared.route_labels,
                           shared.connections.load(std::memory_order_relaxed));
    };
  }

  ASSIGN_OR_RETURN(tcp::endpoint ep, Resolve(impl->workers[0]->ioc, cfg.host, cfg.port));
  const bool reuse_port = cfg.accept_mode == AcceptMode::kReusePort;
  for (size_t i = 0; i < impl->workers.size(); ++i) {
    if (i > 0 && !reuse_port) break;
    Worker& w = *impl->workers[i];
    ASSIGN_OR_RETURN(tcp::acceptor a, OpenAcceptor(w.ioc, ep, reuse_port, cfg.backlog));
    if (i == 0) ep.port(a.local_endpoint().port());  // port 0: the others bind the real port
    w.acceptor.emplace(std::move(a));
  }
  impl->port = ep.port();

  for (auto& w : impl->workers) {
    if (w->acceptor) {
      asio::co_spawn(w->ioc, AcceptLoop(shared, impl->workers, *w), asio::detached);
    }
  }
  for (auto& w : impl->workers) {
    Worker* wp = w.get();
    // Keeps an acceptor-less worker (round-robin mode) alive until shutdown.
    wp->drain_timer.emplace(wp->ioc, std::chrono::steady_clock::time_point::max());
    wp->drain_timer->async_wait([](const error_code&) {});
    wp->thread = std::thread([wp] { RunWorker(*wp); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  Shutdown();
  Wait();
}

uint16_t Server::port() const { return impl_->port; }

std::string Server::url() const {
  const std::string& host = impl_->shared.config.host;
  const bool v6 = host.find(':') != std::string::npos;
  const bool tls = !impl_->shared.config.tls_cert_file.empty();
  return StrCat(tls ? "https://" : "http://", v6 ? "[" : "", host, v6 ? "]" : "", ":", impl_->port);
}

int Server::threads() const { return static_cast<int>(impl_->workers.size()); }

void Server::Shutdown() {
  if (impl_->shared.draining.exchange(true)) return;
  for (auto& w : impl_->workers) {
    Worker* wp = w.get();
    asio::post(wp->ioc, [this, wp] {
      if (wp->drain_timer) wp->drain_timer->cancel();  // the keep-alive timer of Start
      BeginDrain(impl_->shared, *wp);
    });
  }
}

void Server::Wait() {
  std::call_once(impl_->joined, [this] {
    for (auto& w : impl_->workers) {
      if (w->thread.joinable()) w->thread.join();
    }
  });
}

}  // namespace bimtek::http
