// The question bank store interface: items with every version kept (an edit makes a new version;
// a test result names the version it was given), and each version's image. Implemented by
// sqlite/sqlite_questions.cc; a PostgreSQL one can follow the same contract.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/questions/question.h"

namespace bimtek::store {

// What PutQuestions did with one item.
enum class PutOutcome {
  kNew,         // the id was not in the bank: version 1
  kNewVersion,  // the content differs from the latest version: version latest + 1
  kUnchanged,   // the same content as the latest version: nothing written
};

struct PutResult {
  std::string id;
  int version = 0;  // the version now latest
  PutOutcome outcome = PutOutcome::kNew;
};

struct QuestionFilter {
  std::string module;  // "" for all
  std::string topic;   // "" for all
};

struct VersionInfo {
  int version = 0;
  int64_t created_unix = 0;
};

// One object is used by one thread at a time. Errors: Unavailable when the store is busy;
// Internal on other store failures; InvalidArgument when a stored item cannot be read back.
class QuestionStore {
 public:
  virtual ~QuestionStore() = default;

  // Writes every item or none (one transaction). Items are not validated here (the service
  // does); their `version` is ignored and assigned.
  virtual StatusOr<std::vector<PutResult>> PutQuestions(
      const std::vector<questions::Question>& items, int64_t now_unix) = 0;
  // One version of an item with its image bytes; version 0 means the latest. nullopt when
  // there is no such item or version.
  virtual StatusOr<std::optional<questions::Question>> GetQuestion(std::string_view id,
                                                                   int version = 0) = 0;
  // The latest version of every item that passes the filter, by id; images with their bytes
  // when `with_media`.
  virtual StatusOr<std::vector<questions::Question>> ListQuestions(const QuestionFilter& filter,
                                                                   bool with_media) = 0;
  // Every version of an item, oldest first; empty when there is no such item.
  virtual StatusOr<std::vector<VersionInfo>> ListVersions(std::string_view id) = 0;
  // How many items (not versions) the bank has.
  virtual StatusOr<int64_t> CountQuestions() = 0;
};

}  // namespace bimtek::store
