// The submit path's store side (issue 5): durable attempt inserts per second through the
// group-commit writer with C submits in flight (as C connections would keep), against one
// synchronous=FULL transaction per submit. Prints submits/s and the p50/p99 time from enqueue
// to "durable" callback. Usage: attempt_writer_bench [DIR] [SECONDS] [IN_FLIGHT]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_store.h"

using namespace bimtek;  // NOLINT(build/namespaces)
using Clock = std::chrono::steady_clock;

namespace {

store::TestAttempt Row(int64_t i) {
  store::TestAttempt a;
  a.test_id = 1;
  a.person_id = i;
  a.region_key = 3271011001;
  a.idem_key = fmt::format("v1.1.{}.1700000000000.00112233aabbccdd.0123456789abcdef0123456789abcdef", i);
  a.answers = std::string(25, '\x02');
  a.correct = 20;
  a.presented = 25;
  a.fetched_ms = 1'700'000'000'000;
  a.submitted_ms = 1'700'000'100'000;
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path().string();
  const double seconds = argc > 2 ? std::atof(argv[2]) : 5;
  const int in_flight = argc > 3 ? std::atoi(argv[3]) : 1000;
  const std::string db = dir + "/attempt_writer_bench.db";
  std::filesystem::remove(db);
  std::filesystem::remove(db + "-wal");
  std::filesystem::remove(db + "-shm");
  {
    auto s = store::OpenSqliteStore(db, {});
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
      return 2;
    }
  }
  auto w = store::OpenSqliteAttemptWriter(db);
  if (!w.ok()) return 2;
  // Group commit: keep `in_flight` submits queued; each completion enqueues the next.
  std::atomic<int64_t> next{1}, done{0};
  std::mutex mu;
  std::vector<double> lat_ms;
  lat_ms.reserve(1 << 22);
  std::atomic<bool> stop{false};
  std::function<void()> submit_one = [&] {
    if (stop.load()) return;
    const int64_t i = next.fetch_add(1);
    const auto t0 = Clock::now();
    (*w)->Submit(Row(i), [&, t0](StatusOr<store::SubmitOutcome> r) {
      if (!r.ok() || r->duplicate) std::abort();
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      {
        std::lock_guard<std::mutex> l(mu);
        lat_ms.push_back(ms);
      }
      done.fetch_add(1);
      submit_one();
    });
  };
  const auto start = Clock::now();
  for (int k = 0; k < in_flight; ++k) submit_one();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  const int64_t n = done.load();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  w->reset();  // drains what is queued
  std::sort(lat_ms.begin(), lat_ms.end());
  std::printf("group commit, %d in flight: %.0f durable submits/s (%lld in %.1f s), p50 %.1f ms, p99 %.1f ms\n",
              in_flight, static_cast<double>(n) / elapsed, static_cast<long long>(n), elapsed,
              lat_ms[lat_ms.size() / 2], lat_ms[lat_ms.size() * 99 / 100]);
  // One synchronous=FULL transaction per submit (the writer with groups of one).
  store::GroupCommitOptions one;
  one.max_batch = 1;
  auto w1 = store::OpenSqliteAttemptWriter(db, one);
  if (!w1.ok()) return 2;
  const auto s1 = Clock::now();
  int64_t m = 0;
  while (std::chrono::duration<double>(Clock::now() - s1).count() < seconds) {
    auto r = (*w1)->SubmitAndWait(Row(100'000'000 + m));
    if (!r.ok()) return 2;
    ++m;
  }
  const double e1 = std::chrono::duration<double>(Clock::now() - s1).count();
  std::printf("one FULL commit per submit: %.0f durable submits/s\n", static_cast<double>(m) / e1);
  std::filesystem::remove(db);
  std::filesystem::remove(db + "-wal");
  std::filesystem::remove(db + "-shm");
  return 0;
}
