// Import and export over the real server: the API routes (file as the body; report JSON; 422
// with the error table; 413, 415, 400, 403 and CSRF), the /impor pages (multipart upload, dry
// run, the error table, commit of the kept upload) and /ekspor, each checked against the
// account's region scope, and the one audit row a committed import writes. Also the multipart
// parser on its own.
#include <regex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "http/multipart.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/test_client.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/gen.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::CsrfField;
using ::bimtek::testing::HttpResponse;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using ::testing::Not;
using verb = boost::beast::http::verb;
using field = boost::beast::http::field;
using service::UserRole;

constexpr char kDesa[] = "32.71.01.1001";
constexpr char kCsv[] = "text/csv";
constexpr char kHeader[] = "nik,nama,jenis_kelamin,tanggal_lahir,peran,wilayah_tugas\n";

// Three facilitators of Kota Bogor with valid NIKs (kecamatan 32.71.01, born 1990-02-14, men).
std::string GoodPeople() {
  return std::string(kHeader) +
         "3271011402909871,Budi Santoso,L,1990-02-14,FASILITATOR,32.71\n"
         "3271011402909872,Agus Salim,L,1990-02-14,FASILITATOR,32.71.01\n"
         "3271011402909873,Dedi Kurnia,L,1990-02-14,FASILITATOR,32.71\n";
}

// Row 3: a 15-digit NIK; row 4: a facilitator of Kabupaten Bogor (32.01), outside 32.71.
std::string BadPeople() {
  return std::string(kHeader) +
         "3271011402909871,Budi Santoso,L,1990-02-14,FASILITATOR,32.71\n"
         "327101140290987,Agus Salim,L,1990-02-14,FASILITATOR,32.71.01\n"
         "3271011402909873,Dedi Kurnia,L,1990-02-14,FASILITATOR,32.01\n";
}

std::string TokenField(const std::string& page) {
  std::smatch m;
  static const std::regex re(R"re(name="token" value="([0-9a-f]+)")re");
  return std::regex_search(page, m, re) ? m[1].str() : "";
}

// A multipart/form-data body as a browser sends it.
std::string Multipart(const std::string& boundary, const std::string& csrf,
                      const std::string& kind, const std::string& file_name,
                      const std::string& file) {
  std::string b;
  if (!csrf.empty()) {
    b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf +
         "\r\n";
  }
  b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind +
       "\r\n";
  b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
       file_name + "\"\r\nContent-Type: text/csv\r\n\r\n" + file + "\r\n";
  b += "--" + boundary + "--\r\n";
  return b;
}

class TransferTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    config_.upload_dir = dir_.File("uploads");
    ASSERT_NO_FATAL_FAILURE(GenerateDesa(kDesa));
    ASSERT_NO_FATAL_FAILURE(AddUser("bogor", UserRole::kKabKota, 3271, "bogor"));
    ASSERT_NO_FATAL_FAILURE(AddUser("fasil", UserRole::kFacilitator, 3271, "fasil"));
  }

  // Logs in over the API; `c` sends the session cookie and, unless csrf is false, the token.
  std::string LogIn(TestClient& c, const std::string& name, bool csrf = true) {
    auto r = c.Send(verb::post, "/api/v1/login",
                    nlohmann::json{{"username", name}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.result_int(), 200) << r.body();
    const std::string set_cookie(r[field::set_cookie]);
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    c.SetHeader("Cookie", cookie);
    const std::string token = nlohmann::json::parse(r.body()).value("csrf_token", "");
    if (csrf) c.SetHeader("X-CSRF-Token", token);
    return token;
  }

  int64_t Facilitators() {
    auto s = store::OpenSqliteStore(db_, deps_.ref->regions.all());
    EXPECT_TRUE(s.ok()) << s.status();
    auto c = (*s)->CountPeople(Scope::National());
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->fasilitator : -1;
  }

  std::vector<store::AuditRow> Audit() {
    auto s = store::OpenSqliteStore(db_, deps_.ref->regions.all());
    EXPECT_TRUE(s.ok()) << s.status();
    store::AuditQuery q;
    q.action_prefix = "import.";
    auto rows = (*s)->ListAudit(Scope::National(), q);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *rows : std::vector<store::AuditRow>{};
  }
};

