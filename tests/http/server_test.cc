// The real server on 127.0.0.1:0 with the application's routes over a fresh SQLite store,
// talked to over sockets: routes, error shapes, limits, keep-alive, metrics, shutdown; login,
// sessions, CSRF, lock-out and region scope.
#include "http/server.h"

#include <regex>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "http/routes.h"
#include "http/test_client.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::ConnectRefused;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using verb = boost::beast::http::verb;
using namespace std::chrono_literals;
using service::UserRole;

std::string LoginBody(const std::string& username, const std::string& password) {
  return nlohmann::json{{"username", username}, {"password", password}}.dump();
}

class ServerTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    config_.threads = 2;
    config_.max_body_bytes = 4096;
    config_.read_timeout = 300ms;
    config_.drain_timeout = 3s;
    AddUser("admin", UserRole::kNationalAdmin, 0);
  }

  struct Session {
    std::string cookie;  // "bimtek_session=…"
    std::string csrf;
  };
  // Logs in as `name` over HTTP; c sends the session cookie and the CSRF token from then on.
  Session LogIn(TestClient& c, const std::string& name = "admin") {
    auto r = c.Send(verb::post, "/api/v1/login", LoginBody(name, kPassword));
    EXPECT_EQ(r.result_int(), 200) << r.body();
    Session s;
    const std::string set_cookie(r[boost::beast::http::field::set_cookie]);
    s.cookie = set_cookie.substr(0, set_cookie.find(';'));
    s.csrf = nlohmann::json::parse(r.body()).value("csrf_token", "");
    c.SetHeader("Cookie", s.cookie);
    c.SetHeader("X-CSRF-Token", s.csrf);
    return s;
  }


  // The count of requests to `route` answered with `status`, read from /metrics.
  int64_t Counted(const std::string& route, int status) {
    TestClient c(port());
    const std::string text = c.Get("/metrics").body();
    const std::string key = "bimtek_http_requests_total{route=\"" + route + "\",status=\"" +
                            std::to_string(status) + "\"} ";
    const size_t at = text.find(key);
    return at == std::string::npos ? 0 : std::stoll(text.substr(at + key.size()));
  }
};

TEST_F(ServerTest, ServesHealthPingAndRegionSummaryWithSecurityHeaders) {
  StartServer();
  TestClient c(port());
  auto health = c.Get("/healthz");
  EXPECT_EQ(health.result_int(), 200);
  EXPECT_EQ(health.body(), "ok\n");
  EXPECT_EQ(health["X-Content-Type-Options"], "nosniff");
  EXPECT_THAT(std::string(health["Content-Security-Policy"]), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(health["Referrer-Policy"], "same-origin");

  EXPECT_EQ(c.Get("/api/v1/ping").result_int(), 200);

  LogIn(c);
  auto summary = c.Get("/api/v1/regions/32.71/summary");
  ASSERT_EQ(summary.result_int(), 200) << summary.body();
  const auto j = nlohmann::json::parse(summary.body());
  EXPECT_EQ(j["scope"], "32.71");
  EXPECT_EQ(j["name"], "Kota Bogor");
  EXPECT_EQ(j["regions"]["kecamatan"], 6);
  for (const char* key : {"tps", "people", "vacant_kpps_positions"}) EXPECT_TRUE(j.contains(key));
}

TEST_F(ServerTest, UnknownRegionIsJson404AndBadCodeIs400) {
  StartServer();
  TestClient c(port());
  LogIn(c);
  auto r = c.Get("/api/v1/regions/99.99/summary");
  EXPECT_EQ(r.result_int(), 404);
  const auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["error"]["code"], "NOT_FOUND");
  EXPECT_THAT(j["error"]["message"].get<std::string>(), HasSubstr("99.99"));
  EXPECT_EQ(c.Get("/api/v1/regions/bogor/summary").result_int(), 400);
}

