// Helpers shared by the ballot tests: test data paths, reading files and JSON Lines, and a status
// matcher that prints the status on failure.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "nlohmann/json.hpp"

namespace bimtek::ballot::testing {

inline std::string SourceDir() {
  const char* env = std::getenv("BIMTEK_SOURCE_DIR");
  return env != nullptr ? env : BIMTEK_SOURCE_DIR;
}

inline std::string TestData(const std::string& rel) {
  return SourceDir() + "/tests/testdata/ballot/" + rel;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<nlohmann::json> ReadJsonLines(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::istringstream in(ReadFile(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

MATCHER_P(StatusIs, code, "") {
  if (arg.code() == code) return true;
  *result_listener << "status is " << arg.ToString();
  return false;
}

}  // namespace bimtek::ballot::testing
