// The test store and the group-commit attempt writer on both backends: tests and their forms,
// attempts as one packed row each, a submit written once whatever the repeats (same key, same
// person, several threads, two writers as two servers would have), bulk inserts and scans.
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backend_fixture.h"
#include "store/postgres/migrations.h"
#include "store/postgres/postgres_attempts.h"
#include "store/sqlite/sqlite_attempts.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;
using ::testing::ElementsAre;

// An idempotency key: prefix and number (appended: GCC 12 warns on "a" + to_string at -O3).
std::string Key(std::string_view prefix, int64_t n) {
  std::string k(prefix);
  k += std::to_string(n);
  return k;
}

// Packed answers with the bytes text formats must escape.
std::string Answers(int n) {
  std::string a("\x00\x01\\\t\n\xff", 6);
  a += std::to_string(n);
  return a;
}

TestAttempt Attempt(int64_t test, int64_t person, const std::string& key, int64_t region_key) {
  TestAttempt a;
  a.test_id = test;
  a.person_id = person;
  a.region_key = region_key;
  a.form = static_cast<int>(person % 2);
  a.idem_key = key;
  a.answers = Answers(static_cast<int>(person));
  a.correct = static_cast<int>(person % 10);
  a.presented = 10;
  a.fetched_ms = 1000 + person;
  a.submitted_ms = 2000 + person;
  a.late = person % 3 == 0;
  a.source = person % 2 ? AttemptSource::kOnline : AttemptSource::kPaper;
  a.entered_by = person % 2 ? "" : "ppk-327102-1";
  return a;
}

void ExpectSameAttempt(const TestAttempt& got, const TestAttempt& want) {
  EXPECT_EQ(got.test_id, want.test_id);
  EXPECT_EQ(got.person_id, want.person_id);
  EXPECT_EQ(got.region_key, want.region_key);
  EXPECT_EQ(got.form, want.form);
  EXPECT_EQ(got.idem_key, want.idem_key);
  EXPECT_EQ(got.answers, want.answers);
  EXPECT_EQ(got.correct, want.correct);
  EXPECT_EQ(got.presented, want.presented);
  EXPECT_EQ(got.fetched_ms, want.fetched_ms);
  EXPECT_EQ(got.submitted_ms, want.submitted_ms);
  EXPECT_EQ(got.late, want.late);
  EXPECT_EQ(got.source, want.source);
  EXPECT_EQ(got.entered_by, want.entered_by);
}

class AttemptsConformanceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto t = OpenTests(db());
    ASSERT_TRUE(t.ok()) << t.status();
    tests_ = std::move(*t);
  }
  void TearDown() override {
    tests_.reset();
    BackendTest::TearDown();
  }
  StatusOr<std::unique_ptr<TestStore>> OpenTests(const std::string& db) {
    return pg() ? OpenPostgresTests(db) : OpenSqliteTests(db);
  }
  StatusOr<std::unique_ptr<AttemptWriter>> OpenWriter() {
    return pg() ? OpenPostgresAttemptWriter(db()) : OpenSqliteAttemptWriter(db());
  }

  TestRow Test(const std::string& name, RegionCode scope) {
    TestRow t;
    t.name = name;
    t.kind = TestKind::kPre;
    t.scope = scope;
    t.opens_unix = 100;
    t.closes_unix = 200;
    t.time_limit_seconds = 1800;
    t.pass_mark = 72.5;
    t.remedial_mark = 50;
    t.seed = 0xfedcba9876543210ULL;
    t.forms = 2;
    t.blueprint = *assessment::ParseBlueprint("M1:2,M3:1");
    t.created_by = "kpu-kota-bogor";
    t.created_unix = 1234;
    return t;
  }

  int64_t CreateTest(const std::string& name = "Pre-test", RegionCode scope = 3271) {
    auto id = tests_->CreateTest(Test(name, scope), {{0, {{"M1-A-001", 1}, {"M3-B-002", 3}}},
                                                     {1, {{"M3-B-002", 3}, {"M1-A-001", 1}}}});
    EXPECT_THAT(id.status(), IsOk());
    return id.ok() ? *id : 0;
  }

  int64_t CountAttempts(int64_t test) {
    int64_t n = 0;
    EXPECT_THAT(tests_->ScanAttempts({test},
                                     [&](const TestAttempt&) {
                                       ++n;
                                       return absl::OkStatus();
                                     }),
                IsOk());
    return n;
  }

  std::unique_ptr<TestStore> tests_;
};

