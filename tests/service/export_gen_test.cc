#include <numeric>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/export.h"
#include "service/gen.h"
#include "service/import.h"
#include "service/registry_env.h"
#include "service/stats.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::RegistryEnv;
using ::bimtek::testing::StatusIs;

constexpr const char* kKotaBogor = "32.71";

TEST(GenTest, NationalTpsTotalIs820161AndEveryDesaHasOne) {
  const Reference& ref = **DefaultReference();
  const auto per_kab = TpsPerKabupaten(ref);
  EXPECT_EQ(per_kab.size(), 514u);
  int64_t total = 0;
  for (const auto& [kab, n] : per_kab) total += n;
  EXPECT_EQ(total, kNationalTps);
  // Jawa Barat has the most TPS of any province (140,457 in 2024): ours within 10%.
  int64_t jabar = 0;
  for (const auto& [kab, n] : per_kab) {
    if (kab / 100 == 32) jabar += n;
  }
  EXPECT_NEAR(static_cast<double>(jabar), 140457.0, 14045.0);
}

TEST(GenTest, KotaBogorHasCrewsOfSevenAndTwoAndItsCommittees) {
  RegistryEnv env;
  GenOptions opts;
  opts.scope = *ParseScope(kKotaBogor);
  opts.seed = 1;
  auto sum = GenerateIntoStore(env.reg(), opts);
  ASSERT_TRUE(sum.ok()) << sum.status();
  const int64_t tps = TpsPerKabupaten(env.ref()).at(3271);
  auto s = ComputeStats(env.reg(), opts.scope);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->tps, tps);
  EXPECT_EQ(s->people.kpps, 7 * tps);
  EXPECT_EQ(s->people.linmas, 2 * tps);
  EXPECT_EQ(s->people.pps, 3 * 68);  // 68 kelurahan
  EXPECT_EQ(s->people.ppk, 5 * 6);   // 6 kecamatan
  EXPECT_EQ(s->vacant_kpps_positions, 0);
  EXPECT_EQ(s->kecamatan, 6);
  EXPECT_EQ(s->desa_kelurahan, 68);
  EXPECT_EQ(s->kabupaten_kota, 1);
  EXPECT_EQ(s->provinces, 0);  // levels above the scope are not in it
  EXPECT_EQ(sum->people, 9 * tps + 3 * 68 + 5 * 6);
  // Generating again is refused: the store has TPS there.
  EXPECT_THAT(GenerateIntoStore(env.reg(), opts).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  opts.replace = true;
  EXPECT_TRUE(GenerateIntoStore(env.reg(), opts).ok());
  EXPECT_EQ(ComputeStats(env.reg(), opts.scope)->people.kpps, 7 * tps);
}

