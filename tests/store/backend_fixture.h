// The fixture of the conformance suites of the stores beside the registry (planning, question
// bank, tests and attempts, practice results): each case runs on SQLite and on PostgreSQL, in a
// fresh file or a fresh schema, with the registry store opened first (it migrates). PostgreSQL
// cases read BIMTEK_TEST_PG_URL (scripts/with-postgres.sh sets it); without it they are skipped,
// unless BIMTEK_REQUIRE_PG=1, when they fail.
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::store {

inline std::string TestPgUrl() {
  const char* url = std::getenv("BIMTEK_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

inline bool TestPgRequired() {
  const char* r = std::getenv("BIMTEK_REQUIRE_PG");
  return r != nullptr && std::string(r) == "1";
}

// The regions the suites use: Kota Bogor down to two desa, and one desa of Jakarta Selatan.
inline const std::vector<Region>& FixtureRegions() {
  static const auto* r = new std::vector<Region>{
      {31, RegionLevel::kProvince, RegionKind::kProvince, 0, "DKI JAKARTA"},
      {32, RegionLevel::kProvince, RegionKind::kProvince, 0, "JAWA BARAT"},
      {3171, RegionLevel::kKabKota, RegionKind::kKota, 31, "KOTA JAKARTA SELATAN"},
      {3271, RegionLevel::kKabKota, RegionKind::kKota, 32, "KOTA BOGOR"},
      {317101, RegionLevel::kKecamatan, RegionKind::kKecamatan, 3171, "KEBAYORAN BARU"},
      {327101, RegionLevel::kKecamatan, RegionKind::kKecamatan, 3271, "BOGOR SELATAN"},
      {327102, RegionLevel::kKecamatan, RegionKind::kKecamatan, 3271, "BOGOR TIMUR"},
      {3171011001, RegionLevel::kDesa, RegionKind::kKelurahan, 317101, "SELONG"},
      {3271011001, RegionLevel::kDesa, RegionKind::kKelurahan, 327101, "BATUTULIS"},
      {3271021001, RegionLevel::kDesa, RegionKind::kKelurahan, 327102, "SINDANGSARI"},
  };
  return *r;
}

// GetParam() is "sqlite" or "postgresql". db() names the store as the program would (a file
// path, or a URL with its own schema), so the backends' Open* functions take it as it is.
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (pg()) {
      if (TestPgUrl().empty()) {
        if (TestPgRequired()) FAIL() << "BIMTEK_REQUIRE_PG=1 but BIMTEK_TEST_PG_URL is not set";
        GTEST_SKIP() << "PostgreSQL case skipped: BIMTEK_TEST_PG_URL is not set (run under "
                        "scripts/with-postgres.sh)";
      }
      static std::atomic<int> n{0};
      schema_ = "bk_" + std::to_string(getpid()) + "_" + std::to_string(++n);
      db_ = WithSchema(schema_);
    } else {
      db_ = dir_.File("t.db");
    }
    auto s =
        pg() ? OpenPostgresStore(db_, FixtureRegions()) : OpenSqliteStore(db_, FixtureRegions());
    ASSERT_TRUE(s.ok()) << s.status();
    registry_ = std::move(*s);
  }

  void TearDown() override {
    registry_.reset();
    if (!schema_.empty()) DropSchema(schema_);
  }

  bool pg() const { return GetParam() == "postgresql"; }
  const std::string& db() const { return db_; }

  // The test URL with `schema=<name>` added.
  static std::string WithSchema(const std::string& schema) {
    const std::string url = TestPgUrl();
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
  }

  static void DropSchema(const std::string& schema) {
    auto conn = pg::Conn::Connect(TestPgUrl());
    ASSERT_TRUE(conn.ok()) << conn.status();
    ASSERT_TRUE(conn->Script("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE").ok());
  }

  // Runs SQL on the store behind the backend's back (to plant rows the store would not write).
  void ExecRaw(const std::string& sql) {
    if (pg()) {
      auto conn = pg::Conn::Connect(TestPgUrl());
      ASSERT_TRUE(conn.ok()) << conn.status();
      const Status s = conn->Script("SET search_path = \"" + schema_ + "\"; " + sql);
      ASSERT_TRUE(s.ok()) << s;
      return;
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &raw), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(raw);
    ASSERT_EQ(rc, SQLITE_OK) << msg;
  }

  // An empty store of this backend that no registry store has migrated.
  std::string Unmigrated() {
    if (!pg()) return dir_.File("empty.db");
    unmigrated_ = schema_ + "_empty";
    auto conn = pg::Conn::Connect(TestPgUrl());
    EXPECT_TRUE(conn.ok());
    if (conn.ok())
      conn->Script("CREATE SCHEMA IF NOT EXISTS \"" + unmigrated_ + "\"").IgnoreError();
    return WithSchema(unmigrated_);
  }

  ::bimtek::testing::TempDir dir_;
  std::string schema_, db_, unmigrated_;
  std::unique_ptr<Store> registry_;

 public:
  ~BackendTest() override {
    if (!unmigrated_.empty() && !TestPgUrl().empty()) {
      auto conn = pg::Conn::Connect(TestPgUrl());
      if (conn.ok())
        conn->Script("DROP SCHEMA IF EXISTS \"" + unmigrated_ + "\" CASCADE").IgnoreError();
    }
  }
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& p) { return p.param; }

}  // namespace bimtek::store
