// The PostgreSQL implementation of the account store: its own connection to the registry's
// database, whose tables migration 2 creates (applied when the registry store is opened). Several
// server processes share one database, so sessions and login counters are shared too.
#pragma once

#include <memory>
#include <string>

#include "store/accounts.h"

namespace bimtek::store {

// Opens the account tables of the PostgreSQL store at `url` (the same URL and options as
// OpenPostgresStore). Open the registry store first (it applies the migrations). Errors:
// Unavailable when the server cannot be reached; FailedPrecondition when the schema has no
// account tables yet; InvalidArgument for a bad URL option.
StatusOr<std::unique_ptr<AccountStore>> OpenPostgresAccounts(const std::string& url);

}  // namespace bimtek::store
