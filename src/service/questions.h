// Question bank use cases (issue 5): import a bank file (our JSON, or a QTI package: zip,
// directory or one item file), export the bank (QTI 3.0 or JSON), list it, and load the
// starter bank compiled into the program. The bank is national: no region scope applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/questions/question.h"
#include "core/questions/question_json.h"
#include "io/qti.h"
#include "store/accounts.h"
#include "store/questions.h"

namespace bimtek::service {

enum class QuestionFileFormat { kJson, kQti };

struct QuestionImportOptions {
  bool dry_run = false;
  // For QTI items that carry no Bimtek metadata (packages written by others).
  std::string default_module;
  std::vector<std::string> default_topics;
};

struct QuestionImportReport {
  std::string file;
  QuestionFileFormat format = QuestionFileFormat::kJson;
  std::vector<questions::Question> items;        // what the file holds (supported items)
  std::vector<io::QtiUnsupported> unsupported;   // QTI items not imported, by interaction
  std::vector<questions::ItemProblem> problems;  // by item and field; errors block the import
  std::vector<store::PutResult> results;         // per item; empty unless written
  bool written = false;
  int new_items = 0, new_versions = 0, unchanged = 0;
};

// Reads `path` (format by content: a zip or directory is QTI, a file whose root element is an
// assessment item is QTI, else our JSON) and, when it has no errors and !dry_run, writes every
// item in one transaction (a changed item gets a new version). Statuses only for a file that
// cannot be read at all (NotFound, InvalidArgument) or a store failure; problems of items are in
// the report (and nothing is written).
StatusOr<QuestionImportReport> ImportQuestionsFile(store::QuestionStore& store,
                                                   const std::string& path,
                                                   const QuestionImportOptions& options,
                                                   int64_t now_unix);

// The bank (latest versions, filtered) as a QTI 3.0 package (zip bytes).
StatusOr<std::string> ExportQti3Zip(store::QuestionStore& store,
                                    const store::QuestionFilter& filter);
// The bank as our JSON file, with the image files (path -> bytes) to write beside it.
struct JsonExport {
  std::string json;
  io::PackageFiles media;
};
StatusOr<JsonExport> ExportJson(store::QuestionStore& store, const store::QuestionFilter& filter);

// Loads the embedded starter bank (data/questions/bank-2024.json) when the bank is empty.
// Returns how many items were loaded (0 when the bank had items). NotFound when the program was
// built without the starter bank; Internal when the embedded file has errors.
StatusOr<int> EnsureStarterBank(store::QuestionStore& store, int64_t now_unix);

}  // namespace bimtek::service

// ---- Editing the bank from the pages (issue 5 item 8; docs/assessment.md, "Pages") ----
namespace bimtek::service {

// Who may read the bank (every staff role; participants never) and who may change it and build
// tests from the pages (national, province and kabupaten/kota operators).
bool MayReadBank(const store::UserRow& user);
bool MayEditBank(const store::UserRow& user);

// What SaveQuestion did: the problems by field (nothing written when one is an error), or the
// version written.
struct SaveQuestionReport {
  std::vector<questions::ItemProblem> problems;
  std::optional<store::PutResult> result;
};

// Validates `q` and writes it as a new version (`is_new`: a new item, whose id must not be in
// the bank yet; else an existing item, NotFound when absent). Errors: PermissionDenied when the
// user may not edit; problems of the item are in the report (and nothing is written).
StatusOr<SaveQuestionReport> SaveQuestion(store::QuestionStore& store, const store::UserRow& user,
                                          const questions::Question& q, bool is_new,
                                          int64_t now_unix);

}  // namespace bimtek::service
