// bimtek plan / plan show, venue import|cancel, facilitator import|cancel, curriculum show|save:
// the Bimtek planner and what it plans with (docs/planning.md).
#include "cli/cmd_plan.h"

#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/strings.h"
#include "cli/common.h"
#include "cli/file_errors.h"
#include "fmt/format.h"
#include "io/sheet.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/invitations.h"
#include "service/planning.h"

namespace bimtek::cli {

namespace {

// The planning store beside the registry, on the same backend.
StatusOr<std::unique_ptr<store::PlanningStore>> OpenPlanning(const OpenRegistry& o) {
  return OpenPlanningAt(o.db);
}

struct Opened {
  OpenRegistry o;
  std::unique_ptr<store::PlanningStore> ps;
};

StatusOr<Opened> OpenAll(const GlobalOptions& g) {
  Opened x;
  ASSIGN_OR_RETURN(x.o, Open(g));
  ASSIGN_OR_RETURN(x.ps, OpenPlanning(x.o));
  return x;
}

std::optional<Date> DateOption(const GlobalOptions& g, const std::string& name,
                               const std::string& text) {
  auto d = ParseIsoDate(text);
  if (!d) {
    std::cerr << "bimtek: "
              << (LangOf(g) == Lang::kEn
                      ? fmt::format("{} '{}' is not a date; write YYYY-MM-DD", name, text)
                      : fmt::format("{} '{}' bukan tanggal; tulis YYYY-MM-DD", name, text))
              << "\n";
  }
  return d;
}

void PrintSummary(const GlobalOptions& g, const service::PlanOutcome& o) {
  const bool en = LangOf(g) == Lang::kEn;
  const auto& s = o.plan.summary;
  std::cout << fmt::format("{} {} ({}) {}..{}, {} {} v{}\n", en ? "Plan for" : "Rencana untuk",
                           o.scope_name, o.scope.ToString(), FormatIsoDate(o.from),
                           FormatIsoDate(o.to), en ? "curriculum" : "kurikulum", o.curriculum.name,
                           o.curriculum.version);
  std::cout << fmt::format(
      fmt::runtime(
          en ? "  batches {} (lower bound {}, gap {}), crews {}: placed {}, unplaced {}; people "
               "{}\n"
             : "  kelas {} (batas bawah {}, selisih {}), regu {}: ditempatkan {}, belum {}; orang "
               "{}\n"),
      s.batches, s.lower_bound, s.gap, s.crews, s.placed, s.unplaced, s.people_placed);
  std::cout << fmt::format(
      fmt::runtime(en ? "  fallback batches {}, facilitator-days {}, travel {}, kept batches {}, "
                        "moved crews {}\n"
                      : "  kelas di luar kecamatan {}, hari-fasilitator {}, jarak tempuh {}, "
                        "kelas tetap {}, regu pindah {}\n"),
      s.fallback_batches, s.facilitator_days, s.travel, s.kept_batches, s.moved);
  for (const auto& u : o.plan.unplaced) {
    std::cout << fmt::format("  {} TPS {}: {} ({})\n", en ? "unplaced" : "belum ditempatkan",
                             FormatTpsCode(u.tps), DescribeCode(u.reason, u.args, LangOf(g)),
                             u.reason);
  }
  for (const auto& m : o.plan.moved) {
    std::cout << fmt::format("  {} TPS {}: {} {} -> {}\n", en ? "moved" : "pindah",
                             FormatTpsCode(m.tps), en ? "batch" : "kelas", m.from_batch,
                             m.to_batch == 0 ? std::string(en ? "unplaced" : "belum ditempatkan")
                                             : std::to_string(m.to_batch));
  }
}

void PrintBatches(const GlobalOptions& g, const service::PlanOutcome& o) {
  const bool en = LangOf(g) == Lang::kEn;
  for (const auto& b : o.plan.batches) {
    const auto v = o.venues.find(b.venue);
    std::cout << fmt::format("{} {:>4}  {} {}-{} {}  {}  {} TPS, {} {}{}\n", en ? "batch" : "kelas",
                             b.id, FormatIsoDate(b.date), plan::FormatClock(b.start_min),
                             plan::FormatClock(b.end_min), TimeZoneName(b.zone),
                             v != o.venues.end() ? v->second.name : std::to_string(b.venue),
                             b.crews.size(), b.people, en ? "people" : "orang",
                             b.fallback ? (en ? " (fallback)" : " (di luar kecamatan)") : "");
    for (const auto& s : b.sessions) {
      const auto f = o.facilitators.find(s.facilitator);
      std::cout << fmt::format(
          "        {}-{} {:<5} {}\n", plan::FormatClock(s.start_min), plan::FormatClock(s.end_min),
          s.module, f != o.facilitators.end() ? f->second.name : std::to_string(s.facilitator));
    }
  }
}

int RunPlan(GlobalOptions& g, const std::string& scope_text, const std::string& from_text,
            const std::string& to_text, bool json, bool dry_run, bool fresh) {
  auto scope = ParseScope(scope_text);
  if (!scope.ok()) return Fail(scope.status());
  const auto from = DateOption(g, "--from", from_text);
  const auto to = DateOption(g, "--to", to_text);
  if (!from || !to) return kExitFailure;
  auto x = OpenAll(g);
  if (!x.ok()) return Fail(x.status());
  if (int rc = CheckScopeExists(g, x->o, *scope); rc != kExitOk) return rc;
  auto reg = x->o.registry();
  service::PlanRequest req{*scope, *from, *to, dry_run, fresh};
  auto out = service::RunPlan(reg, *x->ps, req);
  if (!out.ok()) return Fail(out.status());
  if (json) {
    std::cout << service::PlanJson(*out, *x->o.ref, LangOf(g)) << "\n";
  } else {
    PrintSummary(g, *out);
    const bool en = LangOf(g) == Lang::kEn;
    if (out->plan_id != 0) {
      std::cout << fmt::format("{} {} -> {}\n", en ? "Saved as plan" : "Disimpan sebagai rencana",
                               out->plan_id, x->o.db);
    } else {
      std::cout << (en ? "Dry run: nothing saved.\n" : "Uji coba: tidak disimpan.\n");
    }
  }
  return kExitOk;
}

int RunShow(GlobalOptions& g, const std::string& scope_text, bool json) {
  auto scope = ParseScope(scope_text);
  if (!scope.ok()) return Fail(scope.status());
  auto x = OpenAll(g);
  if (!x.ok()) return Fail(x.status());
  if (int rc = CheckScopeExists(g, x->o, *scope); rc != kExitOk) return rc;
  auto reg = x->o.registry();
  auto out = service::LoadPlan(reg, *x->ps, *scope);
  if (!out.ok()) return Fail(out.status());
  if (!out->has_value()) {
    std::cerr << "bimtek: "
              << (LangOf(g) == Lang::kEn
                      ? fmt::format("no plan saved for {}; run bimtek plan first", scope_text)
                      : fmt::format("belum ada rencana untuk {}; jalankan bimtek plan dahulu",
                                    scope_text))
              << "\n";
    return kExitFailure;
  }
  if (json) {
    std::cout << service::PlanJson(**out, *x->o.ref, LangOf(g)) << "\n";
  } else {
    PrintSummary(g, **out);
    PrintBatches(g, **out);
  }
  return kExitOk;
}

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

nlohmann::ordered_json ProblemsJson(const std::vector<service::RowProblem>& ps, Lang lang) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& p : ps) {
    arr.push_back({{"row", p.row},
                   {"column", p.column},
                   {"value", p.value},
                   {"code", p.problem.code},
                   {"message", Describe(p.problem, lang)}});
  }
  return arr;
}

