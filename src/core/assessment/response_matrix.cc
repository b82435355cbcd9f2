#include "core/assessment/response_matrix.h"

#include <cassert>

#include "absl/strings/str_cat.h"

namespace bimtek::assessment {

ResponseMatrix::ResponseMatrix(size_t num_items, size_t reserve_persons)
    : num_items_(num_items), words_(num_items == 0 ? 1 : (num_items + 63) / 64) {
  bits_.reserve(reserve_persons * 2 * words_);
}

Status ResponseMatrix::AddPerson(std::span<const Response> row) {
  if (row.size() != num_items_) {
    return absl::InvalidArgumentError(absl::StrCat(
        "response row has ", row.size(), " cells, the matrix has ", num_items_, " items"));
  }
  const size_t base = bits_.size();
  bits_.resize(base + 2 * words_, 0);
  for (size_t i = 0; i < num_items_; ++i) {
    if (row[i] == Response::kMissing) continue;
    const uint64_t bit = uint64_t{1} << (i % 64);
    bits_[base + i / 64] |= bit;
    if (row[i] == Response::kCorrect) bits_[base + words_ + i / 64] |= bit;
  }
  ++num_persons_;
  return absl::OkStatus();
}

void ResponseMatrix::AddPersonBits(std::span<const uint64_t> presented,
                                   std::span<const uint64_t> correct) {
  const size_t base = bits_.size();
  bits_.resize(base + 2 * words_, 0);
  for (size_t k = 0; k < words_; ++k) {
    uint64_t mask = ~uint64_t{0};
    if (k == words_ - 1 && num_items_ % 64 != 0) mask = (uint64_t{1} << (num_items_ % 64)) - 1;
    if (num_items_ == 0) mask = 0;
    const uint64_t p = (k < presented.size() ? presented[k] : 0) & mask;
    bits_[base + k] = p;
    bits_[base + words_ + k] = (k < correct.size() ? correct[k] : 0) & p;
  }
  ++num_persons_;
}

Response ResponseMatrix::at(size_t person, size_t item) const {
  assert(person < num_persons_ && item < num_items_);
  if (!presented(person, item)) return Response::kMissing;
  return correct(person, item) ? Response::kCorrect : Response::kWrong;
}

}  // namespace bimtek::assessment
