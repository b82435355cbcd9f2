// Helpers shared by the io tests: a temporary directory per test, fixture paths, a status
// matcher that prints the message, and small zip/XLSX builders.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "gmock/gmock.h"
#include "io/sheet.h"
#include "testing/testing.h"

namespace bimtek::io::testing {

using bimtek::testing::kPython;
using bimtek::testing::PythonHasOpenpyxl;
using bimtek::testing::ReadFileOrDie;
using bimtek::testing::RunCommand;
using bimtek::testing::StatusIs;
using bimtek::testing::TempDir;
using bimtek::testing::WriteFileOrDie;

// tests/testdata/io/<name>
std::string Fixture(const std::string& name);

// Writes a zip holding `members` (name -> content), deflated.
void WriteZipOrDie(const std::string& path, const std::map<std::string, std::string>& members);

struct Row {
  int64_t number = 0;
  std::vector<Cell> cells;
};
// Reads every row; fails the test on an error.
std::vector<Row> ReadAllRows(SheetReader& reader);
// The texts of a row's cells.
std::vector<std::string> Texts(const Row& row);

}  // namespace bimtek::io::testing
