// The results reports (issues 5 and 6) over real SQLite stores: figures checked against numbers
// computed by hand (means, pass rate, Hake's gain both ways with a pre-test of 100), grouping by
// region, batch and facilitator, practice results beside the tests, a person's answers with
// explanations, distractor counts, and the scope rules (a 32.71 operator sees nothing of 32.01;
// a facilitator sees the batches they teach and nothing else beyond their region).
#include "service/results.h"

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/registry_env.h"
#include "store/schema.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_planning.h"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_results.h"

namespace bimtek::service {
namespace {

using absl::StatusCode;
using questions::ItemType;
using questions::Question;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using testing::IsOk;
using ::testing::Optional;
using testing::StatusIs;

constexpr int64_t kOpens = 1'800'000'000;
constexpr RegionCode kDesa1 = 3271011001, kDesa2 = 3271011002, kFarDesa = 3201010001;

Question Item(int i, const std::string& module) {
  Question q;
  q.id = StrCat(module, "-R-", 100 + i);
  q.type = ItemType::kSingle;
  q.module = module;
  q.topics = {"voting"};
  q.stem = "Soal " + q.id;
  q.options = {{"A", "a"}, {"B", "b"}, {"C", "c"}};
  q.key = {"B"};
  q.explanation = "Penjelasan " + q.id;
  return q;
}

store::UserRow Staff(const std::string& name, store::UserRole role, RegionCode scope) {
  store::UserRow u;
  u.username = name;
  u.role = role;
  u.scope = scope;
  return u;
}

class ResultsTest : public ::testing::Test {
 protected:
  ResultsTest() {
    const std::string db = env_.db_path();
    bank_ = std::move(store::OpenSqliteQuestions(db)).value();
    std::vector<Question> items;
    for (int i = 0; i < 2; ++i) items.push_back(Item(i, "M1"));
    for (int i = 0; i < 2; ++i) items.push_back(Item(i, "M3"));
    EXPECT_TRUE(bank_->PutQuestions(items, kOpens).ok());
    tests_store_ = std::move(store::OpenSqliteTests(db)).value();
    accounts_ = std::move(store::OpenSqliteAccounts(db)).value();
    practice_ = std::move(store::OpenSqliteResults(db)).value();
    planning_ = std::move(store::OpenSqlitePlanning(db)).value();
    tests_ = std::make_unique<Tests>(*tests_store_, *bank_, env_.store(), &env_.vault(), nullptr);
    reports_ =
        std::make_unique<ResultsReports>(*tests_, *tests_store_, env_.store(), env_.ref().regions,
                                         practice_.get(), accounts_.get(), planning_.get());
    admin_ = Staff("admin", store::UserRole::kNationalAdmin, 0);
    op71_ = Staff("bogor-kota", store::UserRole::kKabKota, 3271);
    op01_ = Staff("bogor-kab", store::UserRole::kKabKota, 3201);
  }

  // A KPPS member with their own TPS in `desa` and a participant account; returns the person id.
  int64_t Member(const std::string& nik, RegionCode desa, const std::string& name) {
    Person p;
    p.nik = nik;
    p.name = name;
    p.sex = Sex::kFemale;
    p.birth_date = Date{1990, 5, 17};
    p.role = Role::kKpps;
    p.tps = MakeTpsCode(desa, static_cast<int>(++tps_));
    p.position = 1;
    p.work_region = desa;
    auto txn = env_.store().Begin();
    auto id = (*txn)->InsertPerson(SealPerson(env_.vault(), p));
    EXPECT_TRUE(id.ok()) << id.status();
    EXPECT_THAT((*txn)->Commit(), IsOk());
    store::UserRow u;
    u.username = "p" + nik.substr(12);
    u.role = store::UserRole::kParticipant;
    u.scope = desa;
    u.person_id = *id;
    auto uid = accounts_->CreateUser(u);
    EXPECT_TRUE(uid.ok()) << uid.status();
    u.id = *uid;
    users_[*id] = u;
    tps_of_[*id] = p.tps;
    return *id;
  }

  int64_t CreateTest(store::TestKind kind, int64_t pre) {
    NewTest n;
    n.name = kind == store::TestKind::kPre ? "Pra-tes" : "Pasca-tes";
    n.kind = kind;
    n.scope = 0;
    n.pre_test_id = pre;
    n.opens_unix = kOpens;
    n.closes_unix = kOpens + 3600;
    n.pass_mark = 75;
    n.remedial_mark = 50;
    n.blueprint = "M1:2,M3:2";
    n.seed = 5;
    auto t = tests_->Create(admin_, n, kOpens);
    EXPECT_TRUE(t.ok()) << t.status();
    return t->id;
  }

