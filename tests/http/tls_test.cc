// HTTPS served by the server itself (a self-signed certificate made here with the OpenSSL API,
// checked by a verifying Beast client), the client address behind a trusted reverse proxy
// (X-Forwarded-For), and the per-worker session cache with its staleness bound.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <sstream>
#include <thread>

#include "boost/asio/connect.hpp"
#include "boost/asio/ssl.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/ssl.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/server_internal.h"
#include "http/test_client.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using ::bimtek::testing::HttpServerTest;
using ::bimtek::testing::StatusIs;
using ::bimtek::testing::TestClient;
using ::testing::HasSubstr;
using ::testing::Not;
using verb = bhttp::verb;
using namespace std::chrono_literals;

// Writes a self-signed P-256 certificate for 127.0.0.1 (subjectAltName IP) and its key as PEM.
void MakeSelfSignedCert(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  X509* x = X509_new();
  ASSERT_EQ(X509_set_version(x, 2), 1);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x, x, nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, const_cast<char*>("IP:127.0.0.1"));
  ASSERT_NE(san, nullptr);
  X509_add_ext(x, san, -1);
  X509_EXTENSION_free(san);
  ASSERT_GT(X509_sign(x, key, EVP_sha256()), 0);
  FILE* f = std::fopen(cert_path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
}

class ServerTlsTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    config_.threads = 2;
    config_.read_timeout = 2s;
    config_.drain_timeout = 2s;
    ASSERT_NO_FATAL_FAILURE(AddUser("admin", service::UserRole::kNationalAdmin, 0));
  }

  // Logs `c` in as admin; returns the cookie's token.
  std::string LogIn(TestClient& c) {
    auto r = c.Send(verb::post, "/api/v1/login",
                    nlohmann::json{{"username", "admin"}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.result_int(), 200) << r.body();
    const std::string set_cookie(r[bhttp::field::set_cookie]);
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    c.SetHeader("Cookie", cookie);
    return cookie.substr(cookie.find('=') + 1);
  }
};

TEST_F(ServerTlsTest, ServesHttpsWithItsCertificateToAVerifyingClient) {
  const std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  MakeSelfSignedCert(cert, key);
  config_.tls_cert_file = cert;
  config_.tls_key_file = key;
  StartServer();
  EXPECT_EQ(server_->url(), "https://127.0.0.1:" + std::to_string(server_->port()));

  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(cert);  // trust exactly the test's certificate
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), server_->port()});
  stream.handshake(ssl::stream_base::client);

  // Two requests on one TLS connection (keep-alive), then the security headers.
  for (int i = 0; i < 2; ++i) {
    bhttp::request<bhttp::string_body> req{verb::get, "/api/v1/ping", 11};
    req.set(bhttp::field::host, "127.0.0.1");
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buf, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_THAT(res.body(), HasSubstr("{\"ok\":true}"));
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_TRUE(res.keep_alive());
  }
  beast::error_code ec;
  stream.shutdown(ec);  // close_notify both ways

  // A client that speaks plain HTTP to the HTTPS port gets no HTTP answer (a TLS alert or
  // nothing), and the connection ends.
  asio::ip::tcp::socket plain(ioc);
  plain.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
  asio::write(plain, asio::buffer(std::string("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n")));
  std::string got;
  char chunk[512];
  for (;;) {
    boost::system::error_code rec;
    const size_t n = plain.read_some(asio::buffer(chunk), rec);
    got.append(chunk, n);
    if (rec) break;  // the server closed it
  }
  EXPECT_FALSE(got.starts_with("HTTP/")) << got;
}

TEST_F(ServerTlsTest, LoginOverHttpsSetsASecureCookieWhenConfigured) {
  const std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  MakeSelfSignedCert(cert, key);
  config_.tls_cert_file = cert;
  config_.tls_key_file = key;
  config_.secure_cookies = true;  // what `bimtek serve --tls-cert` sets
  StartServer();
  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(cert);
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), server_->port()});
  stream.handshake(ssl::stream_base::client);
  bhttp::request<bhttp::string_body> req{verb::post, "/api/v1/login", 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::content_type, "application/json");
  req.body() = nlohmann::json{{"username", "admin"}, {"password", kPassword}}.dump();
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buf, res);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_THAT(std::string(res[bhttp::field::set_cookie]), HasSubstr("; Secure"));
}

TEST_F(ServerTlsTest, BadCertificateOrKeyFilesAreRefusedAtStartSayingWhich) {
  const std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  MakeSelfSignedCert(cert, key);
  const std::string other_cert = dir_.File("other.pem"), other_key = dir_.File("other-key.pem");
  MakeSelfSignedCert(other_cert, other_key);

  config_.tls_cert_file = dir_.File("missing.pem");
  config_.tls_key_file = key;
  EXPECT_THAT(Server::Start(config_, deps_, AppRoutes()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "TLS certificate"));
  config_.tls_cert_file = cert;
  config_.tls_key_file = cert;  // a certificate is not a key
  EXPECT_THAT(Server::Start(config_, deps_, AppRoutes()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "TLS key " + cert));
  config_.tls_key_file = other_key;
  EXPECT_THAT(Server::Start(config_, deps_, AppRoutes()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "it must be the unencrypted PEM private key of " + cert));
  config_.tls_key_file = "";
  EXPECT_THAT(Server::Start(config_, deps_, AppRoutes()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "both a certificate file and a key"));
}

