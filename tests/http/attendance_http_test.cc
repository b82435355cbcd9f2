// Attendance over the real server: the check-in page (Indonesian and English, the script and
// jsQR served), the sync endpoint (a queue sent twice counts once; a malformed item is a 400
// naming it; a code of another batch is answered clearly), CSRF and scope on every route, the
// sheet import (422 with the row errors and nothing written, then all rows), the report and the
// honoraria PDF.
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/test_client.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/gen.h"
#include "service/planning.h"
#include "service/registry.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attendance.h"
#include "store/sqlite/sqlite_planning.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::HttpResponse;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::Session;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using verb = boost::beast::http::verb;
using field = boost::beast::http::field;
using service::UserRole;
using json = nlohmann::json;

class AttendanceHttpTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    deps_.open_planning = [this] { return store::OpenSqlitePlanning(db_); };
    deps_.open_attendance = [this] { return store::OpenSqliteAttendance(db_); };

    auto s = store::OpenSqliteStore(db_, deps_.ref->regions.all());
    ASSERT_TRUE(s.ok()) << s.status();
    service::Registry reg{**s, *vault_, *deps_.ref};
    service::GenOptions opts;
    opts.scope = kec_;
    opts.seed = 3;
    ASSERT_TRUE(service::GenerateIntoStore(reg, opts).ok());
    auto ps = store::OpenSqlitePlanning(db_);
    ASSERT_TRUE(ps.ok()) << ps.status();
    ASSERT_TRUE(service::GeneratePlanningData(reg, **ps, kec_, 1).ok());
    auto plan = service::RunPlan(reg, **ps,
                                 service::PlanRequest{kec_, Date{2024, 1, 25}, Date{2024, 1, 29}});
    ASSERT_TRUE(plan.ok()) << plan.status();
    ASSERT_GE(plan->plan.batches.size(), 2u);
    batch_a_ = plan->plan.batches[0].id;
    batch_b_ = plan->plan.batches[1].id;
    std::string fac;
    for (const auto& [id, f] : plan->facilitators) {
      if (id == plan->plan.batches[0].sessions[0].facilitator) fac = f.code;
    }
    ASSERT_FALSE(fac.empty());
    auto a = store::OpenSqliteAccounts(db_);
    ASSERT_TRUE(a.ok()) << a.status();
    service::Auth auth(**a, &reg, config_.auth);
    for (auto [name, role, scope] : {std::tuple{std::string("admin"), UserRole::kNationalAdmin, 0L},
                                     std::tuple{std::string("op.kota"), UserRole::kKabKota, 3271L},
                                     std::tuple{std::string("op.kab"), UserRole::kKabKota, 3201L},
                                     std::tuple{fac, UserRole::kFacilitator, 327101L}}) {
      auto u = auth.AddUser({name, role, scope, name}, kPassword);
      ASSERT_TRUE(u.ok()) << u.status();
      if (name == "admin") admin_ = *u;
    }
    fac_ = fac;
    for (char& c : fac_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    StartServer();
  }

  std::string Base(int64_t batch) const {
    return "/api/v1/attendance/32.71.01/" + std::to_string(batch);
  }

  json People(const Session& s, int64_t batch) {
    auto r = Get(s, Base(batch));
    EXPECT_EQ(r.result_int(), 200) << r.body();
    return json::parse(r.body());
  }
  std::string IssueCode(const Session& s, int64_t person) {
    auto r = Post(s, "/api/v1/people/" + std::to_string(person) + "/access-code", "");
    EXPECT_EQ(r.result_int(), 200) << r.body();
    return json::parse(r.body())["code"];
  }

  const Scope kec_ = *ParseScope("32.71.01");
  int64_t batch_a_ = 0, batch_b_ = 0;
  std::string fac_;
  store::UserRow admin_;
};

