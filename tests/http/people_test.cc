// People and audit over the real server: the people API (search, one person, PAW, access code),
// the /orang pages with their forms and CSRF, and the audit log, with the scope rule on every
// route: an operator of 32.71 (Kota Bogor) gets nothing of 32.01 (Kabupaten Bogor).
#include <regex>

#include "core/nik.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/test_client.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/gen.h"
#include "service/registry.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::CsrfField;
using ::bimtek::testing::HttpResponse;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::Session;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;
using field = boost::beast::http::field;
using service::UserRole;
using json = nlohmann::json;

constexpr char kForm[] = "application/x-www-form-urlencoded";

class PeopleHttpTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    for (const char* desa : {"32.71.01.1001", "32.01.01.1001"}) {
      ASSERT_NO_FATAL_FAILURE(GenerateDesa(desa));
    }
    for (auto [name, role, scope] : {std::tuple{"admin", UserRole::kNationalAdmin, 0L},
                                     std::tuple{"op.kota", UserRole::kKabKota, 3271L},
                                     std::tuple{"op.kab", UserRole::kKabKota, 3201L}}) {
      ASSERT_NO_FATAL_FAILURE(AddUser(name, role, scope, name));
    }
    StartServer();
  }

  // The first active KPPS member the user sees in `region`.
  json FirstKpps(const Session& s, const std::string& region) {
    auto r = Get(s, "/api/v1/people?role=kpps&active=1&per_page=1&region=" + region);
    EXPECT_EQ(r.result_int(), 200) << r.body();
    return json::parse(r.body())["people"].at(0);
  }
};

TEST_F(PeopleHttpTest, SearchApiAnswersMaskedPagesAndRefusesOtherRegions) {
  const Session kota = LogIn("op.kota");
  auto r = Get(kota, "/api/v1/people?per_page=5");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const json j = json::parse(r.body());
  EXPECT_GT(j["total"].get<int>(), 5);
  ASSERT_EQ(j["people"].size(), 5u);
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["per_page"], 5);
  const json& p = j["people"][0];
  EXPECT_TRUE(std::regex_match(p["nik"].get<std::string>(), std::regex(R"(\d{4}\*{8}\d{4})")))
      << p["nik"];
  EXPECT_THAT(p["region"].get<std::string>(), ::testing::StartsWith("32.71"));
  // A name prefix finds that person; lower case works.
  const std::string name = p["name"];
  std::string word = name.substr(0, name.find(' '));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto by_name = Get(kota, "/api/v1/people?q=" + word.substr(0, 3));
  ASSERT_EQ(by_name.result_int(), 200);
  const json hits = json::parse(by_name.body());
  bool found = false;
  for (const json& x : hits["people"]) found = found || x["id"] == p["id"];
  EXPECT_TRUE(found || hits["total"].get<int>() > 50) << name << ": " << by_name.body();

  // Kabupaten Bogor is out of reach for the 32.71 operator, by region or TPS.
  EXPECT_EQ(Get(kota, "/api/v1/people?region=32.01").result_int(), 403);
  EXPECT_EQ(Get(kota, "/api/v1/people?tps=3201011001001").result_int(), 403);
  // Bad parameters: 400 naming the parameter.
  auto bad = Get(kota, "/api/v1/people?role=ketua");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_THAT(bad.body(), HasSubstr("role"));
  bad = Get(kota, "/api/v1/people?per_page=abc");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_THAT(bad.body(), HasSubstr("per_page"));
  bad = Get(kota, "/api/v1/people?active=yes");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_THAT(bad.body(), HasSubstr("active"));
  // Not logged in: 401.
  TestClient anon(port());
  EXPECT_EQ(anon.Get("/api/v1/people").result_int(), 401);
}

TEST_F(PeopleHttpTest, PersonApiAndPagesAreScoped) {
  const Session kota = LogIn("op.kota");
  const Session kab = LogIn("op.kab");
  const json theirs = FirstKpps(kab, "32.01");
  const std::string id = std::to_string(theirs["id"].get<int64_t>());
  EXPECT_EQ(Get(kota, "/api/v1/people/" + id).result_int(), 403);
  EXPECT_EQ(Get(kota, "/orang/" + id).result_int(), 403);
  EXPECT_EQ(Get(kota, "/orang/" + id + "/ganti").result_int(), 403);
  EXPECT_EQ(Get(kota, "/api/v1/people/abc").result_int(), 400);
  EXPECT_EQ(Get(kota, "/api/v1/people/99999999").result_int(), 404);
  auto own = Get(kab, "/orang/" + id);
  ASSERT_EQ(own.result_int(), 200);
  EXPECT_THAT(own.body(), HasSubstr(theirs["nik"].get<std::string>()));
  EXPECT_THAT(own.body(), HasSubstr("href=\"/wilayah/32.01.01.1001\""));
  EXPECT_THAT(own.body(), HasSubstr("/ganti"));
  // The list page: a labelled search form, results, no JavaScript.
  auto list = Get(kota, "/orang?q=a&lang=en");
  ASSERT_EQ(list.result_int(), 200);
  EXPECT_THAT(list.body(), HasSubstr("<label for=\"q\">"));
  EXPECT_THAT(list.body(), HasSubstr("people found"));
  EXPECT_THAT(list.body(), Not(HasSubstr("<script")));
  EXPECT_EQ(Get(kota, "/orang?region=32.01").result_int(), 403);
  EXPECT_EQ(Get(kota, "/orang?page=0").result_int(), 400);
}

