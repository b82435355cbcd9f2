#include "http/metrics.h"

#include "fmt/format.h"

namespace bimtek::http {

Metrics::Metrics(size_t routes)
    : routes_(routes), counters_(std::make_unique<RouteCounters[]>(routes + 1)) {}

size_t Metrics::SlotOf(unsigned status) {
  for (size_t i = 0; i < kCountedStatuses.size(); ++i) {
    if (kCountedStatuses[i] == status) return i;
  }
  const unsigned cls = status / 100;
  return kCountedStatuses.size() + (cls >= 1 && cls <= 5 ? cls - 1 : 4);
}

std::string Metrics::SlotLabel(size_t slot) {
  if (slot < kCountedStatuses.size()) return std::to_string(kCountedStatuses[slot]);
  return fmt::format("{}xx", slot - kCountedStatuses.size() + 1);
}

void Metrics::Record(size_t route, unsigned status, uint64_t micros) {
  RouteCounters& c = counters_[route < routes_ ? route : routes_];
  Add(c.by_status[SlotOf(status)], 1);
  size_t b = 0;
  while (b < kLatencyBucketsUs.size() && micros > kLatencyBucketsUs[b]) ++b;
  Add(c.buckets[b], 1);
  Add(c.sum_us, micros);
}

std::string RenderMetrics(const std::vector<const Metrics*>& workers,
                          const std::vector<std::string>& route_labels, int64_t open_connections) {
  using C = Metrics::RouteCounters;
  const size_t n = route_labels.size();
  std::string out;
  auto sum = [&](size_t route, auto field) {
    uint64_t v = 0;
    for (const Metrics* w : workers)
      v += field(w->counters_[route]).load(std::memory_order_relaxed);
    return v;
  };

  out += "# HELP bimtek_http_requests_total HTTP requests by route template and status.\n";
  out += "# TYPE bimtek_http_requests_total counter\n";
  for (size_t r = 0; r < n; ++r) {
    for (size_t s = 0; s < Metrics::kSlots; ++s) {
      const uint64_t v =
          sum(r, [s](const C& c) -> const std::atomic<uint64_t>& { return c.by_status[s]; });
      if (v == 0) continue;
      out += fmt::format("bimtek_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         route_labels[r], Metrics::SlotLabel(s), v);
    }
  }

  out += "# HELP bimtek_http_request_duration_seconds Time from request header to response sent.\n";
  out += "# TYPE bimtek_http_request_duration_seconds histogram\n";
  for (size_t r = 0; r < n; ++r) {
    uint64_t cumulative = 0;
    std::string lines;
    for (size_t b = 0; b <= kLatencyBucketsUs.size(); ++b) {
      cumulative +=
          sum(r, [b](const C& c) -> const std::atomic<uint64_t>& { return c.buckets[b]; });
      const std::string le =
          b < kLatencyBucketsUs.size()
              ? fmt::format("{}", static_cast<double>(kLatencyBucketsUs[b]) / 1e6)
              : "+Inf";
      lines +=
          fmt::format("bimtek_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                      route_labels[r], le, cumulative);
    }
    if (cumulative == 0) continue;
    out += lines;
    const uint64_t sum_us =
        sum(r, [](const C& c) -> const std::atomic<uint64_t>& { return c.sum_us; });
    out += fmt::format("bimtek_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
                       route_labels[r], static_cast<double>(sum_us) / 1e6);
    out += fmt::format("bimtek_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                       route_labels[r], cumulative);
  }

  int64_t in_flight = 0;
  for (const Metrics* w : workers) in_flight += w->in_flight_.load(std::memory_order_relaxed);
  out += "# HELP bimtek_http_requests_in_flight Requests being read, handled or answered.\n";
  out += "# TYPE bimtek_http_requests_in_flight gauge\n";
  out += fmt::format("bimtek_http_requests_in_flight {}\n", in_flight);
  out += "# HELP bimtek_http_connections_open Open client connections.\n";
  out += "# TYPE bimtek_http_connections_open gauge\n";
  out += fmt::format("bimtek_http_connections_open {}\n", open_connections);
  return out;
}

}  // namespace bimtek::http
