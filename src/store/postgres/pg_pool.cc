#include "store/postgres/pg_pool.h"

#include <map>

#include "base/strings.h"

namespace bimtek::store::pg {

Pool::Lease::Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Conn> conn)
    : pool_(std::move(pool)), conn_(std::move(conn)) {}

Pool::Lease::Lease(Lease&& o) noexcept : pool_(std::move(o.pool_)), conn_(std::move(o.conn_)) {}

Pool::Lease& Pool::Lease::operator=(Lease&& o) noexcept {
  if (this != &o) {
    Release();
    pool_ = std::move(o.pool_);
    conn_ = std::move(o.conn_);
  }
  return *this;
}

Pool::Lease::~Lease() { Release(); }

void Pool::Lease::Release() {
  if (pool_ && conn_) pool_->Return(std::move(conn_));
  pool_.reset();
  conn_.reset();
}

Pool::Pool(Connector connect, PoolOptions options)
    : connect_(std::move(connect)), options_(options) {
  if (options_.max_size < 1) options_.max_size = 1;
}

std::shared_ptr<Pool> Pool::Create(Connector connect, PoolOptions options) {
  return std::shared_ptr<Pool>(new Pool(std::move(connect), options));
}

StatusOr<Pool::Lease> Pool::Acquire() {
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  std::unique_lock lock(mu_);
  bool waited = false;
  while (true) {
    while (!idle_.empty()) {
      Idle item = std::move(idle_.back());
      idle_.pop_back();
      const bool stale = std::chrono::steady_clock::now() - item.since > options_.check_after_idle;
      if (!stale && item.conn->Healthy()) return Lease(shared_from_this(), std::move(item.conn));
      // The round trip runs without the lock; the connection counts as open meanwhile.
      lock.unlock();
      const bool ok = item.conn->Healthy() && item.conn->Script("SELECT 1").ok();
      if (ok) return Lease(shared_from_this(), std::move(item.conn));
      item.conn.reset();
      lock.lock();
      --open_;
      ++counters_.discarded;
    }
    if (open_ < options_.max_size) {
      ++open_;
      lock.unlock();
      StatusOr<Conn> c = connect_();
      if (!c.ok()) {
        lock.lock();
        --open_;
        returned_.notify_one();
        return c.status();
      }
      lock.lock();
      ++counters_.created;
      lock.unlock();
      return Lease(shared_from_this(), std::make_unique<Conn>(std::move(*c)));
    }
    if (!waited) {
      waited = true;
      ++counters_.waits;
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_size) {
      return absl::UnavailableError(
          StrCat("PostgreSQL: all ", options_.max_size, " pooled connections stayed busy for ",
                 options_.acquire_timeout.count(), " ms (raise pool_size= in the database URL)"));
    }
  }
}

void Pool::Return(std::unique_ptr<Conn> conn) {
  // A caller that leaves a transaction open (an error path) must not hand it to the next one.
  bool keep = conn->Healthy();
  if (keep && conn->InTransaction()) keep = conn->Script("ROLLBACK").ok();
  std::lock_guard lock(mu_);
  if (keep) {
    idle_.push_back({std::move(conn), std::chrono::steady_clock::now()});
  } else {
    --open_;
    ++counters_.discarded;
  }
  returned_.notify_one();
}

PoolStats Pool::stats() const {
  std::lock_guard lock(mu_);
  PoolStats s = counters_;
  s.open = open_;
  s.idle = static_cast<int>(idle_.size());
  return s;
}

Status PooledConn::Hold() {
  if (held_) return absl::OkStatus();
  if (!pool_) return absl::FailedPreconditionError("PostgreSQL: no connection pool");
  ASSIGN_OR_RETURN(Pool::Lease lease, pool_->Acquire());
  held_.emplace(std::move(lease));
  return absl::OkStatus();
}

void PooledConn::ReleaseIfIdle() {
  if (held_ && !held_->conn().InTransaction()) held_.reset();
}

StatusOr<Result> PooledConn::Exec(std::string_view sql, const std::vector<Param>& params) {
  RETURN_IF_ERROR(Hold());
  StatusOr<Result> r = held_->conn().Exec(sql, params);
  ReleaseIfIdle();
  return r;
}

Status PooledConn::Script(std::string_view sql) {
  RETURN_IF_ERROR(Hold());
  Status s = held_->conn().Script(sql);
  ReleaseIfIdle();
  return s;
}

Status PooledConn::CopyIn(std::string_view copy_sql, std::string_view data) {
  RETURN_IF_ERROR(Hold());
  Status s = held_->conn().CopyIn(copy_sql, data);
  ReleaseIfIdle();
  return s;
}

std::shared_ptr<Pool> SharedPool(const std::string& key, const Pool::Connector& connect,
                                 const PoolOptions& options) {
  static std::mutex mu;
  static auto* pools = new std::map<std::string, std::weak_ptr<Pool>>();
  std::lock_guard lock(mu);
  std::shared_ptr<Pool> p = (*pools)[key].lock();
  if (!p) {
    p = Pool::Create(connect, options);
    (*pools)[key] = p;
  }
  return p;
}

}  // namespace bimtek::store::pg
