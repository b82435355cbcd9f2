// The server-rendered pages over the real server and a small generated registry (one desa of
// Kota Bogor): login and logout forms with their CSRF rules, home, the region browser and its
// scope check, language switching, the stylesheet's caching, and HTML escaping.
#include <regex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/html.h"
#include "http/http_fixture.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/test_client.h"
#include "service/auth.h"
#include "service/gen.h"
#include "store/sqlite/sqlite_accounts.h"
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
using service::UserRole;

constexpr char kForm[] = "application/x-www-form-urlencoded";
constexpr char kDesa[] = "32.71.01.1001";

class PagesTest : public HttpServerTest {
 protected:
  // Generates the registry of one desa (TPS and people) into the test store.
  void Generate() {
    service::GenSummary sum;
    ASSERT_NO_FATAL_FAILURE(GenerateDesa(kDesa, service::GenOptions{}.seed, &sum));
    ASSERT_GT(sum.tps, 0);
  }

  // GET /login, then POST the form; returns the POST's response. `extra_cookie` goes along.
  HttpResponse SubmitLogin(const std::string& user, const std::string& password,
                           const std::string& extra_cookie = "") {
    TestClient get(port());
    if (!extra_cookie.empty()) get.SetHeader("Cookie", extra_cookie);
    auto form = get.Get("/login");
    EXPECT_EQ(form.result_int(), 200);
    const std::string login_cookie = CookieFrom(form, "bimtek_login");
    EXPECT_FALSE(login_cookie.empty());
    TestClient post(port());
    post.SetHeader("Cookie",
                   extra_cookie.empty() ? login_cookie : login_cookie + "; " + extra_cookie);
    return post.Send(
        verb::post, "/login",
        "username=" + user + "&password=" + password + "&csrf=" + CsrfField(form.body()), true,
        kForm);
  }

  // Logs in through the form; returns "bimtek_session=…".
  std::string LogIn(const std::string& user) {
    auto r = SubmitLogin(user, kPassword);
    EXPECT_EQ(r.result_int(), 303) << r.body();
    return CookieFrom(r, "bimtek_session");
  }

  // A GET with the given Cookie header.
  HttpResponse GetWith(const std::string& cookie, const std::string& target) {
    TestClient c(port());
    c.SetHeader("Cookie", cookie);
    return c.Get(target);
  }
};

TEST_F(PagesTest, LoginFormHasALabelForEachFieldAndACsrfField) {
  AddUser("admin", UserRole::kNationalAdmin, 0);
  StartServer();
  TestClient c(port());
  auto r = c.Get("/login");
  ASSERT_EQ(r.result_int(), 200);
  EXPECT_THAT(std::string(r[field::content_type]), HasSubstr("text/html"));
  const std::string& b = r.body();
  EXPECT_THAT(b, HasSubstr("<html lang=\"id\">"));
  EXPECT_THAT(b, HasSubstr("<label for=\"username\">Nama pengguna</label>"));
  EXPECT_THAT(b, HasSubstr("id=\"username\" name=\"username\""));
  EXPECT_THAT(b, HasSubstr("<label for=\"password\">Kata sandi</label>"));
  EXPECT_THAT(b, HasSubstr("id=\"password\" name=\"password\""));
  EXPECT_EQ(CsrfField(b).size(), 32u);
  EXPECT_THAT(b, Not(HasSubstr("<script")));
  EXPECT_THAT(b, Not(HasSubstr("style=")));  // CSP default-src 'self': no inline styles
  const std::string set = [&] {
    for (auto it = r.find(field::set_cookie); it != r.end(); ++it) {
      if (std::string(it->value()).starts_with("bimtek_login=")) return std::string(it->value());
    }
    return std::string();
  }();
  EXPECT_THAT(set, HasSubstr("HttpOnly"));
  EXPECT_THAT(set, HasSubstr("SameSite=Strict"));
}

TEST_F(PagesTest, WrongPasswordIs401PageWithTheMessageAndLockOutIs429) {
  AddUser("admin", UserRole::kNationalAdmin, 0);
  StartServer();
  auto r = SubmitLogin("admin", "wrong-password");
  EXPECT_EQ(r.result_int(), 401);
  EXPECT_THAT(r.body(), HasSubstr("Nama pengguna atau kata sandi salah."));
  EXPECT_THAT(r.body(), HasSubstr("value=\"admin\""));  // the username is kept
  EXPECT_TRUE(CookieFrom(r, "bimtek_session").empty());
  for (int i = 0; i < 4; ++i) SubmitLogin("admin", "wrong-password");
  auto locked = SubmitLogin("admin", kPassword);
  EXPECT_EQ(locked.result_int(), 429);
  EXPECT_THAT(locked.body(), HasSubstr("dikunci sementara"));
  EXPECT_THAT(locked.body(), HasSubstr("15 menit"));
}

