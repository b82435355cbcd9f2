// One client connection, as a coroutine: read a request within the limits, route it, write the
// response, keep the connection alive or close it. The handler never sees the socket.
#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>  // before Boost: Asio 1.18's awaitable.hpp uses std::exchange

#include "base/strings.h"
#include "boost/asio/post.hpp"
#include "boost/asio/redirect_error.hpp"
#include "boost/asio/write.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/asio/this_coro.hpp"
#include "boost/asio/use_awaitable.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "http/server_internal.h"
#include "http/server_stream.h"
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
      : shared_(shared), worker_(w), stream_(std::move(socket), w.tls.get()) {
    beast::error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      peer_ = ep.address();
      remote_ = peer_.to_string();
    }
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
  // The body limit of the route `msg` goes to: max_upload_bytes for upload routes.
  size_t BodyLimitOf(const bhttp::request<bhttp::string_body>& msg) const;
  asio::awaitable<void> Write(Response res, unsigned version, bool keep_alive,
                              beast::error_code& ec);
  asio::awaitable<void> LingeringClose();
  // Waits, without blocking the worker, for the final response of a deferred one (res.later).
  asio::awaitable<void> AwaitLater(Response& res);

  ServerShared& shared_;
  Worker& worker_;
  ServerStream stream_;
  beast::flat_buffer buffer_;
  asio::ip::address peer_;
  std::string remote_;  // peer_ as text
  std::string client_;  // the current request's client: remote_, or from a trusted proxy's header
  std::string head_;    // the response head being written (reused)
  decltype(Request::later) later_;  // the request's, when deferred
  bool idle_ = true;  // waiting for (the header of) the next request
};

