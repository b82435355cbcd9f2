// The results pages and API over the real server (issues 5 and 6): a region's figures with the
// practice columns, a batch, a person with explanations, the item analysis page, the JSON API,
// and the scope rules through every route: a 32.71 operator gets 403 on 32.01's regions,
// batches and people, 404 on an unknown batch; a facilitator gets their batch and nothing else
// beyond their kecamatan.
#include <regex>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/test_client.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/registry.h"
#include "service/tests.h"
#include "store/schema.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_planning.h"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_results.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::CookieFrom;
using ::bimtek::testing::CsrfField;
using ::bimtek::testing::HttpResponse;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;
using field = boost::beast::http::field;
using store::UserRole;

constexpr char kForm[] = "application/x-www-form-urlencoded";
constexpr int64_t kOpens = 1'800'000'000;

class ResultsPagesTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    deps_.open_results = [this] { return store::OpenSqliteResults(db_); };
    deps_.open_planning = [this]() -> StatusOr<std::unique_ptr<store::PlanningStore>> {
      return store::OpenSqlitePlanning(db_);
    };
    UseSqliteTests();
    Load();
    StartServer();
  }

  int64_t Member(store::Store& st, store::AccountStore& acc, const std::string& nik,
                 RegionCode desa, const std::string& name) {
    Person p;
    p.nik = nik;
    p.name = name;
    p.sex = Sex::kMale;
    p.birth_date = Date{1988, 3, 2};
    p.role = Role::kKpps;
    p.tps = MakeTpsCode(desa, static_cast<int>(++tps_n_));
    p.position = 1;
    p.work_region = desa;
    auto txn = st.Begin();
    auto id = (*txn)->InsertPerson(service::SealPerson(*vault_, p));
    EXPECT_TRUE(id.ok()) << id.status();
    EXPECT_TRUE((*txn)->Commit().ok());
    store::UserRow u;
    u.username = "p" + nik.substr(12);
    u.role = UserRole::kParticipant;
    u.scope = desa;
    u.person_id = *id;
    auto uid = acc.CreateUser(u);
    EXPECT_TRUE(uid.ok()) << uid.status();
    user_of_[*id] = *uid;
    tps_of_[*id] = p.tps;
    return *id;
  }

  // A (pre 50, post 75), B (100, 100) in batch 1 of 32.71.01; C (25, 100), D (post 25) in
  // batch 2; E (0, 100) in 32.01.01. F1 teaches batch 1; its account works in 32.71.02.
  void Load() {
    auto st = std::move(store::OpenSqliteStore(db_, deps_.ref->regions.all())).value();
    auto acc = std::move(store::OpenSqliteAccounts(db_)).value();
    auto bank = std::move(store::OpenSqliteQuestions(db_)).value();
    auto ts = std::move(store::OpenSqliteTests(db_)).value();
    auto practice = std::move(store::OpenSqliteResults(db_)).value();
    auto planning = std::move(store::OpenSqlitePlanning(db_)).value();
    service::Auth auth(*acc, nullptr, config_.auth);
    ASSERT_TRUE(auth.AddUser({"admin", UserRole::kNationalAdmin, 0, "Admin"}, kPassword).ok());
    ASSERT_TRUE(
        auth.AddUser({"kota.bogor", UserRole::kKabKota, 3271, "Kota Bogor"}, kPassword).ok());
    ASSERT_TRUE(
        auth.AddUser({"f-1", UserRole::kFacilitator, 327102, "Fasilitator Satu"}, kPassword).ok());
    std::vector<questions::Question> items;
    for (int i = 0; i < 4; ++i) {
      questions::Question q;
      q.id = StrCat(i < 2 ? "M1" : "M3", "-H-", 100 + i);
      q.module = i < 2 ? "M1" : "M3";
      q.topics = {"voting"};
      q.stem = "Soal " + q.id;
      q.options = {{"A", "a"}, {"B", "b"}, {"C", "c"}};
      q.key = {"B"};
      q.explanation = "Penjelasan butir " + q.id;
      items.push_back(q);
    }
    ASSERT_TRUE(bank->PutQuestions(items, kOpens).ok());
    a_ = Member(*st, *acc, "3271015705900001", 3271011001, "Ani Rahma");
    b_ = Member(*st, *acc, "3271015705900002", 3271011001, "Budi Santoso");
    c_ = Member(*st, *acc, "3271015705900003", 3271011002, "Citra Lestari");
    d_ = Member(*st, *acc, "3271015705900004", 3271011002, "Dedi Kurnia");
    e_ = Member(*st, *acc, "3201015705900005", 3201010001, "Eka Saputra");
    service::Tests tests(*ts, *bank, *st, vault_.get(), nullptr);
    store::UserRow admin;
    admin.username = "admin";
    admin.role = UserRole::kNationalAdmin;
    auto make = [&](store::TestKind kind, int64_t pre) {
      service::NewTest n;
      n.name = kind == store::TestKind::kPre ? "Pra-tes Bimtek" : "Pasca-tes Bimtek";
      n.kind = kind;
      n.pre_test_id = pre;
      n.opens_unix = kOpens;
      n.closes_unix = kOpens + 3600;
      n.pass_mark = 75;
      n.blueprint = "M1:2,M3:2";
      auto t = tests.Create(admin, n, kOpens);
      EXPECT_TRUE(t.ok()) << t.status();
      return t->id;
    };
    pre_ = make(store::TestKind::kPre, 0);
    post_ = make(store::TestKind::kPost, pre_);
    auto sheet = [&](int64_t test, int64_t person, int right) {
      auto lt = tests.Load(test);
      service::Answers a;
      const auto& form = (*lt)->forms[0];
      for (size_t i = 0; i < form.size(); ++i) {
        a[form[i].id] = {static_cast<int>(i) < right ? "B" : "A"};
      }
      auto r = tests.EnterPaper(admin, test, person, 0, a, kOpens * 1000);
      EXPECT_TRUE(r.ok()) << r.status();
    };
    sheet(pre_, a_, 2), sheet(post_, a_, 3);
    sheet(pre_, b_, 4), sheet(post_, b_, 4);
    sheet(pre_, c_, 1), sheet(post_, c_, 4);
    sheet(post_, d_, 1);
    sheet(pre_, e_, 0), sheet(post_, e_, 4);
    auto run = [&](int64_t person, RegionCode desa, store::PracticeKind kind, int64_t score,
                   int64_t max) {
      store::PracticeResult r;
      r.user_id = user_of_[person];
      r.region_key = store::RegionKey(desa);
      r.kind = kind;
      r.ref = StrCat("r", ++runs_);
      r.score = score;
      r.max_score = max;
      r.started_unix = kOpens;
      r.finished_unix = kOpens + 300;
      EXPECT_TRUE(practice->FinishRun(r).ok());
    };
    run(a_, 3271011001, store::PracticeKind::kCounting, 8, 10);
    run(a_, 3271011001, store::PracticeKind::kCounting, 6, 10);
    run(c_, 3271011002, store::PracticeKind::kScenario, 3, 4);
    plan::Facilitator f1, f2;
    f1.code = "F-1";
    f1.name = "Fasilitator Satu";
    f1.home = 327102;
    f1.modules = {"M1"};
    f2 = f1;
    f2.code = "F-2";
    f2.name = "Fasilitator Dua";
    ASSERT_TRUE(planning->PutFacilitators({f1, f2}).ok());
    const int64_t id1 = (*planning->FindFacilitatorByCode("F-1"))->id;
    const int64_t id2 = (*planning->FindFacilitatorByCode("F-2"))->id;
    auto save = [&](RegionCode scope, std::vector<std::pair<std::vector<TpsCode>, int64_t>> bs) {
      store::PlanRow p;
      p.scope = Scope::Of(scope);
      p.from = p.to = Date{2024, 1, 25};
      p.curriculum = "bimtek-kpps-2024";
      p.curriculum_version = 1;
      p.result_json = "{}";
      std::vector<plan::Batch> list;
      for (auto& [crews, fac] : bs) {
        plan::Batch b;
        b.id = static_cast<int64_t>(list.size()) + 1;
        b.venue = 1;
        b.date = Date{2024, 1, 25};
        b.start_min = 480;
        b.end_min = 950;
        b.kecamatan = scope;
        b.crews = crews;
        std::sort(b.crews.begin(), b.crews.end());
        b.sessions.push_back({"M1", 480, 540, fac});
        list.push_back(b);
      }
      ASSERT_TRUE(planning->SavePlan(p, list).ok());
    };
    save(327101, {{{tps_of_[a_], tps_of_[b_]}, id1}, {{tps_of_[c_], tps_of_[d_]}, id2}});
    save(320101, {{{tps_of_[e_]}, id2}});
  }

  std::string LogIn(const std::string& user) { return LogInWithForm(user); }

  std::map<int64_t, int64_t> user_of_;
  std::map<int64_t, TpsCode> tps_of_;
  int64_t tps_n_ = 0, runs_ = 0;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0, e_ = 0, pre_ = 0, post_ = 0;
};

