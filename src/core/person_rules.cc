#include "core/person_rules.h"

#include "core/nik.h"

namespace bimtek {

namespace {

bool NameIsPlausible(const std::string& name) {
  bool letter = false;
  for (unsigned char c : name) {
    if (c >= '0' && c <= '9') return false;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80) letter = true;
  }
  return letter;
}

void CheckRegion(RegionCode code, RegionLevel want, const char* field, const RegionTable& regions,
                 std::vector<Problem>& out) {
  const Region* r = regions.Find(code);
  if (r == nullptr) {
    out.push_back({field, "region.unknown", {FormatRegionCode(code)}});
  } else if (want != RegionLevel::kNational && r->level != want) {
    out.push_back({field, "region.level", {FormatRegionCode(code), LevelName(want)}});
  }
}

}  // namespace

void ValidatePerson(const Person& p, const PersonFacts& facts, const RegistryRules& rules,
                    const RegionTable& regions, std::vector<Problem>& out) {
  if (p.name.empty()) {
    out.push_back({"nama", "name.missing", {}});
  } else if (p.name.size() > 120 || !NameIsPlausible(p.name)) {
    out.push_back({"nama", "name.invalid", {}});
  }
  CheckNik(p.nik, facts.birth_date, facts.sex, regions, rules, out);

  if (facts.birth_date) {
    const int age = AgeOn(*facts.birth_date, rules.election.voting_day);
    if (p.role == Role::kKpps) {
      if (age < rules.kpps_min_age || age > rules.kpps_max_age) {
        out.push_back({"tanggal_lahir",
                       "age.kpps",
                       {std::to_string(age), std::to_string(rules.kpps_min_age),
                        std::to_string(rules.kpps_max_age), rules.election.name}});
      }
    } else if (age < rules.min_age_other_roles) {
      out.push_back(
          {"tanggal_lahir",
           "age.min",
           {std::to_string(age), std::to_string(rules.min_age_other_roles), rules.election.name}});
    }
  }

  switch (p.role) {
    case Role::kKpps:
    case Role::kLinmas: {
      if (p.tps == 0) {
        out.push_back({"kode_tps", "tps.missing", {RoleName(p.role)}});
      } else {
        CheckRegion(DesaOfTps(p.tps), RegionLevel::kDesa, "kode_tps", regions, out);
      }
      const int max = p.role == Role::kKpps ? rules.kpps_per_tps : rules.linmas_per_tps;
      if (p.role == Role::kKpps && p.position == 0) {
        out.push_back({"jabatan", "position.missing", {std::to_string(max)}});
      } else if (p.position < 0 || p.position > max) {
        out.push_back({"jabatan",
                       "position.range",
                       {std::to_string(p.position), RoleName(p.role), std::to_string(max)}});
      }
      if (p.role == Role::kKpps && p.education != Education::kUnknown &&
          p.education < Education::kSma) {
        out.push_back({"pendidikan",
                       "education.kpps",
                       {EducationName(p.education)},
                       rules.kpps_education_below_sma});
      }
      break;
    }
    case Role::kPps:
    case Role::kPpk:
    case Role::kFasilitator: {
      if (p.tps != 0) out.push_back({"kode_tps", "tps.not_for_role", {RoleName(p.role)}});
      if (p.work_region == 0) {
        out.push_back({"wilayah_tugas", "work_region.missing", {RoleName(p.role)}});
      } else {
        const RegionLevel want = p.role == Role::kPps   ? RegionLevel::kDesa
                                 : p.role == Role::kPpk ? RegionLevel::kKecamatan
                                                        : RegionLevel::kNational;
        CheckRegion(p.work_region, want, "wilayah_tugas", regions, out);
      }
      const int max = p.role == Role::kPps   ? rules.pps_per_desa
                      : p.role == Role::kPpk ? rules.ppk_per_kecamatan
                                             : 99;
      if (p.position < 0 || p.position > max) {
        out.push_back({"jabatan",
                       "position.range",
                       {std::to_string(p.position), RoleName(p.role), std::to_string(max)}});
      }
      break;
    }
  }
  if (p.home_region != 0) {
    CheckRegion(p.home_region, RegionLevel::kNational, "wilayah_domisili", regions, out);
  }
}

void ValidateTps(const TpsRecord& t, const RegistryRules& rules, const RegionTable& regions,
                 std::vector<Problem>& out) {
  CheckRegion(DesaOfTps(t.code), RegionLevel::kDesa, "kode_tps", regions, out);
  if (t.dpt < 0 || t.dpt > rules.max_dpt_per_tps) {
    out.push_back(
        {"dpt", "tps.dpt_range", {std::to_string(t.dpt), std::to_string(rules.max_dpt_per_tps)}});
  }
}

}  // namespace bimtek