  // A paper sheet with the key (B) for the first `right` of the form's 4 items, A for the rest.
  void Sheet(int64_t test, int64_t person, int right) {
    auto lt = tests_->Load(test);
    ASSERT_TRUE(lt.ok()) << lt.status();
    Answers a;
    const auto& form = (*lt)->forms[0];
    for (size_t i = 0; i < form.size(); ++i)
      a[form[i].id] = {static_cast<int>(i) < right ? "B" : "A"};
    auto r = tests_->EnterPaper(admin_, test, person, 0, a, kOpens * 1000);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  void Practice(int64_t user_id, RegionCode region, store::PracticeKind kind, int64_t score,
                int64_t max) {
    store::PracticeResult r;
    r.user_id = user_id;
    r.region_key = store::RegionKey(region);
    r.kind = kind;
    r.ref = StrCat("ref", ++practice_n_);
    r.score = score;
    r.max_score = max;
    r.started_unix = kOpens;
    r.finished_unix = kOpens + 600;
    ASSERT_TRUE(practice_->FinishRun(r).ok());
  }

  plan::Facilitator Facilitator(const std::string& code, const std::string& name, RegionCode home) {
    plan::Facilitator f;
    f.code = code;
    f.name = name;
    f.home = home;
    f.modules = {"M1"};
    return f;
  }

  // Plan of `scope` with batches of `crews`; the sessions taught by the given facilitator ids.
  void SavePlan(RegionCode scope, RegionCode kecamatan,
                const std::vector<std::pair<std::vector<TpsCode>, std::vector<int64_t>>>& batches) {
    store::PlanRow p;
    p.scope = Scope::Of(scope);
    p.from = Date{2024, 1, 25};
    p.to = Date{2024, 1, 26};
    p.curriculum = "bimtek-kpps-2024";
    p.curriculum_version = 1;
    p.result_json = "{}";
    std::vector<plan::Batch> list;
    int64_t id = 0;
    for (const auto& [crews, facs] : batches) {
      plan::Batch b;
      b.id = ++id;
      b.venue = 1;
      b.date = Date{2024, 1, 25};
      b.start_min = 480;
      b.end_min = 950;
      b.kecamatan = kecamatan;
      b.crews = crews;
      std::sort(b.crews.begin(), b.crews.end());
      int start = 480;
      for (int64_t f : facs) {
        b.sessions.push_back({"M1", start, start + 60, f});
        start += 60;
      }
      b.people = static_cast<int>(crews.size()) * 7;
      list.push_back(std::move(b));
    }
    auto r = planning_->SavePlan(p, list);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  int64_t FacilitatorId(const std::string& code) {
    auto f = planning_->FindFacilitatorByCode(code);
    EXPECT_TRUE(f.ok() && f->has_value());
    return (*f)->id;
  }

  // The standard data: A (pre 50, post 75), B (100, 100), C (25, 100) and D (post 25 only) in
  // 32.71; E (0, 100) in 32.01. A and B in desa 1 and batch 1, C and D in desa 2 and batch 2.
  void Load() {
    a_ = Member("3271015705900001", kDesa1, "Ani");
    b_ = Member("3271015705900002", kDesa1, "Budi");
    c_ = Member("3271015705900003", kDesa2, "Citra");
    d_ = Member("3271015705900004", kDesa2, "Dedi");
    e_ = Member("3201015705900005", kFarDesa, "Eka");
    pre_ = CreateTest(store::TestKind::kPre, 0);
    post_ = CreateTest(store::TestKind::kPost, pre_);
    Sheet(pre_, a_, 2);
    Sheet(post_, a_, 3);
    Sheet(pre_, b_, 4);
    Sheet(post_, b_, 4);
    Sheet(pre_, c_, 1);
    Sheet(post_, c_, 4);
    Sheet(post_, d_, 1);
    Sheet(pre_, e_, 0);
    Sheet(post_, e_, 4);
    // Practice: A two counting exercises (8/10, 6/10), C one scenario (3/4), E one exercise;
    // an operator's own practice in 32.71 does not count (not a trainee).
    Practice(users_[a_].id, kDesa1, store::PracticeKind::kCounting, 8, 10);
    Practice(users_[a_].id, kDesa1, store::PracticeKind::kCounting, 6, 10);
    Practice(users_[c_].id, kDesa2, store::PracticeKind::kScenario, 3, 4);
    Practice(users_[e_].id, kFarDesa, store::PracticeKind::kCounting, 10, 10);
    store::UserRow op = op71_;
    op.password_hash = "x";
    auto opid = accounts_->CreateUser(op);
    ASSERT_TRUE(opid.ok()) << opid.status();
    Practice(*opid, 3271, store::PracticeKind::kCounting, 0, 10);
    // Facilitators: F1 teaches batch 1; F2 teaches both batches.
    ASSERT_TRUE(planning_
                    ->PutFacilitators({Facilitator("F1", "Fasilitator Satu", 327102),
                                       Facilitator("F2", "Fasilitator Dua", 327101),
                                       Facilitator("F9", "Fasilitator Jauh", 320101)})
                    .ok());
    const int64_t f1 = FacilitatorId("F1"), f2 = FacilitatorId("F2"), f9 = FacilitatorId("F9");
    SavePlan(327101, 327101,
             {{{tps_of_[a_], tps_of_[b_]}, {f1, f2}}, {{tps_of_[c_], tps_of_[d_]}, {f2}}});
    SavePlan(320101, 320101, {{{tps_of_[e_]}, {f9}}});
  }

  testing::RegistryEnv env_;
  std::unique_ptr<store::QuestionStore> bank_;
  std::unique_ptr<store::TestStore> tests_store_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<store::ResultStore> practice_;
  std::unique_ptr<store::PlanningStore> planning_;
  std::unique_ptr<Tests> tests_;
  std::unique_ptr<ResultsReports> reports_;
  store::UserRow admin_, op71_, op01_;
  std::map<int64_t, store::UserRow> users_;
  std::map<int64_t, TpsCode> tps_of_;
  int64_t tps_ = 0, practice_n_ = 0;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0, e_ = 0, pre_ = 0, post_ = 0;
};

constexpr double kEps = 1e-9;

TEST(FiguresTest, GainBothWaysWithAPreTestOf100AndThePassRate) {
  // pre/post: (50, 75), (100, 100), (25, 100), (-, 25). Post pass mark 75.
  PersonLine a, b, c, d;
  a.pre = 50, a.post = 75, a.passed = true;
  b.pre = 100, b.post = 100, b.passed = true;
  c.pre = 25, c.post = 100, c.passed = true;
  d.post = 25, d.remedial = true;
  d.counting = {2, 1, 14, 20};
  const Figures f = FiguresOf({&a, &b, &c, &d}, true);
  EXPECT_EQ(f.people, 4);
  EXPECT_EQ(f.pre_n, 3);
  EXPECT_EQ(f.post_n, 4);
  EXPECT_THAT(f.mean_pre, Optional(DoubleNear(175.0 / 3, kEps)));
  EXPECT_THAT(f.mean_post, Optional(DoubleNear(75.0, kEps)));
  EXPECT_EQ(f.main_n, 4);
  EXPECT_EQ(f.passed, 3);
  EXPECT_EQ(f.remedial, 1);
  EXPECT_THAT(f.pass_rate, Optional(DoubleNear(75.0, kEps)));
  // Paired: A, B, C. Means 58.33 and 91.67: (91.67 - 58.33) / (100 - 58.33) = 0.8.
  EXPECT_EQ(f.gain.n, 3);
  EXPECT_THAT(f.gain.gain_of_means, Optional(DoubleNear(0.8, kEps)));
  // Personal gains 0.5 and 1.0; B's is undefined (pre 100) and left out.
  EXPECT_THAT(f.gain.mean_of_gains, Optional(DoubleNear(0.75, kEps)));
  EXPECT_EQ(f.gain.n_undefined, 1);
  EXPECT_EQ(f.counting.results, 1 * 2);
  EXPECT_EQ(f.counting.people, 1);
  EXPECT_THAT(f.counting.accuracy(), Optional(DoubleNear(70.0, kEps)));
  EXPECT_EQ(f.scenario.accuracy(), std::nullopt);
  // With the pre-test as the main test, pass counts come from those who took it.
  EXPECT_EQ(FiguresOf({&d}, false).main_n, 0);
}

TEST_F(ResultsTest, RegionFiguresWithPracticeBesideTheTests) {
  Load();
  auto r = reports_->ByGroup(op71_, 0, Scope::Of(327101), GroupBy::kRegion);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->tests.post && r->tests.pre);
  EXPECT_EQ(r->tests.post->id, post_);
  EXPECT_EQ(r->tests.pre->id, pre_);
  const Figures& t = r->total;
  EXPECT_EQ(t.people, 4);  // E (32.01) is not here
  EXPECT_THAT(t.mean_pre, Optional(DoubleNear(175.0 / 3, kEps)));
  EXPECT_THAT(t.mean_post, Optional(DoubleNear(75.0, kEps)));
  EXPECT_THAT(t.pass_rate, Optional(DoubleNear(75.0, kEps)));
  EXPECT_EQ(t.remedial, 1);
  EXPECT_THAT(t.gain.gain_of_means, Optional(DoubleNear(0.8, kEps)));
  EXPECT_THAT(t.gain.mean_of_gains, Optional(DoubleNear(0.75, kEps)));
  EXPECT_EQ(t.gain.n_undefined, 1);
  // Practice beside: A's two exercises (14/20), C's scenario (3/4); the operator's own is out.
  EXPECT_EQ(t.counting.results, 2);
  EXPECT_THAT(t.counting.accuracy(), Optional(DoubleNear(70.0, kEps)));
  EXPECT_EQ(t.scenario.results, 1);
  EXPECT_THAT(t.scenario.accuracy(), Optional(DoubleNear(75.0, kEps)));
  // Per desa: every desa of the kecamatan is a row; desa 1 = A, B; desa 2 = C, D.
  const GroupRow* d1 = nullptr;
  const GroupRow* d2 = nullptr;
  for (const auto& row : r->rows) {
    if (row.region == kDesa1) d1 = &row;
    if (row.region == kDesa2) d2 = &row;
  }
  ASSERT_NE(d1, nullptr);
  ASSERT_NE(d2, nullptr);
  EXPECT_GT(r->rows.size(), 2u);
  EXPECT_EQ(d1->key, "32.71.01.1001");
  EXPECT_THAT(d1->figures.mean_pre, Optional(DoubleNear(75.0, kEps)));
  EXPECT_THAT(d1->figures.mean_post, Optional(DoubleNear(87.5, kEps)));
  EXPECT_THAT(d1->figures.gain.gain_of_means, Optional(DoubleNear(0.5, kEps)));  // 12.5 / 25
  EXPECT_THAT(d1->figures.gain.mean_of_gains, Optional(DoubleNear(0.5, kEps)));  // A only
  EXPECT_THAT(d1->figures.pass_rate, Optional(DoubleNear(100.0, kEps)));
  EXPECT_EQ(d1->figures.counting.results, 2);
  EXPECT_THAT(d2->figures.mean_post, Optional(DoubleNear(62.5, kEps)));
  EXPECT_THAT(d2->figures.pass_rate, Optional(DoubleNear(50.0, kEps)));
  EXPECT_THAT(d2->figures.gain.gain_of_means, Optional(DoubleNear(1.0, kEps)));
  EXPECT_EQ(d2->figures.scenario.results, 1);
  // The kabupaten level groups by kecamatan: 32.71.01 holds everyone.
  auto kab = reports_->ByGroup(op71_, post_, Scope::Of(3271), GroupBy::kRegion);
  ASSERT_TRUE(kab.ok()) << kab.status();
  for (const auto& row : kab->rows) {
    EXPECT_EQ(row.figures.people, row.region == 327101 ? 4 : 0) << row.key;
  }
  // Asking for the pre-test gives the same pair.
  auto by_pre = reports_->ByGroup(op71_, pre_, Scope::Of(3271), GroupBy::kRegion);
  ASSERT_TRUE(by_pre.ok());
  ASSERT_TRUE(by_pre->tests.post.has_value());
  EXPECT_EQ(by_pre->tests.post->id, post_);
}

TEST_F(ResultsTest, GroupsByBatchAndByFacilitator) {
  Load();
  auto r = reports_->ByGroup(op71_, post_, Scope::Of(3271), GroupBy::kBatch);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 2u);  // the 32.01 plan's batch is not in 32.71
  EXPECT_EQ(r->rows[0].key, "32.71.01/1");
  EXPECT_EQ(r->rows[1].key, "32.71.01/2");
  EXPECT_THAT(r->rows[0].figures.mean_post, Optional(DoubleNear(87.5, kEps)));
  EXPECT_THAT(r->rows[0].figures.gain.gain_of_means, Optional(DoubleNear(0.5, kEps)));
  EXPECT_EQ(r->rows[0].figures.counting.results, 2);
  EXPECT_THAT(r->rows[1].figures.pass_rate, Optional(DoubleNear(50.0, kEps)));
  EXPECT_EQ(r->rows[1].figures.scenario.results, 1);

