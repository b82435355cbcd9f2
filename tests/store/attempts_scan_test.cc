// The SQLite attempt scan for national analysis (issue 5): ScanAttemptViews in parts on their own
// connections sees exactly the rows ScanAttempts sees (the test's, in the region range), each
// once, each part in id order and the parts in id order; an error stops the scan.
#include <sqlite3.h>

#include <map>
#include <memory>
#include <mutex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;

TestAttempt Row(int64_t test, int64_t person, int64_t region_key) {
  TestAttempt a;
  a.test_id = test;
  a.person_id = person;
  a.region_key = region_key;
  a.form = static_cast<int>(person % 2);
  a.idem_key = "k." + std::to_string(test) + "." + std::to_string(person);
  a.answers = std::string(3, static_cast<char>(person % 4));
  a.correct = static_cast<int>(person % 4);
  a.presented = 3;
  a.late = person % 5 == 0;
  return a;
}

class AttemptsScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("attempts.db");
    auto s = OpenSqliteStore(path_, {});  // migrates
    ASSERT_TRUE(s.ok()) << s.status();
    auto t = OpenSqliteTests(path_);
    ASSERT_TRUE(t.ok()) << t.status();
    tests_ = std::move(*t);
    std::vector<TestAttempt> rows;
    for (int64_t p = 1; p <= 300; ++p) {
      rows.push_back(Row(1, p, p % 3 == 0 ? 3271011001 : 3201010001));
      rows.push_back(Row(2, p, 3271011001));  // another test, interleaved
    }
    ASSERT_THAT(tests_->InsertAttempts(rows).status(), IsOk());
    // Far row ids, so that the id span is split into several parts: rows of test 1 beyond
    // 1,000,000 and one of test 2 at the end.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const char* sql =
        "INSERT INTO attempts(id, test_id, person_id, region_key, form, idem_key, answers, "
        "correct, presented, fetched_ms, submitted_ms, late, source) VALUES "
        "(1000000, 1, 1001, 3271011001, 0, 'far.1', x'010203', 1, 3, 0, 0, 0, 1),"
        "(1500000, 1, 1002, 3201010001, 1, 'far.2', x'010203', 2, 3, 0, 0, 1, 1),"
        "(2000000, 2, 1003, 3271011001, 0, 'far.3', x'010203', 3, 3, 0, 0, 0, 1)";
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  // (id -> person) of ScanAttempts, the reference.
  std::map<int64_t, TestAttempt> Reference(const AttemptQuery& q) {
    std::map<int64_t, TestAttempt> out;
    EXPECT_THAT(tests_->ScanAttempts(q,
                                     [&](const TestAttempt& a) {
                                       out[a.id] = a;
                                       return absl::OkStatus();
                                     }),
                IsOk());
    return out;
  }

  ::bimtek::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<TestStore> tests_;
};

TEST_F(AttemptsScanTest, PartsSeeEveryRowOfTheTestOnceInIdOrder) {
  AttemptQuery q;
  q.test_id = 1;
  const auto want = Reference(q);
  ASSERT_EQ(want.size(), 302u);
  std::mutex mu;
  std::map<int, std::vector<int64_t>> ids_by_part;
  std::map<int64_t, int> seen;
  auto parts = tests_->ScanAttemptViews(q, 4, [&](int part, const AttemptView& v) -> Status {
    std::lock_guard<std::mutex> l(mu);
    ids_by_part[part].push_back(v.id);
    ++seen[v.id];
    const auto it = want.find(v.id);
    if (it == want.end()) return absl::InternalError("a row of another test");
    const TestAttempt& a = it->second;
    EXPECT_EQ(v.person_id, a.person_id);
    EXPECT_EQ(v.region_key, a.region_key);
    EXPECT_EQ(v.form, a.form);
    EXPECT_EQ(v.answers, a.answers);
    EXPECT_EQ(v.correct, a.correct);
    EXPECT_EQ(v.presented, a.presented);
    EXPECT_EQ(v.late, a.late);
    return absl::OkStatus();
  });
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_GT(*parts, 1);  // the id span (1 .. 2,000,000) is split
  EXPECT_LE(*parts, 4);
  EXPECT_EQ(seen.size(), want.size());
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << "row " << id;
  // Each part in id order; every id of part p below those of part p + 1.
  int64_t last = 0;
  for (const auto& [part, ids] : ids_by_part) {
    for (int64_t id : ids) {
      EXPECT_GT(id, last) << "part " << part;
      last = id;
    }
  }
  EXPECT_GE(ids_by_part.size(), 2u);
}

TEST_F(AttemptsScanTest, ARegionScansItsRowsInOnePart) {
  AttemptQuery q;
  q.test_id = 1;
  q.region_lo = 3271000000;
  q.region_hi = 3271999999;
  const auto want = Reference(q);
  ASSERT_EQ(want.size(), 101u);  // persons 3, 6, ..., 300 and the far row 1,000,000
  std::vector<int64_t> ids;
  auto parts = tests_->ScanAttemptViews(q, 4, [&](int part, const AttemptView& v) -> Status {
    EXPECT_EQ(part, 0);
    ids.push_back(v.id);
    return absl::OkStatus();
  });
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(*parts, 1);
  std::vector<int64_t> want_ids;
  for (const auto& [id, a] : want) want_ids.push_back(id);
  EXPECT_EQ(ids, want_ids);
}

TEST_F(AttemptsScanTest, AnErrorOfOnePartIsReturnedAndStopsTheScan) {
  AttemptQuery q;
  q.test_id = 1;
  auto parts = tests_->ScanAttemptViews(q, 2, [&](int, const AttemptView& v) -> Status {
    if (v.id == 1'500'000) return absl::InvalidArgumentError("bad row 1500000");
    return absl::OkStatus();
  });
  EXPECT_THAT(parts.status(), StatusIs(absl::StatusCode::kInvalidArgument, "bad row"));
}

}  // namespace
}  // namespace bimtek::store
