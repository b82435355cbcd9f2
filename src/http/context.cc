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

const service::Principal* SessionCache::Get(std::string_view token, Clock::time_point now,
                                            int64_t now_unix) const {
  auto it = entries_.find(token);
  if (it == entries_.end() || now - it->second.first >= ttl_ ||
      it->second.second.session.expires_unix <= now_unix) {
    return nullptr;
  }
  return &it->second.second;
}

void SessionCache::Put(std::string_view token, const service::Principal& p,
                       Clock::time_point now) {
  if (entries_.size() >= max_entries_) {
    // Drop what is stale first; when everything is fresh, start over.
    std::erase_if(entries_, [&](const auto& e) { return now - e.second.first >= ttl_; });
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  auto it = entries_.find(token);
  if (it == entries_.end()) {
    entries_.emplace(std::string(token), std::make_pair(now, p));
  } else {
    it->second = {now, p};
  }
}

void SessionCache::Erase(std::string_view token) {
  if (auto it = entries_.find(token); it != entries_.end()) entries_.erase(it);
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
      summaries_(config.summary_cache_ttl),
      searches_(config.search_cache_ttl, 2048),
      sessions_(config.session_cache_ttl),
      open_results_(deps.open_results),
      open_tests_(deps.open_tests),
      open_planning_(deps.open_planning),
      open_attendance_(deps.open_attendance) {
  if (accounts_) auth_ = std::make_unique<service::Auth>(*accounts_, &registry_, config.auth);
}

StatusOr<service::Principal> WorkerContext::ResumeSession(std::string_view token) {
  if (!sessions_.enabled() || token.empty()) return auth_->Resume(token);
  const auto now = SessionCache::Clock::now();
  const int64_t now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  if (const service::Principal* hit = sessions_.Get(token, now, now_unix)) return *hit;
  ASSIGN_OR_RETURN(service::Principal p, auth_->Resume(token));
  sessions_.Put(token, p, now);
  return p;
}

Status WorkerContext::EndSession(std::string_view token) {
  sessions_.Erase(token);
  return auth_->Logout(token);
}

StatusOr<service::Practice*> WorkerContext::practice() {
  if (practice_) return practice_.get();
  if (!open_results_) return absl::UnavailableError("this server has no practice store");
  ASSIGN_OR_RETURN(results_, open_results_());
  practice_ = std::make_unique<service::Practice>(*results_, accounts_.get());
  return practice_.get();
}

StatusOr<service::Tests*> WorkerContext::tests() {
  if (tests_) return tests_->service.get();
  if (!open_tests_) return absl::UnavailableError("this server has no test store");
  ASSIGN_OR_RETURN(tests_, open_tests_(*store_));
  return tests_->service.get();
}

StatusOr<store::QuestionStore*> WorkerContext::question_bank() {
  RETURN_IF_ERROR(tests().status());
  return tests_->bank.get();
}

StatusOr<store::PlanningStore*> WorkerContext::planning() {
  if (planning_) return planning_.get();
  if (!open_planning_) return absl::UnavailableError("this server has no planning store");
  ASSIGN_OR_RETURN(planning_, open_planning_());
  return planning_.get();
}

StatusOr<service::ResultsReports*> WorkerContext::results_reports() {
  if (reports_) return reports_.get();
  ASSIGN_OR_RETURN(service::Tests * t, tests());
  // Practice and planning are optional: without them the practice columns stay empty and the
  // batch reports answer 503.
  store::ResultStore* practice_store = nullptr;
  if (open_results_ && practice().ok()) practice_store = results_.get();
  store::PlanningStore* planning_store = nullptr;
  if (open_planning_) {
    auto p = planning();
    if (p.ok()) planning_store = *p;
  }
  reports_ = std::make_unique<service::ResultsReports>(*t, *tests_->tests, *store_,
                                                       registry_.ref.regions, practice_store,
                                                       accounts_.get(), planning_store);
  return reports_.get();
}

StatusOr<service::Attendance*> WorkerContext::attendance() {
  if (attendance_) return attendance_.get();
  if (!open_attendance_) return absl::UnavailableError("this server has no attendance store");
  if (!accounts_) return absl::UnavailableError("this server has no account store");
  ASSIGN_OR_RETURN(store::PlanningStore * planning_store, planning());
  ASSIGN_OR_RETURN(attendance_store_, open_attendance_());
  attendance_ = std::make_unique<service::Attendance>(registry_, *planning_store, *accounts_,
                                                      *attendance_store_);
  return attendance_.get();
}

}  // namespace bimtek::http
