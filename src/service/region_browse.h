// The region browser's use case: one region as a signed-in user sees it — its breadcrumb from
// the user's scope down, its child regions with registry counts, and for a desa/kelurahan its
// TPS with how many KPPS seats are filled. The scope check happens here, before any read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/region.h"
#include "service/registry.h"
#include "store/accounts.h"

namespace bimtek::service {

struct RegionCrumb {
  Scope scope;
  std::string name;  // "Indonesia" for the national scope
};

struct ChildRegion {
  Scope scope;
  std::string name;
  RegionKind kind = RegionKind::kProvince;
  int64_t tps = 0;
  int64_t kpps = 0;  // KPPS members registered in the child
  int64_t vacant_kpps_positions = 0;
};

struct TpsStaffing {
  TpsCode code = 0;
  int dpt = 0;
  std::string address;
  int kpps_filled = 0;  // active KPPS members at this TPS
};

struct RegionBrowse {
  Scope scope;
  std::string name;
  bool national = false;
  RegionKind kind = RegionKind::kProvince;  // meaningless when national
  std::vector<RegionCrumb> breadcrumb;      // from the user's scope down to this region, inclusive
  std::vector<ChildRegion> children;        // in code order; empty for a desa/kelurahan
  std::vector<TpsStaffing> tps;             // only for a desa/kelurahan, in code order
  int kpps_per_tps = 0;                     // seats per TPS (the registry rules)
};

// What `user` sees of `scope`. PermissionDenied (before any store read) when the user may not
// see the scope; NotFound when it names no region; store errors as they come. Counts children
// with one ComputeStats each, so it is meant for one region's children (at most a few dozen),
// not for bulk use. Uses reg.store; one thread at a time, like the store.
StatusOr<RegionBrowse> BrowseRegion(Registry& reg, const store::UserRow& user, const Scope& scope);

// The TPS of one desa/kelurahan with their filled KPPS seats, in code order. InvalidArgument
// when `desa` is not a desa/kelurahan code.
StatusOr<std::vector<TpsStaffing>> ListDesaTps(Registry& reg, RegionCode desa);

}  // namespace bimtek::service
