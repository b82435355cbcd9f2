// Helpers shared by the assessment tests: test data paths, a status matcher that prints the
// status on failure, and building a response matrix from rows written as strings ("10-1").
#pragma once

#include <cstdlib>
#include <string>
#include <vector>

#include "core/assessment/response_matrix.h"
#include "gmock/gmock.h"

namespace bimtek::assessment::testing {

inline std::string SourceDir() {
  const char* env = std::getenv("BIMTEK_SOURCE_DIR");
  return env != nullptr ? env : BIMTEK_SOURCE_DIR;
}

inline std::string TestData(const std::string& rel) {
  return SourceDir() + "/tests/testdata/assessment/" + rel;
}

MATCHER_P(StatusIs, code, "") {
  if (arg.code() == code) return true;
  *result_listener << "status is " << arg.ToString();
  return false;
}

// Rows of '1', '0' and '-' (not presented), all of the same length.
inline ResponseMatrix Matrix(const std::vector<std::string>& rows) {
  ResponseMatrix m(rows.empty() ? 0 : rows[0].size());
  for (const std::string& row : rows) {
    std::vector<Response> cells;
    for (char c : row) {
      cells.push_back(c == '1'   ? Response::kCorrect
                      : c == '0' ? Response::kWrong
                                 : Response::kMissing);
    }
    EXPECT_TRUE(m.AddPerson(cells).ok()) << row;
  }
  return m;
}

// `count` copies of each row, in order.
inline std::vector<std::string> Repeat(const std::vector<std::pair<std::string, int>>& groups) {
  std::vector<std::string> out;
  for (const auto& [row, count] : groups) out.insert(out.end(), static_cast<size_t>(count), row);
  return out;
}

}  // namespace bimtek::assessment::testing
