// bimtek demo: the main job on the embedded default. Creates the store when needed, loads the
// demo region Kota Bogor (32.71) once, and prints the registry summary.
#include <iostream>

#include "cli/common.h"
#include "fmt/format.h"
#include "service/gen.h"
#include "service/stats.h"

namespace bimtek::cli {

namespace {

constexpr const char* kDemoScope = "32.71";

int RunDemo(GlobalOptions& g, uint64_t seed) {
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto reg = o->registry();
  const Scope scope = *ParseScope(kDemoScope);
  auto tps = o->store->CountTps(scope);
  if (!tps.ok()) return Fail(tps.status());
  if (*tps == 0) {
    service::GenOptions opts;
    opts.scope = scope;
    opts.seed = seed;
    auto sum = service::GenerateIntoStore(reg, opts);
    if (!sum.ok()) return Fail(sum.status());
    std::cout << fmt::format("{} Kota Bogor (32.71): {} TPS, {} {} -> {}\n",
                             Tr(g, "Data demo dimuat:", "Demo data loaded:"), sum->tps, sum->people,
                             Tr(g, "orang", "people"), o->db);
  }
  if (o->key_created) {
    std::cout << fmt::format("{} {}\n",
                             Tr(g, "Kunci data pribadi dibuat (cadangkan!):",
                                "Personal-data key created (back it up!):"),
                             o->key_file);
  }
  auto s = service::ComputeStats(reg, scope);
  if (!s.ok()) return Fail(s.status());
  std::cout << fmt::format("{} {} ({})\n", Tr(g, "Ringkasan registri:", "Registry summary:"),
                           s->scope_name, s->scope.ToString());
  std::cout << fmt::format(
      "  kecamatan {}, desa/kelurahan {}, TPS {}, KPPS {}, Linmas {}, PPS {}, PPK {}, {} {}\n",
      s->kecamatan, s->desa_kelurahan, s->tps, s->people.kpps, s->people.linmas, s->people.pps,
      s->people.ppk, Tr(g, "kursi KPPS kosong", "vacant KPPS positions"), s->vacant_kpps_positions);
  return kExitOk;
}

}  // namespace

void RegisterDemo(CLI::App& app, GlobalOptions& g) {
  auto* cmd =
      app.add_subcommand("demo", "Load the demo region (Kota Bogor, 32.71) and summarise it");
  auto seed = std::make_shared<uint64_t>(2024);
  cmd->add_option("--seed", *seed, "Seed of the demo data");
  cmd->callback([&g, seed] { g.exit_code = RunDemo(g, *seed); });
}

}  // namespace bimtek::cli
