// What `bimtek demo` uses of the question bank commands.
#pragma once

#include <string>

#include "cli/commands.h"

namespace bimtek::cli {

// Loads the starter question bank into the bank of the SQLite store at `db` when that bank is
// empty, and prints one line; kExitOk also when the program has no starter bank or the store is
// PostgreSQL (the bank lives in SQLite stores for now: said on stderr).
int DemoQuestionBank(const GlobalOptions& g, const std::string& db);

}  // namespace bimtek::cli
