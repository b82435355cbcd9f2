// One client connection, as a coroutine: read a request within the limits, route it, write the
// response, keep the connection alive or close it. The handler never sees the socket.
#include <chrono>
#include <utility>  // before Boost: Asio 1.18's awaitable.hpp uses std::exchange

#include "base/strings.h"
#include "boost/asio/redirect_error.hpp"
#include "boost/asio/use_awaitable.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "http/server_internal.h"
#include "spdlog/spdlog.h"

namespace bimtek::http::internal {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

std::string_view Sv(beast::string_view s) { return {s.data(), s.size()}; }

// The path for the access log: query values can hold personal data (a name searched), so only
// the parameter names are kept: "/api/v1/people?q=&page=".
std::string LoggedPath(std::string_view path, std::string_view query) {
  std::string out(path);
  if (query.empty()) return out;
  out += '?';
  for (std::string_view part : Split(query, '&')) {
    if (out.back() != '?') out += '&';
    out += part.substr(0, part.find('='));
    out += '=';
  }
  return out;
}

// The status of a request that could not be read; 0 when the connection just ends (end of
// stream, reset, timeout, shutdown) and no answer is due.
unsigned StatusOfReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) return 400;
  return 0;
}

}  // namespace

class Session {
 public:
  Session(ServerShared& shared, Worker& w, tcp::socket socket)
      : shared_(shared), worker_(w), stream_(std::move(socket)) {
    beast::error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
    worker_.sessions.insert(this);
  }
  ~Session() {
    worker_.sessions.erase(this);
    shared_.connections.fetch_sub(1, std::memory_order_relaxed);
    if (shared_.draining.load() && worker_.sessions.empty() && worker_.drain_timer) {
      worker_.drain_timer->cancel();  // nothing left to wait for
    }
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  bool idle() const { return idle_; }
  void Close() {
    beast::error_code ec;
    stream_.socket().close(ec);
  }

  asio::awaitable<void> Run();

 private:
  Response Handle(bhttp::request<bhttp::string_body>& msg, size_t& route);
  asio::awaitable<void> Write(Response res, unsigned version, bool keep_alive,
                              beast::error_code& ec);
  asio::awaitable<void> LingeringClose();

  ServerShared& shared_;
  Worker& worker_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_;
  bool idle_ = true;  // waiting for (the header of) the next request
};

asio::awaitable<void> Session::Run() {
  const ServerConfig& cfg = shared_.config;
  Metrics& metrics = worker_.ctx->metrics();
  const size_t unmatched = shared_.router.routes().size();
  bool first = true;
  for (;;) {
    idle_ = true;
    if (shared_.draining.load(std::memory_order_relaxed)) break;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(cfg.max_header_bytes));
    parser.body_limit(cfg.max_body_bytes);
    beast::error_code ec;
    stream_.expires_after(first ? cfg.read_timeout : cfg.idle_timeout);
    co_await bhttp::async_read_header(stream_, buffer_, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    first = false;
    idle_ = false;
    const auto start = Clock::now();
    metrics.InFlight(+1);
    if (!ec && !parser.is_done()) {
      stream_.expires_after(cfg.read_timeout);
      co_await bhttp::async_read(stream_, buffer_, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    size_t route = unmatched;
    Response res;
    bool keep_alive = false;
    unsigned version = 11;
    if (ec) {
      const unsigned status = StatusOfReadError(ec);
      if (status == 0) {
        metrics.InFlight(-1);
        break;
      }
      // The target is known once the request line is read, even when a header failed.
      const bool api = Sv(parser.get().target()).starts_with("/api/");
      res = ErrorResponse(
          api, status,
          status == 413
              ? StrCat("the body is larger than the limit of ", cfg.max_body_bytes, " bytes")
          : status == 431 ? StrCat("the request header is larger than the limit of ",
                                   cfg.max_header_bytes, " bytes")
                          : StrCat("malformed request: ", ec.message()));
    } else {
      res = Handle(parser.get(), route);
      keep_alive = parser.get().keep_alive() && !shared_.draining.load(std::memory_order_relaxed);
      version = parser.get().version();
    }
    const unsigned status = res.status;
    const size_t bytes = res.body.size();
    beast::error_code wec;
    co_await Write(std::move(res), version, keep_alive, wec);
    const auto micros = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
    metrics.Record(route, status, micros);
    metrics.InFlight(-1);
    if (cfg.access_log) {
      const auto& m = parser.get();
      const std::string_view target = Sv(m.target());
      const size_t q = target.find('?');
      cfg.access_log->info(
          "{} {} {} {} {}us", Sv(m.method_string()),
          LoggedPath(target.substr(0, q),
                     q == std::string_view::npos ? std::string_view() : target.substr(q + 1)),
          status, bytes, micros);
    }
    if (wec) co_return;
    if (ec) {  // the rest of the request is unread: let the client read the answer first
      co_await LingeringClose();
      co_return;
    }
    if (!keep_alive) break;
  }
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

Response Session::Handle(bhttp::request<bhttp::string_body>& msg, size_t& route) {
  Request req;
  req.method = Sv(msg.method_string());
  const std::string_view target = Sv(msg.target());
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string_view::npos) req.query = target.substr(q + 1);
  req.body = msg.body();
  req.remote_address = remote_;
  req.worker = worker_.ctx.get();
  for (const auto& f : msg) req.headers.emplace_back(Sv(f.name_string()), Sv(f.value()));

  const Router::Match m = shared_.router.Find(req.method, req.path, req.params);
  if (m.route < 0) {
    if (m.path_matched) {
      Response r = ErrorResponse(req.IsApi(), 405,
                                 StrCat(req.method, " is not allowed here; use ", m.allow));
      r.headers.emplace_back("Allow", m.allow);
      return r;
    }
    return ErrorResponse(req.IsApi(), 404, StrCat("no page or resource at ", req.path));
  }
  route = static_cast<size_t>(m.route);
  try {
    return shared_.router.Dispatch(m.route, req);
  } catch (const std::exception& e) {
    return ErrorResponse(req, absl::InternalError(StrCat("handler threw: ", e.what())));
  }
}

asio::awaitable<void> Session::Write(Response r, unsigned version, bool keep_alive,
                                     beast::error_code& ec) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::content_type, r.content_type);
  // Security headers on every response, errors included.
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
  res.set("Referrer-Policy", "same-origin");
  for (auto& [name, value] : r.headers) res.insert(name, value);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  stream_.expires_after(shared_.config.write_timeout);
  co_await bhttp::async_write(stream_, res, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> Session::LingeringClose() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::min(shared_.config.read_timeout, std::chrono::milliseconds(2'000)));
  char scratch[16 << 10];
  size_t discarded = 0;
  // Bounded in time (above) and in bytes (a client may not pour unlimited data into us).
  while (!ec && discarded < 4 * shared_.config.max_body_bytes) {
    discarded += co_await stream_.async_read_some(asio::buffer(scratch),
                                                  asio::redirect_error(asio::use_awaitable, ec));
  }
}

namespace {

asio::awaitable<void> RunSession(std::unique_ptr<Session> s) { co_await s->Run(); }

}  // namespace

void StartSession(ServerShared& shared, Worker& w, tcp::socket socket) {
  if (shared.draining.load()) {
    beast::error_code ec;
    socket.close(ec);
    shared.connections.fetch_sub(1, std::memory_order_relaxed);
    return;
  }
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  asio::co_spawn(w.ioc, RunSession(std::make_unique<Session>(shared, w, std::move(socket))),
                 asio::detached);
}

void CloseIdleSessions(Worker& w) {
  for (Session* s : w.sessions) {
    if (s->idle()) s->Close();
  }
}

void CloseAllSessions(Worker& w) {
  for (Session* s : w.sessions) s->Close();
}

}  // namespace bimtek::http::internal