int RunImport(GlobalOptions& g, bool venues, const std::string& path, bool dry_run, bool json) {
  const Lang lang = LangOf(g);
  const bool en = lang == Lang::kEn;
  auto sheet = io::OpenSheet(path);
  if (!sheet.ok()) return FailFile(g, path, sheet.status());
  auto x = OpenAll(g);
  if (!x.ok()) return Fail(x.status());
  auto reg = x->o.registry();
  service::ImportOptions opts;
  opts.dry_run = dry_run;
  auto report = venues ? service::ImportVenues(reg, *x->ps, **sheet, opts)
                       : service::ImportFacilitators(reg, *x->ps, **sheet, opts);
  if (!report.ok()) {
    if (absl::IsInvalidArgument(report.status())) return FailFile(g, path, report.status());
    return Fail(report.status());
  }
  const auto& r = *report;
  const bool file_level = r.errors.size() == 1 && r.errors[0].problem.code.starts_with("file.");
  if (json) {
    nlohmann::ordered_json j;
    j["file"] = path;
    j["rows"] = r.rows;
    j["inserted"] = r.inserted;
    j["updated"] = r.updated;
    j["dry_run"] = dry_run;
    j["committed"] = r.committed;
    j["errors"] = ProblemsJson(r.errors, lang);
    j["warnings"] = ProblemsJson(r.warnings, lang);
    std::cout << j.dump() << "\n";
  } else if (file_level) {
    std::cerr << "bimtek: " << path << ": " << Describe(r.errors[0].problem, lang) << "\n";
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
      std::cout << (en ? fmt::format("{}: {} rows: {} new, {} updated.\n", head, r.rows, r.inserted,
                                     r.updated)
                       : fmt::format("{}: {} baris: {} baru, {} diperbarui.\n", head, r.rows,
                                     r.inserted, r.updated));
    }
  }
  if (file_level) return kExitFailure;
  return r.errors.empty() ? kExitOk : kExitDataErrors;
}

