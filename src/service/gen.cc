#include "service/gen.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <future>
#include <unordered_map>

#include "base/rng.h"
#include "base/strings.h"
#include "core/nik.h"
#include "service/import.h"

namespace bimtek::service {

namespace {

// Largest-remainder rounding of non-negative real shares to integers summing to `total`.
std::vector<int64_t> Apportion(const std::vector<double>& shares, int64_t total) {
  std::vector<int64_t> out(shares.size());
  double sum = 0;
  for (double s : shares) sum += s;
  if (sum <= 0) return out;
  std::vector<std::pair<double, size_t>> rem;
  int64_t given = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    const double exact = shares[i] / sum * static_cast<double>(total);
    out[i] = static_cast<int64_t>(std::floor(exact));
    given += out[i];
    rem.push_back({exact - std::floor(exact), i});
  }
  std::sort(rem.begin(), rem.end(), [](auto& a, auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; given < total && k < rem.size(); ++k, ++given) ++out[rem[k].second];
  return out;
}

constexpr const char* kPhonePrefixes[] = {"0811", "0812", "0813", "0821", "0822", "0823", "0851",
                                          "0852", "0853", "0855", "0856", "0857", "0858", "0877",
                                          "0878", "0881", "0882", "0895", "0896", "0897", "0898"};
constexpr const char* kStreets[] = {
    "Merdeka", "Sudirman", "Diponegoro", "Pahlawan", "Kartini", "Veteran", "Pemuda",    "Masjid",
    "Pasar",   "Raya",     "Melati",     "Mawar",    "Kenanga", "Cempaka", "Flamboyan", "Anggrek"};
constexpr const char* kPlaces[] = {"Balai Desa",  "Halaman SD Negeri",  "Gedung Serbaguna",
                                   "Lapangan",    "Pos Ronda",          "Halaman Masjid",
                                   "Aula Kantor", "Halaman Rumah Warga"};

class PersonMaker {
 public:
  PersonMaker(const Reference& ref, Rng& rng, RegionCode kab)
      : ref_(ref), rng_(rng), voting_day_(ref.rules.election.voting_day) {
    const auto it = ref.name_group_of_province.find(AncestorAt(kab, RegionLevel::kProvince));
    group_ = &ref.name_groups[it == ref.name_group_of_province.end() ? 0 : it->second];
    for (const Region* kec : ref.regions.Children(kab)) kecamatan_.push_back(kec->code);
  }

  Person Make(Role role, RegionCode desa, int min_age, int max_age) {
    Person p;
    p.role = role;
    p.sex = rng_.Below(100) < 45 ? Sex::kFemale : Sex::kMale;
    p.name = Name(p.sex);
    // Ages lean young-to-middle, as crews do: the mean of two uniforms.
    const double u = (rng_.Unit() + rng_.Unit()) / 2;
    const int age = min_age + static_cast<int>(u * (max_age - min_age + 1));
    const Date anchor{voting_day_.year - std::min(age, max_age), voting_day_.month,
                      std::min(voting_day_.day, 28)};
    p.birth_date = CivilFromDays(DaysFromCivil(anchor) - rng_.Below(364));
    if (AgeOn(p.birth_date, voting_day_) < min_age)
      p.birth_date = CivilFromDays(DaysFromCivil(anchor) - 1);
    // Registered in the kecamatan of their desa, now and then in another of the same kab.
    RegionCode kec = AncestorAt(desa, RegionLevel::kKecamatan);
    if (!kecamatan_.empty() && rng_.Below(100) < 8)
      kec = kecamatan_[rng_.Below(static_cast<uint32_t>(kecamatan_.size()))];
    const int64_t date_key = kec * 1000000 + p.birth_date.day * 10000 + p.birth_date.month * 100 +
                             p.birth_date.year % 100 + (p.sex == Sex::kFemale ? 400000 : 0);
    const int serial = ++serials_[date_key];
    p.nik = MakeNik(kec, p.birth_date, p.sex, serial);
    p.phone = StrCat(kPhonePrefixes[rng_.Below(std::size(kPhonePrefixes))],
                     10000000 + rng_.Below(90000000));
    p.education = Education(role);
    p.home_region = desa;
    return p;
  }

