// One suite, every backend: the registry store behaves the same on SQLite and PostgreSQL.
// The postgresql cases read BIMTEK_TEST_PG_URL (scripts/with-postgres.sh sets it); without it
// they are skipped, unless BIMTEK_REQUIRE_PG=1, when they fail. Each case uses its own schema.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "store/postgres/migrations.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_store.h"
#include "store/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::RunCommand;
using ::bimtek::testing::StatusIs;
using ::bimtek::testing::TempDir;
using ::testing::ElementsAre;

std::string PgUrl() {
  const char* url = std::getenv("BIMTEK_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

bool PgRequired() {
  const char* r = std::getenv("BIMTEK_REQUIRE_PG");
  return r != nullptr && std::string(r) == "1";
}

// A schema name no other test process uses at the same time.
std::string FreshSchema(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(++n);
}

void DropSchema(const std::string& schema) {
  auto conn = pg::Conn::Connect(PgUrl());
  ASSERT_THAT(conn.status(), IsOk());
  ASSERT_THAT(conn->Script("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE"), IsOk());
}

// Two provinces, enough levels below 32 to tell scopes apart.
const std::vector<Region>& TestRegions() {
  static const auto* r = new std::vector<Region>{
      {31, RegionLevel::kProvince, RegionKind::kProvince, 0, "DKI JAKARTA"},
      {32, RegionLevel::kProvince, RegionKind::kProvince, 0, "JAWA BARAT"},
      {3171, RegionLevel::kKabKota, RegionKind::kKota, 31, "KOTA JAKARTA SELATAN"},
      {3271, RegionLevel::kKabKota, RegionKind::kKota, 32, "KOTA BOGOR"},
      {317101, RegionLevel::kKecamatan, RegionKind::kKecamatan, 3171, "KEBAYORAN BARU"},
      {327101, RegionLevel::kKecamatan, RegionKind::kKecamatan, 3271, "BOGOR SELATAN"},
      {327102, RegionLevel::kKecamatan, RegionKind::kKecamatan, 3271, "BOGOR TIMUR"},
      {3171011001, RegionLevel::kDesa, RegionKind::kKelurahan, 317101, "SELONG"},
      {3271011001, RegionLevel::kDesa, RegionKind::kKelurahan, 327101, "BATUTULIS"},
      {3271011002, RegionLevel::kDesa, RegionKind::kKelurahan, 327101, "BONDONGAN"},
      {3271021001, RegionLevel::kDesa, RegionKind::kKelurahan, 327102, "SINDANGSARI"},
  };
  return *r;
}

constexpr TpsCode kTpsA1 = 3271011001001, kTpsA2 = 3271011001002, kTpsB1 = 3271011002001,
                  kTpsC1 = 3271021001001, kTpsJ1 = 3171011001001;

// A blind index of 16 bytes with a zero byte and high bytes, as real ones have.
std::string Nik(int n) {
  std::string s(16, '\0');
  s[0] = static_cast<char>(0xff);
  s[1] = static_cast<char>(n & 0xff);
  s[2] = static_cast<char>((n >> 8) & 0xff);
  s[15] = '\\';
  return s;
}

// Sealed bytes with every character COPY's text format must escape.
std::string Sealed(int n) {
  std::string s("\0\t\n\r\\x", 6);
  s += std::to_string(n);
  return s;
}

PersonRow Person(Role role, int64_t tps, int position, RegionCode work, int nik) {
  PersonRow p;
  p.role = role;
  p.tps = tps;
  p.position = position;
  p.work_region = work;
  p.home_region = work;
  p.name = "Siti\tNur\\";
  p.name += std::to_string(nik);
  p.sex = nik % 2 ? Sex::kFemale : Sex::kMale;
  p.education = Education::kSma;
  p.nik_index = Nik(nik);
  p.sealed = Sealed(nik);
  return p;
}

PersonRow Kpps(TpsCode tps, int position, int nik) {
  return Person(Role::kKpps, tps, position, tps / 1000, nik);
}

void ExpectSamePerson(const PersonRow& got, const PersonRow& want) {
  EXPECT_EQ(got.role, want.role);
  EXPECT_EQ(got.tps, want.tps);
  EXPECT_EQ(got.position, want.position);
  EXPECT_EQ(got.work_region, want.work_region);
  EXPECT_EQ(got.home_region, want.home_region);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.sex, want.sex);
  EXPECT_EQ(got.education, want.education);
  EXPECT_EQ(got.nik_index, want.nik_index);
  EXPECT_EQ(got.sealed, want.sealed);
  EXPECT_EQ(got.active, want.active);
}

class StoreConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      if (PgUrl().empty()) {
        if (PgRequired()) {
          FAIL() << "BIMTEK_REQUIRE_PG=1 but BIMTEK_TEST_PG_URL is not set";
        }
        GTEST_SKIP() << "PostgreSQL case skipped: BIMTEK_TEST_PG_URL is not set (run under "
                        "scripts/with-postgres.sh)";
      }
      schema_ = FreshSchema("conf");
    }
    auto s = Open();
    ASSERT_THAT(s.status(), IsOk());
    store_ = std::move(*s);
  }

  void TearDown() override {
    store_.reset();
    if (!schema_.empty()) DropSchema(schema_);
  }

  // Opens another Store object on the same database.
  StatusOr<std::unique_ptr<Store>> Open() {
    if (GetParam() == "sqlite") return OpenSqliteStore(dir_.File("t.db"), TestRegions());
    return OpenPostgresStore(
        PgUrl() + (PgUrl().find('?') == std::string::npos ? "?" : "&") + "schema=" + schema_,
        TestRegions());
  }

  // Commits one transaction that inserts `people`; returns their ids.
  std::vector<int64_t> Insert(const std::vector<PersonRow>& people, bool bulk = false) {
    std::vector<int64_t> ids;
    auto txn = store_->Begin(bulk);
    EXPECT_THAT(txn.status(), IsOk());
    if (!txn.ok()) return ids;
    for (const auto& p : people) {
      auto id = (*txn)->InsertPerson(p);
      EXPECT_THAT(id.status(), IsOk());
      if (id.ok()) ids.push_back(*id);
    }
    EXPECT_THAT((*txn)->Commit(), IsOk());
    return ids;
  }

  void PutTps(const std::vector<TpsRow>& tps) {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    for (const auto& t : tps) ASSERT_THAT((*txn)->PutTps(t), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }

  std::vector<int64_t> PersonIds(const Scope& scope) {
    std::vector<int64_t> ids;
    EXPECT_THAT(store_->ForEachPerson(scope,
                                      [&](const PersonRow& p) {
                                        ids.push_back(p.id);
                                        return absl::OkStatus();
                                      }),
                IsOk());
    return ids;
  }

  TempDir dir_;
  std::string schema_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformanceTest, NamesItsBackend) { EXPECT_EQ(store_->backend(), GetParam()); }