int RunCancel(GlobalOptions& g, bool venue, const std::string& code) {
  auto x = OpenAll(g);
  if (!x.ok()) return Fail(x.status());
  Status s = venue ? service::CancelVenue(*x->ps, code, nullptr)
                   : service::CancelFacilitator(*x->ps, code, nullptr);
  if (!s.ok()) return Fail(s);
  const bool en = LangOf(g) == Lang::kEn;
  std::cout << (venue ? (en ? "Venue cancelled: " : "Tempat dibatalkan: ")
                      : (en ? "Facilitator withdrawn: " : "Fasilitator ditarik: "))
            << code
            << (en ? "; run bimtek plan again to re-plan.\n"
                   : "; jalankan bimtek plan lagi untuk menyusun ulang.\n");
  return kExitOk;
}

int RunCurriculumShow(GlobalOptions& g, int version, bool json) {
  auto x = OpenAll(g);
  if (!x.ok()) return Fail(x.status());
  auto cur = service::CurrentCurriculum(*x->ps);
  if (!cur.ok()) return Fail(cur.status());
  plan::Curriculum c = *cur;
  if (version > 0 && version != c.version) {
    auto row = x->ps->FindCurriculum(c.name, version);
    if (!row.ok()) return Fail(row.status());
    if (!row->has_value()) {
      return Fail(absl::NotFoundError(StrCat("curriculum ", c.name, " has no version ", version)));
    }
    auto parsed = service::CurriculumFromJson((*row)->content_json);
    if (!parsed.ok()) return Fail(parsed.status());
    c = *parsed;
    c.version = version;
  }
  if (json) {
    std::cout << service::CurriculumToJson(c) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("{} ({}, v{}), {} {}\n", c.title, c.name, c.version, c.TotalMinutes(),
                           LangOf(g) == Lang::kEn ? "minutes" : "menit");
  for (const auto& m : c.modules) {
    std::string tags;
    for (const auto& t : m.tags) tags += (tags.empty() ? "" : ", ") + t;
    std::cout << fmt::format("  {:<5} {:>3} min  {:<10}  {}  [{}]\n", m.id, m.minutes,
                             plan::MethodName(m.method), m.title, tags);
  }
  return kExitOk;
}

int RunCurriculumSave(GlobalOptions& g, const std::string& path, const std::string& note) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return FailFile(g, path, absl::NotFoundError(path));
  std::stringstream buf;
  buf << in.rdbuf();
  auto c = service::CurriculumFromJson(buf.str());
  if (!c.ok()) return Fail(c.status());
  auto x = OpenAll(g);
  if (!x.ok()) return Fail(x.status());
  auto current = service::CurrentCurriculum(*x->ps);  // stores the default as version 1 first
  if (!current.ok()) return Fail(current.status());
  auto v = service::SaveCurriculumVersion(*x->ps, nullptr, *c, note);
  if (!v.ok()) return Fail(v.status());
  std::cout << fmt::format(
      "{} {} v{}\n", LangOf(g) == Lang::kEn ? "Saved curriculum" : "Kurikulum disimpan:", c->name,
      *v);
  return kExitOk;
}

}  // namespace

