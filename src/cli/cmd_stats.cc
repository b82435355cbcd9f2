// bimtek stats --scope CODE [--json]: the registry summary of a region or the country.
#include <iostream>

#include "cli/common.h"
#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "service/stats.h"

namespace bimtek::cli {

namespace {

int RunStats(GlobalOptions& g, const std::string& scope_text, bool json) {
  auto scope = ParseScope(scope_text);
  if (!scope.ok()) return Fail(scope.status());
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  if (int rc = CheckScopeExists(g, *o, *scope); rc != kExitOk) return rc;
  auto reg = o->registry();
  auto s = service::ComputeStats(reg, *scope);
  if (!s.ok()) return Fail(s.status());
  if (json) {
    nlohmann::ordered_json j;
    j["scope"] = s->scope.ToString();
    j["name"] = s->scope_name;
    j["regions"] = {{"province", s->provinces},
                    {"kabupaten_kota", s->kabupaten_kota},
                    {"kecamatan", s->kecamatan},
                    {"desa_kelurahan", s->desa_kelurahan}};
    j["tps"] = s->tps;
    j["people"] = {{"kpps", s->people.kpps},
                   {"linmas", s->people.linmas},
                   {"pps", s->people.pps},
                   {"ppk", s->people.ppk},
                   {"fasilitator", s->people.fasilitator}};
    j["vacant_kpps_positions"] = s->vacant_kpps_positions;
    std::cout << j.dump() << "\n";
    return kExitOk;
  }
  const bool en = LangOf(g) == Lang::kEn;
  std::cout << fmt::format("{} {} ({})\n",
                           en ? "Registry summary:" : "Ringkasan registri:", s->scope_name,
                           s->scope.ToString());
  auto line = [](const char* label, int64_t v) {
    std::cout << fmt::format("  {:<28} {:>12L}\n", label, v);
  };
  line(en ? "provinces" : "provinsi", s->provinces);
  line("kabupaten/kota", s->kabupaten_kota);
  line("kecamatan", s->kecamatan);
  line("desa/kelurahan", s->desa_kelurahan);
  line("TPS", s->tps);
  line(en ? "KPPS members" : "anggota KPPS", s->people.kpps);
  line("Linmas", s->people.linmas);
  line(en ? "PPS members" : "anggota PPS", s->people.pps);
  line(en ? "PPK members" : "anggota PPK", s->people.ppk);
  line(en ? "facilitators" : "fasilitator", s->people.fasilitator);
  line(en ? "vacant KPPS positions" : "kursi KPPS kosong", s->vacant_kpps_positions);
  return kExitOk;
}

}  // namespace

void RegisterStats(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("stats", "Registry summary of a scope");
  auto scope = std::make_shared<std::string>("national");
  auto json = std::make_shared<bool>(false);
  cmd->add_option("--scope", *scope, "Region code (32.71 or 3271) or 'national'");
  cmd->add_flag("--json", *json, "Print JSON");
  cmd->callback([&g, scope, json] { g.exit_code = RunStats(g, *scope, *json); });
}

}  // namespace bimtek::cli
