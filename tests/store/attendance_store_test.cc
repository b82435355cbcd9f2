// The attendance store on both backends: one row per person per batch, a client id stored once,
// replays and second check-ins write nothing, and two connections agree. PostgreSQL cases as in
// store_conformance_test.cc (BIMTEK_TEST_PG_URL; skipped without it unless BIMTEK_REQUIRE_PG=1).
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_attendance.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_attendance.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::Pair;

CheckinRow Row(std::string client_id, int64_t batch, int64_t person,
               CheckinMethod method = CheckinMethod::kTyped) {
  CheckinRow r;
  r.client_id = std::move(client_id);
  r.scope = 3271;
  r.batch_id = batch;
  r.person_id = person;
  r.tps = 3271011001000 + person;
  r.method = method;
  r.by = "ppk-327101-1";
  r.device_ms = 1706140800000 + person;
  r.server_ms = 1706140900000 + person;
  return r;
}

std::vector<CheckinOutcome> Outcomes(const std::vector<CheckinResult>& rs) {
  std::vector<CheckinOutcome> out;
  for (const auto& r : rs) out.push_back(r.outcome);
  return out;
}

std::string PgUrl() {
  const char* url = std::getenv("BIMTEK_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

bool PgRequired() {
  const char* r = std::getenv("BIMTEK_REQUIRE_PG");
  return r != nullptr && std::string(r) == "1";
}

std::string FreshSchema() {
  static std::atomic<int> n{0};
  return "att_" + std::to_string(getpid()) + "_" + std::to_string(++n);
}

class AttendanceStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      if (PgUrl().empty()) {
        if (PgRequired()) FAIL() << "BIMTEK_REQUIRE_PG=1 but BIMTEK_TEST_PG_URL is not set";
        GTEST_SKIP() << "PostgreSQL case skipped: BIMTEK_TEST_PG_URL is not set";
      }
      schema_ = FreshSchema();
      url_ = PgUrl() + (PgUrl().find('?') == std::string::npos ? "?" : "&") + "schema=" + schema_;
      auto s = OpenPostgresStore(url_, {});  // migrates
      ASSERT_TRUE(s.ok()) << s.status();
      registry_ = std::move(*s);
    } else {
      url_ = dir_.File("a.db");
      auto s = OpenSqliteStore(url_, {});  // migrates
      ASSERT_TRUE(s.ok()) << s.status();
      registry_ = std::move(*s);
    }
    auto a = Open();
    ASSERT_TRUE(a.ok()) << a.status();
    store_ = std::move(*a);
  }
  void TearDown() override {
    store_.reset();
    registry_.reset();
    if (!schema_.empty()) {
      auto conn = pg::Conn::Connect(PgUrl());
      ASSERT_TRUE(conn.ok()) << conn.status();
      ASSERT_TRUE(conn->Script("DROP SCHEMA IF EXISTS \"" + schema_ + "\" CASCADE").ok());
    }
  }
  StatusOr<std::unique_ptr<AttendanceStore>> Open() {
    if (GetParam() == "postgresql") return OpenPostgresAttendance(url_);
    return OpenSqliteAttendance(url_);
  }
  bimtek::testing::TempDir dir_;
  std::string url_, schema_;
  std::unique_ptr<Store> registry_;
  std::unique_ptr<AttendanceStore> store_;
};

