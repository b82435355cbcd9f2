// The SQLite implementation of the practice store (store/results.h): its own connection to the
// registry's database file, whose tables migration 8 creates (applied when the registry store is
// opened).
#pragma once

#include <memory>
#include <string>

#include "store/results.h"

namespace bimtek::store {

// Opens the practice tables of the SQLite store at `path`. Open the registry store first
// (OpenSqliteStore applies the migrations). Errors: Unavailable when the file cannot be opened;
// FailedPrecondition when the store's schema has no practice tables yet.
StatusOr<std::unique_ptr<ResultStore>> OpenSqliteResults(const std::string& path);

}  // namespace bimtek::store
