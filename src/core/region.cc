#include "core/region.h"

#include <algorithm>
#include <charconv>

#include "base/strings.h"
#include "fmt/format.h"

namespace bimtek {

namespace {
constexpr int64_t kPow10[] = {1,           10,           100,           1000,          10000,
                              100000,      1000000,      10000000,      100000000,     1000000000,
                              10000000000, 100000000000, 1000000000000, 10000000000000};

int CountDigits(int64_t v) {
  int d = 0;
  while (v > 0) {
    ++d;
    v /= 10;
  }
  return d;
}

// Splits a CSV line "code,name" or "code,\"name, with comma\"".
bool SplitCodeName(std::string_view line, std::string_view& code, std::string& name) {
  const auto comma = line.find(',');
  if (comma == std::string_view::npos) return false;
  code = line.substr(0, comma);
  std::string_view rest = line.substr(comma + 1);
  name.clear();
  if (!rest.empty() && rest.front() == '"') {
    for (size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] == '"') {
        if (i + 1 < rest.size() && rest[i + 1] == '"') {
          name.push_back('"');
          ++i;
        } else {
          break;
        }
      } else {
        name.push_back(rest[i]);
      }
    }
  } else {
    name.assign(rest);
  }
  return true;
}
}  // namespace

int DigitsOfLevel(RegionLevel level) {
  switch (level) {
    case RegionLevel::kNational:
      return 0;
    case RegionLevel::kProvince:
      return 2;
    case RegionLevel::kKabKota:
      return 4;
    case RegionLevel::kKecamatan:
      return 6;
    case RegionLevel::kDesa:
      return 10;
  }
  return 0;
}

std::optional<RegionLevel> LevelOfDigits(int digits) {
  switch (digits) {
    case 0:
      return RegionLevel::kNational;
    case 2:
      return RegionLevel::kProvince;
    case 4:
      return RegionLevel::kKabKota;
    case 6:
      return RegionLevel::kKecamatan;
    case 10:
      return RegionLevel::kDesa;
    default:
      return std::nullopt;
  }
}

const char* LevelName(RegionLevel level) {
  switch (level) {
    case RegionLevel::kNational:
      return "national";
    case RegionLevel::kProvince:
      return "province";
    case RegionLevel::kKabKota:
      return "kabupaten_kota";
    case RegionLevel::kKecamatan:
      return "kecamatan";
    case RegionLevel::kDesa:
      return "desa_kelurahan";
  }
  return "?";
}

const char* KindName(RegionKind kind) {
  switch (kind) {
    case RegionKind::kProvince:
      return "provinsi";
    case RegionKind::kKabupaten:
      return "kabupaten";
    case RegionKind::kKota:
      return "kota";
    case RegionKind::kKecamatan:
      return "kecamatan";
    case RegionKind::kDesa:
      return "desa";
    case RegionKind::kKelurahan:
      return "kelurahan";
    case RegionKind::kDesaAdat:
      return "desa_adat";
  }
  return "?";
}

const char* TimeZoneName(TimeZone tz) {
  switch (tz) {
    case TimeZone::kWib:
      return "WIB";
    case TimeZone::kWita:
      return "WITA";
    case TimeZone::kWit:
      return "WIT";
  }
  return "?";
}

StatusOr<RegionCode> ParseRegionCode(std::string_view text) {
  const std::string_view t = Trim(text);
  static constexpr size_t kWidths[] = {2, 2, 2, 4};
  std::string digits;
  if (t.find('.') != std::string_view::npos) {
    const auto parts = Split(t, '.');
    if (parts.size() > 4) {
      return absl::InvalidArgumentError(StrCat("region code '", t, "' has too many parts"));
    }
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].size() != kWidths[i] || !IsAllDigits(parts[i])) {
        return absl::InvalidArgumentError(
            StrCat("region code '", t, "': part ", i + 1, " must be ", kWidths[i],
                   " digits (e.g. 32, 32.71, 32.71.01, 32.71.01.1001)"));
      }
      digits.append(parts[i]);
    }
  } else {
    digits.assign(t);
  }
  if (!IsAllDigits(digits) || !LevelOfDigits(static_cast<int>(digits.size())) || digits.empty() ||
      digits[0] == '0') {
    return absl::InvalidArgumentError(StrCat(
        "'", t, "' is not a region code (expected 2, 4, 6 or 10 digits, e.g. 32.71 or 3271)"));
  }
  RegionCode code = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), code);
  return code;
}

RegionLevel LevelOf(RegionCode code) {
  return LevelOfDigits(CountDigits(code)).value_or(RegionLevel::kNational);
}

std::string FormatRegionCode(RegionCode code) {
  const std::string d = std::to_string(code);
  switch (d.size()) {
    case 2:
      return d;
    case 4:
      return d.substr(0, 2) + "." + d.substr(2, 2);
    case 6:
      return d.substr(0, 2) + "." + d.substr(2, 2) + "." + d.substr(4, 2);
    case 10:
      return d.substr(0, 2) + "." + d.substr(2, 2) + "." + d.substr(4, 2) + "." + d.substr(6, 4);
    default:
      return d;
  }
}

RegionCode AncestorAt(RegionCode code, RegionLevel level) {
  const int have = CountDigits(code);
  const int want = DigitsOfLevel(level);
  if (want >= have) return code;
  return code / kPow10[have - want];
}