TEST_F(AttendanceHttpTest, ThePageAndItsScriptsAreServedInBothLanguages) {
  const Session f = LogIn(fac_);
  auto page = Get(f, "/hadir/32.71.01/" + std::to_string(batch_a_));
  ASSERT_EQ(page.result_int(), 200) << page.body();
  EXPECT_THAT(page.body(), HasSubstr("Pindai QR undangan"));
  EXPECT_THAT(page.body(), HasSubstr("id=\"orang\""));
  EXPECT_THAT(page.body(), HasSubstr("/static/jsqr.js"));
  EXPECT_THAT(page.body(), HasSubstr(f.csrf));
  auto en = Get(f, "/hadir/32.71.01/" + std::to_string(batch_a_) + "?lang=en");
  EXPECT_THAT(en.body(), HasSubstr("Scan invitation QR"));
  TestClient c(port());
  auto js = c.Get("/static/hadir.js");
  EXPECT_EQ(js.result_int(), 200);
  EXPECT_THAT(js.body(), HasSubstr("client_id"));
  auto qr = c.Get("/static/jsqr.js");
  EXPECT_EQ(qr.result_int(), 200) << "built without node_modules/jsqr?";
  EXPECT_THAT(qr.body(), HasSubstr("jsQR"));
  // Another kota's operator: 403; no session: the login page or 401.
  EXPECT_EQ(Get(LogIn("op.kab"), "/hadir/32.71.01/" + std::to_string(batch_a_)).result_int(), 403);
  EXPECT_EQ(TestClient(port()).Get(Base(batch_a_)).result_int(), 401);
}

TEST_F(AttendanceHttpTest, AQueueSentTwiceCountsOnceAndBadItemsAreAnswered) {
  const Session f = LogIn(fac_);
  const Session op = LogIn("op.kota");
  json batch = People(f, batch_a_);
  ASSERT_GE(batch["people"].size(), 2u);
  const int64_t p0 = batch["people"][0]["id"], p1 = batch["people"][1]["id"];
  const std::string code = IssueCode(op, p0);
  const json other = People(op, batch_b_);
  const std::string other_code = IssueCode(op, other["people"][0]["id"]);
  const json queue = {
      {"checkins",
       {{{"client_id", "d1:1"},
         {"method", "scan"},
         {"code", "https://bimtek.kpu.go.id/masuk?kode=" + code},
         {"device_ms", 1}},
        {{"client_id", "d1:2"}, {"method", "list"}, {"person", p1}, {"device_ms", 2}},
        {{"client_id", "d1:3"}, {"method", "typed"}, {"code", other_code}, {"device_ms", 3}}}}};
  auto r1 = Post(f, Base(batch_a_) + "/checkins", queue.dump());
  ASSERT_EQ(r1.result_int(), 200) << r1.body();
  const json j1 = json::parse(r1.body());
  EXPECT_EQ(j1["results"][0]["status"], "new");
  EXPECT_EQ(j1["results"][0]["person"], p0);
  EXPECT_EQ(j1["results"][1]["status"], "new");
  EXPECT_EQ(j1["results"][2]["status"], "error");
  EXPECT_EQ(j1["results"][2]["code"], "attendance.code_not_in_batch");
  EXPECT_THAT(j1["results"][2]["message"].get<std::string>(), HasSubstr("bukan peserta kelas"));
  auto r2 = Post(f, Base(batch_a_) + "/checkins?lang=en", queue.dump());
  const json j2 = json::parse(r2.body());
  EXPECT_EQ(j2["results"][0]["status"], "replay");
  EXPECT_EQ(j2["results"][1]["status"], "replay");
  EXPECT_THAT(j2["results"][2]["message"].get<std::string>(),
              HasSubstr("is not a participant of batch"));
  batch = People(f, batch_a_);
  EXPECT_EQ(batch["present"], 2);
  // Without the CSRF header, a malformed item, another kota's operator: refused, nothing new.
  EXPECT_EQ(
      Post(f, Base(batch_a_) + "/checkins", queue.dump(), "application/json", false).result_int(),
      403);
  auto bad = Post(f, Base(batch_a_) + "/checkins",
                  R"({"checkins":[{"client_id":"z","method":"teleport","code":"A"}]})");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_THAT(bad.body(), HasSubstr("checkins[0].method"));
  EXPECT_EQ(Post(LogIn("op.kab"), Base(batch_a_) + "/checkins", queue.dump()).result_int(), 403);
  EXPECT_EQ(People(f, batch_a_)["present"], 2);
}

