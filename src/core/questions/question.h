// The question bank's items: single choice, multiple response, true/false and matching, with
// their key, explanation, curriculum tags and an optional image; and their validation. Pure: the
// JSON form lives in question_json.h, QTI in io/qti.h, storage in store/questions.h.
// docs/question-format.md describes the fields and every rule checked here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/problem.h"

namespace bimtek::questions {

enum class ItemType { kSingle, kMultiple, kTrueFalse, kMatching };

std::string_view TypeName(ItemType t);  // "single", "multiple", "truefalse", "matching"
std::optional<ItemType> ParseType(std::string_view s);

// Curriculum modules (domain reference §2) and topic tags (the content contract).
const std::vector<std::string>& Modules();  // M1 M2 M3 M4 EVAL
const std::vector<std::string>& Topics();   // rules-procedures, equipment, ...

struct Choice {
  std::string id;  // an XML name: letter or '_' first, then letters, digits, '_', '-', '.'
  std::string text;
  bool operator==(const Choice&) const = default;
};

struct Media {
  std::string src;    // relative path: images/x.svg (no "..", no leading '/')
  std::string alt;    // text for screen readers; required
  std::string bytes;  // the file; empty when not loaded (the embedded starter bank)
  bool operator==(const Media&) const = default;
};

// The MIME type of a media path by its extension ("image/svg+xml"); "" when not an image type
// the bank accepts (svg, png, jpg/jpeg, gif, webp).
std::string_view MediaMime(std::string_view src);

struct Question {
  std::string id;  // stable, unique: [A-Z0-9-]+
  ItemType type = ItemType::kSingle;
  std::string module;               // M1..M4 or EVAL
  std::vector<std::string> topics;  // at least one, from Topics()
  std::string stem;                 // plain text; '\n' separates paragraphs
  std::vector<Choice> options;      // single, multiple, truefalse
  std::vector<std::string> key;     // option ids: one (single, truefalse) or more (multiple)
  std::vector<Choice> left, right;  // matching
  std::vector<std::pair<std::string, std::string>> pairs;  // matching: left id -> right id
  std::string explanation;                                 // shown after the test; cites the rule
  std::string source;  // the section of the domain reference it rests on
  std::optional<Media> media;
  int version = 0;  // assigned by the store (1, 2, ...); 0 for an item not from the store

  // Same content, the version aside (a store makes a new version only when this is false).
  bool SameContent(const Question& o) const;
};

// One thing wrong with an item: which item, which field ("key", "options[2].id", "pairs[0]"),
// a stable code (question.*) and its arguments. Warnings do not stop an import.
struct ItemProblem {
  std::string item;   // the item id, or "#N" (1-based position) when the id is unusable
  std::string field;  // "" for the item as a whole
  std::string code;
  std::vector<std::string> args;
  Severity severity = Severity::kError;
};

// Every problem of one item (errors and warnings).
std::vector<ItemProblem> Validate(const Question& q);
// Every problem of a set of items: each item, plus duplicate ids.
std::vector<ItemProblem> ValidateAll(const std::vector<Question>& items);
bool HasErrors(const std::vector<ItemProblem>& problems);

// "M3-SAH-001, key: ..." in Bahasa Indonesia or English.
std::string Describe(const ItemProblem& p, Lang lang);
// True when the catalog has the code (tests check every emitted code is known).
bool IsKnownItemProblemCode(std::string_view code);

bool IsValidItemId(std::string_view id);
bool IsValidChoiceId(std::string_view id);
bool IsValidMediaSrc(std::string_view src);

}  // namespace bimtek::questions
