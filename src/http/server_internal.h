// Shared between server.cc (threads, acceptors, shutdown) and session.cc (one connection):
// the server-wide state and a worker thread's state. Not for use outside src/http/.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>  // before Boost: Asio 1.18's awaitable.hpp uses std::exchange
#include <vector>

#include "boost/asio.hpp"
#include "boost/asio/ssl/context.hpp"
#include "http/config.h"
#include "http/context.h"
#include "http/router.h"

namespace bimtek::http::internal {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Session;

// Read by every worker; written only before the threads start, except the atomics.
struct ServerShared {
  ServerConfig config;
  Router router;
  std::vector<std::string> route_labels;  // "GET /healthz", …, "unmatched"
  std::vector<asio::ip::address> trusted_proxies;  // config.trusted_proxies, parsed
  std::atomic<int64_t> connections{0};
  std::atomic<bool> draining{false};
};

// One thread's world. Everything but the io_context is touched only from that thread.
struct Worker {
  asio::io_context ioc{1};
  std::unique_ptr<WorkerContext> ctx;
  std::unique_ptr<asio::ssl::context> tls;  // null: plain HTTP
  std::optional<tcp::acceptor> acceptor;
  std::unordered_set<Session*> sessions;
  std::optional<asio::steady_timer> drain_timer;
  std::thread thread;
};

// Serves `socket` on worker `w` until the client or the server ends it. Call on w's thread;
// the connection is already counted in shared.connections (the session uncounts it).
void StartSession(ServerShared& shared, Worker& w, tcp::socket socket);
// The client's address for a request that came from `peer`: when peer is a trusted proxy, the
// rightmost address of the X-Forwarded-For value `forwarded_for` that is not a trusted proxy
// (the proxy appends the address it saw); else, or when the header is absent or malformed,
// peer itself.
std::string ClientAddress(const ServerShared& shared, const asio::ip::address& peer,
                          std::string_view forwarded_for);
// On w's thread, when shutdown begins: closes the connections waiting for a request.
void CloseIdleSessions(Worker& w);
// On w's thread, when the drain time is over: closes every connection.
void CloseAllSessions(Worker& w);

}  // namespace bimtek::http::internal
