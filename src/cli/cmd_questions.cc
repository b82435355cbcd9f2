// `bimtek questions import|export|list|show`: the question bank (issue 5; docs/cli.md,
// docs/question-format.md). Exit 0 done; 1 the file has errors (nothing written); 2 the command
// could not run.
#include "cli/cmd_questions.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/strings.h"
#include "cli/common.h"
#include "core/questions/question_json.h"
#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "service/questions.h"

namespace bimtek::cli {

namespace {

namespace fs = std::filesystem;

struct QuestionsOptions {
  std::string file;
  bool dry_run = false;
  bool json = false;
  std::string module;
  std::string topic;
  std::vector<std::string> topics;  // import: defaults for QTI items without Bimtek metadata
  std::string format = "qti3";
  std::string out;
  std::string id;
  int version = 0;
};

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// The question bank of the store named by the global options (created and migrated as needed).
StatusOr<std::unique_ptr<store::QuestionStore>> OpenBank(const GlobalOptions& g) {
  ASSIGN_OR_RETURN(OpenRegistry o, Open(g));
  return OpenQuestionsAt(o.db);
}

// The first use of an empty bank loads the starter bank compiled into the program.
Status FirstUse(const GlobalOptions& g, store::QuestionStore& bank) {
  auto loaded = service::EnsureStarterBank(bank, Now());
  if (!loaded.ok() && !absl::IsNotFound(loaded.status())) return loaded.status();
  if (loaded.ok() && *loaded > 0) {
    std::cerr << fmt::format(
        "{} {}\n", Tr(g, "Bank soal awal dimuat, soal:", "Starter question bank loaded, items:"),
        *loaded);
  }
  return absl::OkStatus();
}

std::string Clip(std::string_view s, size_t max_chars) {
  // Cuts on a UTF-8 character boundary; one line.
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) return out + "…";
      ++chars;
    }
    out.push_back(s[i] == '\n' ? ' ' : s[i]);
  }
  return out;
}

int RunImport(const QuestionsOptions& o, const GlobalOptions& g) {
  auto bank = OpenBank(g);
  if (!bank.ok()) return Fail(bank.status());
  service::QuestionImportOptions io{o.dry_run, o.module, o.topics};
  auto report = service::ImportQuestionsFile(**bank, o.file, io, Now());
  if (!report.ok()) return Fail(report.status());
  const Lang lang = LangOf(g);
  const bool errors = questions::HasErrors(report->problems);
  if (o.json) {
    nlohmann::ordered_json j;
    j["file"] = report->file;
    j["format"] = report->format == service::QuestionFileFormat::kQti ? "qti" : "json";
    j["items"] = report->items.size();
    nlohmann::ordered_json by_type = nlohmann::ordered_json::object();
    for (const auto& q : report->items) {
      const std::string t(questions::TypeName(q.type));
      by_type[t] = by_type.value(t, 0) + 1;
    }
    j["items_by_type"] = by_type;
    auto unsupported = nlohmann::ordered_json::array();
    for (const auto& u : report->unsupported) {
      unsupported.push_back({{"item", u.item}, {"file", u.file}, {"interaction", u.interaction}});
    }
    j["unsupported"] = unsupported;
    auto problems = nlohmann::ordered_json::array();
    for (const auto& p : report->problems) {
      problems.push_back({{"item", p.item},
                          {"field", p.field},
                          {"code", p.code},
                          {"severity", p.severity == Severity::kError ? "error" : "warning"},
                          {"message", questions::Describe(p, lang)}});
    }
    j["problems"] = problems;
    j["written"] = report->written;
    j["new_items"] = report->new_items;
    j["new_versions"] = report->new_versions;
    j["unchanged"] = report->unchanged;
    std::cout << j.dump(2) << "\n";
  } else {
    for (const auto& p : report->problems) {
      std::cout << questions::Describe(p, lang) << "\n";
    }
    std::cout << fmt::format("{}: {} {}", report->file, report->items.size(),
                             Tr(g, "soal terbaca", "items read"));
    if (!report->unsupported.empty()) {
      std::cout << fmt::format(", {} {}", report->unsupported.size(),
                               Tr(g, "interaksi tidak didukung (soal tidak diimpor)",
                                  "unsupported interactions (items not imported)"));
    }
    std::cout << "\n";
    if (report->written) {
      std::cout << fmt::format("{} {}, {} {}, {} {}\n", report->new_items,
                               Tr(g, "soal baru", "new items"), report->new_versions,
                               Tr(g, "versi baru", "new versions"), report->unchanged,
                               Tr(g, "tidak berubah", "unchanged"));
    } else if (errors) {
      std::cout << Tr(g, "Ada kesalahan: tidak ada yang disimpan.",
                      "There are errors: nothing was written.")
                << "\n";
    } else if (o.dry_run) {
      std::cout << Tr(g, "Uji coba: tidak ada yang disimpan.", "Dry run: nothing was written.")
                << "\n";
    }
  }
  return errors ? kExitDataErrors : kExitOk;
}