TEST_F(PagesTest, LoginRedirectsToHomeWithTheSessionCookieAndHomeShowsTheUser) {
  AddUser("op.bogor", UserRole::kKabKota, 3271, "Operator <Bogor>");
  StartServer();
  auto r = SubmitLogin("op.bogor", kPassword);
  ASSERT_EQ(r.result_int(), 303) << r.body();
  EXPECT_EQ(r[field::location], "/");
  const std::string session = CookieFrom(r, "bimtek_session");
  ASSERT_FALSE(session.empty());
  auto home = GetWith(session, "/");
  ASSERT_EQ(home.result_int(), 200) << home.body();
  EXPECT_THAT(home.body(), HasSubstr("Operator &lt;Bogor&gt; (op.bogor)"));
  EXPECT_THAT(home.body(), HasSubstr("Operator kabupaten/kota"));
  EXPECT_THAT(home.body(), HasSubstr("Kota Bogor (32.71)"));
  EXPECT_THAT(home.body(), HasSubstr("href=\"/wilayah/32.71\""));
  EXPECT_EQ(home["Cache-Control"], "no-store");
}

TEST_F(PagesTest, LoginWithoutTheFormsCsrfIs403AndPagesWithoutSessionRedirectToLogin) {
  AddUser("admin", UserRole::kNationalAdmin, 0);
  StartServer();
  TestClient c(port());
  auto r =
      c.Send(verb::post, "/login", "username=admin&password=correct-horse-1&csrf=00", true, kForm);
  EXPECT_EQ(r.result_int(), 403);
  EXPECT_TRUE(CookieFrom(r, "bimtek_session").empty());
  for (const char* path : {"/", "/wilayah/32.71"}) {
    auto p = GetWith("bimtek_session=nonsense", path);
    EXPECT_EQ(p.result_int(), 303) << path;
    EXPECT_EQ(p[field::location], "/login") << path;
  }
}

TEST_F(PagesTest, KabKotaOperatorBrowsesItsKotaAndGets403Elsewhere) {
  AddUser("op.bogor", UserRole::kKabKota, 3271);
  Generate();
  StartServer();
  const std::string session = LogIn("op.bogor");
  auto r = GetWith(session, "/wilayah/32.71");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const std::string& b = r.body();
  EXPECT_THAT(b, HasSubstr("<h1>Kota Bogor</h1>"));
  EXPECT_THAT(b, HasSubstr("<li aria-current=\"page\">Kota Bogor</li>"));
  std::regex row(R"(<tr><td>32\.71\.\d\d</td>)");
  EXPECT_EQ(std::distance(std::sregex_iterator(b.begin(), b.end(), row), std::sregex_iterator()),
            6);
  // A kecamatan page links back up the breadcrumb to the user's kota.
  auto kec = GetWith(session, "/wilayah/32.71.01");
  ASSERT_EQ(kec.result_int(), 200);
  EXPECT_THAT(kec.body(), HasSubstr("href=\"/wilayah/32.71\">Kota Bogor</a>"));  // breadcrumb

  auto out = GetWith(session, "/wilayah/32.01");
  EXPECT_EQ(out.result_int(), 403);
  EXPECT_THAT(out.body(), HasSubstr("Akses ditolak"));
  EXPECT_THAT(out.body(), HasSubstr("di luar wilayah kerja"));
  EXPECT_EQ(GetWith(session, "/wilayah/99.99").result_int(), 403);  // not ours either
  EXPECT_EQ(GetWith(session, "/wilayah/bogor").result_int(), 400);
}

TEST_F(PagesTest, DesaPageListsItsTpsWithDptAndFilledKppsSeats) {
  AddUser("admin", UserRole::kNationalAdmin, 0);
  Generate();
  StartServer();
  const std::string session = LogIn("admin");
  auto r = GetWith(session, std::string("/wilayah/") + kDesa);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const std::string& b = r.body();
  EXPECT_THAT(b, HasSubstr("Daftar TPS"));
  std::regex row(
      R"(<tr><th scope="row">3271011001\d{3}</th><td class="num">\d+</td><td>[^<]*</td><td class="num">\d/7</td></tr>)");
  EXPECT_GT(std::distance(std::sregex_iterator(b.begin(), b.end(), row), std::sregex_iterator()),
            0);
  EXPECT_THAT(b, HasSubstr("<td class=\"num\">7/7</td>"));
  // The national admin's breadcrumb starts at Indonesia.
  EXPECT_THAT(b, HasSubstr("href=\"/wilayah/national\">Indonesia</a>"));
}

