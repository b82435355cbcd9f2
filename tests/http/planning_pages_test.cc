// The planning pages over the real server (issue 4, item 9) on generated data: a Kota Bogor
// operator plans from the page, sees the summary and the batch, downloads the invitation PDF of
// the stored batch (read back with pdftotext; its QR decoded with zbarimg to the login link
// whose code logs the participant in), a re-issued code stops the old one, and the scope rule:
// the operator of 32.71 sees nothing of 32.01's plan; a PPS sees its batch only once published.
#include <map>
#include <regex>
#include <set>

#include "base/date_id.h"
#include "base/strings.h"
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
#include "store/sqlite/sqlite_planning.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::CsrfField;
using ::bimtek::testing::HttpResponse;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::RunCommand;
using ::bimtek::testing::Session;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;
using field = boost::beast::http::field;
using service::UserRole;
using json = nlohmann::json;

constexpr char kForm[] = "application/x-www-form-urlencoded";
constexpr char kBogorDesa[] = "32.71.01.1001";
constexpr char kKabDesa[] = "32.01.01.1001";

std::string Flat(const std::string& text) {
  std::string flat;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    if (space) {
      if (!flat.empty() && flat.back() != ' ') flat.push_back(' ');
    } else {
      flat.push_back(c);
    }
  }
  return flat;
}

std::string UrlEncodeForTest(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

class PlanningPagesTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    deps_.open_planning = [this] { return store::OpenSqlitePlanning(db_); };

    auto s = store::OpenSqliteStore(db_, deps_.ref->regions.all());
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    reg_ = std::make_unique<service::Registry>(service::Registry{*store_, *vault_, *deps_.ref});
    auto ps = store::OpenSqlitePlanning(db_);
    ASSERT_TRUE(ps.ok()) << ps.status();
    for (const char* desa : {kBogorDesa, kKabDesa}) {
      service::GenOptions opts;
      opts.scope = *ParseScope(desa);
      opts.seed = 3;
      ASSERT_TRUE(service::GenerateIntoStore(*reg_, opts).ok());
      // Venues and facilitators of the desa's kecamatan (what `bimtek gen` adds).
      const Scope kec = Scope::Of(AncestorAt(opts.scope.code, RegionLevel::kKecamatan));
      auto data = service::GeneratePlanningData(*reg_, **ps, kec, 3);
      ASSERT_TRUE(data.ok()) << data.status();
    }
    // Kabupaten Bogor's plan is made outside the pages (the command line).
    service::PlanRequest kab{*ParseScope(kKabDesa), Date{2024, 1, 25}, Date{2024, 1, 29}};
    ASSERT_TRUE(service::RunPlan(*reg_, **ps, kab).ok());
    for (auto [name, role, scope] : {std::tuple{"op.kota", UserRole::kKabKota, 3271L},
                                     std::tuple{"op.kab", UserRole::kKabKota, 3201L},
                                     std::tuple{"pps.kota", UserRole::kPps, 3271011001L},
                                     std::tuple{"ppk.other", UserRole::kPpk, 327102L}}) {
      ASSERT_NO_FATAL_FAILURE(AddUser(name, role, scope, name));
    }
    StartServer();
  }

  // Runs the planner from the page's form, as a browser without JavaScript would.
  void PlanFromPage(const Session& s, const std::string& scope) {
    auto page = Get(s, "/rencana?lingkup=" + scope);
    ASSERT_EQ(page.result_int(), 200) << page.body();
    const std::string csrf = CsrfField(page.body());
    ASSERT_FALSE(csrf.empty());
    auto r = Post(s, "/rencana",
                  StrCat("csrf=", csrf, "&lingkup=", scope, "&dari=2024-01-25&sampai=2024-01-29"),
                  kForm);
    ASSERT_EQ(r.result_int(), 303) << r.body();
    EXPECT_EQ(r[field::location], "/rencana?lingkup=" + scope);
  }

  // Participant login through the API; the HTTP status.
  int LoginParticipant(const std::string& code, const std::string& birth) {
    TestClient c(port());
    auto r = c.Send(verb::post, "/api/v1/login/participant",
                    json{{"code", code}, {"birth_date", birth}}.dump());
    return r.result_int();
  }

  // The first page's addressee (the Ketua KPPS of the batch's first crew) and their birth date.
  std::pair<store::PersonRow, std::string> FirstPerson(TpsCode tps) {
    auto people = store_->PeopleAt(Role::kKpps, tps);
    EXPECT_TRUE(people.ok());
    for (const auto& p : *people) {
      if (p.position == 1 && p.active) {
        auto person = service::OpenPerson(*vault_, p);
        EXPECT_TRUE(person.ok());
        return {p, FormatIsoDate(person->birth_date)};
      }
    }
    ADD_FAILURE() << "no Ketua KPPS at " << tps;
    return {};
  }

  std::string DecodeQr(const std::string& pdf) {
    std::string out;
    EXPECT_EQ(
        RunCommand(StrCat("pdftoppm -r 150 -png -singlefile -f 1 -l 1 ", pdf, " ", dir_.File("p1")),
                   &out),
        0);
    EXPECT_EQ(RunCommand(StrCat("zbarimg --quiet --raw ", dir_.File("p1"), ".png"), &out), 0)
        << "zbarimg found no code (needs zbar-tools, scripts/setup.sh)";
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }

  std::string FirstPageText(const std::string& pdf) {
    std::string out;
    EXPECT_EQ(RunCommand(StrCat("pdftotext -layout -enc UTF-8 -f 1 -l 1 ", pdf, " -"), &out), 0);
    return Flat(out);
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<service::Registry> reg_;
};