TEST_F(ServerTest, NoRouteIsJsonUnderApiAndAnIndonesianPageElsewhere) {
  StartServer();
  TestClient c(port());
  auto api = c.Get("/api/v1/nothing");
  EXPECT_EQ(api.result_int(), 404);
  EXPECT_EQ(api[boost::beast::http::field::content_type], "application/json");
  EXPECT_EQ(nlohmann::json::parse(api.body())["error"]["code"], "NOT_FOUND");
  auto page = c.Get("/nothing");
  EXPECT_EQ(page.result_int(), 404);
  EXPECT_THAT(std::string(page[boost::beast::http::field::content_type]), HasSubstr("text/html"));
  EXPECT_THAT(page.body(), HasSubstr("Halaman tidak ditemukan"));
  auto wrong_method = c.Send(verb::delete_, "/healthz");
  EXPECT_EQ(wrong_method.result_int(), 405);
  EXPECT_EQ(wrong_method["Allow"], "GET");
}

TEST_F(ServerTest, BadJsonIs400SayingWhere) {
  StartServer();
  TestClient c(port());
  LogIn(c);
  auto r = c.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes": ["32.71",)");
  EXPECT_EQ(r.result_int(), 400);
  const auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["error"]["code"], "INVALID_ARGUMENT");
  EXPECT_THAT(j["error"]["message"].get<std::string>(), HasSubstr("not valid JSON"));
  EXPECT_THAT(j["error"]["message"].get<std::string>(), HasSubstr("line 1, column 20"));

  auto not_string =
      c.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes":["32.71",3271]})");
  EXPECT_EQ(not_string.result_int(), 400);
  EXPECT_THAT(not_string.body(), HasSubstr(R"(\"codes\"[1])"));
}

TEST_F(ServerTest, BatchReturnsSummariesInOrder) {
  StartServer();
  TestClient c(port());
  LogIn(c);
  auto r = c.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes":["32.71","32.01"]})");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const auto j = nlohmann::json::parse(r.body());
  ASSERT_EQ(j["summaries"].size(), 2u);
  EXPECT_EQ(j["summaries"][0]["name"], "Kota Bogor");
  EXPECT_EQ(j["summaries"][1]["name"], "Kabupaten Bogor");
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  StartServer();
  TestClient c(port());
  auto r = c.Send(verb::post, "/api/v1/regions/summary:batch", std::string(5000, ' '));
  EXPECT_EQ(r.result_int(), 413);
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["code"], "PAYLOAD_TOO_LARGE");
  EXPECT_FALSE(r.keep_alive());
}

