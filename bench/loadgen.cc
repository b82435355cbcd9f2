// HTTP/1.1 load client of bench/tests_load.sh (issue 5 (c) and (d)): many keep-alive
// connections driven by plain Asio callbacks on one io_context per thread, every request built
// before the clock starts, every latency sample kept. Closed loop by default; open loop with
// --rate, where latency counts from the request's scheduled time (coordinated omission
// corrected, as wrk2 does). Submit mode records the acknowledged attempt ids for the kill test.
//
// Usage: loadgen --url http://127.0.0.1:PORT --mode ping|fetch|submit [--test ID] [--prep FILE]
//          [--connections 1000] [--duration 10] [--threads 1] [--rate R] [--timeout 10]
//          [--ack-file FILE] [--path /api/v1/ping]
// The prep file is tests_load_prep's: one line per participant "TOKEN<TAB>CSRF<TAB>BODY".
// Prints a few human lines and one machine line of key=value fields starting with "LOADGEN "
// (mode conns secs requests rps p50_ms p90_ms p99_ms p999_ms max_ms status_2xx non2xx errors
// acked dups exhausted connect_ms, then connect_failed timeouts failed reconnects
// connect_errors). requests counts complete responses; a request still in flight when the run
// ends is not counted. Exit status 1 when no connection could be opened, 2 on bad options.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>  // before Boost: Asio 1.18's awaitable.hpp uses std::exchange
#include <vector>

#include "CLI/CLI.hpp"
#include "boost/asio.hpp"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

enum class Mode { kPing, kFetch, kSubmit };

struct Options {
  std::string url;
  std::string mode = "ping";
  int64_t test = 0;
  std::string prep;
  int connections = 1000;
  double duration = 10;
  int threads = 1;
  double rate = 0;
  double timeout = 10;
  std::string ack_file;
  std::string path = "/api/v1/ping";
};