TEST_F(PlanningPagesTest, AnOperatorPlansPrintsAndTheQrCodeLogsTheParticipantIn) {
  const Session op = LogIn("op.kota");
  PlanFromPage(op, kBogorDesa);
  auto page = Get(op, StrCat("/rencana?lingkup=", kBogorDesa));
  ASSERT_EQ(page.result_int(), 200);
  EXPECT_THAT(page.body(), HasSubstr("Batas bawah jumlah kelas"));
  EXPECT_THAT(page.body(), HasSubstr("Selisih dari batas bawah"));
  EXPECT_THAT(page.body(), HasSubstr("/kelas/32.71.01.1001/1"));
  EXPECT_THAT(page.body(), Not(HasSubstr("<script")));
  auto en = Get(op, StrCat("/rencana?lingkup=", kBogorDesa, "&lang=en"));
  EXPECT_THAT(en.body(), HasSubstr("Lower bound on batches"));

  // The plan's JSON through the API, and its batch 1.
  auto api = Get(op, StrCat("/api/v1/plans/", kBogorDesa));
  ASSERT_EQ(api.result_int(), 200) << api.body();
  const json plan = json::parse(api.body());
  EXPECT_EQ(plan["placed"], plan["crews"]);
  EXPECT_GE(plan["batches"].get<int>(), plan["lower_bound"].get<int>());
  auto bj = Get(op, StrCat("/api/v1/plans/", kBogorDesa, "/batches/1"));
  ASSERT_EQ(bj.result_int(), 200) << bj.body();
  const json batch = json::parse(bj.body());
  const std::string venue = batch["venue"]["name"];
  const std::string date = batch["date"];
  const std::string start = batch["start"];

  auto bp = Get(op, StrCat("/kelas/", kBogorDesa, "/1"));
  ASSERT_EQ(bp.result_int(), 200) << bp.body();
  EXPECT_THAT(bp.body(), HasSubstr("WIB"));
  EXPECT_THAT(bp.body(), HasSubstr("undangan.pdf"));
  EXPECT_THAT(bp.body(), HasSubstr("daftar-hadir.pdf"));

  // The invitation PDF of the stored batch, read back.
  auto pdf = Get(op, StrCat("/kelas/", kBogorDesa, "/1/undangan.pdf"));
  ASSERT_EQ(pdf.result_int(), 200) << pdf.body();
  EXPECT_EQ(pdf[field::content_type], "application/pdf");
  const std::string path = dir_.File("undangan.pdf");
  bimtek::testing::WriteFileOrDie(path, pdf.body());
  const TpsCode first_tps = *ParseTpsCode(batch["crews"][0].get<std::string>());
  auto [person, birth] = FirstPerson(first_tps);
  const std::string text = FirstPageText(path);
  EXPECT_THAT(text, HasSubstr(person.name));
  EXPECT_THAT(text, HasSubstr(FormatIndonesianDayDate(*ParseIsoDate(date))));
  EXPECT_THAT(text, HasSubstr(venue));
  std::string dotted = start;
  dotted[2] = '.';
  EXPECT_THAT(text, HasSubstr(StrCat("pukul ", dotted)));
  EXPECT_THAT(text, HasSubstr("WIB"));
  const std::string url = DecodeQr(path);
  // The link is built from the request's Host header (the test client sends "127.0.0.1").
  const std::string prefix = "http://127.0.0.1/login/peserta?kode=";
  ASSERT_TRUE(url.starts_with(prefix)) << url;
  const std::string code = url.substr(prefix.size());
  EXPECT_EQ(code.size(), 10u);
  EXPECT_THAT(text, HasSubstr(StrCat(code.substr(0, 5), "-", code.substr(5))));
  // The link opens the participant login with the code filled in.
  TestClient c(port());
  auto login_page = c.Get(url.substr(url.find("/login")));
  EXPECT_THAT(login_page.body(), HasSubstr(StrCat("value=\"", code, "\"")));
  EXPECT_EQ(LoginParticipant(code, birth), 200);

  // Printing again gives the same code.
  auto again = Get(op, StrCat("/kelas/", kBogorDesa, "/1/undangan.pdf"));
  bimtek::testing::WriteFileOrDie(dir_.File("again.pdf"), again.body());
  EXPECT_EQ(DecodeQr(dir_.File("again.pdf")), url);

  // A re-issue (lost letter) invalidates the printed code; the next print carries the new one.
  auto re = Post(op, StrCat("/api/v1/people/", person.id, "/access-code"), "", "application/json");
  ASSERT_EQ(re.result_int(), 200) << re.body();
  const std::string fresh = json::parse(re.body())["code"];
  EXPECT_NE(fresh, code);
  EXPECT_EQ(LoginParticipant(code, birth), 401);
  EXPECT_EQ(LoginParticipant(fresh, birth), 200);
  auto third = Get(op, StrCat("/kelas/", kBogorDesa, "/1/undangan.pdf"));
  bimtek::testing::WriteFileOrDie(dir_.File("third.pdf"), third.body());
  EXPECT_EQ(DecodeQr(dir_.File("third.pdf")), prefix + service::Auth::NormalizeAccessCode(fresh));

  // The other downloads.
  auto ics = Get(op, StrCat("/kelas/", kBogorDesa, "/1/kelas.ics"));
  ASSERT_EQ(ics.result_int(), 200);
  EXPECT_THAT(ics.body(), HasSubstr("BEGIN:VCALENDAR"));
  EXPECT_THAT(ics.body(), HasSubstr("DTSTART:"));
  auto sheet = Get(op, StrCat("/kelas/", kBogorDesa, "/1/daftar-hadir.pdf"));
  ASSERT_EQ(sheet.result_int(), 200);
  bimtek::testing::WriteFileOrDie(dir_.File("hadir.pdf"), sheet.body());
  EXPECT_THAT(FirstPageText(dir_.File("hadir.pdf")), HasSubstr("DAFTAR HADIR"));
}

