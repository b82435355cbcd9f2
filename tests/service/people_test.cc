// People search, the person page, PAW by id, access codes and the audit log: the service layer
// checks scope on every call (an operator of 32.71 gets nothing of 32.01), masks personal fields,
// and writes one audit row per change.
#include "service/people.h"

#include "core/nik.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/audit.h"
#include "service/registry_env.h"
#include "store/sqlite/sqlite_accounts.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr TpsCode kBogorTps = 3271011001001;      // Kota Bogor, Batu Tulis
constexpr TpsCode kKabBogorTps = 3201011001001;   // Kabupaten Bogor, Pondok Rajeg

class PeopleTest : public ::testing::Test {
 protected:
  PeopleTest() {
    auto a = store::OpenSqliteAccounts(env_.db_path());
    EXPECT_TRUE(a.ok()) << a.status();
    accounts_ = std::move(a).value();
    AuthConfig c;
    c.cheap_hashing = true;
    auth_ = std::make_unique<Auth>(*accounts_, &env_.reg(), c);
    kota_ = User("op.kota", UserRole::kKabKota, 3271);
    kab_ = User("op.kab", UserRole::kKabKota, 3201);
    admin_ = User("admin", UserRole::kNationalAdmin, 0);
  }

  store::UserRow User(const std::string& name, UserRole role, RegionCode scope) {
    auto u = auth_->AddUser(NewUser{name, role, scope, name}, "correct-horse-1");
    EXPECT_TRUE(u.ok()) << u.status();
    return u.ok() ? *u : store::UserRow{};
  }

  static Person Member(TpsCode tps, int position, std::string name, int serial) {
    Person p;
    p.birth_date = Date{1990, 5, 17};
    p.sex = Sex::kFemale;
    p.nik = MakeNik(DesaOfTps(tps) / 10000, p.birth_date, p.sex, serial);
    p.name = std::move(name);
    p.phone = "081234567890";
    p.education = Education::kSma;
    p.role = Role::kKpps;
    p.tps = tps;
    p.position = position;
    p.work_region = DesaOfTps(tps);
    return p;
  }

  int64_t Add(const Person& p) {
    auto txn = env_.store().Begin();
    EXPECT_THAT(txn.status(), IsOk());
    auto id = (*txn)->InsertPerson(SealPerson(env_.vault(), p));
    EXPECT_THAT(id.status(), IsOk());
    EXPECT_THAT((*txn)->Commit(), IsOk());
    return id.ok() ? *id : 0;
  }

  testing::RegistryEnv env_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<Auth> auth_;
  store::UserRow kota_, kab_, admin_;
};