TEST_P(AttemptsConformanceTest, ATestAndItsFormsAreStoredAndListedByScope) {
  const int64_t pre = CreateTest("Pre-test Bogor", 3271);
  TestRow post = Test("Post-test Bogor", 327101);
  post.kind = TestKind::kPost;
  post.pre_test_id = pre;
  post.batch_id = 17;
  auto post_id = tests_->CreateTest(post, {{0, {{"M1-A-001", 2}}}});
  ASSERT_THAT(post_id.status(), IsOk());
  const int64_t national = CreateTest("Nasional", 0);

  auto got = tests_->GetTest(pre);
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status();
  const TestRow& t = **got;
  EXPECT_EQ(t.id, pre);
  EXPECT_EQ(t.name, "Pre-test Bogor");
  EXPECT_EQ(t.kind, TestKind::kPre);
  EXPECT_EQ(t.scope, 3271);
  EXPECT_EQ(t.batch_id, 0);
  EXPECT_EQ(t.pre_test_id, 0);
  EXPECT_EQ(t.opens_unix, 100);
  EXPECT_EQ(t.closes_unix, 200);
  EXPECT_EQ(t.time_limit_seconds, 1800);
  EXPECT_EQ(t.pass_mark, 72.5);
  EXPECT_EQ(t.remedial_mark, 50);
  EXPECT_EQ(t.seed, 0xfedcba9876543210ULL);
  EXPECT_EQ(t.forms, 2);
  EXPECT_EQ(t.blueprint, *assessment::ParseBlueprint("M1:2,M3:1"));
  EXPECT_EQ(t.created_by, "kpu-kota-bogor");
  EXPECT_EQ(t.created_unix, 1234);
  auto p = tests_->GetTest(*post_id);
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->kind, TestKind::kPost);
  EXPECT_EQ((*p)->pre_test_id, pre);
  EXPECT_EQ((*p)->batch_id, 17);
  EXPECT_FALSE(tests_->GetTest(999999)->has_value());

  auto forms = tests_->GetForms(pre);
  ASSERT_THAT(forms.status(), IsOk());
  ASSERT_EQ(forms->size(), 2u);
  EXPECT_EQ((*forms)[1].form, 1);
  EXPECT_THAT((*forms)[1].items, ElementsAre(assessment::FormItem{"M3-B-002", 3},
                                             assessment::FormItem{"M1-A-001", 1}));

  // Newest first; a scope's range holds the tests of its regions; national ones are key 0.
  auto bogor = tests_->ListTests(3271000000, 3271999999);
  ASSERT_THAT(bogor.status(), IsOk());
  ASSERT_EQ(bogor->size(), 2u);
  EXPECT_EQ((*bogor)[0].id, *post_id);
  EXPECT_EQ((*bogor)[1].id, pre);
  auto all = tests_->ListTests(0, 9999999999);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, national);
  EXPECT_EQ(tests_->ListTests(3171000000, 3171999999)->size(), 0u);
}

TEST_P(AttemptsConformanceTest, ASubmitIsWrittenOnceAndRepeatsGetTheFirst) {
  const int64_t test = CreateTest();
  auto writer = OpenWriter();
  ASSERT_THAT(writer.status(), IsOk());
  const TestAttempt a = Attempt(test, 5, "key-5", 3271011001);
  auto first = (*writer)->SubmitAndWait(a);
  ASSERT_THAT(first.status(), IsOk());
  EXPECT_FALSE(first->duplicate);
  EXPECT_GT(first->row.id, 0);
  ExpectSameAttempt(first->row, a);

  // The same key again (a retried request), even with other answers: the first row.
  TestAttempt again = a;
  again.answers = "other";
  auto second = (*writer)->SubmitAndWait(again);
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(second->row.id, first->row.id);
  EXPECT_EQ(second->row.answers, a.answers);
  // The same person with another key (a second tab): the first row too.
  auto third = (*writer)->SubmitAndWait(Attempt(test, 5, "key-5b", 3271011001));
  ASSERT_THAT(third.status(), IsOk());
  EXPECT_TRUE(third->duplicate);
  EXPECT_EQ(third->row.id, first->row.id);
  EXPECT_EQ(third->row.idem_key, "key-5");

  auto found = tests_->FindAttempt(test, 5);
  ASSERT_TRUE(found.ok() && found->has_value());
  ExpectSameAttempt(**found, a);
  EXPECT_FALSE(tests_->FindAttempt(test, 6)->has_value());
  EXPECT_EQ(CountAttempts(test), 1);
}

