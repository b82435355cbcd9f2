// The registry summary of a scope: regions per level, TPS, people per role, vacant KPPS seats.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "service/registry.h"

namespace bimtek::service {

struct RegistryStats {
  Scope scope;
  std::string scope_name;  // "Kota Bogor", "Indonesia"
  int64_t provinces = 0, kabupaten_kota = 0, kecamatan = 0, desa_kelurahan = 0;
  int64_t tps = 0;
  store::PeopleCounts people;
  int64_t vacant_kpps_positions = 0;
};

// NotFound when the scope names no region.
StatusOr<RegistryStats> ComputeStats(Registry& reg, const Scope& scope);

}  // namespace bimtek::service