TEST_F(ResultsPagesTest, AnOperatorReadsTheRegionBatchPersonAndItemPages) {
  const std::string s = LogIn("kota.bogor");
  auto home = Get(s, "/");
  ASSERT_EQ(home.result_int(), 200);
  EXPECT_THAT(home.body(), HasSubstr("href=\"/hasil\""));
  auto list = Get(s, "/hasil");
  ASSERT_EQ(list.result_int(), 200) << list.body();
  EXPECT_THAT(list.body(), HasSubstr("Pasca-tes Bimtek"));
  EXPECT_THAT(list.body(), HasSubstr(StrCat("/hasil/ujian/", post_, "/butir")));

  auto region = Get(s, StrCat("/hasil/wilayah/32.71.01?ujian=", post_));
  ASSERT_EQ(region.result_int(), 200) << region.body();
  const std::string& r = region.body();
  EXPECT_THAT(r, HasSubstr("Latihan penghitungan"));
  EXPECT_THAT(r, HasSubstr("Skenario"));
  EXPECT_THAT(r, HasSubstr(StrCat("href=\"/hasil/wilayah/32.71.01.1001?ujian=", post_)));
  // Total row: 4 people, pre 58.3 (3), post 75.0 (4), pass 75.0 %, 1 remedial, gains 0.80 and
  // 0.75 (1 person with a pre-test of 100), counting 2 results at 70.0 %, 1 scenario at 75.0 %.
  EXPECT_THAT(r, HasSubstr("<td class=\"num\">4</td><td class=\"num\">3</td><td class=\"num\">"
                           "58.3</td><td class=\"num\">4</td><td class=\"num\">75.0</td><td "
                           "class=\"num\">75.0</td><td class=\"num\">1</td><td class=\"num\">0.80"
                           "</td><td class=\"num\">0.75 (1×100)</td><td class=\"num\">2</td><td "
                           "class=\"num\">70.0</td><td class=\"num\">1</td><td class=\"num\">75.0"
                           "</td>"));
  EXPECT_THAT(r, Not(HasSubstr("<script")));

  auto by_batch = Get(s, StrCat("/hasil/wilayah/32.71?by=kelas&ujian=", post_));
  ASSERT_EQ(by_batch.result_int(), 200) << by_batch.body();
  EXPECT_THAT(by_batch.body(), HasSubstr("href=\"/hasil/kelas/32.71.01/1?ujian="));
  EXPECT_THAT(by_batch.body(), HasSubstr("href=\"/hasil/kelas/32.71.01/2?ujian="));
  auto by_fac = Get(s, "/hasil/wilayah/32.71?by=fasilitator");
  ASSERT_EQ(by_fac.result_int(), 200) << by_fac.body();
  EXPECT_THAT(by_fac.body(), HasSubstr("Fasilitator Satu"));

  auto batch = Get(s, "/hasil/kelas/32.71.01/1");
  ASSERT_EQ(batch.result_int(), 200) << batch.body();
  EXPECT_THAT(batch.body(), HasSubstr("Ani Rahma"));
  EXPECT_THAT(batch.body(), HasSubstr("Budi Santoso"));
  EXPECT_THAT(batch.body(), HasSubstr("tak terdefinisi (pra 100)"));
  EXPECT_THAT(batch.body(), Not(HasSubstr("Citra Lestari")));

  auto person = Get(s, StrCat("/hasil/orang/", a_));
  ASSERT_EQ(person.result_int(), 200) << person.body();
  EXPECT_THAT(person.body(), HasSubstr("Penjelasan butir M"));
  EXPECT_THAT(person.body(), HasSubstr("0.50"));  // (75 - 50) / (100 - 50)
  EXPECT_THAT(person.body(), HasSubstr("70.0"));  // counting accuracy

  auto items = Get(s, StrCat("/hasil/ujian/", post_, "/butir"));
  ASSERT_EQ(items.result_int(), 200) << items.body();
  EXPECT_THAT(items.body(), HasSubstr("KR-20"));
  EXPECT_THAT(items.body(), HasSubstr("<strong>B: 4"));  // an item everyone got right

  auto en = Get(s, StrCat("/hasil/wilayah/32.71.01?lang=en&ujian=", post_));
  EXPECT_THAT(en.body(), HasSubstr("Counting exercises"));
  EXPECT_THAT(en.body(), HasSubstr("Gain of the means"));
}