TEST_F(ServerTest, SlowClientIsTimedOut) {
  StartServer();
  TestClient c(port());
  const auto start = std::chrono::steady_clock::now();
  c.WriteRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");
  EXPECT_TRUE(c.ClosedByServerWithin(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, config_.read_timeout);
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  StartServer();
  TestClient c(port());
  for (int i = 0; i < 5; ++i) {
    auto r = c.Get("/api/v1/ping");
    ASSERT_EQ(r.result_int(), 200);
    EXPECT_TRUE(r.keep_alive());
  }
  auto last = c.Send(verb::get, "/api/v1/ping", "", /*keep_alive=*/false);
  EXPECT_FALSE(last.keep_alive());
  EXPECT_TRUE(c.ClosedByServerWithin(1s));
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  StartServer();
  const int64_t before = Counted("GET /api/v1/regions/{code}/summary", 404);
  TestClient c(port());
  LogIn(c);
  c.Get("/api/v1/regions/99.99/summary");
  c.Get("/api/v1/regions/99.98/summary");
  // A request is counted once its response is sent, which may be just after the client read it.
  int64_t now = Counted("GET /api/v1/regions/{code}/summary", 404);
  for (int i = 0; i < 100 && now < before + 2; ++i) {
    std::this_thread::sleep_for(10ms);
    now = Counted("GET /api/v1/regions/{code}/summary", 404);
  }
  EXPECT_EQ(now, before + 2);
  TestClient m(port());
  // Only the scrape itself is in flight, once the earlier scrapes have been counted as sent.
  std::string text = m.Get("/metrics").body();
  for (int i = 0; i < 100 && text.find("bimtek_http_requests_in_flight 1\n") == std::string::npos;
       ++i) {
    std::this_thread::sleep_for(10ms);
    text = m.Get("/metrics").body();
  }
  EXPECT_THAT(text, HasSubstr("# TYPE bimtek_http_request_duration_seconds histogram"));
  EXPECT_THAT(text, HasSubstr("bimtek_http_request_duration_seconds_bucket{route=\"GET "
                              "/api/v1/regions/{code}/summary\",le=\"+Inf\"} "));
  EXPECT_THAT(text, HasSubstr("bimtek_http_requests_in_flight 1\n"));  // the scrape itself
}

TEST_F(ServerTest, ConnectionsOverTheCapAreRefusedWith503) {
  config_.max_connections = 2;
  StartServer();
  TestClient a(port()), b(port());
  EXPECT_EQ(a.Get("/api/v1/ping").result_int(), 200);
  EXPECT_EQ(b.Get("/api/v1/ping").result_int(), 200);
  TestClient c(port());
  EXPECT_EQ(c.Read().result_int(), 503);
}

TEST_F(ServerTest, ShutdownLetsAnInFlightRequestFinishAndClosesIdleOnes) {
  StartServer();
  TestClient idle(port());
  EXPECT_EQ(idle.Get("/api/v1/ping").result_int(), 200);
  const Session session = LogIn(idle);
  TestClient slow(port());
  const std::string body = R"({"codes":["32.71"]})";
  slow.WriteRaw(
      "POST /api/v1/regions/summary:batch HTTP/1.1\r\nHost: x\r\n"
      "Cookie: " + session.cookie + "\r\nX-CSRF-Token: " + session.csrf + "\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 8));
  std::this_thread::sleep_for(50ms);  // the header has arrived: the request is in flight

  const auto start = std::chrono::steady_clock::now();
  server_->Shutdown();
  EXPECT_TRUE(idle.ClosedByServerWithin(1s));
  // Each worker closes its acceptor on its own thread: give them a moment.
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    refused = ConnectRefused(port());
    if (!refused) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(refused);
  slow.WriteRaw(body.substr(8));
  auto r = slow.Read();
  EXPECT_EQ(r.result_int(), 200) << r.body();
  EXPECT_FALSE(r.keep_alive());
  server_->Wait();
  EXPECT_LT(std::chrono::steady_clock::now() - start, config_.drain_timeout);
}

TEST_F(ServerTest, DrainTimeoutEndsARequestThatNeverFinishes) {
  config_.drain_timeout = 200ms;
  config_.read_timeout = 10s;
  StartServer();
  TestClient stuck(port());
  stuck.WriteRaw(
      "POST /api/v1/regions/summary:batch HTTP/1.1\r\nHost: x\r\n"
      "Content-Length: 100\r\n\r\n{");
  std::this_thread::sleep_for(50ms);
  const auto start = std::chrono::steady_clock::now();
  server_->Shutdown();
  server_->Wait();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(stuck.ClosedByServerWithin(1s));
}

// Accounts (docs/accounts.md).

TEST_F(ServerTest, LoginSetsAnHttpOnlySameSiteCookieAndMeReturnsTheUser) {
  StartServer();
  TestClient c(port());
  auto r = c.Send(verb::post, "/api/v1/login", LoginBody("Admin", kPassword));
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const std::string cookie(r[boost::beast::http::field::set_cookie]);
  EXPECT_THAT(cookie, ::testing::StartsWith("bimtek_session="));
  EXPECT_THAT(cookie, HasSubstr("; Path=/; HttpOnly; SameSite=Lax"));
  EXPECT_THAT(cookie, ::testing::Not(HasSubstr("Secure")));
  EXPECT_EQ(r["Cache-Control"], "no-store");
  const auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["user"]["username"], "admin");
  EXPECT_EQ(j["user"]["role"], "national-admin");
  EXPECT_EQ(j["user"]["scope"], "national");
  const std::string csrf = j["csrf_token"];
  EXPECT_EQ(csrf.size(), 64u);
  EXPECT_THAT(r.body(), ::testing::Not(HasSubstr(cookie.substr(15, 64))));  // token only in cookie

  c.SetHeader("Cookie", cookie.substr(0, cookie.find(';')));
  auto me = c.Get("/api/v1/me");
  ASSERT_EQ(me.result_int(), 200) << me.body();
  const auto m = nlohmann::json::parse(me.body());
  EXPECT_EQ(m["user"]["username"], "admin");
  EXPECT_EQ(m["csrf_token"], csrf);
}

TEST_F(ServerTest, SecureCookieFlagAndStrictSameSiteComeFromConfiguration) {
  config_.secure_cookies = true;
  config_.same_site_strict = true;
  StartServer();
  TestClient c(port());
  auto r = c.Send(verb::post, "/api/v1/login", LoginBody("admin", kPassword));
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_THAT(std::string(r[boost::beast::http::field::set_cookie]),
              HasSubstr("; HttpOnly; SameSite=Strict; Secure"));
}

TEST_F(ServerTest, WithoutAValidSessionRegionRoutesAndMeAre401) {
  StartServer();
  TestClient c(port());
  auto r = c.Get("/api/v1/regions/32.71/summary");
  EXPECT_EQ(r.result_int(), 401);
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["code"], "UNAUTHENTICATED");
  EXPECT_EQ(c.Get("/api/v1/me").result_int(), 401);
  EXPECT_EQ(c.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes":["32.71"]})")
                .result_int(),
            401);
  TestClient forged(port());
  forged.SetHeader("Cookie", "bimtek_session=" + std::string(64, 'a'));
  EXPECT_EQ(forged.Get("/api/v1/regions/32.71/summary").result_int(), 401);
  auto bad_body = c.Send(verb::post, "/api/v1/login", R"({"username":"admin"})");
  EXPECT_EQ(bad_body.result_int(), 400);
  EXPECT_THAT(bad_body.body(), HasSubstr("password"));
}

