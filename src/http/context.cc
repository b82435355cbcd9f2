#include "http/context.h"

namespace bimtek::http {

const std::string* TtlCache::Get(const std::string& key, Clock::time_point now) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || now - it->second.first >= ttl_) return nullptr;
  return &it->second.second;
}

void TtlCache::Put(const std::string& key, std::string value, Clock::time_point now) {
  // Crude bound: a full cache starts over rather than tracking recency.
  if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();
  entries_[key] = {now, std::move(value)};
}

WorkerContext::WorkerContext(int index, std::unique_ptr<store::Store> store, const AppDeps& deps,
                             const ServerConfig& config, size_t routes,
                             std::unique_ptr<store::AccountStore> accounts)
    : index_(index),
      store_(std::move(store)),
      registry_{*store_, *deps.vault, *deps.ref},
      accounts_(std::move(accounts)),
      config_(config),
      metrics_(routes),
      summaries_(config.summary_cache_ttl) {
  if (accounts_) auth_ = std::make_unique<service::Auth>(*accounts_, &registry_, config.auth);
}

}  // namespace bimtek::http