  auto f = reports_->ByGroup(op71_, post_, Scope::Of(3271), GroupBy::kFacilitator);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(f->rows.size(), 2u);
  EXPECT_EQ(f->rows[0].key, "F1");
  EXPECT_EQ(f->rows[0].label, "Fasilitator Satu");
  EXPECT_EQ(f->rows[0].figures.people, 2);  // batch 1
  EXPECT_THAT(f->rows[0].figures.mean_post, Optional(DoubleNear(87.5, kEps)));
  EXPECT_EQ(f->rows[1].key, "F2");
  EXPECT_EQ(f->rows[1].figures.people, 4);  // both batches
  EXPECT_THAT(f->rows[1].figures.gain.gain_of_means, Optional(DoubleNear(0.8, kEps)));
  EXPECT_THAT(f->rows[1].figures.gain.mean_of_gains, Optional(DoubleNear(0.75, kEps)));
}

TEST_F(ResultsTest, ABatchListsEveryMemberWithScoresAndPractice) {
  Load();
  auto r = reports_->Batch(op71_, 0, {327101, 1});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->people.size(), 2u);
  const PersonLine& a = r->people[0];
  const PersonLine& b = r->people[1];
  EXPECT_EQ(a.name, "Ani");
  EXPECT_THAT(a.pre, Optional(DoubleNear(50, kEps)));
  EXPECT_THAT(a.post, Optional(DoubleNear(75, kEps)));
  EXPECT_TRUE(a.passed);
  EXPECT_THAT(a.gain, Optional(DoubleNear(0.5, kEps)));
  EXPECT_EQ(a.counting.results, 2);
  EXPECT_THAT(a.counting.accuracy(), Optional(DoubleNear(70, kEps)));
  EXPECT_EQ(b.name, "Budi");
  EXPECT_TRUE(b.gain_undefined);
  EXPECT_EQ(b.gain, std::nullopt);
  ASSERT_EQ(r->info.facilitators.size(), 2u);
  EXPECT_EQ(r->info.facilitators[0].code, "F1");
  EXPECT_THAT(r->total.gain.gain_of_means, Optional(DoubleNear(0.5, kEps)));
  EXPECT_THAT(reports_->Batch(op71_, 0, {327101, 99}).status(), StatusIs(StatusCode::kNotFound));
}

TEST_F(ResultsTest, APersonsPageHasAnswersExplanationsGainAndPractice) {
  Load();
  auto r = reports_->Person(op71_, a_);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->tests.size(), 2u);
  EXPECT_EQ(r->tests[0].test->test.id, pre_);
  const PersonTest& post = r->tests[1];
  EXPECT_EQ(post.test->test.id, post_);
  EXPECT_DOUBLE_EQ(post.attempt.score.percent, 75);
  EXPECT_THAT(post.pre_percent, Optional(DoubleNear(50, kEps)));
  EXPECT_THAT(post.gain, Optional(DoubleNear(0.5, kEps)));
  ASSERT_EQ(post.items.size(), 4u);
  EXPECT_TRUE(post.items[0].correct);
  EXPECT_FALSE(post.items[3].correct);
  EXPECT_THAT(post.items[3].given, ElementsAre("A"));
  EXPECT_EQ(post.items[3].question->explanation, "Penjelasan " + post.items[3].question->id);
  ASSERT_TRUE(r->batch.has_value());
  EXPECT_EQ(r->batch->ref, (BatchRef{327101, 1}));
  EXPECT_EQ(r->practice.size(), 2u);
  EXPECT_THAT(r->counting.accuracy(), Optional(DoubleNear(70, kEps)));
  // B: a pre-test of 100 has no gain.
  auto b = reports_->Person(op71_, b_);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->tests[1].gain_undefined);
  EXPECT_EQ(b->tests[1].gain, std::nullopt);
  // The participant sees themself, not another.
  EXPECT_THAT(reports_->Person(users_[a_], a_).status(), IsOk());
  EXPECT_THAT(reports_->Person(users_[a_], b_).status(), StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->Person(op71_, 999999).status(), StatusIs(StatusCode::kNotFound));
}

