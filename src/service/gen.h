// Synthetic registry data for a region or the whole country, deterministic from a seed: TPS per
// kabupaten/kota in proportion to population (820,161 nationally), each with 7 KPPS and 2 Linmas,
// 3 PPS per desa and 5 PPK per kecamatan, with plausible names by region, valid NIKs, ages 17–55
// on voting day and Indonesian mobile numbers. Each kabupaten/kota has its own random stream, so
// a region generated alone is identical to the same region in a national run.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "base/status.h"
#include "core/person.h"
#include "io/sheet.h"
#include "service/registry.h"

namespace bimtek::service {

inline constexpr int64_t kNationalTps = 820161;

// TPS per kabupaten/kota for the national total: proportional to population, at least one per
// desa/kelurahan, summing exactly to `total`.
std::map<RegionCode, int64_t> TpsPerKabupaten(const Reference& ref, int64_t total = kNationalTps);

struct GeneratedKab {
  RegionCode kab = 0;
  std::vector<store::TpsRow> tps;
  std::vector<Person> people;
};

// Generates one kabupaten/kota, keeping only what lies in `scope`.
GeneratedKab GenerateKabupaten(const Reference& ref, RegionCode kab, int64_t tps_count,
                               uint64_t seed, const Scope& scope);

struct GenSummary {
  int64_t tps = 0;
  int64_t people = 0;
};

struct GenOptions {
  Scope scope;
  uint64_t seed = 1;
  bool replace = false;  // delete what the store has in scope first
  int threads = 2;       // generator threads (the caller's thread writes)
};

// Writes into the store in one transaction. FailedPrecondition when the store already has TPS
// in scope and `replace` is false; NotFound for a scope that names no region.
StatusOr<GenSummary> GenerateIntoStore(Registry& reg, const GenOptions& options);

// Writes files in the import layout: people to `people`, TPS to `tps`.
StatusOr<GenSummary> GenerateIntoFiles(const Reference& ref, const GenOptions& options,
                                       io::SheetWriter& people, io::SheetWriter& tps);

}  // namespace bimtek::service