TEST_P(StoreConformanceTest, MetaIsSetReplacedAndRead) {
  EXPECT_EQ(*store_->GetMeta("key_check"), std::nullopt);
  ASSERT_THAT(store_->SetMeta("key_check", "a"), IsOk());
  ASSERT_THAT(store_->SetMeta("key_check", "b"), IsOk());
  EXPECT_EQ(*store_->GetMeta("key_check"), "b");
}

TEST_P(StoreConformanceTest, RegionsAreLoadedOnceAndCountedByScope) {
  auto again = Open();  // a second open of a seeded store loads nothing more
  ASSERT_THAT(again.status(), IsOk());
  auto all = (*again)->ListRegions();
  ASSERT_THAT(all.status(), IsOk());
  ASSERT_EQ(all->size(), TestRegions().size());
  EXPECT_EQ((*all)[0].code, 31);
  EXPECT_EQ(all->back().code, 3271021001);
  EXPECT_EQ(all->back().name, "SINDANGSARI");
  EXPECT_EQ(all->back().kind, RegionKind::kKelurahan);
  EXPECT_EQ(all->back().parent, 327102);
  EXPECT_EQ(*store_->CountRegions(Scope::National(), RegionLevel::kProvince), 2);
  EXPECT_EQ(*store_->CountRegions(Scope::National(), RegionLevel::kDesa), 4);
  EXPECT_EQ(*store_->CountRegions(Scope::Of(32), RegionLevel::kDesa), 3);
  EXPECT_EQ(*store_->CountRegions(Scope::Of(3271), RegionLevel::kKecamatan), 2);
  EXPECT_EQ(*store_->CountRegions(Scope::Of(327101), RegionLevel::kDesa), 2);
  EXPECT_EQ(*store_->CountRegions(Scope::Of(327101), RegionLevel::kProvince), 0);  // above
}

TEST_P(StoreConformanceTest, TpsAreUpsertedFoundCountedAndStreamedInCodeOrder) {
  PutTps({{kTpsB1, 200, "Jl. B"}, {kTpsA2, 150, ""}, {kTpsA1, 100, "Jl.\tA"}, {kTpsJ1, 90, "J"}});
  PutTps({{kTpsA1, 120, "Jl. A baru"}});
  auto a1 = store_->FindTps(kTpsA1);
  ASSERT_THAT(a1.status(), IsOk());
  ASSERT_TRUE(a1->has_value());
  EXPECT_EQ((*a1)->dpt, 120);
  EXPECT_EQ((*a1)->address, "Jl. A baru");
  EXPECT_EQ(*store_->FindTps(kTpsC1), std::nullopt);
  EXPECT_EQ(*store_->CountTps(Scope::National()), 4);
  EXPECT_EQ(*store_->CountTps(Scope::Of(32)), 3);
  EXPECT_EQ(*store_->CountTps(Scope::Of(3271011001)), 2);
  std::vector<TpsCode> codes;
  ASSERT_THAT(store_->ForEachTps(Scope::Of(32),
                                 [&](const TpsRow& t) {
                                   codes.push_back(t.code);
                                   return absl::OkStatus();
                                 }),
              IsOk());
  EXPECT_THAT(codes, ElementsAre(kTpsA1, kTpsA2, kTpsB1));
  // An error from the callback stops the stream and comes back unchanged.
  int seen = 0;
  EXPECT_THAT(store_->ForEachTps(Scope::National(),
                                 [&](const TpsRow&) {
                                   ++seen;
                                   return absl::InvalidArgumentError("stop");
                                 }),
              StatusIs(absl::StatusCode::kInvalidArgument, "stop"));
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(*store_->CountTps(Scope::National()), 4);  // the store is still usable
}

