// bimtek export people|tps --scope CODE --format csv|xlsx [--out FILE]: the import layout.
#include <iostream>

#include "cli/common.h"
#include "io/sheet.h"
#include "service/export.h"

namespace bimtek::cli {

namespace {

int RunExport(GlobalOptions& g, const std::string& what, const std::string& scope_text,
              const std::string& format, std::string out) {
  auto scope = ParseScope(scope_text);
  if (!scope.ok()) return Fail(scope.status());
  const io::SheetFormat f = format == "xlsx" ? io::SheetFormat::kXlsx : io::SheetFormat::kCsv;
  if (out.empty()) {
    if (f == io::SheetFormat::kXlsx) {
      return Fail(absl::InvalidArgumentError("--format xlsx needs --out FILE"));
    }
    out = "-";
  }
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  if (int rc = CheckScopeExists(g, *o, *scope); rc != kExitOk) return rc;
  auto writer = io::CreateSheet(out, f, what == "tps" ? "TPS" : "Orang");
  if (!writer.ok()) return Fail(writer.status());
  auto reg = o->registry();
  auto n = what == "tps" ? service::ExportTps(reg, *scope, **writer)
                         : service::ExportPeople(reg, *scope, **writer);
  if (!n.ok()) {
    if (out != "-") std::remove(out.c_str());  // never leave half a file behind
    return Fail(n.status());
  }
  if (out != "-") {
    std::cerr << Tr(g, "diekspor ", "exported ") << *n << Tr(g, " baris ke ", " rows to ") << out
              << "\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterExport(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("export", "Export people or TPS in the import layout");
  cmd->require_subcommand(1);
  for (const char* what : {"people", "tps"}) {
    auto* sub = cmd->add_subcommand(what, std::string("Export ") + what);
    auto scope = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("csv");
    auto out = std::make_shared<std::string>();
    sub->add_option("--scope", *scope, "Region code or 'national'")->required();
    sub->add_option("--format", *format, "csv or xlsx")->check(CLI::IsMember({"csv", "xlsx"}));
    sub->add_option("--out", *out, "Output file (CSV: standard output when absent)");
    const std::string w = what;
    sub->callback(
        [&g, w, scope, format, out] { g.exit_code = RunExport(g, w, *scope, *format, *out); });
  }
}

}  // namespace bimtek::cli