TEST_F(ServerTest, KabupatenOperatorSeesItsKotaAnd403ElsewhereThroughEveryRegionRoute) {
  AddUser("op.bogor", UserRole::kKabKota, 3271);
  StartServer();
  TestClient c(port());
  LogIn(c, "op.bogor");
  EXPECT_EQ(c.Get("/api/v1/regions/32.71/summary").result_int(), 200);
  EXPECT_EQ(c.Get("/api/v1/regions/32.71.01/summary").result_int(), 200);
  auto other = c.Get("/api/v1/regions/32.01/summary");
  EXPECT_EQ(other.result_int(), 403);
  const auto j = nlohmann::json::parse(other.body());
  EXPECT_EQ(j["error"]["code"], "PERMISSION_DENIED");
  EXPECT_THAT(j["error"]["message"].get<std::string>(), HasSubstr("may not see 32.01"));
  EXPECT_EQ(c.Get("/api/v1/regions/32.01.01/summary").result_int(), 403);
  EXPECT_EQ(c.Get("/api/v1/regions/national/summary").result_int(), 403);
  EXPECT_EQ(c.Get("/api/v1/regions/32/summary").result_int(), 403);
  EXPECT_EQ(c.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes":["32.71","32.01"]})")
                .result_int(),
            403);
  // The admin's cached 32.01 summary is not served to the operator either.
  TestClient admin(port());
  LogIn(admin);
  EXPECT_EQ(admin.Get("/api/v1/regions/32.01/summary").result_int(), 200);
  EXPECT_EQ(c.Get("/api/v1/regions/32.01/summary").result_int(), 403);
}

TEST_F(ServerTest, UnsafeRequestWithoutTheSessionsCsrfTokenIs403) {
  StartServer();
  TestClient a(port());
  const Session s = LogIn(a);
  TestClient b(port());
  b.SetHeader("Cookie", s.cookie);  // a cross-site form would send the cookie, not the token
  EXPECT_EQ(b.Get("/api/v1/regions/32.71/summary").result_int(), 200);  // safe method
  auto r = b.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes":["32.71"]})");
  EXPECT_EQ(r.result_int(), 403);
  EXPECT_THAT(r.body(), HasSubstr("X-CSRF-Token"));
  EXPECT_EQ(b.Send(verb::post, "/api/v1/logout").result_int(), 403);
  TestClient wrong(port());
  wrong.SetHeader("Cookie", s.cookie);
  wrong.SetHeader("X-CSRF-Token", std::string(64, '0'));
  EXPECT_EQ(wrong.Send(verb::post, "/api/v1/logout").result_int(), 403);
  // The session survived the rejected logouts; with the token the batch works.
  EXPECT_EQ(a.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes":["32.71"]})")
                .result_int(),
            200);
}

