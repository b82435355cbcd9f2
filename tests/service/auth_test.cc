// Accounts and login: password hashing, the account/code/address lock-outs, session life, the
// scope rule of every role (tests/testdata/accounts/scope_rules.csv), participant access codes.
#include "service/auth.h"

#include <set>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/registry_env.h"
#include "store/sqlite/sqlite_accounts.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kPassword[] = "correct-horse-1";

class AuthTest : public ::testing::Test {
 protected:
  AuthTest() {
    auto a = store::OpenSqliteAccounts(env_.db_path());
    EXPECT_TRUE(a.ok()) << a.status();
    accounts_ = std::move(a).value();
    config_.cheap_hashing = true;  // the cost is tested once, in PasswordHashIsArgon2id…
    auth_ = std::make_unique<Auth>(*accounts_, &env_.reg(), config_, [this] { return now_; });
  }

  store::UserRow Add(const std::string& name, UserRole role, RegionCode scope) {
    auto u = auth_->AddUser(NewUser{name, role, scope, ""}, kPassword);
    EXPECT_TRUE(u.ok()) << u.status();
    return u.ok() ? *u : store::UserRow{};
  }

  // A KPPS member of TPS 32.71.01.1001 number `tps`, born 1990-05-17; returns the person id.
  int64_t AddKpps(const std::string& nik, int tps) {
    Person p;
    p.nik = nik;
    p.name = "Siti Aminah";
    p.sex = Sex::kFemale;
    p.birth_date = Date{1990, 5, 17};
    p.role = Role::kKpps;
    p.tps = MakeTpsCode(3271011001, tps);
    p.position = 1;
    p.work_region = 3271011001;
    auto txn = env_.store().Begin();
    EXPECT_TRUE(txn.ok()) << txn.status();
    auto id = (*txn)->InsertPerson(SealPerson(env_.vault(), p));
    EXPECT_TRUE(id.ok()) << id.status();
    EXPECT_THAT((*txn)->Commit(), IsOk());
    return id.ok() ? *id : 0;
  }

  testing::RegistryEnv env_;
  std::unique_ptr<store::AccountStore> accounts_;
  AuthConfig config_;
  int64_t now_ = 1'800'000'000;
  std::unique_ptr<Auth> auth_;
};