constexpr size_t kReadBuffer = 16 * 1024;  // per connection; bodies stream through it
constexpr size_t kKeepBody = 4096;         // body bytes kept to classify a submit answer
constexpr int kConnectTries = 6;           // first connects: refused/reset are retried
constexpr size_t kShowFailures = 5;

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool IContains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (IEquals(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Everything shared by all threads; read-only once the run starts, but for the atomics.
struct Shared {
  Mode mode = Mode::kPing;
  std::vector<std::string> requests;  // one per participant (ping: one)
  tcp::endpoint endpoint;
  int connections = 0;
  Clock::duration timeout{};
  Clock::duration run_for{};
  double rate = 0;
  Clock::duration interval{};  // open loop: between two requests of one connection
  std::atomic<uint64_t> next_participant{0};
  std::atomic<bool> exhausted{false};
  Clock::time_point t0{};
  Clock::time_point deadline{};
  std::mutex failures_mu;
  std::vector<std::string> failures;  // the first few failing answers, for the output
  std::atomic<uint64_t> failures_seen{0};
};

struct ThreadStats {
  std::vector<uint32_t> latency_us;
  std::vector<int64_t> acked_ids;
  uint64_t status_2xx = 0, non2xx = 0, errors = 0, timeouts = 0, acked = 0, dups = 0, failed = 0,
           reconnects = 0, connect_errors = 0;
  // Connect phase.
  uint64_t connected = 0, connect_failed = 0, connect_retries = 0;
  Clock::time_point connect_done{};
  Clock::time_point last_done{};
};

class Worker;

// One connection: at most one operation outstanding (connect, timer, write or read), so a
// completion never races another of the same connection.
class Conn {
 public:
  Conn(Worker& w, asio::io_context& io, int index)
      : w_(w), socket_(io), timer_(io), index_(index), buf_(new char[kReadBuffer]) {}

  void StartConnect();  // connect phase
  void StartRun();      // measured phase
  void Stop();          // deadline or signal
  void CheckTimeout(Clock::time_point now);
  bool active() const { return !done_; }
  uint64_t completed() const { return completed_; }
  bool took_part() const { return took_part_; }

 private:
  enum class Parse { kHead, kBody, kChunkSize, kChunkData, kChunkCrlf, kTrailer };
  enum class Result { kMore, kDone, kError };

  void Connect(bool first);
  void OnConnect(bool first, const error_code& ec);
  void Reconnect();
  void Next();
  void Send();
  void Read();
  void OnRead(const error_code& ec, size_t n);
  Result Consume();
  void Completed();
  void Fail(const char* what);
  void Finish();
  bool Stopping() const;

  Worker& w_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  int index_;
  uint64_t completed_ = 0;
  bool took_part_ = false;
  std::unique_ptr<char[]> buf_;
  size_t pos_ = 0, len_ = 0;
  bool done_ = false;
  bool busy_ = false;  // a request (or connect) is in flight and its timeout runs
  bool timed_out_ = false;
  int tries_ = 0;
  Clock::duration backoff_{};
  Clock::time_point started_{};  // when the in-flight operation began (timeout)
  Clock::time_point sched_{};    // latency origin: send time, or the schedule (open loop)
  bool have_sched_ = false;
  const std::string* req_ = nullptr;
  // Response parse state.
  Parse state_ = Parse::kHead;
  int status_ = 0;
  bool close_after_ = false;
  size_t remaining_ = 0;
  std::string body_;
  bool keep_body_ = false;
};

class Worker {
 public:
  Worker(Shared& s, int id, int nthreads) : s_(s), sweep_(io_), deadline_(io_) {
    for (int i = id; i < s.connections; i += nthreads) {
      conns_.push_back(std::make_unique<Conn>(*this, io_, i));
    }
    stats_.latency_us.reserve(1 << 20);
  }

  void ConnectPhase() {
    for (auto& c : conns_) c->StartConnect();
    Sweep();
    io_.run();
    io_.restart();
    stats_.connect_done = Clock::now();
  }

  void RunPhase() {
    phase_run_ = true;
    active_ = 0;
    for (auto& c : conns_) {
      if (c->active()) ++active_;
    }
    // Armed first: if every connection runs out of participants at once, StopAll cancels them.
    deadline_.expires_at(s_.deadline);
    deadline_.async_wait([this](const error_code& ec) {
      if (!ec) StopAll();
    });
    Sweep();
    if (active_ == 0) StopAll();
    for (auto& c : conns_) {
      if (c->active()) c->StartRun();
    }
    io_.run();
    if (stats_.last_done == Clock::time_point{}) stats_.last_done = Clock::now();
  }

  // Thread-safe: stops this worker's run from any thread (a signal).
  void RequestStop() {
    asio::post(io_, [this] { StopAll(); });
  }

  void ConnDone() {
    if (--active_ == 0 && !stopping_) {
      stats_.last_done = Clock::now();
      StopAll();
    }
  }

  // Fairness: the fewest and most responses of one connection that took part in the run.
  void PerConn(uint64_t* lo, uint64_t* hi) const {
    for (const auto& c : conns_) {
      if (!c->took_part()) continue;
      *lo = std::min(*lo, c->completed());
      *hi = std::max(*hi, c->completed());
    }
  }

  Shared& shared() { return s_; }
  ThreadStats& stats() { return stats_; }
  bool stopping() const { return stopping_; }
  int pending_connects = 0;

 private:
  void StopAll() {
    if (stopping_) return;
    stopping_ = true;
    if (stats_.last_done == Clock::time_point{}) stats_.last_done = Clock::now();
    sweep_.cancel();
    deadline_.cancel();
    for (auto& c : conns_) c->Stop();
  }

  // One timer per thread checks the timeouts of all connections (cheaper than a timer each).
  void Sweep() {
    auto step = std::min<Clock::duration>(s_.timeout / 10, std::chrono::milliseconds(100));
    sweep_.expires_after(step);
    sweep_.async_wait([this](const error_code& ec) {
      if (ec || stopping_) return;
      const auto now = Clock::now();
      bool any = false;
      for (auto& c : conns_) {
        c->CheckTimeout(now);
        any = any || c->active();
      }
      if (any && (pending_connects > 0 || phase_run_)) Sweep();
    });
  }

 private:
  Shared& s_;
  asio::io_context io_{1};
  asio::steady_timer sweep_;
  asio::steady_timer deadline_;
  std::vector<std::unique_ptr<Conn>> conns_;
  ThreadStats stats_;
  int active_ = 0;
  bool stopping_ = false;
  bool phase_run_ = false;
};

bool Conn::Stopping() const { return w_.stopping(); }

void Conn::StartConnect() {
  ++w_.pending_connects;
  Connect(true);
}

void Conn::Connect(bool first) {
  busy_ = true;
  timed_out_ = false;
  started_ = Clock::now();
  socket_.async_connect(w_.shared().endpoint,
                        [this, first](const error_code& ec) { OnConnect(first, ec); });
}

void Conn::OnConnect(bool first, const error_code& ec) {
  busy_ = false;
  auto& st = w_.stats();
  if (first) {
    if (!ec) {
      socket_.set_option(tcp::no_delay(true));
      ++st.connected;
      --w_.pending_connects;
      return;
    }
    error_code ignored;
    socket_.close(ignored);
    const bool retry = ec == asio::error::connection_refused ||
                       ec == asio::error::connection_reset || timed_out_ ||
                       ec == asio::error::try_again;
    if (retry && ++tries_ < kConnectTries) {
      ++st.connect_retries;
      timer_.expires_after(std::chrono::milliseconds(20) * (1 << tries_));
      timer_.async_wait([this](const error_code& e) {
        if (!e)
          Connect(true);
        else
          --w_.pending_connects;
      });
      return;
    }
    ++st.connect_failed;
    --w_.pending_connects;
    done_ = true;  // never takes part in the measured phase
    return;
  }
  if (Stopping()) return;
  if (ec) {
    ++st.connect_errors;
    Reconnect();
    return;
  }
  socket_.set_option(tcp::no_delay(true));
  if (req_ != nullptr) {
    Send();  // the request chosen before the server closed the connection
  } else {
    Next();
  }
}

// After an error: close, wait (doubling from 10 ms to 1 s), connect again, until the deadline.
void Conn::Reconnect() {
  error_code ignored;
  socket_.close(ignored);
  pos_ = len_ = 0;
  if (Stopping()) return;
  backoff_ = backoff_ == Clock::duration{}
                 ? std::chrono::milliseconds(10)
                 : std::min<Clock::duration>(backoff_ * 2, std::chrono::seconds(1));
  ++w_.stats().reconnects;
  timer_.expires_after(backoff_);
  timer_.async_wait([this](const error_code& ec) {
    if (ec || Stopping()) return;
    Connect(false);
  });
}

void Conn::StartRun() {
  took_part_ = true;
  Next();
}

// Picks the next participant's request and sends it now (closed loop) or at its time (open).
void Conn::Next() {
  if (Stopping()) return;
  auto& s = w_.shared();
  const uint64_t i = s.next_participant.fetch_add(1, std::memory_order_relaxed);
  if (i >= s.requests.size()) {
    if (s.mode == Mode::kSubmit) {
      s.exhausted.store(true, std::memory_order_relaxed);
      Finish();
      return;
    }
  }
  req_ = &s.requests[s.requests.size() == 1 ? 0 : i % s.requests.size()];
  if (s.rate <= 0) {
    Send();
    return;
  }
  if (!have_sched_) {
    // Staggered start: connection k first sends at t0 + k / rate.
    sched_ = s.t0 + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(index_ / s.rate));
    have_sched_ = true;
  } else {
    sched_ += s.interval;
  }
  if (sched_ <= Clock::now()) {
    Send();
    return;
  }
  timer_.expires_at(sched_);
  timer_.async_wait([this](const error_code& ec) {
    if (ec || Stopping()) return;
    Send();
  });
}

void Conn::Send() {
  if (Stopping()) return;
  if (!socket_.is_open()) {
    Connect(false);
    return;
  }
  busy_ = true;
  timed_out_ = false;
  started_ = Clock::now();
  if (w_.shared().rate <= 0) sched_ = started_;
  state_ = Parse::kHead;
  status_ = 0;
  close_after_ = false;
  body_.clear();
  asio::async_write(socket_, asio::buffer(*req_), [this](const error_code& ec, size_t) {
    if (Stopping()) return;
    if (ec) {
      Fail(timed_out_ ? "timeout" : "write");
      return;
    }
    Read();
  });
}

void Conn::Read() {
  if (len_ == kReadBuffer) {
    if (pos_ == 0) {
      Fail("response head larger than the read buffer");
      return;
    }
    std::memmove(buf_.get(), buf_.get() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
  }
  socket_.async_read_some(asio::buffer(buf_.get() + len_, kReadBuffer - len_),
                          [this](const error_code& ec, size_t n) { OnRead(ec, n); });
}

void Conn::OnRead(const error_code& ec, size_t n) {
  if (Stopping()) return;
  if (ec) {
    Fail(timed_out_ ? "timeout" : "read");
    return;
  }
  len_ += n;
  switch (Consume()) {
    case Result::kMore:
      if (pos_ == len_) pos_ = len_ = 0;
      Read();
      return;
    case Result::kError:
      return;
    case Result::kDone:
      Completed();
      return;
  }
}

// Parses what the buffer holds; the body streams through (only a prefix is kept).
Conn::Result Conn::Consume() {
  auto& s = w_.shared();
  for (;;) {
    std::string_view data(buf_.get() + pos_, len_ - pos_);
    switch (state_) {
      case Parse::kHead: {
        const size_t end = data.find("\r\n\r\n");
        if (end == std::string_view::npos) return Result::kMore;
        std::string_view head = data.substr(0, end + 2);
        pos_ += end + 4;
        size_t eol = head.find("\r\n");
        std::string_view line = head.substr(0, eol);
        if (line.size() < 12 || line.substr(0, 5) != "HTTP/" || line[8] != ' ') {
          Fail("bad status line");
          return Result::kError;
        }
        status_ = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        bool chunked = false, has_length = false;
        size_t length = 0;
        head.remove_prefix(eol + 2);
        while (!head.empty()) {
          eol = head.find("\r\n");
          line = head.substr(0, eol);
          head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 2);
          const size_t colon = line.find(':');
          if (colon == std::string_view::npos) continue;
          const std::string_view name = line.substr(0, colon);
          const std::string_view value = Trim(line.substr(colon + 1));
          if (IEquals(name, "content-length")) {
            has_length = true;
            length = 0;
            for (char c : value) {
              if (c < '0' || c > '9') break;
              length = length * 10 + static_cast<size_t>(c - '0');
            }
          } else if (IEquals(name, "transfer-encoding")) {
            chunked = IContains(value, "chunked");
          } else if (IEquals(name, "connection")) {
            close_after_ = IContains(value, "close");
          }
        }
        keep_body_ = s.mode == Mode::kSubmit || status_ < 200 || status_ >= 300;
        if (status_ < 200 || status_ == 204 || status_ == 304) return Result::kDone;
        if (chunked) {
          state_ = Parse::kChunkSize;
        } else if (has_length) {
          remaining_ = length;
          state_ = Parse::kBody;
        } else {
          Fail("response without Content-Length or chunked encoding");
          return Result::kError;
        }
        break;
      }
      case Parse::kBody:
      case Parse::kChunkData: {
        const size_t take = std::min(remaining_, data.size());
        if (keep_body_ && body_.size() < kKeepBody) {
          body_.append(data.substr(0, std::min(take, kKeepBody - body_.size())));
        }
        pos_ += take;
        remaining_ -= take;
        if (remaining_ > 0) return Result::kMore;
        if (state_ == Parse::kBody) return Result::kDone;
        state_ = Parse::kChunkCrlf;
        break;
      }
      case Parse::kChunkSize: {
        const size_t eol = data.find("\r\n");
        if (eol == std::string_view::npos) return Result::kMore;
        size_t size = 0;
        bool digits = false;
        for (char c : data.substr(0, eol)) {
          int v;
          if (c >= '0' && c <= '9')
            v = c - '0';
          else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
          else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
          else
            break;  // a chunk extension or whitespace
          size = size * 16 + static_cast<size_t>(v);
          digits = true;
        }
        if (!digits) {
          Fail("bad chunk size");
          return Result::kError;
        }
        pos_ += eol + 2;
        remaining_ = size;
        state_ = size == 0 ? Parse::kTrailer : Parse::kChunkData;
        break;
      }
      case Parse::kChunkCrlf:
        if (data.size() < 2) return Result::kMore;
        if (data.substr(0, 2) != "\r\n") {
          Fail("bad chunk end");
          return Result::kError;
        }
        pos_ += 2;
        state_ = Parse::kChunkSize;
        break;
      case Parse::kTrailer: {
        const size_t eol = data.find("\r\n");
        if (eol == std::string_view::npos) return Result::kMore;
        pos_ += eol + 2;
        if (eol == 0) return Result::kDone;
        break;
      }
    }
  }
}

// Extracts the number after "key": in a compact JSON body (the server's nlohmann dump).
bool JsonNumber(std::string_view body, std::string_view key, int64_t* out) {
  const size_t at = body.find(key);
  if (at == std::string_view::npos) return false;
  size_t i = at + key.size();
  int64_t v = 0;
  bool any = false;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
    v = v * 10 + (body[i] - '0');
    ++i;
    any = true;
  }
  if (any) *out = v;
  return any;
}

