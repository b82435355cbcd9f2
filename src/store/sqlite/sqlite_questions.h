// The SQLite implementation of the question bank store: its own connection to the store's
// database file, whose tables migration 5 creates (applied when the registry store is opened).
#pragma once

#include <memory>
#include <string>

#include "store/questions.h"
#include "store/sqlite/sqlite_store.h"

namespace bimtek::store {

// Opens the question tables of the SQLite store at `path`. Open the registry store first
// (OpenSqliteStore applies the migrations). Errors: Unavailable when the file cannot be opened;
// FailedPrecondition when the store's schema has no question tables yet.
StatusOr<std::unique_ptr<QuestionStore>> OpenSqliteQuestions(const std::string& path,
                                                             SqliteOptions options = {});

}  // namespace bimtek::store