TEST_P(StoreConformanceTest, PeopleAreFoundByNikIndexSeatAndPlace) {
  PutTps({{kTpsA1, 100, ""}, {kTpsA2, 100, ""}});
  const PersonRow k1 = Kpps(kTpsA1, 1, 1), k2 = Kpps(kTpsA1, 2, 2);
  const PersonRow linmas = Person(Role::kLinmas, kTpsA1, 1, 3271011001, 3);
  const PersonRow pps = Person(Role::kPps, 0, 1, 3271011001, 4);
  const PersonRow ppk = Person(Role::kPpk, 0, 1, 327101, 5);
  const auto ids = Insert({k2, k1, linmas, pps, ppk});
  ASSERT_EQ(ids.size(), 5u);

  auto by_nik = store_->FindPersonByNikIndex(Nik(1));
  ASSERT_THAT(by_nik.status(), IsOk());
  ASSERT_TRUE(by_nik->has_value());
  EXPECT_EQ((*by_nik)->id, ids[1]);
  ExpectSamePerson(**by_nik, k1);
  EXPECT_EQ(*store_->FindPersonByNikIndex(Nik(99)), std::nullopt);

  auto seat = store_->FindKpps(kTpsA1, 2);
  ASSERT_TRUE(seat.ok() && seat->has_value());
  EXPECT_EQ((*seat)->id, ids[0]);
  EXPECT_EQ(*store_->FindKpps(kTpsA1, 3), std::nullopt);

  auto at_tps = store_->PeopleAt(Role::kKpps, kTpsA1);
  ASSERT_THAT(at_tps.status(), IsOk());
  ASSERT_EQ(at_tps->size(), 2u);
  EXPECT_EQ((*at_tps)[0].position, 1);  // by position
  EXPECT_EQ((*at_tps)[1].position, 2);
  EXPECT_EQ(store_->PeopleAt(Role::kLinmas, kTpsA1)->size(), 1u);
  auto at_desa = store_->PeopleAt(Role::kPps, 3271011001);
  ASSERT_EQ(at_desa->size(), 1u);
  ExpectSamePerson((*at_desa)[0], pps);
  EXPECT_EQ(store_->PeopleAt(Role::kPpk, 327101)->size(), 1u);
  EXPECT_EQ(store_->PeopleAt(Role::kPpk, 327102)->size(), 0u);

  auto c = store_->CountPeople(Scope::Of(3271011001));
  ASSERT_THAT(c.status(), IsOk());
  EXPECT_EQ(c->kpps, 2);
  EXPECT_EQ(c->linmas, 1);
  EXPECT_EQ(c->pps, 1);
  EXPECT_EQ(c->ppk, 0);  // the kecamatan's PPK are outside a desa scope
  EXPECT_EQ(store_->CountPeople(Scope::Of(327101))->ppk, 1);
  EXPECT_EQ(store_->CountPeople(Scope::Of(31))->kpps, 0);
  // 2 TPS x 7 seats, 2 filled.
  EXPECT_EQ(*store_->CountVacantKpps(Scope::Of(3271011001), 7), 12);
  EXPECT_EQ(*store_->CountVacantKpps(Scope::Of(3271011001), 1), 1);
}

TEST_P(StoreConformanceTest, ForEachPersonStreamsByRegionRoleTpsPositionOnlyActive) {
  PersonRow gone = Kpps(kTpsA1, 3, 7);
  gone.active = false;
  const auto ids = Insert({Kpps(kTpsB1, 1, 1), Kpps(kTpsA2, 2, 2), Kpps(kTpsA1, 2, 3),
                           Person(Role::kPps, 0, 1, 3271011001, 4), Kpps(kTpsA1, 1, 5),
                           Person(Role::kPpk, 0, 1, 327101, 6), gone, Kpps(kTpsJ1, 1, 8)});
  ASSERT_EQ(ids.size(), 8u);
  // The kecamatan's PPK (region key 3271010000) first, then desa 1001 by role, TPS, position.
  EXPECT_THAT(PersonIds(Scope::Of(32)),
              ElementsAre(ids[5], ids[4], ids[2], ids[1], ids[3], ids[0]));
  EXPECT_THAT(PersonIds(Scope::Of(3271011002)), ElementsAre(ids[0]));
  EXPECT_EQ(PersonIds(Scope::National()).size(), 7u);
}

TEST_P(StoreConformanceTest, AnActiveKppsSeatAndANikIndexAreUnique) {
  const auto ids = Insert({Kpps(kTpsA1, 1, 1)});
  ASSERT_EQ(ids.size(), 1u);
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    EXPECT_THAT((*txn)->InsertPerson(Kpps(kTpsA1, 1, 2)).status(),
                StatusIs(absl::StatusCode::kAlreadyExists));
  }
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    EXPECT_THAT((*txn)->InsertPerson(Kpps(kTpsA2, 1, 1)).status(),
                StatusIs(absl::StatusCode::kAlreadyExists));
  }
  // A replaced (inactive) person no longer holds the seat.
  PersonRow old = **store_->FindKpps(kTpsA1, 1);
  old.active = false;
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->UpdatePerson(old), IsOk());
    auto id = (*txn)->InsertPerson(Kpps(kTpsA1, 1, 2));
    ASSERT_THAT(id.status(), IsOk());
    ASSERT_THAT((*txn)->AddReplacement({kTpsA1, 1, old.id, *id, "sakit", 1700000000}), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  EXPECT_EQ((**store_->FindKpps(kTpsA1, 1)).nik_index, Nik(2));
  EXPECT_EQ(store_->CountPeople(Scope::National())->kpps, 1);
}

TEST_P(StoreConformanceTest, ATransactionDestroyedWithoutCommitLeavesNothing) {
  for (bool bulk : {false, true}) {
    {
      auto txn = store_->Begin(bulk);
      ASSERT_THAT(txn.status(), IsOk());
      ASSERT_THAT((*txn)->PutTps({kTpsA1, 100, ""}), IsOk());
      ASSERT_THAT((*txn)->InsertPerson(Kpps(kTpsA1, 1, 1)).status(), IsOk());
      ASSERT_THAT((*txn)->DeleteTpsIn(Scope::National()), IsOk());  // flushes a bulk buffer
      ASSERT_THAT((*txn)->PutTps({kTpsA2, 100, ""}), IsOk());
    }
    EXPECT_EQ(*store_->CountTps(Scope::National()), 0) << "bulk " << bulk;
    EXPECT_EQ(store_->CountPeople(Scope::National())->kpps, 0) << "bulk " << bulk;
    EXPECT_EQ(*store_->FindPersonByNikIndex(Nik(1)), std::nullopt);
  }
  // The store takes a new transaction afterwards.
  EXPECT_EQ(Insert({Kpps(kTpsA1, 1, 1)}).size(), 1u);
}

