// Indonesia's administrative regions by Kemendagri code: province (32), kabupaten/kota (32.71),
// kecamatan (32.71.01), desa/kelurahan (32.71.01.1001); TPS codes (desa code + 3 digits); and the
// scopes (a region or the whole country) that every query, export and permission is cut by.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace bimtek {

enum class RegionLevel : int {
  kNational = 0,
  kProvince = 1,
  kKabKota = 2,
  kKecamatan = 3,
  kDesa = 4
};
enum class RegionKind : int {
  kProvince = 0,
  kKabupaten = 1,
  kKota = 2,
  kKecamatan = 3,
  kDesa = 4,
  kKelurahan = 5,
  kDesaAdat = 6,  // customary village (4th part starting with 3)
};
enum class TimeZone : int { kWib = 7, kWita = 8, kWit = 9 };  // value = UTC offset in hours

// A region code held as its plain digits in an integer: 32, 3271, 327101, 3271011001.
// Codes never start with 0, so the number of digits tells the level.
using RegionCode = int64_t;
// A TPS code: the 10-digit desa code and a 3-digit number, 3271011001001.
using TpsCode = int64_t;

struct Region {
  RegionCode code = 0;
  RegionLevel level = RegionLevel::kProvince;
  RegionKind kind = RegionKind::kProvince;
  RegionCode parent = 0;  // 0 for provinces
  std::string name;
};

int DigitsOfLevel(RegionLevel level);  // 0, 2, 4, 6, 10
std::optional<RegionLevel> LevelOfDigits(int digits);
const char* LevelName(RegionLevel level);  // "province", "kabupaten_kota", …
const char* KindName(RegionKind kind);     // "provinsi", "kabupaten", "kota", …
const char* TimeZoneName(TimeZone tz);     // "WIB", "WITA", "WIT"

// Parses "32.71", "3271", "32.71.01.1001"; InvalidArgument for anything else (wrong part widths,
// letters, a code of no level). Does not check that the region exists.
StatusOr<RegionCode> ParseRegionCode(std::string_view text);
std::string FormatRegionCode(RegionCode code);  // dotted: "32.71.01.1001"
RegionLevel LevelOf(RegionCode code);
// The ancestor of `code` at `level` (a level above or equal to code's own).
RegionCode AncestorAt(RegionCode code, RegionLevel level);

// TPS codes.
StatusOr<TpsCode> ParseTpsCode(std::string_view text);  // 13 digits; dots and spaces allowed
std::string FormatTpsCode(TpsCode code);                // "3271011001001"
inline RegionCode DesaOfTps(TpsCode t) { return t / 1000; }
inline int NumberOfTps(TpsCode t) { return static_cast<int>(t % 1000); }
inline TpsCode MakeTpsCode(RegionCode desa, int number) { return desa * 1000 + number; }

// A scope: the whole country, or one region and everything below it. Ranges over the integer
// codes make scope filters index range scans in every backend.
struct Scope {
  RegionCode code = 0;  // 0: national
  int digits = 0;

  static Scope National() { return {}; }
  static Scope Of(RegionCode c);
  bool national() const { return digits == 0; }
  RegionLevel level() const { return *LevelOfDigits(digits); }
  // Inclusive range of codes with `target_digits` digits inside this scope.
  std::pair<int64_t, int64_t> RangeFor(int target_digits) const;
  bool Contains(RegionCode other) const;  // other of any level, or a TPS code (13 digits)
  std::string ToString() const;           // "national" or dotted code
};

// "national", or a region code: InvalidArgument with a message on anything else.
StatusOr<Scope> ParseScope(std::string_view text);

// The regions of Indonesia in memory, for validation and names. Immutable once built.
class RegionTable {
 public:
  // Rows as in wilayah.csv: code (dotted) and name; derives level, parent and kind.
  // InvalidArgument (with the line) on a malformed code, a missing parent, or a duplicate.
  static StatusOr<RegionTable> FromCsv(std::string_view csv);

  const Region* Find(RegionCode code) const;
  const std::vector<Region>& all() const { return regions_; }
  // Time zone of a region's province; nullopt for an unknown province.
  std::optional<TimeZone> TimeZoneOf(RegionCode code) const;
  void SetTimeZone(RegionCode province, TimeZone tz) { tz_[province] = tz; }
  // Children of `code` (0 = provinces), in code order.
  std::vector<const Region*> Children(RegionCode code) const;
  size_t CountAtLevel(RegionLevel level) const;

 private:
  std::vector<Region> regions_;  // sorted by code
  std::unordered_map<RegionCode, size_t> index_;
  std::unordered_map<RegionCode, TimeZone> tz_;
};

}  // namespace bimtek