TEST_F(ResultsTest, ItemAnalysisCountsTheDistractors) {
  Load();
  auto r = reports_->Items(op71_, post_, Scope::Of(3271));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->results.items.has_value());
  ASSERT_EQ(r->options.size(), 4u);
  // Form position p is right for A (3 right), B (4), C (4), D (1): p = 1, .75, .75, .5.
  auto lt = tests_->Load(post_);
  const auto& form = (*lt)->forms[0];
  const std::vector<double> p = {1.0, 0.75, 0.75, 0.5};
  for (size_t pos = 0; pos < form.size(); ++pos) {
    const std::string id = StrCat(form[pos].id, "@", form[pos].version);
    size_t col = 0;
    while (col < r->results.item_ids.size() && r->results.item_ids[col] != id) ++col;
    ASSERT_LT(col, r->results.item_ids.size());
    EXPECT_THAT(r->results.items->items[col].p, Optional(DoubleNear(p[pos], kEps))) << id;
    const ItemOptions& o = r->options[col];
    EXPECT_EQ(o.item, id);
    ASSERT_EQ(o.counts.all.size(), 3u);
    const int64_t right = static_cast<int64_t>(p[pos] * 4 + 0.5);
    EXPECT_EQ(o.counts.all[1], right) << id;      // B, the key
    EXPECT_EQ(o.counts.all[0], 4 - right) << id;  // A, the distractor chosen
    EXPECT_EQ(o.counts.all[2], 0) << id;          // C, never chosen
  }
  // 32.01 has only E: every item right.
  auto far = reports_->Items(op01_, post_, Scope::Of(3201));
  ASSERT_TRUE(far.ok()) << far.status();
  EXPECT_EQ(far->results.total.attempts, 1);
}