TEST_P(StoreConformanceTest, ABulkLoadIntoAnEmptyTableKeepsEveryRowAndItsId) {
  constexpr int kTps = 3000;  // more than one COPY chunk of people (7 per TPS)
  std::vector<PersonRow> people;
  std::vector<int64_t> ids;
  {
    auto txn = store_->Begin(/*bulk=*/true);
    ASSERT_THAT(txn.status(), IsOk());
    for (int t = 1; t <= kTps; ++t) {
      const TpsCode code = 3271011001000 + t;
      std::string address = "Jl.\t";
      address += std::to_string(t);
      ASSERT_THAT((*txn)->PutTps({code, t, address}), IsOk());
      for (int pos = 1; pos <= 7; ++pos) {
        people.push_back(Kpps(code, pos, t * 10 + pos));
        auto id = (*txn)->InsertPerson(people.back());
        ASSERT_THAT(id.status(), IsOk());
        ids.push_back(*id);
      }
    }
    ASSERT_THAT((*txn)->PutTps({3271011001001, 5, "again"}), IsOk());  // last one wins
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  EXPECT_EQ(*store_->CountTps(Scope::National()), kTps);
  EXPECT_EQ((**store_->FindTps(3271011001001)).address, "again");
  EXPECT_EQ((**store_->FindTps(3271011001002)).address, "Jl.\t2");
  EXPECT_EQ(store_->CountPeople(Scope::National())->kpps, 7 * kTps);
  EXPECT_EQ(*store_->CountVacantKpps(Scope::National(), 7), 0);
  for (size_t i : {size_t{0}, size_t{12345}, people.size() - 1}) {
    auto p = store_->FindPersonByNikIndex(people[i].nik_index);
    ASSERT_TRUE(p.ok() && p->has_value());
    EXPECT_EQ((*p)->id, ids[i]);
    ExpectSamePerson(**p, people[i]);
  }
  // A duplicate in a bulk load fails it as a whole.
  {
    auto txn = store_->Begin(/*bulk=*/true);
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->InsertPerson(Kpps(kTpsC1, 1, 1)).status(), IsOk());
    Status s = (*txn)->InsertPerson(Kpps(kTpsC1, 2, 11)).status();  // NIK of an earlier one
    if (s.ok()) s = (*txn)->Commit();
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists));
  }
  EXPECT_EQ(store_->CountPeople(Scope::National())->kpps, 7 * kTps);
  EXPECT_EQ(*store_->FindKpps(kTpsC1, 1), std::nullopt);
}