TEST_F(ResultsPagesTest, AnOperatorGetsNothingOfAnotherKabupaten) {
  const std::string s = LogIn("kota.bogor");
  EXPECT_EQ(Get(s, "/hasil/wilayah/32.01").result_int(), 403);
  EXPECT_EQ(Get(s, "/hasil/wilayah/32.01.01?by=kelas").result_int(), 403);
  EXPECT_EQ(Get(s, "/hasil/kelas/32.01.01/1").result_int(), 403);
  EXPECT_EQ(Get(s, StrCat("/hasil/orang/", e_)).result_int(), 403);
  EXPECT_EQ(Get(s, StrCat("/hasil/ujian/", post_, "/butir?wilayah=32.01")).result_int(), 403);
  EXPECT_EQ(Get(s, "/hasil/kelas/32.71.01/99").result_int(), 404);
  EXPECT_EQ(Get(s, "/hasil/orang/999999").result_int(), 404);
  EXPECT_EQ(Get(s, "/api/v1/results/regions/32.01").result_int(), 403);
  EXPECT_EQ(Get(s, "/api/v1/results/batches/32.01.01/1").result_int(), 403);
  EXPECT_EQ(Get(s, StrCat("/api/v1/results/people/", e_)).result_int(), 403);
  EXPECT_EQ(Get(s, StrCat("/api/v1/results/tests/", post_, "/items?region=32.01")).result_int(),
            403);
  EXPECT_EQ(Get(s, "/api/v1/results/batches/32.71.01/x").result_int(), 400);
  EXPECT_EQ(Get(s, "/api/v1/results/regions/32.71?by=desa").result_int(), 400);
  // Without a session: 401 on the API, the login page for pages.
  EXPECT_EQ(Get("", "/api/v1/results/regions/32.71").result_int(), 401);
}

