// The SQLite implementation of the account store: its own connection to the registry's database
// file, whose tables migration 2 creates (applied when the registry store is opened).
#pragma once

#include <memory>
#include <string>

#include "store/accounts.h"
#include "store/sqlite/sqlite_store.h"

namespace bimtek::store {

// Opens the account tables of the SQLite store at `path`. Open the registry store first
// (OpenSqliteStore applies the migrations). Errors: Unavailable when the file cannot be opened;
// FailedPrecondition when the store's schema has no account tables yet.
StatusOr<std::unique_ptr<AccountStore>> OpenSqliteAccounts(const std::string& path,
                                                           SqliteOptions options = {});

}  // namespace bimtek::store