TEST_P(StoreConformanceTest, RewriteSealedIsAllOrNothing) {
  PersonRow gone = Kpps(kTpsA1, 2, 3);
  gone.active = false;
  const auto ids = Insert({Kpps(kTpsA1, 1, 1), Kpps(kTpsA2, 1, 2), gone});
  ASSERT_EQ(ids.size(), 3u);
  ASSERT_THAT(store_->SetMeta("key_check", "old"), IsOk());

  // A failure part way leaves every row and the key check as they were.
  int calls = 0;
  EXPECT_THAT(store_->RewriteSealed(
                  [&](PersonRow& p) -> Status {
                    if (++calls == 2) return absl::InternalError("seal failed");
                    p.nik_index = Nik(100 + static_cast<int>(p.id));
                    return absl::OkStatus();
                  },
                  "new"),
              StatusIs(absl::StatusCode::kInternal, "seal failed"));
  EXPECT_EQ(*store_->GetMeta("key_check"), "old");
  EXPECT_TRUE(store_->FindPersonByNikIndex(Nik(1))->has_value());

  // Two people given the same new index: the rotation fails as a whole. (PostgreSQL says
  // AlreadyExists; SQLite's Exec path reports the index rebuild's failure as Internal.)
  EXPECT_FALSE(store_
                   ->RewriteSealed(
                       [&](PersonRow& p) -> Status {
                         p.nik_index = Nik(500);
                         return absl::OkStatus();
                       },
                       "new")
                   .ok());
  EXPECT_EQ(*store_->GetMeta("key_check"), "old");
  EXPECT_TRUE(store_->FindPersonByNikIndex(Nik(2))->has_value());

  // Success: every person, the inactive one too.
  std::vector<int64_t> seen;
  ASSERT_THAT(store_->RewriteSealed(
                  [&](PersonRow& p) -> Status {
                    seen.push_back(p.id);
                    p.nik_index = Nik(1000 + static_cast<int>(p.id));
                    p.sealed = Sealed(2000 + static_cast<int>(p.id));
                    return absl::OkStatus();
                  },
                  "new"),
              IsOk());
  EXPECT_THAT(seen, ElementsAre(ids[0], ids[1], ids[2]));
  EXPECT_EQ(*store_->GetMeta("key_check"), "new");
  EXPECT_EQ(*store_->FindPersonByNikIndex(Nik(1)), std::nullopt);
  auto p = store_->FindPersonByNikIndex(Nik(1000 + static_cast<int>(ids[2])));
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->sealed, Sealed(2000 + static_cast<int>(ids[2])));
  EXPECT_FALSE((*p)->active);
  // The NIK index is unique again afterwards.
  auto txn = store_->Begin();
  ASSERT_THAT(txn.status(), IsOk());
  EXPECT_THAT((*txn)->InsertPerson(Kpps(kTpsB1, 1, 1000 + static_cast<int>(ids[0]))).status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_P(StoreConformanceTest, DeletesTakeOnlyTheScopeAndItsReplacements) {
  PutTps({{kTpsA1, 1, ""}, {kTpsB1, 1, ""}, {kTpsJ1, 1, ""}});
  PersonRow old_a = Kpps(kTpsA1, 1, 1);
  old_a.active = false;
  const auto ids = Insert({old_a, Kpps(kTpsA1, 1, 2), Kpps(kTpsB1, 1, 3), Kpps(kTpsJ1, 1, 4),
                           Person(Role::kPpk, 0, 1, 327101, 5)});
  ASSERT_EQ(ids.size(), 5u);
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->AddReplacement({kTpsA1, 1, ids[0], ids[1], "pindah", 1700000000}), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  auto reps = store_->ListReplacements(Scope::Of(32));
  ASSERT_THAT(reps.status(), IsOk());
  ASSERT_EQ(reps->size(), 1u);
  EXPECT_EQ((*reps)[0].old_person, ids[0]);
  EXPECT_EQ((*reps)[0].new_person, ids[1]);
  EXPECT_EQ((*reps)[0].reason, "pindah");
  EXPECT_EQ((*reps)[0].at_unix, 1700000000);
  EXPECT_TRUE(store_->ListReplacements(Scope::Of(31))->empty());
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->DeletePeopleIn(Scope::Of(3271011001)), IsOk());
    ASSERT_THAT((*txn)->DeleteTpsIn(Scope::Of(3271011001)), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  EXPECT_TRUE(store_->ListReplacements(Scope::National())->empty());
  EXPECT_EQ(*store_->CountTps(Scope::National()), 2);
  EXPECT_EQ(*store_->FindTps(kTpsA1), std::nullopt);
  const auto counts = store_->CountPeople(Scope::National());
  EXPECT_EQ(counts->kpps, 2);  // B1 and J1
  EXPECT_EQ(counts->ppk, 1);   // the kecamatan is wider than the desa
  EXPECT_EQ(*store_->FindPersonByNikIndex(Nik(1)), std::nullopt);  // inactive ones go too
}

// Ids of a search page, in the order returned.
std::vector<int64_t> Ids(const PeoplePage& page) {
  std::vector<int64_t> ids;
  for (const auto& p : page.people) ids.push_back(p.id);
  return ids;
}

PersonRow Named(PersonRow p, std::string name) {
  p.name = std::move(name);
  return p;
}

TEST_P(StoreConformanceTest, PeopleAreSearchedByAnyWordPrefixInScopeWithFilters) {
  PutTps({{kTpsA1, 100, ""}, {kTpsB1, 100, ""}, {kTpsJ1, 100, ""}});
  PersonRow retired = Named(Kpps(kTpsA1, 3, 5), "Siti Rahmawati");
  retired.active = false;
  const auto ids = Insert({
      Named(Kpps(kTpsA1, 1, 1), "SITI Nurhaliza"),                             // 0
      Named(Kpps(kTpsB1, 1, 2), "Ahmad Sitorus"),                              // 1
      Named(Person(Role::kLinmas, kTpsA1, 1, 3271011001, 3), "Ma'ruf Amin"),  // 2
      Named(Kpps(kTpsJ1, 1, 4), "Siti Aminah"),                                // 3 (Jakarta)
      retired,                                                                 // 4
      Named(Person(Role::kPpk, 0, 1, 327101, 6), "Budi Siti-Santoso"),        // 5
  });
  ASSERT_EQ(ids.size(), 6u);
  auto search = [&](const Scope& scope, PeopleQuery q) {
    auto r = store_->SearchPeople(scope, q);
    EXPECT_THAT(r.status(), IsOk());
    return r.ok() ? *r : PeoplePage{};
  };
  PeopleQuery sit;
  sit.words = {"sit"};
  // Kota Bogor: every "sit…" word, case-insensitive, each person once (Budi Siti-Santoso has one
  // matching word, "Siti Sitorus"-like names would have two); ordered by region then id.
  PeoplePage bogor = search(Scope::Of(3271), sit);
  EXPECT_EQ(bogor.total, 4);
  EXPECT_THAT(Ids(bogor), ElementsAre(ids[5], ids[0], ids[4], ids[1]));
  // The Jakarta Siti is outside 32.71; national finds her too.
  EXPECT_EQ(search(Scope::Of(31), sit).total, 1);
  EXPECT_EQ(search(Scope::National(), sit).total, 5);
  // Filters.
  PeopleQuery active = sit;
  active.active = true;
  EXPECT_EQ(search(Scope::Of(3271), active).total, 3);
  active.active = false;
  EXPECT_THAT(Ids(search(Scope::Of(3271), active)), ElementsAre(ids[4]));
  PeopleQuery kpps = sit;
  kpps.role = Role::kKpps;
  EXPECT_EQ(search(Scope::Of(3271), kpps).total, 3);
  PeopleQuery at_tps = sit;
  at_tps.tps = kTpsB1;
  EXPECT_THAT(Ids(search(Scope::Of(3271), at_tps)), ElementsAre(ids[1]));
  // Several words: all must match; a word in the middle of a token does not.
  PeopleQuery two;
  two.words = {"amin", "siti"};
  EXPECT_THAT(Ids(search(Scope::National(), two)), ElementsAre(ids[3]));
  PeopleQuery middle;
  middle.words = {"urhal"};
  EXPECT_EQ(search(Scope::National(), middle).total, 0);
  PeopleQuery maruf;
  maruf.words = {"maruf"};
  EXPECT_THAT(Ids(search(Scope::National(), maruf)), ElementsAre(ids[2]));
  // Paging keeps the total.
  PeopleQuery paged = sit;
  paged.limit = 2;
  paged.offset = 2;
  PeoplePage p2 = search(Scope::Of(3271), paged);
  EXPECT_EQ(p2.total, 4);
  EXPECT_THAT(Ids(p2), ElementsAre(ids[4], ids[1]));
  // Without words: everyone in scope by region, role, TPS, position.
  PeopleQuery all;
  EXPECT_EQ(search(Scope::Of(3271011001), all).total, 3);
  all.active = true;
  all.role = Role::kKpps;
  EXPECT_THAT(Ids(search(Scope::Of(32), all)), ElementsAre(ids[0], ids[1]));
  // A renamed person is found by the new name only; a moved one in the new place.
  auto found = store_->FindPerson(ids[1]);
  ASSERT_THAT(found.status(), IsOk());
  ASSERT_TRUE(found->has_value());
  PersonRow renamed = **found;
  renamed.name = "Ahmad Wijaya";
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->UpdatePerson(renamed), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  EXPECT_EQ(search(Scope::Of(3271), sit).total, 3);
  PeopleQuery wij;
  wij.words = {"wij"};
  EXPECT_THAT(Ids(search(Scope::Of(3271), wij)), ElementsAre(ids[1]));
  EXPECT_EQ(*store_->FindPerson(999999), std::nullopt);
  // Deleting a scope removes its names.
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->DeletePeopleIn(Scope::Of(3271)), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  EXPECT_EQ(search(Scope::National(), sit).total, 1);
}

TEST_P(StoreConformanceTest, ABulkLoadIndexesNames) {
  const auto ids = Insert({Named(Kpps(kTpsA1, 1, 1), "Dewi Lestari"),
                           Named(Kpps(kTpsA1, 2, 2), "Lestari Putri")},
                          /*bulk=*/true);
  ASSERT_EQ(ids.size(), 2u);
  PeopleQuery q;
  q.words = {"les"};
  auto r = store_->SearchPeople(Scope::Of(3271), q);
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_EQ(r->total, 2);
  EXPECT_THAT(Ids(*r), ElementsAre(ids[0], ids[1]));
}

AuditRow Audit(std::string actor, std::string action, RegionCode region) {
  AuditRow a;
  a.at_unix_ms = 1700000000123;
  a.actor = std::move(actor);
  a.address = "10.0.0.1";
  a.action = std::move(action);
  a.target = "person:1";
  a.region = region;
  a.before_json = R"({"nik":"3271********0001"})";
  a.after_json = "{\"name\":\"Siti\ttab\"}";
  return a;
}

TEST_P(StoreConformanceTest, AuditRowsAreScopedNewestFirstFilteredAndPaged) {
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->AddAudit(Audit("op3271", "person.replace", 3271011001)), IsOk());
    ASSERT_THAT((*txn)->AddAudit(Audit("op3171", "import.people", 3171)), IsOk());
    ASSERT_THAT((*txn)->AddAudit(Audit("admin", "keys.rotate", 0)), IsOk());
    ASSERT_THAT((*txn)->AddAudit(Audit("op3271", "import.tps", kTpsA1)), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  auto list = [&](const Scope& scope, AuditQuery q) {
    auto r = store_->ListAudit(scope, q);
    EXPECT_THAT(r.status(), IsOk());
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& a : *r) out.push_back(a.action);
    }
    return out;
  };
  EXPECT_THAT(list(Scope::National(), {}),
              ElementsAre("import.tps", "keys.rotate", "import.people", "person.replace"));
  EXPECT_THAT(list(Scope::Of(3271), {}), ElementsAre("import.tps", "person.replace"));
  EXPECT_THAT(list(Scope::Of(327102), {}), ElementsAre());
  EXPECT_THAT(list(Scope::Of(31), {}), ElementsAre("import.people"));
  AuditQuery imports;
  imports.action_prefix = "import.";
  EXPECT_THAT(list(Scope::National(), imports), ElementsAre("import.tps", "import.people"));
  AuditQuery by_actor;
  by_actor.actor = "op3271";
  EXPECT_THAT(list(Scope::National(), by_actor), ElementsAre("import.tps", "person.replace"));
  // Paging: limit, then before the last id seen.
  AuditQuery first;
  first.limit = 2;
  auto page1 = store_->ListAudit(Scope::National(), first);
  ASSERT_THAT(page1.status(), IsOk());
  ASSERT_EQ(page1->size(), 2u);
  EXPECT_GT((*page1)[0].id, (*page1)[1].id);
  AuditQuery next;
  next.before_id = (*page1)[1].id;
  EXPECT_THAT(list(Scope::National(), next), ElementsAre("import.people", "person.replace"));
  const AuditRow want = Audit("op3271", "person.replace", 3271011001);
  // Every field comes back as written (the oldest row of 32.71.01: the person.replace one; the
  // newer import.tps row's TPS region counts as its desa, inside 32.71.01 too).
  auto in_kecamatan = store_->ListAudit(Scope::Of(327101), {});
  ASSERT_THAT(in_kecamatan.status(), IsOk());
  ASSERT_EQ(in_kecamatan->size(), 2u);
  EXPECT_EQ(in_kecamatan->front().region, kTpsA1);
  const AuditRow got = in_kecamatan->back();
  EXPECT_EQ(got.action, want.action);
  EXPECT_EQ(got.at_unix_ms, want.at_unix_ms);
  EXPECT_EQ(got.actor, want.actor);
  EXPECT_EQ(got.address, want.address);
  EXPECT_EQ(got.target, want.target);
  EXPECT_EQ(got.region, want.region);
  EXPECT_EQ(got.before_json, want.before_json);
  EXPECT_EQ(got.after_json, want.after_json);
}

