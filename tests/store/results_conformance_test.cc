// The practice store on both backends: runs in progress (one per user, kind and ref), finished
// results with their accuracy per rule, and their aggregates over a region range.
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backend_fixture.h"
#include "store/postgres/postgres_accounts.h"
#include "store/postgres/postgres_results.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_results.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;

class ResultsConformanceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto a = pg() ? OpenPostgresAccounts(db()) : OpenSqliteAccounts(db());
    ASSERT_TRUE(a.ok()) << a.status();
    for (const char* name : {"ani", "budi", "citra"}) {
      UserRow u;
      u.username = name;
      u.role = UserRole::kKabKota;
      u.scope = 3271;
      u.display_name = name;
      auto id = (*a)->CreateUser(u);
      ASSERT_TRUE(id.ok()) << id.status();
      users_.push_back(*id);
    }
    auto r = Open(db());
    ASSERT_TRUE(r.ok()) << r.status();
    rs_ = std::move(*r);
  }
  void TearDown() override {
    rs_.reset();
    BackendTest::TearDown();
  }
  StatusOr<std::unique_ptr<ResultStore>> Open(const std::string& db) {
    return pg() ? OpenPostgresResults(db) : OpenSqliteResults(db);
  }

  PracticeResult Result(int user, int64_t region_key, PracticeKind kind, int64_t score,
                        int64_t finished, std::vector<RuleTally> rules) {
    PracticeResult r;
    r.user_id = users_[user];
    r.region_key = region_key;
    r.kind = kind;
    r.ref = kind == PracticeKind::kCounting ? "seed-1" : "power-cut";
    r.score = score;
    r.max_score = 10;
    r.started_unix = finished - 60;
    r.finished_unix = finished;
    r.rules = std::move(rules);
    return r;
  }

  std::vector<int64_t> users_;
  std::unique_ptr<ResultStore> rs_;
};

TEST_P(ResultsConformanceTest, RunsArePutReplacedListedAndDeleted) {
  const int64_t u = users_[0];
  EXPECT_FALSE(rs_->FindRun(u, PracticeKind::kCounting, "7")->has_value());
  ASSERT_THAT(rs_->PutRun({u, PracticeKind::kCounting, "7", "state\tone\\\n", 100, 100}), IsOk());
  ASSERT_THAT(rs_->PutRun({u, PracticeKind::kScenario, "power-cut", "s", 100, 300}), IsOk());
  ASSERT_THAT(rs_->PutRun({u, PracticeKind::kCounting, "7", "state two", 100, 200}), IsOk());
  ASSERT_THAT(rs_->PutRun({users_[1], PracticeKind::kCounting, "7", "other", 1, 1}), IsOk());

  auto run = rs_->FindRun(u, PracticeKind::kCounting, "7");
  ASSERT_TRUE(run.ok() && run->has_value());
  EXPECT_EQ((*run)->state, "state two");
  EXPECT_EQ((*run)->started_unix, 100);
  EXPECT_EQ((*run)->updated_unix, 200);
  EXPECT_FALSE(rs_->FindRun(u, PracticeKind::kScenario, "7")->has_value());

  auto runs = rs_->ListRuns(u);
  ASSERT_THAT(runs.status(), IsOk());
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].ref, "power-cut");  // most recently updated first
  EXPECT_EQ((*runs)[1].ref, "7");

  ASSERT_THAT(rs_->DeleteRun(u, PracticeKind::kCounting, "7"), IsOk());
  EXPECT_EQ(rs_->ListRuns(u)->size(), 1u);
  EXPECT_EQ(rs_->ListRuns(users_[1])->size(), 1u);
}

TEST_P(ResultsConformanceTest, FinishingStoresTheResultWithItsRulesAndEndsTheRun) {
  ASSERT_THAT(rs_->PutRun({users_[0], PracticeKind::kCounting, "seed-1", "s", 1, 2}), IsOk());
  auto id = rs_->FinishRun(Result(0, 3271011001, PracticeKind::kCounting, 8, 1000,
                                  {{"valid.one-party", 3, 4}, {"invalid.two-marks", 5, 6}}));
  ASSERT_THAT(id.status(), IsOk());
  EXPECT_GT(*id, 0);
  EXPECT_FALSE(rs_->FindRun(users_[0], PracticeKind::kCounting, "seed-1")->has_value());

  auto list = rs_->ListResults({}, 10);
  ASSERT_THAT(list.status(), IsOk());
  ASSERT_EQ(list->size(), 1u);
  const PracticeResult& r = (*list)[0];
  EXPECT_EQ(r.id, *id);
  EXPECT_EQ(r.user_id, users_[0]);
  EXPECT_EQ(r.region_key, 3271011001);
  EXPECT_EQ(r.kind, PracticeKind::kCounting);
  EXPECT_EQ(r.ref, "seed-1");
  EXPECT_EQ(r.score, 8);
  EXPECT_EQ(r.max_score, 10);
  EXPECT_EQ(r.started_unix, 940);
  EXPECT_EQ(r.finished_unix, 1000);
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[0].rule, "invalid.two-marks");  // by rule
  EXPECT_EQ(r.rules[0].correct, 5);
  EXPECT_EQ(r.rules[0].total, 6);
}