TEST_F(ResultsPagesTest, TheApiGivesTheSameFigures) {
  const std::string s = LogIn("kota.bogor");
  auto r = Get(s, "/api/v1/results/regions/32.71.01");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["tests"]["post"]["id"], post_);
  EXPECT_EQ(j["tests"]["pre"]["id"], pre_);
  EXPECT_EQ(j["by"], "region");
  EXPECT_EQ(j["total"]["people"], 4);
  EXPECT_NEAR(j["total"]["gain"]["gain_of_means"].get<double>(), 0.8, 1e-9);
  EXPECT_NEAR(j["total"]["gain"]["mean_of_gains"].get<double>(), 0.75, 1e-9);
  EXPECT_EQ(j["total"]["gain"]["n_undefined"], 1);
  EXPECT_NEAR(j["total"]["pass_rate"].get<double>(), 75.0, 1e-9);
  EXPECT_NEAR(j["total"]["counting"]["accuracy"].get<double>(), 70.0, 1e-9);
  EXPECT_EQ(j["total"]["scenario"]["results"], 1);

  auto b = Get(s, "/api/v1/results/regions/32.71?by=batch");
  ASSERT_EQ(b.result_int(), 200) << b.body();
  auto jb = nlohmann::json::parse(b.body());
  ASSERT_EQ(jb["rows"].size(), 2u);
  EXPECT_EQ(jb["rows"][0]["key"], "32.71.01/1");
  EXPECT_NEAR(jb["rows"][0]["figures"]["post"]["mean"].get<double>(), 87.5, 1e-9);

  auto batch = Get(s, "/api/v1/results/batches/32.71.01/2");
  ASSERT_EQ(batch.result_int(), 200) << batch.body();
  auto jt = nlohmann::json::parse(batch.body());
  ASSERT_EQ(jt["people"].size(), 2u);
  EXPECT_EQ(jt["people"][0]["name"], "Citra Lestari");
  EXPECT_NEAR(jt["people"][0]["gain"].get<double>(), 1.0, 1e-9);
  EXPECT_EQ(jt["batch"]["facilitators"][0]["code"], "F-2");

  auto p = Get(s, StrCat("/api/v1/results/people/", b_));
  ASSERT_EQ(p.result_int(), 200) << p.body();
  auto jp = nlohmann::json::parse(p.body());
  ASSERT_EQ(jp["tests"].size(), 2u);
  EXPECT_TRUE(jp["tests"][1]["gain"].is_null());
  EXPECT_EQ(jp["tests"][1]["gain_undefined"], true);
  EXPECT_EQ(jp["tests"][1]["items"].size(), 4u);

  auto it = Get(s, StrCat("/api/v1/results/tests/", post_, "/items"));
  ASSERT_EQ(it.result_int(), 200) << it.body();
  auto ji = nlohmann::json::parse(it.body());
  ASSERT_EQ(ji["items"].size(), 4u);
  int64_t chosen = 0;
  for (const auto& o : ji["items"][0]["options"]) chosen += o["all"].get<int64_t>();
  EXPECT_EQ(chosen, 4);  // every 32.71 sheet answered every item
}

