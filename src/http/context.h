// What handlers work with: the services' dependencies shared by the whole server (AppDeps), and
// one WorkerContext per worker thread holding that thread's own store connection (SQLite
// connections are never shared across threads), its metrics and its response cache.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "base/status.h"
#include "crypto/vault.h"
#include "http/config.h"
#include "http/metrics.h"
#include "service/auth.h"
#include "service/reference.h"
#include "service/registry.h"
#include "store/accounts.h"
#include "store/store.h"

namespace bimtek::http {

// Given by the program's main (the only place that names a backend). Read-only once the server
// runs; open_store is called once per worker thread at start-up.
struct AppDeps {
  std::function<StatusOr<std::unique_ptr<store::Store>>()> open_store;
  // Called once per worker after open_store; when empty, the login routes answer 503.
  std::function<StatusOr<std::unique_ptr<store::AccountStore>>()> open_accounts;
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
  const ServerConfig& config() const { return config_; }
  Metrics& metrics() { return metrics_; }
  const Metrics& metrics() const { return metrics_; }
  TtlCache& summaries() { return summaries_; }

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
};

}  // namespace bimtek::http
