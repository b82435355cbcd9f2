// `bimtek invitations` and `bimtek attendance-sheet` (issue 4): the documents of Bimtek batches
// described in a JSON file (docs/invitations.md, "Batch JSON"), or of the saved plan of a scope
// (--scope, "Store-backed invitations": access codes issued at print time). Exit 0 done (numbers without a WhatsApp link are listed, not errors), 1 the batch file
// has errors (nothing written), 2 the command could not run (unreadable file, unwritable output).
#include <sys/stat.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "base/strings.h"
#include "cli/common.h"
#include "service/invitations.h"
#include "store/sqlite/sqlite_planning.h"
#include "render/batch_json.h"
#include "render/bulk.h"
#include "render/letters.h"

namespace bimtek::cli {
namespace {

struct DocOptions {
  std::string batch_json;
  std::string scope;  // store-backed: the saved plan of this scope
  std::string batch_id;
  std::string out;
  std::string url_base;
  std::string uid_domain;
  int threads = 0;
  bool no_ics = false;
  bool no_links = false;
};

// Reads and parses the batch file, keeping only --batch when given. Prints the problem and sets
// `exit_code` on failure.
// The batches of the saved plan of --scope (all, or --batch N), with access codes unless
// `with_codes` is false.
std::optional<std::vector<render::Batch>> LoadStoredBatches(const DocOptions& o,
                                                            const GlobalOptions& g, int& exit_code,
                                                            bool with_codes) {
  auto fail = [&](const Status& s) {
    exit_code = absl::IsNotFound(s) || absl::IsInvalidArgument(s) ? kExitDataErrors : kExitFailure;
    std::cerr << "bimtek: " << s.message() << '\n';
    return std::nullopt;
  };
  auto scope = ParseScope(o.scope);
  if (!scope.ok()) return fail(scope.status());
  auto opened = Open(g);
  if (!opened.ok()) return fail(opened.status());
  auto ps = OpenPlanningAt(opened->db);
  if (!ps.ok()) return fail(ps.status());
  auto accounts = OpenAccountsAt(opened->db);
  if (!accounts.ok()) return fail(accounts.status());
  service::Registry reg = opened->registry();
  service::Auth auth(**accounts, &reg, service::AuthConfig{});
  service::LetterOptions letters;
  letters.with_codes = with_codes;
  if (!o.batch_id.empty()) {
    int64_t id = 0;
    const char* end = o.batch_id.data() + o.batch_id.size();
    if (std::from_chars(o.batch_id.data(), end, id).ptr != end || id <= 0) {
      return fail(absl::InvalidArgumentError(
          StrCat("--batch ", o.batch_id, ": a batch number of the plan (plan show) is expected")));
    }
    auto b = service::BatchDocument(reg, **ps, auth, *scope, id, nullptr, letters);
    if (!b.ok()) return fail(b.status());
    return std::vector<render::Batch>{std::move(*b)};
  }
  auto all = service::PlanDocuments(reg, **ps, auth, *scope, nullptr, letters);
  if (!all.ok()) return fail(all.status());
  return std::move(*all);
}

std::optional<std::vector<render::Batch>> LoadBatches(const DocOptions& o, const GlobalOptions& g,
                                                      int& exit_code, bool with_codes = true) {
  if (o.batch_json.empty() == o.scope.empty()) {
    std::cerr << Tr(g, "bimtek: pilih salah satu: --batch-json FILE atau --scope KODE",
                    "bimtek: give one of --batch-json FILE or --scope CODE")
              << '\n';
    exit_code = kExitFailure;
    return std::nullopt;
  }
  if (!o.scope.empty()) return LoadStoredBatches(o, g, exit_code, with_codes);
  std::ifstream in(o.batch_json, std::ios::binary);
  if (!in) {
    std::cerr << Tr(g, "berkas tidak dapat dibaca: ", "cannot read ") << o.batch_json << '\n';
    exit_code = kExitFailure;
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  StatusOr<std::vector<render::Batch>> batches = render::ParseBatchesJson(ss.str());
  if (!batches.ok()) {
    std::cerr << o.batch_json << ": "
              << Tr(g, "deskripsi kelas tidak sah: ", "invalid batch file: ")
              << batches.status().message() << '\n';
    exit_code = kExitDataErrors;
    return std::nullopt;
  }
  if (!o.batch_id.empty()) {
    for (render::Batch& b : *batches) {
      if (b.id == o.batch_id) return std::vector<render::Batch>{std::move(b)};
    }
    std::cerr << o.batch_json << ": " << Tr(g, "tidak ada kelas ", "no batch ") << o.batch_id
              << '\n';
    exit_code = kExitDataErrors;
    return std::nullopt;
  }
  return std::move(*batches);
}

render::RenderOptions RenderOptionsOf(const DocOptions& o) {
  render::RenderOptions r;
  if (!o.url_base.empty()) r.access_url_base = o.url_base;
  if (!o.uid_domain.empty()) r.uid_domain = o.uid_domain;
  return r;
}

int RunInvitations(const DocOptions& o, const GlobalOptions& g) {
  int exit_code = kExitOk;
  std::optional<std::vector<render::Batch>> batches = LoadBatches(o, g, exit_code);
  if (!batches) return exit_code;
  struct stat st;
  if (stat(o.out.c_str(), &st) != 0) {
    if (mkdir(o.out.c_str(), 0755) != 0) {
      std::cerr << Tr(g, "folder tidak dapat dibuat: ", "cannot create the folder ") << o.out
                << '\n';
      return kExitFailure;
    }
  } else if (!S_ISDIR(st.st_mode)) {
    std::cerr << o.out << Tr(g, " bukan folder", " is not a folder") << '\n';
    return kExitFailure;
  }
  render::BulkOptions bulk;
  bulk.render = RenderOptionsOf(o);
  bulk.threads = o.threads > 0
                     ? o.threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bulk.dtstamp_unix = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  bulk.write_ics = !o.no_ics;
  bulk.write_links = !o.no_links;
  const auto t0 = std::chrono::steady_clock::now();
  StatusOr<render::BulkResult> result = render::WriteInvitations(*batches, o.out, bulk);
  if (!result.ok()) {
    if (result.status().code() == absl::StatusCode::kInvalidArgument) {
      std::cerr << Tr(g, "kelas tidak sah: ", "invalid batch: ") << result.status().message()
                << '\n';
      return kExitDataErrors;
    }
    return Fail(result.status());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << result->batches << Tr(g, " kelas, ", " batches, ") << result->letters
            << Tr(g, " surat undangan", " letters");
  if (bulk.write_links) {
    std::cout << ", " << result->links << Tr(g, " tautan WhatsApp", " WhatsApp links");
  }
  std::cout << Tr(g, " ditulis ke ", " written to ") << o.out << " ("
            << fmt::format("{:.1f}", seconds) << " s)\n";
  if (!result->problems.empty()) {
    std::cout << result->problems.size()
              << Tr(g, " nomor tidak dapat dipakai untuk WhatsApp (kolom problem pada CSV):",
                    " numbers give no WhatsApp link (the CSV's problem column):")
              << '\n';
    for (const render::LinkProblem& p : result->problems) {
      std::cout << "  " << p.batch_id << " #" << p.index << " " << p.name << ": " << p.reason
                << '\n';
    }
  }
  return kExitOk;
}

int RunAttendanceSheet(const DocOptions& o, const GlobalOptions& g) {
  int exit_code = kExitOk;
  std::optional<std::vector<render::Batch>> batches = LoadBatches(o, g, exit_code, false);
  if (!batches) return exit_code;
  if (batches->size() != 1) {
    std::cerr << (o.scope.empty() ? o.batch_json : o.scope)
              << Tr(g, ": berisi lebih dari satu kelas; pilih dengan --batch ID",
                    ": holds more than one batch; choose one with --batch ID")
              << '\n';
    return kExitDataErrors;
  }
  StatusOr<std::string> pdf = render::AttendanceSheetPdf((*batches)[0]);
  if (!pdf.ok()) return Fail(pdf.status());
  if (Status s = render::WriteFileAtomically(o.out, *pdf); !s.ok()) return Fail(s);
  std::cout << Tr(g, "daftar hadir ", "attendance sheet ") << (*batches)[0].id << " ("
            << (*batches)[0].participants.size()
            << Tr(g, " peserta) ditulis ke ", " participants) written to ") << o.out << '\n';
  return kExitOk;
}

}  // namespace

void RegisterInvitations(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<DocOptions>();
  CLI::App* cmd = app.add_subcommand(
      "invitations", "Invitation letters (PDF), iCalendar and WhatsApp links of Bimtek batches");
  cmd->add_option("--batch-json", o->batch_json,
                  "Batch description (JSON, docs/invitations.md): one batch or {\"batches\":[…]}");
  cmd->add_option("--scope", o->scope,
                  "Instead of --batch-json: the saved plan of this scope (codes issued at print)");
  cmd->add_option("--batch", o->batch_id,
                  "Only this batch: an id of the file, or a batch number of the saved plan");
  cmd->add_option("--out", o->out, "Output folder (created when missing)")->required();
  cmd->add_option("--url-base", o->url_base,
                  "Access link prefix; the code is appended (default "
                  "https://bimtek.kpu.go.id/masuk?kode=)");
  cmd->add_option("--uid-domain", o->uid_domain, "iCalendar UID domain (default bimtek.kpu.go.id)");
  cmd->add_option("--threads", o->threads, "Batches rendered at once (default: the cores)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--no-ics", o->no_ics, "Do not write the .ics files");
  cmd->add_flag("--no-whatsapp", o->no_links, "Do not write the WhatsApp CSV files");
  cmd->callback([o, &g] { g.exit_code = RunInvitations(*o, g); });
}

void RegisterAttendanceSheet(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<DocOptions>();
  CLI::App* cmd =
      app.add_subcommand("attendance-sheet", "Printable attendance list (PDF) of one Bimtek batch");
  cmd->add_option("--batch-json", o->batch_json, "Batch description (JSON, docs/invitations.md)");
  cmd->add_option("--scope", o->scope, "Instead of --batch-json: the saved plan of this scope");
  cmd->add_option("--batch", o->batch_id,
                  "The batch id (needed when the file or plan holds several)");
  cmd->add_option("--out", o->out, "The PDF file to write")->required();
  cmd->callback([o, &g] { g.exit_code = RunAttendanceSheet(*o, g); });
}

}  // namespace bimtek::cli