void Conn::Completed() {
  busy_ = false;
  const auto now = Clock::now();
  auto& st = w_.stats();
  auto& s = w_.shared();
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - sched_).count();
  st.latency_us.push_back(static_cast<uint32_t>(std::min<int64_t>(us, UINT32_MAX)));
  ++completed_;
  bool bad = false;
  if (status_ >= 200 && status_ < 300) {
    ++st.status_2xx;
    if (s.mode == Mode::kSubmit) {
      int64_t id = 0;
      if (status_ == 200 && body_.find("\"duplicate\":false") != std::string::npos &&
          JsonNumber(body_, "\"id\":", &id)) {
        ++st.acked;
        st.acked_ids.push_back(id);
      } else if (status_ == 200 && body_.find("\"duplicate\":true") != std::string::npos) {
        ++st.dups;
      } else {
        ++st.failed;
        bad = true;
      }
    }
  } else {
    ++st.non2xx;
    if (s.mode == Mode::kSubmit) ++st.failed;
    bad = true;
  }
  if (bad && s.failures_seen.fetch_add(1, std::memory_order_relaxed) < kShowFailures) {
    std::string b = body_.substr(0, 200);
    for (char& c : b) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    std::lock_guard<std::mutex> lock(s.failures_mu);
    s.failures.push_back(std::to_string(status_) + " " + b);
  }
  backoff_ = {};
  if (pos_ != len_) {
    Fail("bytes after the response (nothing was pipelined)");
    return;
  }
  pos_ = len_ = 0;
  if (close_after_) {
    error_code ignored;
    socket_.close(ignored);
  }
  Next();  // reconnects first if the server closed
}

