// Facts of the stored schema shared by every backend: the person columns in the order the
// backends read them, and the region_key that makes every scope one index range.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>

#include "core/region.h"

namespace bimtek::store {

// A region code padded to 10 digits (327101 -> 3271010000). Desa numbers start at 1001, so a
// padded kecamatan never collides with a desa.
inline int64_t RegionKey(RegionCode code) {
  int64_t k = code;
  while (k < 1000000000) k *= 10;
  return k;
}

// The range of region_key values inside a scope.
inline std::pair<int64_t, int64_t> KeyRange(const Scope& s) { return s.RangeFor(10); }

inline constexpr std::string_view kPersonCols =
    "id, role, tps, position, work_region, home_region, name, sex, education, nik_index, sealed, "
    "active";

}  // namespace bimtek::store