StatusOr<TpsCode> ParseTpsCode(std::string_view text) {
  std::string digits;
  for (char c : Trim(text)) {
    if (c == '.' || c == ' ') continue;
    digits.push_back(c);
  }
  if (digits.size() != 13 || !IsAllDigits(digits) || digits[0] == '0') {
    return absl::InvalidArgumentError(
        StrCat("'", Trim(text),
               "' is not a TPS code (13 digits: the desa code and the TPS number, "
               "e.g. 3271011001001)"));
  }
  TpsCode code = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), code);
  if (NumberOfTps(code) == 0) {
    return absl::InvalidArgumentError(StrCat("TPS code '", digits, "': TPS numbers start at 001"));
  }
  return code;
}

std::string FormatTpsCode(TpsCode code) { return std::to_string(code); }

Scope Scope::Of(RegionCode c) { return Scope{c, CountDigits(c)}; }

std::pair<int64_t, int64_t> Scope::RangeFor(int target_digits) const {
  if (national()) return {kPow10[target_digits - 1], kPow10[target_digits] - 1};
  if (target_digits < digits)
    return {code / kPow10[digits - target_digits], code / kPow10[digits - target_digits]};
  const int64_t f = kPow10[target_digits - digits];
  return {code * f, (code + 1) * f - 1};
}

bool Scope::Contains(RegionCode other) const {
  if (national()) return true;
  const int d = CountDigits(other);
  if (d < digits) return false;
  return other / kPow10[d - digits] == code;
}

std::string Scope::ToString() const { return national() ? "national" : FormatRegionCode(code); }

StatusOr<Scope> ParseScope(std::string_view text) {
  const std::string lower = ToLowerAscii(Trim(text));
  if (lower == "national" || lower == "nasional") return Scope::National();
  ASSIGN_OR_RETURN(RegionCode code, ParseRegionCode(text));
  return Scope::Of(code);
}

StatusOr<RegionTable> RegionTable::FromCsv(std::string_view csv) {
  RegionTable t;
  size_t line_no = 0;
  std::string name;
  while (!csv.empty()) {
    const auto nl = csv.find('\n');
    std::string_view line = csv.substr(0, nl);
    csv = nl == std::string_view::npos ? std::string_view{} : csv.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || (line_no == 1 && line.starts_with("kode"))) continue;
    std::string_view code_text;
    if (!SplitCodeName(line, code_text, name)) {
      return absl::InvalidArgumentError(StrCat("regions line ", line_no, ": no comma"));
    }
    auto code = ParseRegionCode(code_text);
    if (!code.ok()) {
      return absl::InvalidArgumentError(
          StrCat("regions line ", line_no, ": ", code.status().message()));
    }
    Region r;
    r.code = *code;
    r.level = LevelOf(r.code);
    r.name = name;
    switch (r.level) {
      case RegionLevel::kProvince:
        r.kind = RegionKind::kProvince;
        break;
      case RegionLevel::kKabKota:
        r.kind = name.starts_with("Kota") ? RegionKind::kKota : RegionKind::kKabupaten;
        break;
      case RegionLevel::kKecamatan:
        r.kind = RegionKind::kKecamatan;
        break;
      case RegionLevel::kDesa: {
        const int first = static_cast<int>((r.code % 10000) / 1000);
        r.kind = first == 1   ? RegionKind::kKelurahan
                 : first == 3 ? RegionKind::kDesaAdat
                              : RegionKind::kDesa;
        break;
      }
      case RegionLevel::kNational:
        break;
    }
    r.parent = r.level == RegionLevel::kProvince
                   ? 0
                   : AncestorAt(r.code, static_cast<RegionLevel>(static_cast<int>(r.level) - 1));
    t.regions_.push_back(std::move(r));
  }
  std::sort(t.regions_.begin(), t.regions_.end(),
            [](const Region& a, const Region& b) { return a.code < b.code; });
  t.index_.reserve(t.regions_.size());
  for (size_t i = 0; i < t.regions_.size(); ++i) {
    if (!t.index_.emplace(t.regions_[i].code, i).second) {
      return absl::InvalidArgumentError(
          StrCat("regions: duplicate code ", FormatRegionCode(t.regions_[i].code)));
    }
  }
  for (const Region& r : t.regions_) {
    if (r.parent != 0 && !t.index_.contains(r.parent)) {
      return absl::InvalidArgumentError(StrCat("regions: ", FormatRegionCode(r.code),
                                               " has no parent ", FormatRegionCode(r.parent)));
    }
  }
  return t;
}

const Region* RegionTable::Find(RegionCode code) const {
  const auto it = index_.find(code);
  return it == index_.end() ? nullptr : &regions_[it->second];
}

std::optional<TimeZone> RegionTable::TimeZoneOf(RegionCode code) const {
  const auto it = tz_.find(AncestorAt(code, RegionLevel::kProvince));
  if (it == tz_.end()) return std::nullopt;
  return it->second;
}

std::vector<const Region*> RegionTable::Children(RegionCode code) const {
  std::vector<const Region*> out;
  if (code == 0) {
    for (const Region& r : regions_) {
      if (r.level == RegionLevel::kProvince) out.push_back(&r);
    }
    return out;
  }
  const Region* self = Find(code);
  if (self == nullptr || self->level == RegionLevel::kDesa) return out;
  const Scope s = Scope::Of(code);
  const int child_digits =
      DigitsOfLevel(static_cast<RegionLevel>(static_cast<int>(self->level) + 1));
  const auto [lo, hi] = s.RangeFor(child_digits);
  auto it = std::lower_bound(regions_.begin(), regions_.end(), lo,
                             [](const Region& r, int64_t v) { return r.code < v; });
  for (; it != regions_.end() && it->code <= hi; ++it) out.push_back(&*it);
  return out;
}

size_t RegionTable::CountAtLevel(RegionLevel level) const {
  return static_cast<size_t>(std::count_if(regions_.begin(), regions_.end(),
                                           [&](const Region& r) { return r.level == level; }));
}

}  // namespace bimtek
