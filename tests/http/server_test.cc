// The real server on 127.0.0.1:0 with the application's routes over a fresh SQLite store,
// talked to over sockets: routes, error shapes, limits, keep-alive, metrics, shutdown.
#include "http/server.h"

#include <regex>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/routes.h"
#include "http/test_client.h"
#include "nlohmann/json.hpp"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::ConnectRefused;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using verb = boost::beast::http::verb;
using namespace std::chrono_literals;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ref = service::DefaultReference();
    ASSERT_TRUE(ref.ok()) << ref.status();
    vault_ = std::make_unique<crypto::Vault>(crypto::MasterKey::Generate());
    deps_.vault = vault_.get();
    deps_.ref = *ref;
    deps_.open_store = [this] { return store::OpenSqliteStore(db_, deps_.ref->regions.all()); };
    config_.port = 0;
    config_.threads = 2;
    config_.max_body_bytes = 4096;
    config_.read_timeout = 300ms;
    config_.drain_timeout = 3s;
  }

  void Start() {
    auto s = Server::Start(config_, deps_, AppRoutes());
    ASSERT_TRUE(s.ok()) << s.status();
    server_ = std::move(s).value();
  }
  uint16_t port() const { return server_->port(); }

  // The count of requests to `route` answered with `status`, read from /metrics.
  int64_t Counted(const std::string& route, int status) {
    TestClient c(port());
    const std::string text = c.Get("/metrics").body();
    const std::string key = "bimtek_http_requests_total{route=\"" + route + "\",status=\"" +
                            std::to_string(status) + "\"} ";
    const size_t at = text.find(key);
    return at == std::string::npos ? 0 : std::stoll(text.substr(at + key.size()));
  }

  testing::TempDir dir_;
  std::string db_ = dir_.File("t.db");
  std::unique_ptr<crypto::Vault> vault_;
  AppDeps deps_;
  ServerConfig config_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, ServesHealthPingAndRegionSummaryWithSecurityHeaders) {
  Start();
  TestClient c(port());
  auto health = c.Get("/healthz");
  EXPECT_EQ(health.result_int(), 200);
  EXPECT_EQ(health.body(), "ok\n");
  EXPECT_EQ(health["X-Content-Type-Options"], "nosniff");
  EXPECT_THAT(std::string(health["Content-Security-Policy"]), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(health["Referrer-Policy"], "same-origin");

  EXPECT_EQ(c.Get("/api/v1/ping").result_int(), 200);

  auto summary = c.Get("/api/v1/regions/32.71/summary");
  ASSERT_EQ(summary.result_int(), 200) << summary.body();
  const auto j = nlohmann::json::parse(summary.body());
  EXPECT_EQ(j["scope"], "32.71");
  EXPECT_EQ(j["name"], "Kota Bogor");
  EXPECT_EQ(j["regions"]["kecamatan"], 6);
  for (const char* key : {"tps", "people", "vacant_kpps_positions"}) EXPECT_TRUE(j.contains(key));
}

TEST_F(ServerTest, UnknownRegionIsJson404AndBadCodeIs400) {
  Start();
  TestClient c(port());
  auto r = c.Get("/api/v1/regions/99.99/summary");
  EXPECT_EQ(r.result_int(), 404);
  const auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["error"]["code"], "NOT_FOUND");
  EXPECT_THAT(j["error"]["message"].get<std::string>(), HasSubstr("99.99"));
  EXPECT_EQ(c.Get("/api/v1/regions/bogor/summary").result_int(), 400);
}

TEST_F(ServerTest, NoRouteIsJsonUnderApiAndAnIndonesianPageElsewhere) {
  Start();
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
  Start();
  TestClient c(port());
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
  Start();
  TestClient c(port());
  auto r = c.Send(verb::post, "/api/v1/regions/summary:batch", R"({"codes":["32.71","32.01"]})");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const auto j = nlohmann::json::parse(r.body());
  ASSERT_EQ(j["summaries"].size(), 2u);
  EXPECT_EQ(j["summaries"][0]["name"], "Kota Bogor");
  EXPECT_EQ(j["summaries"][1]["name"], "Kabupaten Bogor");
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  Start();
  TestClient c(port());
  auto r = c.Send(verb::post, "/api/v1/regions/summary:batch", std::string(5000, ' '));
  EXPECT_EQ(r.result_int(), 413);
  EXPECT_EQ(nlohmann::json::parse(r.body())["error"]["code"], "PAYLOAD_TOO_LARGE");
  EXPECT_FALSE(r.keep_alive());
}

TEST_F(ServerTest, SlowClientIsTimedOut) {
  Start();
  TestClient c(port());
  const auto start = std::chrono::steady_clock::now();
  c.WriteRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");
  EXPECT_TRUE(c.ClosedByServerWithin(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, config_.read_timeout);
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Start();
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
  Start();
  const int64_t before = Counted("GET /api/v1/regions/{code}/summary", 404);
  TestClient c(port());
  c.Get("/api/v1/regions/99.99/summary");
  c.Get("/api/v1/regions/99.98/summary");
  EXPECT_EQ(Counted("GET /api/v1/regions/{code}/summary", 404), before + 2);
  TestClient m(port());
  const std::string text = m.Get("/metrics").body();
  EXPECT_THAT(text, HasSubstr("# TYPE bimtek_http_request_duration_seconds histogram"));
  EXPECT_THAT(text, HasSubstr("bimtek_http_request_duration_seconds_bucket{route=\"GET "
                              "/api/v1/regions/{code}/summary\",le=\"+Inf\"} "));
  EXPECT_THAT(text, HasSubstr("bimtek_http_requests_in_flight 1\n"));  // the scrape itself
}

TEST_F(ServerTest, ConnectionsOverTheCapAreRefusedWith503) {
  config_.max_connections = 2;
  Start();
  TestClient a(port()), b(port());
  EXPECT_EQ(a.Get("/api/v1/ping").result_int(), 200);
  EXPECT_EQ(b.Get("/api/v1/ping").result_int(), 200);
  TestClient c(port());
  EXPECT_EQ(c.Read().result_int(), 503);
}

TEST_F(ServerTest, ShutdownLetsAnInFlightRequestFinishAndClosesIdleOnes) {
  Start();
  TestClient idle(port());
  EXPECT_EQ(idle.Get("/api/v1/ping").result_int(), 200);
  TestClient slow(port());
  const std::string body = R"({"codes":["32.71"]})";
  slow.WriteRaw(
      "POST /api/v1/regions/summary:batch HTTP/1.1\r\nHost: x\r\n"
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
  Start();
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

}  // namespace
}  // namespace bimtek::http
