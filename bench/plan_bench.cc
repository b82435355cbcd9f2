// Planner benchmark (issue 4): plans a kabupaten/kota, a province and the whole country over
// synthetic crews, venues and facilitators and prints the planning time (input building apart),
// the peak memory of the process, and batches against the lower bound. Each scope runs in its
// own child process so that its peak memory is its own (wait4's maxrss).
// Crews: TPS per kabupaten/kota as `bimtek gen` apportions them (820,161 nationally), spread over
// its desa. Venues: a kecamatan hall of 150 seats per kecamatan and a desa hall of 40-120 seats
// per desa (a tenth open only in the morning). Facilitators: 5 PPK per kecamatan (every module,
// 3 sessions a day) and 3 PPS per desa (part of the modules, 2 sessions a day).
// Usage: plan_bench [SCOPE ...]   (default: 32.71 32 national)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

int RunScope(const service::Reference& ref, const Scope& scope) {
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
    std::vector<int> numbers(desas.size(), 0);
    for (int64_t t = 0; t < tps_count; ++t) {
      const size_t i = static_cast<size_t>(t % static_cast<int64_t>(desas.size()));
      const TpsCode code = MakeTpsCode(desas[i]->code, ++numbers[i]);
      if (scope.Contains(code)) in.crews.push_back(plan::Crew{code, 7});
    }
  }
  const auto t1 = std::chrono::steady_clock::now();
  auto p = plan::MakePlan(in);
  const auto t2 = std::chrono::steady_clock::now();
  if (!p.ok()) {
    std::cerr << p.status() << "\n";
    return 1;
  }
  const auto& s = p->summary;
  const double build = std::chrono::duration<double>(t1 - t0).count();
  const double plan_s = std::chrono::duration<double>(t2 - t1).count();
  std::cout << fmt::format(
      "{:<9} crews {:>7}  venues {:>6}  facilitators {:>7}  input {:6.2f} s  plan {:6.2f} s  "
      "batches {:>6}  lower bound {:>6} (+{:.1f}%)  placed {:>7}  unplaced {:>5}\n",
      scope.ToString(), s.crews, in.venues.size(), in.facilitators.size(), build, plan_s, s.batches,
      s.lower_bound,
      s.lower_bound > 0 ? 100.0 * static_cast<double>(s.gap) / static_cast<double>(s.lower_bound)
                        : 0.0,
      s.placed, s.unplaced);
  std::map<std::string, int64_t> reasons;
  for (const auto& u : p->unplaced) ++reasons[u.reason];
  for (const auto& [reason, n] : reasons) {
    std::cout << fmt::format("{:<9}   unplaced {:>6} {}\n", scope.ToString(), n, reason);
  }
  std::cout.flush();
  return 0;
}

}  // namespace
}  // namespace bimtek

int main(int argc, char** argv) {
  std::vector<std::string> scopes;
  for (int i = 1; i < argc; ++i) scopes.emplace_back(argv[i]);
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
    if (pid == 0) _exit(bimtek::RunScope(**ref, *scope));
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    std::cout << fmt::format("{:<9} peak memory {:.0f} MiB\n", text,
                             static_cast<double>(ru.ru_maxrss) / 1024.0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = 1;
  }
  return rc;
}