void Conn::Fail(const char* what) {
  busy_ = false;
  auto& st = w_.stats();
  ++st.errors;
  if (std::strcmp(what, "timeout") == 0) ++st.timeouts;
  auto& s = w_.shared();
  if (std::strcmp(what, "read") != 0 && std::strcmp(what, "write") != 0 &&
      std::strcmp(what, "timeout") != 0 &&
      s.failures_seen.fetch_add(1, std::memory_order_relaxed) < kShowFailures) {
    std::lock_guard<std::mutex> lock(s.failures_mu);
    s.failures.push_back(std::string("protocol: ") + what);
  }
  // The participant of the failed request is not used again (submit: at most once a run): after
  // the reconnect the connection moves on to the next one.
  req_ = nullptr;
  Reconnect();
}

void Conn::CheckTimeout(Clock::time_point now) {
  if (busy_ && !done_ && now - started_ > w_.shared().timeout) {
    timed_out_ = true;
    busy_ = false;
    error_code ignored;
    socket_.close(ignored);  // the pending operation completes with operation_aborted
  }
}

void Conn::Finish() {
  if (done_) return;
  done_ = true;
  error_code ignored;
  socket_.close(ignored);
  w_.ConnDone();
}

void Conn::Stop() {
  error_code ignored;
  timer_.cancel();
  socket_.close(ignored);
}

