// bimtek import people|tps FILE [--dry-run] [--json]: checks every row and imports all or none.
#include <filesystem>
#include <iostream>

#include "base/strings.h"
#include "cli/common.h"
#include "cli/file_errors.h"
#include "fmt/format.h"
#include "io/sheet.h"
#include "nlohmann/json.hpp"
#include "service/import.h"
#include "service/transfer.h"

namespace bimtek::cli {

int FailFile(const GlobalOptions& g, const std::string& path, const Status& s) {
  const bool en = LangOf(g) == Lang::kEn;
  if (absl::IsNotFound(s)) {
    std::cerr << "bimtek: "
              << (en ? fmt::format("file not found or not readable: {}", path)
                     : fmt::format("berkas tidak ditemukan atau tidak dapat dibaca: {}", path))
              << "\n";
  } else {
    std::cerr << "bimtek: "
              << (en ? fmt::format("{} is not a readable CSV or XLSX file: {}", path, s.message())
                     : fmt::format("{} bukan berkas CSV atau XLSX yang dapat dibaca: {}", path,
                                   s.message()))
              << "\n";
  }
  return kExitFailure;
}

namespace {

void PrintProblems(const std::vector<service::RowProblem>& ps, Lang lang, bool warning) {
  const bool en = lang == Lang::kEn;
  for (const auto& p : ps) {
    std::string where = p.row > 0 ? fmt::format("{} {}", en ? "row" : "baris", p.row) : "";
    if (!p.column.empty()) where += fmt::format(", {} {}", en ? "column" : "kolom", p.column);
    if (!p.value.empty()) where += fmt::format(", {} '{}'", en ? "value" : "nilai", p.value);
    const char* tag = warning ? (en ? "warning" : "peringatan") : (en ? "error" : "kesalahan");
    std::cout << fmt::format("{}: {}: {}\n", tag, where, Describe(p.problem, lang));
  }
}

bool IsFileLevel(const service::ImportReport& r) {
  return r.errors.size() == 1 && r.errors[0].problem.code.starts_with("file.");
}

int RunImport(GlobalOptions& g, const std::string& what, const std::string& path, bool dry_run,
              bool json) {
  const Lang lang = LangOf(g);
  const bool en = lang == Lang::kEn;
  auto sheet = io::OpenSheet(path);
  if (!sheet.ok()) return FailFile(g, path, sheet.status());
  auto o = Open(g);
  if (!o.ok()) return Fail(o.status());
  auto reg = o->registry();
  service::ImportOptions opts;
  opts.dry_run = dry_run;
  // One audit row per committed import, as for the web (service/transfer.h).
  const service::TransferKind kind =
      what == "tps" ? service::TransferKind::kTps : service::TransferKind::kPeople;
  opts.before_commit = [&](store::WriteTxn& txn, const service::ImportReport& r) -> Status {
    ASSIGN_OR_RETURN(const std::string sha256, service::Sha256HexOfFile(path));
    return txn.AddAudit(service::ImportAudit(service::CliActor(), kind,
                                             std::filesystem::path(path).filename().string(),
                                             sha256, 0, r));
  };
  auto report = what == "tps" ? service::ImportTps(reg, **sheet, opts)
                              : service::ImportPeople(reg, **sheet, opts);
  if (!report.ok()) {
    if (absl::IsInvalidArgument(report.status())) return FailFile(g, path, report.status());
    return Fail(report.status());
  }
  const auto& r = *report;
  if (IsFileLevel(r) && !json) {
    std::cerr << "bimtek: " << path << ": " << Describe(r.errors[0].problem, lang) << "\n";
    return kExitFailure;
  }
  if (json) {
    const nlohmann::ordered_json j = service::ImportReportJson(r, path, dry_run, lang);
    std::cout << j.dump() << "\n";
  } else {
    PrintProblems(r.errors, lang, false);
    PrintProblems(r.warnings, lang, true);
    if (!r.errors.empty()) {
      std::cout << (en ? fmt::format("{}: {} errors in {} rows; nothing was changed.\n", path,
                                     r.errors.size(), r.rows)
                       : fmt::format(
                             "{}: {} kesalahan pada {} baris; tidak ada data yang diubah.\n", path,
                             r.errors.size(), r.rows));
    } else {
      const char* head = dry_run ? (en ? "Dry run, nothing saved" : "Uji coba, tidak disimpan")
                                 : (en ? "Imported" : "Impor selesai");
      std::cout
          << (en ? fmt::format("{}: {} rows: {} new, {} updated, {} unchanged, {} warnings.\n",
                               head, r.rows, r.inserted, r.updated, r.unchanged, r.warnings.size())
                 : fmt::format(
                       "{}: {} baris: {} baru, {} diperbarui, {} tidak berubah, {} peringatan.\n",
                       head, r.rows, r.inserted, r.updated, r.unchanged, r.warnings.size()));
    }
  }
  if (IsFileLevel(r)) return kExitFailure;
  return r.errors.empty() ? kExitOk : kExitDataErrors;
}

}  // namespace

void RegisterImport(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("import", "Import people or TPS from a CSV or XLSX file");
  cmd->require_subcommand(1);
  for (const char* what : {"people", "tps"}) {
    auto* sub =
        cmd->add_subcommand(what, std::string(what) == "people" ? "Import people (docs/formats.md)"
                                                                : "Import TPS (docs/formats.md)");
    auto file = std::make_shared<std::string>();
    auto dry = std::make_shared<bool>(false);
    auto json = std::make_shared<bool>(false);
    sub->add_option("FILE", *file, "CSV or XLSX file")->required();
    sub->add_flag("--dry-run", *dry, "Check only; change nothing");
    sub->add_flag("--json", *json, "Print the report as JSON");
    const std::string w = what;
    sub->callback([&g, w, file, dry, json] { g.exit_code = RunImport(g, w, *file, *dry, *json); });
  }
}

}  // namespace bimtek::cli