TEST_F(PeopleTest, SearchFindsNamePrefixesAndExactNikOnlyInsideTheUsersScope) {
  const Person siti = Member(kBogorTps, 1, "Siti Nurhaliza", 1);
  const int64_t kota_siti = Add(siti);
  const int64_t kab_siti = Add(Member(kKabBogorTps, 1, "Siti Aminah", 2));
  Add(Member(kBogorTps, 2, "Budi Santoso", 3));

  PeopleSearch s;
  s.q = "SIT";
  auto r = SearchPeople(env_.reg(), kota_, s);
  ASSERT_THAT(r.status(), IsOk());
  ASSERT_EQ(r->total, 1);
  EXPECT_EQ(r->people[0].id, kota_siti);
  EXPECT_EQ(r->people[0].nik, MaskNik(siti.nik));
  EXPECT_EQ(r->people[0].phone, "0812****7890");
  EXPECT_EQ(r->people[0].birth_date, "1990-**-**");
  EXPECT_EQ(SearchPeople(env_.reg(), admin_, s)->total, 2);
  EXPECT_EQ(SearchPeople(env_.reg(), kab_, s)->people.at(0).id, kab_siti);

  // The 32.71 operator asking for 32.01 is refused, by region and by TPS alike.
  PeopleSearch other = s;
  other.scope = Scope::Of(3201);
  EXPECT_THAT(SearchPeople(env_.reg(), kota_, other).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  PeopleSearch tps = s;
  tps.tps = kKabBogorTps;
  EXPECT_THAT(SearchPeople(env_.reg(), kota_, tps).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  tps.scope = Scope::Of(3271);  // the admin sees the TPS, but it is not in the region asked for
  EXPECT_THAT(SearchPeople(env_.reg(), admin_, tps).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "not in region"));
  // A NIK of Kabupaten Bogor typed by the 32.71 operator finds nothing; their own is found.
  PeopleSearch nik;
  nik.q = Member(kKabBogorTps, 1, "", 2).nik;
  EXPECT_EQ(SearchPeople(env_.reg(), kota_, nik)->total, 0);
  EXPECT_EQ(SearchPeople(env_.reg(), kab_, nik)->total, 1);
  nik.q = siti.nik;
  EXPECT_EQ(SearchPeople(env_.reg(), kota_, nik)->people.at(0).id, kota_siti);

  // Bad parameters say which.
  PeopleSearch bad;
  bad.per_page = 500;
  EXPECT_THAT(SearchPeople(env_.reg(), kota_, bad).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "per_page"));
  bad = PeopleSearch{};
  bad.q = "!!";
  EXPECT_THAT(SearchPeople(env_.reg(), kota_, bad).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "no letter or digit"));
  // Without q: everyone in scope, with a total and pages.
  PeopleSearch all;
  all.per_page = 1;
  all.page = 2;
  auto page = SearchPeople(env_.reg(), kota_, all);
  ASSERT_THAT(page.status(), IsOk());
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(page->people.size(), 1u);
}