TEST_F(TransferTest, ApiDryRunChangesNothingThenCommitImportsAndWritesOneAuditRow) {
  StartServer();
  TestClient c(port());
  LogIn(c, "bogor");
  const int64_t before = Facilitators();
  auto dry = c.Send(verb::post, "/api/v1/import/people?dry_run=1&file_name=fasil.csv",
                    GoodPeople(), true, kCsv);
  ASSERT_EQ(dry.result_int(), 200) << dry.body();
  auto j = nlohmann::json::parse(dry.body());
  EXPECT_EQ(j["file"], "fasil.csv");
  EXPECT_EQ(j["rows"], 3);
  EXPECT_EQ(j["inserted"], 3);
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(j["committed"], false);
  EXPECT_EQ(Facilitators(), before);
  EXPECT_TRUE(Audit().empty());

  auto real = c.Send(verb::post, "/api/v1/import/people?file_name=fasil.csv", GoodPeople(), true,
                     kCsv);
  ASSERT_EQ(real.result_int(), 200) << real.body();
  j = nlohmann::json::parse(real.body());
  EXPECT_EQ(j["committed"], true);
  EXPECT_EQ(j["inserted"], 3);
  EXPECT_EQ(Facilitators(), before + 3);

  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "import.people");
  EXPECT_EQ(audit[0].actor, "bogor");
  EXPECT_EQ(audit[0].target, "file:fasil.csv");
  EXPECT_EQ(audit[0].region, 3271);
  EXPECT_EQ(audit[0].address, "127.0.0.1");
  auto after = nlohmann::json::parse(audit[0].after_json);
  EXPECT_EQ(after["rows"], 3);
  EXPECT_EQ(after["inserted"], 3);
  EXPECT_EQ(after["sha256"].get<std::string>().size(), 64u);
  EXPECT_THAT(audit[0].after_json, Not(HasSubstr("3271011402909871")));  // no NIK in the log

  // The same file again: nothing changes, and it is still one audited import.
  auto again = c.Send(verb::post, "/api/v1/import/people?file_name=fasil.csv", GoodPeople(), true,
                      kCsv);
  ASSERT_EQ(again.result_int(), 200) << again.body();
  EXPECT_EQ(nlohmann::json::parse(again.body())["unchanged"], 3);
  EXPECT_EQ(Audit().size(), 2u);
}

TEST_F(TransferTest, ApiFileWithErrorsIs422WithTheTableAndRowsOutsideTheScope) {
  StartServer();
  TestClient c(port());
  LogIn(c, "bogor");
  const int64_t before = Facilitators();
  auto r = c.Send(verb::post, "/api/v1/import/people?file_name=bad.csv&lang=en", BadPeople(),
                  true, kCsv);
  ASSERT_EQ(r.result_int(), 422) << r.body();
  auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["committed"], false);
  ASSERT_EQ(j["errors"].size(), 2u) << r.body();
  EXPECT_EQ(j["errors"][0]["row"], 3);
  EXPECT_EQ(j["errors"][0]["code"], "nik.length");
  EXPECT_EQ(j["errors"][0]["value"], "3271*******0987");  // masked
  EXPECT_EQ(j["errors"][1]["row"], 4);
  EXPECT_EQ(j["errors"][1]["code"], "scope.outside");
  EXPECT_EQ(j["errors"][1]["message"], "32.01 is outside your region (32.71)");
  EXPECT_EQ(Facilitators(), before);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(TransferTest, ApiTpsOutsideTheScopeIsAnErrorAndInsideIsImported) {
  StartServer();
  TestClient c(port());
  LogIn(c, "bogor");
  auto r = c.Send(verb::post, "/api/v1/import/tps",
                  "kode_tps,dpt,alamat\n3201011001001,200,Jl. Luar\n", true, kCsv);
  ASSERT_EQ(r.result_int(), 422) << r.body();
  EXPECT_EQ(nlohmann::json::parse(r.body())["errors"][0]["code"], "scope.outside");
  r = c.Send(verb::post, "/api/v1/import/tps", "kode_tps,dpt,alamat\n3271011001099,123,Jl. Baru\n",
             true, kCsv);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_EQ(nlohmann::json::parse(r.body())["inserted"], 1);
  ASSERT_EQ(Audit().size(), 1u);
  EXPECT_EQ(Audit()[0].action, "import.tps");
}