int DemoPlanningData(const GlobalOptions& g, OpenRegistry& o, const Scope& scope, uint64_t seed) {
  auto ps = OpenPlanning(o);
  if (absl::IsUnimplemented(ps.status())) {
    std::cout << Tr(g, "Data perencanaan demo dilewati (hanya SQLite).",
                    "Demo planning data skipped (SQLite only).")
              << "\n";
    return kExitOk;
  }
  if (!ps.ok()) return Fail(ps.status());
  auto reg = o.registry();
  auto sum = service::GeneratePlanningData(reg, **ps, scope, seed);
  if (!sum.ok()) return Fail(sum.status());
  std::cout << fmt::format(
      "{} {} {}, {} {} (bimtek plan --scope {} --from 2024-01-25 --to "
      "2024-01-29)\n",
      Tr(g, "Data perencanaan:", "Planning data:"), sum->venues, Tr(g, "tempat", "venues"),
      sum->facilitators, Tr(g, "fasilitator", "facilitators"), scope.ToString());
  return kExitOk;
}

int DemoPlan(const GlobalOptions& g, OpenRegistry& o, const Scope& scope) {
  auto ps = OpenPlanning(o);
  if (absl::IsUnimplemented(ps.status())) return kExitOk;
  if (!ps.ok()) return Fail(ps.status());
  auto reg = o.registry();
  auto existing = service::LoadPlan(reg, **ps, scope, nullptr);
  if (!existing.ok()) return Fail(existing.status());
  if (existing->has_value()) return kExitOk;  // a demo run before planned it
  const service::PlanRequest req{scope, Date{2024, 1, 25}, Date{2024, 1, 29}};
  auto out = service::RunPlan(reg, **ps, req);
  if (!out.ok()) return Fail(out.status());
  auto accounts = OpenAccountsAt(o.db);
  if (!accounts.ok()) return Fail(accounts.status());
  service::Auth auth(**accounts, &reg, service::AuthConfig{});
  auto people = service::PublishPlan(reg, **ps, auth, scope, nullptr, std::time(nullptr));
  if (!people.ok()) return Fail(people.status());
  std::cout << fmt::format("{} {}: {} {}, {} {} (/kelas)\n",
                           Tr(g, "Rencana Bimtek diterbitkan", "Bimtek plan published"),
                           scope.ToString(), out->plan.summary.batches, Tr(g, "kelas", "batches"),
                           *people, Tr(g, "akun peserta", "participant accounts"));
  return kExitOk;
}