bool ParseUrl(const std::string& url, std::string* host, std::string* port) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) return false;
  std::string rest = url.substr(kScheme.size());
  const size_t slash = rest.find('/');
  if (slash != std::string::npos) rest = rest.substr(0, slash);
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) {
    *host = rest;
    *port = "80";
  } else {
    *host = rest.substr(0, colon);
    *port = rest.substr(colon + 1);
  }
  return !host->empty() && !port->empty();
}

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()));
  if (i >= sorted.size()) i = sorted.size() - 1;
  return sorted[i] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"HTTP/1.1 load client of bench/tests_load.sh (issue 5)"};
  app.add_option("--url", o.url, "server base URL, http://HOST:PORT")->required();
  app.add_option("--mode", o.mode, "ping, fetch or submit")
      ->check(CLI::IsMember({"ping", "fetch", "submit"}));
  app.add_option("--test", o.test, "test id (fetch, submit)");
  app.add_option("--prep", o.prep, "tests_load_prep's file (fetch, submit)");
  app.add_option("--connections", o.connections, "connections")->check(CLI::Range(1, 1000000));
  app.add_option("--duration", o.duration, "seconds of the measured phase")
      ->check(CLI::PositiveNumber);
  app.add_option("--threads", o.threads, "threads, one io_context each")->check(CLI::Range(1, 256));
  app.add_option("--rate", o.rate, "open loop: requests/s of the whole run (0: closed loop)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--timeout", o.timeout, "seconds before a request or connect is an error")
      ->check(CLI::PositiveNumber);
  app.add_option("--ack-file", o.ack_file, "submit: append acknowledged attempt ids here");
  app.add_option("--path", o.path, "ping: the path to GET");
  CLI11_PARSE(app, argc, argv);

  auto shared = std::make_unique<Shared>();
  Shared& s = *shared;
  s.mode = o.mode == "fetch" ? Mode::kFetch : o.mode == "submit" ? Mode::kSubmit : Mode::kPing;
  std::string host, port;
  if (!ParseUrl(o.url, &host, &port)) {
    std::fprintf(stderr, "loadgen: --url: expected http://HOST:PORT, got %s\n", o.url.c_str());
    return 2;
  }
  const std::string host_header = host + ":" + port;

  // All requests are built before the clock starts.
  if (s.mode == Mode::kPing) {
    s.requests.push_back("GET " + o.path + " HTTP/1.1\r\nHost: " + host_header + "\r\n\r\n");
  } else {
    if (o.test <= 0 || o.prep.empty()) {
      std::fprintf(stderr, "loadgen: --mode %s needs --test and --prep\n", o.mode.c_str());
      return 2;
    }
    std::ifstream in(o.prep);
    if (!in) {
      std::fprintf(stderr, "loadgen: --prep: cannot open %s\n", o.prep.c_str());
      return 2;
    }
    const std::string test = std::to_string(o.test);
    std::string line;
    size_t lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      if (line.empty()) continue;
      const size_t t1 = line.find('\t');
      const size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
      if (t2 == std::string::npos) {
        std::fprintf(stderr, "loadgen: %s:%zu: expected TOKEN<TAB>CSRF<TAB>BODY\n", o.prep.c_str(),
                     lineno);
        return 2;
      }
      const std::string token = line.substr(0, t1);
      if (s.mode == Mode::kFetch) {
        s.requests.push_back("GET /ujian/" + test + " HTTP/1.1\r\nHost: " + host_header +
                             "\r\nCookie: bimtek_session=" + token +
                             "\r\nAccept-Encoding: gzip\r\n\r\n");
      } else {
        const std::string csrf = line.substr(t1 + 1, t2 - t1 - 1);
        const std::string_view body = std::string_view(line).substr(t2 + 1);
        std::string r =
            "POST /api/v1/tests/" + test + "/submit HTTP/1.1\r\nHost: " + host_header +
            "\r\nCookie: bimtek_session=" + token + "\r\nX-CSRF-Token: " + csrf +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n\r\n";
        r.append(body);
        s.requests.push_back(std::move(r));
      }
    }
    if (s.requests.empty()) {
      std::fprintf(stderr, "loadgen: %s: no participants\n", o.prep.c_str());
      return 2;
    }
  }

  // Many connections: raise the descriptor limit to its hard limit.
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 &&
      lim.rlim_cur < static_cast<rlim_t>(o.connections) + 16) {
    std::fprintf(stderr, "loadgen: %d connections need more descriptors than the limit %llu\n",
                 o.connections, static_cast<unsigned long long>(lim.rlim_cur));
    return 2;
  }

  {
    asio::io_context io;
    tcp::resolver resolver(io);
    error_code ec;
    auto results = resolver.resolve(host, port, ec);
    if (ec || results.empty()) {
      std::fprintf(stderr, "loadgen: cannot resolve %s: %s\n", host_header.c_str(),
                   ec.message().c_str());
      return 2;
    }
    s.endpoint = results.begin()->endpoint();
  }
  s.connections = o.connections;
  s.timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout));
  s.run_for =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration));
  s.rate = o.rate;
  if (o.rate > 0) {
    s.interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(o.connections / o.rate));
  }
  const int nthreads = std::min(o.threads, o.connections);

  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < nthreads; ++t) workers.push_back(std::make_unique<Worker>(s, t, nthreads));

  // SIGINT/SIGTERM end the run early; the summary and the ack file are still written.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // inherited by the workers
  std::atomic<bool> finished{false};
  std::thread signal_thread([&] {
    int sig = 0;
    while (sigwait(&stop_signals, &sig) == 0) {
      if (finished.load()) return;
      std::fprintf(stderr, "loadgen: signal %d, stopping\n", sig);
      for (auto& w : workers) w->RequestStop();
    }
  });

  const auto connect_start = Clock::now();
  Clock::time_point connect_end{};
  std::barrier sync(nthreads, [&]() noexcept {
    connect_end = Clock::now();
    s.t0 = Clock::now();
    s.deadline = s.t0 + s.run_for;
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < nthreads; ++t) {
    threads.emplace_back([&, t] {
      workers[t]->ConnectPhase();
      sync.arrive_and_wait();
      workers[t]->RunPhase();
    });
  }
  for (auto& th : threads) th.join();
  finished.store(true);
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();

  // Merge.
  ThreadStats all;
  Clock::time_point end = s.t0;
  std::vector<uint32_t> lat;
  uint64_t per_conn_lo = UINT64_MAX, per_conn_hi = 0;
  for (auto& w : workers) {
    w->PerConn(&per_conn_lo, &per_conn_hi);
    ThreadStats& st = w->stats();
    all.status_2xx += st.status_2xx;
    all.non2xx += st.non2xx;
    all.errors += st.errors;
    all.timeouts += st.timeouts;
    all.acked += st.acked;
    all.dups += st.dups;
    all.failed += st.failed;
    all.reconnects += st.reconnects;
    all.connect_errors += st.connect_errors;
    all.connected += st.connected;
    all.connect_failed += st.connect_failed;
    all.connect_retries += st.connect_retries;
    end = std::max(end, std::min(st.last_done, s.deadline));
    lat.insert(lat.end(), st.latency_us.begin(), st.latency_us.end());
    all.acked_ids.insert(all.acked_ids.end(), st.acked_ids.begin(), st.acked_ids.end());
  }
  if (!o.ack_file.empty()) {
    FILE* f = std::fopen(o.ack_file.c_str(), "a");
    if (f == nullptr) {
      std::fprintf(stderr, "loadgen: --ack-file: cannot open %s: %s\n", o.ack_file.c_str(),
                   std::strerror(errno));
    } else {
      for (int64_t id : all.acked_ids) std::fprintf(f, "%" PRId64 "\n", id);
      std::fclose(f);
    }
  }
  std::sort(lat.begin(), lat.end());
  const double secs = std::chrono::duration<double>(end - s.t0).count();
  const double connect_ms =
      std::chrono::duration<double, std::milli>(connect_end - connect_start).count();
  const uint64_t requests = all.status_2xx + all.non2xx;
  const double rps = secs > 0 ? static_cast<double>(requests) / secs : 0;

  std::printf("loadgen: %s %s, %d connections, %d thread(s), %s\n", o.mode.c_str(), o.url.c_str(),
              o.connections, nthreads,
              o.rate > 0
                  ? ("open loop at " + std::to_string(std::llround(o.rate)) + " req/s").c_str()
                  : "closed loop");
  std::printf("  connect: %" PRIu64 " connected, %" PRIu64 " failed, %" PRIu64
              " retries, %.1f ms\n",
              all.connected, all.connect_failed, all.connect_retries, connect_ms);
  std::printf("  %" PRIu64 " responses in %.2f s = %.0f req/s; 2xx %" PRIu64 ", other %" PRIu64
              ", errors %" PRIu64 " (timeouts %" PRIu64 "), reconnects %" PRIu64 "\n",
              requests, secs, rps, all.status_2xx, all.non2xx, all.errors, all.timeouts,
              all.reconnects);
  double mean_ms = 0;
  for (uint32_t v : lat) mean_ms += v;
  if (!lat.empty()) mean_ms /= 1000.0 * static_cast<double>(lat.size());
  if (per_conn_hi == 0) per_conn_lo = 0;
  std::printf("  per connection: fewest %" PRIu64 ", most %" PRIu64 " responses\n", per_conn_lo,
              per_conn_hi);
  std::printf("  latency ms: mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%s\n",
              mean_ms, Percentile(lat, 50), Percentile(lat, 90), Percentile(lat, 99),
              Percentile(lat, 99.9), lat.empty() ? 0.0 : lat.back() / 1000.0,
              o.rate > 0 ? " (from the scheduled time)" : "");
  if (s.mode == Mode::kSubmit) {
    std::printf("  submit: acked %" PRIu64 ", duplicates %" PRIu64 ", failed %" PRIu64 "%s\n",
                all.acked, all.dups, all.failed,
                s.exhausted.load() ? ", participants exhausted" : "");
  }
  for (const auto& f : s.failures) std::printf("  failure: %s\n", f.c_str());
  std::printf(
      "LOADGEN mode=%s conns=%d secs=%.2f requests=%" PRIu64
      " rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f status_2xx=%" PRIu64
      " non2xx=%" PRIu64 " errors=%" PRIu64 " acked=%" PRIu64 " dups=%" PRIu64
      " exhausted=%d connect_ms=%.1f connect_failed=%" PRIu64 " timeouts=%" PRIu64
      " failed=%" PRIu64 " reconnects=%" PRIu64 " connect_errors=%" PRIu64 "\n",
      o.mode.c_str(), o.connections, secs, requests, rps, Percentile(lat, 50), Percentile(lat, 90),
      Percentile(lat, 99), Percentile(lat, 99.9), lat.empty() ? 0.0 : lat.back() / 1000.0,
      all.status_2xx, all.non2xx, all.errors, all.acked, all.dups, s.exhausted.load() ? 1 : 0,
      connect_ms, all.connect_failed, all.timeouts, all.failed, all.reconnects, all.connect_errors);
  std::fflush(stdout);
  return all.connected == 0 ? 1 : 0;
}
