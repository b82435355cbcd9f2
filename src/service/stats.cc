#include "service/stats.h"

#include "base/strings.h"

namespace bimtek::service {

StatusOr<RegistryStats> ComputeStats(Registry& reg, const Scope& scope) {
  RegistryStats s;
  s.scope = scope;
  if (scope.national()) {
    s.scope_name = "Indonesia";
  } else {
    const Region* r = reg.ref.regions.Find(scope.code);
    if (r == nullptr) {
      return absl::NotFoundError(StrCat("region ", scope.ToString(), " does not exist"));
    }
    s.scope_name = r->name;
  }
  ASSIGN_OR_RETURN(s.provinces, reg.store.CountRegions(scope, RegionLevel::kProvince));
  ASSIGN_OR_RETURN(s.kabupaten_kota, reg.store.CountRegions(scope, RegionLevel::kKabKota));
  ASSIGN_OR_RETURN(s.kecamatan, reg.store.CountRegions(scope, RegionLevel::kKecamatan));
  ASSIGN_OR_RETURN(s.desa_kelurahan, reg.store.CountRegions(scope, RegionLevel::kDesa));
  ASSIGN_OR_RETURN(s.tps, reg.store.CountTps(scope));
  ASSIGN_OR_RETURN(s.people, reg.store.CountPeople(scope));
  ASSIGN_OR_RETURN(s.vacant_kpps_positions,
                   reg.store.CountVacantKpps(scope, reg.ref.rules.kpps_per_tps));
  return s;
}

}  // namespace bimtek::service