TEST_P(ResultsConformanceTest, ResultsAreFilteredNewestFirstAndAggregated) {
  ASSERT_THAT(rs_->FinishRun(Result(0, 3271011001, PracticeKind::kCounting, 8, 100,
                                    {{"a", 1, 2}, {"b", 2, 2}}))
                  .status(),
              IsOk());
  ASSERT_THAT(rs_->FinishRun(Result(0, 3271011001, PracticeKind::kScenario, 5, 200, {{"a", 0, 1}}))
                  .status(),
              IsOk());
  ASSERT_THAT(rs_->FinishRun(Result(1, 3271021001, PracticeKind::kCounting, 10, 300, {{"b", 3, 3}}))
                  .status(),
              IsOk());
  ASSERT_THAT(rs_->FinishRun(Result(2, 3171011001, PracticeKind::kCounting, 2, 400, {{"a", 1, 5}}))
                  .status(),
              IsOk());

  auto all = rs_->ListResults({}, 10);
  ASSERT_THAT(all.status(), IsOk());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].finished_unix, 400);
  EXPECT_EQ((*all)[3].finished_unix, 100);
  EXPECT_EQ(rs_->ListResults({}, 2)->size(), 2u);
  ResultQuery bogor{3271000000, 3271999999, std::nullopt, std::nullopt};
  EXPECT_EQ(rs_->ListResults(bogor, 10)->size(), 3u);
  ResultQuery ani = bogor;
  ani.user_id = users_[0];
  EXPECT_EQ(rs_->ListResults(ani, 10)->size(), 2u);
  ani.kind = PracticeKind::kScenario;
  auto one = rs_->ListResults(ani, 10);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].rules.size(), 1u);

  // Per kecamatan (region_key / 10,000) and kind.
  auto groups = rs_->Aggregate(bogor, 10000);
  ASSERT_THAT(groups.status(), IsOk());
  ASSERT_EQ(groups->size(), 3u);
  EXPECT_EQ((*groups)[0].key, 327101);
  EXPECT_EQ((*groups)[0].kind, PracticeKind::kCounting);
  EXPECT_EQ((*groups)[0].results, 1);
  EXPECT_EQ((*groups)[0].people, 1);
  EXPECT_EQ((*groups)[0].score, 8);
  EXPECT_EQ((*groups)[0].max_score, 10);
  EXPECT_EQ((*groups)[0].seconds, 60);
  EXPECT_EQ((*groups)[1].key, 327101);
  EXPECT_EQ((*groups)[1].kind, PracticeKind::kScenario);
  EXPECT_EQ((*groups)[2].key, 327102);
  // Per user, everywhere.
  auto per_user = rs_->Aggregate({}, 0);
  ASSERT_THAT(per_user.status(), IsOk());
  ASSERT_EQ(per_user->size(), 4u);
  EXPECT_EQ((*per_user)[0].key, users_[0]);
  // Per kabupaten/kota, counting only.
  ResultQuery counting{};
  counting.kind = PracticeKind::kCounting;
  auto kab = rs_->Aggregate(counting, 1000000);
  ASSERT_EQ(kab->size(), 2u);
  EXPECT_EQ((*kab)[0].key, 3171);
  EXPECT_EQ((*kab)[1].key, 3271);
  EXPECT_EQ((*kab)[1].results, 2);
  EXPECT_EQ((*kab)[1].people, 2);
  EXPECT_EQ((*kab)[1].score, 18);

  auto acc = rs_->RuleAccuracy(bogor);
  ASSERT_THAT(acc.status(), IsOk());
  ASSERT_EQ(acc->size(), 2u);
  EXPECT_EQ((*acc)[0].rule, "a");
  EXPECT_EQ((*acc)[0].correct, 1);
  EXPECT_EQ((*acc)[0].total, 3);
  EXPECT_EQ((*acc)[1].rule, "b");
  EXPECT_EQ((*acc)[1].correct, 5);
  EXPECT_EQ((*acc)[1].total, 5);
}

TEST_P(ResultsConformanceTest, AResultOfAnUnknownUserWritesNothing) {
  ASSERT_THAT(rs_->FinishRun(Result(0, 3271011001, PracticeKind::kCounting, 1, 1, {})).status(),
              IsOk());
  PracticeResult r = Result(0, 3271011001, PracticeKind::kCounting, 1, 1, {{"a", 1, 1}});
  r.user_id = 999999;
  EXPECT_FALSE(rs_->FinishRun(r).ok());
  EXPECT_EQ(rs_->ListResults({}, 10)->size(), 1u);  // the first one only
}

TEST_P(ResultsConformanceTest, RefusesAStoreWithoutPracticeTables) {
  EXPECT_THAT(Open(Unmigrated()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "practice tables"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ResultsConformanceTest,
                         ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace bimtek::store
