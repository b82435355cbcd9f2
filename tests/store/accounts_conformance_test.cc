// One suite, every backend: the account store (users, sessions, login counters) behaves the same
// on SQLite and PostgreSQL, so several server processes over one PostgreSQL share sessions and
// lock-outs. PostgreSQL cases as in store_conformance_test.cc (BIMTEK_TEST_PG_URL).
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_accounts.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;
using ::bimtek::testing::TempDir;

std::string PgUrl() {
  const char* url = std::getenv("BIMTEK_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

bool PgRequired() {
  const char* r = std::getenv("BIMTEK_REQUIRE_PG");
  return r != nullptr && std::string(r) == "1";
}

std::string FreshSchema() {
  static std::atomic<int> n{0};
  return "acct_" + std::to_string(getpid()) + "_" + std::to_string(++n);
}

const std::vector<Region>& Regions() {
  static const auto* r = new std::vector<Region>{
      {32, RegionLevel::kProvince, RegionKind::kProvince, 0, "JAWA BARAT"},
      {3271, RegionLevel::kKabKota, RegionKind::kKota, 32, "KOTA BOGOR"},
  };
  return *r;
}

// A hash with a zero byte, a backslash and high bytes, as real ones have.
std::string Hash(char tag) {
  std::string s(32, '\0');
  s[0] = tag;
  s[1] = static_cast<char>(0xff);
  s[31] = '\\';
  return s;
}

class AccountsConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      if (PgUrl().empty()) {
        if (PgRequired()) FAIL() << "BIMTEK_REQUIRE_PG=1 but BIMTEK_TEST_PG_URL is not set";
        GTEST_SKIP() << "PostgreSQL case skipped: BIMTEK_TEST_PG_URL is not set";
      }
      schema_ = FreshSchema();
      url_ = PgUrl() + (PgUrl().find('?') == std::string::npos ? "?" : "&") + "schema=" + schema_;
    }
    auto reg = Registry();
    ASSERT_THAT(reg.status(), IsOk());
    registry_ = std::move(*reg);
    auto a = Accounts();
    ASSERT_THAT(a.status(), IsOk());
    accounts_ = std::move(*a);
  }

  void TearDown() override {
    accounts_.reset();
    registry_.reset();
    if (!schema_.empty()) {
      auto conn = pg::Conn::Connect(PgUrl());
      ASSERT_THAT(conn.status(), IsOk());
      ASSERT_THAT(conn->Script("DROP SCHEMA IF EXISTS \"" + schema_ + "\" CASCADE"), IsOk());
    }
  }

  StatusOr<std::unique_ptr<Store>> Registry() {
    if (GetParam() == "postgresql") return OpenPostgresStore(url_, Regions());
    return OpenSqliteStore(dir_.File("a.db"), Regions());
  }
  StatusOr<std::unique_ptr<AccountStore>> Accounts() {
    if (GetParam() == "postgresql") return OpenPostgresAccounts(url_);
    return OpenSqliteAccounts(dir_.File("a.db"));
  }

  UserRow Staff(const std::string& name) {
    UserRow u;
    u.username = name;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$abc$def";
    u.role = UserRole::kKabKota;
    u.scope = 3271;
    u.display_name = "Operator " + name;
    return u;
  }

  TempDir dir_;
  std::string schema_, url_;
  std::unique_ptr<Store> registry_;
  std::unique_ptr<AccountStore> accounts_;
};

