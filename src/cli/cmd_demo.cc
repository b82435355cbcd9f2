// bimtek demo: the main job on the embedded default. Creates the store when needed, loads the
// demo region Kota Bogor (32.71) once, and prints the registry summary.
#include <chrono>
#include <iostream>

#include "cli/cmd_plan.h"
#include "cli/cmd_questions.h"
#include "cli/common.h"
#include "fmt/format.h"
#include "service/auth.h"
#include "service/gen.h"
#include "service/results.h"
#include "service/tests.h"
#include "service/stats.h"

namespace bimtek::cli {

namespace {

constexpr const char* kDemoScope = "32.71";

// One staff account per role over the demo region, and an access code for one KPPS member.
// Demo passwords are printed: they are for the demo store only (docs/accounts.md).
int DemoAccounts(GlobalOptions& g, OpenRegistry& o) {
  auto accounts = OpenAccountsAt(o.db);
  if (!accounts.ok()) return Fail(accounts.status());
  auto reg = o.registry();
  service::Auth auth(**accounts, &reg, service::AuthConfig{});
  struct Demo {
    const char* username;
    store::UserRole role;
    RegionCode scope;
  } demos[] = {{"kpu-ri", store::UserRole::kNationalAdmin, 0},
               {"kpu-jabar", store::UserRole::kProvince, 32},
               {"kpu-kota-bogor", store::UserRole::kKabKota, 3271},
               {"ppk-bogor-selatan", store::UserRole::kPpk, 327101},
               {"pps-batutulis", store::UserRole::kPps, 3271011001},
               // Named by a facilitator's code (docs/planning.md, "Facilitator accounts"): the
               // PPK of Bogor Timur who teaches in the demo plan's batches.
               {"ppk-327102-1", store::UserRole::kFacilitator, 3271}};
  std::cout << Tr(g, "Akun demo (kata sandi = nama pengguna + \"-demo\"):",
                  "Demo accounts (password = username + \"-demo\"):")
            << "\n";
  std::optional<store::UserRow> admin;
  for (const auto& d : demos) {
    const std::string password = std::string(d.username) + "-demo";
    auto u = auth.AddUser(service::NewUser{d.username, d.role, d.scope, d.username}, password);
    if (!u.ok() && !absl::IsAlreadyExists(u.status())) return Fail(u.status());
    if (u.ok() && d.role == store::UserRole::kKabKota) admin = *u;
    std::cout << fmt::format("  {:<20} {:<16} {}\n", d.username, service::RoleName(d.role),
                             d.scope == 0 ? std::string("national") : FormatRegionCode(d.scope));
  }
  // A participant: the chair of the first TPS; a new code on every demo run.
  auto chair = o.store->FindKpps(3271011001001, 1);
  if (chair.ok() && chair->has_value()) {
    auto p = service::OpenPerson(*o.vault, **chair);
    if (!admin) {
      auto login = auth.Login("kpu-kota-bogor", "kpu-kota-bogor-demo", "127.0.0.1");
      if (login.ok()) admin = login->user;
    }
    if (p.ok() && admin) {
      auto code = auth.IssueAccessCode(*admin, p->nik);
      if (code.ok()) {
        std::cout << fmt::format("  {} {}: {} {}, {} {}\n",
                                 Tr(g, "peserta", "participant"), p->name,
                                 Tr(g, "kode akses", "access code"), *code,
                                 Tr(g, "tanggal lahir", "birth date"),
                                 FormatIsoDate(p->birth_date));
      }
    }
  }
  return kExitOk;
}

// Synthetic, labelled pre/post-test sheets and practice results for the first TPS of
// kecamatan Bogor Selatan, so that the results pages (/hasil) show something (issues 5, 6).
int DemoResults(GlobalOptions& g, OpenRegistry& o, uint64_t seed) {
  auto ts = OpenTestsAt(o.db);
  auto bank = OpenQuestionsAt(o.db);
  if (!ts.ok() || !bank.ok()) return kExitOk;  // a backend without tests: nothing to show
  auto results = OpenResultsAt(o.db);
  auto accounts = OpenAccountsAt(o.db);
  service::Tests tests(**ts, **bank, *o.store, o.vault.get(), nullptr);
  auto r = service::GenerateDemoResults(
      tests, **ts, *o.store, results.ok() ? results->get() : nullptr,
      accounts.ok() ? accounts->get() : nullptr, Scope::Of(327101), seed,
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count(),
      20);
  if (!r.ok()) return Fail(r.status());
  if (r->created) {
    std::cout << fmt::format("{} #{}, #{}: {} {}, {} {} (/hasil)\n",
                             Tr(g, "Hasil demo SINTETIS: pra-tes dan pasca-tes",
                                "SYNTHETIC demo results: pre-test and post-test"),
                             r->pre_test, r->post_test, r->attempts,
                             Tr(g, "lembar jawaban", "answer sheets"), r->practice,
                             Tr(g, "hasil latihan", "practice results"));
  }
  return kExitOk;
}

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
  if (int rc = DemoQuestionBank(g, o->db); rc != kExitOk) return rc;  // issue 5
  if (int rc = DemoPlanningData(g, *o, scope, seed); rc != kExitOk) return rc;  // issue 4
  // Published before the demo participant's code is issued: publishing makes the accounts of
  // the plan's KPPS, and the code printed below must be the one in force.
  if (int rc = DemoPlan(g, *o, scope); rc != kExitOk) return rc;  // issue 4
  if (int rc = DemoAccounts(g, *o); rc != kExitOk) return rc;
  if (int rc = DemoResults(g, *o, seed); rc != kExitOk) return rc;  // issues 5, 6: /hasil
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