TEST_F(PagesTest, LangQueryOrCookieSwitchesToEnglish) {
  AddUser("admin", UserRole::kNationalAdmin, 0);
  StartServer();
  TestClient c(port());
  auto r = c.Get("/login?lang=en");
  ASSERT_EQ(r.result_int(), 200);
  EXPECT_THAT(r.body(), HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(r.body(), HasSubstr("<label for=\"username\">Username</label>"));
  EXPECT_EQ(CookieFrom(r, "lang"), "lang=en");
  auto again = GetWith("lang=en", "/login");
  EXPECT_THAT(again.body(), HasSubstr("<label for=\"password\">Password</label>"));
  auto wrong = SubmitLogin("admin", "nope-nope-nope", "lang=en");
  EXPECT_EQ(wrong.result_int(), 401);
  EXPECT_THAT(wrong.body(), HasSubstr("Wrong username or password."));
  EXPECT_THAT(GetWith("lang=en", "/login?lang=id").body(), HasSubstr("Nama pengguna"));
}

TEST_F(PagesTest, LogoutNeedsTheFormsCsrfAndThenEndsTheSession) {
  AddUser("admin", UserRole::kNationalAdmin, 0);
  StartServer();
  const std::string session = LogIn("admin");
  auto home = GetWith(session, "/");
  const std::string csrf = CsrfField(home.body());
  ASSERT_EQ(csrf.size(), 64u);
  {
    TestClient c(port());
    c.SetHeader("Cookie", session);
    EXPECT_EQ(c.Send(verb::post, "/logout", "", true, kForm).result_int(), 403);
    EXPECT_EQ(
        c.Send(verb::post, "/logout", "csrf=" + std::string(64, 'a'), true, kForm).result_int(),
        403);
  }
  EXPECT_EQ(GetWith(session, "/").result_int(), 200);  // still logged in
  TestClient c(port());
  c.SetHeader("Cookie", session);
  auto out = c.Send(verb::post, "/logout", "csrf=" + csrf, true, kForm);
  EXPECT_EQ(out.result_int(), 303);
  EXPECT_EQ(out[field::location], "/login");
  EXPECT_EQ(GetWith(session, "/").result_int(), 303);
}

TEST_F(PagesTest, ScriptInARegionNameIsEscaped) {
  service::Reference custom = *deps_.ref;
  auto regions =
      RegionTable::FromCsv("kode,nama\n32,Jawa Barat\n32.71,Kota <script>alert(1)</script>\n");
  ASSERT_TRUE(regions.ok()) << regions.status();
  custom.regions = std::move(regions).value();
  deps_.ref = &custom;
  AddUser("admin", UserRole::kNationalAdmin, 0);
  StartServer();
  const std::string session = LogIn("admin");
  for (const char* path : {"/wilayah/32", "/wilayah/32.71"}) {
    auto r = GetWith(session, path);
    ASSERT_EQ(r.result_int(), 200) << path << r.body();
    EXPECT_THAT(r.body(), Not(HasSubstr("<script>"))) << path;
    EXPECT_THAT(r.body(), HasSubstr("Kota &lt;script&gt;alert(1)&lt;/script&gt;")) << path;
  }
}

TEST_F(PagesTest, StylesheetIsCacheableAndRevalidatesWith304) {
  StartServer();
  TestClient c(port());
  auto css = c.Get("/static/bimtek.css");
  ASSERT_EQ(css.result_int(), 200);
  EXPECT_THAT(std::string(css[field::content_type]), HasSubstr("text/css"));
  EXPECT_THAT(std::string(css[field::cache_control]), HasSubstr("max-age="));
  EXPECT_THAT(css.body(), HasSubstr(":focus-visible"));
  const std::string etag(css[field::etag]);
  ASSERT_FALSE(etag.empty());
  TestClient again(port());
  again.SetHeader("If-None-Match", etag);
  auto not_modified = again.Get("/static/bimtek.css");
  EXPECT_EQ(not_modified.result_int(), 304);
  EXPECT_TRUE(not_modified.body().empty());
}

TEST(HtmlTest, TextEscapesMarkupAndRawTakesOnlyLiterals) {
  Html h;
  h.Raw("<p title=\"").Text("\"><script>x</script>").Raw("\">").Text("a & b").Raw("</p>");
  EXPECT_EQ(h.str(), "<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">a &amp; b</p>");
}

TEST(HtmlTest, FormValueDecodesUrlencodedFields) {
  EXPECT_EQ(FormValue("username=op.bogor&password=a+b%26c", "password"), "a b&c");
  EXPECT_EQ(FormValue("a=1&a=2", "a"), "1");
  EXPECT_EQ(FormValue("a=1", "b"), std::nullopt);
  EXPECT_EQ(FormValue("a=%2", "a"), std::nullopt);
  EXPECT_EQ(FormValue("flag", "flag"), "");
}

}  // namespace
}  // namespace bimtek::http
