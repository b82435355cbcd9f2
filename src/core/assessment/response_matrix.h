// A compact matrix of dichotomous responses (persons x items; 0, 1 or not presented), the input
// of item analysis and Rasch calibration. Two bit sets per person (presented, correct), so that a
// national test of 5.74 million persons x 25 items fits in about 92 MB and scans at memory speed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"

namespace bimtek::assessment {

// One cell of the matrix.
enum class Response : int8_t { kMissing = -1, kWrong = 0, kCorrect = 1 };

class ResponseMatrix {
 public:
  // An empty matrix with `num_items` columns (>= 0). `reserve_persons` only pre-allocates.
  explicit ResponseMatrix(size_t num_items, size_t reserve_persons = 0);

  size_t num_items() const { return num_items_; }
  size_t num_persons() const { return num_persons_; }
  // Number of 64-bit words per bit set of one person.
  size_t words() const { return words_; }

  // Appends a person whose row has exactly num_items() cells.
  // Errors: InvalidArgument when the row length differs (the message gives both lengths).
  Status AddPerson(std::span<const Response> row);
  // Appends a person from the two bit sets (each words() long). Bits past num_items() and
  // correct bits of items not presented are cleared. Never fails: the caller owns the sizes.
  void AddPersonBits(std::span<const uint64_t> presented, std::span<const uint64_t> correct);

  // Cell access; `person` < num_persons(), `item` < num_items() (asserted in debug builds).
  Response at(size_t person, size_t item) const;
  bool presented(size_t person, size_t item) const {
    return (presented_words(person)[item / 64] >> (item % 64)) & 1u;
  }
  bool correct(size_t person, size_t item) const {
    return (correct_words(person)[item / 64] >> (item % 64)) & 1u;
  }
  // The person's bit sets, words() long each; a correct bit implies its presented bit.
  const uint64_t* presented_words(size_t person) const { return &bits_[person * 2 * words_]; }
  const uint64_t* correct_words(size_t person) const {
    return &bits_[person * 2 * words_ + words_];
  }

 private:
  size_t num_items_;
  size_t words_;
  size_t num_persons_ = 0;
  std::vector<uint64_t> bits_;  // per person: presented words, then correct words
};

// Calls f(item) for every bit set in `w` (words() words), in increasing item order.
template <typename F>
inline void ForEachBit(const uint64_t* w, size_t words, F&& f) {
  for (size_t k = 0; k < words; ++k) {
    uint64_t b = w[k];
    while (b != 0) {
      const int t = __builtin_ctzll(b);
      f(k * 64 + static_cast<size_t>(t));
      b &= b - 1;
    }
  }
}

inline int PopCount(const uint64_t* w, size_t words) {
  int n = 0;
  for (size_t k = 0; k < words; ++k) n += __builtin_popcountll(w[k]);
  return n;
}

}  // namespace bimtek::assessment