TEST_P(StoreConformanceTest, AnAuditRowRollsBackWithItsTransaction) {
  {
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->AddAudit(Audit("op", "person.replace", 3271)), IsOk());
  }  // destroyed without Commit
  auto r = store_->ListAudit(Scope::National(), {});
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_TRUE(r->empty());
}

// A NIK serves at one place in the whole country: on PostgreSQL people are partitioned by
// province (migration 9) and the global table people_ids keeps the NIK unique across them.
TEST_P(StoreConformanceTest, ANikServingInOneProvinceIsRefusedInAnother) {
  const auto ids = Insert({Kpps(kTpsA1, 1, 1), Kpps(kTpsJ1, 1, 2)});  // Jawa Barat, DKI Jakarta
  ASSERT_EQ(ids.size(), 2u);
  for (bool bulk : {false, true}) {
    auto txn = store_->Begin(bulk);
    ASSERT_THAT(txn.status(), IsOk());
    Status s = (*txn)->InsertPerson(Kpps(kTpsJ1, 2, 1)).status();
    if (s.ok()) s = (*txn)->Commit();
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists)) << (bulk ? "bulk" : "row by row");
  }
  // Nor can an update give a person a NIK that serves in another province.
  PersonRow jakarta = **store_->FindKpps(kTpsJ1, 1);
  {
    PersonRow clash = jakarta;
    clash.nik_index = Nik(1);
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    EXPECT_THAT((*txn)->UpdatePerson(clash), StatusIs(absl::StatusCode::kAlreadyExists));
  }
  // A person who moves to another province is found there, under the same id and NIK.
  {
    PersonRow moved = jakarta;
    moved.tps = kTpsA2;
    moved.work_region = kTpsA2 / 1000;
    auto txn = store_->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    ASSERT_THAT((*txn)->UpdatePerson(moved), IsOk());
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  EXPECT_EQ(store_->CountPeople(Scope::Of(31))->kpps, 0);
  EXPECT_EQ(store_->CountPeople(Scope::Of(32))->kpps, 2);
  auto found = store_->FindPersonByNikIndex(Nik(2));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, ids[1]);
  EXPECT_EQ((*found)->tps, kTpsA2);
  EXPECT_EQ((**store_->FindPerson(ids[1])).tps, kTpsA2);
  // Its old seat in Jakarta is free again.
  EXPECT_EQ(Insert({Kpps(kTpsJ1, 1, 3)}).size(), 1u);
}