asio::awaitable<void> Session::Run() {
  const ServerConfig& cfg = shared_.config;
  Metrics& metrics = worker_.ctx->metrics();
  const size_t unmatched = shared_.router.routes().size();
  bool first = true;
  {
    beast::error_code ec;
    co_await stream_.Handshake(cfg.read_timeout, ec);  // TLS only
    if (ec) co_return;
  }
  for (;;) {
    idle_ = true;
    if (shared_.draining.load(std::memory_order_relaxed)) break;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(cfg.max_header_bytes));
    // The header is read under the largest limit; the route's own limit applies to the body.
    parser.body_limit(std::max(cfg.max_body_bytes, cfg.max_upload_bytes));
    beast::error_code ec;
    stream_.expires_after(first ? cfg.read_timeout : cfg.idle_timeout);
    co_await bhttp::async_read_header(stream_, buffer_, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    first = false;
    idle_ = false;
    const auto start = Clock::now();
    metrics.InFlight(+1);
    size_t body_limit = cfg.max_body_bytes;
    // The request line is parsed even when the header failed on a Content-Length over the
    // largest limit: the message names the route's own limit.
    if (!ec || ec == bhttp::error::body_limit) body_limit = BodyLimitOf(parser.get());
    if (!ec) {
      if (parser.content_length() && *parser.content_length() > body_limit) {
        ec = bhttp::error::body_limit;  // answered at once, without reading the body
      } else {
        parser.body_limit(body_limit);
      }
    }
    if (!ec && !parser.is_done()) {
      stream_.expires_after(cfg.read_timeout);
      co_await bhttp::async_read(stream_, buffer_, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    client_ = remote_;
    if (!ec && !shared_.trusted_proxies.empty()) {
      const auto& fields = parser.get();
      if (auto it = fields.find("X-Forwarded-For"); it != fields.end()) {
        client_ = ClientAddress(shared_, peer_, Sv(it->value()));
      }
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
              ? StrCat("the body is larger than the limit of ", body_limit, " bytes")
          : status == 431 ? StrCat("the request header is larger than the limit of ",
                                   cfg.max_header_bytes, " bytes")
                          : StrCat("malformed request: ", ec.message()));
    } else {
      res = Handle(parser.get(), route);
      if (later_) co_await AwaitLater(res);
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
          "{} {} {} {} {} {}us", client_, Sv(m.method_string()),
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
  co_await stream_.ShutdownSend(std::min(cfg.write_timeout, std::chrono::milliseconds(2'000)));
}

size_t Session::BodyLimitOf(const bhttp::request<bhttp::string_body>& msg) const {
  const std::string_view target = Sv(msg.target());
  std::vector<std::pair<std::string_view, std::string_view>> params;
  const Router::Match m =
      shared_.router.Find(Sv(msg.method_string()), target.substr(0, target.find('?')), params);
  if (m.route >= 0 && shared_.router.routes()[static_cast<size_t>(m.route)].upload) {
    return shared_.config.max_upload_bytes;
  }
  return shared_.config.max_body_bytes;
}

Response Session::Handle(bhttp::request<bhttp::string_body>& msg, size_t& route) {
  Request req;
  req.method = Sv(msg.method_string());
  const std::string_view target = Sv(msg.target());
  const size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string_view::npos) req.query = target.substr(q + 1);
  req.body = msg.body();
  req.remote_address = client_;
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
    Response r = shared_.router.Dispatch(m.route, req);
    later_ = std::move(req.later);
    return r;
  } catch (const std::exception& e) {
    return ErrorResponse(req, absl::InternalError(StrCat("handler threw: ", e.what())));
  }
}

namespace {

// A header name or value as written: CR and LF (which would end the header early) become spaces.
void AppendField(std::string& out, std::string_view v) {
  for (char c : v) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
}

}  // namespace

asio::awaitable<void> Session::Write(Response r, unsigned version, bool keep_alive,
                                     beast::error_code& ec) {
  // The head is written by hand into one reused buffer and sent with the body in one gathered
  // write: Beast's fields container allocated a node per header and its serializer walked them,
  // a measurable share of a small answer's cost at 1,000 connections.
  std::string& h = head_;
  h.clear();
  h += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  h += std::to_string(r.status);
  h += ' ';
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
  h.append(reason.data(), reason.size());
  h += "\r\nContent-Type: ";
  AppendField(h, r.content_type);
  // Security headers on every response, errors included.
  h += "\r\nX-Content-Type-Options: nosniff\r\n"
       "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\n"
       "Referrer-Policy: same-origin\r\n";
  for (const auto& [name, value] : r.headers) {
    AppendField(h, name);
    h += ": ";
    AppendField(h, value);
    h += "\r\n";
  }
  // 1xx, 204 and 304 carry no body (RFC 9110 §6.4.1).
  const bool bodyless = r.status / 100 == 1 || r.status == 204 || r.status == 304;
  if (!bodyless) {
    h += "Content-Length: ";
    h += std::to_string(r.body.size());
    h += "\r\n";
  }
  if (version == 10) {
    if (keep_alive) h += "Connection: keep-alive\r\n";
  } else if (!keep_alive) {
    h += "Connection: close\r\n";
  }
  h += "\r\n";
  const std::array<asio::const_buffer, 2> bufs{
      asio::buffer(h), bodyless ? asio::const_buffer() : asio::buffer(r.body)};
  stream_.expires_after(shared_.config.write_timeout);
  co_await asio::async_write(stream_, bufs, asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> Session::AwaitLater(Response& res) {
  // The maker is handed back on this worker's thread (post), where it wakes the timer; the state
  // is shared so that an answer arriving after the time-out touches nothing freed.
  struct State {
    explicit State(asio::any_io_executor e) : timer(e) {}
    asio::steady_timer timer;
    Request::MakeResponse make;
  };
  auto exec = co_await asio::this_coro::executor;
  auto st = std::make_shared<State>(exec);
  st->timer.expires_after(std::chrono::seconds(60));
  auto later = std::move(later_);
  later_ = nullptr;
  later([st, exec](Request::MakeResponse make) {
    asio::post(exec, [st, make = std::move(make)]() mutable {
      st->make = std::move(make);
      st->timer.cancel();
    });
  });
  beast::error_code ec;
  co_await st->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (st->make) {
    res = st->make();
  } else {
    res = ErrorResponse(true, 503, "the answer did not come in time; send it again");
  }
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
