// The SQLite implementation of the planning store: its own connection to the registry's
// database file, whose tables migration 4 creates (applied when the registry store is opened).
#pragma once

#include <memory>
#include <string>

#include "store/planning.h"
#include "store/sqlite/sqlite_store.h"

namespace bimtek::store {

// Opens the planning tables of the SQLite store at `path`. Open the registry store first
// (OpenSqliteStore applies the migrations). Errors: Unavailable when the file cannot be opened;
// FailedPrecondition when the store's schema has no planning tables yet.
StatusOr<std::unique_ptr<PlanningStore>> OpenSqlitePlanning(const std::string& path,
                                                            SqliteOptions options = {});

}  // namespace bimtek::store