// PostgreSQL only: each person and TPS row lies in its province's partition, and the global
// index holds one row per person.
TEST_P(StoreConformanceTest, PostgresqlKeepsEachProvinceInItsOwnPartition) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "partitions are PostgreSQL's";
  PutTps({{kTpsA1, 200, ""}, {kTpsJ1, 210, ""}});
  Insert({Kpps(kTpsA1, 1, 1), Kpps(kTpsA1, 2, 2), Kpps(kTpsJ1, 1, 3)});
  Insert({Kpps(kTpsA2, 1, 4), Kpps(kTpsJ1, 2, 5)}, /*bulk=*/true);
  auto conn = pg::Conn::Connect(PgUrl());
  ASSERT_THAT(conn.status(), IsOk());
  ASSERT_THAT(conn->Script("SET search_path = \"" + schema_ + "\""), IsOk());
  auto where = [&](const std::string& table) {
    std::vector<std::string> out;
    auto r = conn->Exec("SELECT tableoid::regclass::text || ':' || count(*) FROM " + table +
                        " GROUP BY tableoid ORDER BY 1");
    EXPECT_THAT(r.status(), IsOk());
    if (r.ok()) {
      for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->Text(i, 0));
    }
    return out;
  };
  EXPECT_THAT(where("people"), ElementsAre("people_p31:2", "people_p32:3"));
  EXPECT_THAT(where("tps"), ElementsAre("tps_p31:1", "tps_p32:1"));
  EXPECT_THAT(where("people_ids"), ElementsAre("people_ids:5"));
}

