// Planner benchmark (issue 4): plans a kabupaten/kota, a province and the whole country over
// synthetic crews, venues and facilitators and prints the planning time (input building apart),
// the peak memory of the process, and batches against the lower bound. Each scope runs in its
// own child process so that its peak memory is its own (wait4's maxrss).
// Crews: TPS per kabupaten/kota as `bimtek gen` apportions them (820,161 nationally), spread over
// its desa. Venues: a kecamatan hall of 150 seats per kecamatan and a desa hall of 40-120 seats
// per desa (a tenth open only in the morning). Facilitators: 5 PPK per kecamatan (every module,
// 3 sessions a day) and 3 PPS per desa (part of the modules, 2 sessions a day).
// Usage: plan_bench [--breakdown] [--ample-halls] [SCOPE ...]   (default: 32.71 32 national)
//   --breakdown    where the gap to the lower bound comes from (per kecamatan, summed)
//   --ample-halls  more 150-seat halls in each kecamatan until its crews fit in them in the
//                  window: the data the lower bound assumes (docs/performance.md)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "base/rng.h"
#include "core/plan/planner.h"
#include "fmt/format.h"
#include "service/gen.h"
#include "service/reference.h"

namespace bimtek {
namespace {

// Where the gap to the lower bound comes from, summed over kecamatan. Per kecamatan with crews:
//   bound      ceil(people / largest hall), the bound;
//   crew_bound ceil(crews / crews the largest hall seats): whole crews of 7 in the largest hall,
//              still unlimited days;
//   slot_bound the fewest of the kecamatan's own (venue, date, start) slots in the window that
//              seat its crews, largest first (optimal for this covering problem), ignoring
//              facilitators; when the own slots cannot seat everyone, all of them plus the
//              remaining crews at the largest hall's size (that is what the fallback must add);
//   batches    the planner's batches for the kecamatan's crews (own venues and fallback).
void Breakdown(const Scope& scope, const plan::PlanInput& in, const plan::Plan& p) {
  struct K {
    int64_t crews = 0, people = 0, batches = 0, fallback = 0, unplaced = 0;
    int maxcap = 0;
    std::vector<int> slot_crews;  // crews each own slot seats (all crews are of 7)
  };
  std::map<RegionCode, K> ks;
  for (const auto& c : in.crews) {
    auto& k = ks[AncestorAt(DesaOfTps(c.tps), RegionLevel::kKecamatan)];
    ++k.crews;
    k.people += c.people;
  }
  const int ndays = static_cast<int>(DaysFromCivil(in.to) - DaysFromCivil(in.from) + 1);
  for (const auto& v : in.venues) {
    const auto it = ks.find(AncestorAt(v.region, RegionLevel::kKecamatan));
    if (it == ks.end() || !v.active) continue;
    K& k = it->second;
    k.maxcap = std::max(k.maxcap, v.capacity);
    for (int d = 0; d < ndays; ++d) {
      const auto h = v.HoursOn(CivilFromDays(DaysFromCivil(in.from) + d));
      if (!h) continue;
      // As many agendas a day as fit one after another (as the planner's slots).
      for (int s = std::max(h->open_min, in.options.earliest_start_min);
           plan::LayOut(in.agenda, s, in.options).back().end_min <= h->close_min;
           s = plan::LayOut(in.agenda, s, in.options).back().end_min) {
        k.slot_crews.push_back(v.capacity / 7);
      }
    }
  }
  for (const auto& b : p.batches) {
    auto& k = ks[b.kecamatan];
    ++k.batches;
    if (b.fallback) ++k.fallback;
  }
  for (const auto& u : p.unplaced) ++ks[u.kecamatan].unplaced;
  int64_t bound = 0, crew_bound = 0, slot_bound = 0, batches = 0, short_kec = 0, short_crews = 0;
  int64_t over_kec = 0, over = 0, kec_at_bound = 0;
  std::map<int, int64_t> gap_hist;  // batches - bound per kecamatan -> kecamatan
  for (auto& [code, k] : ks) {
    if (k.maxcap == 0) continue;
    const int64_t b = (k.people + k.maxcap - 1) / k.maxcap;
    const int64_t per = std::max(1, k.maxcap / 7);
    const int64_t cb = (k.crews + per - 1) / per;
    std::sort(k.slot_crews.rbegin(), k.slot_crews.rend());
    int64_t left = k.crews, sb = 0;
    for (int c : k.slot_crews) {
      if (left <= 0) break;
      if (c <= 0) continue;
      left -= c;
      ++sb;
    }
    if (left > 0) {
      ++short_kec;
      short_crews += left;
      sb += (left + per - 1) / per;
    }
    bound += b;
    crew_bound += cb;
    slot_bound += sb;
    batches += k.batches;
    if (k.batches > sb) {
      ++over_kec;
      over += k.batches - sb;
    }
    if (k.batches <= b) ++kec_at_bound;
    ++gap_hist[static_cast<int>(std::min<int64_t>(k.batches - b, 20))];
  }
  const auto pct = [&](int64_t x) {
    return bound > 0 ? 100.0 * static_cast<double>(x - bound) / static_cast<double>(bound) : 0.0;
  };
  const std::string sc = scope.ToString();
  std::cout << fmt::format(
      "{:<9}   breakdown over {} kecamatan: bound {} | whole crews in the largest hall {} "
      "(+{:.1f}%) | own slots in the window, largest first {} (+{:.1f}%) | planner {} (+{:.1f}%)\n",
      sc, ks.size(), bound, crew_bound, pct(crew_bound), slot_bound, pct(slot_bound), batches,
      pct(batches));
  std::cout << fmt::format(
      "{:<9}   kecamatan whose own slots cannot seat all crews: {} ({} crews beyond them); "
      "kecamatan where the planner used more batches than its slot bound: {} (+{} batches); "
      "kecamatan at the bound: {}\n",
      sc, short_kec, short_crews, over_kec, over, kec_at_bound);
  // Kabupaten/kota with unplaced crews: their crews against all the slots of their venues.
  std::map<RegionCode, std::array<int64_t, 4>> kab;  // crews, unplaced, slot seats (crews), slots
  for (const auto& [code, k] : ks) {
    auto& a = kab[AncestorAt(code, RegionLevel::kKabKota)];
    a[0] += k.crews;
    a[1] += k.unplaced;
    for (int c : k.slot_crews) a[2] += c;
    a[3] += static_cast<int64_t>(k.slot_crews.size());
  }
  for (const auto& [code, a] : kab) {
    if (a[1] == 0) continue;
    std::cout << fmt::format(
        "{:<9}   kabupaten/kota {} crews {} unplaced {}: its {} slots seat {} crews in all\n", sc,
        FormatRegionCode(code), a[0], a[1], a[3], a[2]);
  }
  std::string hist;
  for (const auto& [g, n] : gap_hist) hist += fmt::format(" {}{}:{}", g, g == 20 ? "+" : "", n);
  std::cout << fmt::format("{:<9}   kecamatan by batches - bound:{}\n", sc, hist);
}

int RunScope(const service::Reference& ref, const Scope& scope, bool breakdown, bool ample) {
  const auto t0 = std::chrono::steady_clock::now();
  plan::PlanInput in;
  in.from = Date{2024, 1, 25};
  in.to = Date{2024, 1, 29};
  in.agenda = {{"M1", 30}, {"M2", 60}, {"M3", 150}, {"M4", 150}, {"EVAL", 20}};
  const std::vector<std::string> all = {"EVAL", "M1", "M2", "M3", "M4"};
  const std::vector<std::vector<std::string>> pps_sets = {
      {"M1", "M2", "M3"}, {"EVAL", "M3", "M4"}, {"EVAL", "M1", "M2", "M4"}};
  for (const auto& r : ref.regions.all()) {
    if (r.level == RegionLevel::kProvince) {
      if (auto tz = ref.regions.TimeZoneOf(r.code)) in.zones[r.code] = *tz;
    }
  }
  const auto per_kab = service::TpsPerKabupaten(ref);
  int64_t vid = 1, fid = 1;
  for (const auto& [kab, tps_count] : per_kab) {
    if (!scope.Contains(kab) && !(scope.level() > RegionLevel::kKabKota &&
                                  AncestorAt(scope.code, RegionLevel::kKabKota) == kab)) {
      continue;
    }
    Rng rng(Rng::Mix(7, static_cast<uint64_t>(kab)));
    std::vector<const Region*> desas;
    for (const Region* kec : ref.regions.Children(kab)) {
      plan::Venue v;
      v.id = vid++;
      v.region = kec->code;
      v.capacity = 150;
      v.hours = {plan::VenueHours{std::nullopt, 8 * 60, 17 * 60}};
      in.venues.push_back(v);
      for (int i = 0; i < 5; ++i) {
        plan::Facilitator f;
        f.id = fid++;
        f.home = kec->code;
        f.modules = all;
        f.max_sessions_per_day = 3;
        in.facilitators.push_back(std::move(f));
      }
      for (const Region* desa : ref.regions.Children(kec->code)) {
        desas.push_back(desa);
        plan::Venue d;
        d.id = vid++;
        d.region = desa->code;
        d.capacity = 40 + 10 * rng.Between(0, 8);
        d.hours = {plan::VenueHours{std::nullopt, 8 * 60, rng.Below(10) == 0 ? 13 * 60 : 16 * 60}};
        in.venues.push_back(d);
        for (int i = 0; i < 3; ++i) {
          plan::Facilitator f;
          f.id = fid++;
          f.home = desa->code;
          f.modules = pps_sets[i];
          f.max_sessions_per_day = 2;
          in.facilitators.push_back(std::move(f));
        }
      }
    }
    if (desas.empty()) continue;
    const size_t kab_first_crew = in.crews.size();
    std::vector<int> numbers(desas.size(), 0);
    for (int64_t t = 0; t < tps_count; ++t) {
      const size_t i = static_cast<size_t>(t % static_cast<int64_t>(desas.size()));
      const TpsCode code = MakeTpsCode(desas[i]->code, ++numbers[i]);
      if (scope.Contains(code)) in.crews.push_back(plan::Crew{code, 7});
    }
    if (ample) {
      // As many more 150-seat halls per kecamatan as it takes to seat all its crews in the
      // window at one agenda a day (21 crews each): the data the lower bound assumes.
      std::map<RegionCode, int64_t> per_kec;
      for (size_t i = kab_first_crew; i < in.crews.size(); ++i) {
        ++per_kec[AncestorAt(DesaOfTps(in.crews[i].tps), RegionLevel::kKecamatan)];
      }
      const int64_t days = DaysFromCivil(in.to) - DaysFromCivil(in.from) + 1;
      for (const auto& [kec, n] : per_kec) {
        for (int64_t i = 1; i < (n + 21 * days - 1) / (21 * days); ++i) {
          plan::Venue v;
          v.id = vid++;
          v.region = kec;
          v.capacity = 150;
          v.hours = {plan::VenueHours{std::nullopt, 8 * 60, 17 * 60}};
          in.venues.push_back(v);
        }
      }
    }
  }
  const auto cpu = [] {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  };
  const double c1 = cpu();
  const auto t1 = std::chrono::steady_clock::now();
  auto p = plan::MakePlan(in);
  const auto t2 = std::chrono::steady_clock::now();
  const double plan_cpu = cpu() - c1;
  if (!p.ok()) {
    std::cerr << p.status() << "\n";
    return 1;
  }
  const auto& s = p->summary;
  const double build = std::chrono::duration<double>(t1 - t0).count();
  const double plan_s = std::chrono::duration<double>(t2 - t1).count();
  std::cout << fmt::format(
      "{:<9} crews {:>7}  venues {:>6}  facilitators {:>7}  input {:6.2f} s  plan {:6.2f} s "
      "(cpu {:.2f} s)  "
      "batches {:>6}  lower bound {:>6} (+{:.1f}%)  slot bound {:>6} ({:+.1f}%)  placed {:>7}  "
      "unplaced {:>5}\n",
      scope.ToString(), s.crews, in.venues.size(), in.facilitators.size(), build, plan_s, plan_cpu,
      s.batches, s.lower_bound,
      s.lower_bound > 0 ? 100.0 * static_cast<double>(s.gap) / static_cast<double>(s.lower_bound)
                        : 0.0,
      s.slot_bound,
      s.slot_bound > 0 ? 100.0 * static_cast<double>(s.batches - s.slot_bound) /
                             static_cast<double>(s.slot_bound)
                       : 0.0,
      s.placed, s.unplaced);
  std::map<std::string, int64_t> reasons;
  for (const auto& u : p->unplaced) ++reasons[u.reason];
  for (const auto& [reason, n] : reasons) {
    std::cout << fmt::format("{:<9}   unplaced {:>6} {}\n", scope.ToString(), n, reason);
  }
  if (breakdown) Breakdown(scope, in, *p);
  std::cout.flush();
  return 0;
}

}  // namespace
}  // namespace bimtek

int main(int argc, char** argv) {
  std::vector<std::string> scopes;
  bool breakdown = false;
  bool ample = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--breakdown") {
      breakdown = true;
    } else if (std::string(argv[i]) == "--ample-halls") {
      ample = true;
    } else {
      scopes.emplace_back(argv[i]);
    }
  }
  if (scopes.empty()) scopes = {"32.71", "32", "national"};
  auto ref = bimtek::service::DefaultReference();
  if (!ref.ok()) {
    std::cerr << ref.status() << "\n";
    return 2;
  }
  int rc = 0;
  for (const auto& text : scopes) {
    auto scope = bimtek::ParseScope(text);
    if (!scope.ok()) {
      std::cerr << scope.status() << "\n";
      return 2;
    }
    std::cout.flush();
    const pid_t pid = fork();
    if (pid == 0) _exit(bimtek::RunScope(**ref, *scope, breakdown, ample));
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    std::cout << fmt::format("{:<9} peak memory {:.0f} MiB\n", text,
                             static_cast<double>(ru.ru_maxrss) / 1024.0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = 1;
  }
  return rc;
}