TEST_F(PlanningPagesTest, ScopesHoldOnEveryPlanningRoute) {
  const Session op = LogIn("op.kota");
  // 32.01's plan exists, but not for a Kota Bogor operator.
  EXPECT_EQ(Get(op, StrCat("/kelas/", kKabDesa, "/1")).result_int(), 403);
  EXPECT_EQ(Get(op, StrCat("/kelas/", kKabDesa, "/1/undangan.pdf")).result_int(), 403);
  EXPECT_EQ(Get(op, StrCat("/kelas?lingkup=", kKabDesa)).result_int(), 403);
  EXPECT_EQ(Get(op, StrCat("/rencana?lingkup=", kKabDesa)).result_int(), 403);
  EXPECT_EQ(Get(op, StrCat("/api/v1/plans/", kKabDesa)).result_int(), 403);
  EXPECT_EQ(Get(op, StrCat("/api/v1/plans/", kKabDesa, "/batches/1")).result_int(), 403);
  EXPECT_EQ(Post(op, "/api/v1/plans",
                 json{{"scope", kKabDesa}, {"from", "2024-01-25"}, {"to", "2024-01-29"}}.dump(),
                 "application/json")
                .result_int(),
            403);
  const Session kab = LogIn("op.kab");
  EXPECT_EQ(Get(kab, StrCat("/kelas/", kKabDesa, "/1")).result_int(), 200);
  EXPECT_EQ(Get(kab, StrCat("/api/v1/plans/", kKabDesa)).result_int(), 200);

  // Kota Bogor: planned through the API; the PPS of the desa sees it only once published.
  auto run = Post(op, "/api/v1/plans",
                  json{{"scope", kBogorDesa}, {"from", "2024-01-25"}, {"to", "2024-01-29"}}.dump(),
                  "application/json");
  ASSERT_EQ(run.result_int(), 200) << run.body();
  EXPECT_TRUE(json::parse(run.body())["saved"].get<bool>());
  const Session pps = LogIn("pps.kota");
  EXPECT_EQ(Get(pps, StrCat("/kelas/", kBogorDesa, "/1")).result_int(), 404);
  EXPECT_THAT(Get(pps, StrCat("/kelas?lingkup=", kBogorDesa)).body(),
              HasSubstr("Belum ada rencana yang diterbitkan"));
  EXPECT_EQ(Post(pps, StrCat("/api/v1/plans/", kBogorDesa, "/publish"), "", "application/json")
                .result_int(),
            403);
  auto pub = Post(op, StrCat("/api/v1/plans/", kBogorDesa, "/publish"), "", "application/json");
  ASSERT_EQ(pub.result_int(), 200) << pub.body();
  EXPECT_GT(json::parse(pub.body())["participants"].get<int>(), 0);
  auto seen = Get(pps, StrCat("/kelas/", kBogorDesa, "/1"));
  EXPECT_EQ(seen.result_int(), 200) << seen.body();
  EXPECT_THAT(seen.body(), Not(HasSubstr("undangan.pdf")));  // letters are for planners
  EXPECT_EQ(Get(pps, StrCat("/kelas/", kBogorDesa, "/1/undangan.pdf")).result_int(), 403);
  EXPECT_EQ(Get(pps, StrCat("/kelas/", kBogorDesa, "/1/kelas.ics")).result_int(), 200);
  // A PPK of another kecamatan sees none of it.
  const Session other = LogIn("ppk.other");
  EXPECT_EQ(Get(other, StrCat("/kelas/", kBogorDesa, "/1")).result_int(), 403);

  // Curriculum, venues and facilitators pages.
  auto cur = Get(op, "/kurikulum");
  ASSERT_EQ(cur.result_int(), 200);
  EXPECT_THAT(cur.body(), HasSubstr("EVAL"));
  EXPECT_THAT(cur.body(), HasSubstr("<textarea"));
  EXPECT_THAT(Get(pps, "/kurikulum").body(), Not(HasSubstr("<textarea")));
  auto venues = Get(op, "/tempat?lingkup=32.71.01");
  ASSERT_EQ(venues.result_int(), 200);
  EXPECT_THAT(venues.body(), HasSubstr("AULA-327101"));
  EXPECT_EQ(Get(op, "/tempat?lingkup=32.01").result_int(), 403);
  auto facs = Get(op, "/fasilitator?lingkup=32.71.01");
  ASSERT_EQ(facs.result_int(), 200);
  EXPECT_THAT(facs.body(), HasSubstr("PPS-3271011001-1"));
}

