// Rules of the registry that are data, not code: the election and its voting day, age limits,
// how many of each role a TPS or region has. The defaults are Pemilu 2024's; data/rules.json
// (loaded by the service layer) overrides them, so a new election changes a file, not the code.
#pragma once

#include <string>

#include "base/date.h"

namespace bimtek {

enum class Severity { kError, kWarning };

struct ElectionRules {
  std::string id = "pemilu2024";
  std::string name = "Pemilu 2024";
  Date voting_day{2024, 2, 14};
};

struct RegistryRules {
  ElectionRules election;
  int kpps_min_age = 17;  // on voting day, inclusive
  int kpps_max_age = 55;
  int min_age_other_roles = 17;
  int kpps_per_tps = 7;
  int linmas_per_tps = 2;
  int pps_per_desa = 3;
  int ppk_per_kecamatan = 5;
  int max_dpt_per_tps = 300;
  // KPPS must have finished senior high school (SMA) [src]; offices have accepted less where no
  // one else applied, so the severity is data.
  Severity kpps_education_below_sma = Severity::kWarning;
  // A NIK whose first 6 digits name no current kecamatan: a warning (regions were split since).
  Severity nik_unknown_kecamatan = Severity::kWarning;
};

}  // namespace bimtek