TEST_F(AttendanceHttpTest, ImportIsAllOrNothingAndReportAndPdfFollow) {
  const Session f = LogIn(fac_);
  const Session op = LogIn("op.kota");
  const json batch = People(f, batch_a_);
  const std::string c0 = IssueCode(op, batch["people"][0]["id"]);
  const std::string c1 = IssueCode(op, batch["people"][1]["id"]);
  const std::string bad = "Kode akses;Hadir\n" + c0 + ";ya\n" + c1 + ";barangkali\n";
  auto r = Post(f, Base(batch_a_) + "/import", bad, "text/csv");
  ASSERT_EQ(r.result_int(), 422) << r.body();
  const json jr = json::parse(r.body());
  EXPECT_EQ(jr["committed"], false);
  ASSERT_EQ(jr["errors"].size(), 1u);
  EXPECT_EQ(jr["errors"][0]["row"], 3);
  EXPECT_EQ(jr["errors"][0]["code"], "attendance.present_value");
  EXPECT_EQ(People(f, batch_a_)["present"], 0);
  const std::string good = "Kode akses;Hadir\n" + c0 + ";ya\n" + c1 + ";tidak\n";
  auto dry = Post(f, Base(batch_a_) + "/import?dry_run=1", good, "text/csv");
  EXPECT_EQ(json::parse(dry.body())["new"], 1);
  EXPECT_EQ(People(f, batch_a_)["present"], 0);
  auto ok = Post(f, Base(batch_a_) + "/import", good, "text/csv");
  ASSERT_EQ(ok.result_int(), 200) << ok.body();
  EXPECT_EQ(json::parse(ok.body())["committed"], true);
  EXPECT_EQ(People(f, batch_a_)["present"], 1);

  auto rep = Get(op, "/api/v1/attendance/report?scope=32.71.01");
  ASSERT_EQ(rep.result_int(), 200) << rep.body();
  const json jrep = json::parse(rep.body());
  EXPECT_EQ(jrep["present"], 1);
  EXPECT_GT(jrep["expected"].get<int>(), 1);
  EXPECT_EQ(jrep["regions"].size(), 1u);
  EXPECT_EQ(Get(LogIn("op.kab"), "/api/v1/attendance/report?scope=32.71.01").result_int(), 403);
  auto html = Get(op, "/hadir?scope=32.71.01");
  EXPECT_EQ(html.result_int(), 200);
  EXPECT_THAT(html.body(), HasSubstr("/hadir/32.71.01/" + std::to_string(batch_a_)));

  auto pdf = Get(f, Base(batch_a_) + "/honoraria");
  ASSERT_EQ(pdf.result_int(), 200) << pdf.body();
  EXPECT_EQ(pdf[field::content_type], "application/pdf");
  const std::string path = dir_.File("h.pdf");
  bimtek::testing::WriteFileOrDie(path, pdf.body());
  std::string text;
  ASSERT_EQ(bimtek::testing::RunCommand("pdftotext -layout " + path + " -", &text), 0);
  EXPECT_THAT(text, HasSubstr("DAFTAR HADIR (HONORARIUM)"));
  EXPECT_THAT(text, HasSubstr("Hadir (tercatat): 1 orang"));
  EXPECT_THAT(text, HasSubstr(batch["people"][0]["name"].get<std::string>()));
}

}  // namespace
}  // namespace bimtek::http