 private:
  std::string Name(Sex sex) {
    const auto& given = sex == Sex::kMale ? group_->male : group_->female;
    std::string name = given[rng_.Below(static_cast<uint32_t>(given.size()))];
    if (!group_->second.empty() && rng_.Below(100) < 85) {
      name += " " + group_->second[rng_.Below(static_cast<uint32_t>(group_->second.size()))];
    }
    if (!group_->family.empty()) {
      name += " " + group_->family[rng_.Below(static_cast<uint32_t>(group_->family.size()))];
    }
    return name;
  }

  bimtek::Education Education(Role role) {
    const uint32_t r = rng_.Below(100);
    switch (role) {
      case Role::kLinmas:
        return r < 10 ? Education::kSd : r < 35 ? Education::kSmp : Education::kSma;
      case Role::kKpps:
        return r < 55   ? Education::kSma
               : r < 62 ? Education::kD3
               : r < 95 ? Education::kS1
                        : Education::kS2;
      default:
        return r < 35   ? Education::kSma
               : r < 45 ? Education::kD3
               : r < 95 ? Education::kS1
                        : Education::kS2;
    }
  }

  const Reference& ref_;
  Rng& rng_;
  Date voting_day_;
  const NameGroup* group_;
  std::vector<RegionCode> kecamatan_;
  std::unordered_map<int64_t, int> serials_;
};

}  // namespace

std::map<RegionCode, int64_t> TpsPerKabupaten(const Reference& ref, int64_t total) {
  std::vector<RegionCode> kabs;
  std::vector<double> pop;
  std::vector<int64_t> desa;
  for (const Region& r : ref.regions.all()) {
    if (r.level != RegionLevel::kKabKota) continue;
    kabs.push_back(r.code);
    const auto it = ref.population.find(r.code);
    pop.push_back(it == ref.population.end() ? 0.0 : static_cast<double>(it->second));
    const auto [lo, hi] = Scope::Of(r.code).RangeFor(10);
    int64_t n = 0;
    for (const Region* kec : ref.regions.Children(r.code))
      n += static_cast<int64_t>(ref.regions.Children(kec->code).size());
    (void)lo;
    (void)hi;
    desa.push_back(n);
  }
  // Kabupaten whose population share gives fewer TPS than desa get one per desa; the rest share
  // what remains by population. Repeat until no share falls below its desa count.
  std::vector<bool> fixed(kabs.size(), false);
  std::vector<int64_t> out(kabs.size());
  for (int round = 0; round < 20; ++round) {
    int64_t remaining = total;
    std::vector<double> shares(kabs.size(), 0.0);
    for (size_t i = 0; i < kabs.size(); ++i) {
      if (fixed[i]) {
        remaining -= desa[i];
      } else {
        shares[i] = pop[i];
      }
    }
    const auto alloc = Apportion(shares, remaining);
    bool changed = false;
    for (size_t i = 0; i < kabs.size(); ++i) {
      if (fixed[i]) {
        out[i] = desa[i];
      } else if (alloc[i] < desa[i]) {
        fixed[i] = true;
        changed = true;
      } else {
        out[i] = alloc[i];
      }
    }
    if (!changed) break;
  }
  std::map<RegionCode, int64_t> m;
  for (size_t i = 0; i < kabs.size(); ++i) m[kabs[i]] = out[i];
  return m;
}

GeneratedKab GenerateKabupaten(const Reference& ref, RegionCode kab, int64_t tps_count,
                               uint64_t seed, const Scope& scope) {
  GeneratedKab g;
  g.kab = kab;
  Rng rng(Rng::Mix(seed, static_cast<uint64_t>(kab)));
  PersonMaker maker(ref, rng, kab);
  const RegistryRules& rules = ref.rules;

  std::vector<const Region*> desas;
  for (const Region* kec : ref.regions.Children(kab)) {
    for (const Region* d : ref.regions.Children(kec->code)) desas.push_back(d);
  }
  if (desas.empty()) return g;
  std::vector<double> weights;
  for (const Region* d : desas) {
    weights.push_back((d->kind == RegionKind::kKelurahan ? 1.6 : 1.0) * (0.5 + rng.Unit()));
  }
  const int64_t extra = std::max<int64_t>(0, tps_count - static_cast<int64_t>(desas.size()));
  const auto extras = Apportion(weights, extra);
  const auto pop_it = ref.population.find(kab);
  const double voters =
      pop_it == ref.population.end() ? 0.0 : 0.72 * static_cast<double>(pop_it->second);
  const double mean_dpt = std::clamp(voters / static_cast<double>(std::max<int64_t>(tps_count, 1)),
                                     40.0, rules.max_dpt_per_tps * 0.97);

  RegionCode last_kec = 0;
  for (size_t i = 0; i < desas.size(); ++i) {
    const Region* d = desas[i];
    const RegionCode kec = d->parent;
    const bool kec_in =
        scope.Contains(kec) || Scope::Of(kec).Contains(scope.national() ? kec : scope.code);
    if (kec != last_kec) {
      last_kec = kec;
      // PPK of the kecamatan, living in one of its desa.
      for (int pos = 1; pos <= rules.ppk_per_kecamatan; ++pos) {
        Person p = maker.Make(Role::kPpk, d->code, 21, 60);
        p.work_region = kec;
        p.position = pos;
        if (scope.Contains(kec)) g.people.push_back(std::move(p));
      }
    }
    (void)kec_in;
    const bool desa_in = scope.Contains(d->code);
    for (int pos = 1; pos <= rules.pps_per_desa; ++pos) {
      Person p = maker.Make(Role::kPps, d->code, 21, 60);
      p.work_region = d->code;
      p.position = pos;
      if (desa_in) g.people.push_back(std::move(p));
    }
    const int64_t n = 1 + extras[i];
    for (int64_t t = 1; t <= n; ++t) {
      store::TpsRow row;
      row.code = MakeTpsCode(d->code, static_cast<int>(t));
      const double dpt = mean_dpt * (0.85 + 0.25 * rng.Unit());
      row.dpt = static_cast<int>(
          std::clamp(std::lround(dpt), 20L, static_cast<long>(rules.max_dpt_per_tps)));
      if (rng.Below(2) == 0) {
        row.address = StrCat("Jl. ", kStreets[rng.Below(std::size(kStreets))], " No. ",
                             1 + rng.Below(150), ", ", d->name);
      } else {
        row.address = StrCat(kPlaces[rng.Below(std::size(kPlaces))], " ", d->name);
      }
      for (int pos = 1; pos <= rules.kpps_per_tps; ++pos) {
        Person p = maker.Make(Role::kKpps, d->code, rules.kpps_min_age, rules.kpps_max_age);
        p.tps = row.code;
        p.work_region = d->code;
        p.position = pos;
        if (desa_in) g.people.push_back(std::move(p));
      }
      for (int pos = 1; pos <= rules.linmas_per_tps; ++pos) {
        Person p = maker.Make(Role::kLinmas, d->code, 17, 60);
        p.tps = row.code;
        p.work_region = d->code;
        p.position = pos;
        if (desa_in) g.people.push_back(std::move(p));
      }
      if (desa_in) g.tps.push_back(std::move(row));
    }
  }
  return g;
}

namespace {

struct Chunk {
  GeneratedKab data;
  std::vector<store::PersonRow> sealed;
};

// Runs `make` for each kabupaten on worker threads, hands results to `consume` in order, with a
// bounded number in flight so memory stays flat for a national run.
Status Pipeline(const std::vector<std::pair<RegionCode, int64_t>>& kabs, int threads,
                const std::function<Chunk(RegionCode, int64_t)>& make,
                const std::function<Status(Chunk&)>& consume) {
  std::deque<std::future<Chunk>> inflight;
  size_t next = 0;
  const size_t window = static_cast<size_t>(std::max(1, threads)) * 3;
  Status status;
  while (next < kabs.size() || !inflight.empty()) {
    while (next < kabs.size() && inflight.size() < window) {
      const auto [kab, n] = kabs[next++];
      inflight.push_back(std::async(threads > 0 ? std::launch::async : std::launch::deferred,
                                    [&make, kab, n] { return make(kab, n); }));
    }
    Chunk c = inflight.front().get();
    inflight.pop_front();
    if (status.ok()) status = consume(c);
  }
  return status;
}

StatusOr<std::vector<std::pair<RegionCode, int64_t>>> KabsInScope(const Reference& ref,
                                                                  const Scope& scope) {
  if (!scope.national() && ref.regions.Find(scope.code) == nullptr) {
    return absl::NotFoundError(StrCat("region ", scope.ToString(), " does not exist"));
  }
  std::vector<std::pair<RegionCode, int64_t>> out;
  for (const auto& [kab, n] : TpsPerKabupaten(ref)) {
    const bool in = scope.national() || Scope::Of(kab).Contains(scope.code) || scope.Contains(kab);
    if (in) out.push_back({kab, n});
  }
  return out;
}

}  // namespace

StatusOr<GenSummary> GenerateIntoStore(Registry& reg, const GenOptions& options) {
  ASSIGN_OR_RETURN(auto kabs, KabsInScope(reg.ref, options.scope));
  ASSIGN_OR_RETURN(int64_t existing, reg.store.CountTps(options.scope));
  if (existing > 0 && !options.replace) {
    return absl::FailedPreconditionError(StrCat(
        "the store already has ", existing, " TPS in ", options.scope.ToString(),
        "; generate into a new store, or pass --replace to delete them and their people first"));
  }
  ASSIGN_OR_RETURN(const auto counts, reg.store.CountPeople(Scope::National()));
  const bool empty = counts.Total() == 0;
  ASSIGN_OR_RETURN(auto txn, reg.store.Begin(/*bulk=*/empty));
  if (options.replace) {
    RETURN_IF_ERROR(txn->DeletePeopleIn(options.scope));
    RETURN_IF_ERROR(txn->DeleteTpsIn(options.scope));
  }
  GenSummary sum;
  const Reference& ref = reg.ref;
  const crypto::Vault& vault = reg.vault;
  RETURN_IF_ERROR(Pipeline(
      kabs, options.threads,
      [&](RegionCode kab, int64_t n) {
        Chunk c;
        c.data = GenerateKabupaten(ref, kab, n, options.seed, options.scope);
        c.sealed.reserve(c.data.people.size());
        for (const Person& p : c.data.people) c.sealed.push_back(SealPerson(vault, p));
        c.data.people.clear();
        c.data.people.shrink_to_fit();
        return c;
      },
      [&](Chunk& c) -> Status {
        for (const auto& t : c.data.tps) RETURN_IF_ERROR(txn->PutTps(t));
        for (const auto& p : c.sealed) {
          auto id = txn->InsertPerson(p);
          if (!id.ok()) return id.status();
        }
        sum.tps += static_cast<int64_t>(c.data.tps.size());
        sum.people += static_cast<int64_t>(c.sealed.size());
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(txn->Commit());
  return sum;
}

StatusOr<GenSummary> GenerateIntoFiles(const Reference& ref, const GenOptions& options,
                                       io::SheetWriter& people, io::SheetWriter& tps) {
  ASSIGN_OR_RETURN(auto kabs, KabsInScope(ref, options.scope));
  RETURN_IF_ERROR(people.WriteRow(PeopleColumns()));
  RETURN_IF_ERROR(tps.WriteRow(TpsColumns()));
  GenSummary sum;
  std::vector<std::string> prow(PeopleColumns().size());
  std::vector<std::string> trow(TpsColumns().size());
  RETURN_IF_ERROR(Pipeline(
      kabs, options.threads,
      [&](RegionCode kab, int64_t n) {
        Chunk c;
        c.data = GenerateKabupaten(ref, kab, n, options.seed, options.scope);
        return c;
      },
      [&](Chunk& c) -> Status {
        for (const auto& t : c.data.tps) {
          trow[0] = FormatTpsCode(t.code);
          trow[1] = std::to_string(t.dpt);
          trow[2] = t.address;
          RETURN_IF_ERROR(tps.WriteRow(trow));
        }
        for (const Person& p : c.data.people) {
          ToImportRow(p, prow);
          RETURN_IF_ERROR(people.WriteRow(prow));
        }
        sum.tps += static_cast<int64_t>(c.data.tps.size());
        sum.people += static_cast<int64_t>(c.data.people.size());
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(people.Close());
  RETURN_IF_ERROR(tps.Close());
  return sum;
}

}  // namespace bimtek::service