// Many threads submit at once, every submit twice (once with its own key, once with a new one);
// two writers stand for two server processes over one database. Every person's attempt is
// stored exactly once and every answer names that row.
TEST_P(AttemptsConformanceTest, ConcurrentSubmitsFromTwoWritersAreStoredExactlyOnce) {
  const int64_t test = CreateTest();
  auto w1 = OpenWriter();
  auto w2 = OpenWriter();
  ASSERT_THAT(w1.status(), IsOk());
  ASSERT_THAT(w2.status(), IsOk());
  constexpr int kThreads = 8, kPerThread = 60;
  std::vector<std::vector<int64_t>> ids(kThreads * kPerThread);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Each person is submitted by two threads, through both writers.
        const int person = (t / 2) * kPerThread + i;
        AttemptWriter& w = t % 2 ? **w1 : **w2;
        std::string key = "k";
        key += std::to_string(person);
        if (i % 3 != 0) {
          key += '-';
          key += std::to_string(t);
        }
        auto r = w.SubmitAndWait(Attempt(test, person, key, 3271011001 + (person % 2) * 10000));
        if (!r.ok()) {
          ++failures;
          continue;
        }
        ids[static_cast<size_t>(t * kPerThread + i)].push_back(r->row.id);
        if (r->row.person_id != person) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  const int people = kThreads / 2 * kPerThread;
  EXPECT_EQ(CountAttempts(test), people);
  std::set<int64_t> distinct;
  for (const auto& v : ids) distinct.insert(v.begin(), v.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(people));
  for (int p = 0; p < people; ++p) {
    auto a = tests_->FindAttempt(test, p);
    ASSERT_TRUE(a.ok() && a->has_value()) << p;
  }
}

TEST_P(AttemptsConformanceTest, DestroyingTheWriterFinishesWhatWasQueued) {
  const int64_t test = CreateTest();
  std::atomic<int> done{0}, ok{0};
  {
    auto w = OpenWriter();
    ASSERT_THAT(w.status(), IsOk());
    for (int i = 0; i < 500; ++i) {
      (*w)->Submit(Attempt(test, i, Key("q", i), 3271011001), [&](StatusOr<SubmitOutcome> r) {
        ++done;
        if (r.ok() && !r->duplicate) ++ok;
      });
    }
  }
  EXPECT_EQ(done.load(), 500);
  EXPECT_EQ(ok.load(), 500);
  EXPECT_EQ(CountAttempts(test), 500);
}

TEST_P(AttemptsConformanceTest, BulkInsertsSkipStoredRowsAndScansKeepIdOrderInRange) {
  const int64_t test = CreateTest();
  const int64_t other = CreateTest("Other");
  std::vector<TestAttempt> rows;
  for (int p = 1; p <= 40; ++p) {
    rows.push_back(Attempt(test, p, Key("b", p), p <= 20 ? 3271011001 : 3271021001));
  }
  rows.push_back(Attempt(test, 3, "b3-again", 3271011001));  // a person twice: skipped
  rows.push_back(Attempt(other, 1, "b1", 3271011001));       // a key twice: skipped
  auto n = tests_->InsertAttempts(rows);
  ASSERT_THAT(n.status(), IsOk());
  EXPECT_EQ(*n, 40);
  // Again with one new row: only it is inserted.
  rows.push_back(Attempt(other, 2, "o2", 3271011001));
  n = tests_->InsertAttempts(rows);
  ASSERT_THAT(n.status(), IsOk());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(*tests_->InsertAttempts({}), 0);

  std::vector<TestAttempt> seen;
  ASSERT_THAT(tests_->ScanAttempts({test, 3271020000, 3271029999},
                                   [&](const TestAttempt& a) {
                                     seen.push_back(a);
                                     return absl::OkStatus();
                                   }),
              IsOk());
  ASSERT_EQ(seen.size(), 20u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i - 1].id, seen[i].id);
  EXPECT_EQ(seen[0].person_id, 21);
  ExpectSameAttempt(seen[0], rows[20]);
  EXPECT_EQ(CountAttempts(test), 40);
  EXPECT_EQ(CountAttempts(other), 1);

  // A scan stops at the first error its callback returns.
  int calls = 0;
  EXPECT_THAT(tests_->ScanAttempts({test},
                                   [&](const TestAttempt&) {
                                     return ++calls == 3 ? absl::CancelledError("enough")
                                                         : absl::OkStatus();
                                   }),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(calls, 3);
  // And the store is usable afterwards.
  EXPECT_TRUE(tests_->FindAttempt(test, 1)->has_value());
}