// PostgreSQL migration 9 on a store that already holds people: they move into their provinces'
// partitions with their ids, the NIK stays unique across the country, new ids continue after
// the old ones, and foreign keys to people now point at people_ids.
TEST(StorePostgresMigrationTest, Migration9PartitionsAStoreThatHoldsPeople) {
  if (PgUrl().empty()) {
    if (PgRequired()) FAIL() << "BIMTEK_REQUIRE_PG=1 but BIMTEK_TEST_PG_URL is not set";
    GTEST_SKIP() << "needs BIMTEK_TEST_PG_URL (scripts/with-postgres.sh)";
  }
  const std::string schema = FreshSchema("m9");
  {
    auto conn = pg::Conn::Connect(PgUrl());
    ASSERT_THAT(conn.status(), IsOk());
    ASSERT_THAT(conn->Script("CREATE SCHEMA \"" + schema + "\"; SET search_path = \"" + schema +
                             "\"; CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, "
                             "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL "
                             "DEFAULT now())"),
                IsOk());
    // The schema as a Bimtek before migration 9 left it.
    for (const pg::Migration& m : pg::Migrations()) {
      if (m.version >= 9) continue;
      ASSERT_THAT(conn->Script(m.sql), IsOk()) << "migration " << m.version;
      ASSERT_THAT(conn->Exec("INSERT INTO schema_migrations(version, description) VALUES($1, $2)",
                             {pg::Param::Int(m.version), pg::Param::Text(m.description)})
                      .status(),
                  IsOk());
    }
    const std::vector<PersonRow> old = {Kpps(kTpsA1, 1, 1), Kpps(kTpsA2, 1, 2), Kpps(kTpsJ1, 1, 3)};
    for (size_t i = 0; i < old.size(); ++i) {
      const PersonRow& p = old[i];
      ASSERT_THAT(conn->Exec("INSERT INTO people(id, role, tps, position, work_region, "
                             "region_key, home_region, name, sex, education, nik_index, sealed, "
                             "updated_at) VALUES($1, 1, $2, $3, $4, $5, $4, $6, 1, 1, $7, $8, 0)",
                             {pg::Param::Int(static_cast<int64_t>(100 + i)), pg::Param::Int(p.tps),
                              pg::Param::Int(p.position), pg::Param::Int(p.work_region),
                              pg::Param::Int(RegionKey(p.work_region)), pg::Param::Text(p.name),
                              pg::Param::Bytes(p.nik_index), pg::Param::Bytes(p.sealed)})
                      .status(),
                  IsOk());
    }
    ASSERT_THAT(conn->Script("SELECT setval(pg_get_serial_sequence('people', 'id'), 150); "
                             "INSERT INTO tps(code, dpt) VALUES(3271011001001, 200), "
                             "(3171011001001, 210); "
                             "INSERT INTO replacements(tps, position, old_person, new_person, "
                             "reason, at) VALUES(3271011001001, 1, 100, 101, 'sakit', 0); "
                             "INSERT INTO users(username, role, scope, display_name, person_id, "
                             "created_at) VALUES('kpps-100', 7, 3271011001001, 'Siti', 100, 0)"),
                IsOk());
  }
  auto store = OpenPostgresStore(
      PgUrl() + (PgUrl().find('?') == std::string::npos ? "?" : "&") + "schema=" + schema,
      TestRegions());
  ASSERT_THAT(store.status(), IsOk());
  auto found = (*store)->FindPersonByNikIndex(Nik(3));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, 102);
  EXPECT_EQ((*found)->tps, kTpsJ1);
  EXPECT_EQ((*store)->CountPeople(Scope::Of(32))->kpps, 2);
  EXPECT_EQ(*(*store)->CountTps(Scope::National()), 2);
  {
    auto txn = (*store)->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    EXPECT_THAT((*txn)->InsertPerson(Kpps(kTpsJ1, 2, 1)).status(),
                StatusIs(absl::StatusCode::kAlreadyExists));
  }
  {
    auto txn = (*store)->Begin();
    ASSERT_THAT(txn.status(), IsOk());
    auto id = (*txn)->InsertPerson(Kpps(kTpsJ1, 2, 4));
    ASSERT_THAT(id.status(), IsOk());
    EXPECT_GT(*id, 150);
    ASSERT_THAT((*txn)->Commit(), IsOk());
  }
  auto conn = pg::Conn::Connect(PgUrl());
  ASSERT_THAT(conn.status(), IsOk());
  ASSERT_THAT(conn->Script("SET search_path = \"" + schema + "\""), IsOk());
  auto parts = conn->Exec(
      "SELECT string_agg(t || ':' || n, ' ' ORDER BY t) FROM (SELECT tableoid::regclass::text t, "
      "count(*) n FROM people GROUP BY 1) x");
  ASSERT_THAT(parts.status(), IsOk());
  EXPECT_EQ(parts->Text(0, 0), "people_p31:2 people_p32:2");
  auto fks = conn->Exec(
      "SELECT string_agg(conrelid::regclass::text || '->' || confrelid::regclass::text, ' ' "
      "ORDER BY 1) FROM pg_constraint WHERE contype = 'f' AND confrelid IN "
      "('people_ids'::regclass) AND conrelid IN ('replacements'::regclass, 'users'::regclass)");
  ASSERT_THAT(fks.status(), IsOk());
  EXPECT_EQ(fks->Text(0, 0), "replacements->people_ids replacements->people_ids users->people_ids");
  store->reset();
  DropSchema(schema);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// The program on PostgreSQL: gen then stats --json give the numbers they give on SQLite.
TEST(StoreCliTest, GenThenStatsOnPostgresqlMatchSqlite) {
  if (PgUrl().empty()) {
    if (PgRequired()) FAIL() << "BIMTEK_REQUIRE_PG=1 but BIMTEK_TEST_PG_URL is not set";
    GTEST_SKIP() << "PostgreSQL case skipped: BIMTEK_TEST_PG_URL is not set (run under "
                    "scripts/with-postgres.sh)";
  }
  TempDir dir;
  const std::string schema = FreshSchema("cli");
  const std::string pg_db = "'" + PgUrl() + (PgUrl().find('?') == std::string::npos ? "?" : "&") +
                            "schema=" + schema + "'";
  auto run = [&](const std::string& db, const std::string& args, std::string* out) {
    return RunCommand("cd " + dir.path() + " && BIMTEK_KEY_FILE=" + dir.File("k") + " " +
                          std::string(BIMTEK_BINARY) + " --db " + db + " " + args,
                      out);
  };
  std::string ignored;
  for (const std::string& db : {std::string("t.db"), pg_db}) {
    ASSERT_EQ(run(db, "gen --scope 32.71.01.1001 --seed 1", &ignored), 0) << db;
  }
  for (const char* scope : {"32.71.01.1001", "32.71", "national"}) {
    std::string on_sqlite, on_pg;
    ASSERT_EQ(run("t.db", std::string("stats --json --scope ") + scope, &on_sqlite), 0);
    ASSERT_EQ(run(pg_db, std::string("stats --json --scope ") + scope, &on_pg), 0);
    const auto a = nlohmann::json::parse(on_sqlite), b = nlohmann::json::parse(on_pg);
    EXPECT_EQ(a, b) << scope;
    EXPECT_GT(b["tps"].get<int>(), 0) << scope;
  }
  DropSchema(schema);
}

}  // namespace
}  // namespace bimtek::store
