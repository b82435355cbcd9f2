#include "service/region_browse.h"

#include <map>

#include "base/strings.h"
#include "service/auth.h"
#include "service/stats.h"

namespace bimtek::service {

namespace {

std::string NameOf(const Registry& reg, const Scope& s) {
  if (s.national()) return "Indonesia";
  const Region* r = reg.ref.regions.Find(s.code);
  return r != nullptr ? r->name : s.ToString();
}

}  // namespace

StatusOr<std::vector<TpsStaffing>> ListDesaTps(Registry& reg, RegionCode desa) {
  if (LevelOf(desa) != RegionLevel::kDesa) {
    return absl::InvalidArgumentError(
        StrCat("region ", FormatRegionCode(desa), " is not a desa/kelurahan"));
  }
  const Scope scope = Scope::Of(desa);
  std::vector<TpsStaffing> out;
  RETURN_IF_ERROR(reg.store.ForEachTps(scope, [&](const store::TpsRow& t) {
    out.push_back({t.code, t.dpt, t.address, 0});
    return absl::OkStatus();
  }));
  std::map<TpsCode, int> filled;
  RETURN_IF_ERROR(reg.store.ForEachPerson(scope, [&](const store::PersonRow& p) {
    if (p.active && p.role == Role::kKpps && p.tps != 0) ++filled[p.tps];
    return absl::OkStatus();
  }));
  for (TpsStaffing& t : out) {
    if (auto it = filled.find(t.code); it != filled.end()) t.kpps_filled = it->second;
  }
  return out;
}

StatusOr<RegionBrowse> BrowseRegion(Registry& reg, const store::UserRow& user, const Scope& scope) {
  RETURN_IF_ERROR(CheckScope(user, scope));
  RegionBrowse b;
  b.scope = scope;
  b.national = scope.national();
  b.kpps_per_tps = reg.ref.rules.kpps_per_tps;
  if (!b.national) {
    const Region* r = reg.ref.regions.Find(scope.code);
    if (r == nullptr)
      return absl::NotFoundError(StrCat("region ", scope.ToString(), " does not exist"));
    b.name = r->name;
    b.kind = r->kind;
  } else {
    b.name = NameOf(reg, scope);
  }

  // Breadcrumb: the user's own scope, then each level below it down to this region.
  const Scope top = ScopeOf(user);
  b.breadcrumb.push_back({top, NameOf(reg, top)});
  if (!b.national) {
    const int from = top.national() ? 1 : static_cast<int>(top.level()) + 1;
    for (int level = from; level <= static_cast<int>(LevelOf(scope.code)); ++level) {
      const Scope s = Scope::Of(AncestorAt(scope.code, static_cast<RegionLevel>(level)));
      b.breadcrumb.push_back({s, NameOf(reg, s)});
    }
  }

  if (!b.national && LevelOf(scope.code) == RegionLevel::kDesa) {
    ASSIGN_OR_RETURN(b.tps, ListDesaTps(reg, scope.code));
    return b;
  }
  for (const Region* child : reg.ref.regions.Children(b.national ? 0 : scope.code)) {
    const Scope cs = Scope::Of(child->code);
    ASSIGN_OR_RETURN(const RegistryStats st, ComputeStats(reg, cs));
    b.children.push_back(
        {cs, child->name, child->kind, st.tps, st.people.kpps, st.vacant_kpps_positions});
  }
  return b;
}

}  // namespace bimtek::service