TEST_P(AttendanceStoreTest, ACheckInIsStoredOnceWhateverIsResent) {
  auto first = store_->CheckIn({Row("dev1:1", 7, 11), Row("dev1:2", 7, 12, CheckinMethod::kList)});
  ASSERT_THAT(first.status(), IsOk());
  EXPECT_THAT(Outcomes(*first), ElementsAre(CheckinOutcome::kNew, CheckinOutcome::kNew));
  // The whole queue again (the answer was lost): nothing new.
  auto again = store_->CheckIn({Row("dev1:1", 7, 11), Row("dev1:2", 7, 12, CheckinMethod::kList)});
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_THAT(Outcomes(*again), ElementsAre(CheckinOutcome::kReplay, CheckinOutcome::kReplay));
  // Another device checks the same person in: already present, the first row kept.
  auto other = store_->CheckIn({Row("dev2:1", 7, 11, CheckinMethod::kScan)});
  ASSERT_THAT(other.status(), IsOk());
  EXPECT_THAT(Outcomes(*other), ElementsAre(CheckinOutcome::kAlreadyPresent));
  EXPECT_EQ((*other)[0].row.client_id, "dev1:1");
  EXPECT_EQ((*other)[0].row.method, CheckinMethod::kTyped);
  // And resending that one is still harmless.
  EXPECT_THAT(Outcomes(*store_->CheckIn({Row("dev2:1", 7, 11, CheckinMethod::kScan)})),
              ElementsAre(CheckinOutcome::kAlreadyPresent));

  auto rows = store_->ListBatch(3271, 7);
  ASSERT_THAT(rows.status(), IsOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].person_id, 11);
  EXPECT_EQ((*rows)[0].by, "ppk-327101-1");
  EXPECT_EQ((*rows)[0].device_ms, 1706140800011);
  EXPECT_EQ((*rows)[0].server_ms, 1706140900011);
  EXPECT_EQ((*rows)[1].method, CheckinMethod::kList);
}

TEST_P(AttendanceStoreTest, APersonCountsOncePerBatchEvenTwiceInOneCall) {
  auto r = store_->CheckIn({Row("a", 7, 11), Row("b", 7, 11), Row("c", 8, 11), Row("a", 9, 99)});
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_THAT(Outcomes(*r), ElementsAre(CheckinOutcome::kNew, CheckinOutcome::kAlreadyPresent,
                                        CheckinOutcome::kNew, CheckinOutcome::kReplay));
  EXPECT_EQ((*r)[3].row.person_id, 11);  // the stored row of client id "a", not person 99
  EXPECT_THAT(*store_->CountByBatch(3271), ElementsAre(Pair(7, 1), Pair(8, 1)));
  EXPECT_TRUE(store_->ListBatch(3271, 9)->empty());
}

TEST_P(AttendanceStoreTest, ASecondConnectionSeesTheRowsAndKeepsTheRule) {
  ASSERT_THAT(store_->CheckIn({Row("x1", 3, 5)}).status(), IsOk());
  auto second = Open();
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_THAT(Outcomes(*(*second)->CheckIn({Row("x1", 3, 5), Row("x2", 3, 5)})),
              ElementsAre(CheckinOutcome::kReplay, CheckinOutcome::kAlreadyPresent));
  EXPECT_EQ((*second)->ListBatch(3271, 3)->size(), 1u);
}

TEST(CheckinMethodTest, NamesRoundTrip) {
  for (CheckinMethod m : {CheckinMethod::kScan, CheckinMethod::kTyped, CheckinMethod::kList,
                          CheckinMethod::kImport}) {
    CheckinMethod back = CheckinMethod::kTyped;
    EXPECT_TRUE(ParseCheckinMethod(CheckinMethodName(m), &back));
    EXPECT_EQ(back, m);
  }
  CheckinMethod unused;
  EXPECT_FALSE(ParseCheckinMethod("teleport", &unused));
}

// A store that was at schema 8 or later before migration 7 existed has no attendance table:
// opening the attendance store applies migration 7 then.
TEST(SqliteAttendanceTest, AStoreThatSkippedMigration7GetsTheTableOnOpen) {
  bimtek::testing::TempDir dir;
  const std::string path = dir.File("old.db");
  {
    auto s = OpenSqliteStore(path, {});
    ASSERT_TRUE(s.ok()) << s.status();
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE attendance", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto a = OpenSqliteAttendance(path);
  ASSERT_TRUE(a.ok()) << a.status();
  auto r = (*a)->CheckIn({Row("old:1", 4, 9)});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].outcome, CheckinOutcome::kNew);
  EXPECT_EQ((*a)->ListBatch(3271, 4)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AttendanceStoreTest,
                         ::testing::Values(std::string("sqlite"), std::string("postgresql")),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace bimtek::store
