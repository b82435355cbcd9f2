// Tests built from the question bank: a blueprint (how many items per module or topic), parallel
// forms drawn from it, the per-person order of items and options (deterministic from a seed),
// and the packed answer format (one byte string per attempt, items in form order) with its
// scoring. Pure: storage in store/attempts.h, delivery in service/tests.h. docs/assessment.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/questions/question.h"

namespace bimtek::assessment {

// One line of a blueprint: `count` items of a module ("M3") or of a topic ("validity").
struct BlueprintEntry {
  std::string selector;  // a module (M1..M4, EVAL) or a topic tag
  int count = 0;         // >= 1
  bool operator==(const BlueprintEntry&) const = default;
};

struct Blueprint {
  std::vector<BlueprintEntry> entries;
  bool operator==(const Blueprint&) const = default;
};

// Parses "M1:5,M3:10,validity:3" (selector:count, comma separated). Errors: InvalidArgument
// naming the entry (unknown module or topic, count not in 1..200, empty).
StatusOr<Blueprint> ParseBlueprint(std::string_view text);
// The inverse of ParseBlueprint.
std::string FormatBlueprint(const Blueprint& b);

// An item of a form: the bank item and the version the form was given.
struct FormItem {
  std::string id;
  int version = 0;
  bool operator==(const FormItem&) const = default;
};

// Draws `forms` parallel forms (1..26) from `bank` (the latest versions, usable items only):
// each form takes every entry's count of items matching its selector, an item at most once per
// form; items are spread across forms so that forms overlap as little as the bank allows, and
// every form has the same number of items per entry. Deterministic in `seed`. Errors:
// InvalidArgument when an entry asks more items than the bank has for it (naming the entry and
// how many there are) or the form count is out of range.
StatusOr<std::vector<std::vector<FormItem>>> BuildForms(const Blueprint& blueprint,
                                                        const std::vector<questions::Question>& bank,
                                                        int forms, uint64_t seed);

// The form (0-based) a person takes: uniform over `forms` from the seed and the person.
int FormOf(uint64_t seed, int64_t person_id, int forms);

// The order a person sees a form in: `items[k]` is the form position shown k-th; `options[p]`
// (for form position p) the option (or, for matching, right-hand choice) indices in the order
// shown. Deterministic in (seed, person_id); a different person gets a different shuffle.
struct PersonOrder {
  std::vector<int> items;
  std::vector<std::vector<int>> options;
};
PersonOrder OrderFor(uint64_t seed, int64_t person_id,
                     const std::vector<const questions::Question*>& form);

// --- The packed answer format (docs/assessment.md, "Packed answers"): for each item in form
// order, its bytes, whose count the item's type fixes:
//   single, truefalse: 1 byte, 0 = no answer, k + 1 = option k (canonical order, not shown order)
//   multiple:          1 byte, a bit mask (bit k = option k); 0 = no answer (at most 8 options)
//   matching:          one byte per left entry, 0 = no answer, r + 1 = right choice r
// Packed answers are independent of the person's shuffle.

// An answer as given: option ids for single/multiple/truefalse, "L=R" pairs for matching.
using GivenAnswer = std::vector<std::string>;

// Packs the answers given to the form's items (`given[p]` for form position p; shorter or empty
// means unanswered). Errors: InvalidArgument naming the item and the unknown option id.
StatusOr<std::string> PackAnswers(const std::vector<const questions::Question*>& form,
                                  const std::vector<GivenAnswer>& given);
// The inverse: the answers as option ids / "L=R" pairs. Errors: InvalidArgument when `packed`
// does not fit the form (length, an index out of range).
StatusOr<std::vector<GivenAnswer>> UnpackAnswers(
    const std::vector<const questions::Question*>& form, std::string_view packed);
// The number of bytes the packed answers of `form` take.
size_t PackedSize(const std::vector<const questions::Question*>& form);

// 0/1 per form item (all or nothing, as scoring.h), from packed answers. Errors as Unpack.
StatusOr<std::vector<uint8_t>> ScorePacked(const std::vector<const questions::Question*>& form,
                                           std::string_view packed);

// ScorePacked compiled once per form, for scans of millions of rows: no allocation and no
// look-up of option ids per row. Score(packed, p) == ScorePacked(form, packed)[p] for every
// `packed` of the right size (whatever its bytes). Thread-compatible; immutable once built.
class PackedScorer {
 public:
  explicit PackedScorer(const std::vector<const questions::Question*>& form);
  size_t items() const { return items_.size(); }
  size_t packed_size() const { return size_; }
  // `packed` must be packed_size() bytes long; p < items().
  bool Correct(std::string_view packed, size_t p) const {
    const Item& it = items_[p];
    if (!it.scorable) return false;
    if (it.len == 1) return packed[it.offset] == key_[it.key_at];  // all but matching
    return packed.compare(it.offset, it.len, key_, it.key_at, it.len) == 0;
  }

 private:
  struct Item {
    uint32_t offset = 0, len = 0, key_at = 0;
    bool scorable = false;  // false: no answer can score (no key, or an empty key)
  };
  std::vector<Item> items_;
  std::string key_;  // the packed bytes of the right answers, in form order
  size_t size_ = 0;
};

// Whether a form's items can be packed (at most 8 options for multiple, at most 254 choices).
Status CheckPackable(const questions::Question& q);

}  // namespace bimtek::assessment
