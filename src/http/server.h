// The HTTP/1.1 server: worker threads each running their own io_context (with their own store
// connection, metrics and caches), keep-alive connections bounded by the limits of
// ServerConfig, and a graceful shutdown. Boost stays inside server.cc and session.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "http/config.h"
#include "http/context.h"
#include "http/router.h"

namespace bimtek::http {

class Server {
 public:
  // Binds config.host:config.port, opens one store per worker through deps.open_store, and starts
  // serving `routes` on config.threads threads. `deps`' vault and reference must outlive the
  // server. Errors: InvalidArgument for a bad host or route table; Unavailable when the address
  // cannot be bound; the store's error when a store cannot be opened.
  static StatusOr<std::unique_ptr<Server>> Start(ServerConfig config, const AppDeps& deps,
                                                 std::vector<Route> routes);
  // Shuts down (if not yet) and waits for the threads.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;    // the bound port (the real one when config.port was 0)
  std::string url() const;  // "http://127.0.0.1:8080"
  int threads() const;

  // Stops accepting, closes connections that wait for a request, lets requests already being
  // read or handled finish (answered with Connection: close), and closes what is left after
  // config.drain_timeout. Returns at once; thread-safe; later calls do nothing.
  void Shutdown();
  // Blocks until every worker thread has finished (that is, after Shutdown and the drain).
  void Wait();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bimtek::http
