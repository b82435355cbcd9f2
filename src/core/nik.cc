#include "core/nik.h"

#include "base/strings.h"
#include "fmt/format.h"

namespace bimtek {

std::optional<NikParts> SplitNik(std::string_view nik) {
  if (nik.size() != 16 || !IsAllDigits(nik)) return std::nullopt;
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (nik[i] - '0');
    return v;
  };
  NikParts p;
  p.kecamatan = num(0, 6);
  p.day = num(6, 2);
  p.month = num(8, 2);
  p.yy = num(10, 2);
  p.serial = num(12, 4);
  return p;
}

void CheckNik(std::string_view nik, const std::optional<Date>& birth, const std::optional<Sex>& sex,
              const RegionTable& regions, const RegistryRules& rules, std::vector<Problem>& out) {
  auto add = [&](const char* code, std::vector<std::string> args = {},
                 Severity sev = Severity::kError) {
    out.push_back(Problem{"nik", code, std::move(args), sev});
  };
  if (nik.empty()) {
    add("nik.missing");
    return;
  }
  if (!IsAllDigits(nik)) {
    add("nik.digits");
    return;
  }
  if (nik.size() != 16) {
    add("nik.length", {std::to_string(nik.size())});
    return;
  }
  const NikParts p = *SplitNik(nik);
  const RegionCode province = p.kecamatan / 10000;
  if (regions.Find(province) == nullptr) {
    add("nik.province", {fmt::format("{:02d}", province)});
  }
  const bool female = p.day > 40;
  const int day = female ? p.day - 40 : p.day;
  // The century is not written: the date part is real if it is a date in 19YY or 20YY.
  const bool real =
      IsValidDate(1900 + p.yy, p.month, day) || IsValidDate(2000 + p.yy, p.month, day);
  if (!real || (p.day > 31 && p.day < 41) || p.day > 71) {
    add("nik.date", {std::string(nik.substr(6, 6))});
    return;
  }
  if (birth && (birth->day != day || birth->month != p.month || birth->year % 100 != p.yy)) {
    add("nik.birth_mismatch");
  }
  if (sex && (*sex == Sex::kFemale) != female) {
    add("nik.sex_mismatch", {female ? "P" : "L", SexCode(*sex)});
  }
  if (regions.Find(province) != nullptr && regions.Find(p.kecamatan) == nullptr) {
    add("nik.kecamatan_unknown", {FormatRegionCode(p.kecamatan)}, rules.nik_unknown_kecamatan);
  }
}

std::string MakeNik(RegionCode kecamatan, const Date& birth, Sex sex, int serial) {
  const int day = birth.day + (sex == Sex::kFemale ? 40 : 0);
  return fmt::format("{:06d}{:02d}{:02d}{:02d}{:04d}", kecamatan, day, birth.month,
                     birth.year % 100, serial);
}

}  // namespace bimtek
