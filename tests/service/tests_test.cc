// Tests (issue 5) end to end over a real SQLite store: creation inside the scope, delivery with
// a signed key, submits through the group-commit writer (a repeat or a retry counts once), the
// late flag, paper sheets, and results with Hake's gain computed by hand.
#include "service/tests.h"

#include <sqlite3.h>

#include <thread>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/registry_env.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_questions.h"

namespace bimtek::service {
namespace {

using questions::ItemType;
using questions::Question;
using testing::IsOk;
using testing::StatusIs;
using absl::StatusCode;

constexpr int64_t kOpens = 1'800'000'000;
constexpr int64_t kNowMs = (kOpens + 60) * 1000;

Question Item(int i, const std::string& module) {
  Question q;
  q.id = StrCat(module, "-T-", 100 + i);
  q.type = ItemType::kSingle;
  q.module = module;
  q.topics = {"voting"};
  q.stem = "Soal " + q.id;
  q.options = {{"A", "a"}, {"B", "b"}, {"C", "c"}};
  q.key = {"B"};
  q.explanation = "Karena b.";
  return q;
}

class TestsTest : public ::testing::Test {
 protected:
  TestsTest() {
    auto b = store::OpenSqliteQuestions(env_.db_path());
    EXPECT_TRUE(b.ok()) << b.status();
    bank_ = std::move(b).value();
    std::vector<Question> items;
    for (int i = 0; i < 6; ++i) items.push_back(Item(i, "M1"));
    for (int i = 0; i < 6; ++i) items.push_back(Item(i, "M3"));
    EXPECT_TRUE(bank_->PutQuestions(items, kOpens).ok());
    auto t = store::OpenSqliteTests(env_.db_path());
    EXPECT_TRUE(t.ok()) << t.status();
    tests_store_ = std::move(t).value();
    auto w = store::OpenSqliteAttemptWriter(env_.db_path());
    EXPECT_TRUE(w.ok()) << w.status();
    writer_ = std::move(w).value();
    tests_ = std::make_unique<Tests>(*tests_store_, *bank_, env_.store(), &env_.vault(),
                                     writer_.get());
    staff_.username = "bogor";
    staff_.role = store::UserRole::kKabKota;
    staff_.scope = 3271;
  }

  // A KPPS member working in desa `desa`; returns a participant account for them.
  store::UserRow Participant(const std::string& nik, RegionCode desa) {
    Person p;
    p.nik = nik;
    p.name = "Siti";
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
    return u;
  }

  NewTest Spec(store::TestKind kind = store::TestKind::kPre) {
    NewTest n;
    n.name = "Pra-tes";
    n.kind = kind;
    n.scope = 3271;
    n.opens_unix = kOpens;
    n.closes_unix = kOpens + 3600;
    n.pass_mark = 75;
    n.remedial_mark = 50;
    n.blueprint = "M1:2,M3:2";
    n.seed = 11;
    return n;
  }

  StatusOr<AttemptResult> SubmitWait(const store::UserRow& u, int64_t test, std::string_view key,
                                     const Answers& a, int64_t now_ms) {
    std::promise<StatusOr<AttemptResult>> p;
    auto f = p.get_future();
    tests_->Submit(u, test, key, a, now_ms, [&p](StatusOr<AttemptResult> r) { p.set_value(r); });
    return f.get();
  }

  // Answers with the key (B) for the first `right` items of the person's form, A for the rest.
  Answers Answer(const Delivery& d, int right) {
    Answers a;
    const auto& form = d.test->forms[static_cast<size_t>(d.form)];
    for (size_t i = 0; i < form.size(); ++i) {
      a[form[i].id] = {static_cast<int>(i) < right ? "B" : "A"};
    }
    return a;
  }