TEST_F(AuthTest, PasswordHashIsArgon2idWithInteractiveCostByDefault) {
  Auth real(*accounts_, nullptr, AuthConfig{});
  auto hash = real.HashPassword(kPassword);
  ASSERT_THAT(hash.status(), IsOk());
  EXPECT_THAT(*hash, StartsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
  EXPECT_TRUE(Auth::VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(Auth::VerifyPassword(*hash, "correct-horse-2"));
  EXPECT_FALSE(Auth::VerifyPassword("", kPassword));
}

TEST_F(AuthTest, AddUserRequiresTenCharacterPasswordAndAScopeOfTheRolesLevel) {
  EXPECT_THAT(auth_->AddUser({"admin", UserRole::kNationalAdmin, 0, ""}, "123456789").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "at least 10 characters"));
  EXPECT_THAT(auth_->AddUser({"op1", UserRole::kKabKota, 32, ""}, kPassword).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "kabupaten_kota"));
  EXPECT_THAT(auth_->AddUser({"admin", UserRole::kNationalAdmin, 32, ""}, kPassword).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "level national"));
  EXPECT_THAT(auth_->AddUser({"fac", UserRole::kFacilitator, 0, ""}, kPassword).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "province to desa"));
  EXPECT_THAT(auth_->AddUser({"kpps", UserRole::kParticipant, 3271011001, ""}, kPassword).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "access code"));
  EXPECT_THAT(auth_->AddUser({"op1", UserRole::kKabKota, 9999, ""}, kPassword).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "does not exist"));
  EXPECT_THAT(auth_->AddUser({"Op Bogor", UserRole::kKabKota, 3271, ""}, kPassword).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "may hold only"));
  Add("op.bogor", UserRole::kKabKota, 3271);
  EXPECT_THAT(auth_->AddUser({"OP.BOGOR", UserRole::kKabKota, 3271, ""}, kPassword).status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(AuthTest, LoginStartsASessionThatResumesUntilLogoutOrExpiry) {
  Add("op.bogor", UserRole::kKabKota, 3271);
  auto login = auth_->Login("Op.Bogor", kPassword, "10.0.0.1");
  ASSERT_THAT(login.status(), IsOk());
  EXPECT_EQ(login->user.username, "op.bogor");
  EXPECT_EQ(login->token.size(), 64u);
  EXPECT_EQ(login->csrf_token.size(), 64u);
  EXPECT_NE(login->token, login->csrf_token);

  auto p = auth_->Resume(login->token);
  ASSERT_THAT(p.status(), IsOk());
  EXPECT_EQ(p->user.scope, 3271);
  EXPECT_TRUE(Auth::CsrfMatches(*p, login->csrf_token));
  EXPECT_FALSE(Auth::CsrfMatches(*p, login->token));
  EXPECT_FALSE(Auth::CsrfMatches(*p, ""));
  EXPECT_THAT(auth_->Resume("0000").status(), StatusIs(absl::StatusCode::kUnauthenticated));

  ASSERT_THAT(auth_->Logout(login->token), IsOk());
  EXPECT_THAT(auth_->Resume(login->token).status(), StatusIs(absl::StatusCode::kUnauthenticated));

  auto again = auth_->Login("op.bogor", kPassword, "10.0.0.1");
  ASSERT_THAT(again.status(), IsOk());
  now_ += config_.session_seconds;
  EXPECT_THAT(auth_->Resume(again->token).status(),
              StatusIs(absl::StatusCode::kUnauthenticated, "expired"));
}

TEST_F(AuthTest, FiveFailuresLockTheAccountForFifteenMinutesWithAClearMessage) {
  Add("op.bogor", UserRole::kKabKota, 3271);
  Add("op.depok", UserRole::kKabKota, 3276);
  for (int i = 1; i < 5; ++i) {
    EXPECT_THAT(auth_->Login("op.bogor", "wrong-password", "10.0.0.1").status(),
                StatusIs(absl::StatusCode::kUnauthenticated, "wrong username or password"))
        << "failure " << i;
  }
  EXPECT_THAT(auth_->Login("op.bogor", "wrong-password", "10.0.0.1").status(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       "account \"op.bogor\" is locked after too many failed logins; try again "
                       "in 15 minutes"));
  // Locked: even the right password is refused, from any address; other accounts are not.
  EXPECT_THAT(auth_->Login("op.bogor", kPassword, "10.9.9.9").status(),
              StatusIs(absl::StatusCode::kResourceExhausted, "locked"));
  EXPECT_THAT(auth_->Login("op.depok", kPassword, "10.0.0.1").status(), IsOk());
  now_ += 14 * 60;
  EXPECT_THAT(auth_->Login("op.bogor", kPassword, "10.0.0.1").status(),
              StatusIs(absl::StatusCode::kResourceExhausted, "try again in 1 minute"));
  now_ += 60;
  EXPECT_THAT(auth_->Login("op.bogor", kPassword, "10.0.0.1").status(), IsOk());
}

TEST_F(AuthTest, FailuresOutsideTheWindowDoNotAddUpAndSuccessResetsTheCount) {
  Add("op.bogor", UserRole::kKabKota, 3271);
  for (int i = 0; i < 4; ++i) auth_->Login("op.bogor", "wrong-password", "a").IgnoreError();
  now_ += config_.failure_window_seconds;
  for (int i = 0; i < 4; ++i) auth_->Login("op.bogor", "wrong-password", "a").IgnoreError();
  ASSERT_THAT(auth_->Login("op.bogor", kPassword, "a").status(), IsOk());
  for (int i = 0; i < 4; ++i) auth_->Login("op.bogor", "wrong-password", "a").IgnoreError();
  EXPECT_THAT(auth_->Login("op.bogor", kPassword, "a").status(), IsOk());
}

TEST_F(AuthTest, AddressLimitIsGenerousAndCountsFailuresOverAllAccounts) {
  EXPECT_GE(AuthConfig{}.max_address_failures, 100);
  config_.max_address_failures = 6;
  Auth auth(*accounts_, &env_.reg(), config_, [this] { return now_; });
  Add("op.bogor", UserRole::kKabKota, 3271);
  for (int i = 0; i < 6; ++i) {
    auth.Login(StrCat("guess", i), "wrong-password", "192.0.2.7").IgnoreError();
  }
  EXPECT_THAT(auth.Login("op.bogor", kPassword, "192.0.2.7").status(),
              StatusIs(absl::StatusCode::kResourceExhausted, "address 192.0.2.7 is locked"));
  EXPECT_THAT(auth.Login("op.bogor", kPassword, "192.0.2.8").status(), IsOk());
}

// One line of scope_rules.csv: role, the user's scope, what is asked, allowed.
struct ScopeCase {
  std::string line;
  UserRole role;
  Scope user_scope;
  std::string asked;
  bool allowed;
};

std::vector<ScopeCase> LoadScopeCases() {
  std::vector<ScopeCase> out;
  const std::string text =
      testing::ReadFileOrDie(testing::SourceDir() + "/tests/testdata/accounts/scope_rules.csv");
  for (std::string_view line : Split(text, '\n')) {
    if (line.empty() || line.starts_with('#')) continue;
    const auto f = Split(line, ',');
    EXPECT_EQ(f.size(), 4u) << line;
    if (f.size() != 4) continue;
    auto role = ParseRole(f[0]);
    auto scope = ParseScope(f[1]);
    EXPECT_TRUE(role.ok() && scope.ok()) << line;
    if (!role.ok() || !scope.ok()) continue;
    out.push_back({std::string(line), *role, *scope, std::string(f[2]), f[3] == "yes"});
  }
  return out;
}

TEST(AuthScopeTest, EveryRoleSeesItsScopeAndNothingElse) {
  const auto cases = LoadScopeCases();
  ASSERT_GE(cases.size(), 30u);
  std::set<UserRole> roles;
  for (const ScopeCase& c : cases) {
    store::UserRow u;
    u.username = "u";
    u.role = c.role;
    u.scope = c.user_scope.code;
    roles.insert(c.role);
    if (c.asked.size() == 13 && IsAllDigits(c.asked)) {  // a TPS code
      auto tps = ParseTpsCode(c.asked);
      ASSERT_TRUE(tps.ok()) << c.line;
      EXPECT_EQ(CanSee(u, *tps), c.allowed) << c.line;
    } else {
      auto scope = ParseScope(c.asked);
      ASSERT_TRUE(scope.ok()) << c.line;
      EXPECT_EQ(CanSee(u, *scope), c.allowed) << c.line;
      EXPECT_EQ(CheckScope(u, *scope).ok(), c.allowed) << c.line;
      if (!c.allowed) {
        EXPECT_THAT(CheckScope(u, *scope), StatusIs(absl::StatusCode::kPermissionDenied)) << c.line;
      }
    }
    u.active = false;
    EXPECT_FALSE(CanSee(u, Scope::National())) << "inactive: " << c.line;
    EXPECT_FALSE(CanSee(u, RegionCode{3271011001})) << "inactive: " << c.line;
  }
  EXPECT_EQ(roles.size(), 7u) << "every role has rules in the table";
}

TEST(AuthCodeTest, AccessCodesAreTenUnambiguousCharactersAndNormalise) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string code = Auth::GenerateAccessCode();
    ASSERT_EQ(code.size(), 10u);
    EXPECT_EQ(code.find_first_of("01OIabcdefghijklmnopqrstuvwxyz"), std::string::npos) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(Auth::NormalizeAccessCode("ab3d-ef7h k9"), "AB3DEF7HK9");
}

