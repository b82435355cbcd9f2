#include "core/region.h"

#include "core/registry_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek {
namespace {

using ::bimtek::testing::Regions;
using ::bimtek::testing::StatusIs;

TEST(RegionTableTest, HoldsAllOfIndonesia) {
  const RegionTable& t = Regions();
  EXPECT_EQ(t.CountAtLevel(RegionLevel::kProvince), 38u);
  EXPECT_EQ(t.CountAtLevel(RegionLevel::kKabKota), 514u);
  EXPECT_EQ(t.CountAtLevel(RegionLevel::kKecamatan), 7285u);
  EXPECT_EQ(t.CountAtLevel(RegionLevel::kDesa), 83762u);
}

TEST(RegionTableTest, DerivesLevelParentAndKind) {
  const Region* bogor = Regions().Find(3271);
  ASSERT_NE(bogor, nullptr);
  EXPECT_EQ(bogor->name, "Kota Bogor");
  EXPECT_EQ(bogor->kind, RegionKind::kKota);
  EXPECT_EQ(bogor->parent, 32);
  EXPECT_EQ(Regions().Find(3201)->kind, RegionKind::kKabupaten);
  const Region* kel = Regions().Find(3271011001);
  ASSERT_NE(kel, nullptr);
  EXPECT_EQ(kel->kind, RegionKind::kKelurahan);
  EXPECT_EQ(kel->parent, 327101);
  EXPECT_EQ(kel->level, RegionLevel::kDesa);
  ASSERT_NE(Regions().Find(3201022001), nullptr);
  EXPECT_EQ(Regions().Find(3201022001)->kind, RegionKind::kDesa);
}

TEST(RegionTableTest, EveryProvinceHasItsTimeZone) {
  EXPECT_EQ(Regions().TimeZoneOf(3271011001), TimeZone::kWib);  // Jawa Barat
  EXPECT_EQ(Regions().TimeZoneOf(5171), TimeZone::kWita);       // Bali
  EXPECT_EQ(Regions().TimeZoneOf(73), TimeZone::kWita);         // Sulawesi Selatan
  EXPECT_EQ(Regions().TimeZoneOf(9471), TimeZone::kWit);        // Papua Tengah
  EXPECT_EQ(Regions().TimeZoneOf(62), TimeZone::kWib);          // Kalimantan Tengah
  EXPECT_EQ(Regions().TimeZoneOf(63), TimeZone::kWita);         // Kalimantan Selatan
  for (const Region* p : Regions().Children(0)) {
    EXPECT_TRUE(Regions().TimeZoneOf(p->code).has_value()) << p->name;
  }
}

TEST(RegionTableTest, ChildrenAreTheLevelBelow) {
  const auto kec = Regions().Children(3271);
  ASSERT_EQ(kec.size(), 6u);
  EXPECT_EQ(kec.front()->code, 327101);
  EXPECT_EQ(Regions().Children(0).size(), 38u);
  EXPECT_TRUE(Regions().Children(3271011001).empty());
}

TEST(RegionTableTest, RejectsMalformedInput) {
  EXPECT_THAT(RegionTable::FromCsv("kode,nama\n32.71,Kota Bogor\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "no parent"));
  EXPECT_THAT(RegionTable::FromCsv("kode,nama\n32,A\n32,B\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "duplicate"));
  EXPECT_THAT(RegionTable::FromCsv("kode,nama\n3x,A\n").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "line 2"));
}

TEST(RegionCodeTest, ParsesDottedAndPlain) {
  EXPECT_EQ(*ParseRegionCode("32.71"), 3271);
  EXPECT_EQ(*ParseRegionCode("3271"), 3271);
  EXPECT_EQ(*ParseRegionCode(" 32.71.01.1001 "), 3271011001);
  EXPECT_EQ(FormatRegionCode(3271011001), "32.71.01.1001");
  EXPECT_EQ(FormatRegionCode(327101), "32.71.01");
}

TEST(RegionCodeTest, RejectsWhatIsNoCode) {
  for (const char* bad : {"", "3", "327", "32.7", "32.71.1", "32.71.01.101", "32.71.01.1001.1",
                          "abc", "03.71", "32,71"}) {
    EXPECT_THAT(ParseRegionCode(bad).status(), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(TpsCodeTest, IsTheDesaCodeAndThreeDigits) {
  const auto t = ParseTpsCode("3271011001001");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(DesaOfTps(*t), 3271011001);
  EXPECT_EQ(NumberOfTps(*t), 1);
  EXPECT_EQ(FormatTpsCode(MakeTpsCode(3271011001, 12)), "3271011001012");
  EXPECT_FALSE(ParseTpsCode("3271011001000").ok());  // TPS numbers start at 001
  EXPECT_FALSE(ParseTpsCode("327101100100").ok());
  EXPECT_FALSE(ParseTpsCode("32710110010011").ok());
}

TEST(ScopeTest, RangesCoverExactlyTheRegion) {
  const Scope bogor = *ParseScope("32.71");
  EXPECT_EQ(bogor.RangeFor(13), std::make_pair(int64_t{3271000000000}, int64_t{3271999999999}));
  EXPECT_EQ(bogor.RangeFor(10), std::make_pair(int64_t{3271000000}, int64_t{3271999999}));
  EXPECT_TRUE(bogor.Contains(3271011001001));
  EXPECT_TRUE(bogor.Contains(327101));
  EXPECT_FALSE(bogor.Contains(3201011001001));  // Kabupaten Bogor is another region
  EXPECT_FALSE(bogor.Contains(32));
  EXPECT_TRUE(ParseScope("national")->national());
  EXPECT_TRUE(ParseScope("NASIONAL")->national());
  EXPECT_EQ(ParseScope("3271")->ToString(), "32.71");
  EXPECT_FALSE(ParseScope("bogor").ok());
}

}  // namespace
}  // namespace bimtek
