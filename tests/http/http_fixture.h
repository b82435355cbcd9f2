// What the HTTP tests share: reading a cookie and a page's CSRF field, a logged-in API session,
// and a base fixture with a temporary SQLite store, a vault, the reference data, AppDeps with
// the store and accounts openers, users added with cheap hashing, generated desas and a Server
// on port 0. A test file derives from HttpServerTest, adds the openers and data it needs in its
// own SetUp (after HttpServerTest::SetUp), and starts the server when it is ready.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "http/server.h"
#include "http/test_client.h"
#include "service/gen.h"
#include "store/accounts.h"
#include "testing/testing.h"

namespace bimtek::testing {

// The Set-Cookie header whose value starts with `name=`, up to its first ';'; "" when absent.
std::string CookieFrom(const HttpResponse& r, const std::string& name);

// The value of the hidden csrf field in a page; "" when absent.
std::string CsrfField(const std::string& page);

// application/x-www-form-urlencoded escaping of one value (unreserved: letters, digits, "-_.").
std::string FormEncode(std::string_view s);

// A logged-in API client: its session cookie ("bimtek_session=…") and CSRF token.
struct Session {
  std::string cookie, csrf;
};

class HttpServerTest : public ::testing::Test {
 protected:
  // Every test user's password.
  static constexpr char kPassword[] = "correct-horse-1";

  // Loads the reference data, makes the vault, fills deps_ (vault, reference, store and
  // accounts openers on db_) and config_ (port 0, one thread, cheap hashing). Starts nothing.
  void SetUp() override;

  // Generates the registry (TPS and people) of one desa ("32.71.01.1001") into db_ with the
  // given seed; `summary`, when given, receives what was generated.
  void GenerateDesa(const std::string& desa, uint64_t seed = service::GenOptions{}.seed,
                    service::GenSummary* summary = nullptr);

  // Adds an account with kPassword (migrating db_ first).
  void AddUser(const std::string& name, store::UserRole role, RegionCode scope,
               const std::string& display = "");

  // Sets deps_.open_tests to the SQLite tests and question bank on db_.
  void UseSqliteTests();

  // Starts the server on config_ and deps_ with the application's routes.
  void StartServer();
  uint16_t port() const { return server_->port(); }

  // POST /api/v1/login as `user` with kPassword; expects 200.
  Session LogIn(const std::string& user);
  // GET /login, then POST its form as `user` with kPassword; expects 303 and returns the
  // "bimtek_session=…" cookie.
  std::string LogInWithForm(const std::string& user);
  // A GET with the session's cookie, or with a given Cookie header.
  HttpResponse Get(const Session& s, const std::string& target);
  HttpResponse Get(const std::string& cookie, const std::string& target);
  // A POST with the session's cookie and, unless `csrf` is false, its X-CSRF-Token header.
  HttpResponse Post(const Session& s, const std::string& target, const std::string& body,
                    const std::string& type = "application/json", bool csrf = true);

  TempDir dir_;
  std::string db_ = dir_.File("t.db");
  std::unique_ptr<crypto::Vault> vault_;
  http::AppDeps deps_;
  http::ServerConfig config_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace bimtek::testing