TEST_F(AuthTest, ParticipantLogsInWithAccessCodeAndBirthDate) {
  const int64_t person = AddKpps("3271014101900001", 1);
  const auto op = Add("op.bogor", UserRole::kKabKota, 3271);
  auto code = auth_->IssueAccessCode(op, "3271014101900001");
  ASSERT_THAT(code.status(), IsOk());

  EXPECT_THAT(auth_->LoginParticipant(*code, "1990-05-18", "a").status(),
              StatusIs(absl::StatusCode::kUnauthenticated, "wrong access code or birth date"));
  EXPECT_THAT(auth_->LoginParticipant(*code, "17/05/1990", "a").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "birth_date"));
  const std::string typed = ToLowerAscii(code->substr(0, 5)) + "-" + code->substr(5);
  auto login = auth_->LoginParticipant(typed, "1990-05-17", "a");
  ASSERT_THAT(login.status(), IsOk());
  EXPECT_EQ(login->user.role, UserRole::kParticipant);
  EXPECT_EQ(login->user.person_id, person);
  EXPECT_EQ(login->user.scope, 3271011001);
  EXPECT_EQ(login->user.display_name, "Siti Aminah");
  // A participant has no password login, and sees no part of the region tree.
  EXPECT_THAT(auth_->Login(login->user.username, "", "a").status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_FALSE(CanSee(login->user, Scope::Of(3271011001)));
}

