// The question bank's JSON file (format "bimtek-questions/1", docs/question-format.md): read
// with every problem reported by item and field, and written back in the same layout.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/questions/question.h"

namespace bimtek::questions {

inline constexpr std::string_view kBankFormat = "bimtek-questions/1";

struct Bank {
  std::string language = "id";
  std::string license;
  std::vector<Question> items;
};

struct ParsedBank {
  Bank bank;
  // Problems of shape (a field of the wrong JSON type, an unknown field) and every validation
  // problem of the items (ValidateAll). Items with shape errors are still listed in bank.items
  // with what could be read.
  std::vector<ItemProblem> problems;
};

// InvalidArgument when the text is not JSON (with line and column) or not this format; the
// problems of single items are in the result.
StatusOr<ParsedBank> ParseBankJson(std::string_view text);
// Pretty-printed JSON (two-space indent) in the field order of the format; media bytes are not
// part of the file (they are files beside it, at media.src).
std::string WriteBankJson(const Bank& bank);

// One item as a compact JSON object of the same layout (the store keeps items this way), and
// back: InvalidArgument naming the first problem of shape (not the validation rules).
std::string ItemToJson(const Question& q);
StatusOr<Question> ItemFromJson(std::string_view text);

}  // namespace bimtek::questions