TEST(ClientAddressTest, BelievesXForwardedForOnlyFromTrustedProxies) {
  internal::ServerShared shared;
  const auto proxy = asio::ip::make_address("127.0.0.1");
  const auto stranger = asio::ip::make_address("198.51.100.9");
  // No trusted proxy: the header is ignored.
  EXPECT_EQ(internal::ClientAddress(shared, proxy, "203.0.113.7"), "127.0.0.1");
  shared.trusted_proxies = {proxy, asio::ip::make_address("10.0.0.2")};
  EXPECT_EQ(internal::ClientAddress(shared, proxy, "203.0.113.7"), "203.0.113.7");
  // A client cannot choose its address by sending the header itself: the proxy appends the
  // address it saw, and only the rightmost untrusted hop counts.
  EXPECT_EQ(internal::ClientAddress(shared, proxy, "1.2.3.4, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(internal::ClientAddress(shared, proxy, "1.2.3.4, 203.0.113.7,10.0.0.2"),
            "203.0.113.7");
  EXPECT_EQ(internal::ClientAddress(shared, proxy, " 2001:db8::1 "), "2001:db8::1");
  // From a peer that is not a trusted proxy: the peer.
  EXPECT_EQ(internal::ClientAddress(shared, stranger, "203.0.113.7"), "198.51.100.9");
  // Malformed hops: the last address that could be believed.
  EXPECT_EQ(internal::ClientAddress(shared, proxy, "evil"), "127.0.0.1");
  EXPECT_EQ(internal::ClientAddress(shared, proxy, "203.0.113.7, evil"), "127.0.0.1");
  EXPECT_EQ(internal::ClientAddress(shared, proxy, "evil, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(internal::ClientAddress(shared, proxy, ""), "127.0.0.1");
}

TEST_F(ServerTlsTest, AccessLogShowsTheForwardedAddressOnlyBehindATrustedProxy) {
  auto run = [&](std::vector<std::string> trusted) {
    std::ostringstream out;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    config_.access_log = std::make_shared<spdlog::logger>("access-test", sink);
    config_.access_log->set_pattern("%v");
    config_.trusted_proxies = std::move(trusted);
    StartServer();
    {
      TestClient c(server_->port());
      c.SetHeader("X-Forwarded-For", "203.0.113.7");
      EXPECT_EQ(c.Get("/api/v1/ping").result_int(), 200);
    }
    server_.reset();  // drains; the log line is written before the response's session ends
    config_.access_log->flush();
    return out.str();
  };
  EXPECT_THAT(run({"127.0.0.1"}), HasSubstr("203.0.113.7 GET /api/v1/ping 200"));
  const std::string untrusted = run({});
  EXPECT_THAT(untrusted, HasSubstr("127.0.0.1 GET /api/v1/ping 200"));
  EXPECT_THAT(untrusted, Not(HasSubstr("203.0.113.7")));
  config_.trusted_proxies = {"not-an-address"};
  EXPECT_THAT(Server::Start(config_, deps_, AppRoutes()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "trusted proxy not-an-address"));
}

// The session cache: a session ended behind the worker's back (another worker or process)
// still works from the cache for at most the TTL, then not; a logout through this worker ends
// it at once.
TEST_F(ServerTlsTest, SessionCacheServesAnEndedSessionForAtMostItsTtl) {
  config_.session_cache_ttl = 400ms;
  config_.threads = 1;
  StartServer();
  TestClient c(server_->port());
  const std::string token = LogIn(c);
  EXPECT_EQ(c.Get("/api/v1/me").result_int(), 200);  // now cached
  {
    auto a = store::OpenSqliteAccounts(db_);
    ASSERT_TRUE(a.ok()) << a.status();
    service::Auth other(**a, nullptr, config_.auth);  // "another process"
    ASSERT_TRUE(other.Logout(token).ok());
  }
  const auto ended = std::chrono::steady_clock::now();
  int last = 200;
  while (std::chrono::steady_clock::now() - ended < 2s) {
    last = c.Get("/api/v1/me").result_int();
    if (last != 200) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(last, 401);
  EXPECT_LE(std::chrono::steady_clock::now() - ended, 400ms + 200ms);
}

TEST_F(ServerTlsTest, WithoutTheSessionCacheAnEndedSessionStopsAtOnce) {
  config_.session_cache_ttl = 0ms;
  StartServer();
  TestClient c(server_->port());
  const std::string token = LogIn(c);
  EXPECT_EQ(c.Get("/api/v1/me").result_int(), 200);
  auto a = store::OpenSqliteAccounts(db_);
  ASSERT_TRUE(a.ok()) << a.status();
  service::Auth other(**a, nullptr, config_.auth);
  ASSERT_TRUE(other.Logout(token).ok());
  EXPECT_EQ(c.Get("/api/v1/me").result_int(), 401);
}

TEST_F(ServerTlsTest, LogoutThroughTheWorkerEndsTheCachedSessionAtOnce) {
  config_.session_cache_ttl = 60s;
  config_.threads = 1;
  StartServer();
  TestClient c(server_->port());
  LogIn(c);
  auto me = c.Get("/api/v1/me");
  ASSERT_EQ(me.result_int(), 200);
  c.SetHeader("X-CSRF-Token", nlohmann::json::parse(me.body())["csrf_token"].get<std::string>());
  ASSERT_EQ(c.Send(verb::post, "/api/v1/logout").result_int(), 200);
  EXPECT_EQ(c.Get("/api/v1/me").result_int(), 401);
}

}  // namespace
}  // namespace bimtek::http