TEST_F(TransferTest, ApiRefusesWrongTypeBadFileEmptyBodyBadKindAndBadDryRun) {
  StartServer();
  TestClient c(port());
  LogIn(c, "bogor");
  auto r = c.Send(verb::post, "/api/v1/import/people", GoodPeople(), true, "application/json");
  EXPECT_EQ(r.result_int(), 415);
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["code"], "UNSUPPORTED_MEDIA_TYPE");
  r = c.Send(verb::post, "/api/v1/import/people?file_name=x.pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
             true, "application/octet-stream");
  EXPECT_EQ(r.result_int(), 400) << r.body();
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["code"], "INVALID_ARGUMENT");
  EXPECT_THAT(nlohmann::json::parse(r.body())["error"]["message"].get<std::string>(),
              HasSubstr("PDF"));
  r = c.Send(verb::post, "/api/v1/import/people", "", true, kCsv);
  EXPECT_EQ(r.result_int(), 400);
  r = c.Send(verb::post, "/api/v1/import/voters", GoodPeople(), true, kCsv);
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_THAT(r.body(), HasSubstr("people or tps"));
  r = c.Send(verb::post, "/api/v1/import/people?dry_run=maybe", GoodPeople(), true, kCsv);
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_THAT(r.body(), HasSubstr("dry_run"));
  // A header without the needed columns is a file-level error in the table.
  r = c.Send(verb::post, "/api/v1/import/people", "nama\nBudi\n", true, kCsv);
  EXPECT_EQ(r.result_int(), 422);
  EXPECT_EQ(nlohmann::json::parse(r.body())["errors"][0]["code"], "file.columns_missing");
}

TEST_F(TransferTest, UploadLargerThanTheUploadLimitIs413ButBelowItIsReadPastTheBodyLimit) {
  config_.max_body_bytes = 200;
  config_.max_upload_bytes = 4096;
  StartServer();
  {
    TestClient c(port());
    LogIn(c, "bogor");
    // Larger than max_body_bytes, within max_upload_bytes: an upload route reads it.
    auto ok = c.Send(verb::post, "/api/v1/import/people?dry_run=1", GoodPeople(), true, kCsv);
    ASSERT_GT(GoodPeople().size(), 200u);
    EXPECT_EQ(ok.result_int(), 200) << ok.body();
  }
  TestClient c(port());
  LogIn(c, "bogor");
  std::string big = GoodPeople();
  while (big.size() <= 4096) big += "3271011402909874,Eko,L,1990-02-14,FASILITATOR,32.71\n";
  auto r = c.Send(verb::post, "/api/v1/import/people?dry_run=1", big, true, kCsv);
  EXPECT_EQ(r.result_int(), 413);
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["code"], "PAYLOAD_TOO_LARGE");
  EXPECT_THAT(r.body(), HasSubstr("4096"));
  // Other routes keep the small limit.
  TestClient d(port());
  auto other = d.Send(verb::post, "/api/v1/login", std::string(250, ' '));
  EXPECT_EQ(other.result_int(), 413);
}

