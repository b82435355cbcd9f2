#include "http/http_fixture.h"

#include <cctype>
#include <cstdio>
#include <regex>
#include <utility>

#include "http/routes.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/reference.h"
#include "service/registry.h"
#include "service/tests.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_store.h"

namespace bimtek::testing {

using field = boost::beast::http::field;
using verb = boost::beast::http::verb;
using json = nlohmann::json;

std::string CookieFrom(const HttpResponse& r, const std::string& name) {
  for (auto it = r.find(field::set_cookie); it != r.end() && it->name() == field::set_cookie;
       ++it) {
    const std::string v(it->value());
    if (v.starts_with(name + "=")) return v.substr(0, v.find(';'));
  }
  return "";
}

std::string CsrfField(const std::string& page) {
  std::smatch m;
  static const std::regex re(R"re(name="csrf" value="([0-9a-f]+)")re");
  return std::regex_search(page, m, re) ? m[1].str() : "";
}

std::string FormEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

void HttpServerTest::SetUp() {
  auto ref = service::DefaultReference();
  ASSERT_TRUE(ref.ok()) << ref.status();
  vault_ = std::make_unique<crypto::Vault>(crypto::MasterKey::Generate());
  deps_.vault = vault_.get();
  deps_.ref = *ref;
  deps_.open_store = [this] { return store::OpenSqliteStore(db_, deps_.ref->regions.all()); };
  deps_.open_accounts = [this] { return store::OpenSqliteAccounts(db_); };
  config_.port = 0;
  config_.threads = 1;
  config_.auth.cheap_hashing = true;  // Argon2id at libsodium's minimum cost: tests only
}

void HttpServerTest::GenerateDesa(const std::string& desa, uint64_t seed,
                                  service::GenSummary* summary) {
  auto s = store::OpenSqliteStore(db_, deps_.ref->regions.all());
  ASSERT_TRUE(s.ok()) << s.status();
  service::Registry reg{**s, *vault_, *deps_.ref};
  service::GenOptions opts;
  auto scope = ParseScope(desa);
  ASSERT_TRUE(scope.ok()) << scope.status();
  opts.scope = *scope;
  opts.seed = seed;
  auto sum = service::GenerateIntoStore(reg, opts);
  ASSERT_TRUE(sum.ok()) << sum.status();
  if (summary != nullptr) *summary = *sum;
}

void HttpServerTest::AddUser(const std::string& name, store::UserRole role, RegionCode scope,
                             const std::string& display) {
  auto s = store::OpenSqliteStore(db_, deps_.ref->regions.all());  // migrates
  ASSERT_TRUE(s.ok()) << s.status();
  auto a = store::OpenSqliteAccounts(db_);
  ASSERT_TRUE(a.ok()) << a.status();
  service::Auth auth(**a, nullptr, config_.auth);
  auto u = auth.AddUser({name, role, scope, display}, kPassword);
  ASSERT_TRUE(u.ok()) << u.status();
}

void HttpServerTest::UseSqliteTests() {
  deps_.open_tests =
      [this](store::Store& registry) -> StatusOr<std::unique_ptr<service::TestsOwner>> {
    auto owner = std::make_unique<service::TestsOwner>();
    ASSIGN_OR_RETURN(owner->tests, store::OpenSqliteTests(db_));
    ASSIGN_OR_RETURN(owner->bank, store::OpenSqliteQuestions(db_));
    owner->service = std::make_unique<service::Tests>(*owner->tests, *owner->bank, registry,
                                                      vault_.get(), nullptr);
    return owner;
  };
}

void HttpServerTest::StartServer() {
  auto s = http::Server::Start(config_, deps_, http::AppRoutes());
  ASSERT_TRUE(s.ok()) << s.status();
  server_ = std::move(s).value();
}

Session HttpServerTest::LogIn(const std::string& user) {
  TestClient c(port());
  auto r =
      c.Send(verb::post, "/api/v1/login", json{{"username", user}, {"password", kPassword}}.dump());
  EXPECT_EQ(r.result_int(), 200) << r.body();
  return {CookieFrom(r, "bimtek_session"), json::parse(r.body())["csrf_token"]};
}

std::string HttpServerTest::LogInWithForm(const std::string& user) {
  TestClient get(port());
  auto form = get.Get("/login");
  TestClient post(port());
  post.SetHeader("Cookie", CookieFrom(form, "bimtek_login"));
  auto r =
      post.Send(verb::post, "/login",
                "username=" + user + "&password=" + kPassword + "&csrf=" + CsrfField(form.body()),
                true, "application/x-www-form-urlencoded");
  EXPECT_EQ(r.result_int(), 303) << r.body();
  return CookieFrom(r, "bimtek_session");
}

HttpResponse HttpServerTest::Get(const Session& s, const std::string& target) {
  return Get(s.cookie, target);
}

HttpResponse HttpServerTest::Get(const std::string& cookie, const std::string& target) {
  TestClient c(port());
  c.SetHeader("Cookie", cookie);
  return c.Get(target);
}

HttpResponse HttpServerTest::Post(const Session& s, const std::string& target,
                                  const std::string& body, const std::string& type, bool csrf) {
  TestClient c(port());
  c.SetHeader("Cookie", s.cookie);
  if (csrf) c.SetHeader("X-CSRF-Token", s.csrf);
  return c.Send(verb::post, target, body, true, type);
}

}  // namespace bimtek::testing