Status WriteFile(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  // Written beside and renamed, so that a failure leaves no half file.
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return absl::UnavailableError(StrCat(tmp.string(), ": cannot be written"));
  }
  fs::rename(tmp, path, ec);
  if (ec) return absl::UnavailableError(StrCat(path.string(), ": ", ec.message()));
  return absl::OkStatus();
}

int RunExport(const QuestionsOptions& o, const GlobalOptions& g) {
  auto bank = OpenBank(g);
  if (!bank.ok()) return Fail(bank.status());
  if (Status s = FirstUse(g, **bank); !s.ok()) return Fail(s);
  const store::QuestionFilter filter{o.module, o.topic};
  if (o.format == "qti3") {
    auto zip = service::ExportQti3Zip(**bank, filter);
    if (!zip.ok()) return Fail(zip.status());
    if (Status s = WriteFile(o.out, *zip); !s.ok()) return Fail(s);
  } else {
    auto out = service::ExportJson(**bank, filter);
    if (!out.ok()) return Fail(out.status());
    const fs::path dir = fs::path(o.out).parent_path();
    for (const auto& [src, bytes] : out->media) {
      if (Status s = WriteFile(dir / src, bytes); !s.ok()) return Fail(s);
    }
    if (Status s = WriteFile(o.out, out->json); !s.ok()) return Fail(s);
  }
  auto n = (*bank)->ListQuestions(filter, false);
  std::cout << fmt::format("{} {} -> {}\n", n.ok() ? n->size() : 0,
                           Tr(g, "soal diekspor", "items exported"), o.out);
  return kExitOk;
}

int RunList(const QuestionsOptions& o, const GlobalOptions& g) {
  auto bank = OpenBank(g);
  if (!bank.ok()) return Fail(bank.status());
  if (Status s = FirstUse(g, **bank); !s.ok()) return Fail(s);
  auto items = (*bank)->ListQuestions({o.module, o.topic}, false);
  if (!items.ok()) return Fail(items.status());
  if (o.json) {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& q : *items) {
      arr.push_back({{"id", q.id},
                     {"version", q.version},
                     {"type", std::string(questions::TypeName(q.type))},
                     {"module", q.module},
                     {"topics", q.topics},
                     {"stem", q.stem}});
    }
    std::cout << nlohmann::ordered_json{{"items", arr}, {"total", items->size()}}.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("{:<16} {:>5} {:<9} {:<6} {:<28} {}\n", Tr(g, "kode", "id"), "versi",
                           Tr(g, "jenis", "type"), Tr(g, "modul", "module"),
                           Tr(g, "topik", "topics"), Tr(g, "pokok soal", "stem"));
  for (const auto& q : *items) {
    std::string topics;
    for (const auto& t : q.topics) topics += (topics.empty() ? "" : ",") + t;
    std::cout << fmt::format("{:<16} {:>5} {:<9} {:<6} {:<28} {}\n", q.id, q.version,
                             questions::TypeName(q.type), q.module, topics, Clip(q.stem, 60));
  }
  std::cout << fmt::format("{} {}\n", items->size(), Tr(g, "soal", "items"));
  return kExitOk;
}