TEST_F(TransferTest, ApiImportNeedsCsrfAndAnAccountThatMayImport) {
  StartServer();
  {
    TestClient c(port());
    LogIn(c, "bogor", /*csrf=*/false);
    auto r = c.Send(verb::post, "/api/v1/import/people", GoodPeople(), true, kCsv);
    EXPECT_EQ(r.result_int(), 403);
    EXPECT_THAT(r.body(), HasSubstr("CSRF"));
  }
  {
    TestClient c(port());
    auto r = c.Send(verb::post, "/api/v1/import/people", GoodPeople(), true, kCsv);
    EXPECT_EQ(r.result_int(), 401);
  }
  TestClient c(port());
  LogIn(c, "fasil");
  auto r = c.Send(verb::post, "/api/v1/import/people", GoodPeople(), true, kCsv);
  EXPECT_EQ(r.result_int(), 403);
  EXPECT_EQ(c.Get("/api/v1/export/people").result_int(), 403);
}

TEST_F(TransferTest, ExportIsTheImportLayoutOnlyInsideTheScope) {
  StartServer();
  TestClient c(port());
  LogIn(c, "bogor");
  auto csv = c.Get("/api/v1/export/tps?region=32.71.01&format=csv");
  ASSERT_EQ(csv.result_int(), 200) << csv.body();
  EXPECT_THAT(std::string(csv[field::content_type]), HasSubstr("text/csv"));
  EXPECT_THAT(std::string(csv[field::content_disposition]),
              HasSubstr("filename=\"bimtek-tps-32.71.01.csv\""));
  EXPECT_TRUE(csv.body().starts_with("kode_tps,dpt,alamat\n")) << csv.body();
  EXPECT_THAT(csv.body(), HasSubstr("\n3271011001001,"));

  auto xlsx = c.Get("/api/v1/export/people?format=xlsx");  // default region: the scope
  ASSERT_EQ(xlsx.result_int(), 200) << xlsx.body();
  EXPECT_TRUE(xlsx.body().starts_with("PK\x03\x04"));

  auto outside = c.Get("/api/v1/export/people?region=32.01");
  EXPECT_EQ(outside.result_int(), 403);
  EXPECT_EQ(nlohmann::json::parse(outside.body())["error"]["code"], "PERMISSION_DENIED");
  EXPECT_EQ(c.Get("/api/v1/export/people?region=national").result_int(), 403);
  EXPECT_EQ(c.Get("/api/v1/export/people?format=pdf").result_int(), 400);
  EXPECT_EQ(c.Get("/api/v1/export/people?region=32.x").result_int(), 400);
  EXPECT_EQ(c.Get("/api/v1/export/people?region=32.71.99").result_int(), 404);
}

TEST_F(TransferTest, ExportOverTheRowLimitSaysToUseTheCli) {
  config_.max_export_rows = 2;
  StartServer();
  TestClient c(port());
  LogIn(c, "bogor");
  auto r = c.Get("/api/v1/export/people?region=32.71");
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_THAT(r.body(), HasSubstr("bimtek export"));
}

// ---- Pages ----

class TransferPagesTest : public TransferTest {
 protected:
  // Logs in as `name` over the API: returns the session cookie; csrf_ gets its token.
  std::string CookieOf(const std::string& name) {
    TestClient c(port());
    auto r = c.Send(verb::post, "/api/v1/login",
                    nlohmann::json{{"username", name}, {"password", kPassword}}.dump());
    const std::string set_cookie(r[field::set_cookie]);
    csrf_ = nlohmann::json::parse(r.body()).value("csrf_token", "");
    return set_cookie.substr(0, set_cookie.find(';'));
  }
  HttpResponse Upload(const std::string& csrf, const std::string& file,
                      const std::string& kind = "people") {
    TestClient c(port());
    c.SetHeader("Cookie", cookie_);
    return c.Send(verb::post, "/impor", Multipart("XyZ123", csrf, kind, "C:\\data\\fasil.csv", file),
                  true, "multipart/form-data; boundary=XyZ123");
  }
  HttpResponse Commit(const std::string& token, const std::string& cookie) {
    TestClient c(port());
    c.SetHeader("Cookie", cookie);
    return c.Send(verb::post, "/impor/simpan", "csrf=" + csrf_ + "&token=" + token, true,
                  "application/x-www-form-urlencoded");
  }
  std::string cookie_;
  std::string csrf_;
};

