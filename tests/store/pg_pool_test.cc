// The PostgreSQL connection pool (store/postgres/pg_pool.h) against a real server: the cap, reuse,
// the health check of idle connections, a transaction left open, and many threads sharing few
// connections. Reads BIMTEK_TEST_PG_URL (scripts/with-postgres.sh); skipped without it unless
// BIMTEK_REQUIRE_PG=1.
#include "store/postgres/pg_pool.h"

#include <atomic>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/postgres/postgres_store.h"
#include "testing/testing.h"

namespace bimtek::store::pg {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;

std::string PgUrl() {
  const char* url = std::getenv("BIMTEK_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

class PgPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgUrl().empty()) {
      const char* r = std::getenv("BIMTEK_REQUIRE_PG");
      if (r != nullptr && std::string(r) == "1") FAIL() << "BIMTEK_REQUIRE_PG=1 but no URL";
      GTEST_SKIP() << "needs BIMTEK_TEST_PG_URL (scripts/with-postgres.sh)";
    }
  }

  std::shared_ptr<Pool> Make(PoolOptions o) {
    return Pool::Create(
        [this]() -> StatusOr<Conn> {
          ++connects_;
          return Conn::Connect(PgUrl());
        },
        o);
  }

  static int64_t BackendPid(Conn& c) {
    auto r = c.Exec("SELECT pg_backend_pid()");
    EXPECT_THAT(r.status(), IsOk());
    return r.ok() ? r->Int(0, 0) : -1;
  }

  std::atomic<int> connects_{0};
};

