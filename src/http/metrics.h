// Request metrics in Prometheus text format. Each worker thread owns one Metrics and is its only
// writer (relaxed atomic stores, no lock, no shared cache line with other workers); a scrape
// reads every worker's counters and sums them.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bimtek::http {

// Latency histogram bucket bounds in microseconds (rendered in seconds).
inline constexpr std::array<uint64_t, 13> kLatencyBucketsUs = {
    100,    250,    500,     1'000,   2'500,     5'000,    10'000,
    25'000, 50'000, 100'000, 250'000, 1'000'000, 5'000'000};
// The statuses counted one by one; any other counts under its class ("2xx", …).
inline constexpr std::array<unsigned, 20> kCountedStatuses = {200, 201, 204, 301, 302, 304, 400,
                                                              401, 403, 404, 405, 408, 409, 413,
                                                              415, 429, 431, 500, 503, 504};

class Metrics {
 public:
  // `routes` route templates; index `routes` is for requests that matched none.
  explicit Metrics(size_t routes);

  // Called only by the owning worker thread.
  void Record(size_t route, unsigned status, uint64_t micros);
  void InFlight(int delta) { Add(in_flight_, delta); }

 private:
  friend std::string RenderMetrics(const std::vector<const Metrics*>&,
                                   const std::vector<std::string>&, int64_t);
  static constexpr size_t kSlots = kCountedStatuses.size() + 5;  // + 1xx..5xx classes
  struct alignas(64) RouteCounters {
    std::array<std::atomic<uint64_t>, kSlots> by_status{};
    std::array<std::atomic<uint64_t>, kLatencyBucketsUs.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> sum_us{0};
  };
  template <typename T, typename D>
  static void Add(std::atomic<T>& a, D d) {
    a.store(a.load(std::memory_order_relaxed) + static_cast<T>(d), std::memory_order_relaxed);
  }
  static size_t SlotOf(unsigned status);
  static std::string SlotLabel(size_t slot);

  size_t routes_;
  std::unique_ptr<RouteCounters[]> counters_;
  alignas(64) std::atomic<int64_t> in_flight_{0};
};

// The text exposition of all workers' metrics merged. `route_labels` has one label per route
// ("GET /healthz") plus "unmatched"; `open_connections` is the server's current count.
std::string RenderMetrics(const std::vector<const Metrics*>& workers,
                          const std::vector<std::string>& route_labels, int64_t open_connections);

}  // namespace bimtek::http
