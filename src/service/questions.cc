#include "service/questions.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "assets/assets.h"
#include "base/strings.h"

namespace bimtek::service {

namespace {

namespace fs = std::filesystem;
using questions::ItemProblem;

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot be opened"));
  std::ostringstream data;
  data << in.rdbuf();
  if (in.bad()) return absl::InvalidArgumentError(StrCat(path, ": cannot be read"));
  return data.str();
}

bool LooksLikeQtiItem(std::string_view bytes) {
  // An XML file whose root element is an assessment item (QTI 2.x or 3.0).
  const size_t head = std::min<size_t>(bytes.size(), 4096);
  const std::string_view h = bytes.substr(0, head);
  return h.find("<assessmentItem") != std::string_view::npos ||
         h.find("<qti-assessment-item") != std::string_view::npos ||
         h.find(":assessmentItem") != std::string_view::npos;
}

// Loads each item's image from beside the JSON file; a missing file is a problem of the item.
void LoadJsonMedia(const std::string& path, std::vector<questions::Question>& items,
                   std::vector<ItemProblem>& problems) {
  const fs::path dir = fs::path(path).parent_path();
  for (questions::Question& q : items) {
    if (!q.media.has_value() || !questions::IsValidMediaSrc(q.media->src)) continue;
    auto bytes = ReadFile((dir / q.media->src).string());
    if (!bytes.ok()) {
      problems.push_back(
          {q.id, "media.src", "question.media.not_found", {q.media->src}, Severity::kError});
      continue;
    }
    q.media->bytes = *std::move(bytes);
  }
}

}  // namespace

StatusOr<QuestionImportReport> ImportQuestionsFile(store::QuestionStore& store,
                                                   const std::string& path,
                                                   const QuestionImportOptions& options,
                                                   int64_t now_unix) {
  QuestionImportReport report;
  report.file = path;
  std::error_code ec;
  io::PackageFiles package;
  bool qti = false;
  if (fs::is_directory(path, ec)) {
    ASSIGN_OR_RETURN(package, io::ReadDirectory(path));
    qti = true;
  } else {
    std::string bytes;
    if (auto read = ReadFile(path); read.ok()) {
      bytes = std::move(*read);
    } else {
      return read.status();
    }
    if (std::string_view(bytes).starts_with(std::string_view("PK\x03\x04", 4))) {
      ASSIGN_OR_RETURN(package, io::ReadZip(bytes, fs::path(path).filename().string()));
      qti = true;
    } else if (LooksLikeQtiItem(bytes)) {
      // One item file, alone (a zip or a directory brings its images too).
      package[fs::path(path).filename().string()] = std::move(bytes);
      qti = true;
    } else {
      ASSIGN_OR_RETURN(questions::ParsedBank parsed, questions::ParseBankJson(bytes));
      report.items = std::move(parsed.bank.items);
      report.problems = std::move(parsed.problems);
      LoadJsonMedia(path, report.items, report.problems);
    }
  }
  if (qti) {
    report.format = QuestionFileFormat::kQti;
    io::QtiImportOptions qo{options.default_module, options.default_topics};
    ASSIGN_OR_RETURN(io::QtiImport imported, io::ImportQti(package, qo));
    report.items = std::move(imported.items);
    report.unsupported = std::move(imported.unsupported);
    report.problems = std::move(imported.problems);
  }
  if (questions::HasErrors(report.problems) || options.dry_run || report.items.empty()) {
    return report;
  }
  ASSIGN_OR_RETURN(report.results, store.PutQuestions(report.items, now_unix));
  report.written = true;
  for (const store::PutResult& r : report.results) {
    switch (r.outcome) {
      case store::PutOutcome::kNew:
        ++report.new_items;
        break;
      case store::PutOutcome::kNewVersion:
        ++report.new_versions;
        break;
      case store::PutOutcome::kUnchanged:
        ++report.unchanged;
        break;
    }
  }
  return report;
}

StatusOr<std::string> ExportQti3Zip(store::QuestionStore& store,
                                    const store::QuestionFilter& filter) {
  ASSIGN_OR_RETURN(std::vector<questions::Question> items,
                   store.ListQuestions(filter, /*with_media=*/true));
  ASSIGN_OR_RETURN(io::PackageFiles files, io::ExportQti3(items));
  return io::WriteZip(files);
}

StatusOr<JsonExport> ExportJson(store::QuestionStore& store, const store::QuestionFilter& filter) {
  ASSIGN_OR_RETURN(std::vector<questions::Question> items,
                   store.ListQuestions(filter, /*with_media=*/true));
  JsonExport out;
  questions::Bank bank;
  for (questions::Question& q : items) {
    if (q.media.has_value() && !q.media->bytes.empty()) {
      out.media[q.media->src] = q.media->bytes;
    }
    bank.items.push_back(std::move(q));
  }
  out.json = questions::WriteBankJson(bank);
  return out;
}

StatusOr<int> EnsureStarterBank(store::QuestionStore& store, int64_t now_unix) {
  ASSIGN_OR_RETURN(int64_t count, store.CountQuestions());
  if (count > 0) return 0;
  const std::string_view text = assets::QuestionBankJson();
  if (text.empty()) {
    return absl::NotFoundError("this program was built without the starter question bank");
  }
  auto parsed = questions::ParseBankJson(text);
  if (!parsed.ok()) {
    return absl::InternalError(StrCat("the starter question bank: ", parsed.status().message()));
  }
  for (const ItemProblem& p : parsed->problems) {
    if (p.severity == Severity::kError) {
      return absl::InternalError(
          StrCat("the starter question bank: ", questions::Describe(p, Lang::kEn)));
    }
  }
  ASSIGN_OR_RETURN(auto results, store.PutQuestions(parsed->bank.items, now_unix));
  return static_cast<int>(results.size());
}

}  // namespace bimtek::service

namespace bimtek::service {

bool MayReadBank(const store::UserRow& user) {
  return user.active && user.role != store::UserRole::kParticipant;
}

bool MayEditBank(const store::UserRow& user) {
  return user.active &&
         (user.role == store::UserRole::kNationalAdmin || user.role == store::UserRole::kProvince ||
          user.role == store::UserRole::kKabKota);
}

StatusOr<SaveQuestionReport> SaveQuestion(store::QuestionStore& store, const store::UserRow& user,
                                          const questions::Question& q, bool is_new,
                                          int64_t now_unix) {
  if (!MayEditBank(user)) {
    return absl::PermissionDeniedError(
        "only national, province and kabupaten/kota operators "
        "edit the question bank");
  }
  SaveQuestionReport report;
  report.problems = questions::Validate(q);
  if (questions::IsValidItemId(q.id)) {
    ASSIGN_OR_RETURN(auto existing, store.GetQuestion(q.id));
    if (is_new && existing.has_value()) {
      report.problems.push_back({q.id, "id", "question.id.taken", {q.id}, Severity::kError});
    } else if (!is_new && !existing.has_value()) {
      return absl::NotFoundError(StrCat("question ", q.id));
    }
  }
  if (questions::HasErrors(report.problems)) return report;
  ASSIGN_OR_RETURN(auto results, store.PutQuestions({q}, now_unix));
  if (!results.empty()) report.result = results.front();
  return report;
}

}  // namespace bimtek::service