// A facilitator sees, beyond their own region, the batches they teach (and only those), once
// the plan is published: the account is linked by its username = the facilitator's code.
TEST_F(PlanningPagesTest, AFacilitatorSeesTheBatchesTheyTeachBeyondTheirRegion) {
  const Session kab = LogIn("op.kab");
  auto batch = Get(kab, StrCat("/api/v1/plans/", kKabDesa, "/batches/1"));
  ASSERT_EQ(batch.result_int(), 200) << batch.body();
  const json b = json::parse(batch.body());
  std::string code;
  for (const json& session : b["sessions"]) {
    if (session.contains("facilitator") && session["facilitator"].contains("code")) {
      code = session["facilitator"]["code"];
      break;
    }
  }
  ASSERT_FALSE(code.empty()) << batch.body();
  std::string username = code;
  for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  {
    auto a = store::OpenSqliteAccounts(db_);
    ASSERT_TRUE(a.ok()) << a.status();
    service::Auth auth(**a, nullptr, config_.auth);
    // Home region Kota Bogor (32.71): Kabupaten Bogor's plan is outside it.
    ASSERT_TRUE(auth.AddUser({username, UserRole::kFacilitator, 3271L, username}, kPassword).ok());
    ASSERT_TRUE(auth.AddUser({"fas.lain", UserRole::kFacilitator, 3271L, "fas.lain"}, kPassword).ok());
  }
  const Session fas = LogIn(username);
  const Session stranger = LogIn("fas.lain");
  // Not published yet: nothing to see.
  EXPECT_NE(Get(fas, StrCat("/kelas/", kKabDesa, "/1")).result_int(), 200);
  auto pub = Post(kab, StrCat("/api/v1/plans/", kKabDesa, "/publish"), "", "application/json");
  ASSERT_EQ(pub.result_int(), 200) << pub.body();
  auto seen = Get(fas, StrCat("/kelas/", kKabDesa, "/1"));
  EXPECT_EQ(seen.result_int(), 200) << seen.body();
  auto plan = Get(fas, StrCat("/api/v1/plans/", kKabDesa));
  ASSERT_EQ(plan.result_int(), 200) << plan.body();
  const json p = json::parse(plan.body());
  ASSERT_TRUE(p.contains("batch_list")) << plan.body();
  for (const json& x : p["batch_list"]) {
    bool teaches = false;
    for (const json& session : x["sessions"]) {
      teaches = teaches || (session.contains("facilitator") &&
                            session["facilitator"].value("code", "") == code);
    }
    EXPECT_TRUE(teaches) << "batch " << x["id"] << " shown to " << code;
  }
  // A facilitator of Kota Bogor who teaches none of it sees nothing of Kabupaten Bogor.
  EXPECT_EQ(Get(stranger, StrCat("/kelas/", kKabDesa, "/1")).result_int(), 403);
  EXPECT_EQ(Get(stranger, StrCat("/api/v1/plans/", kKabDesa)).result_int(), 403);
}