// Generated people pass every rule of the importer: export them, import into a new store.
TEST(GenTest, GeneratedDataIsValidAndExportImportRoundTrips) {
  for (const auto format : {io::SheetFormat::kCsv, io::SheetFormat::kXlsx}) {
    RegistryEnv src;
    GenOptions opts;
    opts.scope = *ParseScope("32.71.01");  // one kecamatan keeps the test quick
    opts.seed = 5;
    ASSERT_TRUE(GenerateIntoStore(src.reg(), opts).ok());
    const std::string ext = format == io::SheetFormat::kCsv ? ".csv" : ".xlsx";
    const std::string people = src.dir().File("people" + ext);
    const std::string tps = src.dir().File("tps" + ext);
    {
      auto w = io::CreateSheet(people, format);
      ASSERT_TRUE(w.ok());
      auto n = ExportPeople(src.reg(), opts.scope, **w);
      ASSERT_TRUE(n.ok()) << n.status();
      auto wt = io::CreateSheet(tps, format);
      ASSERT_TRUE(ExportTps(src.reg(), opts.scope, **wt).ok());
    }
    RegistryEnv dst;
    auto tsheet = io::OpenSheet(tps);
    auto tr = ImportTps(dst.reg(), **tsheet, {});
    ASSERT_TRUE(tr.ok());
    EXPECT_TRUE(tr->errors.empty());
    auto psheet = io::OpenSheet(people);
    auto pr = ImportPeople(dst.reg(), **psheet, {});
    ASSERT_TRUE(pr.ok()) << pr.status();
    ASSERT_TRUE(pr->errors.empty())
        << Describe(pr->errors[0].problem, Lang::kEn) << " row " << pr->errors[0].row;
    EXPECT_TRUE(pr->warnings.empty());
    const auto a = ComputeStats(src.reg(), opts.scope);
    const auto b = ComputeStats(dst.reg(), opts.scope);
    EXPECT_EQ(a->tps, b->tps);
    EXPECT_EQ(a->people.kpps, b->people.kpps);
    EXPECT_EQ(a->people.linmas, b->people.linmas);
    EXPECT_EQ(a->people.pps, b->people.pps);
    EXPECT_EQ(a->people.ppk, b->people.ppk);
    // Export the imported store: the same bytes for CSV (same people, same order).
    if (format == io::SheetFormat::kCsv) {
      const std::string again = dst.dir().File("again.csv");
      auto w = io::CreateSheet(again, format);
      ASSERT_TRUE(ExportPeople(dst.reg(), opts.scope, **w).ok());
      EXPECT_EQ(testing::ReadFileOrDie(people), testing::ReadFileOrDie(again));
    }
    // And importing the export into its own source changes nothing.
    auto self = io::OpenSheet(people);
    auto sr = ImportPeople(src.reg(), **self, {});
    ASSERT_TRUE(sr.ok());
    EXPECT_EQ(sr->unchanged, sr->rows);
  }
}

TEST(GenTest, SameSeedSameDataAndARegionAloneEqualsItsPartOfALargerRun) {
  const Reference& ref = **DefaultReference();
  const int64_t n = TpsPerKabupaten(ref).at(3271);
  const auto whole = GenerateKabupaten(ref, 3271, n, 9, Scope::National());
  const auto again = GenerateKabupaten(ref, 3271, n, 9, Scope::National());
  const auto part = GenerateKabupaten(ref, 3271, n, 9, Scope::Of(327101));
  ASSERT_EQ(whole.people.size(), again.people.size());
  for (size_t i = 0; i < whole.people.size(); ++i) {
    ASSERT_EQ(whole.people[i].nik, again.people[i].nik);
    ASSERT_EQ(whole.people[i].name, again.people[i].name);
  }
  size_t j = 0;
  for (const auto& p : whole.people) {
    if (!Scope::Of(327101).Contains(p.work_region)) continue;
    ASSERT_LT(j, part.people.size());
    EXPECT_EQ(p.nik, part.people[j++].nik);
  }
  EXPECT_EQ(j, part.people.size());
  const auto other_seed = GenerateKabupaten(ref, 3271, n, 10, Scope::National());
  EXPECT_NE(whole.people[0].nik + whole.people[0].name,
            other_seed.people[0].nik + other_seed.people[0].name);
}

TEST(GenTest, NiksAreUniqueAndAgesWithinTheRules) {
  const Reference& ref = **DefaultReference();
  const int64_t n = TpsPerKabupaten(ref).at(3201);  // Kabupaten Bogor, one of the largest
  const auto g = GenerateKabupaten(ref, 3201, n, 3, Scope::National());
  std::set<std::string> niks;
  for (const auto& p : g.people) {
    EXPECT_TRUE(niks.insert(p.nik).second) << "duplicate NIK";
    if (p.role == Role::kKpps) {
      const int age = AgeOn(p.birth_date, ref.rules.election.voting_day);
      ASSERT_GE(age, 17);
      ASSERT_LE(age, 55);
    }
  }
  for (const auto& t : g.tps) {
    ASSERT_LE(t.dpt, 300);
    ASSERT_GT(t.dpt, 0);
  }
}

TEST(StatsTest, UnknownScopeIsNotFound) {
  RegistryEnv env;
  EXPECT_THAT(ComputeStats(env.reg(), Scope::Of(3299)).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace bimtek::service