TEST_F(TransferPagesTest, ImportFormIsAMultipartFormWithLabelsAndNoScript) {
  StartServer();
  cookie_ = CookieOf("bogor");
  TestClient c(port());
  c.SetHeader("Cookie", cookie_);
  auto r = c.Get("/impor");
  ASSERT_EQ(r.result_int(), 200);
  EXPECT_THAT(r.body(), HasSubstr("enctype=\"multipart/form-data\""));
  EXPECT_THAT(r.body(), HasSubstr("<label for=\"file\">"));
  EXPECT_THAT(r.body(), HasSubstr("type=\"file\" id=\"file\" name=\"file\""));
  EXPECT_EQ(CsrfField(r.body()), csrf_);
  EXPECT_THAT(r.body(), Not(HasSubstr("<script")));
  TestClient f(port());
  f.SetHeader("Cookie", CookieOf("fasil"));
  EXPECT_EQ(f.Get("/impor").result_int(), 403);
}

TEST_F(TransferPagesTest, UploadWithErrorsShowsTheTableThenTheFixedFileIsCommitted) {
  StartServer();
  cookie_ = CookieOf("bogor");
  const int64_t before = Facilitators();
  auto bad = Upload(csrf_, BadPeople());
  ASSERT_EQ(bad.result_int(), 422) << bad.body();
  EXPECT_THAT(bad.body(), HasSubstr("fasil.csv: 2 kesalahan pada 3 baris"));
  EXPECT_THAT(bad.body(),
              HasSubstr("<tr><td class=\"num\">3</td><td>A (nik)</td><td>3271*******0987</td>"
                        "<td>NIK harus 16 digit, tertulis 15 digit</td></tr>"));
  EXPECT_THAT(bad.body(), HasSubstr("32.01 berada di luar wilayah Anda (32.71)"));
  EXPECT_THAT(bad.body(), Not(HasSubstr("327101140290987,")));  // no NIK in the clear
  EXPECT_EQ(TokenField(bad.body()), "");                         // nothing to commit

  auto good = Upload(csrf_, GoodPeople());
  ASSERT_EQ(good.result_int(), 200) << good.body();
  const std::string token = TokenField(good.body());
  ASSERT_EQ(token.size(), 64u) << good.body();
  EXPECT_EQ(Facilitators(), before);  // a dry run so far

  // Another account cannot commit this upload.
  EXPECT_EQ(Commit(token, CookieOf("fasil")).result_int(), 403);
  AddUser("bogor2", UserRole::kKabKota, 3271, "bogor2");
  const std::string other = CookieOf("bogor2");
  EXPECT_EQ(Commit(token, other).result_int(), 404);

  cookie_ = CookieOf("bogor");
  auto done = Commit(token, cookie_);
  ASSERT_EQ(done.result_int(), 200) << done.body();
  EXPECT_THAT(done.body(), HasSubstr("Impor selesai"));
  EXPECT_THAT(done.body(), HasSubstr("<dt>Baru</dt><dd>3</dd>"));
  EXPECT_EQ(Facilitators(), before + 3);
  ASSERT_EQ(Audit().size(), 1u);
  EXPECT_EQ(Audit()[0].target, "file:fasil.csv");
  // The upload is gone once imported.
  EXPECT_EQ(Commit(token, cookie_).result_int(), 404);
}

