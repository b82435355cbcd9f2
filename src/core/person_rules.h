// The registry's rules for one person on their own (domain reference §1; issue 2 item 5):
// NIK, age on voting day, role and position, regions. Rules that need the store (an unknown
// TPS, a NIK serving elsewhere, a position held by someone else) are the import service's.
#pragma once

#include <optional>
#include <vector>

#include "core/person.h"
#include "core/problem.h"
#include "core/region.h"
#include "core/rules.h"

namespace bimtek {

// What parsing could establish about each field; absent fields already have a problem.
struct PersonFacts {
  std::optional<Date> birth_date;
  std::optional<Sex> sex;
};

// Appends every problem of `p` to `out`. `facts` says which of sex and birth date were read
// (a field that failed to parse is not checked again). Thread-safe: reads only its inputs.
void ValidatePerson(const Person& p, const PersonFacts& facts, const RegistryRules& rules,
                    const RegionTable& regions, std::vector<Problem>& out);

// Checks a TPS record: its desa exists, a number 1..999, DPT 0..max.
struct TpsRecord {
  TpsCode code = 0;
  int dpt = 0;
  std::string address;
};
void ValidateTps(const TpsRecord& t, const RegistryRules& rules, const RegionTable& regions,
                 std::vector<Problem>& out);

inline bool HasErrors(const std::vector<Problem>& ps) {
  for (const auto& p : ps) {
    if (p.severity == Severity::kError) return true;
  }
  return false;
}

}  // namespace bimtek