// A facilitator whose account covers the whole kabupaten sees all its batches on /kelas, and
// with "Batches I teach" (?saya=1) only those they teach; an operator gets no such filter.
TEST_F(PlanningPagesTest, AFacilitatorNarrowsTheBatchListToTheBatchesTheyTeach) {
  const Session kab = LogIn("op.kab");
  auto pub = Post(kab, StrCat("/api/v1/plans/", kKabDesa, "/publish"), "", "application/json");
  ASSERT_EQ(pub.result_int(), 200) << pub.body();
  auto plan = Get(kab, StrCat("/api/v1/plans/", kKabDesa));
  ASSERT_EQ(plan.result_int(), 200) << plan.body();
  const json p = json::parse(plan.body());
  // Each facilitator's batches (in this small plan a facilitator may teach them all; the one
  // below who teaches none shows the filter leaving batches out).
  std::map<std::string, std::set<int64_t>> by_code;
  for (const json& b : p["batch_list"]) {
    for (const json& session : b["sessions"]) {
      if (session.contains("facilitator") && session["facilitator"].contains("code")) {
        by_code[session["facilitator"]["code"]].insert(b["id"].get<int64_t>());
      }
    }
  }
  ASSERT_FALSE(by_code.empty()) << plan.body();
  std::string code = by_code.begin()->first;
  for (const auto& [c, batches] : by_code) {
    if (batches.size() < by_code[code].size()) code = c;
  }
  const std::set<int64_t> taught = by_code[code];
  std::string username = code;
  for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  {
    auto a = store::OpenSqliteAccounts(db_);
    ASSERT_TRUE(a.ok()) << a.status();
    service::Auth auth(**a, nullptr, config_.auth);
    ASSERT_TRUE(auth.AddUser({username, UserRole::kFacilitator, 3201L, username}, kPassword).ok());
    ASSERT_TRUE(
        auth.AddUser({"fas.kab", UserRole::kFacilitator, 3201L, "fas.kab"}, kPassword).ok());
  }
  const Session fas = LogIn(username);
  const Session idle = LogIn("fas.kab");  // a facilitator of the kabupaten who teaches none
  auto ids = [](const std::string& body) {
    std::set<int64_t> out;
    static const std::regex link(R"re(href="/kelas/[0-9.]+/([0-9]+)")re");
    for (auto it = std::sregex_iterator(body.begin(), body.end(), link);
         it != std::sregex_iterator(); ++it) {
      out.insert(std::stoll((*it)[1]));
    }
    return out;
  };
  auto all = Get(fas, StrCat("/kelas?lingkup=", kKabDesa, "&lang=en"));
  ASSERT_EQ(all.result_int(), 200) << all.body();
  EXPECT_THAT(all.body(), HasSubstr("Batches I teach</a> (" + std::to_string(taught.size()) + ")"));
  EXPECT_EQ(ids(all.body()).size(), p["batch_list"].size());
  auto mine = Get(fas, StrCat("/kelas?lingkup=", kKabDesa, "&saya=1&lang=en"));
  ASSERT_EQ(mine.result_int(), 200) << mine.body();
  EXPECT_EQ(ids(mine.body()), taught);
  EXPECT_THAT(mine.body(), HasSubstr("all batches</a>"));
  auto none_all = Get(idle, StrCat("/kelas?lingkup=", kKabDesa, "&lang=en"));
  EXPECT_THAT(none_all.body(), HasSubstr("Batches I teach</a> (0)"));
  EXPECT_EQ(ids(none_all.body()).size(), p["batch_list"].size());
  auto none = Get(idle, StrCat("/kelas?lingkup=", kKabDesa, "&saya=1&lang=en"));
  ASSERT_EQ(none.result_int(), 200);
  EXPECT_TRUE(ids(none.body()).empty());
  EXPECT_THAT(none.body(), HasSubstr("You teach in none of these batches."));
  // An operator lists every batch and has no such filter (saya=1 changes nothing for them).
  auto op = Get(kab, StrCat("/kelas?lingkup=", kKabDesa, "&saya=1&lang=en"));
  ASSERT_EQ(op.result_int(), 200);
  EXPECT_THAT(op.body(), Not(HasSubstr("Batches I teach")));
  EXPECT_EQ(ids(op.body()).size(), p["batch_list"].size());
}