TEST_F(PgPoolTest, AReturnedConnectionIsReusedAndTheCapIsKept) {
  PoolOptions o;
  o.max_size = 2;
  o.acquire_timeout = std::chrono::milliseconds(200);
  auto pool = Make(o);
  int64_t first_pid = 0;
  {
    auto a = pool->Acquire();
    ASSERT_THAT(a.status(), IsOk());
    first_pid = BackendPid(a->conn());
  }
  auto a = pool->Acquire();
  ASSERT_THAT(a.status(), IsOk());
  EXPECT_EQ(BackendPid(a->conn()), first_pid);  // the same session, not a new one
  auto b = pool->Acquire();
  ASSERT_THAT(b.status(), IsOk());
  EXPECT_NE(BackendPid(b->conn()), first_pid);
  // Both are out: a third waits, then gives up with Unavailable.
  EXPECT_THAT(pool->Acquire().status(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(pool->stats().open, 2);
  EXPECT_EQ(pool->stats().waits, 1);
  // A return wakes a waiter.
  std::thread giver([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    *b = Pool::Lease();
  });
  auto c = pool->Acquire();
  giver.join();
  ASSERT_THAT(c.status(), IsOk());
  EXPECT_EQ(connects_.load(), 2);
}

TEST_F(PgPoolTest, ABrokenIdleConnectionIsDroppedAndReplaced) {
  PoolOptions o;
  o.max_size = 2;
  o.check_after_idle = std::chrono::milliseconds(0);  // check every idle connection
  auto pool = Make(o);
  int64_t pid = 0;
  {
    auto a = pool->Acquire();
    ASSERT_THAT(a.status(), IsOk());
    pid = BackendPid(a->conn());
  }
  // The server ends that session (as a restart or an idle timeout would).
  auto killer = Conn::Connect(PgUrl());
  ASSERT_THAT(killer.status(), IsOk());
  ASSERT_THAT(killer->Exec("SELECT pg_terminate_backend($1)", {Param::Int(pid)}).status(), IsOk());
  auto b = pool->Acquire();
  ASSERT_THAT(b.status(), IsOk());
  EXPECT_NE(BackendPid(b->conn()), pid);
  EXPECT_EQ(pool->stats().discarded, 1);
  EXPECT_EQ(pool->stats().open, 1);
}

TEST_F(PgPoolTest, ATransactionLeftOpenIsRolledBackOnReturn) {
  PoolOptions o;
  o.max_size = 1;
  auto pool = Make(o);
  {
    auto a = pool->Acquire();
    ASSERT_THAT(a.status(), IsOk());
    ASSERT_THAT(a->conn().Script("CREATE TEMP TABLE pool_t(x INT)"), IsOk());
    ASSERT_THAT(a->conn().Script("BEGIN; INSERT INTO pool_t VALUES(1)"), IsOk());
    EXPECT_TRUE(a->conn().InTransaction());
  }
  auto b = pool->Acquire();
  ASSERT_THAT(b.status(), IsOk());
  EXPECT_FALSE(b->conn().InTransaction());
  auto n = b->conn().Exec("SELECT count(*) FROM pool_t");
  ASSERT_THAT(n.status(), IsOk());
  EXPECT_EQ(n->Int(0, 0), 0);
}

TEST_F(PgPoolTest, APooledConnHoldsOneSessionFromBeginToCommitOnly) {
  PoolOptions o;
  o.max_size = 3;
  auto pool = Make(o);
  PooledConn c(pool);
  ASSERT_THAT(c.Script("BEGIN"), IsOk());
  EXPECT_TRUE(c.InTransaction());
  auto p1 = c.Exec("SELECT pg_backend_pid()");
  ASSERT_THAT(c.Script("CREATE TEMP TABLE pooled_t(x INT) ON COMMIT DROP"), IsOk());
  auto p2 = c.Exec("SELECT pg_backend_pid()");
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(p1->Int(0, 0), p2->Int(0, 0));
  EXPECT_EQ(pool->stats().idle, 0);
  ASSERT_THAT(c.Script("COMMIT"), IsOk());
  EXPECT_FALSE(c.InTransaction());
  EXPECT_EQ(pool->stats().idle, pool->stats().open);  // given back after COMMIT
}

TEST_F(PgPoolTest, ManyThreadsShareAFewConnections) {
  PoolOptions o;
  o.max_size = 3;
  auto pool = Make(o);
  constexpr int kThreads = 8, kOps = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      PooledConn c(pool);
      for (int i = 0; i < kOps; ++i) {
        Status s = c.Script("BEGIN");
        auto r = c.Exec("SELECT $1::int + 1", {Param::Int(t * 1000 + i)});
        if (s.ok()) s = r.status();
        if (s.ok() && r->Int(0, 0) != t * 1000 + i + 1) s = absl::InternalError("wrong answer");
        if (s.ok()) s = c.Script("COMMIT");
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(pool->stats().open, 3);
  EXPECT_LE(connects_.load(), 3);
}

TEST_F(PgPoolTest, SharedPoolIsOnePerKeyWhileInUse) {
  auto connect = [] { return Conn::Connect(PgUrl()); };
  auto a = SharedPool("k1", connect, {});
  auto b = SharedPool("k1", connect, {});
  auto c = SharedPool("k2", connect, {});
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(a.get(), c.get());
}

// pool_size= is Bimtek's, read and removed before libpq sees the URL; bad values are refused.
TEST(PostgresUrlTest, PoolSizeIsReadAndRemovedFromTheUrl) {
  auto p = ParsePostgresUrl("postgresql://u@h/db?pool_size=3&sslmode=disable&schema=s1");
  ASSERT_THAT(p.status(), IsOk());
  EXPECT_EQ(p->first, "postgresql://u@h/db?sslmode=disable");
  EXPECT_EQ(p->second.pool_size, 3);
  EXPECT_EQ(p->second.schema, "s1");
  EXPECT_EQ(ParsePostgresUrl("postgresql://u@h/db")->second.pool_size, 10);
  for (const char* bad : {"0", "x", "1001", "-2"}) {
    EXPECT_THAT(ParsePostgresUrl(std::string("postgresql://u@h/db?pool_size=") + bad).status(),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

}  // namespace
}  // namespace bimtek::store::pg
