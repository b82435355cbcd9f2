// bimtek paw --tps CODE --position N --reason TEXT --file PERSON.csv: replaces a KPPS member.
// The replacement's personal data comes from a one-row file in the people layout, never from
// the command line (where it would show in process lists and shell history).
#include <ctime>
#include <iostream>

#include "cli/common.h"
#include "cli/file_errors.h"
#include "core/person_rules.h"
#include "fmt/format.h"
#include "io/sheet.h"
#include "service/import.h"
#include "service/paw.h"

namespace bimtek::cli {

namespace {

int RunPaw(GlobalOptions& g, const std::string& tps_text, int position, const std::string& reason,
           const std::string& file) {
  const Lang lang = LangOf(g);
  auto tps = ParseTpsCode(tps_text);
  if (!tps.ok()) return Fail(tps.status());
  auto sheet = io::OpenSheet(file);
  if (!sheet.ok()) return FailFile(g, file, sheet.status());
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto reg = o->registry();
  std::vector<service::RowProblem> problems;
  auto person = service::ReadSinglePerson(reg, **sheet, problems);
  if (!person.ok()) return FailFile(g, file, person.status());
  if (!*person) {
    for (const auto& p : problems) {
      std::cout << fmt::format("{} {}: {}\n", Tr(g, "baris", "row"), p.row,
                               Describe(p.problem, lang));
    }
    return kExitDataErrors;
  }
  service::PawRequest req{*tps, position, **person, reason,
                          static_cast<int64_t>(std::time(nullptr)), service::CliActor()};
  auto r = service::ReplaceKpps(reg, req);
  if (!r.ok()) return Fail(r.status());
  if (HasErrors(r->problems)) {
    for (const auto& p : r->problems) std::cout << Describe(p, lang) << "\n";
    return kExitDataErrors;
  }
  std::cout << fmt::format("{} {} TPS {}\n",
                           Tr(g, "PAW tercatat: jabatan", "Replacement recorded: position"),
                           position, FormatTpsCode(*tps));
  return kExitOk;
}

}  // namespace

void RegisterPaw(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("paw", "Replace a KPPS member (penggantian antarwaktu)");
  auto tps = std::make_shared<std::string>();
  auto position = std::make_shared<int>(0);
  auto reason = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  cmd->add_option("--tps", *tps, "TPS code (13 digits)")->required();
  cmd->add_option("--position", *position, "KPPS position 1-7")->required();
  cmd->add_option("--reason", *reason, "Why the member is replaced")->required();
  cmd->add_option("--file", *file, "One-row file (people layout) with the replacement")->required();
  cmd->callback([&g, tps, position, reason, file] {
    g.exit_code = RunPaw(g, *tps, *position, *reason, *file);
  });
}

}  // namespace bimtek::cli