TEST_P(AttemptsConformanceTest, ManyAttemptsAreScannedInFull) {
  const int64_t test = CreateTest();
  std::vector<TestAttempt> rows;
  for (int p = 1; p <= 5000; ++p) {
    rows.push_back(Attempt(test, p, Key("m", p), 3271011001));
  }
  ASSERT_EQ(*tests_->InsertAttempts(rows), 5000);
  int64_t sum = 0, n = 0;
  ASSERT_THAT(tests_->ScanAttempts({test},
                                   [&](const TestAttempt& a) {
                                     sum += a.person_id;
                                     ++n;
                                     return absl::OkStatus();
                                   }),
              IsOk());
  EXPECT_EQ(n, 5000);
  EXPECT_EQ(sum, 5000LL * 5001 / 2);
}

// PostgreSQL only (a file has no connection to lose): a server restart or failover ends the
// writer's connection; the next group opens a new one and is written.
TEST_P(AttemptsConformanceTest, TheWriterReconnectsAfterItsConnectionIsLost) {
  if (!pg()) GTEST_SKIP() << "PostgreSQL only";
  const int64_t test = CreateTest();
  const std::string app = "w_" + schema_;
  auto w = OpenPostgresAttemptWriter(db() + "&application_name=" + app);
  ASSERT_THAT(w.status(), IsOk());
  ASSERT_THAT((*w)->SubmitAndWait(Attempt(test, 1, "r1", 3271011001)).status(), IsOk());
  auto admin = pg::Conn::Connect(TestPgUrl());
  ASSERT_THAT(admin.status(), IsOk());
  auto killed = admin->Exec(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
      {pg::Param::Text(app)});
  ASSERT_THAT(killed.status(), IsOk());
  ASSERT_EQ(killed->Int(0, 0), 1);
  // Wait until the server has ended it, so the next submit meets a dead connection.
  for (;;) {
    auto left = admin->Exec("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                            {pg::Param::Text(app)});
    ASSERT_THAT(left.status(), IsOk());
    if (left->Int(0, 0) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto r = (*w)->SubmitAndWait(Attempt(test, 2, "r2", 3271011001));
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_FALSE(r->duplicate);
  EXPECT_EQ(CountAttempts(test), 2);
}

// PostgreSQL only (migration 11): attempts partitioned by province. Each row lands in the
// partition of its region's province, whether the writer or a bulk insert wrote it, and the
// global key table holds one row per attempt.
TEST_P(AttemptsConformanceTest, PostgresqlKeepsEachProvinceInItsOwnPartition) {
  if (!pg()) GTEST_SKIP() << "partitions are PostgreSQL's";
  const int64_t test = CreateTest();
  auto w = OpenWriter();
  ASSERT_THAT(w.status(), IsOk());
  ASSERT_THAT((*w)->SubmitAndWait(Attempt(test, 1, "p1", 3271011001)).status(), IsOk());
  ASSERT_THAT((*w)->SubmitAndWait(Attempt(test, 2, "p2", 3171011001)).status(), IsOk());
  ASSERT_EQ(*tests_->InsertAttempts({Attempt(test, 3, "p3", 3271021001),
                                     Attempt(test, 4, "p4", 3171011001),
                                     Attempt(test, 5, "p5", 3271011001)}),
            3);
  auto conn = pg::Conn::Connect(TestPgUrl());
  ASSERT_THAT(conn.status(), IsOk());
  ASSERT_THAT(conn->Script("SET search_path = \"" + schema_ + "\""), IsOk());
  auto where = [&](const std::string& table) {
    std::vector<std::string> out;
    auto r = conn->Exec("SELECT tableoid::regclass::text || ':' || count(*) FROM " + table +
                        " GROUP BY tableoid ORDER BY 1");
    EXPECT_THAT(r.status(), IsOk());
    if (r.ok()) {
      for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->Text(i, 0));
    }
    return out;
  };
  EXPECT_THAT(where("attempts"), ElementsAre("attempts_p31:2", "attempts_p32:3"));
  EXPECT_THAT(where("attempt_keys"), ElementsAre("attempt_keys:5"));
  // The key table says where each row is, and the row is there with the same id.
  auto agree = conn->Exec(
      "SELECT count(*) FROM attempt_keys k JOIN attempts a ON a.id = k.id AND a.region_key = "
      "k.region_key AND a.idem_key = k.idem_key AND a.test_id = k.test_id AND a.person_id = "
      "k.person_id");
  ASSERT_THAT(agree.status(), IsOk());
  EXPECT_EQ(agree->Int(0, 0), 5);
  // Lookups go through the key table to the one partition.
  auto found = tests_->FindAttempt(test, 2);
  ASSERT_TRUE(found.ok() && found->has_value());
  ExpectSameAttempt(**found, Attempt(test, 2, "p2", 3171011001));
  int64_t n = 0;
  ASSERT_THAT(tests_->ScanAttempts({test, 3100000000, 3199999999},
                                   [&](const TestAttempt& a) {
                                     EXPECT_EQ(a.region_key / 100000000, 31);
                                     ++n;
                                     return absl::OkStatus();
                                   }),
              IsOk());
  EXPECT_EQ(n, 2);
}

// PostgreSQL only: the two uniquenesses span the country although each province has its own
// partition. The same test and person from another province, or the same key for another
// person elsewhere, get the stored row back (writer) or are skipped (bulk); the database itself
// refuses a second key row.
TEST_P(AttemptsConformanceTest, PostgresqlRefusesADuplicateAcrossProvinces) {
  if (!pg()) GTEST_SKIP() << "partitions are PostgreSQL's";
  const int64_t test = CreateTest();
  auto w1 = OpenWriter();
  auto w2 = OpenWriter();
  ASSERT_THAT(w1.status(), IsOk());
  ASSERT_THAT(w2.status(), IsOk());
  const TestAttempt first = Attempt(test, 5, "x5", 3271011001);
  auto a = (*w1)->SubmitAndWait(first);
  ASSERT_THAT(a.status(), IsOk());
  EXPECT_FALSE(a->duplicate);
  // Same (test, person), another key, another province, through the other writer.
  auto b = (*w2)->SubmitAndWait(Attempt(test, 5, "x5-jakarta", 3171011001));
  ASSERT_THAT(b.status(), IsOk());
  EXPECT_TRUE(b->duplicate);
  EXPECT_EQ(b->row.id, a->row.id);
  ExpectSameAttempt(b->row, first);
  // Same key, another person in another province.
  auto c = (*w2)->SubmitAndWait(Attempt(test, 6, "x5", 3171011001));
  ASSERT_THAT(c.status(), IsOk());
  EXPECT_TRUE(c->duplicate);
  EXPECT_EQ(c->row.id, a->row.id);
  ExpectSameAttempt(c->row, first);
  // Both in one group of one writer: the first is stored, the second answered with it.
  std::atomic<int> done{0};
  std::vector<StatusOr<SubmitOutcome>> got(2, absl::UnknownError("not answered"));
  (*w1)->Submit(Attempt(test, 7, "x7", 3171011001), [&](StatusOr<SubmitOutcome> r) {
    got[0] = std::move(r);
    ++done;
  });
  (*w1)->Submit(Attempt(test, 7, "x7-bogor", 3271011001), [&](StatusOr<SubmitOutcome> r) {
    got[1] = std::move(r);
    ++done;
  });
  while (done.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_THAT(got[0].status(), IsOk());
  ASSERT_THAT(got[1].status(), IsOk());
  EXPECT_FALSE(got[0]->duplicate);
  EXPECT_TRUE(got[1]->duplicate);
  EXPECT_EQ(got[1]->row.id, got[0]->row.id);
  EXPECT_EQ(got[1]->row.region_key, 3171011001);
  // Bulk: a stored person from another province and a stored key are skipped.
  EXPECT_EQ(*tests_->InsertAttempts(
                {Attempt(test, 5, "x5-bulk", 3171011001), Attempt(test, 8, "x7", 3271021001),
                 Attempt(test, 9, "x9", 3171011001), Attempt(test, 9, "x9-again", 3271011001)}),
            1);
  EXPECT_EQ(CountAttempts(test), 3);
  auto found = tests_->FindAttempt(test, 9);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->idem_key, "x9");
  EXPECT_EQ((*found)->region_key, 3171011001);
  // Underneath: a second key row for a stored (test, person) or key is a unique violation,
  // whatever the region; an attempt row without its key row breaks the foreign key.
  auto conn = pg::Conn::Connect(TestPgUrl());
  ASSERT_THAT(conn.status(), IsOk());
  ASSERT_THAT(conn->Script("SET search_path = \"" + schema_ + "\""), IsOk());
  EXPECT_THAT(conn->Exec("INSERT INTO attempt_keys(idem_key, test_id, person_id, region_key) "
                         "VALUES('other', $1, 5, 3171011001)",
                         {pg::Param::Int(test)})
                  .status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(conn->Exec("INSERT INTO attempt_keys(idem_key, test_id, person_id, region_key) "
                         "VALUES('x5', $1, 99, 3171011001)",
                         {pg::Param::Int(test)})
                  .status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(conn->Exec("INSERT INTO attempts(id, test_id, person_id, region_key, form, "
                         "idem_key, answers, correct, presented, fetched_ms, submitted_ms, late, "
                         "source) VALUES(999999, $1, 98, 3171011001, 0, 'y', '', 0, 0, 0, 0, "
                         "false, 1)",
                         {pg::Param::Int(test)})
                  .status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  auto rows = conn->Exec(
      "SELECT (SELECT count(*) FROM attempts) || '/' || (SELECT count(*) "
      "FROM attempt_keys)");
  ASSERT_THAT(rows.status(), IsOk());
  EXPECT_EQ(rows->Text(0, 0), "3/3");
}

TEST_P(AttemptsConformanceTest, RefusesAStoreWithoutTestTables) {
  EXPECT_THAT(OpenTests(Unmigrated()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "test tables"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AttemptsConformanceTest,
                         ::testing::Values("sqlite", "postgresql"), BackendName);

// PostgreSQL migration 11 on a store that already holds attempts: they move into their
// provinces' partitions with their ids, their keys into attempt_keys, both keys stay unique
// across the country, and new ids continue after the old ones.
TEST(AttemptsPostgresMigrationTest, Migration11PartitionsAStoreThatHoldsAttempts) {
  if (TestPgUrl().empty()) {
    if (TestPgRequired()) FAIL() << "BIMTEK_REQUIRE_PG=1 but BIMTEK_TEST_PG_URL is not set";
    GTEST_SKIP() << "needs BIMTEK_TEST_PG_URL (scripts/with-postgres.sh)";
  }
  const std::string schema = "bk_m11_" + std::to_string(getpid());
  {
    auto conn = pg::Conn::Connect(TestPgUrl());
    ASSERT_THAT(conn.status(), IsOk());
    ASSERT_THAT(conn->Script("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE; CREATE SCHEMA \"" +
                             schema + "\"; SET search_path = \"" + schema +
                             "\"; CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, "
                             "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL "
                             "DEFAULT now())"),
                IsOk());
    // The schema as a Bimtek before migration 11 left it, holding three attempts.
    for (const pg::Migration& m : pg::Migrations()) {
      if (m.version >= 11) continue;
      ASSERT_THAT(conn->Script(m.sql), IsOk()) << "migration " << m.version;
      ASSERT_THAT(conn->Exec("INSERT INTO schema_migrations(version, description) VALUES($1, $2)",
                             {pg::Param::Int(m.version), pg::Param::Text(m.description)})
                      .status(),
                  IsOk());
    }
    const std::vector<TestAttempt> old = {Attempt(1, 10, "old-10", 3271011001),
                                          Attempt(1, 11, "old-11", 3171011001),
                                          Attempt(2, 10, "old-2-10", 3271021001)};
    for (size_t i = 0; i < old.size(); ++i) {
      const TestAttempt& a = old[i];
      ASSERT_THAT(
          conn->Exec("INSERT INTO attempts(id, test_id, person_id, region_key, form, idem_key, "
                     "answers, correct, presented, fetched_ms, submitted_ms, late, source, "
                     "entered_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                     "$14)",
                     {pg::Param::Int(static_cast<int64_t>(100 + i)), pg::Param::Int(a.test_id),
                      pg::Param::Int(a.person_id), pg::Param::Int(a.region_key),
                      pg::Param::Int(a.form), pg::Param::Text(a.idem_key),
                      pg::Param::Bytes(a.answers), pg::Param::Int(a.correct),
                      pg::Param::Int(a.presented), pg::Param::Int(a.fetched_ms),
                      pg::Param::Int(a.submitted_ms), pg::Param::Text(a.late ? "true" : "false"),
                      pg::Param::Int(static_cast<int>(a.source)), pg::Param::Text(a.entered_by)})
              .status(),
          IsOk());
    }
    ASSERT_THAT(conn->Script("SELECT setval(pg_get_serial_sequence('attempts', 'id'), 150)"),
                IsOk());
  }
  const std::string url =
      TestPgUrl() + (TestPgUrl().find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
  {
    auto registry = OpenPostgresStore(url, FixtureRegions());
    ASSERT_THAT(registry.status(), IsOk());
    auto tests = OpenPostgresTests(url);
    ASSERT_THAT(tests.status(), IsOk());
    auto found = (*tests)->FindAttempt(1, 11);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->id, 101);
    ExpectSameAttempt(**found, Attempt(1, 11, "old-11", 3171011001));
    auto writer = OpenPostgresAttemptWriter(url);
    ASSERT_THAT(writer.status(), IsOk());
    // A stored (test, person) from another province, and a stored key: the old rows back.
    auto again = (*writer)->SubmitAndWait(Attempt(1, 10, "new-key", 3171011001));
    ASSERT_THAT(again.status(), IsOk());
    EXPECT_TRUE(again->duplicate);
    EXPECT_EQ(again->row.id, 100);
    auto same_key = (*writer)->SubmitAndWait(Attempt(3, 12, "old-2-10", 3171011001));
    ASSERT_THAT(same_key.status(), IsOk());
    EXPECT_TRUE(same_key->duplicate);
    EXPECT_EQ(same_key->row.id, 102);
    // A new one: its id after the old sequence's.
    auto fresh = (*writer)->SubmitAndWait(Attempt(1, 12, "new-12", 3171011001));
    ASSERT_THAT(fresh.status(), IsOk());
    EXPECT_FALSE(fresh->duplicate);
    EXPECT_GT(fresh->row.id, 150);
  }
  auto conn = pg::Conn::Connect(TestPgUrl());
  ASSERT_THAT(conn.status(), IsOk());
  ASSERT_THAT(conn->Script("SET search_path = \"" + schema + "\""), IsOk());
  auto parts = conn->Exec(
      "SELECT string_agg(t || ':' || n, ' ' ORDER BY t) FROM (SELECT tableoid::regclass::text t, "
      "count(*) n FROM attempts GROUP BY 1) x");
  ASSERT_THAT(parts.status(), IsOk());
  EXPECT_EQ(parts->Text(0, 0), "attempts_p31:2 attempts_p32:2");
  auto keys = conn->Exec(
      "SELECT string_agg(id || '=' || idem_key, ' ' ORDER BY id) FROM "
      "attempt_keys WHERE id < 150");
  ASSERT_THAT(keys.status(), IsOk());
  EXPECT_EQ(keys->Text(0, 0), "100=old-10 101=old-11 102=old-2-10");
  auto kind = conn->Exec("SELECT relkind::text FROM pg_class WHERE oid = 'attempts'::regclass");
  ASSERT_THAT(kind.status(), IsOk());
  EXPECT_EQ(kind->Text(0, 0), "p");  // partitioned
  ASSERT_THAT(conn->Script("DROP SCHEMA \"" + schema + "\" CASCADE"), IsOk());
}

}  // namespace
}  // namespace bimtek::store