TEST_F(PeopleHttpTest, PawFormChecksCsrfShowsErrorsAndIsAudited) {
  const Session kota = LogIn("op.kota");
  const json member = FirstKpps(kota, "32.71");
  const std::string id = std::to_string(member["id"].get<int64_t>());
  auto form = Get(kota, "/orang/" + id + "/ganti");
  ASSERT_EQ(form.result_int(), 200);
  EXPECT_THAT(form.body(), HasSubstr("<label for=\"reason\">"));
  const std::string csrf = CsrfField(form.body());
  ASSERT_FALSE(csrf.empty());
  const std::string nik = MakeNik(327101, Date{1991, 3, 4}, Sex::kFemale, 4321);
  const std::string fields =
      "reason=pindah+domisili&nik=" + nik + "&name=Dewi+Lestari&sex=P&phone=081211112222";
  // Without the csrf field: 403, nothing changed.
  auto no_csrf = Post(kota, "/orang/" + id + "/ganti", fields + "&birth_date=1991-03-04", kForm,
                      false);
  EXPECT_EQ(no_csrf.result_int(), 403);
  // A bad birth date: the form again with the error, 422.
  auto bad = Post(kota, "/orang/" + id + "/ganti",
                  fields + "&birth_date=04/03/1991&csrf=" + csrf, kForm, false);
  EXPECT_EQ(bad.result_int(), 422);
  EXPECT_THAT(bad.body(), HasSubstr("role=\"alert\""));
  EXPECT_THAT(bad.body(), HasSubstr("Dewi Lestari"));  // what was typed stays
  auto none = Get(kota, "/api/v1/audit");
  EXPECT_EQ(json::parse(none.body())["entries"].size(), 0u);
  // Valid: 303 to the replacement's page.
  auto ok = Post(kota, "/orang/" + id + "/ganti",
                 fields + "&birth_date=1991-03-04&csrf=" + csrf, kForm, false);
  ASSERT_EQ(ok.result_int(), 303) << ok.body();
  const std::string location(ok[field::location]);
  EXPECT_THAT(location, HasSubstr("?paw=1"));
  auto page = Get(kota, location);
  ASSERT_EQ(page.result_int(), 200);
  EXPECT_THAT(page.body(), HasSubstr("Dewi Lestari"));
  EXPECT_THAT(page.body(), HasSubstr(member["name"].get<std::string>()));  // history
  EXPECT_THAT(page.body(), Not(HasSubstr(nik)));

  // The audit: one row for 32.71, none for 32.01, masked; the page shows it too.
  auto audit = Get(kota, "/api/v1/audit");
  ASSERT_EQ(audit.result_int(), 200);
  const json entries = json::parse(audit.body())["entries"];
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["action"], "person.replace");
  EXPECT_EQ(entries[0]["actor"], "op.kota");
  EXPECT_EQ(entries[0]["after"]["replacement"]["nik"], MaskNik(nik));
  EXPECT_THAT(audit.body(), Not(HasSubstr(nik)));
  const Session kab = LogIn("op.kab");
  EXPECT_EQ(json::parse(Get(kab, "/api/v1/audit").body())["entries"].size(), 0u);
  EXPECT_EQ(Get(kab, "/api/v1/audit?region=32.71").result_int(), 403);
  EXPECT_EQ(Get(kab, "/audit?region=32.71").result_int(), 403);
  auto audit_page = Get(kota, "/audit");
  ASSERT_EQ(audit_page.result_int(), 200);
  EXPECT_THAT(audit_page.body(), HasSubstr("person.replace"));
  EXPECT_EQ(Get(kota, "/api/v1/audit?limit=0").result_int(), 400);
}

