// bimtek gen --scope CODE|national --seed N [--format csv|xlsx --out FILE] [--replace]
// [--no-planning]: into the store, also the planning data (venues, facilitators; issue 4 item 7)
// so that `bimtek plan` can run at once.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/cmd_plan.h"
#include "cli/common.h"
#include "fmt/format.h"
#include "io/sheet.h"
#include "service/gen.h"

namespace bimtek::cli {

namespace {

// people.csv -> people_tps.csv
std::string TpsFileFor(const std::string& out) {
  const std::filesystem::path p(out);
  return (p.parent_path() / (p.stem().string() + "_tps" + p.extension().string())).string();
}

int RunGen(GlobalOptions& g, const std::string& scope_text, uint64_t seed,
           const std::string& format, const std::string& out, bool replace, int threads,
           bool planning) {
  auto scope = ParseScope(scope_text);
  if (!scope.ok()) return Fail(scope.status());
  service::GenOptions opts;
  opts.scope = *scope;
  opts.seed = seed;
  opts.replace = replace;
  opts.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  StatusOr<service::GenSummary> sum;
  std::string where;
  if (!out.empty()) {
    auto ref = service::DefaultReference();
    if (!ref.ok()) return Fail(ref.status());
    const io::SheetFormat f = format == "xlsx" ? io::SheetFormat::kXlsx : io::SheetFormat::kCsv;
    const std::string tps_out = TpsFileFor(out);
    auto people = io::CreateSheet(out, f, "Orang");
    if (!people.ok()) return Fail(people.status());
    auto tps = io::CreateSheet(tps_out, f, "TPS");
    if (!tps.ok()) return Fail(tps.status());
    sum = service::GenerateIntoFiles(**ref, opts, **people, **tps);
    if (!sum.ok()) {
      std::remove(out.c_str());
      std::remove(tps_out.c_str());
    }
    where = fmt::format("{} + {}", out, tps_out);
  } else {
    auto o = Open(g);
    if (!o.ok()) return Fail(o.status());
    auto reg = o->registry();
    sum = service::GenerateIntoStore(reg, opts);
    where = o->db;
  }
  if (!sum.ok()) return Fail(sum.status());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format("{} {}: {} TPS, {} {} -> {} ({:.1f} s)\n",
                           Tr(g, "data sintetis", "synthetic data"), scope->ToString(), sum->tps,
                           sum->people, Tr(g, "orang", "people"), where, secs);
  if (out.empty() && planning) {
    // Venues and facilitators of the same seed: `bimtek plan` works on the result at once.
    auto o = Open(g);
    if (!o.ok()) return Fail(o.status());
    return DemoPlanningData(g, *o, *scope, seed);
  }
  return kExitOk;
}

}  // namespace

void RegisterGen(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("gen", "Generate a deterministic synthetic registry");
  auto scope = std::make_shared<std::string>();
  auto seed = std::make_shared<uint64_t>(1);
  auto format = std::make_shared<std::string>("csv");
  auto out = std::make_shared<std::string>();
  auto replace = std::make_shared<bool>(false);
  auto threads = std::make_shared<int>(2);
  auto no_planning = std::make_shared<bool>(false);
  cmd->add_option("--scope", *scope, "Region code or 'national'")->required();
  cmd->add_option("--seed", *seed, "Random seed (same seed, same data)");
  cmd->add_option("--format", *format, "File format with --out: csv or xlsx")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  cmd->add_option("--out", *out,
                  "Write files instead of the store: people to FILE, TPS to FILE_tps");
  cmd->add_flag("--replace", *replace, "Delete TPS and people of the scope first");
  cmd->add_option("--threads", *threads, "Generator threads")->check(CLI::Range(0, 64));
  cmd->add_flag("--no-planning", *no_planning,
                "Do not create venues and facilitators (planning data) for the scope");
  cmd->callback([&g, scope, seed, format, out, replace, threads, no_planning] {
    g.exit_code = RunGen(g, *scope, *seed, *format, *out, *replace, *threads, !*no_planning);
  });
}

}  // namespace bimtek::cli