TEST_F(PeopleTest, PersonPageAndPawAreRefusedOutsideTheScopeAndAudited) {
  const int64_t mine = Add(Member(kBogorTps, 1, "Siti Nurhaliza", 1));
  const int64_t theirs = Add(Member(kKabBogorTps, 1, "Siti Aminah", 2));
  EXPECT_THAT(GetPerson(env_.reg(), kota_, theirs).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(GetPerson(env_.reg(), kota_, 999999).status(),
              StatusIs(absl::StatusCode::kNotFound));
  auto d = GetPerson(env_.reg(), kota_, mine);
  ASSERT_THAT(d.status(), IsOk());
  EXPECT_TRUE(d->may_replace);
  EXPECT_TRUE(d->may_issue_code);

  Person repl = Member(kBogorTps, 1, "Dewi Lestari", 9);
  const Actor actor = UserActor(kota_, "10.1.2.3");
  EXPECT_THAT(ReplacePerson(env_.reg(), kota_, actor, theirs, repl, "pindah domisili").status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const auto facilitator = User("fasil", UserRole::kFacilitator, 3271);
  EXPECT_THAT(ReplacePerson(env_.reg(), facilitator, actor, mine, repl, "pindah domisili").status(),
              StatusIs(absl::StatusCode::kPermissionDenied, "may not replace"));
  auto r = ReplacePerson(env_.reg(), kota_, actor, mine, repl, "pindah domisili");
  ASSERT_THAT(r.status(), IsOk());
  ASSERT_TRUE(r->problems.empty());
  // The replaced member cannot be replaced again.
  EXPECT_THAT(ReplacePerson(env_.reg(), kota_, actor, mine, repl, "pindah domisili").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  auto after = GetPerson(env_.reg(), kota_, r->new_person);
  ASSERT_THAT(after.status(), IsOk());
  ASSERT_EQ(after->history.size(), 1u);
  EXPECT_EQ(after->history[0].old_name, "Siti Nurhaliza");

  // One audit row, masked, seen by 32.71 and the admin, not by 32.01.
  auto rows = ReadAudit(env_.store(), kota_, ScopeOf(kota_), {});
  ASSERT_THAT(rows.status(), IsOk());
  ASSERT_EQ(rows->size(), 1u);
  const store::AuditRow& a = (*rows)[0];
  EXPECT_EQ(a.action, "person.replace");
  EXPECT_EQ(a.actor, "op.kota");
  EXPECT_EQ(a.address, "10.1.2.3");
  EXPECT_EQ(a.target, "person:" + std::to_string(mine));
  EXPECT_THAT(a.after_json, HasSubstr("pindah domisili"));
  EXPECT_THAT(a.after_json, HasSubstr(MaskNik(repl.nik)));
  EXPECT_THAT(a.after_json, Not(HasSubstr(repl.nik)));
  EXPECT_THAT(a.before_json, Not(HasSubstr("081234567890")));
  EXPECT_TRUE(nlohmann::json::accept(a.after_json));
  EXPECT_EQ(ReadAudit(env_.store(), kab_, ScopeOf(kab_), {})->size(), 0u);
  EXPECT_THAT(ReadAudit(env_.store(), kab_, Scope::Of(3271), {}).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ReadAudit(env_.store(), admin_, Scope::National(), {})->size(), 1u);
  store::AuditQuery bad;
  bad.limit = 0;
  EXPECT_THAT(ReadAudit(env_.store(), admin_, Scope::National(), bad).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "limit"));
}

TEST_F(PeopleTest, AFailedPawLeavesNoAuditRow) {
  const int64_t mine = Add(Member(kBogorTps, 1, "Siti Nurhaliza", 1));
  Person repl = Member(kBogorTps, 1, "Dewi Lestari", 9);
  repl.birth_date = Date{2015, 1, 1};  // too young: a rule problem, nothing written
  repl.nik = MakeNik(327101, repl.birth_date, repl.sex, 9);
  auto r = ReplacePerson(env_.reg(), kota_, UserActor(kota_, ""), mine, repl, "pindah domisili");
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_FALSE(r->problems.empty());
  EXPECT_EQ(ReadAudit(env_.store(), admin_, Scope::National(), {})->size(), 0u);
  EXPECT_TRUE(GetPerson(env_.reg(), kota_, mine)->person.active);
}

TEST_F(PeopleTest, ReissuingACodeIsScopedAndAudited) {
  const int64_t mine = Add(Member(kBogorTps, 1, "Siti Nurhaliza", 1));
  const int64_t theirs = Add(Member(kKabBogorTps, 1, "Siti Aminah", 2));
  EXPECT_THAT(ReissueAccessCode(env_.reg(), *auth_, kota_, UserActor(kota_, ""), theirs).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto code = ReissueAccessCode(env_.reg(), *auth_, kota_, UserActor(kota_, "10.0.0.1"), mine);
  ASSERT_THAT(code.status(), IsOk());
  EXPECT_EQ(code->size(), 10u);
  EXPECT_THAT(auth_->LoginParticipant(*code, "1990-05-17", "x").status(), IsOk());
  auto rows = ReadAudit(env_.store(), kota_, ScopeOf(kota_), {});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].action, "user.reissue_code");
  EXPECT_THAT((*rows)[0].after_json, Not(HasSubstr(*code)));
  EXPECT_EQ(ReadAudit(env_.store(), kab_, ScopeOf(kab_), {})->size(), 0u);
}

TEST(AuditJsonTest, PersonJsonMasksPersonalFields) {
  Person p;
  p.id = 7;
  p.nik = "3271015705900002";
  p.name = "Dewi";
  p.phone = "081298765432";
  p.birth_date = Date{1990, 5, 17};
  p.tps = kBogorTps;
  p.work_region = 3271011001;
  const auto j = nlohmann::json::parse(PersonAuditJson(p, true));
  EXPECT_EQ(j["nik"], "3271********0002");
  EXPECT_EQ(j["phone"], "0812****5432");
  EXPECT_EQ(j["birth_date"], "1990-**-**");
  EXPECT_EQ(j["tps"], "3271011001001");
  const Actor cli = CliActor();
  EXPECT_EQ(cli.name.rfind("cli:", 0), 0u);
  EXPECT_TRUE(cli.address.empty());
}

}  // namespace
}  // namespace bimtek::service