TEST_F(PlanningPagesTest, PlannersEditTheCurriculumAndImportVenuesFromThePages) {
  const Session op = LogIn("op.kota");
  // A new curriculum version from the edit form (the JSON document).
  auto c = service::DefaultCurriculum();
  ASSERT_TRUE(c.ok());
  c->modules[2].minutes = 160;
  const std::string doc = service::CurriculumToJson(*c);
  auto saved =
      Post(op, "/kurikulum",
           StrCat("csrf=", op.csrf, "&note=M3+longer&json=", UrlEncodeForTest(doc)), kForm);
  ASSERT_EQ(saved.result_int(), 200) << saved.body();
  EXPECT_THAT(saved.body(), HasSubstr("Disimpan sebagai versi 2"));
  EXPECT_THAT(Get(op, "/kurikulum?versi=1").body(), HasSubstr("(v1)"));
  auto bad = Post(op, "/kurikulum", StrCat("csrf=", op.csrf, "&json=%7B%7D"), kForm);
  EXPECT_EQ(bad.result_int(), 422) << bad.body();
  const Session pps = LogIn("pps.kota");
  EXPECT_EQ(
      Post(pps, "/kurikulum", StrCat("csrf=", pps.csrf, "&json=", UrlEncodeForTest(doc)), kForm)
          .result_int(),
      403);

  // Venues: a file with an error writes nothing and names row and column; a good one is saved.
  auto upload = [&](const std::string& csv, bool dry) {
    const std::string b = "----bimtekboundary";
    std::string body = StrCat("--", b, "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n",
                              op.csrf, "\r\n");
    if (dry) {
      body += StrCat("--", b, "\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n");
    }
    body += StrCat("--", b,
                   "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tempat.csv\"\r\n"
                   "Content-Type: text/csv\r\n\r\n",
                   csv, "\r\n--", b, "--\r\n");
    return Post(op, "/tempat/impor", body, "multipart/form-data; boundary=" + b);
  };
  const std::string header = "kode_tempat,nama_tempat,alamat,wilayah,kapasitas,jam\n";
  auto wrong = upload(header + "GOR-1,GOR Pajajaran,Jl. Pemuda,32.71.01,abc,08:00-17:00\n", false);
  EXPECT_EQ(wrong.result_int(), 422) << wrong.body();
  EXPECT_THAT(wrong.body(), HasSubstr("kapasitas"));
  EXPECT_THAT(Get(op, "/tempat?lingkup=32.71.01").body(), Not(HasSubstr("GOR-1")));
  const std::string good = header + "GOR-1,GOR Pajajaran,Jl. Pemuda,32.71.01,300,08:00-17:00\n";
  auto checked = upload(good, true);
  EXPECT_EQ(checked.result_int(), 200) << checked.body();
  EXPECT_THAT(Get(op, "/tempat?lingkup=32.71.01").body(), Not(HasSubstr("GOR-1")));
  auto done = upload(good, false);
  EXPECT_EQ(done.result_int(), 200) << done.body();
  EXPECT_THAT(done.body(), HasSubstr("Impor selesai"));
  EXPECT_THAT(Get(op, "/tempat?lingkup=32.71.01").body(), HasSubstr("GOR-1"));
}

}  // namespace
}  // namespace bimtek::http
