// A small pool of PostgreSQL connections for one database URL, shared by the Store objects of a
// process (a server's worker threads): a caller checks a connection out for one operation or one
// transaction and gives it back, so N threads need fewer than N connections and a server never
// holds more than `max_size`. Used only inside store/postgres/.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/postgres/pg_conn.h"

namespace bimtek::store::pg {

struct PoolOptions {
  // Connections open at most (checked out plus idle).
  int max_size = 8;
  // How long Acquire waits for a connection when all max_size are checked out.
  std::chrono::milliseconds acquire_timeout{10000};
  // An idle connection older than this is checked with a round trip before it is handed out.
  std::chrono::milliseconds check_after_idle{30000};
};

struct PoolStats {
  int open = 0;           // connections the pool holds (idle plus checked out)
  int idle = 0;           // of which idle
  int64_t created = 0;    // connections opened since the pool was made
  int64_t discarded = 0;  // connections dropped as broken (health check, lost, left in a txn)
  int64_t waits = 0;      // Acquire calls that had to wait for a return
};

class Pool : public std::enable_shared_from_this<Pool> {
 public:
  // Opens one connection ready for use (session settings applied). Called without the pool's
  // lock held, possibly from several threads at once.
  using Connector = std::function<StatusOr<Conn>()>;

  // A checked-out connection, returned to the pool when destroyed. Movable, not copyable; used
  // by one thread at a time.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& o) noexcept;
    Lease& operator=(Lease&& o) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Conn& conn() const { return *conn_; }
    Conn* operator->() { return conn_.get(); }

   private:
    friend class Pool;
    Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Conn> conn);
    void Release();
    std::shared_ptr<Pool> pool_;
    std::unique_ptr<Conn> conn_;
  };

  static std::shared_ptr<Pool> Create(Connector connect, PoolOptions options);

  // A healthy connection: an idle one (checked with `SELECT 1` when idle longer than
  // check_after_idle; a broken one is dropped and the next tried), else a new one while fewer
  // than max_size are open, else the first one returned within acquire_timeout. Errors:
  // Unavailable when the server cannot be reached or every connection stayed checked out for
  // acquire_timeout. Thread-safe.
  StatusOr<Lease> Acquire();

  PoolStats stats() const;
  const PoolOptions& options() const { return options_; }

 private:
  Pool(Connector connect, PoolOptions options);
  // Takes a connection back: rolled back if it was left inside a transaction, dropped if it is
  // broken, else kept idle for the next Acquire.
  void Return(std::unique_ptr<Conn> conn);

  struct Idle {
    std::unique_ptr<Conn> conn;
    std::chrono::steady_clock::time_point since;
  };

  Connector connect_;
  PoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable returned_;
  std::vector<Idle> idle_;  // most recently returned last
  int open_ = 0;
  PoolStats counters_;
};

// A Store's connection taken from a pool statement by statement: each call checks a connection
// out and gives it back once no transaction is open on it, so a Store between operations holds
// none; from BEGIN to COMMIT/ROLLBACK (and a cursor's life, which is inside a transaction) the
// same connection stays checked out. Session settings (statement timeout, search_path) are the
// pool's connector's, so every pooled connection has them. Same calls as Conn; one user at a
// time. A call that cannot get a connection returns the pool's error (Unavailable).
class PooledConn {
 public:
  PooledConn() = default;
  explicit PooledConn(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  StatusOr<Result> Exec(std::string_view sql, const std::vector<Param>& params = {});
  Status Script(std::string_view sql);
  Status CopyIn(std::string_view copy_sql, std::string_view data);
  bool InTransaction() const { return held_.has_value() && held_->conn().InTransaction(); }

  Pool& pool() { return *pool_; }

 private:
  Status Hold();
  void ReleaseIfIdle();

  std::shared_ptr<Pool> pool_;
  std::optional<Pool::Lease> held_;
};

// The process-wide pool for `conninfo` (one per distinct conninfo and session setup key), made
// with `connect` and `options` on first use; later calls with the same key share it.
std::shared_ptr<Pool> SharedPool(const std::string& key, const Pool::Connector& connect,
                                 const PoolOptions& options);

}  // namespace bimtek::store::pg
