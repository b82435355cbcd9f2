// The NIK, Indonesia's 16-digit identity number: 6 digits of the kecamatan of registration,
// 6 of the birth date DDMMYY (day + 40 for women), 4 of a serial. See domain reference §1.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "core/person.h"
#include "core/problem.h"
#include "core/region.h"
#include "core/rules.h"

namespace bimtek {

struct NikParts {
  RegionCode kecamatan = 0;  // first 6 digits
  int day = 0;               // as written: 41–71 for women
  int month = 0;
  int yy = 0;
  int serial = 0;
};

// Splits a 16-digit NIK; nullopt if it is not exactly 16 ASCII digits.
std::optional<NikParts> SplitNik(std::string_view nik);

// Checks a NIK on its own and against the person's birth date and sex (either may be absent when
// they failed to parse). Appends problems with field "nik": nik.length, nik.digits, nik.province,
// nik.date, nik.birth_mismatch, nik.sex_mismatch (errors); nik.kecamatan_unknown (per rules).
void CheckNik(std::string_view nik, const std::optional<Date>& birth, const std::optional<Sex>& sex,
              const RegionTable& regions, const RegistryRules& rules, std::vector<Problem>& out);

// Builds a NIK (for synthetic data): kecamatan + DDMMYY (+40 for women) + serial (1..9999).
std::string MakeNik(RegionCode kecamatan, const Date& birth, Sex sex, int serial);

}  // namespace bimtek
