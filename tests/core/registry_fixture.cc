#include "core/registry_fixture.h"

#include "base/strings.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek::testing {

const RegionTable& Regions() {
  static const RegionTable* table = [] {
    auto t = RegionTable::FromCsv(ReadFileOrDie(SourceDir() + "/data/wilayah.csv"));
    EXPECT_TRUE(t.ok()) << t.status();
    auto* out = new RegionTable(std::move(t).value());
    const std::string tz = ReadFileOrDie(SourceDir() + "/data/timezones.csv");
    for (auto line : Split(tz, '\n')) {
      const auto parts = Split(line, ',');
      if (parts.size() != 2 || parts[0] == "province") continue;
      const TimeZone zone = parts[1] == "WIB"    ? TimeZone::kWib
                            : parts[1] == "WITA" ? TimeZone::kWita
                                                 : TimeZone::kWit;
      out->SetTimeZone(*ParseRegionCode(parts[0]), zone);
    }
    return out;
  }();
  return *table;
}

}  // namespace bimtek::testing
