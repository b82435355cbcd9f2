// The question bank editor and the test builder pages over the real server (issue 5 item 8):
// an edit makes a new version and the old one stays; a bad form shows its errors beside the
// fields and saves nothing; a post without the session's CSRF field is refused; a facilitator
// reads but cannot edit or build, a participant gets 403; the builder creates a test that /tes
// and GET /api/v1/tests list.
#include <regex>

#include "base/strings.h"
#include "core/questions/question_json.h"
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
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::CookieFrom;
using ::bimtek::testing::CsrfField;
using ::bimtek::testing::FormEncode;
using ::bimtek::testing::HttpResponse;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;
using field = boost::beast::http::field;
using store::UserRole;

constexpr char kForm[] = "application/x-www-form-urlencoded";

class BankPagesTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    UseSqliteTests();
    Load();
    StartServer();
  }

  void Load() {
    auto st = std::move(store::OpenSqliteStore(db_, deps_.ref->regions.all())).value();
    auto acc = std::move(store::OpenSqliteAccounts(db_)).value();
    auto bank = std::move(store::OpenSqliteQuestions(db_)).value();
    const service::Registry reg{*st, *vault_, *deps_.ref};
    service::Auth auth(*acc, &reg, config_.auth);
    ASSERT_TRUE(auth.AddUser({"admin", UserRole::kNationalAdmin, 0, "Admin"}, kPassword).ok());
    ASSERT_TRUE(
        auth.AddUser({"kota.bogor", UserRole::kKabKota, 3271, "Kota Bogor"}, kPassword).ok());
    ASSERT_TRUE(
        auth.AddUser({"f-1", UserRole::kFacilitator, 327102, "Fasilitator Satu"}, kPassword).ok());
    std::vector<questions::Question> items;
    for (int i = 0; i < 6; ++i) {
      questions::Question q;
      q.id = StrCat(i < 3 ? "M1" : "M3", "-H-", 100 + i);
      q.module = i < 3 ? "M1" : "M3";
      q.topics = {"voting"};
      q.stem = "Soal lama " + q.id;
      q.options = {{"A", "a"}, {"B", "b"}, {"C", "c"}};
      q.key = {"B"};
      q.explanation = "Penjelasan butir " + q.id;
      items.push_back(q);
    }
    ASSERT_TRUE(bank->PutQuestions(items, 1'700'000'000).ok());
    Person p;
    p.nik = "3271014101900001";
    p.name = "Siti Aminah";
    p.sex = Sex::kFemale;
    p.birth_date = Date{1990, 5, 17};
    p.role = Role::kKpps;
    p.tps = MakeTpsCode(3271011001, 1);
    p.position = 1;
    p.work_region = 3271011001;
    auto txn = st->Begin();
    ASSERT_TRUE(txn.ok()) << txn.status();
    ASSERT_TRUE((*txn)->InsertPerson(service::SealPerson(*vault_, p)).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
    auto admin = acc->FindUserByName("admin");
    ASSERT_TRUE(admin.ok() && *admin);
    auto code = auth.IssueAccessCode(**admin, p.nik);
    ASSERT_TRUE(code.ok()) << code.status();
    participant_code_ = *code;
  }

  std::string LogIn(const std::string& user) { return LogInWithForm(user); }

  HttpResponse Post(const std::string& cookie, const std::string& target, const std::string& body) {
    TestClient c(port());
    c.SetHeader("Cookie", cookie);
    return c.Send(verb::post, target, body, true, kForm);
  }

  // The latest version of an item, read from the store.
  int Versions(const std::string& id) {
    auto bank = std::move(store::OpenSqliteQuestions(db_)).value();
    auto v = bank->ListVersions(id);
    EXPECT_TRUE(v.ok()) << v.status();
    return static_cast<int>(v->size());
  }

  std::string participant_code_;
};

std::string ItemBody(const std::string& csrf, const std::string& stem, const std::string& key) {
  return StrCat("csrf=", csrf, "&type=single&module=M1&topic=voting&stem=", FormEncode(stem),
                "&options=", FormEncode("A: a\r\nB: b\r\nC: c\r\n"), "&key=", FormEncode(key),
                "&explanation=", FormEncode("Karena aturan PKPU."), "&source=", FormEncode("§8"));
}

TEST_F(BankPagesTest, AnEditMakesANewVersionAndTheOldOneStays) {
  const std::string s = LogIn("kota.bogor");
  auto home = Get(s, "/");
  EXPECT_THAT(home.body(), HasSubstr("href=\"/soal\""));
  EXPECT_THAT(home.body(), HasSubstr("href=\"/tes\""));
  auto list = Get(s, "/soal?modul=M1");
  ASSERT_EQ(list.result_int(), 200) << list.body();
  EXPECT_THAT(list.body(), HasSubstr("M1-H-100"));
  EXPECT_THAT(list.body(), Not(HasSubstr("M3-H-103")));
  EXPECT_THAT(list.body(), HasSubstr("href=\"/soal/baru\""));
  EXPECT_THAT(list.body(), Not(HasSubstr("<script")));

  auto form = Get(s, "/soal/M1-H-100/ubah");
  ASSERT_EQ(form.result_int(), 200) << form.body();
  EXPECT_THAT(form.body(), HasSubstr("Soal lama M1-H-100"));
  const std::string csrf = CsrfField(form.body());
  ASSERT_FALSE(csrf.empty());
  auto r = Post(s, "/soal/M1-H-100/ubah", ItemBody(csrf, "Soal baru yang diperbaiki", "C"));
  ASSERT_EQ(r.result_int(), 303) << r.body();
  EXPECT_EQ(r[field::location], "/soal/M1-H-100?v=2");
  EXPECT_EQ(Versions("M1-H-100"), 2);

  auto v2 = Get(s, "/soal/M1-H-100?v=2");
  ASSERT_EQ(v2.result_int(), 200) << v2.body();
  EXPECT_THAT(v2.body(), HasSubstr("Soal baru yang diperbaiki"));
  EXPECT_THAT(v2.body(), HasSubstr("Karena aturan PKPU."));
  EXPECT_THAT(v2.body(), HasSubstr("href=\"/soal/M1-H-100?v=1\""));
  auto v1 = Get(s, "/soal/M1-H-100?v=1");
  ASSERT_EQ(v1.result_int(), 200);
  EXPECT_THAT(v1.body(), HasSubstr("Soal lama M1-H-100"));
  EXPECT_THAT(v1.body(), HasSubstr("<strong>B. b ✓"));
  auto latest = Get(s, "/soal/M1-H-100?lang=en");
  EXPECT_THAT(latest.body(), HasSubstr("version 2"));
  EXPECT_THAT(latest.body(), HasSubstr("<strong>C. c ✓"));

  // A new matching item.
  auto nf = Get(s, "/soal/baru");
  ASSERT_EQ(nf.result_int(), 200);
  auto n = Post(
      s, "/soal/baru",
      StrCat("csrf=", CsrfField(nf.body()), "&id=M2-JODOH-001&type=matching&module=M2",
             "&topic=voting&stem=", FormEncode("Jodohkan formulir dengan gunanya."),
             "&left=", FormEncode("L1: C.Hasil\nL2: C.Pemberitahuan"),
             "&right=", FormEncode("R1: hasil penghitungan\nR2: undangan memilih"),
             "&pairs=", FormEncode("L1=R1, L2=R2"), "&explanation=", FormEncode("PKPU 25/2023.")));
  ASSERT_EQ(n.result_int(), 303) << n.body();
  auto item = Get(s, "/soal/M2-JODOH-001");
  ASSERT_EQ(item.result_int(), 200);
  EXPECT_THAT(item.body(), HasSubstr("L2 C.Pemberitahuan → R2 undangan memilih"));
}

TEST_F(BankPagesTest, ABadFormShowsItsErrorsAndSavesNothing) {
  const std::string s = LogIn("admin");
  const std::string csrf = CsrfField(Get(s, "/soal/M1-H-101/ubah").body());
  // The key names no option, and the stem is empty.
  auto r = Post(s, "/soal/M1-H-101/ubah", ItemBody(csrf, "", "Z"));
  ASSERT_EQ(r.result_int(), 400) << r.body();
  EXPECT_THAT(r.body(), HasSubstr("Soal belum disimpan"));
  // Each error beside its field, and the form keeps what was typed.
  EXPECT_THAT(r.body(), HasSubstr("name=\"key\" value=\"Z\"><span class=\"error\""));
  EXPECT_THAT(r.body(), HasSubstr("</textarea><span class=\"error\""));
  EXPECT_EQ(Versions("M1-H-101"), 1);
  // A line without "ID: text".
  auto bad_line = Post(s, "/soal/M1-H-101/ubah",
                       StrCat("csrf=", csrf, "&type=single&module=M1&topic=voting&stem=x",
                              "&options=", FormEncode("A a\nB: b"), "&key=B&explanation=y"));
  ASSERT_EQ(bad_line.result_int(), 400);
  EXPECT_THAT(bad_line.body(), HasSubstr("baris 1"));
  EXPECT_EQ(Versions("M1-H-101"), 1);
  // A new item may not take an existing id.
  auto taken = Post(s, "/soal/baru", StrCat(ItemBody(csrf, "Soal", "A"), "&id=M1-H-101"));
  ASSERT_EQ(taken.result_int(), 400) << taken.body();
  EXPECT_THAT(taken.body(), HasSubstr("sudah ada di bank soal"));
  EXPECT_EQ(Versions("M1-H-101"), 1);
  auto bad_id = Post(s, "/soal/baru", StrCat(ItemBody(csrf, "Soal", "A"), "&id=bukan%20kode"));
  ASSERT_EQ(bad_id.result_int(), 400);
  EXPECT_EQ(Get(s, "/soal/NOPE-1").result_int(), 404);
}

TEST_F(BankPagesTest, APostWithoutTheSessionsCsrfIsRefused) {
  const std::string s = LogIn("admin");
  auto no_csrf = Post(s, "/soal/M1-H-102/ubah", ItemBody("", "Tanpa token", "A"));
  EXPECT_EQ(no_csrf.result_int(), 403);
  auto wrong = Post(s, "/soal/M1-H-102/ubah", ItemBody(std::string(64, 'a'), "Salah token", "A"));
  EXPECT_EQ(wrong.result_int(), 403);
  auto builder = Post(s, "/tes/baru", "name=x&kind=pre&blueprint=M1:1");
  EXPECT_EQ(builder.result_int(), 403);
  EXPECT_EQ(Versions("M1-H-102"), 1);
}

TEST_F(BankPagesTest, AFacilitatorReadsButCannotEditAndAParticipantGetsNothing) {
  const std::string f = LogIn("f-1");
  EXPECT_EQ(Get(f, "/soal").result_int(), 200);
  EXPECT_THAT(Get(f, "/soal").body(), Not(HasSubstr("href=\"/soal/baru\"")));
  EXPECT_EQ(Get(f, "/soal/M1-H-100").result_int(), 200);
  EXPECT_EQ(Get(f, "/soal/M1-H-100/ubah").result_int(), 403);
  EXPECT_EQ(Get(f, "/soal/baru").result_int(), 403);
  EXPECT_EQ(Get(f, "/tes").result_int(), 200);
  EXPECT_EQ(Get(f, "/tes/baru").result_int(), 403);
  const std::string csrf = CsrfField(Get(f, "/").body());  // the logout form's field
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(Post(f, "/soal/M1-H-100/ubah", ItemBody(csrf, "Diubah fasilitator", "A")).result_int(),
            403);
  EXPECT_EQ(Post(f, "/tes/baru", StrCat("csrf=", csrf, "&name=x&kind=pre")).result_int(), 403);
  EXPECT_EQ(Versions("M1-H-100"), 1);

  TestClient c(port());
  auto login =
      c.Send(verb::post, "/api/v1/login/participant",
             nlohmann::json{{"code", participant_code_}, {"birth_date", "1990-05-17"}}.dump());
  ASSERT_EQ(login.result_int(), 200) << login.body();
  const std::string p = CookieFrom(login, "bimtek_session");
  EXPECT_EQ(Get(p, "/soal").result_int(), 403);
  EXPECT_EQ(Get(p, "/soal/M1-H-100").result_int(), 403);
  EXPECT_EQ(Get(p, "/soal/M1-H-100/ubah").result_int(), 403);
  EXPECT_EQ(Get(p, "/tes").result_int(), 403);
  const std::string pcsrf = nlohmann::json::parse(login.body())["csrf_token"];
  EXPECT_EQ(Post(p, "/soal/M1-H-100/ubah", ItemBody(pcsrf, "Diubah peserta", "A")).result_int(),
            403);
  EXPECT_EQ(Versions("M1-H-100"), 1);
}

TEST_F(BankPagesTest, TheBuilderCreatesATestSeenInTheListAndTheApi) {
  const std::string s = LogIn("kota.bogor");
  auto form = Get(s, "/tes/baru");
  ASSERT_EQ(form.result_int(), 200) << form.body();
  EXPECT_THAT(form.body(), HasSubstr("value=\"32.71\""));  // the user's scope by default
  const std::string csrf = CsrfField(form.body());
  const std::string good =
      StrCat("csrf=", csrf, "&name=", FormEncode("Pra-tes Kota Bogor"), "&kind=pre&scope=32.71",
             "&batch=&pre_test=&blueprint=", FormEncode("M1:2,M3:2"), "&forms=2&seed=7&zone=7",
             "&opens=", FormEncode("2024-01-25T08:00"), "&closes=", FormEncode("2024-01-25T17:00"),
             "&time_limit=30&pass_mark=75&remedial_mark=50");
  // Outside the scope, a blueprint asking for more than the bank has, a window closing first.
  auto outside =
      Post(s, "/tes/baru", std::regex_replace(good, std::regex("scope=32.71"), "scope=32.01"));
  EXPECT_EQ(outside.result_int(), 400) << outside.body();
  auto too_many = Post(s, "/tes/baru", std::regex_replace(good, std::regex("M1%3A2"), "M1%3A9"));
  EXPECT_EQ(too_many.result_int(), 400) << too_many.body();
  EXPECT_THAT(too_many.body(), HasSubstr("Tes belum dibuat"));
  auto window = Post(s, "/tes/baru", std::regex_replace(good, std::regex("T17%3A00"), "T07%3A00"));
  EXPECT_EQ(window.result_int(), 400);
  EXPECT_THAT(window.body(), HasSubstr("the window must close after it opens"));
  EXPECT_THAT(Get(s, "/tes").body(), HasSubstr("Belum ada tes"));

  auto r = Post(s, "/tes/baru", good);
  ASSERT_EQ(r.result_int(), 303) << r.body();
  const std::string where(r[field::location]);
  ASSERT_TRUE(where.starts_with("/tes/")) << where;
  auto detail = Get(s, where);
  ASSERT_EQ(detail.result_int(), 200) << detail.body();
  EXPECT_THAT(detail.body(), HasSubstr("Pra-tes Kota Bogor"));
  EXPECT_THAT(detail.body(), HasSubstr("2024-01-25T08:00 WIB"));
  EXPECT_THAT(detail.body(), HasSubstr("Paket B"));
  EXPECT_THAT(detail.body(), HasSubstr("30 menit"));
  auto list = Get(s, "/tes");
  EXPECT_THAT(list.body(), HasSubstr("Pra-tes Kota Bogor"));
  EXPECT_THAT(list.body(), HasSubstr("M1:2,M3:2"));

  auto api = Get(s, "/api/v1/tests");
  ASSERT_EQ(api.result_int(), 200) << api.body();
  const auto j = nlohmann::json::parse(api.body());
  ASSERT_EQ(j["tests"].size(), 1u);
  EXPECT_EQ(j["tests"][0]["name"], "Pra-tes Kota Bogor");
  EXPECT_EQ(j["tests"][0]["opens"], 1706144400);  // 2024-01-25 08:00 WIB = 01:00 UTC
  EXPECT_EQ(j["tests"][0]["forms"], 2);
  EXPECT_EQ(StrCat("/tes/", j["tests"][0]["id"].get<int64_t>()), where);

  // A facilitator of 32.71.02 sees it.
  EXPECT_EQ(Get(LogIn("f-1"), where).result_int(), 200);
}

// A multipart/form-data body with a csrf field, optional module, and a file.
std::string Multipart(const std::string& csrf, const std::string& filename,
                      const std::string& bytes, const std::string& module = "") {
  std::string b = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n";
  if (!module.empty()) {
    b += "--XyZ\r\nContent-Disposition: form-data; name=\"module\"\r\n\r\n" + module + "\r\n";
  }
  b += "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
       "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--XyZ--\r\n";
  return b;
}

// The item form as multipart/form-data: its fields, then an optional image part.
std::string ItemMultipart(const std::string& csrf, const std::string& id,
                          const std::vector<std::pair<std::string, std::string>>& extra,
                          const std::string& image_name = "", const std::string& image = "") {
  std::string b;
  auto add = [&](const std::string& n, const std::string& v) {
    b += "--XyZ\r\nContent-Disposition: form-data; name=\"" + n + "\"\r\n\r\n" + v + "\r\n";
  };
  if (!csrf.empty()) add("csrf", csrf);
  add("id", id);
  add("type", "single");
  add("module", "M1");
  add("topic", "voting");
  add("stem", "Gambar apa ini?");
  add("options", "A: kotak suara\r\nB: bilik suara\r\n");
  add("key", "B");
  add("explanation", "Bilik suara: PKPU 25/2023.");
  for (const auto& [n, v] : extra) add(n, v);
  if (!image_name.empty()) {
    b += "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + image_name +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + image + "\r\n";
  }
  return b + "--XyZ--\r\n";
}

// A real 1x1 PNG.
const std::string kPng(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx"
    "\x9c" "c\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xae" "B`\x82",
    67);

TEST_F(BankPagesTest, TheItemFormTakesAnImageChecksItAndCanRemoveIt) {
  const std::string s = LogIn("kota.bogor");
  const std::string csrf = CsrfField(Get(s, "/soal/baru").body());
  auto send = [&](const std::string& target, const std::string& body) {
    TestClient c(port());
    c.SetHeader("Cookie", s);
    return c.Send(verb::post, target, body, true, "multipart/form-data; boundary=XyZ");
  };
  EXPECT_THAT(Get(s, "/soal/baru").body(), HasSubstr("enctype=\"multipart/form-data\""));

  // Refused, nothing saved: not an image, a PNG name on other bytes, no text, a script in SVG,
  // too large, and no CSRF field.
  struct Bad {
    std::string name, bytes, alt, says;
  };
  const std::vector<Bad> bads = {
      {"gambar.exe", "MZ...", "bilik", "must be a .png"},
      {"gambar.png", "GIF89a....", "bilik", "does not match its type"},
      {"gambar.png", kPng, "", "for screen readers"},
      {"gambar.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
       "bilik", "may not hold scripts"},
      {"gambar.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "bilik",
       "may not hold scripts"},
      {"gambar.png", kPng + std::string(600 << 10, 'x'), "bilik", "over 512 KB"},
  };
  for (const Bad& b : bads) {
    SCOPED_TRACE(b.says);
    auto r = send("/soal/baru?lang=en",
                  ItemMultipart(csrf, "M1-GAMBAR-001", {{"image_alt", b.alt}}, b.name, b.bytes));
    EXPECT_EQ(r.result_int(), 400) << r.body();
    EXPECT_THAT(r.body(), HasSubstr(b.says));
    EXPECT_EQ(Versions("M1-GAMBAR-001"), 0);
  }
  auto no_csrf = send("/soal/baru", ItemMultipart("", "M1-GAMBAR-001", {{"image_alt", "bilik"}},
                                                  "gambar.png", kPng));
  EXPECT_EQ(no_csrf.result_int(), 403);
  auto torn = send("/soal/baru?lang=en", "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"");
  EXPECT_EQ(torn.result_int(), 400);
  EXPECT_THAT(torn.body(), HasSubstr("The form cannot be read"));
  EXPECT_EQ(Versions("M1-GAMBAR-001"), 0);

  // A good one: stored with its bytes, served, shown with its text.
  auto ok = send("/soal/baru", ItemMultipart(csrf, "M1-GAMBAR-001",
                                             {{"image_alt", "Bilik suara di TPS"}}, "Bilik.PNG",
                                             kPng));
  ASSERT_EQ(ok.result_int(), 303) << ok.body();
  auto img = Get(s, "/soal/M1-GAMBAR-001/gambar");
  ASSERT_EQ(img.result_int(), 200);
  EXPECT_EQ(img.body(), kPng);
  EXPECT_EQ(img[field::content_type], "image/png");
  EXPECT_THAT(Get(s, "/soal/M1-GAMBAR-001").body(), HasSubstr("alt=\"Bilik suara di TPS\""));

  // An edit without a file keeps the image (its text may change); removing it drops it.
  auto keep = send("/soal/M1-GAMBAR-001/ubah",
                   ItemMultipart(csrf, "M1-GAMBAR-001", {{"image_alt", "Bilik suara"}}));
  ASSERT_EQ(keep.result_int(), 303) << keep.body();
  EXPECT_EQ(Get(s, "/soal/M1-GAMBAR-001/gambar").body(), kPng);
  EXPECT_THAT(Get(s, "/soal/M1-GAMBAR-001").body(), HasSubstr("alt=\"Bilik suara\""));
  auto removed = send("/soal/M1-GAMBAR-001/ubah",
                      ItemMultipart(csrf, "M1-GAMBAR-001", {{"image_remove", "1"}}));
  ASSERT_EQ(removed.result_int(), 303) << removed.body();
  EXPECT_EQ(Get(s, "/soal/M1-GAMBAR-001/gambar").result_int(), 404);
  EXPECT_EQ(Versions("M1-GAMBAR-001"), 3);
}

TEST_F(BankPagesTest, QtiExportThenImportFromTheBankPageChangesNothingAndJsonAddsVersions) {
  const std::string s = LogIn("admin");
  auto page = Get(s, "/soal");
  EXPECT_THAT(page.body(), HasSubstr("action=\"/soal/impor\""));
  const std::string csrf = CsrfField(page.body());
  auto zip = Get(s, "/soal/qti.zip");
  ASSERT_EQ(zip.result_int(), 200) << zip.body();
  EXPECT_EQ(zip[field::content_type], "application/zip");
  ASSERT_TRUE(zip.body().starts_with("PK"));

  auto upload = [&](const std::string& token, const std::string& name, const std::string& bytes) {
    TestClient c(port());
    c.SetHeader("Cookie", s);
    return c.Send(verb::post, "/soal/impor", Multipart(token, name, bytes), true,
                  "multipart/form-data; boundary=XyZ");
  };
  auto same = upload(csrf, "bank.zip", zip.body());
  ASSERT_EQ(same.result_int(), 200) << same.body();
  EXPECT_THAT(same.body(), HasSubstr("Soal baru: 0, versi baru: 0, tidak berubah: 6."));
  EXPECT_EQ(Versions("M1-H-100"), 1);

  questions::Bank b;
  questions::Question q;
  q.id = "M1-H-100";
  q.module = "M1";
  q.topics = {"voting"};
  q.stem = "Soal dari berkas JSON";
  q.options = {{"A", "a"}, {"B", "b"}};
  q.key = {"A"};
  q.explanation = "Penjelasan.";
  b.items.push_back(q);
  q.id = "M1-H-900";
  b.items.push_back(q);
  const std::string json = questions::WriteBankJson(b);
  EXPECT_EQ(upload("", "bank.json", json).result_int(), 403);
  EXPECT_EQ(Versions("M1-H-100"), 1);
  auto added = upload(csrf, "bank.json", json);
  ASSERT_EQ(added.result_int(), 200) << added.body();
  EXPECT_THAT(added.body(), HasSubstr("Soal baru: 1, versi baru: 1, tidak berubah: 0."));
  EXPECT_EQ(Versions("M1-H-100"), 2);
  EXPECT_EQ(Versions("M1-H-900"), 1);

  // A file with a bad key: the problem by item and field, nothing saved.
  b.items[0].key = {"Z"};
  b.items[1].id = "M1-H-901";
  auto bad = upload(csrf, "bad.json", questions::WriteBankJson(b));
  ASSERT_EQ(bad.result_int(), 400) << bad.body();
  EXPECT_THAT(bad.body(), HasSubstr("Tidak ada yang disimpan"));
  EXPECT_THAT(bad.body(), HasSubstr("M1-H-100"));
  EXPECT_EQ(Versions("M1-H-100"), 2);
  EXPECT_EQ(Versions("M1-H-901"), 0);
  // A facilitator may not import.
  const std::string f = LogIn("f-1");
  TestClient c(port());
  c.SetHeader("Cookie", f);
  EXPECT_EQ(
      c.Send(verb::post, "/soal/impor", Multipart(CsrfField(Get(f, "/").body()), "b.json", json),
             true, "multipart/form-data; boundary=XyZ")
          .result_int(),
      403);
}

}  // namespace
}  // namespace bimtek::http