  int64_t CountAttempts(int64_t test) {
    int64_t n = 0;
    EXPECT_THAT(tests_store_->ScanAttempts({test, 0, 9'999'999'999},
                                           [&](const store::TestAttempt&) {
                                             ++n;
                                             return absl::OkStatus();
                                           }),
                IsOk());
    return n;
  }

  testing::RegistryEnv env_;
  std::unique_ptr<store::QuestionStore> bank_;
  std::unique_ptr<store::TestStore> tests_store_;
  std::unique_ptr<store::AttemptWriter> writer_;
  std::unique_ptr<Tests> tests_;
  store::UserRow staff_;
  int64_t tps_ = 0;
};

TEST_F(TestsTest, CreateChecksScopeBlueprintAndMarks) {
  auto t = tests_->Create(staff_, Spec(), kOpens);
  ASSERT_THAT(t.status(), IsOk());
  EXPECT_GT(t->id, 0);
  auto forms = tests_store_->GetForms(t->id);
  ASSERT_THAT(forms.status(), IsOk());
  ASSERT_EQ(forms->size(), 1u);
  EXPECT_EQ((*forms)[0].items.size(), 4u);

  NewTest other = Spec();
  other.scope = 3201;  // Kabupaten Bogor: outside Kota Bogor
  EXPECT_THAT(tests_->Create(staff_, other, kOpens).status(), StatusIs(StatusCode::kPermissionDenied));
  // PPK, PPS and facilitators give tests; only KPU operators build them.
  for (auto role : {store::UserRole::kPpk, store::UserRole::kPps, store::UserRole::kFacilitator}) {
    store::UserRow giver = staff_;
    giver.role = role;
    EXPECT_THAT(tests_->Create(giver, Spec(), kOpens).status(),
                StatusIs(StatusCode::kPermissionDenied));
  }
  NewTest bad = Spec();
  bad.blueprint = "M1:7";
  EXPECT_THAT(tests_->Create(staff_, bad, kOpens).status(),
              StatusIs(StatusCode::kInvalidArgument, "(6)"));
  bad = Spec();
  bad.remedial_mark = 80;
  EXPECT_THAT(tests_->Create(staff_, bad, kOpens).status(), StatusIs(StatusCode::kInvalidArgument));
  bad = Spec();
  bad.closes_unix = bad.opens_unix;
  EXPECT_THAT(tests_->Create(staff_, bad, kOpens).status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(tests_->List(staff_).value().size(), 1u);
}

TEST_F(TestsTest, DoubleSubmitAndRetryCountOnceAndReturnTheFirstResult) {
  const auto t = tests_->Create(staff_, Spec(), kOpens).value();
  const store::UserRow u = Participant("3271015705900001", 3271011001);
  auto d = tests_->Fetch(u, t.id, kNowMs);
  ASSERT_THAT(d.status(), IsOk());
  EXPECT_EQ(d->test->forms[0].size(), 4u);
  const Answers three = Answer(*d, 3);
  auto first = SubmitWait(u, t.id, d->key, three, kNowMs + 5000);
  ASSERT_THAT(first.status(), IsOk());
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->row.correct, 3);
  EXPECT_DOUBLE_EQ(first->score.percent, 75);
  EXPECT_TRUE(first->score.passed);
  EXPECT_FALSE(first->row.late);
  // The same key again (a retry after a lost response; a double tap), even with other answers.
  auto again = SubmitWait(u, t.id, d->key, Answer(*d, 0), kNowMs + 9000);
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->row.id, first->row.id);
  EXPECT_EQ(again->row.correct, 3);
  // A reload gives a new key: still one attempt per person and test.
  auto d2 = tests_->Fetch(u, t.id, kNowMs + 10000);
  ASSERT_THAT(d2.status(), IsOk());
  ASSERT_TRUE(d2->done.has_value());
  EXPECT_NE(d2->key, d->key);
  auto third = SubmitWait(u, t.id, d2->key, Answer(*d, 4), kNowMs + 11000);
  ASSERT_THAT(third.status(), IsOk());
  EXPECT_TRUE(third->duplicate);
  EXPECT_EQ(third->row.id, first->row.id);
  EXPECT_EQ(CountAttempts(t.id), 1);
  // Many threads submitting the same key at once: one row.
  const store::UserRow v = Participant("3271015705900002", 3271011001);
  auto dv = tests_->Fetch(v, t.id, kNowMs);
  std::vector<std::promise<StatusOr<AttemptResult>>> ps(8);
  for (int i = 0; i < 8; ++i) {
    tests_->Submit(v, t.id, dv->key, Answer(*dv, 2), kNowMs + 1000,
                   [&ps, i](StatusOr<AttemptResult> r) { ps[static_cast<size_t>(i)].set_value(r); });
  }
  int fresh = 0;
  for (auto& p : ps) {
    auto r = p.get_future().get();
    ASSERT_THAT(r.status(), IsOk());
    fresh += !r->duplicate;
  }
  EXPECT_EQ(fresh, 1);
  EXPECT_EQ(CountAttempts(t.id), 2);
}

TEST_F(TestsTest, ForgedForeignAndOutOfScopeAreRefused) {
  const auto t = tests_->Create(staff_, Spec(), kOpens).value();
  const store::UserRow u = Participant("3271015705900001", 3271011001);
  const store::UserRow w = Participant("3271015705900002", 3271011002);
  const store::UserRow far = Participant("3201015705900003", 3201010001);
  EXPECT_THAT(tests_->Fetch(far, t.id, kNowMs).status(), StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(tests_->Fetch(staff_, t.id, kNowMs).status(), StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(tests_->Fetch(u, t.id + 99, kNowMs).status(), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(tests_->Fetch(u, t.id, (kOpens - 1) * 1000).status(),
              StatusIs(StatusCode::kFailedPrecondition, "opens later"));
  auto d = tests_->Fetch(u, t.id, kNowMs).value();
  std::string forged = d.key;
  forged[forged.size() - 1] = forged.back() == '0' ? '1' : '0';
  EXPECT_THAT(SubmitWait(u, t.id, forged, {}, kNowMs).status(),
              StatusIs(StatusCode::kInvalidArgument, "not signed"));
  EXPECT_THAT(SubmitWait(w, t.id, d.key, {}, kNowMs).status(),
              StatusIs(StatusCode::kInvalidArgument, "another participant"));
  EXPECT_THAT(SubmitWait(u, t.id, d.key, {{"M9-NOPE-1", {"A"}}}, kNowMs).status(),
              StatusIs(StatusCode::kInvalidArgument, "M9-NOPE-1"));
  const auto& first = d.test->forms[0][0];
  EXPECT_THAT(SubmitWait(u, t.id, d.key, {{first.id, {"Z"}}}, kNowMs).status(),
              StatusIs(StatusCode::kInvalidArgument, "no option 'Z'"));
  EXPECT_EQ(CountAttempts(t.id), 0);  // nothing half-written
}

TEST_F(TestsTest, LateSubmitsAreKeptAndFlagged) {
  NewTest spec = Spec();
  spec.time_limit_seconds = 600;
  const auto t = tests_->Create(staff_, spec, kOpens).value();
  const store::UserRow u = Participant("3271015705900001", 3271011001);
  const store::UserRow v = Participant("3271015705900002", 3271011001);
  const store::UserRow w = Participant("3271015705900003", 3271011001);
  auto du = tests_->Fetch(u, t.id, kNowMs).value();
  auto dv = tests_->Fetch(v, t.id, kNowMs).value();
  auto dw = tests_->Fetch(w, t.id, kNowMs).value();
  // Within the limit and its 30 s grace: on time.
  auto a = SubmitWait(u, t.id, du.key, Answer(du, 4), kNowMs + 629'000);
  ASSERT_THAT(a.status(), IsOk());
  EXPECT_FALSE(a->row.late);
  // Over the time limit counted from the fetch.
  auto b = SubmitWait(v, t.id, dv.key, Answer(dv, 4), kNowMs + 631'000);
  ASSERT_THAT(b.status(), IsOk());
  EXPECT_TRUE(b->row.late);
  // After the window closed: kept, flagged.
  auto c = SubmitWait(w, t.id, dw.key, Answer(dw, 1), (kOpens + 3600) * 1000 + 1);
  ASSERT_THAT(c.status(), IsOk());
  EXPECT_TRUE(c->row.late);
  EXPECT_EQ(CountAttempts(t.id), 3);
  // A fetch after the close is refused unless the person has submitted.
  EXPECT_THAT(tests_->Fetch(Participant("3271015705900004", 3271011001), t.id,
                            (kOpens + 3600) * 1000).status(),
              StatusIs(StatusCode::kFailedPrecondition, "closed"));
  EXPECT_THAT(tests_->Fetch(w, t.id, (kOpens + 7200) * 1000).status(), IsOk());
}

TEST_F(TestsTest, ResultsGiveGainBothWaysAndItemAnalysis) {
  const auto pre = tests_->Create(staff_, Spec(), kOpens).value();
  NewTest post_spec = Spec(store::TestKind::kPost);
  post_spec.pre_test_id = pre.id;
  post_spec.seed = 12;
  const auto post = tests_->Create(staff_, post_spec, kOpens).value();
  // Pre 25 -> post 75 (g = 50/75 = 2/3); pre 50 -> post 100 (g = 1); pre 100 -> post 75 (undefined).
  const int pre_right[] = {1, 2, 4}, post_right[] = {3, 4, 3};
  const RegionCode desa[] = {3271011001, 3271011001, 3271021001};
  for (int i = 0; i < 3; ++i) {
    const auto u = Participant(StrCat("32710157059000", 10 + i), desa[i]);
    auto d1 = tests_->Fetch(u, pre.id, kNowMs).value();
    ASSERT_THAT(SubmitWait(u, pre.id, d1.key, Answer(d1, pre_right[i]), kNowMs).status(), IsOk());
    auto d2 = tests_->Fetch(u, post.id, kNowMs).value();
    ASSERT_THAT(SubmitWait(u, post.id, d2.key, Answer(d2, post_right[i]), kNowMs).status(), IsOk());
  }
  auto r = tests_->Results(staff_, post.id, 0, 10'000, true, true);
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_EQ(r->total.attempts, 3);
  EXPECT_EQ(r->total.passed, 3);
  EXPECT_NEAR(r->total.mean_percent, (75 + 100 + 75) / 3.0, 1e-9);
  ASSERT_TRUE(r->total.gain.has_value());
  const auto& g = *r->total.gain;
  EXPECT_EQ(g.n, 3);
  EXPECT_EQ(g.n_undefined, 1);
  // Gain of means: pre mean 175/3, post mean 250/3 -> (75/3) / (100 - 175/3) = 25 / (125/3) = 0.6.
  EXPECT_NEAR(*g.gain_of_means, 0.6, 1e-9);
  // Mean of the defined personal gains: (2/3 + 1) / 2 = 5/6.
  EXPECT_NEAR(*g.mean_of_gains, 5.0 / 6.0, 1e-9);
  ASSERT_EQ(r->groups.size(), 2u);  // two kecamatan
  EXPECT_EQ(r->groups[0].key, 327101);
  EXPECT_EQ(r->groups[0].attempts, 2);
  EXPECT_NEAR(*r->groups[0].gain->mean_of_gains, 5.0 / 6.0, 1e-9);
  ASSERT_EQ(r->people.size(), 3u);
  EXPECT_FALSE(r->people[2].gain.has_value());  // pre = 100: undefined, not 0
  EXPECT_NEAR(*r->people[0].gain, 2.0 / 3.0, 1e-9);
  ASSERT_TRUE(r->items.has_value());
  EXPECT_EQ(r->items->n_persons, 3);
  EXPECT_EQ(r->item_ids.size(), 4u);
  // Participants and other scopes see no results.
  store::UserRow other = staff_;
  other.scope = 3201;
  EXPECT_THAT(tests_->Results(other, post.id, 0, 0, false, false).status(),
              StatusIs(StatusCode::kPermissionDenied));
}

// A national analysis scans the table in row-id parts on their own threads (the far row of
// another test below spreads the ids over 1,000,000, so there are two parts on two cores):
// the merged result equals the region scan's, people in id order.
TEST_F(TestsTest, NationalResultsScannedInPartsEqualTheRegionScan) {
  const auto pre = tests_->Create(staff_, Spec(), kOpens).value();
  NewTest post_spec = Spec(store::TestKind::kPost);
  post_spec.pre_test_id = pre.id;
  post_spec.seed = 12;
  const auto post = tests_->Create(staff_, post_spec, kOpens).value();
  for (int i = 0; i < 8; ++i) {
    const auto u = Participant(StrCat("327101570590", 1000 + i), i % 2 ? 3271011001 : 3271021001);
    auto d1 = tests_->Fetch(u, pre.id, kNowMs).value();
    ASSERT_THAT(SubmitWait(u, pre.id, d1.key, Answer(d1, i % 5), kNowMs).status(), IsOk());
    if (i == 3) {
      // A row of another test far away in id order, so that the post-test's rows below and
      // above it fall into different parts.
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(env_.db_path().c_str(), &db), SQLITE_OK);
      ASSERT_EQ(sqlite3_exec(db,
                             "INSERT INTO attempts(id, test_id, person_id, region_key, form, "
                             "idem_key, answers, correct, presented, fetched_ms, submitted_ms, "
                             "late, source) VALUES (1000000, 999, 1, 3271011001, 0, 'far', "
                             "x'00', 0, 1, 0, 0, 0, 1)",
                             nullptr, nullptr, nullptr),
                SQLITE_OK);
      sqlite3_close(db);
    }
    auto d2 = tests_->Fetch(u, post.id, kNowMs).value();
    ASSERT_THAT(SubmitWait(u, post.id, d2.key, Answer(d2, (i * 3) % 5), kNowMs).status(), IsOk());
  }
  store::UserRow admin;
  admin.username = "pusat";
  admin.role = store::UserRole::kNationalAdmin;
  auto national = tests_->Results(admin, post.id, 0, 10'000, true, true);
  auto region = tests_->Results(staff_, post.id, 0, 10'000, true, true);
  ASSERT_THAT(national.status(), IsOk());
  ASSERT_THAT(region.status(), IsOk());
  EXPECT_EQ(national->total.attempts, 8);
  EXPECT_EQ(national->total.attempts, region->total.attempts);
  EXPECT_EQ(national->total.passed, region->total.passed);
  EXPECT_EQ(national->total.remedial, region->total.remedial);
  EXPECT_NEAR(national->total.mean_percent, region->total.mean_percent, 1e-9);
  ASSERT_TRUE(national->total.gain && region->total.gain);
  EXPECT_EQ(national->total.gain->n, 8);
  EXPECT_EQ(national->total.gain->n_undefined, region->total.gain->n_undefined);
  ASSERT_TRUE(national->total.gain->mean_of_gains && region->total.gain->mean_of_gains);
  EXPECT_NEAR(*national->total.gain->mean_of_gains, *region->total.gain->mean_of_gains, 1e-12);
  ASSERT_EQ(national->groups.size(), region->groups.size());
  for (size_t g = 0; g < national->groups.size(); ++g) {
    EXPECT_EQ(national->groups[g].key, region->groups[g].key);
    EXPECT_EQ(national->groups[g].attempts, region->groups[g].attempts);
  }
  ASSERT_EQ(national->people.size(), 8u);
  for (size_t k = 0; k < 8; ++k) {
    EXPECT_EQ(national->people[k].person_id, region->people[k].person_id) << k;
    EXPECT_EQ(national->people[k].gain, region->people[k].gain) << k;
  }
  ASSERT_TRUE(national->items && region->items);
  EXPECT_EQ(national->items->kr20, region->items->kr20);
  for (size_t i = 0; i < national->items->items.size(); ++i) {
    EXPECT_EQ(national->items->items[i].p, region->items->items[i].p) << i;
    EXPECT_EQ(national->items->items[i].rpbis, region->items->items[i].rpbis) << i;
  }
}

TEST_F(TestsTest, PaperSheetsAreEnteredOnceInsideTheScope) {
  const auto t = tests_->Create(staff_, Spec(), kOpens).value();
  const store::UserRow u = Participant("3271015705900001", 3271011001);
  auto d = tests_->Fetch(u, t.id, kNowMs).value();
  auto r = tests_->EnterPaper(staff_, t.id, u.person_id, 0, Answer(d, 2), kNowMs);
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_EQ(r->row.source, store::AttemptSource::kPaper);
  EXPECT_EQ(r->row.entered_by, "bogor");
  EXPECT_EQ(r->row.correct, 2);
  auto again = tests_->EnterPaper(staff_, t.id, u.person_id, 0, Answer(d, 4), kNowMs);
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->row.correct, 2);
  store::UserRow other = staff_;
  other.scope = 3201;
  EXPECT_THAT(tests_->EnterPaper(other, t.id, u.person_id, 0, {}, kNowMs).status(),
              StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(tests_->EnterPaper(staff_, t.id, u.person_id, 5, {}, kNowMs).status(),
              StatusIs(StatusCode::kInvalidArgument, "no form 5"));
  EXPECT_EQ(CountAttempts(t.id), 1);
}

// The submit body read in one pass says what the tree route says, for good and bad bodies alike
// (the HTTP submit used to parse a tree, then AnswersFromJson).
StatusOr<SubmitBody> ThroughTree(std::string_view body) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    std::string_view what = e.what();
    what.remove_prefix(what.find("] ") + 2);
    return absl::InvalidArgumentError(StrCat("the body is not valid JSON: ", what));
  }
  if (!j.is_object() || !j.contains("key") || !j["key"].is_string()) {
    return absl::InvalidArgumentError("the body needs \"key\" (a string)");
  }
  ASSIGN_OR_RETURN(Answers a, AnswersFromJson(j.value("answers", nlohmann::json())));
  return SubmitBody{j["key"].get<std::string>(), std::move(a)};
}

TEST(ParseSubmitBodyTest, AgreesWithTheTreeParserOnGoodAndBadBodies) {
  const std::vector<std::string> bodies = {
      R"({"key":"k1","answers":{"Q1":["A"],"Q2":"B","Q3":[],"Q4":null,"Q5":["A","C"]}})",
      R"({"answers":{"Q1":["A"]},"key":"k2","extra":{"x":[1,{"y":2}]},"n":3.5})",
      R"({"key":"k3"})",
      R"({"key":"k4","answers":null})",
      R"({"key":"k5","answers":{}})",
      R"({"key":"k6","answers":{"Q1":"A","Q1":["B"]}})",  // a repeated item: the last one
      R"({"key":"k\u00e9\"","answers":{"Q\u0031":["\u0041"]}})",
      R"({"answers":{"Q1":["A"]}})",
      R"({"key":5,"answers":{}})",
      R"({"key":["k"],"answers":{}})",
      R"({"key":{"k":1}})",
      R"(["key","answers"])",
      R"("key")",
      R"({"key":"k","answers":[]})",
      R"({"key":"k","answers":"A"})",
      R"({"key":"k","answers":{"Q1":5}})",
      R"({"key":"k","answers":{"Q1":{"A":1}}})",
      R"({"key":"k","answers":{"Q1":["A",1]}})",
      R"({"key":"k","answers":{"Q1":["A",["B"]]}})",
      R"({"key":"k","answers":{"Q1":["A",{"B":1}]}})",
      R"({"key":"k","answers":{"Q1":[null]}})",
      R"({"key":5,"answers":{"Q1":5}})",
      R"({"key":"k","answers":{"Q1":5}, )",
      R"({"key":"k","answers":{"Q1":["A"]})",
      R"({"key":"k",})",
      "",
      "   ",
      R"({"key":"k"} trailing)",
      "{\"key\":\"k\u0001\"}",
  };
  for (const std::string& b : bodies) {
    SCOPED_TRACE(b);
    const auto tree = ThroughTree(b);
    const auto sax = ParseSubmitBody(b);
    ASSERT_EQ(tree.ok(), sax.ok()) << tree.status() << " / " << sax.status();
    if (!tree.ok()) {
      EXPECT_EQ(tree.status(), sax.status());
      continue;
    }
    EXPECT_EQ(tree->key, sax->key);
    EXPECT_EQ(tree->answers, sax->answers);
  }
  // And the good one holds what it says.
  auto good = ParseSubmitBody(bodies[0]);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->key, "k1");
  EXPECT_EQ(good->answers.at("Q2"), (assessment::GivenAnswer{"B"}));
  EXPECT_EQ(good->answers.at("Q5"), (assessment::GivenAnswer{"A", "C"}));
  EXPECT_TRUE(good->answers.at("Q4").empty());
}

}  // namespace
}  // namespace bimtek::service