TEST_F(AuthTest, ReissuedCodeInvalidatesTheOldCodeAndItsSessions) {
  AddKpps("3271014101900001", 1);
  const auto op = Add("op.bogor", UserRole::kKabKota, 3271);
  auto first = auth_->IssueAccessCode(op, "3271014101900001");
  ASSERT_THAT(first.status(), IsOk());
  auto session = auth_->LoginParticipant(*first, "1990-05-17", "a");
  ASSERT_THAT(session.status(), IsOk());

  auto second = auth_->IssueAccessCode(op, "3271014101900001");
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_NE(*first, *second);
  EXPECT_THAT(auth_->Resume(session->token).status(), StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(auth_->LoginParticipant(*first, "1990-05-17", "a").status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  auto again = auth_->LoginParticipant(*second, "1990-05-17", "a");
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(again->user.id, session->user.id);
}

TEST_F(AuthTest, OnlyStaffWhoSeeThePersonMayIssueACode) {
  AddKpps("3271014101900001", 1);
  const auto other = Add("op.kabbogor", UserRole::kKabKota, 3201);
  EXPECT_THAT(auth_->IssueAccessCode(other, "3271014101900001").status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const auto pps = Add("pps.batutulis", UserRole::kPps, 3271011001);
  EXPECT_THAT(auth_->IssueAccessCode(pps, "3271014101900001").status(), IsOk());
  EXPECT_THAT(auth_->IssueAccessCode(pps, "3271014101900002").status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(AuthTest, FiveWrongBirthDatesLockTheCode) {
  AddKpps("3271014101900001", 1);
  const auto op = Add("op.bogor", UserRole::kKabKota, 3271);
  auto code = auth_->IssueAccessCode(op, "3271014101900001");
  ASSERT_THAT(code.status(), IsOk());
  for (int i = 0; i < 4; ++i) {
    EXPECT_THAT(auth_->LoginParticipant(*code, "2000-01-01", StrCat("10.0.0.", i)).status(),
                StatusIs(absl::StatusCode::kUnauthenticated));
  }
  EXPECT_THAT(auth_->LoginParticipant(*code, "2000-01-01", "10.0.0.9").status(),
              StatusIs(absl::StatusCode::kResourceExhausted, "this access code is locked"));
  EXPECT_THAT(auth_->LoginParticipant(*code, "1990-05-17", "10.0.0.9").status(),
              StatusIs(absl::StatusCode::kResourceExhausted));
  now_ += config_.lockout_seconds;
  EXPECT_THAT(auth_->LoginParticipant(*code, "1990-05-17", "10.0.0.9").status(), IsOk());
}

TEST(SqliteAccountsTest, RefusesAStoreWithoutTheAccountTables) {
  testing::TempDir dir;
  auto a = store::OpenSqliteAccounts(dir.File("empty.db"));
  EXPECT_THAT(a.status(), StatusIs(absl::StatusCode::kFailedPrecondition, "schema version 0"));
}

}  // namespace
}  // namespace bimtek::service

namespace bimtek::service {
namespace {

// Printed codes (docs/invitations.md, "Access codes"): derived from the key, the person and the
// generation, so printing again gives the same code; a re-issue moves to the next generation.
TEST_F(AuthTest, PrintedCodesAreDerivedStableAndFollowTheGeneration) {
  const int64_t id = AddKpps("3271014101900001", 1);
  auto row = env_.store().FindPerson(id);
  ASSERT_THAT(row.status(), IsOk());
  ASSERT_TRUE(row->has_value());
  auto first = auth_->AccessCodeForPrint(nullptr, **row);  // creates the account
  ASSERT_THAT(first.status(), IsOk());
  EXPECT_EQ(*first, auth_->DerivedAccessCode(id, 0));
  EXPECT_EQ(first->find_first_of("01OI"), std::string::npos);
  auto again = auth_->AccessCodeForPrint(nullptr, **row);
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(*again, *first);
  EXPECT_NE(auth_->DerivedAccessCode(id, 1), *first);
  EXPECT_NE(auth_->DerivedAccessCode(id + 1, 0), *first);
  EXPECT_THAT(auth_->LoginParticipant(*first, "1990-05-17", "a").status(), IsOk());

  const auto other = Add("op.kabbogor", UserRole::kKabKota, 3201);
  EXPECT_THAT(auth_->AccessCodeForPrint(&other, **row).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const auto op = Add("op.bogor", UserRole::kKabKota, 3271);
  EXPECT_THAT(auth_->AccessCodeForPrint(&op, **row).status(), IsOk());

  // A lost letter: the re-issued code is generation 1; the printed one stops working.
  auto reissued = auth_->IssueAccessCode(op, "3271014101900001");
  ASSERT_THAT(reissued.status(), IsOk());
  EXPECT_EQ(*reissued, auth_->DerivedAccessCode(id, 1));
  EXPECT_THAT(auth_->LoginParticipant(*first, "1990-05-17", "a").status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(*auth_->AccessCodeForPrint(&op, **row), *reissued);

  // A code stored before codes were derived (any other hash) is moved to the derived one.
  auto user = accounts_->FindUserByPerson(id);
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_EQ((*user)->code_generation, 1);
  ASSERT_THAT(accounts_->SetCodeIndex((*user)->id, std::string(16, 'x')), IsOk());
  EXPECT_THAT(auth_->LoginParticipant(*reissued, "1990-05-17", "b").status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(*auth_->AccessCodeForPrint(&op, **row), *reissued);
  EXPECT_THAT(auth_->LoginParticipant(*reissued, "1990-05-17", "b").status(), IsOk());
}

}  // namespace
}  // namespace bimtek::service