void RegisterPlan(CLI::App& app, GlobalOptions& g) {
  {
    auto* cmd = app.add_subcommand(
        "plan", "Plan the Bimtek batches of a scope (docs/planning.md); 'plan show' prints it");
    auto scope = std::make_shared<std::string>();
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    auto dry = std::make_shared<bool>(false);
    auto fresh = std::make_shared<bool>(false);
    cmd->add_option("--scope", *scope, "Region code (kabupaten/kota, kecamatan, …)");
    cmd->add_option("--from", *from, "First day of the window, YYYY-MM-DD");
    cmd->add_option("--to", *to, "Last day of the window, YYYY-MM-DD");
    cmd->add_flag("--json", *json, "Print the plan as JSON");
    cmd->add_flag("--dry-run", *dry, "Plan and print; save nothing");
    cmd->add_flag("--fresh", *fresh, "Ignore the plan in force (no re-plan)");
    cmd->require_subcommand(0, 1);
    auto* show = cmd->add_subcommand("show", "Print the saved plan of a scope");
    auto show_scope = std::make_shared<std::string>();
    auto show_json = std::make_shared<bool>(false);
    show->add_option("--scope", *show_scope, "Region code")->required();
    show->add_flag("--json", *show_json, "Print the plan as JSON");
    show->callback(
        [&g, show_scope, show_json] { g.exit_code = RunShow(g, *show_scope, *show_json); });
    cmd->callback([&g, cmd, show, scope, from, to, json, dry, fresh] {
      if (show->parsed()) return;
      if (scope->empty() || from->empty() || to->empty()) {
        std::cerr << "bimtek: plan needs --scope, --from and --to (or: plan show --scope)\n";
        g.exit_code = kExitFailure;
        return;
      }
      (void)cmd;
      g.exit_code = RunPlan(g, *scope, *from, *to, *json, *dry, *fresh);
    });
  }
  for (const bool venue : {true, false}) {
    auto* cmd = app.add_subcommand(
        venue ? "venue" : "facilitator",
        venue ? "Import or cancel Bimtek venues" : "Import or withdraw Bimtek facilitators");
    cmd->require_subcommand(1);
    auto* imp = cmd->add_subcommand("import", "Import from a CSV or XLSX file (docs/planning.md)");
    auto file = std::make_shared<std::string>();
    auto dry = std::make_shared<bool>(false);
    auto json = std::make_shared<bool>(false);
    imp->add_option("FILE", *file, "CSV or XLSX file")->required();
    imp->add_flag("--dry-run", *dry, "Check only; change nothing");
    imp->add_flag("--json", *json, "Print the report as JSON");
    imp->callback(
        [&g, venue, file, dry, json] { g.exit_code = RunImport(g, venue, *file, *dry, *json); });
    auto* cancel = cmd->add_subcommand("cancel", venue ? "Cancel a venue (then re-plan)"
                                                       : "Withdraw a facilitator (then re-plan)");
    auto code = std::make_shared<std::string>();
    cancel->add_option("CODE", *code, venue ? "kode_tempat" : "kode_fasilitator")->required();
    cancel->callback([&g, venue, code] { g.exit_code = RunCancel(g, venue, *code); });
  }
  {
    auto* cmd = app.add_subcommand("curriculum", "Show or edit the Bimtek curriculum");
    cmd->require_subcommand(1);
    auto* show = cmd->add_subcommand("show", "Print the curriculum in force");
    auto version = std::make_shared<int>(0);
    auto json = std::make_shared<bool>(false);
    show->add_option("--version", *version, "An older version");
    show->add_flag("--json", *json, "Print the JSON document (to edit and save)");
    show->callback([&g, version, json] { g.exit_code = RunCurriculumShow(g, *version, *json); });
    auto* save = cmd->add_subcommand("save", "Save an edited curriculum JSON as a new version");
    auto file = std::make_shared<std::string>();
    auto note = std::make_shared<std::string>();
    save->add_option("FILE", *file, "Curriculum JSON")->required();
    save->add_option("--note", *note, "What changed");
    save->callback([&g, file, note] { g.exit_code = RunCurriculumSave(g, *file, *note); });
  }
}

}  // namespace bimtek::cli