TEST_F(TransferPagesTest, UploadWithoutCsrfOrWithAnUnreadableFileIsRefused) {
  StartServer();
  cookie_ = CookieOf("bogor");
  EXPECT_EQ(Upload("", GoodPeople()).result_int(), 403);
  EXPECT_EQ(Upload(std::string(64, 'a'), GoodPeople()).result_int(), 403);
  auto pdf = Upload(csrf_, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  EXPECT_EQ(pdf.result_int(), 400);
  EXPECT_THAT(pdf.body(), HasSubstr("bukan CSV atau XLSX"));
  auto none = Upload(csrf_, "");
  EXPECT_EQ(none.result_int(), 400);
  EXPECT_THAT(none.body(), HasSubstr("Pilih berkas"));
  TestClient c(port());
  c.SetHeader("Cookie", cookie_);
  auto plain = c.Send(verb::post, "/impor", "csrf=" + csrf_, true,
                      "application/x-www-form-urlencoded");
  EXPECT_EQ(plain.result_int(), 400);
  // The commit form needs its CSRF field like every other form.
  TestClient d(port());
  d.SetHeader("Cookie", cookie_);
  EXPECT_EQ(d.Send(verb::post, "/impor/simpan", "token=" + std::string(64, 'a'), true,
                   "application/x-www-form-urlencoded")
                .result_int(),
            403);
}

TEST_F(TransferPagesTest, ExportPageOffersTheScopeAndDownloadsOnlyInsideIt) {
  StartServer();
  cookie_ = CookieOf("bogor");
  TestClient c(port());
  c.SetHeader("Cookie", cookie_);
  auto page = c.Get("/ekspor");
  ASSERT_EQ(page.result_int(), 200);
  EXPECT_THAT(page.body(), HasSubstr("<option value=\"32.71\" selected>"));
  EXPECT_THAT(page.body(), HasSubstr("<option value=\"32.71.01\">"));
  auto file = c.Get("/ekspor/unduh?kind=people&region=32.71.01&format=csv");
  ASSERT_EQ(file.result_int(), 200);
  EXPECT_TRUE(file.body().starts_with("nik,nama,")) << file.body().substr(0, 100);
  auto outside = c.Get("/ekspor/unduh?kind=people&region=32.01&format=csv");
  EXPECT_EQ(outside.result_int(), 403);
  EXPECT_THAT(std::string(outside[field::content_type]), HasSubstr("text/html"));
}

// ---- The multipart parser ----

TEST(MultipartTest, ReadsFieldsFilesAndQuotedParameters) {
  const std::string body =
      "preamble\r\n--b1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"
      "--b1\r\ncontent-disposition: form-data; name=\"f\"; filename=\"a;\\\"b\\\".csv\"\r\n"
      "Content-Type: text/csv\r\n\r\nl1\r\nl2\r\n\r\n--b1--\r\n";
  auto parts = ParseMultipart(body, "b1");
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "a");
  EXPECT_EQ((*parts)[0].data, "x");
  EXPECT_FALSE((*parts)[0].has_filename);
  EXPECT_EQ((*parts)[1].name, "f");
  EXPECT_EQ((*parts)[1].filename, "a;\"b\".csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].data, "l1\r\nl2\r\n");
  EXPECT_EQ(FindPart(*parts, "f"), &(*parts)[1]);
  EXPECT_EQ(FindPart(*parts, "g"), nullptr);
}

TEST(MultipartTest, BoundaryComesFromTheContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryQ1"),
            "----WebKitFormBoundaryQ1");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_EQ(MultipartBoundary("application/x-www-form-urlencoded"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
}

TEST(MultipartTest, MalformedBodiesSayWhatIsWrong) {
  using ::bimtek::testing::StatusIs;
  EXPECT_THAT(ParseMultipart("no boundary here", "b1").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "boundary"));
  EXPECT_THAT(ParseMultipart("--b1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", "b1")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "closing boundary"));
  EXPECT_THAT(ParseMultipart("--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1--", "b1").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "Content-Disposition"));
  EXPECT_THAT(ParseMultipart("--b1\r\nContent-Disposition: form-data; name=\"a\"", "b1").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "headers"));
  auto empty = ParseMultipart("--b1--\r\n", "b1");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace bimtek::http