int RunShow(const QuestionsOptions& o, const GlobalOptions& g) {
  auto bank = OpenBank(g);
  if (!bank.ok()) return Fail(bank.status());
  auto q = (*bank)->GetQuestion(o.id, o.version);
  if (!q.ok()) return Fail(q.status());
  if (!q->has_value()) {
    std::cerr << fmt::format("bimtek: {} {}{}\n", Tr(g, "soal tidak ada:", "no such item:"), o.id,
                             o.version > 0 ? fmt::format(" v{}", o.version) : "");
    return kExitFailure;
  }
  auto versions = (*bank)->ListVersions(o.id);
  if (!versions.ok()) return Fail(versions.status());
  auto j = nlohmann::ordered_json::parse(questions::ItemToJson(**q));
  j["version"] = (*q)->version;
  auto all = nlohmann::ordered_json::array();
  for (const auto& v : *versions)
    all.push_back({{"version", v.version}, {"created_unix", v.created_unix}});
  j["versions"] = all;
  std::cout << j.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

int DemoQuestionBank(const GlobalOptions& g, const std::string& db) {
  auto bank = OpenQuestionsAt(db);
  if (!bank.ok()) return Fail(bank.status());
  auto loaded = service::EnsureStarterBank(**bank, Now());
  if (!loaded.ok() && !absl::IsNotFound(loaded.status())) return Fail(loaded.status());
  auto n = (*bank)->CountQuestions();
  if (!n.ok()) return Fail(n.status());
  std::cout << fmt::format("{} {}{}\n", Tr(g, "Bank soal:", "Question bank:"), *n,
                           loaded.ok() && *loaded > 0 ? Tr(g, " soal (bank soal awal dimuat)",
                                                           " items (starter bank loaded)")
                                                      : Tr(g, " soal", " items"));
  return kExitOk;
}

void RegisterQuestions(CLI::App& app, GlobalOptions& g) {
  CLI::App* cmd = app.add_subcommand("questions", "The question bank: import, export, list, show");
  cmd->require_subcommand(1);
  auto o = std::make_shared<QuestionsOptions>();

  CLI::App* imp = cmd->add_subcommand(
      "import", "Import a bank file: our JSON, or a QTI 2.1/3.0 package (.zip, a directory, .xml)");
  imp->add_option("file", o->file, "The file or directory")->required();
  imp->add_flag("--dry-run", o->dry_run, "Check everything, write nothing");
  imp->add_flag("--json", o->json, "Print the report as JSON");
  imp->add_option("--module", o->module,
                  "Module for QTI items without Bimtek metadata (M1..M4, EVAL)");
  imp->add_option("--topics", o->topics, "Topics for QTI items without Bimtek metadata")
      ->delimiter(',');
  imp->callback([o, &g] { g.exit_code = RunImport(*o, g); });

  CLI::App* exp = cmd->add_subcommand("export", "Export the bank (latest versions)");
  exp->add_option("--format", o->format, "qti3 (a zip, default) or json")
      ->check(CLI::IsMember({"qti3", "json"}));
  exp->add_option("--out", o->out, "The file to write")->required();
  exp->add_option("--module", o->module, "Only this module");
  exp->add_option("--topic", o->topic, "Only items with this topic");
  exp->callback([o, &g] { g.exit_code = RunExport(*o, g); });

  CLI::App* list = cmd->add_subcommand("list", "List the bank (latest versions)");
  list->add_option("--module", o->module, "Only this module");
  list->add_option("--topic", o->topic, "Only items with this topic");
  list->add_flag("--json", o->json, "Print JSON");
  list->callback([o, &g] { g.exit_code = RunList(*o, g); });

  CLI::App* show = cmd->add_subcommand("show", "One item as JSON, with its versions");
  show->add_option("id", o->id, "The item id")->required();
  show->add_option("--version", o->version, "A version (default: the latest)");
  show->callback([o, &g] { g.exit_code = RunShow(*o, g); });
}

}  // namespace bimtek::cli