TEST_F(ResultsPagesTest, AFacilitatorSeesTheirBatchOnly) {
  const std::string s = LogIn("f-1");
  auto home = Get(s, "/hasil");
  ASSERT_EQ(home.result_int(), 200) << home.body();
  EXPECT_THAT(home.body(), HasSubstr("href=\"/hasil/kelas/32.71.01/1\""));
  EXPECT_THAT(home.body(), Not(HasSubstr("href=\"/hasil/kelas/32.71.01/2\"")));
  EXPECT_EQ(Get(s, "/hasil/kelas/32.71.01/1").result_int(), 200);
  EXPECT_EQ(Get(s, StrCat("/hasil/orang/", a_)).result_int(), 200);
  EXPECT_EQ(Get(s, "/hasil/kelas/32.71.01/2").result_int(), 403);
  EXPECT_EQ(Get(s, StrCat("/hasil/orang/", c_)).result_int(), 403);
  EXPECT_EQ(Get(s, "/hasil/wilayah/32.71.01").result_int(), 403);
  EXPECT_EQ(Get(s, "/hasil/wilayah/32.71.02").result_int(), 200);
  EXPECT_EQ(Get(s, "/api/v1/results/batches/32.71.01/2").result_int(), 403);
}

}  // namespace
}  // namespace bimtek::http
