// The PostgreSQL implementation of the practice store (store/results.h): its own connection to
// the registry's database, whose tables migration 8 creates (applied when the registry store is
// opened).
#pragma once

#include <memory>
#include <string>

#include "store/results.h"

namespace bimtek::store {

// Opens the practice tables of the PostgreSQL store at `url` (the URL and options of
// OpenPostgresStore). Open the registry store first. Errors: Unavailable when the server cannot
// be reached; FailedPrecondition when migration 8 is not applied; InvalidArgument for a bad URL
// option.
StatusOr<std::unique_ptr<ResultStore>> OpenPostgresResults(const std::string& url);

}  // namespace bimtek::store