TEST_F(PeopleHttpTest, ReplaceApiAnswers422WithProblemsAnd200WhenValid) {
  const Session kota = LogIn("op.kota");
  const json member = FirstKpps(kota, "32.71");
  const std::string target = "/api/v1/people/" + std::to_string(member["id"].get<int64_t>()) +
                             "/replace";
  json body = {{"reason", "sakit berat"},
               {"replacement",
                {{"nik", MakeNik(327101, Date{2012, 1, 1}, Sex::kMale, 5)},
                 {"name", "Anak Muda"},
                 {"sex", "L"},
                 {"birth_date", "2012-01-01"}}}};
  auto young = Post(kota, target, body.dump(), "application/json");
  EXPECT_EQ(young.result_int(), 422) << young.body();
  EXPECT_FALSE(json::parse(young.body())["problems"].empty());
  EXPECT_EQ(Post(kota, target, body.dump(), "application/json", false).result_int(), 403);
  body["replacement"]["nik"] = MakeNik(327101, Date{1985, 1, 1}, Sex::kMale, 5);
  body["replacement"]["birth_date"] = "1985-01-01";
  auto ok = Post(kota, target, body.dump(), "application/json");
  ASSERT_EQ(ok.result_int(), 200) << ok.body();
  EXPECT_EQ(json::parse(ok.body())["old_person"], member["id"]);
}

// Search answers are cached per worker (docs/http.md, "People-search cache"): a write made
// through the server shows in the very next search, and a cached answer never reaches a user
// who may not see its region.
TEST_F(PeopleHttpTest, CachedSearchSeesOwnWritesAndKeepsScope) {
  const Session kota = LogIn("op.kota");
  const Session kab = LogIn("op.kab");
  const std::string search = "/api/v1/people?q=pengganti&region=32.71";
  auto before = Get(kota, search);
  ASSERT_EQ(before.result_int(), 200) << before.body();
  EXPECT_EQ(json::parse(before.body())["total"], 0);
  EXPECT_EQ(Get(kota, search).body(), before.body());  // now answered from the cache
  // The same search asked by the 32.01 operator is refused, cached or not.
  EXPECT_EQ(Get(kab, search).result_int(), 403);

  const json member = FirstKpps(kota, "32.71");
  json body = {{"reason", "pindah domisili"},
               {"replacement",
                {{"nik", MakeNik(327101, Date{1990, 3, 4}, Sex::kFemale, 7)},
                 {"name", "Pengganti Baru"},
                 {"sex", "P"},
                 {"birth_date", "1990-03-04"}}}};
  auto paw = Post(kota, "/api/v1/people/" + std::to_string(member["id"].get<int64_t>()) +
                            "/replace",
                  body.dump(), "application/json");
  ASSERT_EQ(paw.result_int(), 200) << paw.body();
  auto after = Get(kota, search);
  ASSERT_EQ(after.result_int(), 200) << after.body();
  const json j = json::parse(after.body());
  ASSERT_EQ(j["total"], 1) << after.body();
  EXPECT_EQ(j["people"][0]["name"], "Pengganti Baru");
  // Words in another case and spacing are the same search, with the same answer.
  EXPECT_EQ(Get(kota, "/api/v1/people?q=%20PENGGANTI&region=32.71").body(), after.body());
}

TEST_F(PeopleHttpTest, ReissuingAnAccessCodeShowsItOnceAndIsAudited) {
  const Session kota = LogIn("op.kota");
  const json member = FirstKpps(kota, "32.71");
  const std::string id = std::to_string(member["id"].get<int64_t>());
  auto page = Get(kota, "/orang/" + id);
  const std::string csrf = CsrfField(page.body().substr(page.body().find("/kode")));
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(Post(kota, "/orang/" + id + "/kode", "", kForm, false).result_int(), 403);
  auto issued = Post(kota, "/orang/" + id + "/kode", "csrf=" + csrf, kForm, false);
  ASSERT_EQ(issued.result_int(), 200) << issued.body();
  std::smatch m;
  const std::string body = issued.body();
  ASSERT_TRUE(std::regex_search(body, m, std::regex(R"(<strong>([A-Z2-9]{10})</strong>)")));
  EXPECT_THAT(Get(kota, "/orang/" + id).body(), Not(HasSubstr(m[1].str())));
  auto audit = json::parse(Get(kota, "/api/v1/audit?action=user.").body())["entries"];
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["action"], "user.reissue_code");
  // Kabupaten Bogor's operator cannot issue a code for a Kota Bogor member.
  const Session kab = LogIn("op.kab");
  EXPECT_EQ(Post(kab, "/api/v1/people/" + id + "/access-code", "", "application/json")
                .result_int(),
            403);
}

}  // namespace
}  // namespace bimtek::http