TEST_P(AccountsConformanceTest, UsersAreCreatedAndFoundByIdNameAndCode) {
  UserRow u = Staff("kpu-kota-bogor");
  auto id = accounts_->CreateUser(u);
  ASSERT_THAT(id.status(), IsOk());
  EXPECT_GT(*id, 0);
  auto by_name = accounts_->FindUserByName("kpu-kota-bogor");
  ASSERT_THAT(by_name.status(), IsOk());
  ASSERT_TRUE(by_name->has_value());
  EXPECT_EQ((*by_name)->id, *id);
  EXPECT_EQ((*by_name)->password_hash, u.password_hash);
  EXPECT_EQ((*by_name)->role, UserRole::kKabKota);
  EXPECT_EQ((*by_name)->scope, 3271);
  EXPECT_EQ((*by_name)->display_name, "Operator kpu-kota-bogor");
  EXPECT_TRUE((*by_name)->active);
  EXPECT_EQ((*by_name)->person_id, 0);
  EXPECT_TRUE((*by_name)->code_index.empty());
  auto by_id = accounts_->FindUserById(*id);
  ASSERT_THAT(by_id.status(), IsOk());
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->username, "kpu-kota-bogor");
  auto none = accounts_->FindUserByName("nobody");
  ASSERT_THAT(none.status(), IsOk());
  EXPECT_FALSE(none->has_value());

  UserRow p = Staff("peserta-1");
  p.role = UserRole::kParticipant;
  p.password_hash = "";
  p.active = false;
  p.code_index = Hash('c');
  auto pid = accounts_->CreateUser(p);
  ASSERT_THAT(pid.status(), IsOk());
  auto by_code = accounts_->FindUserByCodeIndex(Hash('c'));
  ASSERT_THAT(by_code.status(), IsOk());
  ASSERT_TRUE(by_code->has_value());
  EXPECT_EQ((*by_code)->id, *pid);
  EXPECT_EQ((*by_code)->code_index, Hash('c'));
  EXPECT_FALSE((*by_code)->active);

  ASSERT_THAT(accounts_->SetCodeIndex(*pid, Hash('d')), IsOk());
  auto old_code = accounts_->FindUserByCodeIndex(Hash('c'));
  ASSERT_THAT(old_code.status(), IsOk());
  EXPECT_FALSE(old_code->has_value());
  EXPECT_THAT(accounts_->SetCodeIndex(999999, Hash('e')), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(AccountsConformanceTest, UsernamesAndCodesAreUnique) {
  ASSERT_THAT(accounts_->CreateUser(Staff("a")).status(), IsOk());
  EXPECT_THAT(accounts_->CreateUser(Staff("a")).status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
  UserRow p = Staff("b");
  p.code_index = Hash('x');
  ASSERT_THAT(accounts_->CreateUser(p).status(), IsOk());
  UserRow q = Staff("c");
  q.code_index = Hash('y');
  auto qid = accounts_->CreateUser(q);
  ASSERT_THAT(qid.status(), IsOk());
  EXPECT_THAT(accounts_->SetCodeIndex(*qid, Hash('x')),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_P(AccountsConformanceTest, SessionsAreSharedBetweenConnectionsAndDeleted) {
  auto id = accounts_->CreateUser(Staff("a"));
  ASSERT_THAT(id.status(), IsOk());
  SessionRow s{Hash('s'), *id, 100, 200, "csrf-token"};
  ASSERT_THAT(accounts_->PutSession(s), IsOk());
  ASSERT_THAT(accounts_->PutSession({Hash('t'), *id, 100, 300, "other"}), IsOk());

  // A second connection (another server process) sees the session at once.
  auto other = Accounts();
  ASSERT_THAT(other.status(), IsOk());
  auto got = (*other)->FindSessionWithUser(Hash('s'));
  ASSERT_THAT(got.status(), IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->session.user_id, *id);
  EXPECT_EQ((*got)->session.created_unix, 100);
  EXPECT_EQ((*got)->session.expires_unix, 200);
  EXPECT_EQ((*got)->session.csrf_token, "csrf-token");
  EXPECT_EQ((*got)->session.token_hash, Hash('s'));

  ASSERT_THAT(accounts_->DeleteExpiredSessions(200), IsOk());
  auto expired = (*other)->FindSessionWithUser(Hash('s'));
  ASSERT_THAT(expired.status(), IsOk());
  EXPECT_FALSE(expired->has_value());
  auto kept = (*other)->FindSessionWithUser(Hash('t'));
  ASSERT_THAT(kept.status(), IsOk());
  EXPECT_TRUE(kept->has_value());

  ASSERT_THAT(accounts_->DeleteSessionsOfUser(*id), IsOk());
  auto gone = (*other)->FindSessionWithUser(Hash('t'));
  ASSERT_THAT(gone.status(), IsOk());
  EXPECT_FALSE(gone->has_value());
}

TEST_P(AccountsConformanceTest, SessionWithUserIsBothRowsInOneLookUp) {
  UserRow u = Staff("a");
  u.code_index = Hash('c');
  auto id = accounts_->CreateUser(u);
  ASSERT_THAT(id.status(), IsOk());
  ASSERT_THAT(accounts_->PutSession({Hash('s'), *id, 100, 200, "csrf-token"}), IsOk());

  auto other = Accounts();
  ASSERT_THAT(other.status(), IsOk());
  auto both = (*other)->FindSessionWithUser(Hash('s'));
  ASSERT_THAT(both.status(), IsOk());
  ASSERT_TRUE(both->has_value());
  auto user = (*other)->FindUserById(*id);
  ASSERT_THAT(user.status(), IsOk());
  const auto& got = **both;
  EXPECT_EQ(got.session.token_hash, Hash('s'));
  EXPECT_EQ(got.session.user_id, *id);
  EXPECT_EQ(got.session.created_unix, 100);
  EXPECT_EQ(got.session.expires_unix, 200);
  EXPECT_EQ(got.session.csrf_token, "csrf-token");
  ASSERT_TRUE(got.user.has_value());
  EXPECT_EQ(got.user->id, (*user)->id);
  EXPECT_EQ(got.user->username, (*user)->username);
  EXPECT_EQ(got.user->password_hash, (*user)->password_hash);
  EXPECT_EQ(got.user->role, (*user)->role);
  EXPECT_EQ(got.user->scope, (*user)->scope);
  EXPECT_EQ(got.user->display_name, (*user)->display_name);
  EXPECT_EQ(got.user->code_index, Hash('c'));
  EXPECT_EQ(got.user->active, (*user)->active);
  EXPECT_EQ(got.user->code_generation, (*user)->code_generation);

  auto none = (*other)->FindSessionWithUser(Hash('z'));
  ASSERT_THAT(none.status(), IsOk());
  EXPECT_FALSE(none->has_value());
  ASSERT_THAT(accounts_->DeleteSession(Hash('s')), IsOk());
  auto deleted = (*other)->FindSessionWithUser(Hash('s'));
  ASSERT_THAT(deleted.status(), IsOk());
  EXPECT_FALSE(deleted->has_value());
}

TEST_P(AccountsConformanceTest, LoginCountersAreUpsertedReadAndCleared) {
  auto zero = accounts_->GetAttempts("user:a");
  ASSERT_THAT(zero.status(), IsOk());
  EXPECT_EQ(zero->failures, 0);
  ASSERT_THAT(accounts_->PutAttempts("user:a", {3, 1000, 0}), IsOk());
  ASSERT_THAT(accounts_->PutAttempts("user:a", {5, 1000, 1900}), IsOk());
  auto other = Accounts();
  ASSERT_THAT(other.status(), IsOk());
  auto a = (*other)->GetAttempts("user:a");
  ASSERT_THAT(a.status(), IsOk());
  EXPECT_EQ(a->failures, 5);
  EXPECT_EQ(a->window_start_unix, 1000);
  EXPECT_EQ(a->locked_until_unix, 1900);
  ASSERT_THAT((*other)->ClearAttempts("user:a"), IsOk());
  auto cleared = accounts_->GetAttempts("user:a");
  ASSERT_THAT(cleared.status(), IsOk());
  EXPECT_EQ(cleared->failures, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsConformanceTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace bimtek::store
