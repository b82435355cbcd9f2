// What handlers work with: the services' dependencies shared by the whole server (AppDeps), and
// one WorkerContext per worker thread holding that thread's own store connection (SQLite
// connections are never shared across threads), its metrics and its response cache.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "crypto/vault.h"
#include "http/config.h"
#include "http/metrics.h"
#include "service/attendance.h"
#include "service/auth.h"
#include "service/reference.h"
#include "service/registry.h"
#include "service/practice.h"
#include "service/results.h"
#include "service/tests.h"
#include "store/accounts.h"
#include "store/attendance.h"
#include "store/planning.h"
#include "store/results.h"
#include "store/store.h"

namespace bimtek::http {

// Given by the program's main (the only place that names a backend). Read-only once the server
// runs; open_store is called once per worker thread at start-up.
struct AppDeps {
  std::function<StatusOr<std::unique_ptr<store::Store>>()> open_store;
  // Called once per worker after open_store; when empty, the login routes answer 503.
  std::function<StatusOr<std::unique_ptr<store::AccountStore>>()> open_accounts;
  // The simulator's practice store, opened by each worker on first use; when empty, the
  // exercise pages answer 503.
  std::function<StatusOr<std::unique_ptr<store::ResultStore>>()> open_results;
  // Tests (issue 5): opens a worker's test use cases over its registry store (on first use);
  // when empty, the test routes answer 503.
  std::function<StatusOr<std::unique_ptr<service::TestsOwner>>(store::Store&)> open_tests;
  // The planning store (curricula, venues, facilitators, plans; issue 4), opened by each worker
  // on first use; when empty, the planning pages answer 503.
  std::function<StatusOr<std::unique_ptr<store::PlanningStore>>()> open_planning;
  // The attendance store (issue 4, check-ins), opened by each worker on first use; when empty
  // (or without planning or accounts), the attendance routes answer 503.
  std::function<StatusOr<std::unique_ptr<store::AttendanceStore>>()> open_attendance;
  const crypto::Vault* vault = nullptr;
  const service::Reference* ref = nullptr;
};

// Values kept for a short time, keyed by string. Used by one thread; bounded in size.
class TtlCache {
 public:
  using Clock = std::chrono::steady_clock;
  explicit TtlCache(std::chrono::milliseconds ttl, size_t max_entries = 4096)
      : ttl_(ttl), max_entries_(max_entries) {}
  // The value stored for key less than ttl ago, else nullptr.
  const std::string* Get(const std::string& key, Clock::time_point now) const;
  void Put(const std::string& key, std::string value, Clock::time_point now);
  bool enabled() const { return ttl_.count() > 0; }

 private:
  std::chrono::milliseconds ttl_;
  size_t max_entries_;
  std::unordered_map<std::string, std::pair<Clock::time_point, std::string>> entries_;
};

// Sessions already checked against the account store, kept by one worker for a short time so
// that a run of requests on one session costs one store lookup per TTL, not two per request.
// Keyed by the cookie token (in memory only). Used by one thread; bounded in size. A hit still
// checks the session's expiry against the clock, so only a logout made elsewhere (another
// worker or process), a deactivated account or a re-issued access code can go unseen, and at
// most for the TTL (docs/http.md, "Session cache").
class SessionCache {
 public:
  using Clock = std::chrono::steady_clock;
  explicit SessionCache(std::chrono::milliseconds ttl, size_t max_entries = 1 << 16)
      : ttl_(ttl), max_entries_(max_entries) {}
  // The principal stored for `token` less than ttl ago and not expired at `now_unix`, else null.
  const service::Principal* Get(std::string_view token, Clock::time_point now,
                                int64_t now_unix) const;
  void Put(std::string_view token, const service::Principal& p, Clock::time_point now);
  void Erase(std::string_view token);
  bool enabled() const { return ttl_.count() > 0; }
  size_t size() const { return entries_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::chrono::milliseconds ttl_;
  size_t max_entries_;
  std::unordered_map<std::string, std::pair<Clock::time_point, service::Principal>, Hash,
                     std::equal_to<>>
      entries_;
};

class WorkerContext {
 public:
  WorkerContext(int index, std::unique_ptr<store::Store> store, const AppDeps& deps,
                const ServerConfig& config, size_t routes,
                std::unique_ptr<store::AccountStore> accounts = nullptr);

  int index() const { return index_; }
  store::Store& store() { return *store_; }
  service::Registry& registry() { return registry_; }
  // Login and sessions over this worker's account store; null when the server has none.
  service::Auth* auth() { return auth_.get(); }
  // auth()->Resume through this worker's session cache (config.session_cache_ttl).
  // Precondition: auth() is not null.
  StatusOr<service::Principal> ResumeSession(std::string_view token);
  // auth()->Logout, forgetting the session in this worker's cache first.
  Status EndSession(std::string_view token);
  const ServerConfig& config() const { return config_; }
  Metrics& metrics() { return metrics_; }
  const Metrics& metrics() const { return metrics_; }
  TtlCache& summaries() { return summaries_; }
  TtlCache& searches() { return searches_; }
  // The simulator's use cases over this worker's practice store (opened on first use).
  // Unavailable when the server has no practice store or it cannot be opened.
  StatusOr<service::Practice*> practice();
  // The test use cases over this worker's stores (opened on first use). Unavailable when the
  // server has none.
  StatusOr<service::Tests*> tests();
  // The question bank store of the test use cases (bank_pages.h). Unavailable as tests().
  StatusOr<store::QuestionStore*> question_bank();
  // This worker's planning store (opened on first use). Unavailable when the server has none.
  StatusOr<store::PlanningStore*> planning();
  // The attendance use cases over this worker's registry, planning, account and attendance
  // stores (opened on first use). Unavailable when the server lacks one of them.
  StatusOr<service::Attendance*> attendance();
  // The results pages' use cases (issues 5 and 6) over this worker's test, practice, account
  // and planning stores (opened on first use; practice and planning are optional). Unavailable
  // when the server has no test store.
  StatusOr<service::ResultsReports*> results_reports();

  // The whole server's metrics, merged (set by the server; callable from any worker).
  std::function<std::string()> render_metrics;

 private:
  int index_;
  std::unique_ptr<store::Store> store_;
  service::Registry registry_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<service::Auth> auth_;
  const ServerConfig& config_;
  Metrics metrics_;
  TtlCache summaries_;
  TtlCache searches_;
  SessionCache sessions_;
  std::function<StatusOr<std::unique_ptr<store::ResultStore>>()> open_results_;
  std::unique_ptr<store::ResultStore> results_;
  std::unique_ptr<service::Practice> practice_;
  std::function<StatusOr<std::unique_ptr<service::TestsOwner>>(store::Store&)> open_tests_;
  std::unique_ptr<service::TestsOwner> tests_;
  std::function<StatusOr<std::unique_ptr<store::PlanningStore>>()> open_planning_;
  std::function<StatusOr<std::unique_ptr<store::AttendanceStore>>()> open_attendance_;
  std::unique_ptr<store::AttendanceStore> attendance_store_;
  std::unique_ptr<service::Attendance> attendance_;
  std::unique_ptr<store::PlanningStore> planning_;
  std::unique_ptr<service::ResultsReports> reports_;  // last: uses the stores above
};

}  // namespace bimtek::http