TEST_F(ServerTest, LogoutEndsTheSessionAndClearsTheCookie) {
  StartServer();
  TestClient c(port());
  LogIn(c);
  auto r = c.Send(verb::post, "/api/v1/logout");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_THAT(std::string(r[boost::beast::http::field::set_cookie]),
              HasSubstr("bimtek_session=; Max-Age=0; Path=/; HttpOnly"));
  EXPECT_EQ(c.Get("/api/v1/me").result_int(), 401);
}

TEST_F(ServerTest, FifthWrongPasswordLocksTheAccountWith429AndAClearMessage) {
  StartServer();
  TestClient c(port());
  for (int i = 0; i < 4; ++i) {
    auto r = c.Send(verb::post, "/api/v1/login", LoginBody("admin", "wrong-password"));
    EXPECT_EQ(r.result_int(), 401);
    EXPECT_THAT(r.body(), HasSubstr("wrong username or password"));
  }
  auto locked = c.Send(verb::post, "/api/v1/login", LoginBody("admin", "wrong-password"));
  EXPECT_EQ(locked.result_int(), 429);
  const auto j = nlohmann::json::parse(locked.body());
  EXPECT_EQ(j["error"]["code"], "RESOURCE_EXHAUSTED");
  EXPECT_THAT(j["error"]["message"].get<std::string>(),
              HasSubstr("account \"admin\" is locked after too many failed logins; try again in "
                        "15 minutes"));
  EXPECT_EQ(c.Send(verb::post, "/api/v1/login", LoginBody("admin", kPassword)).result_int(), 429);
}

TEST_F(ServerTest, ParticipantLogsInWithAccessCodeAndBirthDateAndSeesNoRegion) {
  std::string code;
  {
    auto st = store::OpenSqliteStore(db_, deps_.ref->regions.all());
    ASSERT_TRUE(st.ok()) << st.status();
    Person p;
    p.nik = "3271014101900001";
    p.name = "Siti Aminah";
    p.sex = Sex::kFemale;
    p.birth_date = Date{1990, 5, 17};
    p.tps = MakeTpsCode(3271011001, 1);
    p.position = 1;
    p.work_region = 3271011001;
    auto txn = (*st)->Begin();
    ASSERT_TRUE(txn.ok()) << txn.status();
    ASSERT_TRUE((*txn)->InsertPerson(service::SealPerson(*vault_, p)).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
    auto a = store::OpenSqliteAccounts(db_);
    ASSERT_TRUE(a.ok()) << a.status();
    const service::Registry reg{**st, *vault_, *deps_.ref};
    service::Auth auth(**a, &reg, config_.auth);
    auto admin = (*a)->FindUserByName("admin");
    ASSERT_TRUE(admin.ok() && *admin);
    auto issued = auth.IssueAccessCode(**admin, p.nik);
    ASSERT_TRUE(issued.ok()) << issued.status();
    code = *issued;
  }
  StartServer();
  TestClient c(port());
  auto wrong = c.Send(verb::post, "/api/v1/login/participant",
                      nlohmann::json{{"code", code}, {"birth_date", "1990-05-18"}}.dump());
  EXPECT_EQ(wrong.result_int(), 401);
  EXPECT_THAT(wrong.body(), HasSubstr("wrong access code or birth date"));
  auto r = c.Send(verb::post, "/api/v1/login/participant",
                  nlohmann::json{{"code", code}, {"birth_date", "1990-05-17"}}.dump());
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["user"]["role"], "participant");
  EXPECT_EQ(j["user"]["display_name"], "Siti Aminah");
  const std::string cookie(r[boost::beast::http::field::set_cookie]);
  c.SetHeader("Cookie", cookie.substr(0, cookie.find(';')));
  EXPECT_EQ(c.Get("/api/v1/me").result_int(), 200);
  EXPECT_EQ(c.Get("/api/v1/regions/32.71.01.1001/summary").result_int(), 403);
}

}  // namespace
}  // namespace bimtek::http