TEST_F(ResultsTest, AnOperatorSeesNothingOfAnotherKabupaten) {
  Load();
  EXPECT_THAT(reports_->ByGroup(op71_, 0, Scope::Of(3201), GroupBy::kRegion).status(),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->ByGroup(op71_, 0, Scope::Of(320101), GroupBy::kBatch).status(),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->Batch(op71_, 0, {320101, 1}).status(),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->Person(op71_, e_).status(), StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->Items(op71_, post_, Scope::Of(3201)).status(),
              StatusIs(StatusCode::kPermissionDenied));
  // And 32.01's operator sees E and their batch, not 32.71's.
  EXPECT_THAT(reports_->Person(op01_, e_).status(), IsOk());
  EXPECT_THAT(reports_->Batch(op01_, 0, {320101, 1}).status(), IsOk());
  EXPECT_THAT(reports_->Batch(op01_, 0, {327101, 1}).status(),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->Person(users_[a_], a_).status(), IsOk());
  EXPECT_THAT(reports_->ByGroup(users_[a_], 0, Scope::Of(kDesa1), GroupBy::kRegion).status(),
              StatusIs(StatusCode::kPermissionDenied));
}

TEST_F(ResultsTest, AFacilitatorSeesTheirBatchesOnlyBeyondTheirRegion) {
  Load();
  // F1's account works in kecamatan 32.71.02; F1 teaches batch 1 in 32.71.01.
  const store::UserRow f1 = Staff("f1", store::UserRole::kFacilitator, 327102);
  auto mine = reports_->AssignedBatches(f1);
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].ref, (BatchRef{327101, 1}));
  auto b1 = reports_->Batch(f1, 0, {327101, 1});
  ASSERT_TRUE(b1.ok()) << b1.status();
  EXPECT_EQ(b1->people.size(), 2u);
  EXPECT_TRUE(b1->tests.post.has_value());  // the tests of the batch's region
  EXPECT_THAT(reports_->Batch(f1, 0, {327101, 2}).status(),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->Person(f1, a_).status(), IsOk());
  EXPECT_THAT(reports_->Person(f1, c_).status(), StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(reports_->ByGroup(f1, 0, Scope::Of(327101), GroupBy::kRegion).status(),
              StatusIs(StatusCode::kPermissionDenied));
  // Their own kecamatan is theirs.
  EXPECT_THAT(reports_->ByGroup(f1, 0, Scope::Of(327102), GroupBy::kRegion).status(), IsOk());
  // Another facilitator account (no batch) sees neither batch.
  const store::UserRow other = Staff("f7", store::UserRole::kFacilitator, 327102);
  EXPECT_THAT(reports_->Batch(other, 0, {327101, 1}).status(),
              StatusIs(StatusCode::kPermissionDenied));
  auto none = reports_->AssignedBatches(other);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(DemoResultsTest, SyntheticResultsAreLabelledAndWrittenOnce) {
  testing::RegistryEnv env;
  const std::string db = env.db_path();
  auto bank = std::move(store::OpenSqliteQuestions(db)).value();  // empty: the starter bank
  auto ts = std::move(store::OpenSqliteTests(db)).value();
  auto accounts = std::move(store::OpenSqliteAccounts(db)).value();
  auto practice = std::move(store::OpenSqliteResults(db)).value();
  Tests tests(*ts, *bank, env.store(), &env.vault(), nullptr);
  // Two TPS of 3 KPPS each, and one more TPS beyond max_tps = 2; one member has an account.
  int64_t with_account = 0;
  for (int t = 1; t <= 3; ++t) {
    for (int pos = 1; pos <= 3; ++pos) {
      Person p;
      p.nik = StrCat("32710157059000", t, pos);
      p.name = StrCat("Anggota ", t, "-", pos);
      p.sex = Sex::kMale;
      p.birth_date = Date{1990, 1, 1};
      p.role = Role::kKpps;
      p.tps = MakeTpsCode(kDesa1, t);
      p.position = pos;
      p.work_region = kDesa1;
      auto txn = env.store().Begin();
      auto id = (*txn)->InsertPerson(SealPerson(env.vault(), p));
      ASSERT_TRUE(id.ok()) << id.status();
      ASSERT_THAT((*txn)->Commit(), IsOk());
      if (t == 1 && pos == 1) with_account = *id;
    }
  }
  store::UserRow u;
  u.username = "peserta";
  u.role = store::UserRole::kParticipant;
  u.scope = kDesa1;
  u.person_id = with_account;
  ASSERT_TRUE(accounts->CreateUser(u).ok());
  auto r = GenerateDemoResults(tests, *ts, env.store(), practice.get(), accounts.get(),
                               Scope::Of(327101), 7, kOpens, 2);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->created);
  EXPECT_EQ(r->attempts, 2 * 6);  // pre and post for the 6 KPPS of the first 2 TPS
  EXPECT_EQ(r->practice, 2);      // a counting exercise and a scenario for the account holder
  auto pre = ts->GetTest(r->pre_test);
  ASSERT_TRUE(pre.ok() && pre->has_value());
  EXPECT_THAT((*pre)->name, ::testing::HasSubstr("DEMO (data sintetis)"));
  auto post = ts->GetTest(r->post_test);
  ASSERT_TRUE(post.ok() && post->has_value());
  EXPECT_EQ((*post)->pre_test_id, r->pre_test);
  // The report shows them: 6 people with both scores, practice beside.
  ResultsReports reports(tests, *ts, env.store(), env.ref().regions, practice.get(), accounts.get(),
                         nullptr);
  auto g = reports.ByGroup(Staff("kota", store::UserRole::kKabKota, 3271), 0, Scope::Of(3271),
                           GroupBy::kRegion);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->total.gain.n, 6);
  EXPECT_EQ(g->total.counting.results, 1);
  EXPECT_EQ(g->total.scenario.results, 1);
  // Without a planning store, batches are unavailable (503), not empty.
  EXPECT_THAT(reports
                  .ByGroup(Staff("kota", store::UserRole::kKabKota, 3271), 0, Scope::Of(3271),
                           GroupBy::kBatch)
                  .status(),
              StatusIs(StatusCode::kUnavailable));
  // A second run writes nothing.
  auto again = GenerateDemoResults(tests, *ts, env.store(), practice.get(), accounts.get(),
                                   Scope::Of(327101), 7, kOpens, 2);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->pre_test, r->pre_test);
  int64_t n = 0;
  ASSERT_THAT(ts->ScanAttempts({r->post_test, 0, 9'999'999'999},
                               [&](const store::TestAttempt&) {
                                 ++n;
                                 return absl::OkStatus();
                               }),
              IsOk());
  EXPECT_EQ(n, 6);
}

}  // namespace
}  // namespace bimtek::service
